"""LK-4c in the window: evidence files added (off the window's thread) become rows with a thumbnail, a bad
file is refused in one sentence while the good ones are kept, a removed file comes back with Ctrl+Z, a file
gone from the folder says so; the maturity shows on the idea board as a column and a filter."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication

from labinovasi.domain.enums import IdeaStatus
from labinovasi.evidence import EvidenceStore
from labinovasi.services import labs as svc
from labinovasi.services.worksheets import load_worksheet
from tests.core.test_evidence import pdf_file, photo
from tests.ui.test_main_window import make_window, no_dialogs
from ui.results_editor import ResultsEditor


def _open_results(qtbot: Any, monkeypatch: Any, db: Any, db_url: str, lab: Any) -> tuple[Any, Any, Any]:
    window = make_window(qtbot, db, db_url, lab.id)
    no_dialogs(monkeypatch, window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    unit = svc.list_units(db, lab.id)[0]
    # a launched idea whose results the demo has not filled (SIPANDU's are)
    idea = next(i for i in svc.list_ideas(db, unit.id) if i.title.startswith("JEMPOL MANIS"))
    assert idea.status is IdeaStatus.DILUNCURKAN
    window.open_worksheet(unit.id, "LK-4c", idea.id)
    return window, unit, idea


def editor_of(window: Any) -> ResultsEditor:
    editor = window.stage_page.form
    assert isinstance(editor, ResultsEditor)
    return editor


def _stored(db: Any, lab: Any, unit: Any, idea: Any) -> list[dict]:
    return load_worksheet(db, "LK-4c", lab.id, unit.id, idea.id).data.get("bukti") or []


def test_adding_refusing_removing_and_undoing_evidence(
    qtbot, monkeypatch, db, db_url, demo_lab, tmp_path: Path
) -> None:  # noqa: ANN001
    monkeypatch.setattr("ui.undo.MERGE_SECONDS", -1)  # every save its own step, however quick the test is
    window, unit, idea = _open_results(qtbot, monkeypatch, db, db_url, demo_lab)
    panel = editor_of(window).evidence
    fake = tmp_path / "bukan.jpg"
    fake.write_text("teks biasa", encoding="utf-8")
    panel.add_files([photo(tmp_path / "loket.jpg"), fake, pdf_file(tmp_path / "SK Bupati.pdf", 2)])
    qtbot.waitUntil(lambda: not panel.busy(), timeout=10000)
    assert panel.list.count() == 2
    assert "bukan gambar PNG atau JPEG" in panel.status.text() and panel.status.isVisible()
    rows = panel.rows()
    assert [r.get("jenis") for r in rows] == ["foto", None] and rows[1]["uraian"] == "SK Bupati"
    assert not panel.list.item(0).icon().isNull()
    panel.list.setCurrentRow(1)
    panel.jenis.setCurrentIndex(panel.jenis.findData("sk_perkada"))
    window.stage_page.save_now()
    window.ops.flush()
    stored = _stored(db, demo_lab, unit, idea)
    assert [r.get("jenis") for r in stored] == ["foto", "sk_perkada"]
    assert "PDF, 2 halaman" in panel.about.text()

    panel.list.setCurrentRow(0)
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    window.stage_page.save_now()
    window.ops.flush()
    assert len(_stored(db, demo_lab, unit, idea)) == 1
    window.unit_view.setFocus()
    qtbot.keyClick(window.unit_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    window.ops.flush()
    qtbot.waitUntil(lambda: len(_stored(db, demo_lab, unit, idea)) == 2)  # the removed photo is back
    assert [r.get("jenis") for r in _stored(db, demo_lab, unit, idea)] == ["foto", "sk_perkada"]
    assert editor_of(window).evidence.list.count() == 2


def test_a_dropped_file_is_added_and_a_missing_one_is_said(
    qtbot, monkeypatch, db, db_url, demo_lab, tmp_path: Path
) -> None:  # noqa: ANN001
    window, unit, idea = _open_results(qtbot, monkeypatch, db, db_url, demo_lab)
    panel = editor_of(window).evidence
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo(tmp_path / "dropped.jpg", (800, 600))))])
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    panel.dropEvent(drop)
    qtbot.waitUntil(lambda: not panel.busy(), timeout=10000)
    assert panel.list.count() == 1 and panel.rows()[0]["uraian"] == "dropped"
    window.stage_page.save_now()
    window.ops.flush()
    ref = _stored(db, demo_lab, unit, idea)[0]["berkas"]
    store = EvidenceStore(Path(str(db.file)).with_name(db.file.stem + "-berkas"))
    path = store.path(ref)
    assert path is not None
    path.unlink()
    window.open_worksheet(unit.id, "LK-3", idea.id)  # away and back: the list is read again
    window.open_worksheet(unit.id, "LK-4c", idea.id)
    panel = editor_of(window).evidence
    assert "BERKAS HILANG" in panel.list.item(0).text()
    panel.list.setCurrentRow(0)
    assert "Berkas hilang dari folder bukti lab" in panel.about.text()


def test_maturity_is_a_column_and_a_filter_of_the_board(qtbot, monkeypatch, db, db_url, demo_lab) -> None:  # noqa: ANN001
    from ui.idea_board import IdeaBoardModel

    window, unit, idea = _open_results(qtbot, monkeypatch, db, db_url, demo_lab)
    form = editor_of(window).form
    combo = form.editor("kematangan")
    combo.setCurrentIndex(combo.findData("inisiatif"))  # no other innovation of the demo is at this level
    window.stage_page.save_now()
    window.ops.flush()
    window.act_show_board.trigger()
    board = window.idea_board
    qtbot.waitUntil(lambda: board.model.rowCount() > 0)
    row = board.model.row_of(idea.id)
    assert board.model.index(row, IdeaBoardModel.MATURITY).data() == "Inisiatif"
    filt = board.combos["maturity"]
    filt.setCurrentIndex(filt.findData("inisiatif"))
    assert board.proxy.rowCount() == 1
