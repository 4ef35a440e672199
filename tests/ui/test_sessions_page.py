"""The sessions page, driven like the scribe does: keyboard ticking, filters, bulk ticks, the session
dialog, and the printed Daftar Hadir."""

from __future__ import annotations

import datetime as dt
import io
import time
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt

from labinovasi.domain.enums import UnitType
from labinovasi.domain.stages import Stage
from labinovasi.ops import sessions as session_ops
from labinovasi.ops import spine as spine_ops
from labinovasi.services import labs as svc
from labinovasi.services import sessions as ss
from ui import sessions_page
from ui.sessions_page import AttendanceModel, SessionDialog, SessionsPage, SessionTreeModel

# the offscreen platform says this whenever a shown window holds a QTreeView; real platforms do not
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def flat(text: str) -> str:
    return " ".join(text.split())


def pdf_text(path: Path) -> str:
    return flat(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(path.read_bytes())).pages))


@pytest.fixture
def page(qtbot, db, demo_lab):  # noqa: ANN001, ANN201
    p = SessionsPage(db)
    qtbot.addWidget(p)
    p.resize(1000, 600)
    p.show_lab(demo_lab.id)
    p.show()
    qtbot.waitExposed(p)
    return p


def visible_names(page: SessionsPage) -> list[str]:
    return [page.proxy.index(r, AttendanceModel.NAMA).data() for r in range(page.proxy.rowCount())]


def test_models_pass_qt_model_tester(qtmodeltester, db, demo_lab) -> None:  # noqa: ANN001
    sessions = ss.list_sessions(db, demo_lab.id)
    model = AttendanceModel()
    model.set_people(ss.list_participants(db, demo_lab.id), ss.attendance(db, sessions[0].id))
    qtmodeltester.check(model)
    assert model.rowCount() == 34 and model.columnCount() == 5
    tree = SessionTreeModel()
    tree.set_sessions(sessions, ss.attendance_counts(db, demo_lab.id), 34)
    qtmodeltester.check(tree)
    assert tree.rowCount() == 2  # Drum-up and Diagnose
    assert tree.item(1, 0).rowCount() == 2


def test_the_page_shows_the_sessions_by_stage_and_the_first_ones_ticks(page, db, demo_lab) -> None:  # noqa: ANN001
    assert page.session is not None
    assert page.session.title == "Pembukaan, materi inspirasi inovasi dan penandatanganan komitmen"
    assert page.count_label.text() == "32 dari 34 hadir"
    tree = page.session_model
    assert tree.item(0, 0).text() == "1  Drum-up"
    assert tree.item(0, 0).child(0, 2).text() == "32/34"
    assert tree.item(1, 0).child(1, 1).text() == "14 Okt"
    assert page.model.rowCount() == 34
    assert "Selasa, 13 Oktober 2026" in page.session_detail.text()
    # choosing another session shows its ticks
    page.session_view.setCurrentIndex(tree.item(1, 0).child(1, 0).index())
    assert page.session.title.startswith("Diagnose hari 2")
    assert page.count_label.text() == "21 dari 34 hadir"


def test_keyboard_only_ticking_stores_at_once_and_signals_one_row(qtbot, page, db) -> None:  # noqa: ANN001
    view = page.view
    view.setFocus()
    view.setCurrentIndex(page.proxy.index(0, AttendanceModel.NAMA))
    changes: list[tuple[int, int, int, int]] = []
    page.model.dataChanged.connect(
        lambda a, b, _r: changes.append((a.row(), b.row(), a.column(), b.column()))
    )
    first = page.model.person(0)
    before = first.id in ss.attendance(db, page.session.id)
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert (first.id in ss.attendance(db, page.session.id)) is not before
    assert changes == [(0, 0, 0, 0)]
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    third = page.model.person(2)
    was = page.model.is_present(2)
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert page.model.is_present(2) is not was
    assert (third.id in ss.attendance(db, page.session.id)) is not was
    assert changes[-1] == (2, 2, 0, 0)
    # the Siti row (not ticked in the demo) — tick it and the count moves
    siti = page.model.row_of(
        next(p.id for p in ss.list_participants(db, page.lab_id) if p.name.startswith("Siti"))
    )
    view.setCurrentIndex(page.proxy.mapFromSource(page.model.index(siti, AttendanceModel.NIP)))
    count = page.model.present_count()
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert page.model.present_count() == count + 1
    assert page.count_label.text() == f"{count + 1} dari 34 hadir"
    assert page.session_model.item(0, 0).child(0, 2).text() == f"{count + 1}/34"


