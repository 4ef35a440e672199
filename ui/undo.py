"""One undo stack for the window, over operations that are data.

An edit runs its op through the :class:`~ui.ops.OpRunner`; when it is applied, its inverse is pushed as an
:class:`OpCommand`. Undo runs the inverse and keeps what *that* returns as the redo; redo does the same the
other way round. The swap happens on the writer thread inside the job, so any number of quick Ctrl+Z
presses queue up in the right order. Consecutive saves of the same worksheet within a few seconds merge
into one step, like typing in a text editor: undo then restores the worksheet as it was before the burst.
"""

from __future__ import annotations

import time
from collections.abc import Hashable

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand, QUndoStack

from labinovasi.i18n import _
from labinovasi.ops import Changes, Op, Sequence, run
from labinovasi.ops.errors import user_message
from ui.ops import OpRunner

MERGE_SECONDS = 4.0
_MERGE_ID = 1


class OpCommand(QUndoCommand):
    def __init__(self, stack: UndoStack, text: str, inverse: Op, merge_key: Hashable | None = None):
        super().__init__(text)
        self.stack = stack
        self.undo_op: Op | None = inverse
        self.redo_op: Op | None = None
        self.merge_key = merge_key
        self.last = time.monotonic()
        self._applied = True  # pushed after the op ran: the first redo() only records it

    def id(self) -> int:  # noqa: A003 - Qt's name
        return _MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, OpCommand) or other.merge_key != self.merge_key:
            return False
        if other.last - self.last > MERGE_SECONDS:
            return False
        self.last = other.last  # keep the first inverse: undo restores the state before the burst
        return True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self.stack._swap(self, "redo")

    def undo(self) -> None:
        self.stack._swap(self, "undo")


class UndoStack(QObject):
    """The window's undo history; :meth:`record` pushes a step for an op that was just applied."""

    def __init__(self, runner: OpRunner, parent: QObject | None = None):
        super().__init__(parent)
        self.runner = runner
        self.stack = QUndoStack(self)
        self.stack.setUndoLimit(500)

    def record(self, text: str, inverse: Op, merge_key: Hashable | None = None) -> None:
        self.stack.push(OpCommand(self, text, inverse, merge_key))

    def do(
        self,
        op: Op | list[Op],
        text: str,
        initiator: object = None,
        merge_key: Hashable | None = None,
        on_done=None,
        on_failed=None,
    ) -> None:  # noqa: ANN001 - see OpRunner.run
        """Run ``op`` and, once applied, make it one undoable step named ``text``."""

        def done(changes: Changes, inverse: Op) -> None:
            self.record(text, inverse, merge_key)
            if on_done is not None:
                on_done(changes, inverse)

        self.runner.run(op, initiator, done, on_failed)

    def _swap(self, cmd: OpCommand, which: str) -> None:
        db = self.runner.db

        def work() -> tuple[Changes, Op]:
            op = cmd.undo_op if which == "undo" else cmd.redo_op
            if op is None:
                return Changes(), Sequence(())
            changes, inverse = run(db, op)
            if which == "undo":
                cmd.undo_op, cmd.redo_op = None, inverse
            else:
                cmd.redo_op, cmd.undo_op = None, inverse
            return changes, inverse

        def failed(exc: Exception) -> None:
            # the history no longer matches the data: start it afresh rather than undo the wrong thing
            self.stack.clear()
            self.runner.failed.emit(user_message(exc) + " " + _("Riwayat urungkan dikosongkan."), "")

        self.runner.submit(work, which, None, failed)

    def undo_text(self) -> str:
        return self.stack.undoText()

    def clear(self) -> None:
        self.stack.clear()
