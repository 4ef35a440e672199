"""Where a worksheet is being edited or printed: the lab, the unit, the idea, and the data around it.

Worksheets of Diagnose and Design build on each other (APKL screens the problems of LK-2b, an idea
card points at a problem and its root causes, the kanvas shows them), so editors and printers get
one of these to read their sources from, rather than copies of the data."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from labinovasi.db.engine import Database
from labinovasi.services.lab_settings import LabSettings, get_lab_settings
from labinovasi.services.worksheets import load_worksheet
from labinovasi.worksheets.registry import TemplateRegistry, default_registry
from labinovasi.worksheets.schema import Template


@dataclass
class WorksheetContext:
    db: Database
    lab_id: uuid.UUID
    unit_id: uuid.UUID | None = None
    idea_id: uuid.UUID | None = None
    registry: TemplateRegistry = field(default_factory=default_registry)

    @cached_property
    def settings(self) -> LabSettings:
        return get_lab_settings(self.db, self.lab_id)

    def template(self, code: str) -> Template:
        """The latest template of ``code`` as this lab sees it (its scoring modes applied)."""
        return self.registry.get(code).for_modes(self.settings.modes)

    def load(self, code: str, idea_id: uuid.UUID | None = None) -> dict[str, Any]:
        """The stored data of another worksheet of the same unit (or idea); ``{}`` when not filled."""
        template = self.registry.get(code)
        from labinovasi.domain.enums import Scope  # noqa: PLC0415 - keeps this module's imports light

        if template.scope is Scope.UNIT and self.unit_id is None:
            return {}
        idea = idea_id or self.idea_id
        if template.scope is Scope.IDEA and idea is None:
            return {}
        return load_worksheet(self.db, code, self.lab_id, self.unit_id, idea, registry=self.registry).data

    def for_idea(self, idea_id: uuid.UUID | None) -> WorksheetContext:
        other = WorksheetContext(self.db, self.lab_id, self.unit_id, idea_id, self.registry)
        if "settings" in self.__dict__:  # already read: share it
            other.__dict__["settings"] = self.__dict__["settings"]
        return other
