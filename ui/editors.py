"""Which widget edits which worksheet.

Most worksheets are edited by the form generated from their template (:class:`WorksheetForm`).
Worksheets whose work is not a form — the USG table that re-ranks as scores are typed, the fishbone,
the kanvas grid, the rencana aksi with its Gantt — have their own editor with the same small
interface: ``changed`` (a Signal emitted on every edit by the user), ``data()``, ``set_data(data)``
and ``show_issues(issues)``, built as ``Editor(template, context, parent)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtWidgets import QWidget

from labinovasi.services.context import WorksheetContext
from labinovasi.worksheets.kinds import kind_of
from labinovasi.worksheets.schema import Template
from labinovasi.worksheets.validation import Issue

EditorContext = WorksheetContext  # editors read their sources (LK-2b's problems …) through it

# The editors of worksheet kinds (see labinovasi.worksheets.kinds), imported when first used: a stage
# that is never shown never loads its editors.


def _readiness() -> type[QWidget]:
    from ui.readiness_editor import ReadinessEditor  # noqa: PLC0415

    return ReadinessEditor


def _apkl() -> type[QWidget]:
    from ui.apkl_editor import ApklEditor  # noqa: PLC0415

    return ApklEditor


def _usg() -> type[QWidget]:
    from ui.usg_editor import UsgEditor  # noqa: PLC0415

    return UsgEditor


def _fishbone() -> type[QWidget]:
    from ui.fishbone_editor import FishboneEditor  # noqa: PLC0415

    return FishboneEditor


def _curation() -> type[QWidget]:
    from ui.curation_editor import CurationEditor  # noqa: PLC0415

    return CurationEditor


def _canvas() -> type[QWidget]:
    from ui.canvas_editor import CanvasEditor  # noqa: PLC0415

    return CanvasEditor


def _action_plan() -> type[QWidget]:
    from ui.action_plan_editor import ActionPlanEditor  # noqa: PLC0415

    return ActionPlanEditor


def _monev_schedule() -> type[QWidget]:
    from ui.monev_schedule_editor import MonevScheduleEditor  # noqa: PLC0415

    return MonevScheduleEditor


def _monev() -> type[QWidget]:
    from ui.monev_editor import MonevEditor  # noqa: PLC0415

    return MonevEditor


def _launch() -> type[QWidget]:
    from ui.launch_editor import LaunchEditor  # noqa: PLC0415

    return LaunchEditor


def _results() -> type[QWidget]:
    from ui.results_editor import ResultsEditor  # noqa: PLC0415

    return ResultsEditor


def _form() -> Callable[..., QWidget]:
    from ui.worksheet_form import WorksheetForm  # noqa: PLC0415

    return lambda template, context, parent: WorksheetForm(template, context=context, parent=parent)


# kind name -> its editor class (kinds without one, like "milestones", use the generated form)
EDITORS: dict[str, Callable[[], type[QWidget]]] = {
    "readiness": _readiness,
    "apkl": _apkl,
    "usg": _usg,
    "fishbone": _fishbone,
    "curation": _curation,
    "canvas": _canvas,
    "action_plan": _action_plan,
    "monev_schedule": _monev_schedule,
    "monev": _monev,
    "launch": _launch,
    "results": _results,
}


def editor_class(template: Template) -> Callable[..., QWidget]:
    """What builds the editor of ``template``: ``editor_class(t)(t, context, parent)``."""
    return EDITORS.get(kind_of(template).name, _form)()


class WorksheetEditor(Protocol):
    def data(self) -> dict[str, Any]: ...
    def set_data(self, data: dict[str, Any]) -> None: ...
    def show_issues(self, issues: list[Issue]) -> None: ...


def create_editor(template: Template, context: EditorContext, parent: QWidget | None = None) -> QWidget:
    """The editor for ``template``: its kind's own widget when it has one, else the generated form."""
    return editor_class(template)(template, context, parent)
