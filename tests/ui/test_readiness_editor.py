"""The LK-2a editor: respondents, scores typed in the grid, the live score and chart; and the
comparison of all units."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from labinovasi.domain.enums import UnitType
from labinovasi.ops import spine as spine_ops
from labinovasi.ops.spine import update_lab_settings
from labinovasi.ops.worksheets import save_worksheet
from labinovasi.services.context import WorksheetContext
from labinovasi.services.lab_settings import ReadinessItem
from labinovasi.services.readiness import analyse, by_mean, lab_readiness
from labinovasi.services.worksheets import load_worksheet
from labinovasi.worksheets.registry import default_registry
from labinovasi.worksheets.validation import Issue, validate
from ui.readiness_chart import ChartBar, ReadinessChart
from ui.readiness_comparison import ID_ROLE, ReadinessComparison, ReadinessComparisonModel
from ui.readiness_editor import KIND_ROLE, SCORE_ROLE, ReadinessEditor, ReadinessGridModel, short_name

ITEMS = (
    ReadinessItem("p1", "kepemimpinan", "Pimpinan mendorong cara kerja baru."),
    ReadinessItem("p2", "kepemimpinan", "Pimpinan memberi waktu untuk gagasan."),
    ReadinessItem("s1", "sdm", "Pegawai memahami masalah layanan."),
    ReadinessItem("x1", "keuangan_desa", "Dana desa untuk uji coba."),
)
NAME = "Ani <b>Staf</b> & Co"


@pytest.fixture
def ctx(db):  # noqa: ANN001, ANN201
    lab = spine_ops.create_lab(db, "Lab Uji")
    update_lab_settings(db, lab.id, readiness_items=ITEMS)
    unit = spine_ops.add_unit(db, lab.id, "Dinas Uji", UnitType.DINAS)
    spine_ops.add_person(db, lab.id, "Budi Santoso", unit.id, jabatan="Kepala Seksi")
    return WorksheetContext(db, lab.id, unit.id)


@pytest.fixture
def editor(qtbot, ctx):  # noqa: ANN001, ANN201 - a generator fixture keeps the host alive
    # in the app the editor sits in the stage page's scroll area, not in a window of its own
    host = QWidget()
    qtbot.addWidget(host)
    host.resize(1000, 620)
    ed = ReadinessEditor(default_registry().get("LK-2a"), ctx, host)
    ed.resize(1000, 620)
    host.show()
    ed.set_data({})
    yield ed
    del host


def add(editor: ReadinessEditor, monkeypatch: pytest.MonkeyPatch, nama: str, jabatan: str = "") -> str:
    monkeypatch.setattr(editor, "_ask_respondent", lambda *_a: (nama, jabatan))
    before = {p["_id"] for p in editor.model.respondents()}
    editor.add_button.click()
    (rid,) = {p["_id"] for p in editor.model.respondents()} - before
    return rid


def cell(editor: ReadinessEditor, item: str, column: int):  # noqa: ANN201
    row = next(r for r in editor.model.item_rows() if editor.model.item_at(r).id == item)
    return editor.model.index(row, column)


def test_add_a_respondent_and_type_scores(qtbot, editor, monkeypatch) -> None:  # noqa: ANN001
    with qtbot.waitSignal(editor.changed):
        rid = add(editor, monkeypatch, NAME, "Staf")
    assert editor.data() == {"responden": [{"_id": rid, "nama": NAME, "jabatan": "Staf"}], "jawaban": []}
    assert editor.grid.currentIndex() == cell(editor, "p1", 1)  # ready to type the first item
    assert editor.score_label.text() == "Belum ada jawaban"
    with qtbot.waitSignals([editor.changed] * 3):
        qtbot.keyClicks(editor.grid, "453")
    assert editor.data()["jawaban"] == [
        {"responden": rid, "butir": "p1", "skor": 4},
        {"responden": rid, "butir": "p2", "skor": 5},
        {"responden": rid, "butir": "s1", "skor": 3},
    ]
    assert editor.grid.currentIndex() == cell(editor, "x1", 1)  # moved down past the dimension header
    assert editor.score_label.text() == "Rata-rata 4,00 — Siap"
    assert editor.detail_label.text() == "1 responden · 3 dari 4 sel terisi"
    assert cell(editor, "p2", 1).data(SCORE_ROLE) == 5 and cell(editor, "p2", 1).data() == "5"
    assert cell(editor, "p2", 2).data() == "5,00"  # the item mean column (one respondent so far)
    assert editor.current_label.full_text() == f"{NAME} — Staf"
    # what the editor returns is what validation keeps, so autosave stores all of it
    clean, issues = validate(default_registry().get("LK-2a"), editor.data())
    assert issues == [] and clean == editor.data()


def test_invalid_keys_show_a_message_and_store_nothing(qtbot, editor, monkeypatch) -> None:  # noqa: ANN001
    qtbot.keyClicks(editor.grid, "3")
    assert "Tambahkan responden dulu" in editor.status.text()
    add(editor, monkeypatch, "Ani")
    before = editor.data()
    for key in ("7", "0", "a", " ", "-"):
        with qtbot.assertNotEmitted(editor.changed):
            qtbot.keyClicks(editor.grid, key)
        assert editor.status.text() == "Skor harus angka 1–5"
        assert "b00020" in editor.status.styleSheet()
    assert editor.data() == before
    assert editor.grid.currentIndex() == cell(editor, "p1", 1)  # the cursor did not move
    editor.grid.setCurrentIndex(cell(editor, "p1", 0))  # the statement column holds no score
    with qtbot.assertNotEmitted(editor.changed):
        qtbot.keyClicks(editor.grid, "4")
    assert editor.status.text() == "Pilih sel skor di kolom seorang responden, lalu ketik 1–5."
    editor.grid.setCurrentIndex(cell(editor, "p1", 1))
    qtbot.keyClicks(editor.grid, "2")
    assert "Ketik 1–5" in editor.status.text()  # a valid key brings back the hint


def test_delete_clears_and_typing_continues_with_the_next_respondent(qtbot, editor, monkeypatch) -> None:  # noqa: ANN001
    a = add(editor, monkeypatch, "Ani")
    b = add(editor, monkeypatch, "Budi Santoso", "Kepala Seksi")
    editor.grid.setCurrentIndex(cell(editor, "p1", 1))
    qtbot.keyClicks(editor.grid, "1234")
    assert editor.grid.currentIndex() == cell(editor, "p1", 2)  # after the last item, the next column
    assert "Budi Santoso" in editor.status.text()
    qtbot.keyClicks(editor.grid, "55")
    assert editor.model.report.mean == pytest.approx(20 / 6, abs=0.01)
    editor.grid.setCurrentIndex(cell(editor, "p2", 1))
    with qtbot.waitSignal(editor.changed):
        qtbot.keyClick(editor.grid, Qt.Key.Key_Delete)
    grid = {(r["responden"], r["butir"]): r["skor"] for r in editor.data()["jawaban"]}
    assert grid == {(a, "p1"): 1, (a, "s1"): 3, (a, "x1"): 4, (b, "p1"): 5, (b, "p2"): 5}
    assert editor.score_label.text() == "Rata-rata 3,60 — Siap"
    with qtbot.assertNotEmitted(editor.changed):  # clearing an empty cell changes nothing
        qtbot.keyClick(editor.grid, Qt.Key.Key_Backspace)


def test_rename_and_remove_a_respondent_asks_first(qtbot, editor, monkeypatch) -> None:  # noqa: ANN001
    a = add(editor, monkeypatch, "Ani")
    qtbot.keyClicks(editor.grid, "44")
    add(editor, monkeypatch, "Budi")
    qtbot.keyClicks(editor.grid, "2")
    editor.grid.setCurrentIndex(cell(editor, "p1", 1))
    monkeypatch.setattr(editor, "_ask_respondent", lambda *_a: ("Ani Lestari", "Analis"))
    with qtbot.waitSignal(editor.changed):
        editor.edit_button.click()
    assert editor.data()["responden"][0] == {"_id": a, "nama": "Ani Lestari", "jabatan": "Analis"}
    assert editor.model.headerData(1, Qt.Orientation.Horizontal) == "R1\nAni"
    asked: list[str] = []
    monkeypatch.setattr(editor, "_confirm_remove", lambda text: asked.append(text) or False)
    with qtbot.assertNotEmitted(editor.changed):
        editor.remove_button.click()
    assert asked == ["Hapus responden \u201cAni Lestari\u201d beserta 2 jawabannya?"]
    assert len(editor.data()["responden"]) == 2
    monkeypatch.setattr(editor, "_confirm_remove", lambda text: True)
    with qtbot.waitSignal(editor.changed):
        editor.remove_button.click()
    data = editor.data()
    assert [p["nama"] for p in data["responden"]] == ["Budi"]
    assert [r["skor"] for r in data["jawaban"]] == [2]
    assert editor.score_label.text() == "Rata-rata 2,00 — Kurang siap"
    assert "dihapus" in editor.status.text()


def test_set_data_round_trip_keeps_answers_to_items_no_longer_listed(qtbot, editor, db, ctx) -> None:  # noqa: ANN001
    data = {
        "responden": [
            {"_id": "r1", "nama": NAME, "jabatan": "Kepala <Seksi>"},
            {"_id": "r2", "nama": "Budi"},
        ],
        "jawaban": [
            {"_id": "j1", "responden": "r1", "butir": "p1", "skor": 5},
            {"responden": "r2", "butir": "p1", "skor": 2},
            {"responden": "r1", "butir": "lama_1", "skor": 4},
            {"responden": "hilang", "butir": "p2", "skor": 1},
        ],
    }
    save_worksheet(db, "LK-2a", data, ctx.lab_id, ctx.unit_id)
    stored = load_worksheet(db, "LK-2a", ctx.lab_id, ctx.unit_id).data
    with qtbot.assertNotEmitted(editor.changed):
        editor.set_data(stored)
    assert editor.data() == stored
    assert editor.score_label.text() == "Rata-rata 3,50 — Siap"
    assert editor.kept_label.isVisible() and editor.kept_label.text().startswith("2 jawaban lama")
    qtbot.keyClicks(editor.grid, "3")  # r1, p1: 5 -> 3; the row keeps its id, the kept rows stay
    assert editor.data()["jawaban"][0] == {"_id": "j1", "responden": "r1", "butir": "p1", "skor": 3}
    assert editor.data()["jawaban"][-2:] == stored["jawaban"][-2:]
    editor.set_data({})
    assert editor.data() == {"responden": [], "jawaban": []}
    assert editor.score_label.text() == "Belum ada jawaban" and editor.chart.is_empty


def test_the_chart_shows_the_dimension_means(qtbot, editor, monkeypatch) -> None:  # noqa: ANN001
    add(editor, monkeypatch, "Ani")
    qtbot.keyClicks(editor.grid, "5315")
    bars = editor.chart.bars()
    assert bars == [
        ChartBar("Dukungan pimpinan", 4.0),
        ChartBar("Kesiapan SDM", 1.0),
        ChartBar("keuangan_desa", 5.0),
    ]
    assert [b.colour for b in bars] == ["#4f9d4f", "#c0392b", "#1d6f42"]
    editor.chart.resize(400, editor.chart.height())
    geo = editor.chart.geometry_of_bars()
    full = editor.chart.x_of(5) - editor.chart.x_of(1)
    assert geo[0].bar.width() == pytest.approx(full * 0.75, abs=0.5)
    assert geo[1].bar.width() == pytest.approx(2.0)  # a mean of 1 still shows a sliver
    assert geo[2].bar.width() == pytest.approx(full, abs=0.5)
    assert [g.text for g in geo] == ["4,00", "1,00", "5,00"]
    assert geo[0].bar.left() == pytest.approx(editor.chart.x_of(1))


def test_chart_widget_without_answers_and_with_elided_labels(qtbot) -> None:  # noqa: ANN001
    chart = ReadinessChart(keep_rows=True)
    qtbot.addWidget(chart)
    chart.resize(320, 200)
    assert chart.is_empty
    long = "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah " * 3
    chart.set_bars([ChartBar(long, 3.2), ChartBar("Kecamatan", None)])
    assert not chart.is_empty
    geo = chart.geometry_of_bars()
    assert geo[0].label.endswith("…") and len(geo[0].label) < len(long)
    assert geo[1].bar is None and geo[1].text == "Belum ada jawaban"
    assert chart.grab().width() == 320  # paints without error
    dims = ReadinessChart()
    qtbot.addWidget(dims)
    dims.set_bars([ChartBar("Dukungan pimpinan", None)])
    assert dims.is_empty  # a unit's chart with no answer shows only the message


def test_grid_model_passes_the_model_tester(qtmodeltester, editor, monkeypatch) -> None:  # noqa: ANN001
    add(editor, monkeypatch, "Ani")
    qtmodeltester.check(editor.model)
    model = ReadinessGridModel(ITEMS)
    model.set_content(
        {
            "responden": [{"_id": "a", "nama": "A"}, {"nama": "Tanpa id"}],
            "jawaban": [{"responden": "a", "butir": "s1", "skor": 4}],
        }
    )
    qtmodeltester.check(model)
    assert model.rowCount() == 3 + 4 + 1 and model.columnCount() == 4
    assert [model.index(r, 0).data(KIND_ROLE) for r in (0, 1, 3, 7)] == ["header", "item", "header", "total"]
    assert [model.index(3, c).data() for c in range(4)] == ["Kesiapan SDM", "4,00", "", "4,00"]
    assert model.index(7, 1).data() == "4,00" and model.index(7, 3).data() == "4,00"
    assert all(p["_id"] for p in model.respondents())  # a row without an id gets one


def test_many_respondents_scroll_beside_the_frozen_statements(qtbot, editor, monkeypatch) -> None:  # noqa: ANN001
    for n in range(12):
        add(editor, monkeypatch, f"Responden Nomor {n + 1}")
    view = editor.grid
    assert view.horizontalScrollBar().maximum() > 0  # more columns than fit
    target = cell(editor, "x1", 11)
    view.setCurrentIndex(target)
    assert view.visualRect(target).left() >= view.columnWidth(0)  # not hidden under the statements
    assert view.frozen.isVisible() and view.frozen.columnWidth(0) == view.columnWidth(0)
    assert view.frozen.rowHeight(1) == view.rowHeight(1)
    assert [view.frozen.isColumnHidden(c) for c in range(3)] == [False, True, True]
    qtbot.keyClicks(view, "4")
    assert editor.data()["jawaban"][-1]["skor"] == 4
    scrolled = view.horizontalScrollBar().value()
    assert scrolled > 0
    view.setCurrentIndex(cell(editor, "p1", 0))  # the frozen statements are in view: no sideways jump
    assert view.horizontalScrollBar().value() == scrolled


def test_short_names_for_column_headers() -> None:
    assert short_name("Drs. Bambang Setyo Nugroho, M.Si.") == "Bambang"
    assert short_name("dr. Fajar Nur Hidayat, M.K.M.") == "Fajar"
    assert short_name("Ns. Dimas Aryo Wibowo, S.Kep.") == "Dimas"
    assert short_name("Wiwik Sulistyowati") == "Wiwik"
    assert short_name("") == ""


def test_show_issues(editor) -> None:  # noqa: ANN001
    editor.show_issues([Issue("responden.1.nama", "Responden baris 1, Nama responden: terlalu panjang")])
    assert editor.issues.isVisible() and "terlalu panjang" in editor.issues.text()
    editor.show_issues([])
    assert not editor.issues.isVisible()


def test_default_items_without_a_context(qtbot) -> None:  # noqa: ANN001
    ed = ReadinessEditor(default_registry().get("LK-2a"), None)
    qtbot.addWidget(ed)
    assert len(ed.model.item_rows()) == 15 and len(ed.model.header_rows()) == 5


# --- the comparison ---------------------------------------------------------------------------------


def test_comparison_of_the_demo_lab(qtbot, qtmodeltester, db, demo_lab) -> None:  # noqa: ANN001
    w = ReadinessComparison(db)
    qtbot.addWidget(w)
    w.resize(900, 620)
    w.show_lab(demo_lab.id)
    rows = by_mean(lab_readiness(db, demo_lab.id))
    bars = w.chart.bars()
    assert [b.label for b in bars] == [u.name for u, _s in rows]
    answered = [b.value for b in bars if b.value is not None]
    assert answered == sorted(answered, reverse=True) and len(answered) >= 3
    assert bars[-1].value is None
    qtmodeltester.check(w.model)
    assert w.proxy.rowCount() == len(rows) == 8
    first = w.proxy.index(0, ReadinessComparisonModel.UNIT)
    assert first.data() == rows[0][0].name
    assert w.proxy.index(0, ReadinessComparisonModel.LEVEL).data() == "Sangat siap"
    last = w.proxy.rowCount() - 1
    assert w.proxy.index(last, ReadinessComparisonModel.LEVEL).data() == "Belum ada jawaban"
    assert w.proxy.index(last, ReadinessComparisonModel.MEAN).data() == "—"
    assert w.model.headerData(4, Qt.Orientation.Horizontal) == "Dukungan\npimpinan"
    assert "dari 8 unit sudah mengisi LK-2a" in w.summary.text()
    with qtbot.waitSignal(w.unitActivated) as sig:
        w.table.activated.emit(first)
    assert sig.args == [rows[0][0].id] == [first.data(ID_ROLE)]


def test_comparison_updates_after_an_edit(qtbot, db, ctx) -> None:  # noqa: ANN001
    w = ReadinessComparison(db)
    qtbot.addWidget(w)
    w.show_lab(ctx.lab_id)
    assert [b.value for b in w.chart.bars()] == [None]
    assert w.summary.text().startswith("Belum ada unit yang mengisi LK-2a")
    data = {
        "responden": [{"_id": "a", "nama": "A"}],
        "jawaban": [{"responden": "a", "butir": "p1", "skor": 2}],
    }
    save_worksheet(db, "LK-2a", data, ctx.lab_id, ctx.unit_id)
    w.refresh()
    assert [b.value for b in w.chart.bars()] == [analyse(data, ITEMS).mean == 2.0 and 2.0]
    assert w.proxy.index(0, ReadinessComparisonModel.LEVEL).data() == "Kurang siap"


def test_four_respondents_show_whole_in_a_narrow_editor_with_the_chart_below(
    qtbot,
    editor: ReadinessEditor,
    monkeypatch: pytest.MonkeyPatch,  # noqa: ANN001
) -> None:
    for name in ("Bambang", "Dwi", "Arief", "Siti"):
        add(editor, monkeypatch, name)
    grid = editor.grid

    def all_columns_show() -> bool:
        last = editor.model.columnCount() - 1
        return grid.columnViewportPosition(last) + grid.columnWidth(last) <= grid.viewport().width()

    assert editor.split.orientation() is Qt.Orientation.Horizontal  # 1000 px: the chart beside the grid
    assert all_columns_show()
    editor.resize(730, 620)  # the editor's room beside both panes at 1366×768
    qtbot.waitUntil(lambda: editor.split.orientation() is Qt.Orientation.Vertical)
    qtbot.waitUntil(all_columns_show)
    assert grid.horizontalScrollBar().maximum() == 0
    assert editor.side.y() >= grid.height()  # the score and chart below the grid
    editor.resize(1000, 620)
    qtbot.waitUntil(lambda: editor.split.orientation() is Qt.Orientation.Horizontal)
