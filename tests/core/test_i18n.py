from __future__ import annotations

import datetime as dt

from labinovasi import i18n
from labinovasi.domain.enums import UnitType
from labinovasi.domain.stages import Stage, guidance


def test_indonesian_dates_and_rupiah() -> None:
    i18n.set_language("id")
    assert i18n.format_date(dt.date(2026, 11, 22)) == "22 November 2026"
    assert i18n.format_date(dt.date(2026, 8, 17)) == "17 Agustus 2026"
    assert i18n.format_rupiah(1234567) == "Rp 1.234.567"
    assert i18n.format_date(None) == ""


def test_english_catalog_translates_and_unknown_language_falls_back() -> None:
    try:
        assert i18n.set_language("en") == "en"
        assert i18n._("Halaman {x} dari {y}") == "Page {x} of {y}"
        assert i18n.set_language("xx") == "id"
        assert i18n._("Halaman {x} dari {y}") == "Halaman {x} dari {y}"
    finally:
        i18n.set_language("id")


def test_stage_guidance_and_labels() -> None:
    g = guidance(Stage.DIAGNOSE)
    assert g.name == "Diagnose"
    assert any("USG" in s for s in g.steps)
    assert len(g.checklist) >= 3
    assert Stage.DOCUMENTATION.number == "+1"
    assert UnitType.PUSKESMAS.label == "Puskesmas/UPT/UPTD"
