"""The window in English: menus are translated, and each menu's keyboard accelerators are unique."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtWidgets import QMenu

from labinovasi.settings import Settings
from ui.main_window import MainWindow
from ui.tasks import TaskRunner


def _accelerator(text: str) -> str | None:
    i = text.replace("&&", "").find("&")
    return text.replace("&&", "")[i + 1].lower() if i >= 0 else None


def _clashes(texts: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    out = []
    for t in texts:
        key = _accelerator(t)
        if key is None:
            continue
        if key in seen:
            out.append(f"{seen[key]!r} / {t!r}")
        seen[key] = t
    return out


def _menus(menu: QMenu) -> Iterator[QMenu]:
    yield menu
    for action in menu.actions():
        if action.menu() is not None:
            yield from _menus(action.menu())


def test_english_menus_are_translated_with_unique_accelerators(english, qtbot, db, db_url, demo_lab) -> None:  # noqa: ANN001
    window = MainWindow(db, db_url, Settings(), demo_lab.id, tasks=TaskRunner(synchronous=True))
    qtbot.addWidget(window)
    bar = window.menuBar()
    titles = [a.text() for a in bar.actions()]
    assert "&File" in titles and "&Edit" in titles and "&Help" in titles
    clashes = _clashes(titles)
    for top in bar.actions():
        assert top.menu() is not None
        for menu in _menus(top.menu()):
            clashes += _clashes([a.text() for a in menu.actions() if not a.isSeparator()])
    assert not clashes, "\n".join(clashes)
