"""LABINOVASI_HOME covers what Qt writes: the window's geometry is an INI file in the config folder."""

from __future__ import annotations

import argparse
from pathlib import Path

from PySide6.QtCore import QSettings

from labinovasi.settings import window_state_path
from ui.app import create_window, window_settings


def test_geometry_is_kept_in_an_ini_file_under_labinovasi_home(
    qapp, isolated_home: Path, db_url: str
) -> None:  # noqa: ANN001
    args = argparse.Namespace(db_url=db_url, demo=False, lab=None)
    window = create_window(args)
    try:
        window.resize(900, 640)
        window_settings().setValue("window/geometry", window.saveGeometry())
    finally:
        window.close()
        window.db.close()
    path = window_state_path()
    assert path.parent == isolated_home / "config"
    window_settings().sync()
    assert path.is_file() and "[window]" in path.read_text(encoding="utf-8")
    again = create_window(args)
    try:
        assert again.restored_geometry
        assert again.size().width() == 900
    finally:
        again.close()
        again.db.close()


def test_other_qt_settings_land_in_the_same_folder(qapp, isolated_home: Path) -> None:  # noqa: ANN001
    window_settings()
    other = QSettings(QSettings.Scope.UserScope, "QtProject")  # what Qt's file dialog uses
    other.setValue("probe", 1)
    other.sync()
    assert Path(other.fileName()).is_relative_to(isolated_home)
