"""The window's theme: one palette for every colour in ui/, a large high-contrast theme, switched at run
time from Tampilan → Tampilan besar (proyektor) and remembered in the settings."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from labinovasi.domain.enums import UnitType
from labinovasi.ops import spine as spine_ops
from labinovasi.settings import Settings, load_settings, save_settings, settings_path
from ui import theme
from ui.main_window import MainWindow
from ui.stage_page import AUTOSAVE_MS
from ui.tasks import TaskRunner

# the offscreen platform says this when a window shown earlier in the session is laid out again
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

UI = Path(__file__).resolve().parents[2] / "ui"
HEX = re.compile(r"(?<![&\w])#(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")
NAMED = re.compile(r"(?:color|background)\s*:\s*(?:white|black)\b|GlobalColor\.(?:white|black)\b")
ROLE_USE = re.compile(r"theme\.(?:value|color|brush|css_text|css_panel|html_span)\(\s*\"(\w+)\"")

# the text roles and what they are read on
TEXT_PAIRS = [
    ("ink", "surface"),
    ("ink_soft", "surface"),
    ("muted", "surface"),
    ("link", "surface"),
    ("error", "surface"),
    ("error_strong", "surface"),
    ("ok", "surface"),
    ("accent", "surface"),
    ("ink_soft", "panel"),
    ("ink", "panel_strong"),
    ("muted", "surface_alt"),
    ("error_strong", "error_bg"),
    ("warn_ink", "warn_bg"),
    ("ok", "ok_bg"),
    ("error", "error_bg"),
    ("qr_dark", "qr_light"),
    ("accent", "accent_bg"),
    ("on_accent", "accent"),
    ("on_accent", "info"),
    ("on_accent", "error"),
    ("on_accent", "ok"),
    *[("ink", f"score_{n}") for n in range(1, 6)],
    *[("ink", f"progress_{k}") for k in ("none", "started", "half", "done")],
    *[("on_accent", f"decision_{k}") for k in theme.DECISIONS],
    *[(f"decision_{k}_ink", f"decision_{k}_bg") for k in theme.DECISIONS],
]


@pytest.fixture
def normal_afterwards(qapp: QApplication) -> Iterator[QApplication]:
    theme.apply(qapp, theme.NORMAL)
    yield qapp
    theme.apply(qapp, theme.NORMAL)


def _ui_sources() -> list[Path]:
    return sorted(p for p in UI.glob("*.py") if p.name != "theme.py")


def test_no_colour_literal_is_left_in_ui_outside_the_theme() -> None:
    found = [
        f"{p.name}:{n}: {line.strip()}"
        for p in _ui_sources()
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if HEX.search(line) or NAMED.search(line)
    ]
    assert found == []
    # the check itself finds what it is meant to find
    assert HEX.search('QColor("#b00020")') and HEX.search("color: #fff;") and NAMED.search("color: white;")
    assert not HEX.search("&#9650;") and not HEX.search("# a comment")


def test_every_role_the_views_name_exists() -> None:
    used = {m.group(1) for p in _ui_sources() for m in ROLE_USE.finditer(p.read_text(encoding="utf-8"))}
    assert len(used) > 20
    assert used - set(theme.ROLES) == set()


@pytest.mark.parametrize("name", [theme.NORMAL, theme.LARGE])
def test_both_palettes_define_every_role_as_a_colour(name: str) -> None:
    pal = theme.THEMES[name].palette
    for role in theme.ROLES:
        value = getattr(pal, role)
        assert re.fullmatch(r"#[0-9a-f]{6}", value), (role, value)
        assert QColor(value).isValid()
    assert len(theme.ROLES) >= 40


def test_the_large_theme_is_darker_bigger_and_stronger() -> None:
    normal, large = theme.THEMES[theme.NORMAL], theme.THEMES[theme.LARGE]
    assert large.font_scale >= 1.4 and normal.font_scale == 1
    assert large.border_width > normal.border_width
    for role in ("ink", "ink_soft", "muted", "error", "border"):
        assert theme.relative_luminance(getattr(large.palette, role)) < theme.relative_luminance(
            getattr(normal.palette, role)
        ), role


def test_the_contrast_formula_matches_wcag() -> None:
    assert theme.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert theme.contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert theme.contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # WCAG's own example


@pytest.mark.parametrize(("name", "minimum"), [(theme.LARGE, 7.0), (theme.NORMAL, 4.5)])
def test_text_roles_contrast_with_their_background(name: str, minimum: float) -> None:
    pal = theme.THEMES[name].palette
    low = {
        (fg, bg): round(theme.contrast_ratio(getattr(pal, fg), getattr(pal, bg)), 2) for fg, bg in TEXT_PAIRS
    }
    assert {pair: r for pair, r in low.items() if r < minimum} == {}


def test_helpers_build_sheets_from_the_current_palette(normal_afterwards: QApplication) -> None:
    assert theme.css_text("error") == f"color: {theme.NORMAL_PALETTE.error};"
    assert theme.NORMAL_PALETTE.warn_bg in theme.css_note("warn")
    assert theme.css_note("error", "QLabel").startswith("QLabel {")
    theme.apply(normal_afterwards, theme.LARGE)
    assert theme.palette() is theme.LARGE_PALETTE
    assert theme.css_text("muted") == f"color: {theme.LARGE_PALETTE.muted};"
    assert "2px solid" in theme.css_note("warn")
    assert theme.mix("#000000", 0.0) == theme.LARGE_PALETTE.surface and theme.mix("#123456", 1.0) == "#123456"


def test_an_unknown_theme_name_falls_back_to_normal(normal_afterwards: QApplication) -> None:
    assert theme.apply(normal_afterwards, "neon").name == theme.NORMAL
    assert theme.theme_name(None) == theme.NORMAL


def test_settings_keep_the_theme_and_old_files_read_as_normal() -> None:
    assert Settings().theme == "normal"
    s = Settings()
    s.theme = "large"
    save_settings(s)
    assert load_settings().theme == "large"
    settings_path().write_text(json.dumps({"schema": 1, "paper": "f4"}), encoding="utf-8")  # before the field
    assert (load_settings().theme, load_settings().paper) == ("normal", "f4")
    settings_path().write_text(json.dumps({"schema": 1, "theme": "neon"}), encoding="utf-8")
    assert load_settings().theme == "normal"


def test_the_menu_switches_font_size_and_styles_and_remembers_it(
    qtbot,
    db,
    db_url,  # noqa: ANN001
    normal_afterwards: QApplication,
) -> None:
    app = normal_afterwards
    lab = spine_ops.create_lab(db, "Laboratorium Inovasi Kota Contoh", city="Contoh", facilitator="Fasil")
    spine_ops.add_unit(db, lab.id, "Dinas Kesehatan", UnitType.DINAS, head_name="dr. Kepala")
    window = MainWindow(db, db_url, Settings(), lab.id, tasks=TaskRunner(synchronous=True))
    qtbot.addWidget(window)
    window.new_idea()
    page = window.stage_page
    qtbot.keyClicks(page.form.editor("nama"), "SI-LAMBAT")
    qtbot.keyClicks(page.form.editor("perkiraan_anggaran"), "lima juta")
    with qtbot.waitSignal(page.saved, timeout=10 * AUTOSAVE_MS):
        pass
    qtbot.waitUntil(lambda: not page.dirty, timeout=10 * AUTOSAVE_MS)
    assert page.status.text().startswith("Ada isian yang belum valid")
    assert page.status.styleSheet() == f"color: {theme.NORMAL_PALETTE.error};"
    base = app.font().pointSizeF()
    stage_sheet = window.styleSheet()
    assert theme.NORMAL_PALETTE.accent in stage_sheet

    assert not window.act_large_theme.isChecked()
    assert window.act_large_theme.text().replace("&", "") == "Tampilan besar (proyektor)"
    window.act_large_theme.trigger()

    assert window.act_large_theme.isChecked()
    assert app.font().pointSizeF() == pytest.approx(base * 1.5)
    assert page.status.styleSheet() == f"color: {theme.LARGE_PALETTE.error};"
    assert theme.LARGE_PALETTE.accent in window.styleSheet() and window.styleSheet() != stage_sheet
    assert app.styleSheet() != ""
    assert load_settings().theme == "large"

    window.act_large_theme.trigger()
    assert app.font().pointSizeF() == pytest.approx(base)
    assert page.status.styleSheet() == f"color: {theme.NORMAL_PALETTE.error};"
    assert window.styleSheet() == stage_sheet and app.styleSheet() == ""
    assert load_settings().theme == "normal"


def test_a_window_opened_with_the_large_setting_starts_large(
    qtbot,
    db,
    db_url,  # noqa: ANN001
    normal_afterwards: QApplication,
) -> None:
    from ui.app import create_window

    s = Settings()
    s.theme = "large"
    save_settings(s)
    base = normal_afterwards.font().pointSizeF()

    class Args:
        db_url = ""
        demo = False
        lab = None

    Args.db_url = db_url
    window = create_window(Args())
    qtbot.addWidget(window)
    assert theme.current().name == theme.LARGE
    assert normal_afterwards.font().pointSizeF() == pytest.approx(base * 1.5)
    assert window.act_large_theme.isChecked()
    window.db.close()


def _colours(image) -> set[str]:  # noqa: ANN001
    return {
        image.pixelColor(x, y).name() for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)
    }


def test_the_fishbone_reads_the_palette_when_it_paints(qtbot, normal_afterwards: QApplication) -> None:  # noqa: ANN001
    from ui.fishbone_canvas import FishboneCanvas

    canvas = FishboneCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(640, 420)
    normal = _colours(canvas.grab().toImage())
    theme.apply(normal_afterwards, theme.LARGE)
    large = _colours(canvas.grab().toImage())
    # the spine is drawn in ink: the normal ink, then the large theme's black (never blended to it)
    assert theme.NORMAL_PALETTE.ink in normal and theme.LARGE_PALETTE.ink not in normal
    assert theme.LARGE_PALETTE.ink in large and theme.NORMAL_PALETTE.ink not in large
