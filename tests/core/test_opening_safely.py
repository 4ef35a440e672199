"""Opening a file safely: nothing is written to a file until it is known to be a Lab Inovasi database,
an empty file becomes a lab only when asked, a damaged one is refused with its newest backup named."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from labinovasi.cli import main
from labinovasi.db import backups
from labinovasi.db.engine import CorruptDatabaseFile, DatabaseOpenError, EmptyDatabaseFile, open_database
from labinovasi.domain.enums import UnitType
from labinovasi.ops import spine
from labinovasi.services import labs as svc


def _url(file: Path) -> str:
    return f"sqlite:///{file.as_posix()}"


def test_a_foreign_sqlite_file_is_refused_without_a_byte_changed(tmp_path: Path) -> None:
    other = tmp_path / "lain.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE pelanggan (id INTEGER)")
        conn.execute("INSERT INTO pelanggan VALUES (1)")
    conn.close()
    before = other.read_bytes()
    with pytest.raises(DatabaseOpenError, match="bukan basis data Lab Inovasi"):
        open_database(_url(other))
    assert other.read_bytes() == before  # the header still says rollback journal, not WAL
    assert not (tmp_path / "lain.sqlite3-wal").exists()


def test_an_empty_file_becomes_a_lab_only_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "kosong.sqlite3"
    empty.write_bytes(b"")
    with pytest.raises(EmptyDatabaseFile, match="kosong"):
        open_database(_url(empty))
    assert empty.read_bytes() == b""
    assert main(["labs", "--db", _url(empty)]) == 1
    err = capsys.readouterr().err
    assert "kosong (0 bita)" in err and "hapus berkas kosong itu" in err and "Traceback" not in err
    db = open_database(_url(empty), create_in_empty=True)
    spine.create_lab(db, "Lab Baru")
    db.close()
    db = open_database(_url(empty))
    assert [lab.name for lab in svc.list_labs(db)] == ["Lab Baru"]
    db.close()


def _damage(file: Path) -> None:
    """8 KB of garbage in the middle of the file, as a bad sector or a half-copied file leaves it."""
    data = bytearray(file.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8192] = b"\xa5" * min(8192, len(data) - middle)
    file.write_bytes(bytes(data))


def test_a_damaged_file_is_refused_at_opening_and_its_newest_backup_restores_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "lab.sqlite3"
    db = open_database(_url(file))
    lab = spine.create_lab(db, "Lab Rusak")
    for n in range(150):  # enough pages that the damage lands inside the tables
        spine.add_unit(db, lab.id, f"Unit {n} " + "x" * 180, UnitType.DINAS, address="Jalan " + "y" * 400)
    backup = db.take_backup("manual")
    db.close()
    with sqlite3.connect(file) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    _damage(file)
    with pytest.raises(CorruptDatabaseFile) as caught:
        open_database(_url(file))
    assert "rusak" in str(caught.value) and caught.value.backup == backup
    assert backup is not None and backup.name in str(caught.value)
    assert main(["labs", "--db", _url(file)]) == 1
    assert f"labinovasi restore {backup}" in capsys.readouterr().err
    safety = backups.restore(file, backup)
    assert safety.path.exists()  # the damaged bytes are kept
    db = open_database(_url(file))
    assert len(svc.list_units(db, lab.id)) == 150
    db.close()
