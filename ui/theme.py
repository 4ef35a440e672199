"""One palette and font scale for the whole window.

Two themes: ``normal`` and ``large`` (darker text, stronger borders, bigger type — for a projector or
tired eyes). Every colour in ``ui/`` is a named role of :class:`Palette`; style sheets come from the
small ``css_*`` helpers here, and painted views read :func:`palette` when they paint.
:func:`apply` switches the theme of a running application.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QWidget

NORMAL, LARGE = "normal", "large"
DECISIONS = ("lanjut", "perbaiki", "gabung", "tunda")
NOTE_KINDS = ("warn", "error", "ok")


@dataclass(frozen=True)
class Palette:
    # text
    ink: str  # body text, lines of a drawing
    ink_soft: str  # secondary text: headers, the why-chains of the fishbone
    muted: str  # hints, legends, empty states
    link: str
    # surfaces and lines
    surface: str  # the page a worksheet is written on
    surface_alt: str  # a quiet panel: summaries, the mean column
    panel: str  # a group header row, the bones' labels
    panel_strong: str  # a total row
    border: str  # frames of buttons and previews
    rule: str  # thin grid lines of the Gantt
    grid: str  # the scale lines of a chart
    selected: str  # a selected shape on a drawing
    # the lab's maroon
    accent: str
    accent_dark: str
    accent_bg: str  # a root cause's box
    accent_faint: str  # the fishbone's head
    on_accent: str  # text on any strong fill
    # messages
    error: str
    error_strong: str  # a value that cannot be stored, an error note's text
    error_bg: str
    error_border: str
    warn_ink: str
    warn_bg: str
    warn_border: str
    warn_mark: str  # the Gantt's warning triangle (vermillion)
    ok: str
    ok_bg: str
    info: str  # a choice button without a colour of its own
    today: str  # the Gantt's today line
    # LK-2a scores 1–5
    score_1: str
    score_2: str
    score_3: str
    score_4: str
    score_5: str
    # the progress matrix: none, started, over half, done
    progress_none: str
    progress_started: str
    progress_half: str
    progress_done: str
    # curation (LK-2g): a decision's button colour, and its cell on the idea board
    decision_lanjut: str
    decision_perbaiki: str
    decision_gabung: str
    decision_tunda: str
    decision_lanjut_bg: str
    decision_perbaiki_bg: str
    decision_gabung_bg: str
    decision_tunda_bg: str
    decision_lanjut_ink: str
    decision_perbaiki_ink: str
    decision_gabung_ink: str
    decision_tunda_ink: str
    # a QR code's modules and its quiet zone (the strongest contrast phone cameras read best)
    qr_dark: str
    qr_light: str


@dataclass(frozen=True)
class Theme:
    name: str
    palette: Palette
    font_scale: float
    border_width: int  # px, of frames drawn by the style sheets


NORMAL_PALETTE = Palette(
    ink="#1b2a3a",
    ink_soft="#3a4653",
    muted="#5b6770",
    link="#1d4f86",
    surface="#ffffff",
    surface_alt="#f3f6f9",
    panel="#e5eaef",
    panel_strong="#eef1f4",
    border="#b9c0c7",
    rule="#d5dbe1",
    grid="#9aa5ae",
    selected="#1f6feb",
    accent="#7a1f2b",
    accent_dark="#5a1620",
    accent_bg="#f8e4e6",
    accent_faint="#fbf3f4",
    on_accent="#ffffff",
    error="#b00020",
    error_strong="#8e0016",
    error_bg="#fbdfdf",
    error_border="#e5a5a5",
    warn_ink="#6b4a00",
    warn_bg="#fff4d0",
    warn_border="#e6c66e",
    warn_mark="#d55e00",
    ok="#1d6b2e",
    ok_bg="#dff3dc",
    info="#1f4e79",
    today="#b00020",
    score_1="#f6d5d1",
    score_2="#fae3c8",
    score_3="#f7efc6",
    score_4="#d9ecd5",
    score_5="#bfe0c6",
    progress_none="#f1f3f5",
    progress_started="#fde2b3",
    progress_half="#cfe8c4",
    progress_done="#7cc47f",
    decision_lanjut="#2e7d32",
    decision_perbaiki="#9c5c00",
    decision_gabung="#2f55a4",
    decision_tunda="#5b6770",
    decision_lanjut_bg="#cfe8c4",
    decision_perbaiki_bg="#fde2b3",
    decision_gabung_bg="#d9e2f7",
    decision_tunda_bg="#e4e6e8",
    decision_lanjut_ink="#1d4d12",
    decision_perbaiki_ink="#6b4200",
    decision_gabung_ink="#1f3a78",
    decision_tunda_ink="#3f464d",
    qr_dark="#000000",
    qr_light="#ffffff",
)

LARGE_PALETTE = Palette(
    ink="#000000",
    ink_soft="#1a222b",
    muted="#37414a",
    link="#0b3566",
    surface="#ffffff",
    surface_alt="#eef1f4",
    panel="#d3dbe3",
    panel_strong="#dde3e9",
    border="#4f5b66",
    rule="#8d99a4",
    grid="#4f5b66",
    selected="#0044cc",
    accent="#6b0f1d",
    accent_dark="#3f0710",
    accent_bg="#f5d6da",
    accent_faint="#fbeef0",
    on_accent="#ffffff",
    error="#8e0016",
    error_strong="#6a0010",
    error_bg="#fbd5d5",
    error_border="#a3131f",
    warn_ink="#3f2b00",
    warn_bg="#ffefb8",
    warn_border="#8a6400",
    warn_mark="#b34700",
    ok="#0d4a1b",
    ok_bg="#d4efcf",
    info="#123a60",
    today="#8e0016",
    score_1="#f0b9b2",
    score_2="#f6cf9e",
    score_3="#f1e29a",
    score_4="#bfe0b8",
    score_5="#96cfa2",
    progress_none="#e6e9ec",
    progress_started="#fbd08a",
    progress_half="#b2dca2",
    progress_done="#5aa95e",
    decision_lanjut="#1b5e20",
    decision_perbaiki="#7a4300",
    decision_gabung="#1f3f80",
    decision_tunda="#3c454d",
    decision_lanjut_bg="#b8dfaa",
    decision_perbaiki_bg="#fbd08a",
    decision_gabung_bg="#c3d2f2",
    decision_tunda_bg="#d5d8db",
    decision_lanjut_ink="#0f2e08",
    decision_perbaiki_ink="#3a2300",
    decision_gabung_ink="#0d1f48",
    decision_tunda_ink="#1c2126",
    qr_dark="#000000",
    qr_light="#ffffff",
)

THEMES = {
    NORMAL: Theme(NORMAL, NORMAL_PALETTE, 1.0, 1),
    LARGE: Theme(LARGE, LARGE_PALETTE, 1.5, 2),
}
ROLES = tuple(f.name for f in fields(Palette))

_current = THEMES[NORMAL]
_base_point_size: float | None = None  # the application font before any scaling
_base_palette: QPalette | None = None
STYLE_BUILDER = "_theme_style"  # the attribute under which :func:`style` keeps a widget's builder
OWN_TEXT_SIZES = "own_text_sizes"  # a window with this attribute true sizes its text itself (the projector)


def current() -> Theme:
    return _current


def palette() -> Palette:
    """The current palette; read it when painting or building a style sheet, never keep it."""
    return _current.palette


def value(role: str) -> str:
    """The colour of ``role`` as ``#rrggbb``."""
    return getattr(_current.palette, role)


