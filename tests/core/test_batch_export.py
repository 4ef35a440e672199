"""Plans printed in worker processes: every unit written in order, a failing unit isolated, the
combined PDF stitched with its bookmarks and page numbers, cancel, and the read-only workers."""

from __future__ import annotations

import io
import re
import sqlite3
from pathlib import Path

import pytest
from pypdf import PdfReader

from labinovasi.domain.enums import UnitType
from labinovasi.ops import spine as spine_ops
from labinovasi.ops.worksheets import save_worksheet
from labinovasi.reports import batch
from labinovasi.reports.unit_plan import render_combined_plans
from labinovasi.services import labs as svc

UNITS = ("Dinas Kesehatan", "Dinas Pendidikan & <Kebudayaan>", "Kecamatan Sidomukti")


def flat(text: str) -> str:
    return " ".join(text.split())


def pages_text(pdf: bytes) -> list[str]:
    return [flat(p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf)).pages]


def outline_tree(reader: PdfReader) -> list:  # noqa: ANN001
    """The outline as nested lists of titles."""

    def walk(items: list) -> list:
        return [walk(o) if isinstance(o, list) else o.title for o in items]

    return walk(reader.outline)


@pytest.fixture
def small_lab(db):  # noqa: ANN001, ANN201
    lab = spine_ops.create_lab(db, "Laboratorium Inovasi Kabupaten Uji", city="Uji", facilitator="Dr. Fasil")
    units = [
        spine_ops.add_unit(db, lab.id, name, UnitType.DINAS, head_name=f"Kepala {i}")
        for i, name in enumerate(UNITS, start=1)
    ]
    for u in units:
        save_worksheet(
            db,
            "LK-1",
            {"nama_kepala_unit": f"Kepala {u.name}", "isi_komitmen": f"Komitmen {u.name}"},
            lab.id,
            u.id,
        )
    return lab, units


def corrupt_commitment(db_url: str, unit_id) -> None:  # noqa: ANN001
    """Damage one unit's stored LK-1 the way a broken disk or a bad hand edit would."""
    file = db_url.removeprefix("sqlite:///")
    with sqlite3.connect(file) as conn:
        n = conn.execute(
            "UPDATE worksheet_entry SET data = '{\"isi_komitmen\": ' WHERE unit_id = ? "
            "AND template_code = 'LK-1'",
            (unit_id.hex,),
        ).rowcount
        if n == 0:  # ids stored as text with dashes on some set-ups
            n = conn.execute(
                "UPDATE worksheet_entry SET data = '{\"isi_komitmen\": ' WHERE unit_id = ? "
                "AND template_code = 'LK-1'",
                (str(unit_id),),
            ).rowcount
    conn.close()
    assert n == 1


def test_all_plans_in_worker_processes_come_back_in_order_with_progress(
    db, db_url, small_lab, tmp_path
) -> None:  # noqa: ANN001
    lab, units = small_lab
    seen: list[tuple[int, int, str]] = []
    result = batch.export_plans(
        db, db_url, lab.id, tmp_path / "out", "f4", progress=lambda *a: seen.append(a), processes=2
    )
    assert result.ok and result.failures == [] and not result.cancelled
    assert [p.name for p in result.written] == [
        "001_Dinas_Kesehatan.pdf",
        "002_Dinas_Pendidikan_Kebudayaan.pdf",
        "003_Kecamatan_Sidomukti.pdf",
    ]
    # progress counts the units as they are done (the longest plans start first)
    assert [(d, t) for d, t, _u in seen] == [(1, 3), (2, 3), (3, 3)]
    assert sorted(u for _d, _t, u in seen) == sorted(u.name for u in units)
    for path, unit in zip(result.written, units, strict=True):
        text = " ".join(pages_text(path.read_bytes()))
        assert unit.name in text and f"Komitmen {unit.name}" in text
        box = PdfReader(path).pages[0].mediabox
        assert round(float(box.height) / 72 * 25.4) == 330  # F4 reached the workers


@pytest.mark.sqlite_only
def test_a_unit_whose_plan_fails_does_not_stop_the_others(db, db_url, small_lab, tmp_path) -> None:  # noqa: ANN001
    lab, units = small_lab
    corrupt_commitment(db_url, units[1].id)
    result = batch.export_plans(db, db_url, lab.id, tmp_path / "out", processes=2)
    assert [p.name for p in result.written] == ["001_Dinas_Kesehatan.pdf", "003_Kecamatan_Sidomukti.pdf"]
    assert all(p.is_file() for p in result.written)
    assert not (tmp_path / "out" / "002_Dinas_Pendidikan_Kebudayaan.pdf").exists()
    [failure] = result.failures
    assert (failure.unit_id, failure.unit_name) == (str(units[1].id), units[1].name)
    assert failure.reason == "Data lembar kerja unit ini rusak dan tidak dapat dibaca."
    assert failure.line() == f"{units[1].name}: {failure.reason}"
    assert not result.ok


