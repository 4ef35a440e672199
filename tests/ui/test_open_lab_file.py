"""Berkas → Buka berkas lab… and Buka lab terakhir: another lab file opens in a new window that takes
this one's place (the old file closed and freed), a file held by another window is refused in one
sentence, a file of several labs asks which, and the welcome page lists the recent labs."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QCommandLinkButton, QFileDialog

from labinovasi.db.engine import open_database
from labinovasi.domain.enums import UnitType
from labinovasi.ops import spine as spine_ops
from labinovasi.services import labs as svc
from labinovasi.settings import RecentLab, Settings, load_settings
from tests.ui.test_main_window import make_window, no_dialogs
from ui.lab_files import lock_database, sqlite_url
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def lab_file(path: Path, *names: str) -> Path:
    db = open_database(sqlite_url(path))
    for name in names:
        lab = spine_ops.create_lab(db, name)
        spine_ops.add_unit(db, lab.id, f"Unit {name}", UnitType.DINAS)
    db.close()
    return path


def choose_file(monkeypatch: pytest.MonkeyPatch, path: Path | None) -> None:
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path) if path else "", ""))
    )


def test_another_file_opens_in_a_window_that_takes_this_ones_place(
    qtbot, monkeypatch, db, db_url, tmp_path
) -> None:  # noqa: ANN001
    first = spine_ops.create_lab(db, "Lab Kabupaten Wanasari")
    window = make_window(qtbot, db, db_url, first.id)
    window.database_lock = lock_database(db_url)
    calls = no_dialogs(monkeypatch, window)
    (tmp_path / "usb").mkdir()
    usb = lab_file(tmp_path / "usb" / "kota.sqlite3", "Lab Kota Sukamaju")
    choose_file(monkeypatch, usb)
    window.show()

    new = window.open_file()
    assert isinstance(new, MainWindow) and new is not window
    qtbot.addWidget(new)
    assert calls["error"] == []
    assert new.lab is not None and new.lab.name == "Lab Kota Sukamaju"
    assert new.db.file is not None and new.db.file.resolve() == usb.resolve()
    assert window.successor is new and new.isVisible()
    assert new.database_lock is not None and Path(str(usb) + ".terkunci").exists()
    assert not (tmp_path / "lab.sqlite3.terkunci").exists()  # the old file is free again
    # the recent list: the new lab first, then the old one; kept under LABINOVASI_HOME
    recent = load_settings().recent()
    assert [r.lab_name for r in recent] == ["Lab Kota Sukamaju", "Lab Kabupaten Wanasari"]
    assert recent[0].path == str(usb.resolve())
    # Buka lab terakhir brings the first file back, in its own new window
    back = new.open_recent(recent[1])
    assert back is not None and back is not new
    qtbot.addWidget(back)
    assert back.lab is not None and back.lab.id == first.id
    assert not Path(str(usb) + ".terkunci").exists()
    back.close()
    back.db.close()


def test_a_file_open_in_another_window_is_refused_in_one_sentence(
    qtbot, monkeypatch, db, db_url, tmp_path
) -> None:  # noqa: ANN001
    lab = spine_ops.create_lab(db, "Lab A")
    window = make_window(qtbot, db, db_url, lab.id)
    calls = no_dialogs(monkeypatch, window)
    other = lab_file(tmp_path / "b.sqlite3", "Lab B")
    held = lock_database(sqlite_url(other))  # another window holds it
    assert held is not None
    try:
        choose_file(monkeypatch, other)
        assert window.open_file() is None
    finally:
        held.unlock()
    assert len(calls["error"]) == 1
    assert (
        "sedang dibuka di jendela Lab Inovasi lain" in calls["error"][0] and "b.sqlite3" in calls["error"][0]
    )
    assert window.successor is None and window.lab is not None and window.lab.name == "Lab A"
    # a foreign file gets the start-up sentence, and nothing changes either
    foreign = tmp_path / "catatan.db"
    foreign.write_bytes(b"bukan basis data\n" * 50)
    choose_file(monkeypatch, foreign)
    assert window.open_file() is None
    assert "bukan basis data Lab Inovasi" in calls["error"][1]
    assert not Path(str(foreign) + ".terkunci").exists()
    choose_file(monkeypatch, None)  # the dialog cancelled
    assert window.open_file() is None and len(calls["error"]) == 2


def test_a_file_with_several_labs_asks_which(qtbot, monkeypatch, db, db_url, tmp_path) -> None:  # noqa: ANN001
    window = make_window(qtbot, db, db_url, spine_ops.create_lab(db, "Lab A").id)
    no_dialogs(monkeypatch, window)
    several = lab_file(tmp_path / "dua.sqlite3", "Lab Satu", "Lab Dua")
    asked: list[list[str]] = []

    def pick(labs, current):  # noqa: ANN001, ANN202
        asked.append([lab.name for lab in labs])
        return None if len(asked) == 1 else str(labs[1].id)

    monkeypatch.setattr(window, "_pick_lab", pick)
    choose_file(monkeypatch, several)
    assert window.open_file() is None  # the list closed: nothing opened, the file free
    assert not Path(str(several) + ".terkunci").exists() and window.successor is None
    new = window.open_file()
    assert new is not None
    qtbot.addWidget(new)
    assert asked == [["Lab Satu", "Lab Dua"]] * 2 and new.lab is not None and new.lab.name == "Lab Dua"
    new.close()
    new.db.close()


def test_recent_menu_and_welcome_page(qtbot, monkeypatch, db, db_url, tmp_path) -> None:  # noqa: ANN001
    kept = lab_file(tmp_path / "ada.sqlite3", "Lab Ada")
    gone = lab_file(tmp_path / "hilang.sqlite3", "Lab Hilang")
    settings = Settings()
    for path in (gone, kept):
        probe = open_database(sqlite_url(path))
        lab = svc.list_labs(probe)[0]
        probe.close()
        settings.remember_recent(
            RecentLab(sqlite_url(path), str(path), str(lab.id), lab.name, "2026-03-04T09:15:00")
        )
    gone.unlink()
    window = make_window(qtbot, db, db_url, None, settings=settings)  # no lab in this file: welcome page
    no_dialogs(monkeypatch, window)
    assert window.stack.currentIndex() == 0
    buttons = window.welcome_recent.findChildren(QCommandLinkButton)
    assert [b.text() for b in buttons] == ["Lab Ada", "Lab Hilang"]
    assert buttons[0].isEnabled() and not buttons[1].isEnabled()
    assert "(berkas tidak ditemukan)" in buttons[1].description()
    assert {b.text() for b in (window.welcome_new, window.welcome_open, window.welcome_demo)} == {
        "Lab baru…",
        "Buka lab…",
        "Coba lab demo",
    }
    window._fill_recent_menu()
    texts = [a.text() for a in window.menu_recent.actions()]
    assert texts[0] == "&1 Lab Ada — ada.sqlite3"
    assert texts[1].startswith("&2 Lab Hilang") and texts[1].endswith("(berkas tidak ditemukan)")
    assert not window.menu_recent.actions()[1].isEnabled() and texts[-1] == "&Kosongkan daftar"
    buttons[0].click()  # one click opens it
    new = window.successor
    assert new is not None
    qtbot.addWidget(new)
    assert new.lab is not None and new.lab.name == "Lab Ada"
    new.clear_recent()
    assert load_settings().recent() == []
    assert [a.isEnabled() for a in new.menu_recent.actions() if a.text() == "&Kosongkan daftar"] == [False]
    new.close()
    new.db.close()