def projector_value(role: str) -> str:
    """The colour of ``role`` on the projector, which always uses the large theme's palette: the
    strongest contrast, read from the back of a hall, whatever the laptop's own screen shows."""
    return getattr(THEMES[LARGE].palette, role)


def color(role: str) -> QColor:
    return QColor(value(role))


def brush(role: str) -> QBrush:
    return QBrush(color(role))


def decision(kind: str) -> tuple[str, str, str]:
    """A curation decision's (button colour, board cell background, board cell text)."""
    return value(f"decision_{kind}"), value(f"decision_{kind}_bg"), value(f"decision_{kind}_ink")


def mix(colour: str | QColor, amount: float) -> str:
    """``colour`` mixed into the surface (``amount`` = the colour's share, 0–1), as ``#rrggbb``."""
    c, s = QColor(colour), color("surface")
    r, g, b = (
        round(sv + (cv - sv) * amount)
        for cv, sv in ((c.red(), s.red()), (c.green(), s.green()), (c.blue(), s.blue()))
    )
    return f"#{r:02x}{g:02x}{b:02x}"


def border_width() -> int:
    return _current.border_width


# --- style sheet helpers ---


def css_text(role: str, bold: bool = False) -> str:
    """Text in the colour of ``role``."""
    return f"color: {value(role)};" + (" font-weight: bold;" if bold else "")


