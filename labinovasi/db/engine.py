"""Opening a database: engine, SQLite pragmas, and the Alembic lifecycle at start-up.

* a new (empty) database is created from the models and stamped at the migration head;
* an older one is copied to a timestamped backup, then upgraded;
* one that is newer than this app, corrupt, locked, or not a Lab Inovasi database is refused
  with a clear message (:class:`DatabaseOpenError`), and nothing in it is changed.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from labinovasi import paths
from labinovasi.db.models import Base
from labinovasi.i18n import _

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class DatabaseOpenError(RuntimeError):
    """The database cannot be used; ``str(exc)`` is one clear Indonesian sentence."""


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def _known_revisions() -> set[str]:
    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001 - DB-API objects
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    try:
        cur.execute("PRAGMA journal_mode=WAL")
    except sqlite3.OperationalError:  # a read-only medium: stay in the default journal mode
        pass
    cur.close()


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseOpenError(_("Alamat basis data tidak valid: {url}").format(url=url)) from exc
    try:
        if parsed.get_backend_name() == "sqlite":
            db = parsed.database
            if db and db != ":memory:":
                folder = Path(db).expanduser().resolve().parent
                if not folder.is_dir():
                    raise DatabaseOpenError(_("Folder basis data tidak ada: {folder}").format(folder=folder))
            engine = create_engine(parsed)
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(parsed, pool_pre_ping=True)
    except ImportError as exc:
        raise DatabaseOpenError(
            _("Driver basis data untuk {backend} belum terpasang ({err}).").format(
                backend=parsed.get_backend_name(), err=exc.name or exc)
        ) from exc
    except ArgumentError as exc:
        raise DatabaseOpenError(_("Alamat basis data tidak valid: {url}").format(url=url)) from exc
    return engine


def _sqlite_file(engine: Engine) -> Path | None:
    url = engine.url
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database)
    return None


def backup_sqlite(engine: Engine, reason: str = "cadangan") -> Path | None:
    """Copy a SQLite database (consistently, with the backup API) into the backup folder."""
    src = _sqlite_file(engine)
    if src is None or not src.exists():
        return None
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    dest = paths.backup_dir() / f"{src.stem}-{reason}-{stamp}{src.suffix or '.sqlite3'}"
    n = 1
    while dest.exists():
        dest = dest.with_name(f"{src.stem}-{reason}-{stamp}-{n}{src.suffix or '.sqlite3'}")
        n += 1
    with sqlite3.connect(src) as s, sqlite3.connect(dest) as d:
        s.backup(d)
    d.close()
    s.close()
    return dest


def rotate_backups(keep: int = 10) -> None:
    files = sorted(paths.backup_dir().glob("*-harian-*"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[keep:]:
        old.unlink(missing_ok=True)


@dataclass
class Database:
    engine: Engine
    sessions: sessionmaker[Session]
    backup: Path | None = None  # the pre-upgrade backup made while opening, if any

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One session per operation: committed on success, rolled back on error."""
        with self.sessions() as s:
            try:
                yield s
                s.commit()
            except Exception:
                s.rollback()
                raise

    def close(self) -> None:
        self.engine.dispose()


def _describe(exc: Exception) -> str:
    text = str(getattr(exc, "orig", exc)).lower()
    if "locked" in text or "busy" in text:
        return _("Basis data sedang dikunci oleh program lain. Tutup program itu lalu coba lagi.")
    if "not a database" in text or "malformed" in text or "encrypted" in text:
        return _("Berkas basis data rusak atau bukan basis data Lab Inovasi.")
    if "unable to open" in text or "readonly" in text or "read-only" in text:
        return _("Berkas basis data tidak dapat dibuka atau ditulisi.")
    return _("Basis data tidak dapat dibuka: {err}").format(err=str(getattr(exc, "orig", exc)).splitlines()[0])


def _upgrade(engine: Engine) -> None:
    """Run the migrations. On SQLite, foreign keys are off meanwhile: a migration that rebuilds a
    table (Alembic's batch mode) drops the old one, and with foreign keys on that drop would cascade
    into the rows that refer to it. They are checked before the upgrade is committed."""
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        if sqlite:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        try:
            with conn.begin():
                cfg = alembic_config()
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                if sqlite and conn.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                    raise DatabaseOpenError(_("Pembaruan basis data dibatalkan: ada rujukan data yang rusak."))
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()


def open_database(url: str | None = None) -> Database:
    """Open (and create or upgrade if needed) the database at ``url``."""
    url = url or paths.default_db_url()
    engine = make_engine(url)
    backup = None
    try:
        with engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
            tables = set(inspect(conn).get_table_names())
        head = head_revision()
        if current is None:
            if tables - {"alembic_version"}:
                raise DatabaseOpenError(_("Basis data ini berisi tabel lain dan bukan basis data Lab Inovasi."))
            with engine.begin() as conn:
                Base.metadata.create_all(conn)
                cfg = alembic_config()
                cfg.attributes["connection"] = conn
                command.stamp(cfg, "head")
        elif current != head:
            if current not in _known_revisions():
                raise DatabaseOpenError(
                    _("Basis data ini dibuat oleh versi Lab Inovasi yang lebih baru. "
                      "Perbarui aplikasi untuk membukanya; data tidak diubah.")
                )
            backup = backup_sqlite(engine, reason=f"sebelum-migrasi-{current}")
            _upgrade(engine)
    except DatabaseOpenError:
        engine.dispose()
        raise
    except (OperationalError, DatabaseError, sqlite3.DatabaseError) as exc:
        engine.dispose()
        raise DatabaseOpenError(_describe(exc)) from exc
    return Database(engine=engine, sessions=sessionmaker(engine, expire_on_commit=False), backup=backup)
