"""Reports gather, then render: a unit's sources are read once into values, and laying out its
documents never touches the database."""

from __future__ import annotations

import datetime as dt
import io
import uuid
from typing import Any

import pytest
from pypdf import PdfReader

from labinovasi.db.engine import Database
from labinovasi.domain.enums import Scope
from labinovasi.reports.data import unit_plan_data
from labinovasi.reports.unit_plan import render_plan_part
from labinovasi.reports.worksheet_pdf import render_blank_worksheet, render_filled_worksheet
from labinovasi.services import labs as svc
from labinovasi.services.context import GatheredSources, WorksheetContext, gather, read_lab_wide
from labinovasi.services.refs import ref_labels
from labinovasi.worksheets.registry import default_registry

TODAY = dt.date(2027, 3, 1)


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def no_database(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    """Turns every database session into an error, from when the test calls it."""

    def block() -> None:
        def refuse(*_a: Any, **_k: Any) -> Any:
            raise AssertionError("the database was read while laying out")

        monkeypatch.setattr(Database, "session", refuse)

    return block


def test_gathered_sources_answer_as_the_live_context_does(db, demo_lab) -> None:  # noqa: ANN001
    reg = default_registry()
    for unit in svc.list_units(db, demo_lab.id):
        live = WorksheetContext(db, demo_lab.id, unit.id, registry=reg)
        got = gather(db, demo_lab.id, unit.id, registry=reg)
        assert got.settings == live.settings and got.names() == live.names()
        assert got.lab_ideas() == live.lab_ideas()
        assert [(r.idea_id, r.score, r.rank_lab) for r in got.curation_rows()] == [
            (r.idea_id, r.score, r.rank_lab) for r in live.curation_rows()
        ]
        for idea in [None, *(i.id for i in svc.list_ideas(db, unit.id))]:
            g, lv = got.for_idea(idea), live.for_idea(idea)
            assert g.names() == lv.names()
            for t in reg.all():
                assert g.load(t.code) == lv.load(t.code), (unit.name, idea, t.code)
                assert ref_labels(g, t) == ref_labels(lv, t)


def test_the_lab_wide_part_read_once_gives_every_unit_what_it_reads_alone(db, demo_lab) -> None:  # noqa: ANN001
    reg = default_registry()
    shared = read_lab_wide(db, demo_lab.id)
    for unit in svc.list_units(db, demo_lab.id):
        alone = gather(db, demo_lab.id, unit.id, registry=reg)
        assert gather(db, demo_lab.id, unit.id, registry=reg, lab_wide=shared) == alone
        with_shared = unit_plan_data(db, demo_lab.id, unit.id, lab_wide=shared)
        by_itself = unit_plan_data(db, demo_lab.id, unit.id)
        assert text_of(render_plan_part(with_shared, "a4", today=TODAY)) == text_of(
            render_plan_part(by_itself, "a4", today=TODAY)
        )


def test_the_lab_wide_part_of_another_lab_or_other_weights_is_not_used(db, demo_lab) -> None:  # noqa: ANN001
    from dataclasses import replace  # noqa: PLC0415

    unit = svc.list_units(db, demo_lab.id)[0]
    alone = gather(db, demo_lab.id, unit.id)
    shared = read_lab_wide(db, demo_lab.id)
    stale = replace(shared, ideas=(), curation=())
    other_lab = replace(stale, lab_id=uuid.uuid4())
    other_weights = replace(stale, curation_weights={k: v + 1 for k, v in shared.curation_weights.items()})
    assert gather(db, demo_lab.id, unit.id, lab_wide=other_lab) == alone
    assert gather(db, demo_lab.id, unit.id, lab_wide=other_weights) == alone
    assert (
        alone.ideas and gather(db, demo_lab.id, unit.id, lab_wide=stale).ideas == ()
    )  # it is used when it fits


def test_a_unit_plan_is_laid_out_from_gathered_values_alone(db, demo_lab, no_database) -> None:  # noqa: ANN001
    units = svc.list_units(db, demo_lab.id)
    gathered = [unit_plan_data(db, demo_lab.id, u.id) for u in units]
    expected = [text_of(render_plan_part(d, "a4", today=TODAY)) for d in gathered]
    assert all(isinstance(d.context, GatheredSources) for d in gathered)
    no_database()
    for data, text in zip(gathered, expected, strict=True):
        assert text_of(render_plan_part(data, "a4", today=TODAY)) == text
        assert data.unit.name in text


def test_every_worksheet_prints_from_gathered_values_alone(db, demo_lab, no_database) -> None:  # noqa: ANN001
    reg = default_registry()
    lab = svc.get_lab(db, demo_lab.id)
    jobs = []
    for unit in svc.list_units(db, demo_lab.id):
        sources = gather(db, lab.id, unit.id, registry=reg)
        ideas = svc.list_ideas(db, unit.id)
        for t in reg.all():
            targets = [(i.id, i.title) for i in ideas] if t.scope is Scope.IDEA else [(None, "")]
            for idea_id, title in targets:
                ctx = sources.for_idea(idea_id)
                if ctx.load(t.code):
                    jobs.append((t, ctx.load(t.code), unit.name, title, ctx))
    assert len(jobs) > 20  # the demo fills many sheets
    no_database()
    for t, data, unit_name, title, ctx in jobs:
        pdf = render_filled_worksheet(t, data, "a4", lab.name, unit_name, title, ctx=ctx)
        assert t.title in " ".join(text_of(pdf).split()), t.code
        assert render_blank_worksheet(t, "f4", lab.name, unit_name, title, ctx=ctx).startswith(b"%PDF")