def css_note(kind: str, selector: str = "") -> str:
    """A framed note: ``warn``, ``error`` or ``ok``; ``selector`` wraps it in a rule (e.g. ``QLabel``)."""
    ink, bg, line = {
        "warn": ("warn_ink", "warn_bg", "warn_border"),
        "error": ("error_strong", "error_bg", "error_border"),
        "ok": ("ok", "ok_bg", "ok"),
    }[kind]
    body = (
        f"background: {value(bg)}; color: {value(ink)}; padding: 6px;"
        f" border: {border_width()}px solid {value(line)}; border-radius: 4px;"
    )
    return f"{selector} {{ {body} }}" if selector else body


def css_panel(role: str = "surface_alt", selector: str = "") -> str:
    """A quiet panel with padding."""
    body = f"background: {value(role)}; color: {value('ink')}; padding: 8px;"
    return f"{selector} {{ {body} }}" if selector else body


def css_frame(selector: str = "") -> str:
    """A framed white area (a preview)."""
    body = f"border: {border_width()}px solid {value('border')}; background: {value('surface')};"
    return f"{selector} {{ {body} }}" if selector else body


def css_button(fill_role: str) -> str:
    """A checkable choice button that fills with the colour of ``fill_role`` when it is down."""
    fill = value(fill_role)
    return (
        "QPushButton { padding: 3px 10px; }"
        f"QPushButton:checked {{ background: {fill}; color: {value('on_accent')};"
        f" border: {border_width()}px solid {fill}; }}"
    )


def css_stage_bar() -> str:
    """The row of stage buttons at the top of the window."""
    w = border_width()
    return (
        f"QToolButton:checked {{ background: {value('accent')}; color: {value('on_accent')};"
        f" font-weight: bold; border: {w}px solid {value('accent_dark')}; border-radius: 4px; }}"
        f"QToolButton {{ border: {w}px solid {value('border')}; border-radius: 4px; padding: 4px 8px;"
        f" background: {value('surface_alt')}; color: {value('ink')}; }}"
    )


def css_current_stage() -> str:
    """The lab's current stage in the stage bar (the bar's own sheet: setting it again re-reads the
    buttons' "current" property)."""
    return f'QToolButton[current="true"] {{ border: {border_width() + 1}px solid {value("accent")}; }}'


def html_span(role: str, text: str) -> str:
    """``text`` (already escaped) in the colour of ``role``, for rich-text labels."""
    return f"<span style='color:{value(role)}'>{text}</span>"


def style(widget: QWidget, build: Callable[[], str]) -> None:
    """Give ``widget`` the style sheet ``build()`` returns, now and again after every theme switch."""
    setattr(widget, STYLE_BUILDER, build)
    widget.setStyleSheet(build())


# --- switching ---


def global_style_sheet(theme: Theme) -> str:
    """The small application-wide sheet; empty for the normal theme (the platform's look)."""
    if theme.name == NORMAL:
        return ""
    p, w = theme.palette, theme.border_width
    return (
        f"QToolTip {{ color: {p.ink}; background: {p.surface}; border: {w}px solid {p.border}; }}"
        f"QLineEdit, QPlainTextEdit, QTextEdit, QSpinBox, QDoubleSpinBox, QDateEdit, QComboBox"
        f" {{ border: {w}px solid {p.border}; border-radius: 3px; padding: 2px; }}"
        f"QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QSpinBox:focus, QDoubleSpinBox:focus,"
        f" QDateEdit:focus, QComboBox:focus {{ border: {w}px solid {p.selected}; }}"
        f"QTableView, QTreeView, QListView {{ gridline-color: {p.grid}; }}"
    )


