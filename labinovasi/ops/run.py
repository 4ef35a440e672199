"""Applying operations: many ops, one transaction."""

from __future__ import annotations

from labinovasi.db.engine import Database
from labinovasi.i18n import _
from labinovasi.ops.base import Op, Sequence
from labinovasi.ops.changes import Changes
from labinovasi.ops.device import device_id
from labinovasi.ops.uow import UnitOfWork
from labinovasi.services import search


class ReadOnlyDatabase(ValueError):
    """The database was opened read-only: nothing can be written (one sentence for people)."""


def run(db: Database, *ops: Op, device: str | None = None) -> tuple[Changes, Op]:
    """Apply ``ops`` in order in one transaction; return what changed and the op that undoes them all.

    Any exception rolls everything back: the database is exactly as before. An op that asks for it
    (an import) has the database file backed up first. The search index of the labs it touched follows
    in the same transaction (:func:`labinovasi.services.search.follow`), so an undo is followed too.
    """
    if db.read_only:
        raise ReadOnlyDatabase(
            _(
                "Berkas lab ini hanya dapat dibaca (media hanya-baca atau tanpa izin menulis), jadi perubahan "
                "tidak disimpan. Salin berkasnya ke folder yang dapat ditulisi, lalu buka salinannya."
            )
        )
    reasons = [op.backup_before for op in ops if op.backup_before]
    if reasons:
        db.take_backup(reasons[0])
    with db.session() as s:
        uow = UnitOfWork(s, device or device_id())
        inverses = [uow.apply(op) for op in ops]
        s.flush()
        changes = uow.changes
        search.follow(s, changes, [entry.seq for entry in uow.journal])
    inverse = inverses[0] if len(inverses) == 1 else Sequence(tuple(reversed(inverses)))
    return changes, inverse
