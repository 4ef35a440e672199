"""The projector view and the room's countdown: big text at 1024×768, the countdown on a fake clock with
its sound once at zero, the join code, live counts and vote bars, and the window's Ruang menu."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QApplication, QLabel

from labinovasi.domain.countdown import Countdown
from labinovasi.domain.stages import Stage
from labinovasi.ops import sessions as session_ops
from labinovasi.services.sessions import RoomAgenda, SessionInfo
from tests.ui.test_main_window import make_window
from ui import projector as projector_module
from ui import theme
from ui.projector import MIN_PT, ProjectorWindow, short_url

# offscreen windows: the platform plugin cannot pass on size hints or raise a window
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)

URL = "http://192.168.1.20:8765/j/K7Q2"
LAB = "Laboratorium Inovasi Kabupaten Wanasari 2026"
VOTES = [
    ("SI-CEPAT: antrean rujukan daring", 14),
    ("Posyandu digital", 22),
    ("Kartu kendali gizi balita untuk kader posyandu", 9),
    ("Loket keliling", 14),
    ("Lapor cepat jalan rusak", 0),
]


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sounds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    played: list[int] = []
    monkeypatch.setattr(projector_module, "play_end_sound", lambda: played.append(1))
    return played


def sessions(n: int) -> tuple[SessionInfo, ...]:
    lab = uuid.uuid4()
    return tuple(
        SessionInfo(
            uuid.uuid4(),
            lab,
            Stage.DIAGNOSE,
            f"Diagnose hari {i + 1}: prioritas masalah, akar masalah dan ide inovasi",
            dt.date(2026, 10, 13 + i),
            "08.00–15.30 WIB",
            "Pendopo Agung",
            i,
        )
        for i in range(n)
    )


def make_projector(qtbot, clock: FakeClock, size: QSize | None = None) -> ProjectorWindow:  # noqa: ANN001
    w = ProjectorWindow(clock)
    qtbot.addWidget(w)
    w.show_lab(LAB, Stage.DIAGNOSE, RoomAgenda(False, sessions(4)))
    w.resize(size or QSize(1024, 768))
    w.show()
    qtbot.waitExposed(w)
    return w


def everything_on(w: ProjectorWindow) -> None:
    w.start_countdown(10 * 60)
    w.set_join(URL)
    w.set_counts(41, 17)
    w.show_vote_results("Ide paling diminati", VOTES)


def inside(w: ProjectorWindow, label: QLabel) -> bool:
    top_left = label.mapTo(w, label.rect().topLeft())
    return w.rect().contains(QRect(top_left, label.size()))


# --- sizes ---


@pytest.mark.parametrize("votes", [False, True])
def test_every_text_is_at_least_28_pt_at_1024x768_and_inside_the_window(qtbot, clock, votes: bool) -> None:  # noqa: ANN001
    w = make_projector(qtbot, clock)
    w.start_countdown(10 * 60)
    w.set_join(URL)
    w.set_counts(41, 17)
    if votes:
        w.show_vote_results("Ide paling diminati", VOTES)
    # the countdown is the biggest thing in the hall (sized once the layout has settled)
    qtbot.waitUntil(lambda: w.timer_label.font().pointSizeF() >= 60)
    assert w.size() == QSize(1024, 768)
    labels = w.findChildren(QLabel)
    assert len(labels) >= 10
    small = {
        (lb.objectName(), lb.text()): lb.font().pointSizeF()
        for lb in labels
        if lb.font().pointSizeF() < MIN_PT
    }
    assert small == {}
    shown = [lb for lb in labels if lb.isVisible() and lb.text()]
    assert {lb.text() for lb in shown} >= {"10:00", LAB, "Tahap 2 · Diagnose"}
    outside = [lb.text() for lb in shown if not inside(w, lb)]
    assert outside == []
    assert w.qr_view.side() >= 160


def test_a_bigger_screen_gets_bigger_text(qtbot, clock) -> None:  # noqa: ANN001
    w = make_projector(qtbot, clock, QSize(1920, 1080))
    assert w.scale() == pytest.approx(1080 / 768)
    assert w.lab_label.font().pointSizeF() == pytest.approx(28 * 1080 / 768)
    assert w.stage_label.font().pointSizeF() > w.lab_label.font().pointSizeF()


def test_a_theme_switch_leaves_the_projectors_sizes_and_colours(qtbot, clock, qapp) -> None:  # noqa: ANN001
    w = make_projector(qtbot, clock)
    before = {id(lb): lb.font().pointSizeF() for lb in w.findChildren(QLabel)}
    sheet = w.styleSheet()
    try:
        theme.apply(qapp, theme.LARGE)
        theme.apply(qapp, theme.NORMAL)
        theme.apply(qapp, theme.LARGE)
        assert {id(lb): lb.font().pointSizeF() for lb in w.findChildren(QLabel)} == before
        assert w.styleSheet() == sheet and theme.LARGE_PALETTE.accent in sheet
    finally:
        theme.apply(qapp, theme.NORMAL)


# --- the countdown ---


def test_the_countdown_shows_mm_ss_warns_in_the_last_minute_and_rings_once(qtbot, clock, sounds) -> None:  # noqa: ANN001
    w = make_projector(qtbot, clock)
    assert not w.timer_box.isVisible()  # no countdown yet
    w.start_countdown(5 * 60)
    assert w.timer_box.isVisible() and w.timer_label.text() == "05:00"
    assert w.countdown_state() == "running"
    clock.now += 4 * 60 + 29.5
    w.tick()
    assert w.timer_label.text() == "00:31" and w.countdown_state() == "last"
    assert w.timer_box.property("state") == "last"
    clock.now += 31
    w.tick()
    assert w.timer_label.text() == "Waktu habis" and w.countdown_state() == "over"
    assert sounds == [1]
    for _ in range(5):
        clock.now += 1
        w.tick()
    assert sounds == [1]
    # the flash goes on and off a few times, then stays on "Waktu habis"
    states = set()
    for _ in range(projector_module.FLASH_TOGGLES):
        w._flash_step()
        states.add(w.timer_box.property("state"))
    assert states == {"flash", "over"} and w.timer_box.property("state") == "over"
    assert not w._flash.isActive()


def test_pause_add_minute_and_reset_on_the_projector(qtbot, clock, sounds) -> None:  # noqa: ANN001
    w = make_projector(qtbot, clock)
    w.start_countdown(3 * 60)
    clock.now += 60
    w.toggle_countdown()
    assert w.countdown_state() == "paused" and w.timer_note.text() == "Dijeda"
    assert not w._ticker.isActive()
    clock.now += 600
    w.tick()
    assert w.timer_label.text() == "02:00"
    w.add_minute()
    assert w.timer_label.text() == "03:00"
    w.toggle_countdown()
    assert w._ticker.isActive() and w.timer_note.text() == ""
    w.reset_countdown()
    assert w.timer_label.text() == "03:00" and w.countdown_state() == "paused"
    assert sounds == []


def test_a_long_duration_keeps_its_digits_inside_the_box(qtbot, clock) -> None:  # noqa: ANN001
    w = make_projector(qtbot, clock)
    w.start_countdown(180 * 60)
    assert w.timer_label.text() == "180:00"
    fm = w.timer_label.fontMetrics()
    assert fm.horizontalAdvance("180:00") <= w.timer_label.contentsRect().width()


# --- the agenda, the join code, counts and votes ---


def test_the_agenda_shows_what_fits_and_counts_the_rest(qtbot, clock) -> None:  # noqa: ANN001
    w = make_projector(qtbot, clock)
    shown = w.agenda_texts()
    assert 1 <= len(shown) < 4
    assert (
        shown[0]
        == "13 Okt · 08.00–15.30 WIB | Diagnose hari 1: prioritas masalah, akar masalah dan ide inovasi"
    )
    assert w.agenda_more.text() == f"… dan {4 - len(shown)} sesi lainnya"
    today = dt.date(2026, 10, 14)
    w.show_lab(LAB, Stage.DIAGNOSE, RoomAgenda(True, sessions(1)), today)
    assert w.agenda_title.text() == "Hari ini, 14 Oktober"
    assert w.agenda_texts() == [
        "08.00–15.30 WIB | Diagnose hari 1: prioritas masalah, akar masalah dan ide inovasi"
    ]
    assert not w.agenda_more.isVisible()
    w.show_lab(LAB, Stage.DESIGN, RoomAgenda(False, ()))
    assert w.stage_label.full_text() == "Tahap 3 · Design"
    assert w.agenda_texts() == [] and w.agenda_more.text() == "Belum ada sesi terjadwal."
    w.show_lab(None)
    assert w.lab_label.full_text() == "Lab Inovasi" and w.stage_label.full_text() == ""


def test_join_code_and_short_address(qtbot, clock) -> None:  # noqa: ANN001
    w = make_projector(qtbot, clock)
    assert not w.join_box.isVisible() and not w.right.isVisible()
    w.set_join(URL)
    assert w.join_box.isVisible() and w.right.isVisible()
    assert w.qr_view.text == URL and w.join_url == URL
    assert w.join_label.text().replace("\u200b", "") == "192.168.1.20:8765/j/K7Q2"
    assert not w.qr_view.pixmap().isNull() and w.qr_view.pixmap().width() == w.qr_view.side()
    w.set_join(None)
    assert not w.join_box.isVisible() and w.join_url is None
    assert short_url("https://lab.local/") == "lab.local"


def test_live_counts_show_and_hide(qtbot, clock) -> None:  # noqa: ANN001
    w = make_projector(qtbot, clock)
    assert not w.counts_label.isVisible()
    w.set_counts(41, 17)
    assert w.counts_label.isVisible()
    assert w.counts_label.full_text() == "41 ponsel tersambung · 17 kanvas diperbarui"
    w.set_counts(None)
    assert not w.counts_label.isVisible()


def test_vote_results_as_bars_most_votes_first(qtbot, clock) -> None:  # noqa: ANN001
    w = make_projector(qtbot, clock)
    w.show_vote_results("Ide paling diminati", VOTES)
    assert w.votes.isVisible() and not w.agenda.isVisible()
    assert w.vote_title.text() == "Ide paling diminati"
    assert w.vote_texts() == [
        ("Posyandu digital", "22", 1.0),
        ("SI-CEPAT: antrean rujukan daring", "14", pytest.approx(14 / 22)),
        ("Loket keliling", "14", pytest.approx(14 / 22)),  # a tie keeps the order given
        ("Kartu kendali gizi balita untuk kader posyandu", "9", pytest.approx(9 / 22)),
        ("Lapor cepat jalan rusak", "0", 0.0),
    ]
    assert not w.vote_more.isVisible()
    many = [(f"Ide {i}", i) for i in range(10)]
    w.show_vote_results("Sepuluh ide", many)
    assert [t[0] for t in w.vote_texts()] == [
        f"Ide {i}" for i in range(9, 9 - projector_module.MAX_VOTE_ROWS, -1)
    ]
    assert w.vote_more.text() == f"… dan {10 - projector_module.MAX_VOTE_ROWS} lainnya"
    w.show_vote_results("Belum ada suara", [("A", 0), ("B", 0)])
    assert [t[2] for t in w.vote_texts()] == [0.0, 0.0]
    w.clear_vote_results()
    assert not w.votes.isVisible() and w.agenda.isVisible() and w.vote_texts() == []


def test_f11_and_esc_toggle_full_screen(qtbot, clock) -> None:  # noqa: ANN001
    w = make_projector(qtbot, clock)
    assert not w.isFullScreen()
    qtbot.keyClick(w, Qt.Key.Key_F11)
    qtbot.waitUntil(w.isFullScreen)
    qtbot.keyClick(w, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not w.isFullScreen())
    qtbot.keyClick(w, Qt.Key.Key_Escape)  # Esc never enters it
    assert not w.isFullScreen()


def test_one_screen_opens_a_normal_window(qtbot, clock) -> None:  # noqa: ANN001
    w = ProjectorWindow(clock)
    qtbot.addWidget(w)
    assert len(QApplication.screens()) == 1
    w.show_on_projector()
    assert w.isVisible() and not w.isFullScreen() and w.size() == QSize(1024, 768)


# --- the window's Ruang menu ---


def room_window(qtbot, db, db_url, lab_id, clock: FakeClock):  # noqa: ANN001, ANN201
    window = make_window(qtbot, db, db_url, lab_id)
    projector = window.show_projector(True)
    assert projector is not None
    qtbot.addWidget(projector)
    projector.countdown = Countdown(clock)
    window.show_projector(False)
    return window


def test_the_room_menu_sits_between_tampilan_and_bantuan(qtbot, db, db_url, demo_lab) -> None:  # noqa: ANN001
    window = make_window(qtbot, db, db_url, demo_lab.id)
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles.index("Ruang") == titles.index("Tampilan") + 1 == titles.index("Bantuan") - 1
    assert window.menu_room.title() == "&Ruang" and window.projector is None
    items = [a.text().replace("&", "") for a in window.menu_room.actions() if not a.isSeparator()]
    assert items == [
        "Tampilan proyektor",
        "Pengatur waktu",
        "Mulai/Jeda",
        "Tambah 1 menit",
        "Atur ulang",
        "Buka ruang peserta…",
        "Tutup ruang peserta",
    ]
    assert not window.act_room_close.isEnabled()  # no room open
    presets = [a.text() for a in window.menu_timer.actions() if not a.isSeparator()]
    assert presets == ["3 menit", "5 menit", "10 menit", "15 menit", "30 menit", "Durasi &lain…"]
    assert window.act_projector.shortcut().toString() == "F5"
    assert not window.act_timer_toggle.isEnabled()  # nothing to pause yet


def test_a_preset_runs_on_the_projector_pause_and_one_more_minute(
    qtbot, db, db_url, demo_lab, clock, sounds
) -> None:  # noqa: ANN001
    window = room_window(qtbot, db, db_url, demo_lab.id, clock)
    projector = window.projector
    assert not projector.isVisible() and not window.act_projector.isChecked()
    window.timer_preset_actions[5].trigger()
    assert projector.isVisible() and window.act_projector.isChecked()
    assert projector.countdown.running and projector.timer_label.text() == "05:00"
    assert window.act_timer_toggle.isEnabled()
    clock.now += 100
    projector.tick()
    window.act_timer_toggle.trigger()
    assert not projector.countdown.running and projector.timer_label.text() == "03:20"
    window.act_timer_add.trigger()
    assert projector.timer_label.text() == "04:20"
    window.act_timer_toggle.trigger()
    clock.now += 4 * 60 + 20
    projector.tick()
    projector.tick()
    assert projector.timer_label.text() == "Waktu habis" and sounds == [1]
    window.act_timer_reset.trigger()
    assert projector.timer_label.text() == "05:00" and not projector.countdown.running
    assert window.act_timer_toggle.shortcut().toString() == "Ctrl+Shift+Space"


def test_another_duration_is_asked_in_minutes(qtbot, db, db_url, demo_lab, clock, monkeypatch) -> None:  # noqa: ANN001
    window = room_window(qtbot, db, db_url, demo_lab.id, clock)
    monkeypatch.setattr(window, "_ask_minutes", lambda: 45)
    window.act_timer_other.trigger()
    assert window.projector.timer_label.text() == "45:00"
    monkeypatch.setattr(window, "_ask_minutes", lambda: None)  # cancelled: the countdown goes on
    window.act_timer_other.trigger()
    assert window.projector.timer_label.text() == "45:00"


def test_f5_opens_and_closes_and_closing_the_projector_unticks_it(qtbot, db, db_url, demo_lab) -> None:  # noqa: ANN001
    window = make_window(qtbot, db, db_url, demo_lab.id)
    window.act_projector.trigger()
    projector = window.projector
    assert projector is not None and projector.isVisible() and window.act_projector.isChecked()
    qtbot.addWidget(projector)
    window.act_projector.trigger()
    assert not projector.isVisible() and not window.act_projector.isChecked()
    window.act_projector.trigger()
    assert window.projector is projector and projector.isVisible()
    projector.close()  # its own close button
    assert not window.act_projector.isChecked()
    assert window.act_projector in projector.actions()  # F5 works inside the projector too


def test_the_projector_follows_the_lab_its_stage_and_agenda(qtbot, db, db_url, demo_lab) -> None:  # noqa: ANN001
    from labinovasi.ops import spine as spine_ops

    window = make_window(qtbot, db, db_url, demo_lab.id)
    projector = window.show_projector()
    qtbot.addWidget(projector)
    assert projector.lab_label.full_text() == demo_lab.name
    assert projector.stage_label.full_text() == "Tahap 2 · Diagnose"
    assert any("Diagnose hari 1" in t for t in projector.agenda_texts())
    window.show_stage(Stage.DESIGN)
    window.act_set_current_stage.trigger()
    qtbot.waitUntil(lambda: projector.stage_label.full_text() == "Tahap 3 · Design")
    session_ops.add_session(db, demo_lab.id, Stage.DESIGN, "Klinik kanvas inovasi", dt.date.today(), "09.00")
    window.ops.run(spine_ops.UpdateLab(demo_lab.id, {"name": "Lab Baru"}), window)
    qtbot.waitUntil(lambda: projector.lab_label.full_text() == "Lab Baru")
    assert projector.agenda_title.text().startswith("Hari ini")
    assert projector.agenda_texts() == ["09.00 | Klinik kanvas inovasi"]
    other = spine_ops.create_lab(db, "Laboratorium Inovasi Kota Contoh")
    window.open_lab(other.id)
    assert projector.lab_label.full_text() == "Laboratorium Inovasi Kota Contoh"
    assert projector.stage_label.full_text() == "Tahap 1 · Drum-up"


def test_closing_the_window_closes_the_projector(qtbot, db, db_url, demo_lab, clock) -> None:  # noqa: ANN001
    window = room_window(qtbot, db, db_url, demo_lab.id, clock)
    window.timer_preset_actions[3].trigger()
    projector = window.projector
    closed = []
    projector.closed.connect(lambda: closed.append(1))
    assert projector.isVisible()
    window.close()
    assert closed == [1] and not projector.isVisible() and not projector._ticker.isActive()


def test_the_real_end_sound_plays_without_error_here(qapp) -> None:  # noqa: ANN001
    projector_module.play_end_sound()  # the desktop's bell off Windows; winsound's chime on it