def qt_palette(theme: Theme, base: QPalette) -> QPalette:
    """``base`` with the theme's text colours (so ``palette(placeholder-text)`` follows the theme too)."""
    pal = QPalette(base)
    if theme.name == NORMAL:
        return pal
    p = theme.palette
    for role, colour in (
        (QPalette.ColorRole.WindowText, p.ink),
        (QPalette.ColorRole.Text, p.ink),
        (QPalette.ColorRole.ButtonText, p.ink),
        (QPalette.ColorRole.ToolTipText, p.ink),
        (QPalette.ColorRole.PlaceholderText, p.muted),
        (QPalette.ColorRole.Mid, p.muted),
        (QPalette.ColorRole.Base, p.surface),
        (QPalette.ColorRole.Highlight, p.selected),
        (QPalette.ColorRole.HighlightedText, p.on_accent),
        (QPalette.ColorRole.Link, p.link),
    ):
        pal.setColor(QPalette.ColorGroup.Active, role, QColor(colour))
        pal.setColor(QPalette.ColorGroup.Inactive, role, QColor(colour))
    return pal


def theme_name(name: str | None) -> str:
    """A known theme's name (anything else, e.g. from an old settings file, is ``normal``)."""
    return name if name in THEMES else NORMAL


def apply(app: QApplication, name: str) -> Theme:
    """Switch ``app`` to the theme ``name``: its font size, global style sheet and palette, and every
    widget styled through :func:`style` or with a font of its own."""
    global _current, _base_point_size, _base_palette
    old = _current
    theme = THEMES[theme_name(name)]
    if _base_point_size is None:
        _base_point_size = app.font().pointSizeF()
        _base_palette = QPalette(app.palette())
    assert _base_palette is not None
    _current = theme
    ratio = theme.font_scale / old.font_scale
    widgets = app.allWidgets()
    for w in widgets:  # before the application font changes, so a size inherited from it is not scaled twice
        _rescale_font(w, ratio)
    font = QFont(app.font())
    if _base_point_size > 0:
        font.setPointSizeF(_base_point_size * theme.font_scale)
    app.setFont(font)
    app.setPalette(qt_palette(theme, _base_palette))
    app.setStyleSheet(global_style_sheet(theme))
    for w in widgets:
        build = getattr(w, STYLE_BUILDER, None)
        if build is not None:
            w.setStyleSheet(build())
        w.update()
    return theme


# --- zoom of the worksheet editor (on top of the theme's font scale) ---

ZOOM_MIN, ZOOM_MAX, ZOOM_STEP = 0.7, 2.0, 0.1


def clamp_zoom(zoom: float) -> float:
    """``zoom`` within 70 %–200 %, rounded to whole percents (anything unreadable is 100 %)."""
    try:
        z = float(zoom)
    except (TypeError, ValueError):
        return 1.0
    if z != z:  # NaN
        return 1.0
    return round(min(ZOOM_MAX, max(ZOOM_MIN, z)), 2)


def scale_fonts(root: QWidget, ratio: float) -> None:
    """Scale the font of ``root`` and of every widget inside it by ``ratio``, each from its own size (a
    title stays bigger than its text). Set one by one: under the window's style sheet Qt does not pass a
    parent's font on to its children. The fonts are then the widgets' own, which :func:`apply` rescales
    when the theme switches."""
    if ratio == 1:
        return
    widgets = [root, *root.findChildren(QWidget)]
    fonts = [QFont(w.font()) for w in widgets]  # all read first: a parent's new font must not count twice
    for w, f in zip(widgets, fonts, strict=True):
        if f.pointSizeF() > 0:
            f.setPointSizeF(f.pointSizeF() * ratio)
            w.setFont(f)


def _rescale_font(w: QWidget, ratio: float) -> None:
    """A widget with a font of its own (a title, a bold header) grows with the theme as well."""
    if ratio == 1 or not w.testAttribute(Qt.WidgetAttribute.WA_SetFont):
        return
    if getattr(w.window(), OWN_TEXT_SIZES, False):
        return
    f = QFont(w.font())
    if f.pointSizeF() > 0:
        f.setPointSizeF(f.pointSizeF() * ratio)
        w.setFont(f)


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of ``#rrggbb``."""

    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    q = QColor(colour)
    return 0.2126 * channel(q.red()) + 0.7152 * channel(q.green()) + 0.0722 * channel(q.blue())


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours (1–21)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
