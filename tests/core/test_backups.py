"""Backups: taken while the database is in use, listed with what they held, rotated, restored."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labinovasi import paths
from labinovasi.db import backups as bk
from labinovasi.db.engine import open_database
from labinovasi.domain.enums import UnitType
from labinovasi.ops import spine
from labinovasi.services import labs as svc

NOW = dt.datetime(2026, 12, 3, 10, 0, 0)


@pytest.fixture
def lab_file(db_url: str) -> Path:
    db = open_database(db_url)
    lab = spine.create_lab(db, "Lab Cadangan")
    spine.add_unit(db, lab.id, "Dinas Kesehatan", UnitType.DINAS)
    db.close()
    return bk.database_file(db_url)


def test_a_backup_of_a_database_in_use_holds_its_records(db_url: str, lab_file: Path) -> None:
    db = open_database(db_url)  # open, with a write in flight of its own afterwards
    lab = svc.list_labs(db)[0]
    b = bk.take_backup(lab_file, "manual", NOW)
    spine.add_unit(db, lab.id, "Kecamatan Satu", UnitType.KECAMATAN)
    db.close()
    assert b.path.parent == paths.backup_dir() and b.path.name == "lab.20261203-100000.manual.sqlite3"
    contents = b.contents()
    assert contents is not None and contents.labs == ("Lab Cadangan",) and contents.units == 1
    assert "Lab Cadangan: 1 unit, 0 ide" in contents.describe()
    assert [x.path for x in bk.list_backups(lab_file)] == [b.path]
    assert bk.list_backups(lab_file)[0].reason_label == "dibuat manual"


def test_two_backups_in_one_second_do_not_overwrite_each_other(lab_file: Path) -> None:
    a, b = bk.take_backup(lab_file, "berkala", NOW), bk.take_backup(lab_file, "berkala", NOW)
    assert a.path != b.path and a.path.exists() and b.path.exists()
    assert len(bk.list_backups(lab_file)) == 2


def test_backups_of_another_database_are_not_listed_or_rotated(lab_file: Path, tmp_path: Path) -> None:
    other = tmp_path / "lain.sqlite3"
    sqlite3.connect(other).close()
    bk.take_backup(other, "manual", NOW)
    mine = bk.take_backup(lab_file, "manual", NOW)
    assert [b.path for b in bk.list_backups(lab_file)] == [mine.path]


def _backup(name: str, when: dt.datetime) -> bk.Backup:
    return bk.Backup(Path(f"/x/lab.{when.strftime(bk.STAMP)}.{name}.sqlite3"), when, name)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=800 * 24 * 60), min_size=0, max_size=80, unique=True))
def test_rotation_keeps_the_newest_ten_one_a_day_and_one_a_month(minutes_ago: list[int]) -> None:
    backups = [_backup("berkala", NOW - dt.timedelta(minutes=m)) for m in minutes_ago]
    keep = bk.to_keep(backups, NOW)
    newest = sorted(backups, key=lambda b: b.taken, reverse=True)
    assert {b.path for b in newest[:10]} <= keep
    for day in {b.taken.date() for b in backups if (NOW.date() - b.taken.date()).days < 14}:
        assert max((b for b in backups if b.taken.date() == day), key=lambda b: b.taken).path in keep
    for b in backups:
        if b.path in keep and b not in newest[:10]:
            # kept for its day or its month only: the newest of that day or that month
            same_day = [x for x in backups if x.taken.date() == b.taken.date()]
            same_month = [
                x for x in backups if (x.taken.year, x.taken.month) == (b.taken.year, b.taken.month)
            ]
            assert b.taken in (max(x.taken for x in same_day), max(x.taken for x in same_month))
    assert len(keep) <= 10 + 14 + 12


def test_rotate_removes_what_is_not_kept(lab_file: Path) -> None:
    made = [bk.take_backup(lab_file, "berkala", NOW - dt.timedelta(minutes=m)) for m in range(15)]
    removed = bk.rotate(lab_file, NOW)
    assert len(removed) == 5  # 15 today: the newest ten stay (the newest of the day is among them)
    assert {b.path for b in bk.list_backups(lab_file)} == {b.path for b in made[:10]}


def test_restore_brings_back_the_backup_and_keeps_the_state_it_replaced(db_url: str, lab_file: Path) -> None:
    old = bk.take_backup(lab_file, "manual", NOW - dt.timedelta(hours=1))
    db = open_database(db_url)
    lab = svc.list_labs(db)[0]
    spine.add_unit(db, lab.id, "Ditambah sesudah cadangan", UnitType.BADAN)
    db.close()
    safety = bk.restore(lab_file, old.path, NOW)
    db = open_database(db_url)
    assert [u.name for u in svc.list_units(db, lab.id)] == ["Dinas Kesehatan"]
    db.close()
    assert safety.reason == "sebelum-pemulihan"
    held = safety.contents()
    assert held is not None and held.units == 2  # what was replaced can itself be restored
    bk.restore(lab_file, safety.path, NOW + dt.timedelta(seconds=1))
    db = open_database(db_url)
    assert len(svc.list_units(db, lab.id)) == 2
    db.close()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "bukan basis data Lab Inovasi"),
        (b"SQLite format 3\x00" + b"\x00" * 100, "rusak"),
        (b"bukan basis data sama sekali" * 100, "rusak"),
    ],
)
def test_a_file_that_is_not_a_good_backup_is_refused_and_nothing_changes(
    lab_file: Path, tmp_path: Path, content: bytes, message: str
) -> None:
    bad = tmp_path / "buruk.sqlite3"
    bad.write_bytes(content)
    before = lab_file.read_bytes()
    with pytest.raises(bk.BackupError, match=message):
        bk.restore(lab_file, bad, NOW)
    assert lab_file.read_bytes() == before
    assert bk.list_backups(lab_file) == []


def test_a_foreign_sqlite_file_and_a_newer_backup_are_refused(lab_file: Path, tmp_path: Path) -> None:
    foreign = tmp_path / "lain.sqlite3"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE catatan (x)")
    conn.close()
    with pytest.raises(bk.BackupError, match="bukan basis data Lab Inovasi"):
        bk.check_backup(foreign)
    newer = bk.take_backup(lab_file, "manual", NOW)
    with sqlite3.connect(newer.path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_masa_depan'")
    conn.close()
    with pytest.raises(bk.BackupError, match="versi Lab Inovasi yang lebih baru"):
        bk.restore(lab_file, newer.path, NOW)


def test_a_server_database_is_not_backed_up_here() -> None:
    with pytest.raises(bk.BackupError, match="pg_dump"):
        bk.database_file("postgresql+psycopg://localhost/lab")


def test_the_command_line_backs_up_lists_and_restores(
    db_url: str, lab_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from labinovasi.cli import main  # noqa: PLC0415

    assert main(["backup", "--db", db_url]) == 0
    made = Path(capsys.readouterr().out.strip())
    assert made.parent == paths.backup_dir() and ".manual." in made.name
    assert main(["backup", "--db", db_url, "--out", str(tmp_path / "salinan.sqlite3")]) == 0
    assert (tmp_path / "salinan.sqlite3").is_file()
    capsys.readouterr()
    assert main(["backup", "--list", "--db", db_url]) == 0
    listed = capsys.readouterr().out
    assert "dibuat manual" in listed and "Lab Cadangan: 1 unit, 0 ide" in listed
    db = open_database(db_url)
    spine.delete_lab(db, svc.list_labs(db)[0].id)
    db.close()
    assert main(["restore", str(made), "--db", db_url]) == 0
    assert "keadaan sebelumnya dicadangkan" in capsys.readouterr().out
    db = open_database(db_url)
    assert [lab.name for lab in svc.list_labs(db)] == ["Lab Cadangan"]
    db.close()
    assert main(["restore", str(tmp_path / "tidak-ada.sqlite3"), "--db", db_url]) == 1
    err = capsys.readouterr().err
    assert err.startswith("labinovasi: Berkas cadangan tidak ditemukan") and "Traceback" not in err


def test_an_import_is_backed_up_first_and_a_failed_backup_stores_nothing(
    db_url: str, lab_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from labinovasi.ops.errors import user_message  # noqa: PLC0415
    from labinovasi.ops.imports import import_file  # noqa: PLC0415

    csv = tmp_path / "unit.csv"
    csv.write_text("Nama unit;Jenis\nPuskesmas Baru;Puskesmas\n", encoding="utf-8")
    db = open_database(db_url)
    lab = svc.list_labs(db)[0]
    import_file(db, lab.id, csv, "units")
    [before] = bk.list_backups(lab_file)
    assert before.reason == "sebelum-impor" and before.reason_label == "sebelum impor"
    held = before.contents()
    assert held is not None and held.units == 1  # the state before the import
    assert len(svc.list_units(db, lab.id)) == 2

    def full(*_a: object, **_k: object) -> None:
        raise bk.BackupError("Cadangan tidak dapat dibuat: disk penuh.")

    monkeypatch.setattr(bk, "take_backup", full)
    csv.write_text("Nama unit;Jenis\nPuskesmas Lain;Puskesmas\n", encoding="utf-8")
    with pytest.raises(bk.BackupError) as caught:
        import_file(db, lab.id, csv, "units")
    assert len(svc.list_units(db, lab.id)) == 2
    assert (
        user_message(caught.value)
        == "Cadangan tidak dapat dibuat: disk penuh. Impor dibatalkan; tidak ada yang disimpan."
    )
    db.close()
