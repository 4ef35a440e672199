"""The participants' room inside the window: the server on a thread, the phones' saves through the
window's own writer (so its views refresh and Ctrl+Z undoes a phone's save like any other step), and the
phones told when the facilitator changes their unit's data.

:class:`WindowWriter` is called on the server's threads; it hands each save to the UI thread with a
queued signal, which runs it through the :class:`~ui.ops.OpRunner` (off the UI thread again, in order
with the window's own edits), and waits for the result — the HTTP answer is sent once the save is in
the database.
"""

from __future__ import annotations

import concurrent.futures
import gc
import logging
import uuid
from collections.abc import Sequence

from PySide6.QtCore import QObject, Qt, Signal

from labinovasi.db.engine import Database
from labinovasi.i18n import _
from labinovasi.ops import Changes, Op, run
from labinovasi.room.server import RoomServer
from labinovasi.room.state import RoomState
from ui.ops import ROOM, OpRunner
from ui.undo import UndoStack

log = logging.getLogger(__name__)

WAIT_S = 30.0


class WindowWriter(QObject):
    _asked = Signal(object, object, object, object)  # ops, device, label, future

    def __init__(self, runner: OpRunner, undo: UndoStack, parent: QObject | None = None):
        super().__init__(parent)
        self.runner, self.undo = runner, undo
        self._asked.connect(self._run, Qt.ConnectionType.QueuedConnection)

    def __call__(self, ops: Sequence[Op], device: str, label: str) -> Changes:
        future: concurrent.futures.Future[Changes] = concurrent.futures.Future()
        self._asked.emit(tuple(ops), device, label, future)
        return future.result(timeout=WAIT_S)

    def direct(self, ops: Sequence[Op], device: str, label: str) -> Changes:
        """On the UI thread, applied at once: the room's own small writes (the codes, a vote's result),
        after every queued edit of the window."""
        self.runner.flush()
        changes, _inverse = run(self.runner.db, *ops, device=device)
        if changes:
            self.runner.opDidExecute.emit(changes, ROOM)
        return changes

    def _run(self, ops: tuple[Op, ...], device: str, label: str, future: concurrent.futures.Future) -> None:
        db = self.runner.db

        def work() -> tuple[Changes, Op]:
            try:
                changes, inverse = run(db, *ops, device=device)
            except BaseException as exc:
                future.set_exception(exc)
                raise
            future.set_result(changes)
            return changes, inverse

        def done(_changes: Changes, inverse: Op) -> None:
            self.undo.record(_("ponsel: {what}").format(what=label), inverse)

        def failed(exc: Exception) -> None:  # the phone is told; the window only logs it
            log.warning("ruang: simpanan ponsel gagal: %s", exc)

        self.runner.submit(work, ROOM, done, failed)


class RoomController(QObject):
    """One open room for the window's lab, or none."""

    changed = Signal()  # devices, counts, the vote: on the UI thread

    def __init__(self, db: Database, runner: OpRunner, undo: UndoStack, parent: QObject | None = None):
        super().__init__(parent)
        self.db, self.runner = db, runner
        self.writer = WindowWriter(runner, undo, self)
        self.server: RoomServer | None = None
        self._tell = _Relay()
        self._tell.fired.connect(self.changed, Qt.ConnectionType.QueuedConnection)
        runner.opDidExecute.connect(self._window_changed)

    @property
    def state(self) -> RoomState | None:
        return self.server.state if self.server else None

    @property
    def is_open(self) -> bool:
        return self.server is not None

    def open(self, lab_id: uuid.UUID, host: str, port: int) -> RoomServer:
        """Start serving (RoomError with a sentence when the address or port cannot be used)."""
        self.close()
        # The room's threads allocate with every request, and a full pass of Python's cyclic collector
        # over the window's many long-lived objects would hold the interpreter (and so the window) for
        # tens of milliseconds: what exists now is left out of those passes.
        gc.freeze()
        server = RoomServer(self.db, lab_id, self.writer, host, port)
        server.start()
        server.state.listeners.append(self._tell.fired.emit)
        self.server = server
        self.changed.emit()
        return server

    def close(self) -> None:
        if self.server is not None:
            server, self.server = self.server, None
            server.stop()
            self.changed.emit()

    def _window_changed(self, changes: Changes, initiator: object) -> None:
        state = self.state
        if state is None or initiator == ROOM:
            return
        state.units_changed(set(changes.units) | {u for _code, u, _idea in changes.worksheets})
        if changes.ideas or changes.labs or changes.settings:
            state.bump()


class _Relay(QObject):
    fired = Signal()
