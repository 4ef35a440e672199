"""Worksheet templates: the shipped ones load, broken ones are refused with a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest

from labinovasi.domain.enums import Scope
from labinovasi.domain.stages import Stage
from labinovasi.worksheets.registry import TemplateRegistry, default_registry, load_template_file
from labinovasi.worksheets.schema import FieldType, TemplateError

EXPECTED = [
    "LK-0",
    "LK-1",
    "LK-2a",
    "LK-2b",
    "LK-2c",
    "LK-2d",
    "LK-2e",
    "LK-2f",
    "LK-2g",
    "LK-3",
    "LK-3a",
    "LK-3b",
    "LK-3c",
    "LK-3d",
    "LK-3e",
    "LK-4a",
    "LK-4b",
    "LK-4c",
    "LK-4d",
    "LK-5a",
    "LK-5b",
    "LK-5c",
    "LK-6",
]


def test_every_worksheet_of_the_domain_is_shipped_in_order() -> None:
    assert [t.code for t in default_registry().all()] == EXPECTED


def test_idea_card_fields_follow_the_domain() -> None:
    t = default_registry().get("LK-2f")
    assert t.stage is Stage.DIAGNOSE and t.scope is Scope.IDEA
    keys = [f.key for f in t.fields]
    for key in (
        "nama",
        "inovator",
        "masalah",
        "deskripsi",
        "sasaran",
        "tujuan",
        "manfaat",
        "kebaruan",
        "bentuk",
        "jenis",
        "urusan",
        "kebutuhan_sumber_daya",
        "perkiraan_anggaran",
    ):
        assert key in keys
    assert t.field("inovator").type is FieldType.TABLE
    assert [c.key for c in t.field("inovator").columns] == ["nama", "nip", "jabatan"]
    assert t.field("nama").bind == "idea.title"


def test_stages_have_their_worksheets() -> None:
    reg = default_registry()
    assert [t.code for t in reg.for_stage(Stage.DESIGN)] == [
        "LK-3",
        "LK-3a",
        "LK-3b",
        "LK-3c",
        "LK-3d",
        "LK-3e",
    ]
    assert [t.code for t in reg.for_stage(Stage.DOCUMENTATION)] == ["LK-6"]


GOOD = """
code = "LK-9"
version = 2
stage = "design"
scope = "unit"
title = "Uji"
[[fields]]
key = "a"
type = "paragraph"
label = "A"
[[fields]]
key = "n"
type = "computed"
label = "Jumlah kata"
compute = { op = "word_count", of = ["a"], minimum = 3 }
"""


def _write(tmp_path: Path, text: str, name: str = "LK-9.toml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_a_good_custom_template_loads(tmp_path: Path) -> None:
    t = load_template_file(_write(tmp_path, GOOD))
    assert (t.code, t.version, t.stage, t.scope) == ("LK-9", 2, Stage.DESIGN, Scope.UNIT)
    assert t.field("n").compute.minimum == 3


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('type = "paragraph"', 'type = "essay"'), "fields.0.type"),
        (('stage = "design"', 'stage = "deploy"'), "stage"),
        (('code = "LK-9"', 'code = "XX-1"'), "code"),
        (('of = ["a"]', 'of = ["zz"]'), "merujuk isian yang tidak ada: 'zz'"),
        (('key = "n"', 'key = "a"'), "kunci 'a' dipakai dua kali"),
        (('label = "A"', 'label = "A"\nunknown = 1'), "unknown"),
    ],
)
def test_broken_templates_are_refused_in_indonesian(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    text = GOOD.replace(*change, 1)
    with pytest.raises(TemplateError) as exc:
        load_template_file(_write(tmp_path, text))
    assert "Templat lembar kerja tidak valid (LK-9.toml)" in str(exc.value)
    assert message in str(exc.value)


def test_choice_without_options_and_table_without_columns_are_refused(tmp_path: Path) -> None:
    bad_choice = GOOD.replace('type = "paragraph"', 'type = "choice"')
    with pytest.raises(TemplateError, match="tidak punya 'options'"):
        load_template_file(_write(tmp_path, bad_choice))
    bad_table = GOOD.replace('type = "paragraph"', 'type = "table"')
    with pytest.raises(TemplateError, match="tabel 'a' tidak punya kolom"):
        load_template_file(_write(tmp_path, bad_table))


def test_unknown_named_list_is_refused(tmp_path: Path) -> None:
    text = GOOD.replace('type = "paragraph"', 'type = "choice"\noptions_from = "tidak_ada"')
    with pytest.raises(TemplateError, match="daftar 'tidak_ada' yang tidak ada"):
        load_template_file(_write(tmp_path, text))


def test_a_file_that_is_not_toml_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="tidak dapat dibaca"):
        load_template_file(_write(tmp_path, "code = [unclosed"))


def test_two_templates_with_the_same_version_are_refused(tmp_path: Path) -> None:
    _write(tmp_path, GOOD, "a.toml")
    _write(tmp_path, GOOD, "b.toml")
    with pytest.raises(TemplateError, match="LK-9 versi 2 ada dua kali"):
        TemplateRegistry.from_folder(tmp_path)


def test_registry_keeps_old_versions_and_serves_the_latest(tmp_path: Path) -> None:
    _write(tmp_path, GOOD, "a.toml")
    _write(
        tmp_path,
        GOOD.replace("version = 2", "version = 1").replace('title = "Uji"', 'title = "Lama"'),
        "b.toml",
    )
    reg = TemplateRegistry.from_folder(tmp_path)
    assert reg.get("LK-9").version == 2
    assert reg.get("LK-9", 1).title == "Lama"
    with pytest.raises(KeyError, match="tidak dikenal"):
        reg.get("LK-8")