def test_clicking_the_check_box_ticks_too(page, db) -> None:  # noqa: ANN001
    idx = page.proxy.index(3, AttendanceModel.HADIR)
    src_row = page.proxy.mapToSource(idx).row()
    was = page.model.is_present(src_row)
    target = Qt.CheckState.Unchecked if was else Qt.CheckState.Checked
    assert page.proxy.setData(idx, target.value, Qt.ItemDataRole.CheckStateRole)
    assert page.model.is_present(src_row) is not was
    assert (page.model.person(src_row).id in ss.attendance(db, page.session.id)) is not was


def test_search_unit_filter_and_enter_into_the_list(qtbot, page, db, demo_lab) -> None:  # noqa: ANN001
    qtbot.keyClicks(page.search, "puskesmas")
    assert visible_names(page) == [
        "dr. Fajar Nur Hidayat, M.K.M.",
        "Eni Susilowati, S.Tr.Keb.",
        "Laila Nur Azizah, S.KM.",
        "Ns. Dimas Aryo Wibowo, S.Kep.",
    ]
    assert page.count_label.text() == "32 dari 34 hadir · 4 tampil"
    page.search.clear()
    qtbot.keyClicks(page.search, "19870617")  # part of a NIP
    assert visible_names(page) == ["Arief Rahman Hakim, S.T."]
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert page.view.hasFocus()
    assert page.view.currentIndex().row() == 0
    page.search.clear()
    i = page.unit_filter.findText("Kecamatan Karangjati")
    page.unit_filter.setCurrentIndex(i)
    assert visible_names(page) == [
        "Agung Prasetyo, S.T.",
        "Dyah Ayu Kusumastuti, S.IP.",
        "Slamet Riyadi, S.Sos., M.M.",
        "Wiwik Sulistyowati",
    ]
    page.unit_filter.setCurrentIndex(page.unit_filter.findData(sessions_page.NO_UNIT))
    assert visible_names(page) == []


def test_tick_all_visible_and_clear_with_confirmation(page, db, monkeypatch) -> None:  # noqa: ANN001
    page.session_view.setCurrentIndex(
        page.session_model.item(1, 0).child(1, 0).index()
    )  # Diagnose hari 2: 21
    page.unit_filter.setCurrentIndex(page.unit_filter.findText("Dinas Kesehatan"))
    page.mark_visible(True)
    present = ss.attendance(db, page.session.id)
    dinkes = [p for p in ss.list_participants(db, page.lab_id) if p.unit_name == "Dinas Kesehatan"]
    assert all(p.id in present for p in dinkes)
    assert len(present) == 21 + 2  # two of the four were absent
    asked: list[str] = []
    monkeypatch.setattr(page, "_confirm", lambda _t, text: asked.append(text) or False)
    page.mark_visible(False)
    assert len(ss.attendance(db, page.session.id)) == 23  # refused: nothing cleared
    assert "Hapus tanda hadir 4 peserta yang tampil" in asked[0]
    monkeypatch.setattr(page, "_confirm", lambda _t, _x: True)
    page.mark_visible(False)
    assert len(ss.attendance(db, page.session.id)) == 19
    assert page.count_label.text() == "19 dari 34 hadir · 4 tampil"


