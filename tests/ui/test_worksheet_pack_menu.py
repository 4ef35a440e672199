"""Berkas → Ekspor → Paket lembar kerja kosong: the pack of a stage for every unit, from the window."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QInputDialog

from labinovasi.domain.stages import Stage
from labinovasi.services import labs as svc
from labinovasi.settings import Settings
from tests.ui.test_main_window import make_window, no_dialogs, save_to


def pack_action(window):  # noqa: ANN001, ANN201
    found = [
        a
        for a in window.findChildren(type(window.act_export_plan))
        if a.text().startswith("Paket lembar kerja")
    ]
    assert len(found) == 1
    return found[0]


def test_the_menu_item_prints_the_chosen_stage_for_every_unit(
    qtbot,
    monkeypatch,
    db,
    db_url,
    demo_lab,  # noqa: ANN001
    tmp_path: Path,
) -> None:
    window = make_window(qtbot, db, db_url, demo_lab.id, Settings(paper="f4"))
    calls = no_dialogs(monkeypatch, window)
    asked: list = []
    monkeypatch.setattr(
        QInputDialog,
        "getItem",
        staticmethod(
            lambda parent, title, label, items, current, editable: (
                asked.append((items, current)) or "Design",
                True,
            )
        ),
    )
    target = tmp_path / "paket.pdf"
    save_to(monkeypatch, window, target)
    pack_action(window).trigger()
    items, current = asked[0]
    assert items[0] == "Semua tahap" and items[1:] == [s.label for s in Stage]
    assert items[current] == window.stage.label  # the stage on screen is offered first
    assert calls["offer_open"] == [target] and calls["error"] == []
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    assert [o.title for o in reader.outline if not isinstance(o, list)] == [
        u.name for u in svc.list_units(db, demo_lab.id)
    ]
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "LK-3a · " in text and "LK-2b · " not in text
    assert (
        round(min(float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)) / 72 * 25.4)
        == 215
    )


@pytest.mark.parametrize("answer", [("Design", False), ("Semua tahap", True)])
def test_cancelling_writes_nothing(qtbot, monkeypatch, db, db_url, demo_lab, answer) -> None:  # noqa: ANN001
    window = make_window(qtbot, db, db_url, demo_lab.id)
    calls = no_dialogs(monkeypatch, window)
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *args: answer))
    assert window.export_worksheet_pack() is None
    if answer[1]:  # the stage was chosen, the file dialog cancelled; its name says all stages
        assert calls["save_path"][0][1].startswith("Paket_LK_Semua_tahap")
    else:
        assert calls["save_path"] == []
    assert calls["offer_open"] == []
