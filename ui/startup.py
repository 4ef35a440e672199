"""Starting the window: a splash at once, the garbage collector held off, and the window.

* The splash (``ui.splash``) needs Qt alone and shows while the lab's window loads.
* Once PySide6 is loaded, its import hook (for ``from __feature__ import …``, which this app does not
  use) runs Python code on every import statement, which makes SQLAlchemy, pydantic and the app's own
  modules a sixth slower to import. The window's modules are therefore imported with the interpreter's
  own ``__import__``, saved before Qt loads (:func:`plain_imports`).
* Starting allocates a few hundred thousand long-lived objects (modules, mapped classes, templates,
  widgets' wrappers); the cyclic collector would walk them again and again while they are made. It is
  paused before the window's modules are imported; ``create_window`` resumes it once the window is built,
  first moving everything made so far out of its reach for good (``gc.freeze``), so later full
  collections, which run while people type, skip the start-up's objects.
"""

from __future__ import annotations

import argparse
import builtins
import gc
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

# the interpreter's own import, if this module is imported before PySide6 (the launcher does)
_PLAIN_IMPORT = builtins.__import__ if "PySide6" not in sys.modules else None
_paused = False


def pause_gc() -> None:
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume_gc() -> None:
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()


@contextmanager
def plain_imports() -> Iterator[None]:
    """Imports inside go through the interpreter's own ``__import__`` (not PySide6's hook)."""
    hooked = builtins.__import__
    if _PLAIN_IMPORT is not None:
        builtins.__import__ = _PLAIN_IMPORT
    try:
        yield
    finally:
        builtins.__import__ = hooked


def application() -> QApplication:
    """The process's QApplication (made on first use), named as the app's settings are filed."""
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415 - Qt only once a window is asked for

    app = cast(QApplication, QApplication.instance() or QApplication(sys.argv[:1]))
    app.setApplicationName("Lab Inovasi")
    app.setOrganizationName("labinovasi")
    return app


def load_window(args: argparse.Namespace) -> Callable[[], int]:
    """The launcher's way to the window: the splash, then the window's modules (an ImportError here means
    PySide6 or a system library is missing). Returns what runs the window until it closes."""
    pause_gc()  # resumed when the window is built (create_window)
    app = application()
    from ui.splash import show_splash  # noqa: PLC0415 - Qt only once the window is asked for

    splash = show_splash(app)
    try:
        with plain_imports():
            from ui.app import run  # noqa: PLC0415 - the window's modules: the heavy part
    except BaseException:
        splash.close()
        resume_gc()
        raise
    return lambda: run(args, splash=splash)
