"""The English catalog is complete: every text extracted from the code and the TOML resources
(as ``pybabel extract -F babel.cfg`` would) has a reviewed English translation with the same
placeholders and keyboard accelerators, and the texts of the data files come out translated."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from labinovasi import i18n
from labinovasi.domain.scoring import rules
from labinovasi.domain.stages import Stage, guidance
from labinovasi.i18n_extract import texts
from labinovasi.worksheets.registry import default_registry, named_lists

ROOT = Path(__file__).resolve().parents[2]
EN_PO = ROOT / "resources" / "translations" / "en" / "LC_MESSAGES" / "labinovasi.po"
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
ACCELERATOR = re.compile(r"(?<!&)&(?=[^\s&])")


@cache
def extracted() -> tuple[str | tuple[str, ...], ...]:
    """The msgids a fresh ``pybabel extract -F babel.cfg -k _ -k ngettext:1,2`` finds, in order."""
    with (ROOT / "babel.cfg").open() as fh:
        method_map, options_map = parse_mapping_cfg(fh, str(ROOT / "babel.cfg"))
    seen: dict[str | tuple[str, ...], None] = {}
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=DEFAULT_KEYWORDS
    ):
        if message:
            seen.setdefault(message, None)
    return tuple(seen)


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def problems() -> Iterator[str]:
    with EN_PO.open("rb") as fh:
        catalog = read_po(fh, locale="en")
    for msgid in extracted():
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        message = catalog.get(key)
        if message is None:
            yield f"missing: {msgid!r}"
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            yield f"fuzzy: {msgid!r}"
        elif not all(strings):
            yield f"untranslated: {msgid!r}"
            continue
        ids = msgid if isinstance(msgid, tuple) else (msgid,)
        for source, target in zip((ids[0], ids[-1]), (strings[0], strings[-1]), strict=True):
            if _placeholders(source) != _placeholders(target):
                yield f"placeholders differ: {source!r} → {target!r}"
            if len(ACCELERATOR.findall(source)) != len(ACCELERATOR.findall(target)):
                yield f"accelerator differs: {source!r} → {target!r}"


def test_extraction_finds_code_and_resource_texts() -> None:
    found = set(extracted())
    assert "Halaman {x} dari {y}" in found  # a _() call
    assert "Langkah" in found  # a _() call inside an f-string (ui/stage_page.py), which Babel alone misses
    assert "Ide Inovasi" in found  # a worksheet title (resources/worksheets/LK-2f.toml)
    assert "Digital (daring)" in found  # an option label (resources/lists.toml)
    assert "Apakah kita mau berinovasi?" in found  # stage guidance (resources/stages.toml)
    assert "Dukungan pimpinan" in found  # a readiness dimension (resources/scoring.toml)
    assert "digital" not in found  # an option value is data, never a text
    assert "LK-2f" not in found


def test_every_text_has_a_reviewed_english_translation() -> None:
    found = list(problems())
    assert not found, f"{len(found)} problem(s) in {EN_PO.relative_to(ROOT)}:\n" + "\n".join(found)


def test_toml_texts_walk_keys_and_pairs() -> None:
    raw = {
        "title": "Judul",
        "fields": [{"key": "a", "label": "Satu", "options": [{"value": "x", "label": "X"}]}],
    }
    assert list(texts(raw, {"title", "label"})) == ["Judul", "Satu", "X"]
    assert list(texts({"daftar": [["v", "Label"]]}, (), pairs=True)) == ["Label"]


def test_worksheets_lists_and_guidance_follow_the_language(english: None) -> None:
    sheet = default_registry().get("LK-2f")
    assert sheet.title == "Innovation Idea"
    assert sheet.field("nama").label == "Innovation name/title"
    assert sheet.field("inovator").columns[2].label == "Position"
    jenis = {o.value: o.label for o in named_lists()["jenis"]}
    assert jenis == {"digital": "Digital (online)", "non_digital": "Non-digital (offline)"}
    assert guidance(Stage.DRUM_UP).question == "Do we want to innovate?"
    assert rules().readiness_dimensions[0].label == "Leadership support"
    assert rules().curation_criteria[0].help.startswith("A new idea")

    i18n.set_language("id")
    sheet = default_registry().get("LK-2f")
    assert sheet.title == "Ide Inovasi"
    assert sheet.field("nama").label == "Nama/judul inovasi"
    assert {o.value: o.label for o in named_lists()["jenis"]}["digital"] == "Digital (daring)"
    assert guidance(Stage.DRUM_UP).question == "Apakah kita mau berinovasi?"
    assert rules().readiness_dimensions[0].label == "Dukungan pimpinan"


def test_command_line_help_follows_lang(capsys: pytest.CaptureFixture[str]) -> None:
    from labinovasi.cli import main

    try:
        with pytest.raises(SystemExit):
            main(["export", "--lang=en", "--help"])
        out = capsys.readouterr().out
        assert "Innovation Project Plans of all units, one PDF per unit" in out
    finally:
        i18n.set_language("id")
