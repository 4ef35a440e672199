"""Opening a database: engine, SQLite pragmas, and the Alembic lifecycle at start-up.

* a new (empty) database is created from the models and stamped at the migration head;
* an older one is copied to a timestamped backup, then upgraded;
* one that is newer than this app, corrupt, locked, or not a Lab Inovasi database is refused
  with a clear message (:class:`DatabaseOpenError`), and nothing in it is changed.

Opening a database that is up to date costs one plain query: the revision is read from
``alembic_version`` and compared with the head read from the migration scripts' own
``revision = ...`` lines. Alembic itself (a large import) is loaded only to create, stamp or upgrade.
"""

from __future__ import annotations

import ast
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError, ProgrammingError
from sqlalchemy.orm import Session, sessionmaker

from labinovasi import paths
from labinovasi.db.models import Base
from labinovasi.i18n import _

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class DatabaseOpenError(RuntimeError):
    """The database cannot be used; ``str(exc)`` is one clear Indonesian sentence."""


class EmptyDatabaseFile(DatabaseOpenError):
    """The file exists and is empty (0 bytes): a new lab is made in it only when asked
    (``open_database(url, create_in_empty=True)``), never silently."""


class CorruptDatabaseFile(DatabaseOpenError):
    """SQLite's own check failed; ``backup`` is the newest backup of the file, to offer (or None)."""

    def __init__(self, message: str, backup: Path | None = None):
        super().__init__(message)
        self.backup = backup


SQLITE_HEADER = b"SQLite format 3\x00"
# tables of the derived search index (``labinovasi.services.search``): a cache outside the schema
SEARCH_CACHE_PREFIX = "search_index"
QUICK_CHECK_SECONDS = 1.0  # a big file is checked as far as this allows; the rest is trusted


def alembic_config() -> Config:
    from alembic.config import Config  # noqa: PLC0415 - Alembic loads only when a migration runs

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


@cache
def _script_revisions() -> tuple[frozenset[str], frozenset[str]]:
    """(revisions, revisions that another one revises) read from the migration scripts' module-level
    ``revision`` and ``down_revision`` assignments, without importing them or Alembic."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        values: dict[str, object] = {}
        for node in ast.parse(script.read_text(encoding="utf-8"), str(script)).body:
            if isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
                        values[target.id] = ast.literal_eval(node.value) if node.value is not None else None
        rev = values.get("revision")
        if not isinstance(rev, str):
            continue  # __init__.py and helpers
        revisions.add(rev)
        down = values.get("down_revision")
        parents.update([down] if isinstance(down, str) else list(down or ()))  # type: ignore[call-overload]
    return frozenset(revisions), frozenset(parents)


def head_revision() -> str:
    """The newest migration this app ships."""
    revisions, parents = _script_revisions()
    heads = revisions - parents
    if len(heads) == 1:
        return next(iter(heads))
    from alembic.script import ScriptDirectory  # noqa: PLC0415 - branches: let Alembic decide

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def _known_revisions() -> set[str]:
    return set(_script_revisions()[0])


def current_revision(engine: Engine) -> str | None:
    """The revision a database is stamped with (one plain query), or ``None`` when it has none."""
    try:
        with engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all()
    except (OperationalError, ProgrammingError):
        with engine.connect() as conn:  # a locked or broken file fails here too, and that error is kept
            if inspect(conn).has_table("alembic_version"):
                raise
        return None
    if len(rows) > 1:  # branches this app never makes: a newer app's database
        return ",".join(sorted(rows))
    return rows[0] if rows else None


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001 - DB-API objects
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def _use_wal(engine: Engine) -> None:
    """Switch a checked Lab Inovasi file to WAL (kept in the file): only after it is known to be one, so
    a foreign file is refused unchanged."""
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA journal_mode=WAL")
    except OperationalError:  # a read-only medium: stay in the default journal mode
        pass


def _check_file(engine: Engine, create_in_empty: bool, immutable: bool = False) -> None:
    """Before anything touches an existing SQLite file: it is not empty (unless a new lab was asked for),
    it starts as a SQLite database, and SQLite's quick check finds nothing wrong in the time allowed."""
    file = _sqlite_file(engine)
    if file is None or not file.exists():
        return
    try:
        with file.open("rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseOpenError(
            _("Berkas basis data tidak dapat dibaca: {err}").format(err=exc.strerror or exc)
        ) from exc
    if not head:
        if create_in_empty:
            return
        raise EmptyDatabaseFile(
            _("Berkas {name} kosong (0 bita), jadi tidak ada lab di dalamnya.").format(name=file.name)
        )
    if head != SQLITE_HEADER:
        raise DatabaseOpenError(
            _("Berkas {name} rusak atau bukan basis data Lab Inovasi.").format(name=file.name)
        )
    if not _quick_check(file, immutable):
        from labinovasi.db.backups import list_backups  # noqa: PLC0415

        found = list_backups(file.resolve())
        newest = found[0].path if found else None
        hint = (
            _(" Cadangan terbaru: {name}.").format(name=newest.name)
            if newest
            else _(" Belum ada cadangannya di folder cadangan.")
        )
        raise CorruptDatabaseFile(
            _("Berkas basis data {name} rusak (pemeriksaan SQLite gagal); tidak ada yang diubah.").format(
                name=file.name
            )
            + hint,
            newest,
        )