def test_a_plan_that_cannot_be_written_is_listed_with_its_file(db, db_url, small_lab, tmp_path) -> None:  # noqa: ANN001
    lab, _units = small_lab
    out = tmp_path / "out"
    (out / "003_Kecamatan_Sidomukti.pdf").mkdir(parents=True)  # a folder where the file should go
    result = batch.export_plans(db, db_url, lab.id, out, processes=0)
    assert len(result.written) == 2
    [failure] = result.failures
    assert failure.unit_name == "Kecamatan Sidomukti"
    assert "003_Kecamatan_Sidomukti.pdf" in failure.reason and "tidak dapat ditulis" in failure.reason
    assert "Traceback" not in failure.reason and "Errno" not in failure.reason


def test_combined_pdf_is_stitched_with_bookmarks_and_page_numbers(db, db_url, small_lab, tmp_path) -> None:  # noqa: ANN001
    lab, units = small_lab
    seen: list[tuple[int, int, str]] = []
    out = tmp_path / "semua.pdf"
    result = batch.export_combined(db, db_url, lab.id, out, progress=lambda *a: seen.append(a), processes=2)
    assert result.written == [out] and result.ok
    assert [(d, t) for d, t, _u in seen] == [(1, 4), (2, 4), (3, 4), (4, 4)] and seen[-1][2] == "PDF gabungan"
    assert sorted(u for _d, _t, u in seen[:-1]) == sorted(u.name for u in units)
    stitched = PdfReader(out)
    reference = PdfReader(io.BytesIO(render_combined_plans(db, lab.id)))  # laid out in one process
    # the same pages, the same bookmarks (a unit's name on top, its sections below it)
    assert len(stitched.pages) == len(reference.pages)
    assert outline_tree(stitched) == outline_tree(reference)
    assert [t for t in outline_tree(stitched) if isinstance(t, str)] == list(UNITS)
    assert pages_text(out.read_bytes()) == pages_text(_bytes(reference))
    # each unit numbers its own pages after its cover, and each bookmark points into its unit
    texts = pages_text(out.read_bytes())
    covers = [i for i, t in enumerate(texts) if "RENCANA PROYEK INOVASI" in t]
    assert len(covers) == 3
    for start, end in zip(covers, [*covers[1:], len(texts)], strict=True):
        numbers = [re.search(r"Halaman (\d+) dari (\d+)", t) for t in texts[start + 1 : end]]
        assert [(int(m[1]), int(m[2])) for m in numbers] == [
            (n, end - start - 1) for n in range(1, end - start)
        ]
    tops = [o for o in stitched.outline if not isinstance(o, list)]
    assert [stitched.get_destination_page_number(o) for o in tops] == covers
    assert stitched.metadata.title == "Rencana Proyek Inovasi"


def _bytes(reader: PdfReader) -> bytes:
    from pypdf import PdfWriter

    buf = io.BytesIO()
    w = PdfWriter()
    w.append(reader)
    w.write(buf)
    return buf.getvalue()


@pytest.mark.sqlite_only
def test_combined_pdf_leaves_out_a_failing_unit_and_lists_it(db, db_url, small_lab, tmp_path) -> None:  # noqa: ANN001
    lab, units = small_lab
    corrupt_commitment(db_url, units[0].id)
    out = tmp_path / "semua.pdf"
    result = batch.export_combined(db, db_url, lab.id, out, processes=2)
    assert result.written == [out]
    assert [f.unit_name for f in result.failures] == [units[0].name]
    tops = [t for t in outline_tree(PdfReader(out)) if isinstance(t, str)]
    assert tops == [units[1].name, units[2].name]


def test_a_cancelled_combined_export_writes_nothing(db, db_url, small_lab, tmp_path) -> None:  # noqa: ANN001
    lab, _units = small_lab
    out = tmp_path / "semua.pdf"
    seen: list[int] = []
    result = batch.export_combined(
        db,
        db_url,
        lab.id,
        out,
        progress=lambda done, total, unit: seen.append(done),
        cancelled=lambda: len(seen) >= 1,
        processes=1,
    )
    assert result.cancelled and result.written == [] and not result.ok
    assert seen == [1]
    assert not out.exists() and not out.with_name("semua.pdf.part").exists()


def test_a_cancelled_batch_keeps_what_was_written_and_stops(db, db_url, small_lab, tmp_path) -> None:  # noqa: ANN001
    lab, _units = small_lab
    seen: list[int] = []
    result = batch.export_plans(
        db,
        db_url,
        lab.id,
        tmp_path / "out",
        progress=lambda d, t, u: seen.append(d),
        cancelled=lambda: len(seen) >= 2,
        processes=0,
    )
    assert result.cancelled
    assert [p.name for p in result.written] == [
        "001_Dinas_Kesehatan.pdf",
        "002_Dinas_Pendidikan_Kebudayaan.pdf",
    ]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [p.name for p in result.written]


