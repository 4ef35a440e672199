"""A process killed (SIGKILL) in the middle of writing leaves a lab file that opens, passes SQLite's
integrity check, and holds every save the journal says was made — nothing half-written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select, text

from labinovasi.db import models as m
from labinovasi.db.engine import open_database

pytestmark = pytest.mark.e2e

WRITER = r"""
import sys
from labinovasi.db.engine import open_database
from labinovasi.domain.enums import UnitType
from labinovasi.ops import spine as spine_ops
from labinovasi.ops.worksheets import save_worksheet

db = open_database(sys.argv[1])
lab = spine_ops.create_lab(db, "Lab tahan banting")
unit = spine_ops.add_unit(db, lab.id, "Dinas Uji", UnitType.DINAS)
idea = spine_ops.add_idea(db, unit.id, "IDE")
print(lab.id, idea.id, flush=True)
n = 0
while True:
    n += 1
    save_worksheet(db, "LK-2f", {"nama": f"IDE {n}", "deskripsi": "kata " * (n % 500)}, lab.id, idea_id=idea.id)
    spine_ops.add_idea(db, unit.id, f"Ide ke-{n}")
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
@pytest.mark.parametrize("after_s", [0.4, 1.3])
def test_a_writer_killed_mid_write_leaves_an_intact_consistent_lab(tmp_path: Path, after_s: float) -> None:
    url = f"sqlite:///{(tmp_path / 'lab.sqlite3').as_posix()}"
    env = dict(os.environ, LABINOVASI_HOME=str(tmp_path / "home"))
    proc = subprocess.Popen([sys.executable, "-c", WRITER, url], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout is not None
        lab_id, idea_id = proc.stdout.readline().split()
        time.sleep(after_s)  # the child writes as fast as it can meanwhile
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    db = open_database(url)  # the careful opening: quick check, schema version, a Lab Inovasi file
    try:
        with db.session() as s:
            assert s.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            saves = s.scalars(
                select(m.JournalEntry)
                .where(m.JournalEntry.kind == "save_worksheet")
                .order_by(m.JournalEntry.seq)
            ).all()
            ideas = s.scalars(select(m.Idea.title).where(m.Idea.title.like("Ide ke-%"))).all()
            entry = s.scalars(select(m.WorksheetEntry).where(m.WorksheetEntry.template_code == "LK-2f")).one()
        assert saves, "the writer saved nothing before it was killed"
        last = saves[-1].payload["data"]["nama"]
        assert entry.data["nama"] == last  # what the journal says last is what the sheet holds
        n = int(last.split()[-1])
        assert len(ideas) in (n - 1, n)  # each loop's two writes: the idea after the save may be missing
    finally:
        db.close()
