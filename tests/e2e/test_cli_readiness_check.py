"""``labinovasi export kesiapan-iid`` run as a process: the PDF on F4 with the estimate's statement, and
an unknown lab as one line on stderr."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.e2e.test_cli import Cli, page_size_mm, pdf_text

pytestmark = pytest.mark.e2e


def test_readiness_check_as_a_process(tmp_path: Path) -> None:
    cli = Cli(tmp_path)
    lab_id = cli.ok("demo")[0]
    target = tmp_path / "kesiapan.pdf"
    args = ("export", "kesiapan-iid", "--lab", lab_id, "--out", str(target), "--paper", "f4")
    assert cli.ok(*args) == [str(target)]
    assert page_size_mm(target) == (215, 330)
    first = " ".join((PdfReader(target).pages[0].extract_text() or "").split())
    assert "PEMERIKSAAN KESIAPAN IID DAN KIPP" in first and "BUKAN PENILAIAN RESMI" in first
    text = pdf_text(target)
    assert (
        text.count("Belum ada SK penetapan inovasi") == 6 and "SIPANDU" in text
    )  # the demo's SIPANDU has one
    missing = cli(
        "export", "kesiapan-iid", "--lab", "00000000-0000-0000-0000-000000000000", "--out", str(target)
    )
    assert missing.returncode == 1 and "Traceback" not in missing.stderr and missing.stderr.strip()