def test_500_participants_tick_instantly(qtbot, db) -> None:  # noqa: ANN001
    lab = spine_ops.create_lab(db, "Lab besar")
    units = [spine_ops.add_unit(db, lab.id, f"Unit {u:02d}", UnitType.DINAS) for u in range(25)]
    for i in range(500):
        spine_ops.add_person(db, lab.id, f"Peserta {i:03d}", units[i % 25].id, nip=f"{i:018d}")
    session_ops.add_session(db, lab.id, Stage.DRUM_UP, "Pembukaan")
    p = SessionsPage(db)
    qtbot.addWidget(p)
    p.show_lab(lab.id)
    assert p.model.rowCount() == 500
    spans: list[int] = []
    p.model.dataChanged.connect(lambda a, b, _r: spans.append(b.row() - a.row() + 1))
    p.view.setCurrentIndex(p.proxy.index(250, 1))
    start = time.perf_counter()
    for _ in range(20):
        p.toggle_current()
        p.view.setCurrentIndex(p.proxy.index(p.view.currentIndex().row() + 1, 1))
    elapsed = time.perf_counter() - start
    assert spans == [1] * 20
    assert len(ss.attendance(db, p.session.id)) == 20
    assert elapsed < 5, f"20 ticks took {elapsed:.2f} s"


def fill_session_dialog(values: dict[str, Any]) -> Any:
    def exec_(self: SessionDialog) -> int:  # noqa: A003 - Qt's name
        if "stage" in values:
            self.stage.setCurrentIndex(self.stage.findData(values["stage"]))
        if "title" in values:
            self.title.setText(values["title"])
        if "date" in values:
            if values["date"] is None:
                self.no_date.setChecked(True)
            else:
                d = values["date"]
                self.no_date.setChecked(False)
                self.date.setDate(QDate(d.year, d.month, d.day))
        for key in ("time", "place"):
            if key in values:
                getattr(self, key).setText(values[key])
        self.accept()
        return int(self.result())

    return exec_


