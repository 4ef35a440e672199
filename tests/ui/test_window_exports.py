"""Exports from the window run in worker processes: the plans are written, the units that fail are
listed with their reason, and the combined PDF arrives while the window keeps running its loop."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QProgressDialog

from labinovasi.domain.enums import UnitType
from labinovasi.ops import spine as spine_ops
from labinovasi.ops.worksheets import save_worksheet
from labinovasi.settings import Settings
from ui.main_window import MainWindow
from ui.tasks import TaskRunner

UNITS = ("Dinas Kesehatan", "Dinas Pendidikan", "Kecamatan Sidomukti")


@pytest.fixture
def small_lab(db):  # noqa: ANN001, ANN201
    lab = spine_ops.create_lab(db, "Laboratorium Inovasi Kabupaten Uji")
    units = [spine_ops.add_unit(db, lab.id, name, UnitType.DINAS) for name in UNITS]
    for u in units:
        save_worksheet(db, "LK-1", {"isi_komitmen": f"Komitmen {u.name}"}, lab.id, u.id)
    return lab, units


def window_on(qtbot, db, db_url: str, lab_id, synchronous: bool) -> tuple[MainWindow, dict[str, list]]:  # noqa: ANN001
    window = MainWindow(db, db_url, Settings(), lab_id, tasks=TaskRunner(synchronous=synchronous))
    qtbot.addWidget(window)
    calls: dict[str, list] = {"warn": [], "error": [], "offer_open": []}
    window._warn = lambda text: calls["warn"].append(text)  # type: ignore[method-assign]
    window._error = lambda text: calls["error"].append(text)  # type: ignore[method-assign]
    window._offer_open = lambda path: calls["offer_open"].append(Path(path))  # type: ignore[method-assign]
    return window, calls


def test_the_window_lists_the_units_that_failed_and_keeps_the_others(
    qtbot,
    db,
    db_url,
    small_lab,  # noqa: ANN001
    tmp_path,
) -> None:
    lab, units = small_lab
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as conn:
        conn.execute("UPDATE worksheet_entry SET data = '{' WHERE unit_id = ?", (units[1].id.hex,))
    conn.close()
    window, calls = window_on(qtbot, db, db_url, lab.id, synchronous=True)
    folder = tmp_path / "rencana"
    window._ask_folder = lambda title: folder  # type: ignore[method-assign]
    window.export_all_plans()

    assert [p.name for p in window.last_batch] == ["001_Dinas_Kesehatan.pdf", "003_Kecamatan_Sidomukti.pdf"]
    assert [f.unit_name for f in window.last_failures] == ["Dinas Pendidikan"]
    [warning] = calls["warn"]
    assert warning.splitlines() == [
        "1 unit tidak dapat dicetak; unit lainnya tetap tersimpan.",
        "• Dinas Pendidikan: Data lembar kerja unit ini rusak dan tidak dapat dibaca.",
    ]
    assert calls["error"] == [] and calls["offer_open"] == [folder]
    assert "2 rencana tersimpan" in window.statusBar().currentMessage()


def test_the_combined_export_runs_in_the_background_and_arrives(
    qtbot, db, db_url, small_lab, tmp_path
) -> None:  # noqa: ANN001
    lab, _units = small_lab
    window, calls = window_on(qtbot, db, db_url, lab.id, synchronous=False)
    out = tmp_path / "semua.pdf"
    window._ask_save_path = lambda title, suggested: out  # type: ignore[method-assign]
    progress: list[int] = []
    window.export_combined_plans()
    window.batch_handle.progress.connect(lambda done, total, unit: progress.append(done))
    assert not window.batch_handle.finished  # the call returned before the work was done
    [dialog] = window.findChildren(QProgressDialog)
    assert dialog.isVisible()  # at once, not after Qt's 4 s guess
    qtbot.waitUntil(lambda: window.batch_handle.finished, timeout=60_000)

    assert window.last_batch == [out] and calls["offer_open"] == [out]
    assert calls["error"] == [] and calls["warn"] == []
    top = [o.title for o in PdfReader(out).outline if not isinstance(o, list)]
    assert top == list(UNITS)
    assert progress and progress[-1] == len(UNITS) + 1
    window.tasks.wait()


def test_one_plan_from_the_window_is_printed_in_a_worker(qtbot, db, db_url, small_lab, tmp_path) -> None:  # noqa: ANN001
    lab, units = small_lab
    window, calls = window_on(qtbot, db, db_url, lab.id, synchronous=False)
    window.select_unit(units[2].id)
    out = tmp_path / "rencana.pdf"
    window._ask_save_path = lambda title, suggested: out  # type: ignore[method-assign]
    assert window.export_plan() is None  # not done yet: the worker prints it
    qtbot.waitUntil(lambda: window.batch_handle.finished, timeout=60_000)
    assert window.last_export == out and calls["offer_open"] == [out]
    assert "Komitmen Kecamatan Sidomukti" in " ".join(p.extract_text() for p in PdfReader(out).pages)
    window.tasks.wait()
