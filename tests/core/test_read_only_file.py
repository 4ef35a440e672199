"""A lab file that cannot be written (read-only media, no permission, an immutable file) opens for
viewing and exporting; every write is refused with one sentence and nothing in the file changes.

The file is made immutable with ``chattr +i`` (which even an administrator cannot write through), so the
test runs for real wherever the file system supports it, and is skipped where it does not."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from labinovasi.db.engine import DatabaseOpenError, open_database
from labinovasi.domain.enums import UnitType
from labinovasi.ops import spine
from labinovasi.ops.run import ReadOnlyDatabase
from labinovasi.reports.data import unit_plan_data
from labinovasi.reports.unit_plan import render_unit_plan
from labinovasi.services import labs as svc


def _chattr(flag: str, *paths: Path) -> bool:
    if shutil.which("chattr") is None:
        return False
    done = subprocess.run(["chattr", flag, *map(str, paths)], capture_output=True, check=False)
    return done.returncode == 0


@pytest.fixture
def frozen(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    folder = tmp_path / "usb"
    folder.mkdir()
    file = folder / "lab.sqlite3"
    db = open_database(f"sqlite:///{file}")
    lab = spine.create_lab(db, "Lab di Flashdisk", pemda="Kabupaten Contoh")
    spine.add_unit(db, lab.id, "Dinas Kesehatan", UnitType.DINAS)
    db.close()
    if not (_chattr("+i", file) and _chattr("+i", folder)):
        _chattr("-i", folder, file)
        pytest.skip("this file system cannot make a file immutable (chattr +i)")
    try:
        yield file, str(lab.id)
    finally:
        _chattr("-i", folder, file)


def _digest(file: Path) -> str:
    return hashlib.sha256(file.read_bytes()).hexdigest()


def test_a_file_that_cannot_be_written_opens_for_reading_and_printing(frozen) -> None:  # noqa: ANN001
    file, lab_id = frozen
    before = _digest(file)
    db = open_database(f"sqlite:///{file}")
    try:
        assert db.read_only
        assert [u.name for u in svc.list_units(db, lab_id)] == ["Dinas Kesehatan"]
        unit = svc.list_units(db, lab_id)[0]
        pdf = render_unit_plan(unit_plan_data(db, lab_id, unit.id))
        assert pdf.startswith(b"%PDF")
        with pytest.raises(ReadOnlyDatabase) as err:
            spine.add_unit(db, lab_id, "Unit Baru", UnitType.BADAN)
        assert "hanya dapat dibaca" in str(err.value) and "Traceback" not in str(err.value)
    finally:
        db.close()
    assert _digest(file) == before
    assert sorted(p.name for p in file.parent.iterdir()) == ["lab.sqlite3"]  # no journal, no lock left


def test_an_older_file_on_read_only_media_is_refused_plainly(tmp_path: Path) -> None:
    import sqlite3

    folder = tmp_path / "cd"
    folder.mkdir()
    file = folder / "lama.sqlite3"
    db = open_database(f"sqlite:///{file}")
    spine.create_lab(db, "Lab Lama")
    db.close()
    with sqlite3.connect(file) as con:
        con.execute("UPDATE alembic_version SET version_num='0003'")
    con.close()
    if not (_chattr("+i", file) and _chattr("+i", folder)):
        _chattr("-i", folder, file)
        pytest.skip("this file system cannot make a file immutable (chattr +i)")
    try:
        with pytest.raises(DatabaseOpenError, match="Salin berkasnya ke folder yang dapat ditulisi"):
            open_database(f"sqlite:///{file}")
    finally:
        _chattr("-i", folder, file)
