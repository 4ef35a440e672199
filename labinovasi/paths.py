"""Every directory the app writes to comes from here (platformdirs).

Tests and portable installs set ``LABINOVASI_HOME`` to redirect all of them into one folder. A portable
build (packaging/) whose folder holds ``portabel.txt`` does the same without the variable: everything
goes to ``data-labinovasi/`` beside the program, so the folder runs from a USB stick.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "labinovasi"
HOME_ENV = "LABINOVASI_HOME"
DB_ENV = "LABINOVASI_DB"
PORTABLE_MARKER = "portabel.txt"
PORTABLE_HOME = "data-labinovasi"


def portable_home() -> Path | None:
    """``data-labinovasi/`` beside a packaged program whose folder holds ``portabel.txt``; else None."""
    if not getattr(sys, "frozen", False):
        return None
    folder = Path(sys.executable).resolve().parent
    return folder / PORTABLE_HOME if (folder / PORTABLE_MARKER).is_file() else None


def _home_override() -> Path | None:
    value = os.environ.get(HOME_ENV)
    return Path(value) if value else portable_home()


def data_dir() -> Path:
    base = _home_override()
    path = base / "data" if base else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    base = _home_override()
    path = base / "config" if base else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def backup_dir() -> Path:
    path = data_dir() / "cadangan"
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_url() -> str:
    """The database URL: ``LABINOVASI_DB`` if set, else a SQLite file in the user's data folder."""
    env = os.environ.get(DB_ENV)
    if env:
        return env
    return f"sqlite:///{(data_dir() / 'labinovasi.sqlite3').as_posix()}"


def write_atomically(path: str | Path, content: bytes) -> Path:
    """Write ``content`` to ``path`` through a ``.part`` file beside it, so a failure (a full disk,
    a file open in another program) leaves the old file as it was."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_bytes(content)
        tmp.replace(path)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise
    return path
