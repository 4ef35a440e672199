"""Lab bundles and merging them: export, import as a new lab, edits on both sides, conflicts, deletions,
idempotence, undo, privacy, and hostile bundles refused before anything is written."""

from __future__ import annotations

import json
import uuid
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from labinovasi.db import models as m
from labinovasi.db.engine import Database, open_database
from labinovasi.domain.enums import PersonRole, UnitType
from labinovasi.domain.stages import Stage
from labinovasi.ops import run
from labinovasi.ops import sessions as session_ops
from labinovasi.ops import spine as spine_ops
from labinovasi.ops.device import device_id
from labinovasi.ops.worksheets import save_worksheet
from labinovasi.services import labs as svc
from labinovasi.services.worksheets import load_worksheet
from labinovasi.sync.bundle import BundleError, export_bundle, read_bundle
from labinovasi.sync.merge import ResolveConflict, both_value, merge_bundle, pending_conflicts


def _open(path: Path) -> Database:
    return open_database(f"sqlite:///{path}")


pytestmark = pytest.mark.postgresql  # the main laptop's database is also a shared server's


@pytest.fixture
def main_db(db_url: str, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    monkeypatch.setenv("LABINOVASI_DEVICE", "laptop-utama")
    device_id.cache_clear()
    db = open_database(db_url)
    yield db
    db.close()
    device_id.cache_clear()


def _as(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LABINOVASI_DEVICE", name)
    device_id.cache_clear()


@pytest.fixture
def lab(main_db: Database) -> dict[str, Any]:
    db = main_db
    lab = spine_ops.create_lab(db, "Lab Uji", pemda="Kabupaten Contoh")
    dinas = spine_ops.add_unit(db, lab.id, "Dinas Kesehatan", UnitType.DINAS)
    kec = spine_ops.add_unit(db, lab.id, "Kecamatan Dua", UnitType.KECAMATAN)
    ani = spine_ops.add_person(
        db, lab.id, "Ani", dinas.id, PersonRole.INOVATOR, nip="198701012010011001", phone="0812-5550-777"
    )
    budi = spine_ops.add_person(db, lab.id, "Budi", kec.id)
    alfa = spine_ops.add_idea(db, dinas.id, "ALFA")
    save_worksheet(
        db, "LK-2b", {"masalah": [{"_id": "m1", "no": 1, "uraian": "Antrean lama"}]}, lab.id, dinas.id
    )
    save_worksheet(db, "LK-2f", {"nama": "ALFA", "masalah": "m", "deskripsi": "d"}, lab.id, dinas.id, alfa.id)
    session = session_ops.add_session(db, lab.id, Stage.DRUM_UP, "Pembukaan", "2027-01-05")
    session_ops.set_present(db, session.id, ani.id, True)
    return {
        "lab": lab,
        "dinas": dinas,
        "kec": kec,
        "ani": ani,
        "budi": budi,
        "alfa": alfa,
        "session": session,
    }


def _lk2f(db: Database, lab: dict[str, Any]) -> dict[str, Any]:
    return dict(load_worksheet(db, "LK-2f", lab["lab"].id, lab["dinas"].id, lab["alfa"].id).data)


def _copy_to_laptop(
    main_db: Database,
    lab: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str = "laptop-b",
) -> Database:
    out = tmp_path / "ke-b.labinovasi"
    export_bundle(main_db, lab["lab"].id, out)
    _as(name, monkeypatch)
    other = _open(tmp_path / f"{name}.sqlite3")
    report, _inv = merge_bundle(other, read_bundle(out))
    assert report.new_lab and report.added["unit"] == 2 and report.added["worksheet_entry"] == 2
    return other


def _bring_back(other: Database, main_db: Database, lab: dict[str, Any], tmp_path: Path, monkeypatch, **kw):  # noqa: ANN001, ANN201
    out = tmp_path / "dari-b.labinovasi"
    export_bundle(other, lab["lab"].id, out, **kw)
    _as("laptop-utama", monkeypatch)
    return merge_bundle(main_db, read_bundle(out))


def test_a_new_lab_comes_whole_from_a_bundle(main_db, lab, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    other = _copy_to_laptop(main_db, lab, tmp_path, monkeypatch)
    units = svc.list_units(other, lab["lab"].id)
    assert [u.name for u in units] == ["Dinas Kesehatan", "Kecamatan Dua"]
    assert _lk2f(other, lab) == _lk2f(main_db, lab)
    with other.session() as s:
        assert s.scalar(select(m.Attendance.person_id)) == lab["ani"].id
    other.close()


def test_edits_on_one_side_are_taken_and_the_same_bundle_twice_changes_nothing(
    main_db,
    lab,
    tmp_path,
    monkeypatch,  # noqa: ANN001
) -> None:
    other = _copy_to_laptop(main_db, lab, tmp_path, monkeypatch)
    # laptop B: edits a worksheet field and a unit; the main laptop edits another field of the same sheet
    save_worksheet(
        other,
        "LK-2f",
        {**_lk2f(other, lab), "deskripsi": "dari B"},
        lab["lab"].id,
        lab["dinas"].id,
        lab["alfa"].id,
    )
    spine_ops.update_unit(other, lab["kec"].id, head_name="Camat Baru")
    new_idea = spine_ops.add_idea(other, lab["kec"].id, "GAMMA")
    _as("laptop-utama", monkeypatch)
    save_worksheet(
        main_db,
        "LK-2f",
        {**_lk2f(main_db, lab), "masalah": "dari utama"},
        lab["lab"].id,
        lab["dinas"].id,
        lab["alfa"].id,
    )
    report, _inv = _bring_back(other, main_db, lab, tmp_path, monkeypatch)
    data = _lk2f(main_db, lab)
    assert (data["deskripsi"], data["masalah"]) == ("dari B", "dari utama")  # both edits kept
    assert svc.get_unit(main_db, lab["kec"].id).head_name == "Camat Baru"
    assert [i.title for i in svc.list_ideas(main_db, lab["kec"].id)] == ["GAMMA"]
    assert report.added["idea"] == 1 and report.updated["unit"] == 1 and not report.conflicts
    assert new_idea.id in {i.id for i in svc.list_ideas(main_db, lab["kec"].id)}
    # the same bundle again: nothing changes
    again = merge_bundle(main_db, read_bundle(tmp_path / "dari-b.labinovasi"))[0]
    assert again.unchanged, again.lines()
    other.close()


def test_the_same_field_edited_on_both_sides_is_a_conflict_and_is_decided(
    main_db, lab, tmp_path, monkeypatch
) -> None:  # noqa: ANN001
    other = _copy_to_laptop(main_db, lab, tmp_path, monkeypatch)
    save_worksheet(
        other,
        "LK-2f",
        {**_lk2f(other, lab), "deskripsi": "versi B"},
        lab["lab"].id,
        lab["dinas"].id,
        lab["alfa"].id,
    )
    _as("laptop-utama", monkeypatch)
    save_worksheet(
        main_db,
        "LK-2f",
        {**_lk2f(main_db, lab), "deskripsi": "versi utama"},
        lab["lab"].id,
        lab["dinas"].id,
        lab["alfa"].id,
    )
    report, _inv = _bring_back(other, main_db, lab, tmp_path, monkeypatch)
    assert len(report.conflicts) == 1
    c = report.conflicts[0]
    assert (c.mine, c.theirs, c.field) == ("versi utama", "versi B", "data.deskripsi")
    assert _lk2f(main_db, lab)["deskripsi"] == "versi utama"  # mine stays until decided
    assert any("Konflik" in line and "versi B" in line for line in report.lines())
    # twice: the conflict is not doubled
    merge_bundle(main_db, read_bundle(tmp_path / "dari-b.labinovasi"))
    pending = pending_conflicts(main_db, lab["lab"].id)
    assert len(pending) == 1 and pending[0].theirs == "versi B"
    # "both" joins the texts; undo brings the conflict back
    _changes, undo = run(main_db, ResolveConflict(pending[0].id, "both"))
    assert _lk2f(main_db, lab)["deskripsi"] == "versi utama\nversi B"
    assert pending_conflicts(main_db) == []
    run(main_db, undo)
    assert _lk2f(main_db, lab)["deskripsi"] == "versi utama"
    assert len(pending_conflicts(main_db)) == 1
    run(main_db, ResolveConflict(pending[0].id, "theirs"))
    assert _lk2f(main_db, lab)["deskripsi"] == "versi B"
    other.close()


def test_a_decision_travels_back_without_a_new_conflict(main_db, lab, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    other = _copy_to_laptop(main_db, lab, tmp_path, monkeypatch)
    spine_ops.update_unit(other, lab["dinas"].id, head_name="dr. B")
    _as("laptop-utama", monkeypatch)
    spine_ops.update_unit(main_db, lab["dinas"].id, head_name="dr. Utama")
    report, _ = _bring_back(other, main_db, lab, tmp_path, monkeypatch)
    run(main_db, ResolveConflict(report.conflicts[0].id, "mine"))
    # the decision goes to laptop B: taken there, no conflict there
    out = tmp_path / "keputusan.labinovasi"
    export_bundle(main_db, lab["lab"].id, out)
    _as("laptop-b", monkeypatch)
    back, _ = merge_bundle(other, read_bundle(out))
    assert not back.conflicts
    assert svc.get_unit(other, lab["dinas"].id).head_name == "dr. Utama"
    other.close()


def test_deletions_win_over_untouched_records_and_lose_to_later_edits(
    main_db, lab, tmp_path, monkeypatch
) -> None:  # noqa: ANN001
    other = _copy_to_laptop(main_db, lab, tmp_path, monkeypatch)
    spine_ops.remove_person(other, lab["budi"].id)  # untouched on the main laptop: deleted there too
    spine_ops.remove_idea(other, lab["alfa"].id)  # edited on the main laptop afterwards: kept
    _as("laptop-utama", monkeypatch)
    spine_ops.update_idea(main_db, lab["alfa"].id, title="ALFA BARU")
    report, _ = _bring_back(other, main_db, lab, tmp_path, monkeypatch)
    assert report.deleted["person"] == 1
    assert svc.list_people(main_db, lab["kec"].id) == []
    assert [i.title for i in svc.list_ideas(main_db, lab["dinas"].id)] == ["ALFA BARU"]
    assert any("ALFA BARU" in n and "tetap ada" in n for n in report.notes)
    other.close()


def test_a_merge_is_undone_exactly_and_can_be_merged_again(main_db, lab, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    other = _copy_to_laptop(main_db, lab, tmp_path, monkeypatch)
    spine_ops.add_unit(other, lab["lab"].id, "Puskesmas Satu", UnitType.PUSKESMAS)
    spine_ops.update_unit(other, lab["kec"].id, head_name="Camat B")
    report, inverse = _bring_back(other, main_db, lab, tmp_path, monkeypatch)
    assert report.added["unit"] == 1
    assert inverse is not None
    _c, redo = run(main_db, inverse)
    assert [u.name for u in svc.list_units(main_db, lab["lab"].id)] == ["Dinas Kesehatan", "Kecamatan Dua"]
    assert svc.get_unit(main_db, lab["kec"].id).head_name == ""
    _c, undo_again = run(main_db, redo)  # redo: the merge's rows exactly as the merge wrote them
    assert len(svc.list_units(main_db, lab["lab"].id)) == 3
    assert svc.get_unit(main_db, lab["kec"].id).head_name == "Camat B"
    run(main_db, undo_again)
    again, _ = merge_bundle(main_db, read_bundle(tmp_path / "dari-b.labinovasi"))
    assert again.added["unit"] == 1 and again.updated["unit"] == 1
    other.close()


def test_a_dry_run_reports_and_writes_nothing(main_db, lab, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    other = _copy_to_laptop(main_db, lab, tmp_path, monkeypatch)
    spine_ops.add_unit(other, lab["lab"].id, "Puskesmas Satu", UnitType.PUSKESMAS)
    out = tmp_path / "dari-b.labinovasi"
    export_bundle(other, lab["lab"].id, out)
    _as("laptop-utama", monkeypatch)
    report, inverse = merge_bundle(main_db, read_bundle(out), dry_run=True)
    assert report.added["unit"] == 1 and inverse is None and report.dry_run
    assert len(svc.list_units(main_db, lab["lab"].id)) == 2
    other.close()


def test_chosen_units_and_no_personal_data(main_db, lab, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    out = tmp_path / "dinas.labinovasi"
    summary = export_bundle(main_db, lab["lab"].id, out, unit_ids=[lab["dinas"].id], private_data=False)
    assert summary.units == 1
    bundle = read_bundle(out)
    assert [r["name"] for r in bundle.records["unit"]] == ["Dinas Kesehatan"]
    ani = next(r for r in bundle.records["person"] if r["name"] == "Ani")
    assert (ani["nip"], ani["phone"]) == ("", "")
    raw = zipfile.ZipFile(out).read("records.json").decode()
    assert "198701012010011001" not in raw and "0812-5550-777" not in raw
    # merged back into the main lab, the blanked personal data does not overwrite anything
    report, _ = merge_bundle(main_db, bundle)
    assert report.unchanged
    ani_here = next(p for p in svc.list_people(main_db, lab["dinas"].id) if p.name == "Ani")
    assert ani_here.nip == "198701012010011001"


def test_both_value_joins_texts_and_rows() -> None:
    assert both_value("a", "b") == "a\nb"
    assert both_value("", "b") == "b"
    rows = both_value([{"_id": "1", "x": 1}], [{"_id": "1", "x": 2}, {"_id": "2", "x": 3}])
    assert rows == [{"_id": "1", "x": 1}, {"_id": "2", "x": 3}]
    assert both_value(3, 4) is None


# --- hostile bundles -----------------------------------------------------------------------------------


def _rewrite(src: Path, dst: Path, change: Any) -> Path:
    with zipfile.ZipFile(src) as zf:
        parts = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    change(parts)
    with zipfile.ZipFile(dst, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return dst


@pytest.fixture
def good_bundle(main_db, lab, tmp_path) -> Path:  # noqa: ANN001
    out = tmp_path / "baik.labinovasi"
    export_bundle(main_db, lab["lab"].id, out)
    return out


def _records(parts: dict[str, bytes]) -> dict[str, Any]:
    return json.loads(parts["records.json"])


HOSTILE = {
    "zip-slip": (lambda p: p.__setitem__("../../etc/evil", b"x"), "tidak aman"),
    "absolute": (lambda p: p.__setitem__("/tmp/evil", b"x"), "tidak aman"),
    "unknown member": (lambda p: p.__setitem__("skrip.sh", b"x"), "tidak dikenal"),
    "newer format": (
        lambda p: p.__setitem__(
            "manifest.json", json.dumps({**json.loads(p["manifest.json"]), "format_version": 99}).encode()
        ),
        "lebih baru",
    ),
    "malformed json": (lambda p: p.__setitem__("records.json", b"{not json"), "bukan JSON"),
    "not a bundle": (lambda p: p.__setitem__("manifest.json", b'{"format": "lain"}'), "bukan bundel"),
    "duplicate ids": (
        lambda p: p.__setitem__(
            "records.json",
            json.dumps({**_records(p), "unit": _records(p)["unit"] + _records(p)["unit"][:1]}).encode(),
        ),
        "id ganda",
    ),
    "bad enum": (
        lambda p: p.__setitem__(
            "records.json",
            json.dumps(
                {**_records(p), "unit": [{**_records(p)["unit"][0], "unit_type": "<script>"}]}
            ).encode(),
        ),
        "tidak sah",
    ),
    "broken link": (
        lambda p: p.__setitem__(
            "records.json",
            json.dumps(
                {**_records(p), "idea": [{**_records(p)["idea"][0], "unit_id": str(uuid.uuid4())}]}
            ).encode(),
        ),
        "merujuk",
    ),
    "breaks the template": (
        lambda p: p.__setitem__(
            "records.json",
            json.dumps(
                {
                    **_records(p),
                    "worksheet_entry": [
                        {**r, "data": {"masalah": "bukan tabel"}} if r["template_code"] == "LK-2b" else r
                        for r in _records(p)["worksheet_entry"]
                    ],
                }
            ).encode(),
        ),
        "tidak sesuai",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_bundles_are_refused_before_anything_is_written(main_db, good_bundle, tmp_path, case) -> None:  # noqa: ANN001
    change, words = HOSTILE[case]
    bad = _rewrite(good_bundle, tmp_path / "jahat.labinovasi", change)
    target = _open(tmp_path / "target.sqlite3")
    with target.session() as s:
        before = s.execute(text("SELECT count(*) FROM lab")).scalar()
    with pytest.raises(BundleError) as err:
        merge_bundle(target, read_bundle(bad))
    message = str(err.value)
    assert words in message and "Traceback" not in message and "{" not in message
    with target.session() as s:
        assert s.execute(text("SELECT count(*) FROM lab")).scalar() == before == 0
    target.close()


def test_symlinks_bombs_and_garbage_are_refused(good_bundle, tmp_path) -> None:  # noqa: ANN001
    link = tmp_path / "tautan.labinovasi"
    with zipfile.ZipFile(good_bundle) as src, zipfile.ZipFile(link, "w") as zf:
        for i in src.infolist():
            zf.writestr(i, src.read(i.filename))
        info = zipfile.ZipInfo("berkas/" + "a" * 64 + ".jpg")
        info.external_attr = 0o120777 << 16
        zf.writestr(info, "/etc/passwd")
    with pytest.raises(BundleError, match="tautan simbolik"):
        read_bundle(link)
    bomb = tmp_path / "bom.labinovasi"
    with zipfile.ZipFile(good_bundle) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in src.infolist():
            zf.writestr(i.filename, src.read(i.filename))
        zf.writestr("berkas/" + "b" * 64 + ".pdf", b"\0" * (60 * 1024 * 1024))
    with pytest.raises(BundleError):
        read_bundle(bomb)
    garbage = tmp_path / "sampah.labinovasi"
    garbage.write_bytes(b"\x00garbage" * 100)
    with pytest.raises(BundleError, match="bukan arsip"):
        read_bundle(garbage)
    with pytest.raises(BundleError, match="tidak ditemukan"):
        read_bundle(tmp_path / "tidak-ada.labinovasi")
