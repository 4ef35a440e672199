"""The projector view: a second window for the hall's screen, readable from its back row.

It shows the lab's name, the stage the lab is in and the agenda (today's sessions, else the stage's),
a big countdown (Ruang → Pengatur waktu), and, when the room is open to phones, a join QR code, live
counts and vote results. Every text is at least 28 pt at 1024×768 and grows with a bigger screen; the
colours are the large theme's (:func:`ui.theme.projector_value`), whatever the laptop's screen uses.

The window opens full screen on a second screen when there is one, else as a normal window; F11 toggles
full screen inside it and Esc leaves it.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6.QtCore import QEvent, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QKeyEvent,
    QPainter,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from labinovasi.domain.countdown import Countdown, format_remaining
from labinovasi.domain.stages import Stage
from labinovasi.i18n import _, format_date
from labinovasi.resources import resource_path
from labinovasi.services.sessions import RoomAgenda, SessionInfo
from ui import theme
from ui.elided_label import ElidedLabel
from ui.qr import qr_pixmap

BASE_SIZE = QSize(1024, 768)  # the smallest projector the room may have; text sizes are set for it
MIN_PT = 28.0  # no text smaller than this at 1024×768
SIZES = {  # point sizes at 1024×768, by what the text is
    "lab": 28.0,
    "stage": 40.0,
    "heading": 32.0,
    "body": 28.0,
    "number": 28.0,
    "when": 28.0,
    "url": 28.0,
    "counts": 28.0,
}
BOLD = {"stage", "heading", "url", "number", "when"}
TIMER_MAX_PT = 220.0
TICK_MS = 200  # how often a running countdown is redrawn
FLASH_MS = 350
FLASH_TOGGLES = 8  # the end flash: four times on and off, then it stays on "Waktu habis"
MAX_VOTE_ROWS = 6
L = TypeVar("L", bound=QLabel)


def play_end_sound() -> None:
    """The sound at the end of the countdown. PySide6-Essentials has no QtMultimedia: Windows plays a
    short chime through the standard library's ``winsound`` (without waiting for it), other systems
    ring the desktop's bell. The window flashes as well, so a muted laptop still shows the end.
    Tests replace this function."""
    if sys.platform == "win32":
        import winsound  # noqa: PLC0415 - Windows only

        try:
            winsound.PlaySound(
                str(resource_path("sounds", "timer_end.wav")),
                winsound.SND_FILENAME | winsound.SND_ASYNC | winsound.SND_NODEFAULT,
            )
            return
        except RuntimeError:  # no sound device: the bell, then the flash
            pass
    QApplication.beep()


def stage_caption(stage: Stage) -> str:
    return _("Tahap {number} · {stage}").format(number=stage.number, stage=stage.label)


def _breakable(text: str) -> str:
    """``text`` with a zero-width space after each ``/`` and ``:`` so a long address may wrap there."""
    return text.replace("/", "/\u200b").replace(":", ":\u200b")


def short_url(url: str) -> str:
    """The address as people type it: without ``http://`` or ``https://`` and a trailing ``/``."""
    for scheme in ("http://", "https://"):
        if url.lower().startswith(scheme):
            url = url[len(scheme) :]
            break
    return url.rstrip("/")


# --- small widgets ---


class FitLabel(QLabel):
    """The countdown's digits: as big as its box allows (never under 28 pt), the same size for every
    value of one duration (the digits do not jump as they change)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.sample = "88:88"  # the widest text it must hold
        self.max_pt = TIMER_MAX_PT
        self.preferred_height = 200  # when it shares its column (with the join code)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(1, QFontMetrics(self._font(MIN_PT)).height())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(300, self.preferred_height)

    def _font(self, pt: float) -> QFont:
        f = QFont(self.font())
        f.setPointSizeF(pt)
        f.setBold(True)
        return f

    def fit(self) -> None:
        """The largest size at which the sample fits the label's box (whole points, by halving)."""
        box = self.contentsRect()
        width, height = box.width() * 0.94, box.height()
        lo, hi = MIN_PT, max(MIN_PT, self.max_pt)
        while hi - lo > 1:
            mid = (lo + hi) / 2
            fm = QFontMetrics(self._font(mid))
            if (
                fm.horizontalAdvance(self.sample) <= width
                and fm.tightBoundingRect(self.sample).height() <= height
            ):
                lo = mid
            else:
                hi = mid
        if abs(self.font().pointSizeF() - int(lo)) >= 1 or not self.font().bold():
            self.setFont(self._font(int(lo)))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.fit()


