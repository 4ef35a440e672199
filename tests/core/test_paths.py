"""Where the app writes: LABINOVASI_HOME, and a portable build's own folder."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from labinovasi import paths
from labinovasi.settings import window_state_path


def test_labinovasi_home_holds_data_config_backups_and_the_window_state(isolated_home: Path) -> None:
    assert paths.data_dir() == isolated_home / "data"
    assert paths.config_dir() == isolated_home / "config"
    assert paths.backup_dir() == isolated_home / "data" / "cadangan"
    assert window_state_path() == isolated_home / "config" / "jendela.ini"
    assert paths.default_db_url().endswith((isolated_home / "data" / "labinovasi.sqlite3").as_posix())


def test_a_portable_build_with_its_marker_keeps_everything_beside_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(paths.HOME_ENV)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "labinovasi.exe"))
    assert paths.portable_home() is None  # no marker: the user's own folders
    (tmp_path / paths.PORTABLE_MARKER).write_text("portabel", encoding="utf-8")
    assert paths.data_dir() == tmp_path / "data-labinovasi" / "data"
    assert paths.config_dir() == tmp_path / "data-labinovasi" / "config"
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path / "lain"))  # the variable still wins
    assert paths.data_dir() == tmp_path / "lain" / "data"


def test_a_checkout_is_never_portable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    (tmp_path / paths.PORTABLE_MARKER).write_text("", encoding="utf-8")
    assert paths.portable_home() is None
