"""The splash shows while the window loads, and goes when the window shows or a question about the lab
file has to be asked (it must never hide a dialog)."""

from __future__ import annotations

import argparse
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

import ui.app
from ui import theme
from ui.splash import card, show_splash


def test_the_card_says_what_is_happening(qapp) -> None:  # noqa: ANN001
    image = card("Membuka lab…").toImage()
    assert image.width() >= 440
    assert image.pixelColor(image.width() // 2, 3).name() == theme.value("accent")  # the band on top
    # the name and the message are drawn: dark pixels on the card's surface
    ink = {image.pixelColor(x, y).name() for x in range(120, 400, 2) for y in range(40, 84, 2)}
    assert len(ink) > 3


def test_the_splash_is_shown_then_closes_with_the_window(
    qapp, qtbot, isolated_home: Path, db_url: str, monkeypatch
) -> None:  # noqa: ANN001
    splash = show_splash(qapp)
    assert splash.isVisible()
    assert splash.windowFlags() & Qt.WindowType.SplashScreen
    assert not splash.windowFlags() & Qt.WindowType.WindowStaysOnTopHint  # a dialog can come over it
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)  # the window shows, then run() returns
    assert ui.app.run(argparse.Namespace(db_url=db_url, demo=False, lab=None), splash=splash) == 0
    assert not splash.isVisible()
    for w in QApplication.topLevelWidgets():
        if isinstance(w, ui.app.MainWindow):
            qtbot.addWidget(w)


def test_the_splash_goes_before_a_question_about_the_file(
    qapp, isolated_home: Path, tmp_path: Path, monkeypatch
) -> None:  # noqa: ANN001
    foreign = tmp_path / "catatan.sqlite3"
    foreign.write_bytes(b"not a database at all\n" * 20)
    splash = show_splash(qapp)
    seen = []

    def recover(exc, args) -> bool:  # noqa: ANN001
        seen.append(splash.isVisible())
        return False

    monkeypatch.setattr(ui.app, "ask_to_recover", recover)
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: QMessageBox.StandardButton.Ok)
    code = ui.app.run(
        argparse.Namespace(db_url=f"sqlite:///{foreign.as_posix()}", demo=False, lab=None), splash=splash
    )
    assert code == 1
    assert seen == [False]
