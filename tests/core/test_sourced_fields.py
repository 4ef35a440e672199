"""LK-6 repeats the idea card (LK-2f) and the rancang bangun (LK-3a) without a second copy: its name,
innovators, kind, form, affair, goal and rancang bangun are read from there whenever it is shown,
printed or checked, and a save of LK-6 never stores them."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from labinovasi.db import models as m
from labinovasi.domain.enums import UnitType
from labinovasi.ops import spine as spine_ops
from labinovasi.ops.worksheets import save_worksheet
from labinovasi.reports.worksheet_pdf import render_filled_worksheet
from labinovasi.services.worksheets import load_worksheet
from labinovasi.worksheets.registry import default_registry
from labinovasi.worksheets.schema import Scope, Template
from labinovasi.worksheets.sources import SECTIONS, source_of, source_values, sourced_fields, with_sources

CARD = {
    "nama": "SIPANDU",
    "inovator": [{"_id": "r1", "nama": "Dwi Retno", "nip": "198001012005012001", "jabatan": "Kasi"}],
    "inisiator": "asn",
    "masalah": "Antrean panjang.",
    "deskripsi": "Pendaftaran daring.",
    "tujuan": "Memangkas waktu tunggu.",
    "manfaat": "Warga tidak antre.",
    "bentuk": "pelayanan_publik",
    "jenis": "digital",
}
DESIGN = {"permasalahan": "Antrean rata-rata tiga jam.", "cara_kerja": "Warga mendaftar lewat WA."}


@pytest.fixture
def filled(db):  # noqa: ANN001, ANN201
    """(lab id, unit id, idea id) of an idea whose LK-2f and LK-3a are filled."""
    lab = spine_ops.create_lab(db, "Labinov Uji", pemda="Kabupaten Uji", year=2026)
    unit = spine_ops.add_unit(db, lab.id, "Dinas Kesehatan", UnitType.DINAS)
    idea = spine_ops.add_idea(db, unit.id, "SIPANDU")
    save_worksheet(db, "LK-2f", CARD, lab.id, unit.id, idea.id)
    save_worksheet(db, "LK-3a", DESIGN, lab.id, unit.id, idea.id)
    return lab.id, unit.id, idea.id


def test_every_source_names_a_field_of_the_same_kind_in_an_idea_sheet() -> None:
    reg = default_registry()
    checked = 0
    for t in reg.all():
        for f in sourced_fields(t):
            code, key = source_of(f)
            source = reg.get(code)
            assert source.scope is Scope.IDEA and t.scope is Scope.IDEA, f.source
            if key == SECTIONS:
                assert f.type.value == "paragraph", f.source
            else:
                s = source.field(key)
                assert s.type is f.type and s.options_from == f.options_from, f.source
                assert [c.key for c in s.columns] == [c.key for c in f.columns], f.source
            checked += 1
    assert checked >= 8  # LK-6: name, initiator, innovators, kind, form, affair, goal, rancang bangun


def test_a_source_outside_an_idea_sheet_is_refused() -> None:
    with pytest.raises(ValueError, match="lingkup ide"):
        Template.model_validate(
            {
                "code": "LK-9",
                "version": 1,
                "stage": "design",
                "scope": "unit",
                "title": "Uji",
                "fields": [
                    {"key": "tujuan", "type": "paragraph", "label": "Tujuan", "source": "LK-2f.tujuan"}
                ],
            }
        )


def test_the_values_come_from_the_sources_and_are_never_stored(db, filled) -> None:  # noqa: ANN001
    lab, unit, idea = filled
    shown = load_worksheet(db, "LK-6", lab, unit, idea)
    assert not shown.complete
    data = shown.data
    assert data["nama_inovasi"] == "SIPANDU" and data["tujuan"] == "Memangkas waktu tunggu."
    assert data["inovator"] == CARD["inovator"] and (data["jenis"], data["inisiator"]) == ("digital", "asn")
    assert data["rancang_bangun"] == (
        "Permasalahan:\nAntrean rata-rata tiga jam.\n\nCara kerja / tahapan inovasi:\nWarga mendaftar lewat WA."
    )
    assert "manfaat" not in data  # "diperoleh" is LK-6's own, not LK-2f's "diharapkan"
    # a save sends what the form shows (and a stale copy typed over it): only LK-6's own values stay
    saved = save_worksheet(
        db,
        "LK-6",
        {**data, "tujuan": "Salinan lama", "tahapan_inovasi": "penerapan", "hasil": "Antrean 20 menit."},
        lab,
        unit,
        idea,
    )
    assert saved.complete  # its required name and rancang bangun are the sources'
    with db.session() as s:
        stored = s.scalars(
            select(m.WorksheetEntry.data).where(m.WorksheetEntry.template_code == "LK-6")
        ).one()
    assert stored == {"tahapan_inovasi": "penerapan", "hasil": "Antrean 20 menit."}
    # a change in LK-2f is the change in LK-6
    save_worksheet(db, "LK-2f", {**CARD, "tujuan": "Layanan tanpa antre."}, lab, unit, idea)
    again = load_worksheet(db, "LK-6", lab, unit, idea).data
    assert again["tujuan"] == "Layanan tanpa antre." and again["hasil"] == "Antrean 20 menit."


def test_the_printed_lk6_shows_the_sources_values(db, filled) -> None:  # noqa: ANN001
    data = load_worksheet(db, "LK-6", *filled).data
    pdf = render_filled_worksheet(
        default_registry().get("LK-6"), data, "a4", "Labinov Uji", "Dinkes", "SIPANDU"
    )
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    for expected in ("Memangkas waktu tunggu.", "Dwi Retno", "Antrean rata-rata tiga jam.", "Digital"):
        assert expected in text


def test_sources_with_nothing_written_give_nothing() -> None:
    reg = default_registry()
    lk6 = reg.get("LK-6")
    assert source_values(lk6, {}, reg) == {}
    # an older LK-6's own text shows while its source has nothing written (never lost) …
    assert with_sources(
        lk6, {"nama_inovasi": "lama", "hasil": "h"}, {"LK-2f": {"jenis": "digital"}}, reg
    ) == {"nama_inovasi": "lama", "hasil": "h", "jenis": "digital"}
    # … and gives way to the source once it has
    assert (
        with_sources(lk6, {"nama_inovasi": "lama"}, {"LK-2f": {"nama": "BARU"}}, reg)["nama_inovasi"]
        == "BARU"
    )


def test_an_older_lk6_keeps_its_own_text_until_its_source_has_one(db) -> None:  # noqa: ANN001
    lab = spine_ops.create_lab(db, "Lab Lama")
    unit = spine_ops.add_unit(db, lab.id, "Dinas", UnitType.DINAS)
    idea = spine_ops.add_idea(db, unit.id, "IDE")
    with db.session() as s:  # an LK-6 written before it took its name from LK-2f
        s.add(
            m.WorksheetEntry(
                lab_id=lab.id,
                unit_id=unit.id,
                idea_id=idea.id,
                template_code="LK-6",
                template_version=default_registry().get("LK-6").version,
                scope=Scope.IDEA,
                data={"nama_inovasi": "Nama lama yang diketik", "hasil": "h"},
            )
        )
    shown = load_worksheet(db, "LK-6", lab.id, unit.id, idea.id).data
    assert shown["nama_inovasi"] == "Nama lama yang diketik"
    save_worksheet(db, "LK-6", {**shown, "hasil": "h2"}, lab.id, unit.id, idea.id)  # a save keeps it
    assert (
        load_worksheet(db, "LK-6", lab.id, unit.id, idea.id).data["nama_inovasi"] == "Nama lama yang diketik"
    )
