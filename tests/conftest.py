"""Shared fixtures. Every test runs with its own home folder (no real user folders are touched)
and, for GUI tests, Qt's offscreen platform."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

try:
    import pytestqt  # noqa: F401

    HAVE_QT = True
except ImportError:  # the core lane runs without Qt
    HAVE_QT = False


def pytest_addoption(parser: pytest.Parser) -> None:
    if not HAVE_QT:  # keep --strict-config happy about pytest-qt's settings
        parser.addini("qt_api", "pytest-qt's Qt binding (unused without Qt)")
        parser.addini("qt_log_level_fail", "pytest-qt's log level (unused without Qt)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        names = getattr(item, "fixturenames", ())
        if "qtbot" in names or "qapp" in names or "window" in names:
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("LABINOVASI_HOME", str(home))
    monkeypatch.delenv("LABINOVASI_DB", raising=False)
    monkeypatch.delenv("LABINOVASI_LANG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg-data"))
    return home


@pytest.fixture(autouse=True)
def no_leftover_threads() -> Iterator[None]:
    before = {t.ident for t in threading.enumerate()}
    yield
    left = [t for t in threading.enumerate() if t.ident not in before and t.is_alive() and not t.daemon]
    assert not left, f"test left threads running: {left}"


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{(tmp_path / 'lab.sqlite3').as_posix()}"


@pytest.fixture
def db(db_url: str):  # noqa: ANN201
    from labinovasi.db.engine import open_database

    database = open_database(db_url)
    yield database
    database.close()


@pytest.fixture
def demo_lab(db):  # noqa: ANN001, ANN201
    from labinovasi.ops.demo import create_demo_lab

    return create_demo_lab(db)


@pytest.fixture
def english() -> Iterator[None]:
    """The app in English for one test; Indonesian again afterwards."""
    from labinovasi import i18n

    i18n.set_language("en")
    try:
        yield
    finally:
        i18n.set_language("id")
