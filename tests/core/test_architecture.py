"""The core never imports Qt or ui, and each tier imports only the tiers below it (ui > cli > reports >
ops > services > db > worksheets > domain): import-linter's contracts, run as part of the suite."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_import_linter_contracts_hold() -> None:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    if exe is None:
        pytest.skip("import-linter is installed with the test extras, not in the core lane")
    result = subprocess.run(
        [exe, "--config", str(ROOT / "pyproject.toml")], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_no_core_module_mentions_qt() -> None:
    core = ROOT / "labinovasi"
    if not core.is_dir():
        pytest.skip("running against an installed wheel")
    offenders = [
        p
        for p in core.rglob("*.py")
        if any(
            line.lstrip().startswith(("import PySide6", "from PySide6", "import ui", "from ui"))
            for line in p.read_text(encoding="utf-8").splitlines()
        )
    ]
    assert offenders == []
