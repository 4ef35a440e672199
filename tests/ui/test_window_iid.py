"""Berkas → Ekspor → Profil Inovasi untuk IID: the workbook (or CSV) the window writes through its task runner."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

import ui.main_window as main_window_module
from labinovasi.ops.run import run
from labinovasi.ops.worksheets import SaveWorksheet
from labinovasi.services import labs as svc
from labinovasi.services.iid_export import iid_layout
from tests.ui.test_main_window import make_window, no_dialogs


@pytest.mark.parametrize("name", ["profil-iid.xlsx", "profil-iid.csv"])
def test_the_menu_writes_the_profile_and_offers_to_open_it(
    qtbot,
    monkeypatch,
    db,
    db_url,
    demo_lab,
    tmp_path: Path,
    name: str,  # noqa: ANN001
) -> None:
    lanjut = [
        i
        for u in svc.list_units(db, demo_lab.id)
        for i in svc.list_ideas(db, u.id)
        if i.status.value in ("lanjut", "diluncurkan")
    ]
    run(
        db,
        SaveWorksheet(
            "LK-4a", demo_lab.id, {"tanggal": "2026-11-20", "inovasi": [str(i.id) for i in lanjut]}
        ),
    )
    window = make_window(qtbot, db, db_url, demo_lab.id)
    calls = no_dialogs(monkeypatch, window)
    warnings: list[str] = []
    monkeypatch.setattr(window, "_warn", warnings.append)
    out = tmp_path / name
    asked: list[tuple] = []
    monkeypatch.setattr(
        main_window_module, "ask_xlsx_save_path", lambda *a, **k: (asked.append((a[1:], k)), out)[1]
    )
    assert window.act_export_iid.isEnabled()
    window.act_export_iid.trigger()
    assert asked and asked[0][1] == {"csv": True} and asked[0][0][1].endswith(".xlsx")
    assert calls["offer_open"] == [out] and calls["error"] == [] and warnings == []
    headers = [c.header for c in iid_layout().columns]
    if out.suffix == ".xlsx":
        ws = openpyxl.load_workbook(out).active
        assert ws is not None
        assert [c.value for c in ws[1]] == headers and ws.max_row == len(lanjut) + 1
    else:
        rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig")), delimiter=";"))
        assert rows[0] == headers and len(rows) == len(lanjut) + 1


def test_an_empty_profile_is_written_and_said(
    qtbot, monkeypatch, db, db_url, demo_lab, tmp_path: Path
) -> None:  # noqa: ANN001
    run(db, SaveWorksheet("LK-4a", demo_lab.id, {"tanggal": "2026-11-20"}))  # the demo's launch undone
    window = make_window(qtbot, db, db_url, demo_lab.id)
    calls = no_dialogs(monkeypatch, window)
    warnings: list[str] = []
    monkeypatch.setattr(window, "_warn", warnings.append)
    out = tmp_path / "kosong.xlsx"
    monkeypatch.setattr(main_window_module, "ask_xlsx_save_path", lambda *a, **k: out)
    window.export_iid_profile()
    assert out.is_file() and calls["offer_open"] == [out]
    assert len(warnings) == 1 and "Belum ada inovasi yang diluncurkan" in warnings[0]


def test_cancelling_the_file_question_writes_nothing(
    qtbot, monkeypatch, db, db_url, demo_lab, tmp_path: Path
) -> None:  # noqa: ANN001
    window = make_window(qtbot, db, db_url, demo_lab.id)
    calls = no_dialogs(monkeypatch, window)
    monkeypatch.setattr(main_window_module, "ask_xlsx_save_path", lambda *a, **k: None)
    assert window.export_iid_profile() is None
    assert calls["offer_open"] == [] and not list(tmp_path.glob("*.xlsx"))


@pytest.mark.parametrize(
    ("typed", "chosen_csv", "expected"),
    [("profil", False, "profil.xlsx"), ("profil", True, "profil.csv"), ("profil.csv", False, "profil.csv")],
)
def test_the_file_question_keeps_csv_when_it_is_chosen(
    qtbot,
    monkeypatch,
    tmp_path: Path,
    typed: str,
    chosen_csv: bool,
    expected: str,  # noqa: ANN001
) -> None:
    import ui.import_dialog as dialogs
    from labinovasi.i18n import _

    chosen = _("CSV untuk Excel (*.csv)") if chosen_csv else _("Buku kerja Excel (*.xlsx)")
    monkeypatch.setattr(dialogs.QFileDialog, "getSaveFileName", lambda *a: (str(tmp_path / typed), chosen))
    assert dialogs.ask_xlsx_save_path(None, "t", "p.xlsx", csv=True) == tmp_path / expected
    assert dialogs.ask_xlsx_save_path(None, "t", "p.xlsx") == tmp_path / (Path(typed).stem + ".xlsx")
