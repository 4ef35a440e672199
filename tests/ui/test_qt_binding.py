"""The Qt binding itself: a PySide6 release that loses references to None and True kills the app
after a few thousand keystrokes (every autosave signal emits), so the pinned range is checked here."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel


class _Emitter(QObject):
    fired = Signal()


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None and True are immortal from Python 3.12")
def test_calls_and_signals_keep_the_references_of_none_and_true(qtbot) -> None:  # noqa: ANN001
    label, emitter = QLabel(), _Emitter()
    qtbot.addWidget(label)
    count = []
    emitter.fired.connect(lambda: count.append(1))
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(300):
        label.setText("x")
        emitter.fired.emit()
    assert len(count) == 300
    assert sys.getrefcount(None) >= none_before - 50  # 6.12.0 loses 300
    assert sys.getrefcount(True) >= true_before - 50
