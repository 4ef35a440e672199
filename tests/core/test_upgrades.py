"""Data stored with an older template version reads the same for every reader: the editor's load, the
unit and lab readiness, the worksheet PDF, the unit plan. And every template resolves to a kind."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from labinovasi.db import models as m
from labinovasi.domain.enums import Scope, UnitType
from labinovasi.ops import spine as spine_ops
from labinovasi.ops.worksheets import save_worksheet
from labinovasi.reports.data import unit_plan_data
from labinovasi.reports.readiness_pdf import render_lab_readiness
from labinovasi.reports.worksheet_pdf import render_filled_worksheet
from labinovasi.services.context import WorksheetContext
from labinovasi.services.lab_settings import default_readiness_items
from labinovasi.services.readiness import analyse, lab_readiness, unit_readiness
from labinovasi.services.worksheets import load_worksheet
from labinovasi.worksheets import codes
from labinovasi.worksheets.kinds import GENERIC, KINDS, kind_of
from labinovasi.worksheets.registry import default_registry
from labinovasi.worksheets.upgrades import upgrade


def _v1(items) -> dict:  # noqa: ANN001
    by_dim = {}
    for item in items:
        by_dim.setdefault(item.dimension, item)
    rows = [
        {"dimensi": i.dimension, "pernyataan": i.statement, "skor": s}
        for i, s in zip(by_dim.values(), (4, 2, 5, 3, 4, 1), strict=False)
    ]
    return {"nama_responden": "Sri <Kasi> & Co", "jabatan_responden": "Kepala Seksi", "butir": rows}


@pytest.fixture
def old_lab(db):  # noqa: ANN001, ANN201
    lab = spine_ops.create_lab(db, "Lab Lama")
    unit = spine_ops.add_unit(db, lab.id, "Dinas Lama", UnitType.DINAS)
    items = default_readiness_items()
    with db.session() as s:  # stored by a version of the app that had LK-2a version 1
        s.add(
            m.WorksheetEntry(
                lab_id=lab.id,
                unit_id=unit.id,
                template_code=codes.READINESS,
                template_version=1,
                scope=Scope.UNIT,
                data=_v1(items),
                complete=True,
            )
        )
    expected = analyse(
        upgrade(codes.READINESS, 1, _v1(items), type("S", (), {"readiness_items": items})()), items
    )
    assert expected.summary.answers >= 4  # the sample really has answers to read
    return lab, unit, expected


def test_the_editor_the_unit_and_the_lab_read_version_1_alike(db, old_lab) -> None:  # noqa: ANN001
    lab, unit, expected = old_lab
    loaded = load_worksheet(db, codes.READINESS, lab.id, unit.id)
    assert loaded.template_version == 2
    assert [r["nama"] for r in loaded.data["responden"]] == ["Sri <Kasi> & Co"]
    assert len(loaded.data["jawaban"]) == expected.summary.answers
    assert unit_readiness(db, unit.id).mean == expected.mean
    assert unit_readiness(WorksheetContext(db, lab.id, unit.id)).mean == expected.mean
    [(row_unit, summary)] = lab_readiness(db, lab.id)
    assert row_unit.id == unit.id and summary.mean == expected.mean and summary.respondents == 1


def test_every_pdf_reads_version_1_alike(db, old_lab) -> None:  # noqa: ANN001
    from labinovasi.services.readiness import format_mean

    lab, unit, expected = old_lab
    mean = format_mean(expected.mean)
    ctx = WorksheetContext(db, lab.id, unit.id)
    template = default_registry().get(codes.READINESS)
    sheet = render_filled_worksheet(template, ctx.load(codes.READINESS), "a4", lab.name, unit.name, ctx=ctx)
    sheet_text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(sheet)).pages).split())
    assert f"Rata-rata {mean}" in sheet_text and "Sri <Kasi> & Co" in sheet_text
    lab_pdf = render_lab_readiness(db, lab.id, "a4")
    lab_text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(lab_pdf)).pages).split())
    assert f"1 Dinas Lama 1 {mean}" in lab_text
    plan = unit_plan_data(db, lab.id, unit.id)
    assert plan.unit_worksheets[codes.READINESS]["responden"][0]["nama"] == "Sri <Kasi> & Co"


def test_a_save_stores_the_current_version(db, old_lab) -> None:  # noqa: ANN001
    lab, unit, expected = old_lab
    data = load_worksheet(db, codes.READINESS, lab.id, unit.id).data
    save_worksheet(db, codes.READINESS, data, lab.id, unit.id)
    with db.session() as s:
        entry = s.query(m.WorksheetEntry).filter_by(unit_id=unit.id, template_code=codes.READINESS).one()
        assert entry.template_version == 2 and "butir" not in entry.data
    assert unit_readiness(db, unit.id).mean == expected.mean


def test_every_template_resolves_to_a_kind_and_every_kind_is_used() -> None:
    templates = default_registry().all()
    assert {t.code for t in templates} == set(codes.ALL)
    for t in templates:
        kind = kind_of(t)
        assert t.kind is None or t.kind in KINDS, f"{t.code} names an unknown kind {t.kind!r}"
        assert kind is GENERIC or kind.code == t.code
        for source in kind.sources:
            assert source in codes.ALL
    named = {t.kind for t in templates if t.kind}
    assert named == set(KINDS)


def test_every_kind_with_a_print_of_its_own_resolves_to_real_functions() -> None:
    from labinovasi.reports.worksheet_pdf import BODIES, print_body

    assert set(BODIES) <= set(KINDS)
    for t in default_registry().all():
        for which in ("filled", "blank"):
            body = print_body(t, which)
            assert body is None or callable(body)
    assert print_body(default_registry().get(codes.IDEA_CARD), "filled") is None  # the generated print
