"""Worksheet data validation and computed values."""

from __future__ import annotations

import pytest

from labinovasi.worksheets.registry import default_registry
from labinovasi.worksheets.validation import (
    WorksheetValidationError,
    compute,
    is_complete,
    missing_required,
    parse_number,
    validate,
    validated,
)


@pytest.fixture
def card():  # noqa: ANN201
    return default_registry().get("LK-2f")


def test_valid_data_is_normalised(card) -> None:  # noqa: ANN001
    clean, issues = validate(
        card,
        {
            "nama": "  SIPANDU  ",
            "perkiraan_anggaran": "Rp 15.000.000",
            "inovator": [{"nama": "Ani", "nip": "198701012010012001"}, {}],
            "bentuk": "pelayanan_publik",
            "sasaran": "",
        },
    )
    assert issues == []
    assert clean == {
        "nama": "  SIPANDU  ",
        "perkiraan_anggaran": 15_000_000,
        "inovator": [{"nama": "Ani", "nip": "198701012010012001"}],
        "bentuk": "pelayanan_publik",
    }


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"perkiraan_anggaran": "lima juta"},
            "perkiraan_anggaran",
            "Perkiraan anggaran: \u201clima juta\u201d bukan angka",
        ),
        ({"perkiraan_anggaran": -5}, "perkiraan_anggaran", "Perkiraan anggaran: minimal 0"),
        ({"bentuk": "sulap"}, "bentuk", "Bentuk inovasi: pilihan tidak dikenal"),
        ({"nama": 12}, "nama", "Nama/judul inovasi: harus berupa teks"),
        ({"inovator": "Ani"}, "inovator", "Inisiator / inovator: harus berupa tabel"),
        ({"inovator": [{"umur": 3}]}, "inovator.1", "Inisiator / inovator baris 1: kolom tidak dikenal"),
        ({"tidak_ada": "x"}, "tidak_ada", "Isian 'tidak_ada' tidak ada di LK-2f"),
        ({"nama": "x" * 201}, "nama", "terlalu panjang (201 karakter, maksimal 200)"),
    ],
)
def test_invalid_values_are_reported_in_indonesian(card, data, field, message) -> None:  # noqa: ANN001
    clean, issues = validate(card, data)
    assert [i.field for i in issues] == [field]
    assert message in issues[0].message
    with pytest.raises(WorksheetValidationError):
        validated(card, data)


def test_score_and_date_and_yes_no() -> None:
    reg = default_registry()
    usg = reg.get("LK-2d")
    table = next(f for f in usg.fields if f.type.value == "table")
    score_col = next(c for c in table.columns if c.type.value == "score")
    good = {table.key: [{score_col.key: 5}]}
    assert validate(usg, good)[1] == []
    bad = {table.key: [{score_col.key: 6}]}
    issues = validate(usg, bad)[1]
    assert len(issues) == 1 and "maksimal 5" in issues[0].message
    ms = reg.get("LK-3c")
    date_field = next(f for f in ms.fields if f.type.value == "date")
    assert validate(ms, {date_field.key: "2026-11-22"})[1] == []
    assert "tanggal tidak valid" in validate(ms, {date_field.key: "22/11/2026"})[1][0].message


def test_completeness_follows_required_fields(card) -> None:  # noqa: ANN001
    data = {"nama": "X", "masalah": "m", "deskripsi": "d", "bentuk": "tata_kelola"}
    assert [f.key for f in missing_required(card, data)] == ["jenis"]
    assert not is_complete(card, data)
    assert is_complete(card, {**data, "jenis": "digital"})


def test_word_count_is_computed(card) -> None:  # noqa: ANN001
    f = card.field("jumlah_kata")
    assert compute(card, f, {"deskripsi": "Satu dua, tiga-empat & lima."}) == 5
    assert compute(card, f, {}) == 0


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.500.000", 1500000),
        ("Rp 25.000", 25000),
        ("2,5", 2.5),
        ("1,500,000", 1500000),
        ("12", 12),
        ("1.500,75", 1500.75),
        ("abc", None),
        ("", None),
        ("1.2.3", None),
    ],
)
def test_numbers_typed_the_indonesian_way(text: str, value: float | None) -> None:
    assert parse_number(text) == value