class QrView(QWidget):
    """A square QR code, as big as its box; its modules stay whole pixels (:func:`ui.qr.qr_pixmap`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = ""
        self._cache: tuple[str, int, QPixmap] | None = None
        self.setMinimumSize(160, 160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_text(self, text: str) -> None:
        self.text = text
        self.update()

    def side(self) -> int:
        return min(self.width(), self.height())

    def pixmap(self) -> QPixmap:
        side = self.side()
        if self._cache is None or self._cache[:2] != (self.text, side):
            self._cache = (self.text, side, qr_pixmap(self.text, side))
        return self._cache[2]

    def paintEvent(self, _event: QEvent) -> None:  # noqa: N802 - Qt's name
        if not self.text:
            return
        pix = self.pixmap()
        painter = QPainter(self)
        x = (self.width() - pix.width()) // 2
        y = (self.height() - pix.height()) // 2
        painter.drawPixmap(x, y, pix)
        painter.end()


class BarView(QWidget):
    """One vote's bar: filled for ``fraction`` of its width."""

    def __init__(self, fraction: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fraction = max(0.0, min(1.0, fraction))
        self.setFixedHeight(18)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def paintEvent(self, _event: QEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(theme.projector_value("panel")))
        filled = round(self.width() * self.fraction)
        if filled:
            painter.fillRect(QRect(0, 0, filled, self.height()), QColor(theme.projector_value("accent")))
        painter.end()


# --- the window ---


class ProjectorWindow(QWidget):
    """The hall's screen. The main window drives it: :meth:`show_lab`, the countdown commands, and
    :meth:`set_join`, :meth:`set_counts`, :meth:`show_vote_results` for the participants' room."""

    own_text_sizes = True  # a theme switch leaves its sizes alone (ui.theme.OWN_TEXT_SIZES)
    closed = Signal()  # the window was closed (by its own close button too)
    countdownChanged = Signal()  # started, paused, resumed, lengthened, reset or over

    def __init__(self, clock: Callable[[], float] = time.monotonic, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(_("Lab Inovasi — Tampilan proyektor"))
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)  # the main window decides
        self.setObjectName("projector")
        self.countdown = Countdown(clock)
        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self.tick)
        self._flash = QTimer(self)
        self._flash.setInterval(FLASH_MS)
        self._flash.timeout.connect(self._flash_step)
        self._flashes_left = 0
        self._sized: list[tuple[QWidget, str]] = []
        self.join_url: str | None = None
        self._build()
        self.setStyleSheet(self._sheet())
        self.resize(BASE_SIZE)
        self._apply_fonts()
        self._update_countdown()

    # --- building ---
    def _label(self, role: str, parent: QWidget, wrap: bool = False) -> QLabel:
        return self._sized_label(QLabel(parent), role, wrap)

    def _elided(self, role: str, parent: QWidget) -> ElidedLabel:
        return self._sized_label(ElidedLabel(parent, min_width=1), role, False)

    def _sized_label(self, label: L, role: str, wrap: bool) -> L:
        label.setWordWrap(wrap)
        label.setTextFormat(Qt.TextFormat.PlainText)  # names and titles are shown as typed, never as markup
        self._sized.append((label, role))
        return label

    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)

        band = self.band = QFrame(self)
        band.setObjectName("band")
        bl = QVBoxLayout(band)
        bl.setContentsMargins(28, 12, 28, 14)
        bl.setSpacing(2)
        self.lab_label = self._elided("lab", band)
        self.stage_label = self._elided("stage", band)
        self.stage_label.setObjectName("stage")
        bl.addWidget(self.lab_label)
        bl.addWidget(self.stage_label)
        root.addWidget(band)

        body = QWidget(self)
        hl = QHBoxLayout(body)
        hl.setContentsMargins(28, 18, 28, 8)
        hl.setSpacing(28)

        # left: the agenda, or the results of a vote while they are shown
        left = QWidget(body)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.setSpacing(0)
        self.agenda, self._agenda_layout, self.agenda_title, self.agenda_more = self._panel(left, 6)
        self.agenda_items: list[QWidget] = []  # one a session: when (accent) above its title
        self.agenda.installEventFilter(self)
        self.votes, self._votes_layout, self.vote_title, self.vote_more = self._panel(left, 4)
        self.vote_rows: list[tuple[ElidedLabel, QLabel, BarView]] = []
        self._vote_row_widgets: list[QWidget] = []
        self.votes.hide()
        ll.addWidget(self.agenda, 1)
        ll.addWidget(self.votes, 1)

        # right: the countdown above the join code
        self.right = QWidget(body)
        rl = self._right_layout = QVBoxLayout(self.right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.setSpacing(16)
        self.timer_box = QFrame(self.right)
        self.timer_box.setObjectName("timerBox")
        tl = QVBoxLayout(self.timer_box)
        tl.setContentsMargins(12, 8, 12, 8)
        tl.setSpacing(0)
        self.timer_label = FitLabel(self.timer_box)
        self.timer_label.setObjectName("timer")
        self.timer_label.setTextFormat(Qt.TextFormat.PlainText)
        self.timer_note = self._label("body", self.timer_box)
        self.timer_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        tl.addWidget(self.timer_label, 1)
        tl.addWidget(self.timer_note)
        self.join_box = QFrame(self.right)
        self.join_box.setObjectName("joinBox")
        jl = QVBoxLayout(self.join_box)
        jl.setContentsMargins(0, 0, 0, 0)
        jl.setSpacing(6)
        self.qr_view = QrView(self.join_box)
        self.join_label = self._label("url", self.join_box, wrap=True)
        self.join_label.setObjectName("url")
        self.join_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        jl.addWidget(self.qr_view, 1)
        jl.addWidget(self.join_label)
        self.join_box.hide()
        rl.addWidget(self.timer_box, 2)
        rl.addWidget(self.join_box, 3)

        hl.addWidget(left, 3)
        hl.addWidget(self.right, 2)
        root.addWidget(body, 1)

        self.counts_label = self._elided("counts", self)
        self.counts_label.setObjectName("counts")
        self.counts_label.setContentsMargins(28, 4, 28, 12)
        self.counts_label.hide()
        root.addWidget(self.counts_label)
        self.show_lab(None)

    def _panel(self, parent: QWidget, spacing: int) -> tuple[QWidget, QVBoxLayout, QLabel, QLabel]:
        """A column of the left side: a heading, the rows put in after it, and a muted "… dan n lainnya"."""
        panel = QWidget(parent)
        panel.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(spacing)
        title = self._label("heading", panel, wrap=True)
        title.setObjectName("heading")
        more = self._label("body", panel)
        more.setObjectName("muted")
        layout.addWidget(title)
        layout.addWidget(more)
        layout.addStretch(1)
        return panel, layout, title, more

    def _sheet(self) -> str:
        v = theme.projector_value
        w = theme.THEMES[theme.LARGE].border_width
        return (
            f"#projector {{ background: {v('surface')}; }}"
            f"QLabel {{ color: {v('ink')}; background: transparent; }}"
            f"#band {{ background: {v('accent')}; }}"
            f"#band QLabel {{ color: {v('on_accent')}; }}"
            f"#muted {{ color: {v('muted')}; }}"
            f"#when {{ color: {v('accent')}; }}"
            f"#counts {{ color: {v('ink')}; background: {v('surface_alt')}; }}"
            f"#timerBox {{ border: {w}px solid {v('border')}; border-radius: 10px; background: {v('surface')}; }}"
            f'#timerBox[state="paused"] QLabel {{ color: {v("muted")}; }}'
            f'#timerBox[state="last"] {{ background: {v("error_bg")}; border-color: {v("error")}; }}'
            f'#timerBox[state="last"] QLabel {{ color: {v("error")}; }}'
            f'#timerBox[state="over"] {{ background: {v("error")}; border-color: {v("error")}; }}'
            f'#timerBox[state="over"] QLabel {{ color: {v("on_accent")}; }}'
            f'#timerBox[state="flash"] {{ background: {v("surface")}; border-color: {v("error")}; }}'
            f'#timerBox[state="flash"] QLabel {{ color: {v("error")}; }}'
        )

    # --- sizes ---
    def scale(self) -> float:
        """How much bigger than at 1024×768 the text is drawn (never smaller)."""
        return max(1.0, min(self.width() / BASE_SIZE.width(), self.height() / BASE_SIZE.height()))

    def _apply_fonts(self) -> None:
        s = self.scale()
        for widget, role in self._sized:
            f = QFont(widget.font())
            pt = SIZES[role] * s
            if f.pointSizeF() != pt or f.bold() != (role in BOLD):
                f.setPointSizeF(pt)
                f.setBold(role in BOLD)
                widget.setFont(f)
        self.timer_label.preferred_height = round(150 * s)
        self.timer_label.updateGeometry()
        self.timer_label.fit()
        self._fit_agenda()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._apply_fonts()

    def eventFilter(self, watched: QWidget, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.agenda and event.type() == QEvent.Type.Resize:
            self._fit_agenda()
        return super().eventFilter(watched, event)

    # --- full screen ---
    def show_on_projector(self, avoid: QWidget | None = None) -> None:
        """Full screen on a screen other than ``avoid``'s (the main window's) when there is one, else a
        normal window of the projector's smallest size."""
        screens = QGuiApplication.screens()
        mine = avoid.screen() if avoid is not None else QGuiApplication.primaryScreen()
        others = [s for s in screens if s is not mine]
        if others:
            target = others[0]
            self.setScreen(target)
            self.setGeometry(target.geometry())
            self.showFullScreen()
        else:
            if not self.isVisible():
                self.resize(BASE_SIZE)
            self.showNormal()
        self.raise_()

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_F11:
            self.toggle_full_screen()
        elif event.key() == Qt.Key.Key_Escape and self.isFullScreen():
            self.showNormal()
        else:
            super().keyPressEvent(event)

    def shut_down(self) -> None:
        """Close for good (the main window closes): the countdown and the flash stop."""
        self._ticker.stop()
        self._flash.stop()
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self._flash.stop()
        super().closeEvent(event)
        self.closed.emit()

    # --- the lab, its stage and agenda ---
    def show_lab(
        self,
        name: str | None,
        stage: Stage | None = None,
        agenda: RoomAgenda | None = None,
        today: dt.date | None = None,
    ) -> None:
        """The lab's name, the stage it is in and its agenda (``None``: no lab is open)."""
        if name is None:
            self.lab_label.set_full_text(_("Lab Inovasi"))
            self.stage_label.set_full_text("")
            self._set_agenda(_("Belum ada lab yang dibuka"), [])
            return
        self.lab_label.set_full_text(name)
        self.stage_label.set_full_text(stage_caption(stage) if stage else "")
        agenda = agenda or RoomAgenda(False, ())
        # the stage is named in the band above: the heading says only whose day it is
        if agenda.today:
            title = _("Hari ini, {date}").format(date=format_date(today or dt.date.today(), "d MMMM"))
        else:
            title = _("Agenda tahap ini")
        self._set_agenda(title, [self._agenda_text(s, agenda.today) for s in agenda.sessions])

    @staticmethod
    def _agenda_text(session: SessionInfo, today: bool) -> tuple[str, str]:
        """(when, title): today only the time, else the date and the time."""
        when = [session.time] if today else [format_date(session.date, "d MMM"), session.time]
        return " · ".join(w for w in when if w), session.title

    def _set_agenda(self, title: str, items: Sequence[tuple[str, str]]) -> None:
        self.agenda_title.setText(title)
        self._sized = [(w, r) for w, r in self._sized if w.parentWidget() not in self.agenda_items]
        for item in self.agenda_items:
            item.hide()
            item.deleteLater()
        self.agenda_items = []
        for i, (when, what) in enumerate(items):
            item = QWidget(self.agenda)
            il = QVBoxLayout(item)
            il.setContentsMargins(0, 4, 0, 4)
            il.setSpacing(0)
            when_label = self._label("when", item, wrap=True)
            when_label.setObjectName("when")
            when_label.setText(when)
            when_label.setVisible(bool(when))
            what_label = self._label("body", item, wrap=True)
            what_label.setText(what)
            il.addWidget(when_label)
            il.addWidget(what_label)
            self._agenda_layout.insertWidget(1 + i, item)
            self.agenda_items.append(item)
        self._apply_fonts()

    def agenda_texts(self) -> list[str]:
        """The sessions the agenda shows, as "when | title" (for tests and the screenshots' checks)."""
        return [
            " | ".join(w.text() for w in item.findChildren(QLabel) if not w.isHidden())
            for item in self.agenda_items
            if not item.isHidden()
        ]

    def _fit_agenda(self) -> None:
        """As many sessions as fit the agenda's height; "dan n sesi lainnya" for the rest."""
        width = self.agenda.width()
        spacing = self._agenda_layout.spacing()
        room = self.agenda.height() - self.agenda_title.heightForWidth(width) - spacing
        more_h = self.agenda_more.sizeHint().height() + spacing
        shown = 0
        used = 0
        for i, item in enumerate(self.agenda_items):
            h = item.heightForWidth(width) + spacing
            rest = len(self.agenda_items) - i - 1
            if used + h + (more_h if rest else 0) > room and shown > 0:
                break
            used += h
            shown += 1
        for i, label in enumerate(self.agenda_items):
            label.setVisible(i < shown)
        hidden = len(self.agenda_items) - shown
        if not self.agenda_items:
            self.agenda_more.setText(_("Belum ada sesi terjadwal."))
        else:
            self.agenda_more.setText(_("… dan {n} sesi lainnya").format(n=hidden) if hidden else "")
        self.agenda_more.setVisible(hidden > 0 or not self.agenda_items)

    # --- the countdown ---
    def start_countdown(self, seconds: float) -> None:
        self.countdown.start(seconds)
        self._after_command()

    def toggle_countdown(self) -> None:
        self.countdown.toggle()
        self._after_command()

    def add_minute(self) -> None:
        self.countdown.add_minute()
        self._after_command()

    def reset_countdown(self) -> None:
        self.countdown.reset()
        self._after_command()

    def _after_command(self) -> None:
        self._flash.stop()
        if self.countdown.running:
            self._ticker.start()
        else:
            self._ticker.stop()
        self._update_countdown()
        self.countdownChanged.emit()

    def tick(self) -> None:
        """Redraw the countdown; at zero: "Waktu habis", the sound (once) and the flash."""
        if self.countdown.tick():
            self._ticker.stop()
            play_end_sound()
            self._flashes_left = FLASH_TOGGLES
            self._flash.start()
            self.countdownChanged.emit()
        self._update_countdown()

    def countdown_state(self) -> str:
        """``none``, ``running``, ``last`` (the final minute), ``paused`` or ``over``."""
        c = self.countdown
        if not c.started:
            return "none"
        if c.finished:
            return "over"
        if not c.running:
            return "paused"
        return "last" if c.last_minute() else "running"

    def _update_countdown(self) -> None:
        state = self.countdown_state()
        self.timer_box.setVisible(state != "none")
        if state == "over":
            text, note = _("Waktu habis"), ""
        else:
            text = format_remaining(self.countdown.remaining())
            note = _("Dijeda") if state == "paused" else ""
        # one size for every value of a duration: the digits do not jump as they change
        sample = text if state == "over" else "888:88" if self.countdown.remaining() >= 100 * 60 else "88:88"
        if sample != self.timer_label.sample:
            self.timer_label.sample = sample
            self.timer_label.fit()
        self.timer_label.setText(text)
        self.timer_note.setText(note)
        self.timer_note.setVisible(bool(note))
        if not self._flash.isActive():
            self._set_box_state(state)
        self._update_right()

    def _set_box_state(self, state: str) -> None:
        if self.timer_box.property("state") == state:
            return
        self.timer_box.setProperty("state", state)
        for w in (self.timer_box, self.timer_label, self.timer_note):
            w.style().unpolish(w)
            w.style().polish(w)

    def _flash_step(self) -> None:
        self._flashes_left -= 1
        if self._flashes_left <= 0:
            self._flash.stop()
            self._set_box_state(self.countdown_state())
            return
        self._set_box_state("flash" if self._flashes_left % 2 else "over")

    def _update_right(self) -> None:
        joined = not self.join_box.isHidden()
        self.right.setVisible(not self.timer_box.isHidden() or joined)
        # beside the join code the countdown keeps to its digits' height; alone it takes the column
        self._right_layout.setStretchFactor(self.timer_box, 0 if joined else 1)
        self.timer_label.setSizePolicy(
            QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred if joined else QSizePolicy.Policy.Ignored
        )

    # --- the participants' room ---
    def set_join(self, url: str | None) -> None:
        """Show the join code and address (``None`` hides them)."""
        self.join_url = url or None
        if url:
            self.qr_view.set_text(url)
            self.join_label.setText(_breakable(short_url(url)))
            self.join_box.show()
        else:
            self.join_box.hide()
        self._update_right()

    def set_counts(self, phones: int | None, canvases: int = 0) -> None:
        """The live counts, e.g. "41 ponsel tersambung · 17 kanvas diperbarui"; ``None`` hides them
        (the room is closed)."""
        if phones is None:
            self.counts_label.hide()
            return
        self.counts_label.set_full_text(
            _("{phones} ponsel tersambung · {canvases} kanvas diperbarui").format(
                phones=phones, canvases=canvases
            )
        )
        self.counts_label.show()

    def show_vote_results(self, title: str, rows: Sequence[tuple[str, int]]) -> None:
        """The results of a vote as bars, the most votes first, in place of the agenda."""
        self._clear_vote_rows()
        self.vote_title.setText(title)
        ranked = sorted(rows, key=lambda r: -r[1])  # stable: a tie keeps the order given
        top = max((count for _label, count in ranked), default=0)
        for i, (label, count) in enumerate(ranked[:MAX_VOTE_ROWS]):
            row = QWidget(self.votes)
            rl = QVBoxLayout(row)
            rl.setContentsMargins(0, 6, 0, 0)
            rl.setSpacing(2)
            line = QHBoxLayout()
            line.setSpacing(16)
            name = self._elided("body", row)
            name.set_full_text(label)
            number = self._label("number", row)
            number.setText(str(count))
            number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            line.addWidget(name, 1)
            line.addWidget(number)
            bar = BarView(count / top if top else 0.0, row)
            rl.addLayout(line)
            rl.addWidget(bar)
            self._votes_layout.insertWidget(1 + i, row)
            self.vote_rows.append((name, number, bar))
            self._vote_row_widgets.append(row)
        rest = len(ranked) - MAX_VOTE_ROWS
        self.vote_more.setText(_("… dan {n} lainnya").format(n=rest) if rest > 0 else "")
        self.vote_more.setVisible(rest > 0)
        self.agenda.hide()
        self.votes.show()
        self._apply_fonts()

    def clear_vote_results(self) -> None:
        self._clear_vote_rows()
        self.votes.hide()
        self.agenda.show()
        self._fit_agenda()

    def _clear_vote_rows(self) -> None:
        for name, number, _bar in self.vote_rows:
            self._sized.remove((name, "body"))
            self._sized.remove((number, "number"))
        for row in self._vote_row_widgets:
            row.deleteLater()
        self.vote_rows = []
        self._vote_row_widgets = []

    def vote_texts(self) -> list[tuple[str, str, float]]:
        """What the bars say, top to bottom: (label, count, bar fraction)."""
        return [(n.full_text(), c.text(), b.fraction) for n, c, b in self.vote_rows]
