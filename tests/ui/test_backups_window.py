"""Backups in the window: one on opening, one after 15 minutes of edits, and the Cadangan dan pemulihan
dialog that lists them and restores one (the window then shows what the backup held)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from labinovasi.db import backups
from labinovasi.domain.enums import UnitType
from labinovasi.ops.spine import AddUnit
from labinovasi.services import labs as svc
from tests.ui.test_main_window import make_window, no_dialogs
from ui.backup_dialog import BackupDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")  # offscreen dialogs


def _file(db_url: str) -> Path:
    return backups.database_file(db_url)


def test_the_window_backs_up_on_opening_and_after_edits(qtbot, monkeypatch, db, db_url, demo_lab) -> None:  # noqa: ANN001
    window = make_window(qtbot, db, db_url, demo_lab.id)
    no_dialogs(monkeypatch, window)
    assert [b.reason for b in backups.list_backups(_file(db_url))] == ["buka"]
    window.backups.tick()  # 15 minutes without an edit: nothing new
    assert len(backups.list_backups(_file(db_url))) == 1
    window.ops.run(AddUnit(demo_lab.id, "Kecamatan Baru", UnitType.KECAMATAN))
    window.ops.flush()
    window.backups.tick()
    listed = backups.list_backups(_file(db_url))
    assert sorted(b.reason for b in listed) == ["berkala", "buka"]
    assert window.backups.timer.isActive() and window.backups.timer.interval() == 15 * 60 * 1000


def test_the_dialog_lists_backups_and_a_restore_brings_the_lab_back(
    qtbot,
    monkeypatch,
    db,
    db_url,  # noqa: ANN001
    demo_lab,
) -> None:
    window = make_window(qtbot, db, db_url, demo_lab.id)
    no_dialogs(monkeypatch, window)
    units_before = [u.name for u in svc.list_units(db, demo_lab.id)]
    dialog = window.show_backups()
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 1).text() == "saat dibuka"
    assert f"{len(units_before)} unit" in dialog.table.item(0, 3).text()
    assert not dialog.restore_button.isEnabled()  # nothing chosen yet

    window.ops.run(AddUnit(demo_lab.id, "Unit Sesudah Cadangan", UnitType.BADAN))
    window.ops.flush()
    assert window.units_model.rowCount() == len(units_before) + 1

    dialog.table.selectRow(0)
    assert dialog.restore_button.isEnabled()
    asked: list[str] = []

    def yes(_parent, _title, text, *_a):  # noqa: ANN001, ANN202
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    assert dialog.restore_selected()
    assert "dicadangkan dulu" in asked[0] and f"{len(units_before)} unit" in asked[0]
    assert [u.name for u in svc.list_units(db, demo_lab.id)] == units_before
    assert window.units_model.rowCount() == len(units_before)  # the window shows the restored lab
    assert not window.undo.stack.canUndo()
    reasons = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
    assert "sebelum pemulihan" in reasons  # what was replaced is kept and listed


def test_a_bad_backup_file_is_refused_with_a_sentence(
    qtbot, monkeypatch, db, db_url, demo_lab, tmp_path
) -> None:  # noqa: ANN001
    window = make_window(qtbot, db, db_url, demo_lab.id)
    no_dialogs(monkeypatch, window)
    bad = tmp_path / "bukan.sqlite3"
    bad.write_bytes(b"bukan basis data" * 64)
    dialog = BackupDialog(db, window.backups, window.restore_backup, window)
    qtbot.addWidget(dialog)
    monkeypatch.setattr("ui.backup_dialog.QFileDialog.getOpenFileName", lambda *a, **k: (str(bad), ""))
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warned.append(text))
    assert not dialog.restore_from_file()
    assert warned and "rusak atau bukan basis data" in warned[0]
    assert len(svc.list_units(db, demo_lab.id)) > 0


def test_an_empty_file_is_made_a_lab_only_after_the_question(qtbot, monkeypatch, tmp_path) -> None:  # noqa: ANN001
    import argparse  # noqa: PLC0415

    from labinovasi.db.engine import EmptyDatabaseFile, open_database  # noqa: PLC0415
    from ui.app import ask_to_recover  # noqa: PLC0415

    empty = tmp_path / "kosong.sqlite3"
    empty.write_bytes(b"")
    args = argparse.Namespace(db_url=f"sqlite:///{empty.as_posix()}")
    exc = EmptyDatabaseFile("Berkas kosong.sqlite3 kosong (0 bita), jadi tidak ada lab di dalamnya.")
    asked: list[str] = []
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])

    def answer(_parent, _title, text, *_a):  # noqa: ANN001, ANN202
        asked.append(text)
        return next(answers)

    monkeypatch.setattr(QMessageBox, "question", answer)
    assert not ask_to_recover(exc, args) and empty.read_bytes() == b""
    assert ask_to_recover(exc, args) and "Buat lab baru di berkas ini?" in asked[-1]
    open_database(args.db_url, create_in_empty=args.create_in_empty).close()
    assert empty.stat().st_size > 0


def test_a_damaged_file_is_offered_its_newest_backup(qtbot, monkeypatch, tmp_path) -> None:  # noqa: ANN001
    import argparse  # noqa: PLC0415

    from labinovasi.db.engine import CorruptDatabaseFile, open_database  # noqa: PLC0415
    from labinovasi.ops import spine  # noqa: PLC0415
    from ui.app import ask_to_recover  # noqa: PLC0415

    file = tmp_path / "lab.sqlite3"
    url = f"sqlite:///{file.as_posix()}"
    db = open_database(url)
    spine.create_lab(db, "Lab Dipulihkan")
    backup = db.take_backup("manual")
    db.close()
    file.write_bytes(b"SQLite format 3\x00" + b"\xa5" * 4096)  # the header and garbage
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    exc = CorruptDatabaseFile("Berkas basis data lab.sqlite3 rusak.", backup)
    assert ask_to_recover(exc, argparse.Namespace(db_url=url))
    db = open_database(url)
    assert [lab.name for lab in svc.list_labs(db)] == ["Lab Dipulihkan"]
    db.close()
