"""Storage: migrations at start-up, refusals with clear messages, services."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from labinovasi import paths
from labinovasi.db.engine import DatabaseOpenError, alembic_config, head_revision, open_database
from labinovasi.db.models import Base
from labinovasi.domain.enums import UnitType
from labinovasi.domain.stages import Stage
from labinovasi.ops import spine as spine_ops
from labinovasi.ops.worksheets import save_worksheet
from labinovasi.services import labs as svc
from labinovasi.services.records import NotFoundError
from labinovasi.services.worksheets import load_worksheet, progress_matrix
from labinovasi.worksheets.validation import WorksheetValidationError


@pytest.mark.sqlite_only
def test_new_database_is_created_stamped_with_wal_and_foreign_keys(db_url: str) -> None:
    db = open_database(db_url)
    with db.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head_revision()
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert {"lab", "unit", "person", "idea", "worksheet_entry", "stage_schedule"} <= set(
            inspect(conn).get_table_names()
        )
    db.close()


def test_migrations_from_empty_to_head_match_the_models(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'm.db'}")
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    engine.dispose()


@pytest.mark.sqlite_only
def test_a_database_newer_than_the_app_is_refused_untouched(db_url: str, tmp_path: Path) -> None:
    open_database(db_url).close()
    file = Path(db_url.removeprefix("sqlite:///"))
    with sqlite3.connect(file) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.close()
    before = file.read_bytes()
    with pytest.raises(DatabaseOpenError, match="versi Lab Inovasi yang lebih baru"):
        open_database(db_url)
    assert file.read_bytes() == before


@pytest.mark.sqlite_only
def test_an_older_database_is_backed_up_then_upgraded(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # An older schema: the revision table says a revision before the head exists.
    from labinovasi.db import engine as eng

    open_database(db_url).close()
    file = Path(db_url.removeprefix("sqlite:///"))
    monkeypatch.setattr(eng, "_known_revisions", lambda: {"0000_old", head_revision()})
    upgraded: list[str] = []
    monkeypatch.setattr(command, "upgrade", lambda cfg, rev: upgraded.append(rev))
    with sqlite3.connect(file) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0000_old'")
    conn.close()
    db = open_database(db_url)
    assert upgraded == ["head"]
    assert db.backup is not None and db.backup.parent == paths.backup_dir()
    with sqlite3.connect(db.backup) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0000_old",)
    conn.close()
    db.close()


@pytest.mark.sqlite_only
def test_a_real_0001_database_keeps_every_row_through_the_upgrade(db_url: str) -> None:
    # Build a 0001 database with a lab, a unit, an idea and a worksheet that refers to the idea.
    # Migration 0002 rebuilds the idea table; with foreign keys on, that would cascade-delete the
    # worksheet rows.
    file = Path(db_url.removeprefix("sqlite:///"))
    engine = create_engine(db_url)
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    engine.dispose()
    with sqlite3.connect(file) as conn:
        conn.execute("PRAGMA foreign_keys=ON")
        now = "2026-11-01 08:00:00"
        conn.execute(
            "INSERT INTO lab (id, name, pemda, province, year, organizer, city, facilitator, current_stage,"
            " settings, created_at, updated_at) VALUES ('a'||hex(randomblob(15)), 'L', '', '', 2026, '', '',"
            " '', 'diagnose', '{}', ?, ?)",
            (now, now),
        )
        lab = conn.execute("SELECT id FROM lab").fetchone()[0]
        conn.execute(
            "INSERT INTO unit (id, lab_id, name, unit_type, head_name, head_nip, address, sort_order,"
            " created_at, updated_at) VALUES ('b'||hex(randomblob(15)), ?, 'Dinas', 'dinas', '', '', '', 0, ?, ?)",
            (lab, now, now),
        )
        unit = conn.execute("SELECT id FROM unit").fetchone()[0]
        conn.execute(
            "INSERT INTO idea (id, unit_id, title, stage, status, sort_order, created_at, updated_at)"
            " VALUES ('c'||hex(randomblob(15)), ?, 'Ide', 'diagnose', 'draf', 0, ?, ?)",
            (unit, now, now),
        )
        idea = conn.execute("SELECT id FROM idea").fetchone()[0]
        conn.execute(
            "INSERT INTO worksheet_entry (id, lab_id, unit_id, idea_id, template_code, template_version,"
            " scope, data, complete, created_at, updated_at) VALUES ('d'||hex(randomblob(15)), ?, ?, ?,"
            " 'LK-2f', 1, 'idea', '{\"nama\": \"Ide\"}', 0, ?, ?)",
            (lab, unit, idea, now, now),
        )
    conn.close()
    db = open_database(db_url)
    assert db.backup is not None
    with db.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head_revision()
        assert conn.execute(text("SELECT count(*) FROM worksheet_entry")).scalar() == 1
        assert conn.execute(text("SELECT merged_into_id FROM idea")).one() == (None,)
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    db.close()


def test_corrupt_and_foreign_files_are_refused(tmp_path: Path) -> None:
    bad = tmp_path / "rusak.sqlite3"
    bad.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(DatabaseOpenError, match="rusak atau bukan basis data"):
        open_database(f"sqlite:///{bad}")
    other = tmp_path / "lain.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE pelanggan (id INTEGER)")
    conn.close()
    with pytest.raises(DatabaseOpenError, match="bukan basis data Lab Inovasi"):
        open_database(f"sqlite:///{other}")
    with pytest.raises(DatabaseOpenError, match="Alamat basis data tidak valid"):
        open_database("bukan-url")


@pytest.mark.sqlite_only
def test_a_locked_database_gives_a_clear_message(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    open_database(db_url).close()
    file = Path(db_url.removeprefix("sqlite:///"))
    holder = sqlite3.connect(file, timeout=0)
    holder.execute("PRAGMA journal_mode=DELETE")
    holder.execute("BEGIN EXCLUSIVE")
    from labinovasi.db import engine as eng

    monkeypatch.setattr(eng, "_sqlite_pragmas", lambda conn, rec: conn.execute("PRAGMA busy_timeout=0"))
    try:
        with pytest.raises(DatabaseOpenError, match="sedang dikunci"):
            open_database(db_url)
    finally:
        holder.rollback()
        holder.close()


def test_spine_services_round_trip(db) -> None:  # noqa: ANN001
    lab = spine_ops.create_lab(db, "  Lab   Uji ", pemda="Kabupaten Uji", year=2026)
    assert lab.name == "Lab Uji"
    unit = spine_ops.add_unit(db, lab.id, "Dinas Kesehatan", UnitType.DINAS, head_name="dr. A")
    spine_ops.add_person(db, lab.id, "Budi", unit.id, nip="1987")
    idea = spine_ops.add_idea(db, unit.id)
    assert [u.name for u in svc.list_units(db, lab.id)] == ["Dinas Kesehatan"]
    assert [p.name for p in svc.list_people(db, unit.id)] == ["Budi"]
    assert spine_ops.rename_lab(db, lab.id, "Lab Baru").name == "Lab Baru"
    with pytest.raises(ValueError, match="Nama unit tidak boleh kosong"):
        spine_ops.update_unit(db, unit.id, name="   ")
    with pytest.raises(NotFoundError, match="tidak ditemukan"):
        svc.get_lab(db, "bukan-id")

    saved = save_worksheet(
        db,
        "LK-2f",
        {"nama": "SI-SEHAT", "deskripsi": "Biaya < 5 juta & <b>cepat</b>"},
        lab.id,
        unit.id,
        idea.id,
    )
    assert not saved.complete
    assert svc.get_idea(db, idea.id).title == "SI-SEHAT"
    loaded = load_worksheet(db, "LK-2f", lab.id, unit.id, idea.id)
    assert loaded.data["deskripsi"] == "Biaya < 5 juta & <b>cepat</b>"
    assert loaded.template_version == 2

    with pytest.raises(WorksheetValidationError):
        save_worksheet(db, "LK-2f", {"perkiraan_anggaran": "banyak"}, lab.id, unit.id, idea.id)
    assert load_worksheet(db, "LK-2f", lab.id, unit.id, idea.id).data["nama"] == "SI-SEHAT"

    matrix = progress_matrix(db, lab.id)
    assert matrix[unit.id][Stage.DIAGNOSE].done == 0
    save_worksheet(
        db,
        "LK-2f",
        {"nama": "SI-SEHAT", "masalah": "m", "deskripsi": "d", "bentuk": "tata_kelola", "jenis": "digital"},
        lab.id,
        unit.id,
        idea.id,
    )
    matrix = progress_matrix(db, lab.id)
    assert matrix[unit.id][Stage.DIAGNOSE].done == 1
    assert matrix[unit.id][Stage.DIAGNOSE].total == 7  # LK-2a … LK-2g

    spine_ops.remove_unit(db, unit.id)
    assert svc.list_units(db, lab.id) == []
    with db.session() as s:
        # nothing of the unit is live any more; all of it stays as tombstones (undo, merges)
        assert s.execute(text("SELECT COUNT(*) FROM worksheet_entry WHERE deleted_at IS NULL")).scalar() == 0
        assert s.execute(text("SELECT COUNT(*) FROM person WHERE deleted_at IS NULL")).scalar() == 0
        assert (
            s.execute(text("SELECT COUNT(*) FROM worksheet_entry WHERE deleted_at IS NOT NULL")).scalar() == 1
        )
        assert s.execute(text("SELECT COUNT(*) FROM unit WHERE deleted_at IS NOT NULL")).scalar() == 1


def test_demo_lab_is_realistic(db, demo_lab) -> None:  # noqa: ANN001
    units = svc.list_units(db, demo_lab.id)
    assert len(units) >= 8
    assert len({u.unit_type for u in units}) >= 4
    ideas = [i for u in units for i in svc.list_ideas(db, u.id)]
    assert len(ideas) >= 8
    assert all(i.title for i in ideas)
    assert len({i.status for i in ideas}) >= 3
    assert demo_lab.settings.get("demo") is True


def test_the_head_read_from_the_scripts_is_alembics_head() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    assert head_revision() == script.get_current_head()
    from labinovasi.db import engine as eng

    assert eng._known_revisions() == {s.revision for s in script.walk_revisions()}


def test_a_new_migration_script_moves_the_head(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from labinovasi.db import engine as eng

    folder = tmp_path / "migrations"
    shutil.copytree(eng.MIGRATIONS_DIR, folder)
    old_head = head_revision()
    (folder / "versions" / "0099_next.py").write_text(
        f'"""next"""\nrevision: str = "0099"\ndown_revision: str | None = {old_head!r}\n'
        "def upgrade() -> None:\n    pass\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(eng, "MIGRATIONS_DIR", folder)
    eng._script_revisions.cache_clear()
    try:
        assert head_revision() == "0099"
        assert {"0099", old_head} <= eng._known_revisions()
    finally:
        monkeypatch.undo()
        eng._script_revisions.cache_clear()


def test_opening_an_up_to_date_database_does_not_load_alembic(db_url: str) -> None:
    import subprocess
    import sys

    open_database(db_url).close()
    probe = (
        "import sys; from labinovasi.db.engine import open_database; "
        f"db = open_database({db_url!r}); db.close(); print('alembic' in sys.modules)"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"


# on PostgreSQL too (tests/conftest.py)
pytestmark = pytest.mark.postgresql
