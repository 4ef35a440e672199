"""``labinovasi ruang`` run as a process: it prints the join address and the code sheet it wrote, serves
the join page on 127.0.0.1, and stops cleanly on SIGTERM; a port in use is one line on stderr."""

from __future__ import annotations

import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from pypdf import PdfReader

from labinovasi.room.server import bind
from tests.e2e.test_cli import Cli

pytestmark = pytest.mark.e2e


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM")
def test_the_room_runs_headless_and_stops_on_sigterm(tmp_path: Path) -> None:
    cli = Cli(tmp_path)
    lab_id = cli.ok("demo")[0]
    sheet = tmp_path / "kode.pdf"
    args = [
        "--db",
        cli.db_url,
        "ruang",
        "--lab",
        lab_id,
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        "--kode",
        str(sheet),
    ]
    proc = subprocess.Popen(
        [cli.command, *args],
        env=cli.env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert "terbuka di http://127.0.0.1:" in first, (
            proc.stderr.read() if proc.poll() is not None else first
        )
        url = first.rsplit(" ", 1)[1].strip()
        assert proc.stdout.readline().strip() == f"Lembar kode unit: {sheet}"
        with urllib.request.urlopen(url, timeout=10) as page:
            assert "Masuk ruang peserta" in page.read().decode()
        text = " ".join((p.extract_text() or "") for p in PdfReader(sheet).pages)
        assert "Kode unit" in text and url in text
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert "Ruang peserta ditutup." in out and "Traceback" not in err


def test_a_port_in_use_is_refused_in_one_line(tmp_path: Path) -> None:
    cli = Cli(tmp_path)
    lab_id = cli.ok("demo")[0]
    taken = bind("127.0.0.1", 0)
    try:
        port = str(taken.getsockname()[1])
        done = cli("ruang", "--lab", lab_id, "--host", "127.0.0.1", "--port", port)
    finally:
        taken.close()
    assert done.returncode == 1 and "sudah dipakai" in done.stderr and "Traceback" not in done.stderr
