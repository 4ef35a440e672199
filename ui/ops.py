"""The window's one writer: operations run one after another on a thread of their own.

Every edit the window makes is an operation (``labinovasi.ops``). :class:`OpRunner` applies it off the
UI thread, in order, and then — back on the UI thread — emits ``opDidExecute(changes, initiator)`` so
that every view can refresh what changed (the view that made the edit knows itself as the initiator and
does not reload what the user is typing). A failure is rolled back by the core (nothing half-saved) and
reported through ``failed`` with one clear sentence; the details go to the log.

Reads stay on the UI thread (SQLite in WAL mode lets them run while a write is under way); a read that
must see every queued write first calls :meth:`OpRunner.flush`.

Tests use ``OpRunner(db, synchronous=True)``: the op is applied before ``run`` returns.
"""

from __future__ import annotations

import gc
import logging
import threading
import traceback
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from labinovasi.db.engine import Database
from labinovasi.ops import Changes, Op, run
from labinovasi.ops.base import Sequence
from labinovasi.ops.errors import user_message

log = logging.getLogger(__name__)

Done = Callable[[Changes, Op], None]

# the initiator of the saves that come from the participants' phones (ui.room): views treat them as
# edits of someone else, and the window gathers a burst of them into one refresh
ROOM = "ruang-peserta"
Failed = Callable[[Exception], None]


@dataclass
class _Outcome:
    initiator: object
    changes: Changes | None
    inverse: Op | None
    error: Exception | None
    details: str
    on_done: Done | None
    on_failed: Failed | None


class _Ready(QObject):
    ready = Signal()


class _Job(QRunnable):
    def __init__(
        self,
        runner: OpRunner,
        work: Callable[[], tuple[Changes, Op]],
        initiator: object,
        on_done: Done | None,
        on_failed: Failed | None,
    ):
        super().__init__()
        self.runner, self.work, self.initiator = runner, work, initiator
        self.on_done, self.on_failed = on_done, on_failed

    def run(self) -> None:
        self.runner._execute(self.work, self.initiator, self.on_done, self.on_failed)


class OpRunner(QObject):
    opDidExecute = Signal(object, object)  # Changes, initiator
    failed = Signal(str, str)  # a sentence for people, the details for the log / "Rincian"
    busyChanged = Signal(bool)

    def __init__(self, db: Database, synchronous: bool = False, parent: QObject | None = None):
        super().__init__(parent)
        self.db = db
        self.synchronous = synchronous
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # one writer: ops are applied in the order they were asked for
        self._outcomes: deque[_Outcome] = deque()
        self._lock = threading.Lock()
        self._pending = 0
        self._signals = _Ready()
        self._signals.ready.connect(self._deliver)

    # --- asking ---------------------------------------------------------------------------------------
    def run(
        self,
        op: Op | list[Op],
        initiator: object = None,
        on_done: Done | None = None,
        on_failed: Failed | None = None,
    ) -> None:
        """Apply ``op`` (several: one transaction); ``on_done(changes, inverse)`` runs on the UI thread."""
        ops = tuple(op) if isinstance(op, list) else (op,)
        self.submit(lambda: run(self.db, *ops), initiator, on_done, on_failed)

    def submit(
        self,
        work: Callable[[], tuple[Changes, Op]],
        initiator: object = None,
        on_done: Done | None = None,
        on_failed: Failed | None = None,
    ) -> None:
        """Run ``work`` (which applies ops and returns ``(changes, inverse)``) on the writer."""
        with self._lock:
            self._pending += 1
            first = self._pending == 1
        if first:
            self.busyChanged.emit(True)
        if self.synchronous:
            self._execute(work, initiator, on_done, on_failed)
            self._deliver()
            return
        self.pool.start(_Job(self, work, initiator, on_done, on_failed))

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def flush(self, msecs: int = 30000) -> None:
        """Wait until every queued op is applied and delivered (before a read that must see them)."""
        self.pool.waitForDone(msecs)
        self._deliver()

    # --- on the writer thread -------------------------------------------------------------------------
    def _execute(
        self,
        work: Callable[[], tuple[Changes, Op]],
        initiator: object,
        on_done: Done | None,
        on_failed: Failed | None,
    ) -> None:
        # A write of a thousand records makes many objects; the cyclic garbage collector would walk the
        # whole heap while holding the GIL and freeze the window for a third of a second. It waits until
        # the write is done (as in ui.tasks); the objects are freed by reference counting meanwhile.
        was_enabled = gc.isenabled() and not self.synchronous
        if was_enabled:
            gc.disable()
        try:
            changes, inverse = work()
        except Exception as exc:  # noqa: BLE001 - rolled back by the core; reported on the UI thread
            outcome = _Outcome(initiator, None, None, exc, traceback.format_exc(), on_done, on_failed)
        else:
            outcome = _Outcome(initiator, changes, inverse, None, "", on_done, on_failed)
        finally:
            if was_enabled:
                gc.enable()
        with self._lock:
            self._outcomes.append(outcome)
        if not self.synchronous:
            self._signals.ready.emit()

    # --- back on the UI thread ------------------------------------------------------------------------
    def _deliver(self) -> None:
        while True:
            with self._lock:
                if not self._outcomes:
                    return
                outcome = self._outcomes.popleft()
                self._pending -= 1
                idle = self._pending == 0
            try:
                if outcome.error is not None:
                    log.error("Operasi gagal:\n%s", outcome.details)
                    if outcome.on_failed is not None:  # the asker shows the message where it belongs
                        outcome.on_failed(outcome.error)
                    else:
                        self.failed.emit(user_message(outcome.error), outcome.details)
                else:
                    assert outcome.changes is not None and outcome.inverse is not None
                    if outcome.changes:  # views first, so that a done-callback finds them up to date
                        self.opDidExecute.emit(outcome.changes, outcome.initiator)
                    if outcome.on_done is not None:
                        outcome.on_done(outcome.changes, outcome.inverse)
            finally:
                if idle:
                    self.busyChanged.emit(False)


def label_of(op: Op) -> str:
    """The step's name for the Edit menu ("hapus unit Dinas Kesehatan")."""
    if isinstance(op, Sequence) and not op.label_text and len(op.ops) == 1:
        return label_of(op.ops[0])
    return op.label