def writable(file: Path) -> bool:
    """Whether SQLite can write to ``file``: the file opens for writing and its folder takes a new file
    (for the journal). Tried, not asked: a read-only medium, missing permissions and an immutable file
    all say no the same way, even to an administrator."""
    import os  # noqa: PLC0415

    try:
        with file.open("r+b"):
            pass
        probe = file.with_name(f".{file.name}.{os.getpid()}.tulis")
        probe.touch()
        probe.unlink()
    except OSError:
        return False
    return True


def _readonly_uri(file: Path, immutable: bool) -> str:
    """A SQLite URI that opens ``file`` for reading only; ``immutable`` for read-only media (no locks,
    no shared-memory file beside it: nothing can be written there)."""
    from urllib.parse import quote  # noqa: PLC0415

    return f"file:{quote(file.resolve().as_posix())}?mode=ro" + ("&immutable=1" if immutable else "")


def _quick_check(file: Path, immutable: bool = False) -> bool:
    """SQLite's ``quick_check`` on a read-only connection; True when it passes or runs out of time."""
    import time  # noqa: PLC0415

    deadline = time.monotonic() + QUICK_CHECK_SECONDS
    try:
        conn = sqlite3.connect(_readonly_uri(file, immutable), uri=True)
    except sqlite3.Error:
        return False
    try:
        conn.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
        rows = conn.execute("PRAGMA quick_check").fetchall()
        return rows == [("ok",)]
    except sqlite3.OperationalError as exc:
        if "interrupt" in str(exc).lower():
            return True  # too big to finish in time: trusted, as before
        return (
            "locked" in str(exc).lower() or "busy" in str(exc).lower()
        )  # in use elsewhere: not ours to judge
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()


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
                backend=parsed.get_backend_name(), err=exc.name or exc
            )
        ) from exc
    except ArgumentError as exc:
        raise DatabaseOpenError(_("Alamat basis data tidak valid: {url}").format(url=url)) from exc
    return engine


def _sqlite_file(engine: Engine) -> Path | None:
    url = engine.url
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database)
    return None


def backup_sqlite(engine: Engine, reason: str = "manual") -> Path | None:
    """Copy a SQLite database (consistently, with the backup API) into the backup folder."""
    from labinovasi.db.backups import take_backup  # noqa: PLC0415

    src = _sqlite_file(engine)
    if src is None or not src.exists():
        return None
    return take_backup(src, reason).path


@dataclass
class Database:
    engine: Engine
    sessions: sessionmaker[Session]
    backup: Path | None = None  # the pre-upgrade backup made while opening, if any
    read_only: bool = False  # a file on read-only media (or without write permission): view and export

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

    @property
    def file(self) -> Path | None:
        """The SQLite file, or None for a server or in-memory database."""
        return _sqlite_file(self.engine)

    def take_backup(self, reason: str) -> Path | None:
        """Back the SQLite file up (see :mod:`labinovasi.db.backups`) and rotate its backups; None for a
        database that is not a file (a server is backed up with its own tools)."""
        from labinovasi.db.backups import backup_and_rotate  # noqa: PLC0415

        file = self.file
        if file is None or not file.exists():
            return None
        return backup_and_rotate(file.resolve(), reason).path


def _describe(exc: Exception) -> str:
    text = str(getattr(exc, "orig", exc)).lower()
    if "locked" in text or "busy" in text:
        return _("Basis data sedang dikunci oleh program lain. Tutup program itu lalu coba lagi.")
    if "not a database" in text or "malformed" in text or "encrypted" in text:
        return _("Berkas basis data rusak atau bukan basis data Lab Inovasi.")
    if "unable to open" in text or "readonly" in text or "read-only" in text:
        return _("Berkas basis data tidak dapat dibuka atau ditulisi.")
    if "authentication failed" in text or "no password supplied" in text:
        return _("Server basis data menolak nama pengguna atau sandinya. Periksa alamat --db.")
    if "does not exist" in text and "database" in text:
        return _("Basis data itu belum dibuat di server. Buat dulu (createdb), lalu coba lagi.")
    if "connection" in text and ("failed" in text or "refused" in text or "timeout" in text):
        return _("Server basis data tidak dapat dihubungi. Periksa alamat --db dan jaringannya.")
    return _("Basis data tidak dapat dibuka: {err}").format(
        err=str(getattr(exc, "orig", exc)).splitlines()[0]
    )


def _newer_app() -> DatabaseOpenError:
    return DatabaseOpenError(
        _(
            "Basis data ini dibuat oleh versi Lab Inovasi yang lebih baru. Perbarui aplikasi untuk membukanya; data tidak diubah."
        )
    )


