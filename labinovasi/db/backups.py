"""Backups of a SQLite lab database: taken with SQLite's online backup API, kept in the data folder's
``cadangan/``, rotated, listed with what each one held, and restored.

A backup is named ``<database name>.<YYYYmmdd-HHMMSS>.<reason>.sqlite3``; the reason says when it was
taken (on opening, every 15 minutes of editing, before a migration, an import or a restore, or by
hand). Rotation keeps the ten newest, the newest of each of the last 14 days and the newest of each
month for a year (:func:`to_keep`); the rest of that database's backups are removed.

A restore first checks the backup (a Lab Inovasi database, intact, not from a newer app), then backs up
the current state, then copies the backup's pages over the live file and brings its schema up to date.
A shared server (PostgreSQL) is backed up with its own tools (``pg_dump``); these functions refuse it.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from sqlalchemy.engine import make_url

from labinovasi import paths
from labinovasi.i18n import _

SUFFIX = ".sqlite3"
STAMP = "%Y%m%d-%H%M%S"
KEEP_NEWEST, KEEP_DAYS, KEEP_MONTHS = 10, 14, 12
EDIT_INTERVAL = dt.timedelta(minutes=15)  # the window backs up this often while edits come in

# reason -> how the list names it
REASONS = {
    "buka": "saat dibuka",
    "berkala": "berkala (setiap 15 menit)",
    "manual": "dibuat manual",
    "sebelum-impor": "sebelum impor",
    "sebelum-pemulihan": "sebelum pemulihan",
    "sebelum-gabung": "sebelum penggabungan",
}
_NAME = re.compile(
    r"^(?P<stem>.+)\.(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?\.(?P<reason>[a-z0-9_-]+)\.sqlite3$"
)
# backups named before this scheme: "<stem>-<reason>-<stamp>.sqlite3"
_OLD_NAME = re.compile(
    r"^(?P<stem>.+?)-(?P<reason>sebelum-migrasi-[^.]+|cadangan|harian)-(?P<stamp>\d{8}-\d{6})"
    r"(?:-(?P<n>\d+))?\.sqlite3$"
)


class BackupError(ValueError):
    """A backup or a restore cannot be done; ``str(exc)`` is one clear Indonesian sentence (a ValueError,
    as every core message meant for people)."""


@dataclass(frozen=True)
class Contents:
    """What a backup held (records not deleted)."""

    labs: tuple[str, ...]
    units: int
    ideas: int
    worksheets: int

    def describe(self) -> str:
        if not self.labs:
            return _("belum ada lab")
        return _("{labs}: {units} unit, {ideas} ide, {sheets} lembar kerja").format(
            labs="; ".join(self.labs), units=self.units, ideas=self.ideas, sheets=self.worksheets
        )


@dataclass(frozen=True)
class Backup:
    path: Path
    taken: dt.datetime
    reason: str

    @property
    def size(self) -> int:
        try:
            return self.path.stat().st_size
        except OSError:
            return 0

    @property
    def reason_label(self) -> str:
        if self.reason.startswith("sebelum-migrasi"):
            return _("sebelum pembaruan basis data")
        return _(REASONS[self.reason]) if self.reason in REASONS else self.reason

    def contents(self) -> Contents | None:
        """What the backup held, or None when it cannot be read."""
        return read_contents(self.path)


def database_file(url: str) -> Path:
    """The SQLite file of ``url``; a server database or an in-memory one is refused."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        raise BackupError(
            _(
                "Cadangan otomatis hanya untuk berkas SQLite; basis data server dicadangkan dengan "
                "alat server itu (misalnya pg_dump)."
            )
        )
    return Path(parsed.database).expanduser().resolve()


def _parse(path: Path) -> tuple[str, dt.datetime, str] | None:
    match = _NAME.match(path.name) or _OLD_NAME.match(path.name)
    if match is None:
        return None
    try:
        taken = dt.datetime.strptime(match["stamp"], STAMP)
    except ValueError:
        return None
    return match["stem"], taken, match["reason"]


