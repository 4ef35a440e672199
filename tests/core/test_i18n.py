from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

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


@settings(max_examples=400, deadline=None)
@given(
    value=st.one_of(
        st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
        st.integers(min_value=-500, max_value=500).map(lambda n: n / 200),  # halves and quarters of cents
    ),
    places=st.integers(min_value=0, max_value=3),
    lang=st.sampled_from(["id", "en"]),
)
def test_fixed_decimals_are_written_as_babel_writes_them(value: float, places: int, lang: str) -> None:
    """The app's own languages skip Babel's locale data; what they print is still exactly Babel's."""
    from babel.numbers import format_decimal

    pattern = "0." + "0" * places if places else "0"
    try:
        i18n.set_language(lang)
        assert i18n.format_fixed(value, places) == format_decimal(round(value, places), pattern, locale=lang)
    finally:
        i18n.set_language("id")


def test_fixed_decimals_of_a_mean() -> None:
    assert i18n.format_fixed(3.4666, 2) == "3,47"
    assert i18n.format_fixed(4.0, 2) == "4,00"
    try:
        i18n.set_language("en")
        assert i18n.format_fixed(3.4666, 2) == "3.47"
    finally:
        i18n.set_language("id")
