"""Two facilitators' windows on one shared database: the second one's stale save is a conflict, shown
in words with a choice, and what was typed stays on screen until the person chooses."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from labinovasi.db.engine import open_database
from labinovasi.ops.run import run
from labinovasi.ops.worksheets import SaveWorksheet
from labinovasi.services import labs as svc
from labinovasi.services.worksheets import load_worksheet
from tests.ui.test_main_window import make_window, no_dialogs

pytestmark = [
    pytest.mark.postgresql,
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),  # the offscreen question
]


def _open_card(qtbot: Any, monkeypatch: Any, db: Any, db_url: str, lab: Any) -> tuple[Any, Any, Any]:
    window = make_window(qtbot, db, db_url, lab.id)
    calls = no_dialogs(monkeypatch, window)
    unit = svc.list_units(db, lab.id)[0]
    idea = svc.list_ideas(db, unit.id)[0]
    window.open_worksheet(unit.id, "LK-2f", idea.id)
    return window, calls, idea


def _other_window_saves(db_url: str, lab: Any, idea: Any, name: str) -> None:
    other = open_database(db_url)  # another process on the same database
    try:
        data = load_worksheet(other, "LK-2f", lab.id, idea_id=idea.id).data
        run(other, SaveWorksheet("LK-2f", lab.id, {**data, "nama": name}, idea.unit_id, idea.id))
    finally:
        other.close()


def _button(box: QMessageBox, text: str) -> Any:
    return next(b for b in box.buttons() if b.text() == text)


def test_a_stale_save_asks_and_keeps_the_typing_then_saves_over(
    qtbot, monkeypatch, db, db_url, demo_lab
) -> None:  # noqa: ANN001
    window, calls, idea = _open_card(qtbot, monkeypatch, db, db_url, demo_lab)
    page = window.stage_page
    name = page.form.editor("nama")
    name.end(False)
    qtbot.keyClicks(name, " satu")
    page.save_now()  # the window's own saves go on without a question
    assert page.conflict_box is None and not page.dirty

    _other_window_saves(db_url, demo_lab, idea, "Nama dari komputer lain")
    qtbot.keyClicks(name, " dua")
    typed = name.text()
    page.save_now()
    stored = load_worksheet(db, "LK-2f", demo_lab.id, idea_id=idea.id).data["nama"]
    assert stored == "Nama dari komputer lain"  # not overwritten
    assert page.dirty and name.text() == typed  # the typing stays on screen
    assert "Belum tersimpan" in page.status.text() and "bentrok" in window.windowTitle()
    box = page.conflict_box
    assert box is not None and box.isVisible()
    assert "diubah di tempat lain" in box.text() and "SELECT" not in box.text()
    assert calls["error"] == []  # one question, not an error on top of it
    page.save_now()  # an autosave meanwhile asks no second time
    assert page.conflict_box is box

    _button(box, "Simpan isian saya").click()
    assert load_worksheet(db, "LK-2f", demo_lab.id, idea_id=idea.id).data["nama"] == typed
    assert not page.dirty and "tersimpan" in page.status.text() and page.conflict_box is None


def test_a_stale_save_can_load_the_newer_version_instead(qtbot, monkeypatch, db, db_url, demo_lab) -> None:  # noqa: ANN001
    window, _calls, idea = _open_card(qtbot, monkeypatch, db, db_url, demo_lab)
    page = window.stage_page
    _other_window_saves(db_url, demo_lab, idea, "Nama dari komputer lain")
    name = page.form.editor("nama")
    qtbot.keyClicks(name, " X")
    page.save_now()
    assert page.conflict_box is not None
    _button(page.conflict_box, "Muat versi terbaru").click()
    assert page.form.editor("nama").text() == "Nama dari komputer lain"
    assert not page.dirty
    assert load_worksheet(db, "LK-2f", demo_lab.id, idea_id=idea.id).data["nama"] == "Nama dari komputer lain"
