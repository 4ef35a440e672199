"""Qt's system libraries on Linux, checked before Qt loads.

A Linux without them ends in Qt's own English abort ("could not load the Qt platform plugin xcb").
This module tries to load each library Qt needs (no Qt import) and, when some are missing, says in
Indonesian which Debian/Ubuntu packages to install.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from labinovasi.i18n import _

# the libraries QtGui itself links to (every platform plugin needs them): soname -> Debian package
GUI_LIBRARIES = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libX11.so.6": "libx11-6",
}
# what the xcb platform plugin (the window on an X11 or XWayland desktop) adds
XCB_LIBRARIES = {
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-util.so.1": "libxcb-util1",
}
# platforms that draw without an X server
NO_XCB = ("offscreen", "minimal", "wayland", "eglfs", "linuxfb", "vnc", "vkkhrdisplay")


def needed_libraries(platform: str | None = None) -> dict[str, str]:
    """The libraries the chosen Qt platform (``QT_QPA_PLATFORM``, default xcb) loads."""
    platform = (os.environ.get("QT_QPA_PLATFORM", "") if platform is None else platform).strip().lower()
    first = platform.split(";")[0].split(":")[0]  # "wayland;xcb" tries wayland first; "vnc:size=…"
    if first in NO_XCB and "xcb" not in platform:
        return dict(GUI_LIBRARIES)
    return GUI_LIBRARIES | XCB_LIBRARIES


def _bundled_dirs() -> list[Path]:
    """Folders a portable build or the PySide6 wheel ships libraries in."""
    dirs = []
    if getattr(sys, "frozen", False):
        dirs.append(Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)))
    return dirs


def _load(soname: str) -> bool:
    for folder in _bundled_dirs():
        if (folder / soname).is_file():
            soname = str(folder / soname)
            break
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_libraries(libraries: Iterable[str], load: Callable[[str], bool] = _load) -> list[str]:
    return [name for name in libraries if not load(name)]


def missing_message(missing: list[str], packages: dict[str, str]) -> str:
    wanted = sorted({packages[name] for name in missing})
    return _(
        "Jendela Lab Inovasi tidak dapat dibuka: pustaka sistem untuk Qt belum terpasang ({libs}).\n"
        "Pasang paketnya (Debian/Ubuntu), lalu jalankan lagi:\n"
        "  sudo apt-get install {packages}"
    ).format(libs=", ".join(missing), packages=" ".join(wanted))


def qt_libraries_present(load: Callable[[str], bool] = _load, platform: str | None = None) -> bool:
    """True when Qt can load (always on Windows and macOS); else says on stderr what to install."""
    if not sys.platform.startswith("linux"):
        return True
    packages = needed_libraries(platform)
    missing = missing_libraries(packages, load)
    if not missing:
        return True
    print(missing_message(missing, packages), file=sys.stderr)
    return False
