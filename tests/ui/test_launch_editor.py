"""The launch in the window: LK-4a's tree of units and curated ideas, one click per unit or "all", the
count on screen, saving marks the ideas diluncurkan (undone with Ctrl+Z), and the Berita Acara and the
launch's commitments printed from the Ekspor menu."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from labinovasi.domain.enums import IdeaStatus, UnitType
from labinovasi.services import labs as svc
from labinovasi.services.launch import launch_record
from tests.ui.test_main_window import make_window, no_dialogs
from ui.launch_editor import LaunchEditor


def _open_launch(
    qtbot: Any, monkeypatch: Any, db: Any, db_url: str, lab: Any
) -> tuple[Any, LaunchEditor, dict]:
    window = make_window(qtbot, db, db_url, lab.id)
    calls = no_dialogs(monkeypatch, window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)  # for the window's Ctrl+Z
    window.open_worksheet(svc.list_units(db, lab.id)[0].id, "LK-4a")
    editor = window.stage_page.form
    assert isinstance(editor, LaunchEditor)
    return window, editor, calls


def _statuses(db: Any, lab: Any) -> dict[str, IdeaStatus]:
    return {i.title: i.status for u in svc.list_units(db, lab.id) for i in svc.list_ideas(db, u.id)}


def test_choosing_saving_and_undoing_a_launch(qtbot, monkeypatch, db, db_url, demo_lab) -> None:  # noqa: ANN001
    window, editor, _calls = _open_launch(qtbot, monkeypatch, db, db_url, demo_lab)
    launched = [i.title for i in launch_record(db, demo_lab.id).ideas]
    assert editor.summary.text() == "7 inovasi dari 6 unit diluncurkan"
    assert editor.tree.topLevelItemCount() == 6

    qtbot.mouseClick(editor.none_button, Qt.MouseButton.LeftButton)
    assert editor.summary.text() == "Belum ada inovasi yang diluncurkan"
    window.stage_page.save_now()
    window.ops.flush()
    assert all(_statuses(db, demo_lab)[t] is IdeaStatus.LANJUT for t in launched)
    # one click on a unit ticks all of its curated ideas
    editor = editor_of(window)
    unit_item = editor.tree.topLevelItem(0)
    unit_item.setCheckState(0, Qt.CheckState.Checked)
    children = [unit_item.child(k).text(0) for k in range(unit_item.childCount())]
    assert len(children) == 2 and editor.launched() == [
        unit_item.child(k).data(0, Qt.ItemDataRole.UserRole) for k in range(2)
    ]
    assert editor.summary.text() == "2 inovasi dari 1 unit diluncurkan"
    window.stage_page.save_now()
    window.ops.flush()
    statuses = _statuses(db, demo_lab)
    assert [t for t in launched if statuses[t] is IdeaStatus.DILUNCURKAN] == children

    def press_undo() -> None:
        window.unit_view.setFocus()
        qtbot.keyClick(window.unit_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        window.ops.flush()

    # the two saves came in one burst of edits of the sheet: one Ctrl+Z brings back the launch as it was
    press_undo()
    qtbot.waitUntil(lambda: all(_statuses(db, demo_lab)[t] is IdeaStatus.DILUNCURKAN for t in launched))

    qtbot.mouseClick(editor_of(window).none_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor_of(window).all_button, Qt.MouseButton.LeftButton)
    assert editor_of(window).summary.text() == "7 inovasi dari 6 unit diluncurkan"


def editor_of(window: Any) -> LaunchEditor:
    editor = window.stage_page.form
    assert isinstance(editor, LaunchEditor)
    return editor


def test_berita_acara_and_launch_commitments_from_the_menu(
    qtbot, monkeypatch, db, db_url, demo_lab, tmp_path: Path
) -> None:  # noqa: ANN001
    window, _editor, calls = _open_launch(qtbot, monkeypatch, db, db_url, demo_lab)
    monkeypatch.setattr(window, "_ask_save_path", lambda title, suggested: tmp_path / suggested)
    window.act_export_berita_acara.trigger()
    pdf = tmp_path / "Berita_Acara_Peluncuran_Inovasi.pdf"
    assert calls["offer_open"] == [pdf] and not calls["error"]
    text = " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert "BERITA ACARA" in text and "7 (tujuh) inovasi dari 6 (enam) unit kerja" in " ".join(text.split())

    window.act_export_launch_commitments.trigger()
    statements = PdfReader(tmp_path / "Pernyataan_Komitmen_saat_launching.pdf").pages
    assert len(statements) == 6 and not calls["error"]


def test_a_lab_without_curated_ideas_says_what_to_do(qtbot, monkeypatch, db, db_url) -> None:  # noqa: ANN001
    from labinovasi.ops import spine as spine_ops

    lab = spine_ops.create_lab(db, "Lab kosong")
    spine_ops.add_unit(db, lab.id, "Dinas Sosial", UnitType.DINAS)
    _window, editor, _calls = _open_launch(qtbot, monkeypatch, db, db_url, lab)
    assert not editor.all_button.isEnabled()
    texts = [w.text() for w in editor.findChildren(type(editor.summary))]
    assert any("kurasi ide dulu di LK-2g" in t for t in texts)
    assert all(b.text() != "" for b in editor.findChildren(QPushButton))


def test_posters_from_the_menu(qtbot, monkeypatch, db, db_url, demo_lab, tmp_path: Path) -> None:  # noqa: ANN001
    window, _editor, calls = _open_launch(qtbot, monkeypatch, db, db_url, demo_lab)
    monkeypatch.setattr(window, "_ask_save_path", lambda title, suggested: tmp_path / suggested)
    written = window.export_posters(choice=1)  # every launched innovation, A4
    assert written == tmp_path / "Poster_Inovasi_A4.pdf" and not calls["error"]
    assert len(PdfReader(written).pages) == 7


def test_direktori_from_the_menu(qtbot, monkeypatch, db, db_url, demo_lab, tmp_path: Path) -> None:  # noqa: ANN001
    window, _editor, calls = _open_launch(qtbot, monkeypatch, db, db_url, demo_lab)
    monkeypatch.setattr(window, "_ask_save_path", lambda title, suggested: tmp_path / suggested)
    window.act_export_direktori.trigger()
    written = tmp_path / "Direktori_Inovasi_Laboratorium_Inovasi_Kabupaten_Wanasari_2026.pdf"
    qtbot.waitUntil(lambda: calls["offer_open"] == [written])
    text = " ".join((p.extract_text() or "") for p in PdfReader(written).pages)
    assert "DIREKTORI INOVASI" in text and not calls["error"]
