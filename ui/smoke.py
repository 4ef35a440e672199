"""``labinovasi --smoke-test OUT.pdf``: what a portable build and the offline kit are checked with.

Starts Qt (offscreen in CI), opens the window on the demo lab, exports the first unit's Rencana Proyek
Inovasi to ``OUT.pdf`` and closes; the exit status is 0 only when all of that worked."""

from __future__ import annotations

import argparse
import sys

from labinovasi.cli import smoke_test
from ui.app import create_window
from ui.startup import application


def run_smoke_test(args: argparse.Namespace) -> int:
    app = application()
    args.demo = True
    window = create_window(args)
    try:
        window.show()
        app.processEvents()
        if window.lab is None:
            print("labinovasi: lab demo tidak terbuka", file=sys.stderr)
            return 1
        return smoke_test(args.db_url, args.smoke_test)
    finally:
        window.close()
        window.db.close()
