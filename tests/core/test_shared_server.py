"""One database, two writers: what a shared server (PostgreSQL) needs, checked on SQLite as well.

Two facilitators' windows are two processes, each with its own engine on the same database: here two
:class:`Database` objects opened on one URL. A stale write is refused as a conflict, never lost.
"""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect
from sqlalchemy.orm.exc import StaleDataError

from labinovasi.cli import main
from labinovasi.db import models as m
from labinovasi.db.engine import alembic_config, current_revision, head_revision, open_database
from labinovasi.domain.enums import UnitType
from labinovasi.ops import spine as spine_ops
from labinovasi.ops.errors import user_message
from labinovasi.ops.fields import EditConflict, SaveField, fingerprint
from labinovasi.ops.run import run
from labinovasi.ops.worksheets import SaveWorksheet
from labinovasi.services import search
from labinovasi.services.worksheets import load_worksheet

pytestmark = pytest.mark.postgresql


@pytest.fixture
def two(db, db_url):  # noqa: ANN001, ANN201
    """The first window's database (``db``), a second one opened on the same URL, and a lab with a unit."""
    other = open_database(db_url)
    lab = spine_ops.create_lab(db, "Lab Bersama")
    unit = spine_ops.add_unit(db, lab.id, "Dinas Kesehatan", UnitType.DINAS)
    yield db, other, lab, unit
    other.close()


def test_the_migrations_build_the_models_schema(db_url: str) -> None:
    """Every migration runs on this database, from nothing to the head, and gives what the models say."""
    engine = create_engine(db_url)
    try:
        with engine.begin() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        assert current_revision(engine) == head_revision()
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"include_name": lambda name, _t, _p: not search.is_index_table(name or "")}
            )
            assert compare_metadata(context, m.Base.metadata) == []
    finally:
        engine.dispose()
    db = open_database(db_url)  # a migrated database opens as it is
    try:
        assert spine_ops.create_lab(db, "Lab Baru").name == "Lab Baru"
    finally:
        db.close()


def test_a_save_from_a_stale_editor_is_a_conflict_and_keeps_the_other_save(two) -> None:  # noqa: ANN001
    first, second, lab, unit = two
    code = "LK-1"
    loaded_1 = load_worksheet(first, code, lab.id, unit.id)
    loaded_2 = load_worksheet(second, code, lab.id, unit.id)
    assert loaded_1.version == loaded_2.version
    run(
        first,
        SaveWorksheet(code, lab.id, {"isi_komitmen": "Dari jendela satu"}, unit.id, base=loaded_1.version),
    )

    with pytest.raises(EditConflict) as clash:
        run(
            second,
            SaveWorksheet(code, lab.id, {"isi_komitmen": "Dari jendela dua"}, unit.id, base=loaded_2.version),
        )
    assert clash.value.stored["isi_komitmen"] == "Dari jendela satu"
    assert clash.value.mine["isi_komitmen"] == "Dari jendela dua"
    message = user_message(clash.value)
    assert "diubah di tempat lain" in message and "SELECT" not in message and "Traceback" not in message
    assert load_worksheet(second, code, lab.id, unit.id).data["isi_komitmen"] == "Dari jendela satu"

    again = load_worksheet(second, code, lab.id, unit.id)  # reloaded: the second window saves on top
    run(
        second, SaveWorksheet(code, lab.id, {"isi_komitmen": "Dari jendela dua"}, unit.id, base=again.version)
    )
    assert load_worksheet(first, code, lab.id, unit.id).data["isi_komitmen"] == "Dari jendela dua"


def test_the_journal_keeps_no_version_check(two) -> None:  # noqa: ANN001
    first, _second, lab, unit = two
    base = load_worksheet(first, "LK-1", lab.id, unit.id).version
    run(first, SaveWorksheet("LK-1", lab.id, {"isi_komitmen": "x"}, unit.id, base=base))
    with first.session() as s:
        payload = s.query(m.JournalEntry).filter_by(kind="save_worksheet").one().payload
    assert "base" not in payload and payload["data"] == {"isi_komitmen": "x"}


def test_a_record_changed_since_it_was_read_is_not_overwritten(two) -> None:  # noqa: ANN001
    """The race the version column catches: read, someone else writes, write."""
    first, second, _lab, unit = two
    with pytest.raises(StaleDataError) as stale:
        with first.session() as s:
            row = s.get(m.Unit, unit.id)
            assert row is not None and row.name == "Dinas Kesehatan"
            run(second, spine_ops.UpdateUnit(unit.id, {"name": "Dinas Kesehatan dan KB"}))
            row.name = "Dinas Kesehatan Kabupaten"
    assert "diubah di tempat lain" in user_message(stale.value)
    with second.session() as s:
        assert s.get(m.Unit, unit.id).name == "Dinas Kesehatan dan KB"


def test_the_participants_box_save_still_merges_through_the_lock(two) -> None:  # noqa: ANN001
    first, second, lab, unit = two
    run(first, SaveField("LK-1", lab.id, "isi_komitmen", "Satu", unit_id=unit.id, base=fingerprint(None)))
    with pytest.raises(EditConflict):
        run(second, SaveField("LK-1", lab.id, "isi_komitmen", "Dua", unit_id=unit.id, base=fingerprint(None)))
    run(
        second,
        SaveField("LK-1", lab.id, "nama_kepala_unit", "dr. Sri", unit_id=unit.id, base=fingerprint(None)),
    )
    data = load_worksheet(first, "LK-1", lab.id, unit.id).data
    assert (data["isi_komitmen"], data["nama_kepala_unit"]) == ("Satu", "dr. Sri")


def test_search_finds_words_without_the_file_index(two) -> None:  # noqa: ANN001
    first, _second, lab, unit = two
    spine_ops.add_idea(first, unit.id, "ANTRI CERDAS puskesmas")
    found = search.search(first, lab.id, "cerdas")
    assert [hit.title for hit in found.groups["idea"]] == ["ANTRI CERDAS puskesmas"]


def test_the_backup_command_points_a_server_to_its_own_tools(
    db_url: str, backend: str, capsys: pytest.CaptureFixture[str]
) -> None:
    if backend == "sqlite":
        pytest.skip("a SQLite file is backed up by the app itself (test_backups.py)")
    db = open_database(db_url)
    try:
        assert db.file is None and db.take_backup("manual") is None
        assert inspect(db.engine).has_table("lab")
    finally:
        db.close()
    assert main(["--db", db_url, "backup"]) == 1
    err = capsys.readouterr().err
    assert "pg_dump" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("postgresql+psycopg://nobody@/labinovasi?host=/nonexistent-socket-dir", "tidak dapat dihubungi"),
    ],
)
def test_a_server_that_cannot_be_reached_is_said_in_words(url: str, said: str) -> None:
    from labinovasi.db.engine import DatabaseOpenError  # noqa: PLC0415

    with pytest.raises(DatabaseOpenError, match=said) as refused:
        open_database(url)
    assert "psycopg" not in str(refused.value) and "socket" not in str(refused.value)
