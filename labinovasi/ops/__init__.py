"""The only write path.

Every change to stored data — from the window, the command line, an import, the demo — is an
operation (:class:`~labinovasi.ops.base.Op`). :func:`~labinovasi.ops.run.run` applies one or more
operations in one transaction (a :class:`~labinovasi.ops.uow.UnitOfWork`), appends each to the change
journal, and returns what changed (:class:`~labinovasi.ops.changes.Changes`) together with the
operation that undoes all of it: undo is data, not a widget trick.
"""

from labinovasi.ops.base import Op, Sequence
from labinovasi.ops.changes import Changes
from labinovasi.ops.run import run
from labinovasi.ops.uow import UnitOfWork

__all__ = ["Changes", "Op", "Sequence", "UnitOfWork", "run"]