def test_add_edit_move_and_remove_sessions(page, db, demo_lab, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(
        SessionDialog,
        "exec",
        fill_session_dialog(
            {"stage": "design", "title": "Klinik rancang bangun & <b>review</b>", "time": "09.00–15.00 WIB"}
        ),
    )
    made = page.add_session()
    assert made is not None and page.session.id == made.id
    assert made.stage is Stage.DESIGN
    assert made.date == dt.date(2026, 11, 24)  # the Design stage's scheduled day
    assert made.place == "Aula Bapperida Kabupaten Wanasari"
    assert page.session_model.rowCount() == 3
    assert page.session_model.item(2, 0).child(0, 0).text() == "Klinik rancang bangun & <b>review</b>"
    assert page.count_label.text() == "0 dari 34 hadir"

    monkeypatch.setattr(SessionDialog, "exec", fill_session_dialog({"title": "Klinik desain", "date": None}))
    changed = page.edit_session()
    assert changed is not None and changed.title == "Klinik desain" and changed.date is None
    assert page.session_label.text() == "Klinik desain"

    diag2 = ss.list_sessions(db, demo_lab.id, Stage.DIAGNOSE)[1]
    page.session_view.setCurrentIndex(page.session_model.index_of(diag2.id))
    page.move_session(-1)
    assert [s.title for s in ss.list_sessions(db, demo_lab.id, Stage.DIAGNOSE)][0] == diag2.title
    assert page.session.id == diag2.id

    asked: list[str] = []
    monkeypatch.setattr(page, "_confirm", lambda _t, text: asked.append(text) or True)
    page.remove_session()
    assert "Catatan kehadiran 21 orang pada sesi ini ikut terhapus." in asked[0]
    assert diag2.id not in {s.id for s in ss.list_sessions(db, demo_lab.id)}
    assert page.session is not None  # another session is shown


def test_the_session_dialog_keeps_everything_when_a_value_is_refused(qtbot, db, demo_lab) -> None:  # noqa: ANN001
    calls: list[dict] = []

    def save(values: dict) -> ss.SessionInfo:
        calls.append(values)
        raise ValueError("Tempat sesi terlalu panjang (maksimal 200 karakter)")

    dlg = SessionDialog(None, Stage.DRUM_UP, lambda st: ss.stage_defaults(db, demo_lab.id, st), save)
    qtbot.addWidget(dlg)
    assert dlg.place.text() == "Pendopo Agung Kabupaten Wanasari"
    assert dlg.date.date() == QDate(2026, 10, 13)
    dlg.accept()
    assert dlg.result() == 0 and not calls
    assert dlg.error.text() == "Judul sesi wajib diisi."
    dlg.title.setText("Pembukaan 😀 & <b>")
    dlg.accept()
    assert dlg.result() == 0
    assert dlg.error.text() == "Tempat sesi terlalu panjang (maksimal 200 karakter)"
    assert dlg.title.text() == "Pembukaan 😀 & <b>"
    assert calls[0]["title"] == "Pembukaan 😀 & <b>" and calls[0]["date"] == dt.date(2026, 10, 13)
    dlg.stage.setCurrentIndex(dlg.stage.findData("design"))  # untouched: the new stage's day and venue
    assert dlg.place.text() == "Aula Bapperida Kabupaten Wanasari"
    assert dlg.date.date() == QDate(2026, 11, 24)
    dlg.place.clear()
    qtbot.keyClicks(dlg.place, "Gedung lain")
    dlg.date.setDate(QDate(2026, 12, 1))
    dlg.stage.setCurrentIndex(dlg.stage.findData("deliver"))  # what the user set is kept
    assert dlg.place.text() == "Gedung lain"
    assert dlg.date.date() == QDate(2026, 12, 1)


def test_print_the_attendance_list(page, db, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    opened: list[Path] = []
    asked: list[tuple[str, str]] = []
    out = tmp_path / "hadir.pdf"
    monkeypatch.setattr(page, "_ask_save_path", lambda title, name: asked.append((title, name)) or out)
    monkeypatch.setattr(page, "_offer_open", opened.append)
    page.paper = "f4"
    assert page.print_attendance() == out
    assert asked[0] == (
        "Simpan daftar hadir",
        "Daftar_Hadir_2026-10-13_Pembukaan_materi_inspirasi_inovasi_dan_penandatanganan_komit.pdf",
    )
    assert opened == [out]
    text = pdf_text(out)
    assert "DAFTAR HADIR" in text and "Siti Nurjanah, A.Md." in text  # everyone, to sign
    box = PdfReader(io.BytesIO(out.read_bytes())).pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (215, 330)

    only = tmp_path / "hadir_saja.pdf"
    monkeypatch.setattr(page, "_ask_save_path", lambda _title, _name: only)
    page.paper = "a4"
    assert page.print_attendance(only_present=True) == only
    text = pdf_text(only)
    assert "Siti Nurjanah, A.Md." not in text and "Jumlah yang hadir: 32 orang" in text

    monkeypatch.setattr(page, "_ask_save_path", lambda _title, _name: None)
    assert page.print_attendance() is None  # cancelled: nothing written

    errors: list[str] = []
    monkeypatch.setattr(page, "_error", errors.append)
    monkeypatch.setattr(page, "_ask_save_path", lambda _title, _name: tmp_path / "no-such-dir" / "x.pdf")
    assert page.print_attendance() is None
    assert errors and errors[0].startswith("Tidak dapat menulis")


def test_a_lab_without_sessions_says_so_and_disables_the_list(qtbot, db) -> None:  # noqa: ANN001
    lab = spine_ops.create_lab(db, "Lab baru")
    p = SessionsPage(db)
    qtbot.addWidget(p)
    p.show_lab(lab.id)
    p.show()
    assert p.session is None
    assert p.empty_label.isVisible()
    assert not p.view.isEnabled() and not p.print_button.isEnabled()
    assert p.add_button.isEnabled()


def test_coming_back_to_the_page_shows_new_people_and_keeps_the_cursor(page, db, demo_lab) -> None:  # noqa: ANN001
    page.view.setCurrentIndex(page.proxy.index(5, AttendanceModel.NAMA))
    person = page.model.person(5)
    unit = svc.list_units(db, demo_lab.id)[0]
    spine_ops.add_person(db, demo_lab.id, "Aaa Peserta Baru", unit.id)  # added on the team tab meanwhile
    page.hide()
    page.show()
    assert page.model.rowCount() == 35
    assert page.count_label.text() == "32 dari 35 hadir"
    current = page.proxy.mapToSource(page.view.currentIndex())
    assert page.model.person(current.row()).id == person.id
