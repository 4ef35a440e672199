"""Shared fixtures. Every test runs with its own home folder (no real user folders are touched)
and, for GUI tests, Qt's offscreen platform."""

from __future__ import annotations

import os
import threading
import uuid
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


# A PostgreSQL database to run the tests marked ``postgresql`` against as well (``.ci/pg-cluster`` makes
# one): each such test then runs twice, on SQLite and in a schema of its own on this server. Without it
# they run on SQLite only (the header says so).
PG_ENV = "LABINOVASI_TEST_PG"


def pytest_report_header(config: pytest.Config) -> str:
    server = os.environ.get(PG_ENV)
    return f"PostgreSQL: {server}" if server else f"PostgreSQL: not tested ({PG_ENV} is not set)"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if (
        os.environ.get(PG_ENV)
        and "backend" in metafunc.fixturenames
        and metafunc.definition.get_closest_marker("postgresql")
        and not metafunc.definition.get_closest_marker("sqlite_only")
    ):
        metafunc.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """The database the test's ``db_url`` is on: "sqlite", or "postgresql" in tests marked so."""
    return getattr(request, "param", "sqlite")


@pytest.fixture
def db_url(tmp_path: Path, backend: str) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{(tmp_path / 'lab.sqlite3').as_posix()}"
        return
    server = os.environ.get(PG_ENV)
    if not server:
        pytest.skip(f"PostgreSQL: {PG_ENV} is not set")
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(server)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    url = make_url(server).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        try:
            with admin.begin() as conn:
                conn.exec_driver_sql("SET LOCAL lock_timeout = '2s'")
                conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        except Exception:  # noqa: BLE001 - still in use by a leftover connection: the cluster is throwaway
            pass
        admin.dispose()


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
