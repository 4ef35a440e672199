"""What an operation changed, so that every view can tell whether it must refresh."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, fields

WorksheetKey = tuple[str, "uuid.UUID | None", "uuid.UUID | None"]  # (template code, unit id, idea id)


@dataclass(frozen=True)
class Changes:
    labs: frozenset[uuid.UUID] = field(default_factory=frozenset)
    units: frozenset[uuid.UUID] = field(default_factory=frozenset)
    people: frozenset[uuid.UUID] = field(default_factory=frozenset)
    ideas: frozenset[uuid.UUID] = field(default_factory=frozenset)
    worksheets: frozenset[WorksheetKey] = field(default_factory=frozenset)
    settings: frozenset[uuid.UUID] = field(default_factory=frozenset)  # lab ids whose settings changed
    sessions: frozenset[uuid.UUID] = field(default_factory=frozenset)
    attendance: frozenset[uuid.UUID] = field(default_factory=frozenset)  # session ids

    def __or__(self, other: Changes) -> Changes:
        return Changes(**{f.name: getattr(self, f.name) | getattr(other, f.name) for f in fields(self)})

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def worksheet_codes(self) -> frozenset[str]:
        return frozenset(code for code, _unit, _idea in self.worksheets)

    def touches_unit(self, unit_id: uuid.UUID | None) -> bool:
        """Anything of this unit changed (the unit itself or one of its worksheets)."""
        return unit_id in self.units or any(u == unit_id for _code, u, _idea in self.worksheets)
