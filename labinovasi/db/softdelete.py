"""Tombstones stay out of every ORM query unless a query asks for them.

The filter follows SQLAlchemy's documented pattern for global criteria (``do_orm_execute`` +
``with_loader_criteria``), so lists, reports, relationship loads and ``Session.get`` all skip deleted
records in one place. The write path (``labinovasi.ops``) passes ``include_deleted=True`` where it must
see a tombstone (undo of a delete, a save that revives a deleted worksheet).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

INCLUDE_DELETED = "include_deleted"

_installed: list[type] = []


def install(base: type) -> None:
    if base in _installed:
        return
    _installed.append(base)

    @event.listens_for(Session, "do_orm_execute")
    def _skip_tombstones(state: ORMExecuteState) -> None:
        if (
            state.is_select
            and not state.is_column_load
            and not state.is_relationship_load
            and not state.execution_options.get(INCLUDE_DELETED, False)
        ):
            state.statement = state.statement.options(
                with_loader_criteria(base, _live, include_aliases=True, propagate_to_loaders=True)
            )


def _live(cls: Any) -> Any:
    return cls.deleted_at.is_(None)


def live(*models: Any) -> tuple[Any, ...]:
    """The "not deleted" criteria of ``models``, for a query run on the connection (a bulk read that
    skips the ORM, and with it the filter above)."""
    return tuple(_live(model) for model in models)
