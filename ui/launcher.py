"""The ``labinovasi`` entry point: the command line, and the window when no command is given.

Qt is imported only when the window is opened, so batch commands run on machines without a display.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from labinovasi.cli import main as cli_main
from ui.qt_libraries import qt_libraries_present


def _open_window(args: argparse.Namespace) -> int:
    if not qt_libraries_present():  # before Qt loads: say which Debian package is missing
        return 1
    try:
        if getattr(args, "smoke_test", None) is not None:
            from ui.smoke import run_smoke_test

            return run_smoke_test(args)
        from ui.startup import load_window

        run_window = load_window(args)
    except ImportError as exc:  # PySide6 or a system library (libxcb-cursor0 …) is missing
        print(f"labinovasi: jendela tidak dapat dibuka: {exc}", file=sys.stderr)
        return 1
    return run_window()


def main(argv: Sequence[str] | None = None) -> int:
    return cli_main(argv, open_window=_open_window)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
