"""Search everywhere: the FTS5 index is a cache that follows every write (an edit, a deletion, its undo),
notices writes it missed, answers the same without FTS5, and confuses neither the opening checks, the
model comparison nor the backups."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from labinovasi.db import backups
from labinovasi.db.engine import open_database
from labinovasi.db.models import Base
from labinovasi.domain.enums import UnitType
from labinovasi.ops import run
from labinovasi.ops import spine as spine_ops
from labinovasi.ops.spine import AddUnit, RemoveIdea, RemoveUnit, UpdateIdea, UpdatePerson
from labinovasi.ops.worksheets import SaveWorksheet
from labinovasi.services import search


@pytest.fixture
def lab(db):  # noqa: ANN001, ANN201
    lab = spine_ops.create_lab(db, "Lab Kabupaten Wanasari")
    unit = spine_ops.add_unit(db, lab.id, "Dinas Kesehatan", UnitType.DINAS, head_name="dr. Sri Wahyuni")
    person = spine_ops.add_person(db, lab.id, "Ani Rahmawati", unit.id, jabatan="Kepala Bidang Pelayanan")
    idea = spine_ops.add_idea(db, unit.id, "ANTRI CERDAS — antrean daring puskesmas")
    run(
        db,
        SaveWorksheet(
            "LK-2f",
            lab.id,
            {"nama": idea.title, "deskripsi": "Pendaftaran lewat WhatsApp mengurangi antrean pagi."},
            unit.id,
            idea.id,
        ),
    )
    return lab, unit, person, idea


def titles(db, lab_id: uuid.UUID, query: str) -> dict[str, list[str]]:  # noqa: ANN001
    found = search.search(db, lab_id, query)
    return {kind: [hit.title for hit in hits] for kind, hits in found.groups.items()}


@pytest.mark.sqlite_only
def test_words_are_found_by_their_start_without_accents_and_grouped_by_kind(db, lab) -> None:  # noqa: ANN001
    lab_info, unit, person, idea = lab
    assert search.ensure_index(db, lab_info.id)
    assert search.is_indexed(db, lab_info.id)
    found = search.search(db, lab_info.id, "antre")
    assert found.indexed
    assert list(found.groups) == ["idea", "worksheet"]
    assert found.groups["idea"][0].id == idea.id and found.groups["idea"][0].unit_id == unit.id
    sheet = found.groups["worksheet"][0]
    assert (sheet.code, sheet.unit_id, sheet.idea_id) == ("LK-2f", unit.id, idea.id)
    assert "antrean" in sheet.context and "Dinas Kesehatan" in sheet.title
    assert titles(db, lab_info.id, "kesehatan dinas")["unit"] == ["Dinas Kesehatan"]
    assert titles(db, lab_info.id, "pelayânan")["person"] == ["Ani Rahmawati"]  # diacritics ignored
    assert found.groups["idea"][0].context.startswith("Dinas Kesehatan")
    assert not search.search(db, lab_info.id, "tidakadadimanapun")
    assert not search.search(db, lab_info.id, '  "*:( ')  # no words: nothing, and no FTS syntax error


@pytest.mark.sqlite_only
def test_the_index_follows_an_edit_a_deletion_and_its_undo(db, lab) -> None:  # noqa: ANN001
    lab_info, unit, person, idea = lab
    search.ensure_index(db, lab_info.id)

    _changes, undo_rename = run(db, UpdateIdea(idea.id, {"title": "SAPA BUMIL"}))
    assert "idea" not in titles(db, lab_info.id, "cerdas")
    assert titles(db, lab_info.id, "bumil")["idea"] == ["SAPA BUMIL"]
    run(db, UpdatePerson(person.id, {"name": "Budi Santoso"}))
    assert titles(db, lab_info.id, "budi")["person"] == ["Budi Santoso"]
    assert "person" not in titles(db, lab_info.id, "rahmawati")

    _changes, undo_remove = run(db, RemoveIdea(idea.id, "SAPA BUMIL"))  # a tombstone leaves the index
    assert titles(db, lab_info.id, "bumil") == {}
    assert "worksheet" not in titles(db, lab_info.id, "whatsapp")
    assert search.is_indexed(db, lab_info.id)  # followed, not rebuilt
    run(db, undo_remove)  # the undo brings the idea and its worksheet back
    assert titles(db, lab_info.id, "bumil")["idea"] == ["SAPA BUMIL"]
    assert titles(db, lab_info.id, "whatsapp")["worksheet"][0].startswith("LK-2f")
    run(db, undo_rename)
    assert titles(db, lab_info.id, "cerdas")["idea"] == ["ANTRI CERDAS — antrean daring puskesmas"]

    # a worksheet edit, a new unit, and a whole unit removed (and brought back)
    run(db, SaveWorksheet("LK-2f", lab_info.id, {"nama": "x", "deskripsi": "Jemput bola"}, unit.id, idea.id))
    assert "worksheet" not in titles(db, lab_info.id, "whatsapp")
    assert titles(db, lab_info.id, "jemput")["worksheet"]
    run(db, AddUnit(lab_info.id, "Kecamatan Sukamaju", UnitType.KECAMATAN))
    assert titles(db, lab_info.id, "sukamaju")["unit"] == ["Kecamatan Sukamaju"]
    _changes, undo_unit = run(db, RemoveUnit(unit.id, unit.name))
    assert titles(db, lab_info.id, "jemput") == {} and titles(db, lab_info.id, "budi") == {}
    run(db, undo_unit)
    assert set(titles(db, lab_info.id, "jemput")) == {"worksheet"}
    assert search.is_indexed(db, lab_info.id)
    with db.session() as s:  # the index holds each record once
        refs = s.execute(text("SELECT ref FROM search_index")).scalars().all()
    assert len(refs) == len(set(refs))


@pytest.mark.sqlite_only
def test_a_write_the_index_missed_is_noticed_and_rebuilt(db, lab, db_url: str) -> None:  # noqa: ANN001
    lab_info, unit, _person, idea = lab
    search.ensure_index(db, lab_info.id)
    # another copy of the app (without the search) edits the file: its op is journaled, the index not told
    with db.session() as s:
        s.execute(text("DROP TABLE search_index_state"))
    run(db, UpdateIdea(idea.id, {"title": "SI CANTIK"}))
    with db.session() as s:
        s.execute(
            text(
                "CREATE TABLE search_index_state (lab TEXT PRIMARY KEY, layout INTEGER, journal_seq INTEGER)"
            )
        )
        s.execute(
            text("INSERT INTO search_index_state VALUES (:lab, :layout, 0)"),
            {"lab": lab_info.id.hex, "layout": search.LAYOUT},
        )
    assert not search.is_indexed(db, lab_info.id)
    found = search.search(db, lab_info.id, "cantik")  # answered by LIKE meanwhile: still right
    assert not found.indexed and [h.title for h in found.groups["idea"]] == ["SI CANTIK"]
    assert search.ensure_index(db, lab_info.id)
    assert search.search(db, lab_info.id, "cantik").indexed
    assert "idea" not in titles(db, lab_info.id, "cerdas")


def test_without_fts5_the_same_search_answers_with_like(db, lab, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    lab_info, unit, _person, idea = lab
    monkeypatch.setattr(search, "fts5_available", lambda _session: False)
    assert not search.ensure_index(db, lab_info.id)
    found = search.search(db, lab_info.id, "antre")
    assert not found.indexed
    assert [h.id for h in found.groups["idea"]] == [idea.id]
    assert found.groups["worksheet"][0].code == "LK-2f" and "antrean" in found.groups["worksheet"][0].context
    assert titles(db, lab_info.id, "100%_") == {}  # LIKE wildcards are taken literally
    run(db, RemoveIdea(idea.id))
    assert titles(db, lab_info.id, "antre") == {}


def test_more_hits_than_shown_are_said(db, lab) -> None:  # noqa: ANN001
    lab_info, unit, _person, _idea = lab
    for i in range(12):
        spine_ops.add_idea(db, unit.id, f"Layanan keliling {i}")
    search.ensure_index(db, lab_info.id)
    found = search.search(db, lab_info.id, "layanan", per_kind=5)
    assert len(found.groups["idea"]) == 5 and "idea" in found.more
    other = spine_ops.create_lab(db, "Lab lain")
    assert titles(db, other.id, "layanan") == {}  # another lab's records are not found


@pytest.mark.sqlite_only
def test_the_cache_confuses_neither_opening_nor_models_nor_backups(
    db, lab, db_url: str, tmp_path: Path
) -> None:  # noqa: ANN001
    lab_info, *_ = lab
    search.ensure_index(db, lab_info.id)
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_name": lambda name, type_, _p: not search.is_index_table(name or "")}
        )
        assert compare_metadata(context, Base.metadata) == []
    copy = db.take_backup("manual")
    assert copy is not None
    held = backups.check_backup(copy)  # an intact Lab Inovasi backup, counted as before
    assert (held.units, held.ideas) == (1, 1)
    db.close()
    again = open_database(db_url)  # an indexed file opens as before, and is still searched
    assert search.search(again, lab_info.id, "antre").indexed
    backups.restore(Path(db_url.removeprefix("sqlite:///")), copy)
    assert search.search(again, lab_info.id, "antre").groups["idea"]
    again.close()
    # a file holding only the cache (no schema) is no foreign database: it becomes a new lab file
    bare = tmp_path / "cache-only.sqlite3"
    with sqlite3.connect(bare) as conn:
        conn.execute("CREATE VIRTUAL TABLE search_index USING fts5(title)")
    open_database(f"sqlite:///{bare.as_posix()}").close()


# on PostgreSQL too (tests/conftest.py)
pytestmark = pytest.mark.postgresql