@contextmanager
def _refusing(engine: Engine) -> Iterator[None]:
    """Opening failed inside: the engine goes, and a database error becomes one sentence for people."""
    try:
        yield
    except (OperationalError, DatabaseError, sqlite3.DatabaseError) as exc:
        engine.dispose()
        raise DatabaseOpenError(_describe(exc)) from exc
    except BaseException:
        engine.dispose()
        raise


def _upgrade(engine: Engine) -> None:
    """Run the migrations. On SQLite, foreign keys are off meanwhile: a migration that rebuilds a
    table (Alembic's batch mode) drops the old one, and with foreign keys on that drop would cascade
    into the rows that refer to it. They are checked before the upgrade is committed."""
    sqlite = engine.dialect.name == "sqlite"
    from alembic import command  # noqa: PLC0415

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
                    raise DatabaseOpenError(
                        _("Pembaruan basis data dibatalkan: ada rujukan data yang rusak.")
                    )
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()


def open_database(url: str | None = None, create_in_empty: bool = False) -> Database:
    """Open (and create or upgrade if needed) the database at ``url``. An existing SQLite file is checked
    before anything writes to it (see :func:`_check_file`); an empty one becomes a new lab only with
    ``create_in_empty``."""
    url = url or paths.default_db_url()
    engine = make_engine(url)
    file = _sqlite_file(engine)
    if file is not None and file.is_file() and file.stat().st_size > 0 and not writable(file):
        engine.dispose()
        return _open_read_only(url, file)
    backup = None
    with _refusing(engine):
        _check_file(engine, create_in_empty)
        current = current_revision(engine)
        head = head_revision()
        if current is None:
            with engine.connect() as conn:
                tables = set(inspect(conn).get_table_names())
            # the search cache (labinovasi.services.search) is no sign of a foreign file
            if {t for t in tables if not t.startswith(SEARCH_CACHE_PREFIX)} - {"alembic_version"}:
                raise DatabaseOpenError(
                    _("Basis data ini berisi tabel lain dan bukan basis data Lab Inovasi.")
                )
            from alembic import command  # noqa: PLC0415

            with engine.begin() as conn:
                Base.metadata.create_all(conn)
                cfg = alembic_config()
                cfg.attributes["connection"] = conn
                command.stamp(cfg, "head")
        elif current != head:
            if current not in _known_revisions():
                raise _newer_app()
            backup = backup_sqlite(engine, reason=f"sebelum-migrasi-{current}")
            _upgrade(engine)
        if engine.dialect.name == "sqlite":
            _use_wal(engine)
    return Database(engine=engine, sessions=sessionmaker(engine, expire_on_commit=False), backup=backup)


def _open_read_only(url: str, file: Path) -> Database:
    """A Lab Inovasi file that cannot be written (read-only media, no permission): checked as carefully,
    then opened for viewing and exporting only (``Database.read_only``). It must be of this app's own
    schema: an older one cannot be upgraded where it lies."""
    probe = make_engine(url)
    try:
        _check_file(probe, create_in_empty=False, immutable=True)
    finally:
        probe.dispose()
    engine = _readonly_engine(file, immutable=True)
    with _refusing(engine):
        current = current_revision(engine)
        if current != head_revision():
            if current is None or current in _known_revisions():
                raise DatabaseOpenError(
                    _(
                        "Berkas {name} hanya dapat dibaca dan perlu diperbarui untuk versi aplikasi ini. Salin "
                        "berkasnya ke folder yang dapat ditulisi, lalu buka salinannya."
                    ).format(name=file.name)
                    if current is not None
                    else _("Berkas {name} bukan basis data Lab Inovasi.").format(name=file.name)
                )
            raise _newer_app()
    return Database(engine=engine, sessions=sessionmaker(engine, expire_on_commit=False), read_only=True)


def _readonly_engine(file: Path, immutable: bool = False) -> Engine:
    engine = create_engine(f"sqlite:///{_readonly_uri(file, immutable)}&uri=true")

    def readonly(dbapi_conn, _record) -> None:  # noqa: ANN001 - DB-API objects
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA query_only=ON")
        cur.execute("PRAGMA busy_timeout=5000")
        cur.close()

    event.listen(engine, "connect", readonly)
    return engine


def open_database_readonly(url: str) -> Database:
    """Open a database that :func:`open_database` already checked, for reading only (a worker process
    that prints). A SQLite file is opened with a ``mode=ro`` URI, and a PostgreSQL database with
    ``default_transaction_read_only``, so nothing in it can change."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        file = Path(parsed.database).expanduser().resolve()
        engine = _readonly_engine(file, immutable=not writable(file))
    elif parsed.get_backend_name() == "postgresql":  # every transaction of these sessions is read-only
        given = parsed.query.get("options") or ()
        options = " ".join(
            [*((given,) if isinstance(given, str) else given), "-c default_transaction_read_only=on"]
        )
        engine = make_engine(parsed.update_query_dict({"options": options}).render_as_string(False))
    else:
        engine = make_engine(url)
    return Database(engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))