def test_one_plan_in_a_worker_process(db, db_url, small_lab, tmp_path) -> None:  # noqa: ANN001
    lab, units = small_lab
    out = tmp_path / "rencana.pdf"
    result = batch.export_plan(db, db_url, lab.id, units[2].id, out)
    assert result.written == [out] and result.ok
    text = " ".join(pages_text(out.read_bytes()))
    assert "Kecamatan Sidomukti" in text and "Daftar Isi" in text


def test_workers_open_the_database_read_only(db, db_url, small_lab) -> None:  # noqa: ANN001
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from labinovasi.db.engine import open_database_readonly

    ro = open_database_readonly(db_url)
    try:
        with ro.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM unit")).scalar() == 3
            with pytest.raises(DBAPIError, match="readonly|read-only|query_only|attempt to write"):
                conn.execute(text("DELETE FROM unit"))
    finally:
        ro.close()
    assert len(svc.list_units(db, small_lab[0].id)) == 3


def test_worker_count_follows_the_cores_and_the_jobs() -> None:
    assert batch.worker_count(1) == 1
    assert 1 <= batch.worker_count(1000) <= 1000


def test_failure_reasons_are_one_clear_sentence() -> None:
    import json

    from sqlalchemy.exc import OperationalError

    from labinovasi.services.records import NotFoundError

    assert (
        batch.failure_reason(NotFoundError("Unit dengan id 'x' tidak ditemukan"))
        == "Unit dengan id 'x' tidak ditemukan"
    )
    sql = batch.failure_reason(OperationalError("SELECT * FROM unit", {}, Exception("disk I/O error")))
    assert "SELECT" not in sql and sql.endswith(".")
    bad = batch.failure_reason(json.JSONDecodeError("Expecting value", '{"a": ', 6))
    assert "{" not in bad and "Expecting" not in bad
    odd = batch.failure_reason(KeyError("LK-9"))
    assert "LK-9" not in odd and "KeyError" not in odd and odd.endswith(".")


def test_the_export_figures_exist_for_a_lab_with_no_units(db, db_url, tmp_path: Path) -> None:  # noqa: ANN001
    lab = spine_ops.create_lab(db, "Lab Kosong")
    assert batch.export_plans(db, db_url, lab.id, tmp_path / "out").written == []
    combined = batch.export_combined(db, db_url, lab.id, tmp_path / "semua.pdf")
    assert combined.written == [] and not (tmp_path / "semua.pdf").exists()


@pytest.mark.skipif(not hasattr(__import__("os"), "nice"), reason="POSIX priorities")
def test_the_windows_workers_run_at_a_lower_priority_and_the_commands_do_not(db, db_url) -> None:  # noqa: ANN001
    import os

    mine = os.nice(0)
    for background, expected in ((True, min(19, mine + batch.BACKGROUND_NICENESS)), (False, mine)):
        pool = batch._Pool(db_url, 1, background)
        try:
            assert pool.submit(os.nice, 0).result(timeout=60) == expected
        finally:
            pool.close()


def _collector_state() -> tuple[bool, int]:
    import gc

    return gc.isenabled(), gc.get_count()[0]


def test_a_worker_collects_a_plan_s_cycles_after_each_unit(db, db_url, small_lab, tmp_path) -> None:  # noqa: ANN001
    # the automatic collector is off in a worker (it walked ReportLab's short-lived objects again and
    # again); each unit's cycles are collected when it is done, so nothing piles up from unit to unit
    lab, units = small_lab
    pool = batch._Pool(db_url, 1)
    try:
        pool.submit(_collector_state).result(timeout=60)  # the worker imports this module once
        for i, unit in enumerate(units):
            job = batch._Job(str(unit.id), unit.name, str(tmp_path / f"{i}.pdf"))
            assert (
                pool.submit(batch._print_unit, str(lab.id), job, "a4", False).result(timeout=120).reason
                is None
            )
            enabled, young = pool.submit(_collector_state).result(timeout=60)
            assert not enabled
            assert young < 100  # collected after the unit (a plan makes tens of thousands of objects)
    finally:
        pool.close()
    assert all((tmp_path / f"{i}.pdf").stat().st_size > 1000 for i in range(len(units)))


# on PostgreSQL too (tests/conftest.py)
pytestmark = pytest.mark.postgresql


def test_units_printed_by_one_worker_keep_their_own_text(db, db_url, small_lab, tmp_path) -> None:  # noqa: ANN001
    # one worker prints every unit, reading the lab's ideas and standings once: no unit's plan shows
    # another unit's commitment
    lab, units = small_lab
    result = batch.export_plans(db, db_url, lab.id, tmp_path / "out", processes=1)
    assert result.ok and len(result.written) == len(units)
    for path, unit in zip(result.written, units, strict=True):
        text = " ".join(pages_text(path.read_bytes()))
        assert f"Komitmen {unit.name}" in text
        assert all(f"Komitmen {other.name}" not in text for other in units if other is not unit)
