"""Qt's system libraries are checked before Qt loads; a missing one is named with its Debian package."""

from __future__ import annotations

import sys

import pytest

from ui import qt_libraries as ql


def test_missing_libraries_are_named_with_their_debian_packages(capsys, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(sys, "platform", "linux")
    absent = {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"}
    assert ql.qt_libraries_present(load=lambda name: name not in absent, platform="xcb") is False
    err = capsys.readouterr().err
    assert "pustaka sistem untuk Qt belum terpasang" in err
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1" in err
    assert "libxcb-cursor0" not in err  # only what is missing


def test_everything_present_says_nothing(capsys, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(sys, "platform", "linux")
    assert ql.qt_libraries_present(load=lambda name: True, platform="") is True
    assert capsys.readouterr().err == ""


def test_offscreen_needs_no_xcb_libraries() -> None:
    assert "libxcb-cursor.so.0" not in ql.needed_libraries("offscreen")
    assert "libEGL.so.1" in ql.needed_libraries("offscreen")
    assert "libxcb-cursor.so.0" in ql.needed_libraries("")  # the default platform on Linux is xcb
    assert "libxcb-cursor.so.0" in ql.needed_libraries("wayland;xcb")  # xcb as the fallback


def test_not_checked_off_linux(monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(sys, "platform", "win32")
    assert ql.qt_libraries_present(load=lambda name: False) is True


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux libraries")
def test_the_real_loader_finds_libc_and_not_a_made_up_library() -> None:
    assert ql.missing_libraries(["libc.so.6", "libtidak-ada.so.9"]) == ["libtidak-ada.so.9"]
