"""Which widget edits which worksheet.

Most worksheets are edited by the form generated from their template (:class:`WorksheetForm`).
Worksheets whose work is not a form — the USG table that re-ranks as scores are typed, the fishbone,
the kanvas grid, the rencana aksi with its Gantt — have their own editor with the same small
interface: ``changed`` (a Signal emitted on every edit by the user), ``data()``, ``set_data(data)``
and ``show_issues(issues)``, built as ``Editor(template, context, parent)``.
"""

from __future__ import annotations

import importlib
from typing import Any, Protocol

from PySide6.QtWidgets import QWidget

from labinovasi.services.context import WorksheetContext
from labinovasi.worksheets.schema import Template
from labinovasi.worksheets.validation import Issue

EditorContext = WorksheetContext  # editors read their sources (LK-2b's problems …) through it

# template code -> "module:Class"
EDITORS: dict[str, str] = {
    "LK-2a": "ui.readiness_editor:ReadinessEditor",
    "LK-2c": "ui.apkl_editor:ApklEditor",
    "LK-2d": "ui.usg_editor:UsgEditor",
    "LK-2e": "ui.fishbone_editor:FishboneEditor",
    "LK-2g": "ui.curation_editor:CurationEditor",
    "LK-3": "ui.canvas_editor:CanvasEditor",
    "LK-3b": "ui.action_plan_editor:ActionPlanEditor",
}


class WorksheetEditor(Protocol):
    def data(self) -> dict[str, Any]: ...
    def set_data(self, data: dict[str, Any]) -> None: ...
    def show_issues(self, issues: list[Issue]) -> None: ...


def create_editor(template: Template, context: EditorContext, parent: QWidget | None = None) -> QWidget:
    """The editor for ``template``: its own widget when it has one, else the generated form."""
    target = EDITORS.get(template.code)
    if target is None:
        from ui.worksheet_form import WorksheetForm  # noqa: PLC0415

        return WorksheetForm(template, context=context, parent=parent)
    module, _sep, name = target.partition(":")
    return getattr(importlib.import_module(module), name)(template, context, parent)
