"""Worksheet kinds: what a worksheet does beyond being a form.

A template names its kind (``kind = "curation"`` in its TOML); a template without one is of the generic
kind. A kind's core behaviour lives in its module here (its template upgrades, what it reads); what a
save does to other records is in ``labinovasi.ops.effects``, how it prints in
``labinovasi.reports.worksheet_pdf`` (``BODIES``), how it is edited in
``ui.editors`` — each keyed by the kind's name, each checked against :data:`KINDS` by a test.
"""

from __future__ import annotations

from labinovasi.worksheets.kinds import (
    action_plan,
    apkl,
    canvas,
    curation,
    exhibition,
    fishbone,
    launch,
    milestones,
    monev,
    monev_schedule,
    readiness,
    results,
    usg,
)
from labinovasi.worksheets.kinds.base import GENERIC, Kind, Upgrade
from labinovasi.worksheets.schema import Template

KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        readiness.KIND,
        apkl.KIND,
        usg.KIND,
        fishbone.KIND,
        curation.KIND,
        canvas.KIND,
        action_plan.KIND,
        milestones.KIND,
        monev_schedule.KIND,
        monev.KIND,
        launch.KIND,
        results.KIND,
        exhibition.KIND,
    )
}


def kind_of(template: Template) -> Kind:
    """The template's kind (the generic one when it names none); an unknown name is a template error
    caught by the tests, and reads as generic meanwhile."""
    return KINDS.get(template.kind or "", GENERIC)


__all__ = ["GENERIC", "KINDS", "Kind", "Upgrade", "kind_of"]