def list_backups(db_file: Path, folder: Path | None = None) -> list[Backup]:
    """The backups of ``db_file`` in the backup folder, newest first."""
    folder = folder or paths.backup_dir()
    out = []
    for p in folder.glob(f"*{SUFFIX}"):
        parsed = _parse(p)
        if parsed is not None and parsed[0] == db_file.stem:
            out.append(Backup(p, parsed[1], parsed[2]))
    return sorted(out, key=lambda b: (b.taken, _mtime(b.path)), reverse=True)


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def _connect_readonly(file: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{quote(file.as_posix())}?mode=ro", uri=True)


def _copy(src: sqlite3.Connection, dest_file: Path) -> None:
    dest = sqlite3.connect(dest_file)
    try:
        src.backup(dest)
    finally:
        dest.close()


def take_backup(
    db_file: Path,
    reason: str,
    now: dt.datetime | None = None,
    folder: Path | None = None,
    out: Path | None = None,
) -> Backup:
    """Copy ``db_file`` consistently (it may be in use) to the backup folder, or to ``out``."""
    if not db_file.is_file():
        raise BackupError(_("Berkas basis data tidak ditemukan: {file}").format(file=db_file))
    now = now or dt.datetime.now()
    if out is None:
        folder = folder or paths.backup_dir()
        stamp = now.strftime(STAMP)
        out = folder / f"{db_file.stem}.{stamp}.{reason}{SUFFIX}"
        n = 1
        while out.exists():
            out = folder / f"{db_file.stem}.{stamp}-{n}.{reason}{SUFFIX}"
            n += 1
    tmp = out.with_name(out.name + ".sementara")
    try:
        src = _connect_readonly(db_file)
        try:
            src.execute("PRAGMA busy_timeout=5000")
            _copy(src, tmp)
        finally:
            src.close()
        tmp.replace(out)
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise BackupError(_describe(exc, _("Cadangan tidak dapat dibuat"))) from exc
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise BackupError(
            _("Cadangan tidak dapat ditulis ke {file}: {err}").format(
                file=out.parent, err=exc.strerror or exc
            )
        ) from exc
    return Backup(out, now.replace(microsecond=0), reason)


def _describe(exc: sqlite3.Error, what: str) -> str:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return _("{what}: basis data sedang dikunci. Coba lagi sebentar lagi.").format(what=what)
    if "full" in text:
        return _("{what}: disk penuh.").format(what=what)
    if "not a database" in text or "malformed" in text:
        return _("{what}: berkas rusak atau bukan basis data.").format(what=what)
    return _("{what}: berkas tidak dapat dibaca atau ditulisi.").format(what=what)


def to_keep(backups: Iterable[Backup], now: dt.datetime) -> set[Path]:
    """The backups rotation keeps: the newest ten, the newest of each of the last 14 days and the newest
    of each of the last 12 months."""
    ordered = sorted(backups, key=lambda b: (b.taken, b.path.name), reverse=True)
    keep = {b.path for b in ordered[:KEEP_NEWEST]}
    days: set[dt.date] = set()
    months: set[tuple[int, int]] = set()
    for b in ordered:
        day = b.taken.date()
        if (now.date() - day).days < KEEP_DAYS and day not in days:
            days.add(day)
            keep.add(b.path)
        month = (b.taken.year, b.taken.month)
        if (now.year - b.taken.year) * 12 + now.month - b.taken.month < KEEP_MONTHS and month not in months:
            months.add(month)
            keep.add(b.path)
    return keep


def rotate(db_file: Path, now: dt.datetime | None = None, folder: Path | None = None) -> list[Path]:
    """Remove the backups of ``db_file`` that :func:`to_keep` does not keep; returns what was removed."""
    backups = list_backups(db_file, folder)
    keep = to_keep(backups, now or dt.datetime.now())
    removed = []
    for b in backups:
        if b.path not in keep:
            b.path.unlink(missing_ok=True)
            removed.append(b.path)
    return removed


def backup_and_rotate(db_file: Path, reason: str, now: dt.datetime | None = None) -> Backup:
    backup = take_backup(db_file, reason, now)
    rotate(db_file, now)
    return backup


def _count(conn: sqlite3.Connection, table: str, live: bool) -> int:
    where = " WHERE deleted_at IS NULL" if live else ""
    return int(conn.execute(f"SELECT COUNT(*) FROM {table}{where}").fetchone()[0])  # noqa: S608 - fixed names


def read_contents(file: Path) -> Contents | None:
    """What a lab database file holds, read without changing it; None when it cannot be read."""
    try:
        conn = _connect_readonly(file)
        try:
            live = any(r[1] == "deleted_at" for r in conn.execute("PRAGMA table_info(lab)"))
            where = " WHERE deleted_at IS NULL" if live else ""
            labs = tuple(r[0] for r in conn.execute(f"SELECT name FROM lab{where} ORDER BY name"))  # noqa: S608
            return Contents(
                labs,
                _count(conn, "unit", live),
                _count(conn, "idea", live),
                _count(conn, "worksheet_entry", live),
            )
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def check_backup(file: Path) -> Contents:
    """Whether ``file`` can be restored: a Lab Inovasi database, intact, not from a newer app."""
    from labinovasi.db.engine import _known_revisions  # noqa: PLC0415 - the engine imports SQLAlchemy's ORM

    what = _("Cadangan tidak dapat dipulihkan")
    if not file.is_file():
        raise BackupError(_("Berkas cadangan tidak ditemukan: {file}").format(file=file))
    try:
        conn = _connect_readonly(file)
        try:
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BackupError(_("{what}: berkasnya rusak.").format(what=what))
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not {"alembic_version", "lab", "unit", "idea"} <= tables:
                raise BackupError(_("{what}: berkas ini bukan basis data Lab Inovasi.").format(what=what))
            revisions = {r[0] for r in conn.execute("SELECT version_num FROM alembic_version")}
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise BackupError(_describe(exc, what)) from exc
    if not revisions <= _known_revisions():
        raise BackupError(
            _("{what}: cadangan ini dibuat oleh versi Lab Inovasi yang lebih baru.").format(what=what)
        )
    contents = read_contents(file)
    if contents is None:  # pragma: no cover - quick_check passed and the tables are there
        raise BackupError(_("{what}: isinya tidak terbaca.").format(what=what))
    return contents


def _keep_current(db_file: Path, now: dt.datetime | None) -> Backup:
    """The state a restore replaces: a backup, or, when SQLite cannot read the file (it is damaged), a
    plain copy of its bytes."""
    try:
        return take_backup(db_file, "sebelum-pemulihan", now)
    except BackupError:
        when = now or dt.datetime.now()
        out = paths.backup_dir() / f"{db_file.stem}.{when.strftime(STAMP)}.sebelum-pemulihan{SUFFIX}"
        try:
            shutil.copyfile(db_file, out)
        except OSError as exc:
            raise BackupError(
                _("Keadaan sekarang tidak dapat disimpan dulu, jadi pemulihan dibatalkan: {err}").format(
                    err=exc.strerror or exc
                )
            ) from exc
        return Backup(out, when.replace(microsecond=0), "sebelum-pemulihan")


def _replace(src: sqlite3.Connection, db_file: Path) -> None:
    """Write ``src`` to a new file beside ``db_file`` and put it in its place, with the old file's
    write-ahead log and index gone (nothing has the file open during a restore)."""
    fresh = db_file.with_name(db_file.name + ".pemulihan")
    fresh.unlink(missing_ok=True)
    _copy(src, fresh)
    for extra in ("-wal", "-shm", "-journal"):
        db_file.with_name(db_file.name + extra).unlink(missing_ok=True)
    fresh.replace(db_file)


def restore(db_file: Path, backup_file: Path, now: dt.datetime | None = None) -> Backup:
    """Put ``backup_file`` in place of ``db_file`` (close every connection to it first) and bring its
    schema up to date. The current state is backed up first; that backup is returned."""
    from labinovasi.db.engine import open_database  # noqa: PLC0415

    check_backup(backup_file)
    if backup_file.resolve() == db_file.resolve():
        raise BackupError(_("Cadangan tidak dapat dipulihkan ke berkasnya sendiri."))
    safety = _keep_current(db_file, now) if db_file.is_file() else None
    try:
        src = _connect_readonly(backup_file)
        try:
            try:
                _copy(src, db_file)  # page by page into the live file (SQLite keeps its journal right)
            except sqlite3.DatabaseError:
                _replace(src, db_file)  # the live file is too damaged to write into: a new file instead
        finally:
            src.close()
    except (sqlite3.Error, OSError) as exc:
        what = _("Pemulihan gagal; data sebelumnya ada di cadangan terbaru")
        if isinstance(exc, OSError):
            raise BackupError(_("{what}: {err}").format(what=what, err=exc.strerror or exc)) from exc
        raise BackupError(_describe(exc, what)) from exc
    restored = open_database(f"sqlite:///{db_file.as_posix()}")  # an older backup is upgraded now
    try:
        with restored.engine.begin() as conn:  # the restored copy writes under a new replica id
            conn.exec_driver_sql("DELETE FROM sync_meta WHERE key IN ('replica', 'replica_device')")
    finally:
        restored.close()
    rotate(db_file, now)
    return safety or Backup(backup_file, now or dt.datetime.now(), "sebelum-pemulihan")
