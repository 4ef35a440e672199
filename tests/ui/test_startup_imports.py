"""The window starts on what its first screen draws: importing ``ui.app`` in a fresh interpreter loads
neither Alembic, nor ReportLab, nor openpyxl (they load with a migration, a PDF, a spreadsheet)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

HEAVY = ("alembic", "reportlab", "openpyxl", "pypdf", "labinovasi.ops.demo", "labinovasi.services.importing")

PROBE = f"""
import json, sys
import ui.app
print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))
"""


def test_import_ui_app_loads_no_pdf_spreadsheet_or_migration_library() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == []


def test_the_probe_would_see_them() -> None:
    # the same probe after a PDF module: the check above is not blind
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    probe = PROBE.replace(
        "import ui.app",
        "import ui.app, labinovasi.reports.unit_plan, labinovasi.db.engine as e; e.alembic_config()",
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert {"reportlab", "alembic"} <= set(json.loads(proc.stdout.strip().splitlines()[-1]))


def test_the_core_is_imported_before_pyside6() -> None:
    # once PySide6 is loaded its import hook reads the source of every module imported after it
    probe = (
        "import json, sys\nimport ui.app\norder = list(sys.modules)\n"
        "print(json.dumps({m: order.index(m) for m in ('sqlalchemy', 'pydantic', 'labinovasi.db.models', "
        "'PySide6')}))"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    first = json.loads(proc.stdout.strip().splitlines()[-1])
    assert max(first["sqlalchemy"], first["pydantic"], first["labinovasi.db.models"]) < first["PySide6"]


def test_the_labinovasi_command_loads_no_pdf_library_before_it_prints() -> None:
    # the entry point parses the command line before it opens the window: that must not cost ReportLab
    probe = PROBE.replace("import ui.app", "import ui.launcher")
    proc = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    loaded = json.loads(proc.stdout.strip().splitlines()[-1])
    assert not {"alembic", "reportlab", "openpyxl", "pypdf"} & set(loaded), loaded
