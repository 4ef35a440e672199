"""Benchmark: backing up a 100 MB lab database (SQLite's online backup API, as the window does every
15 minutes of edits and before every import).

    python benchmarks/bench_backup.py            # target: ≤ 1 s

The database is a real lab file (made by the app) grown to about 100 MB with change-journal rows of
1 KB each, the table that grows longest in a lab that runs for months. The backup is taken five times;
the median is reported.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repo root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGET_S = 1.0
SIZE_MB = 100


def make_database(folder: Path, size_mb: int = SIZE_MB) -> Path:
    import sqlite3

    from labinovasi.db.engine import open_database
    from labinovasi.ops import spine

    file = folder / "besar.sqlite3"
    db = open_database(f"sqlite:///{file.as_posix()}")
    lab = spine.create_lab(db, "Lab Besar")
    db.close()
    payload = json.dumps({"catatan": "x" * 900})
    with sqlite3.connect(file) as conn:
        columns = [r[1] for r in conn.execute("PRAGMA table_info(change_journal)")]
        rows = size_mb * 730  # about 1.4 KB a row on disk, JSON and index included
        values = []
        for i in range(rows):
            row = {
                "seq": i + 1000,
                "counter": i + 1,
                "device": "bench",
                "at": "2026-12-01 08:00:00",
                "kind": "update_unit",
                "lab_id": lab.id.hex,
                "records": json.dumps([["lab", str(lab.id)]]),
                "payload": payload,
            }
            values.append(tuple(row.get(c) for c in columns))
        marks = ", ".join("?" for _ in columns)
        conn.executemany(f"INSERT INTO change_journal ({', '.join(columns)}) VALUES ({marks})", values)
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return file


def bench_backup(repeats: int = 5) -> dict[str, float]:
    from labinovasi.db import backups

    with tempfile.TemporaryDirectory(prefix="labinovasi-bench-backup-") as tmp:
        folder = Path(tmp)
        file = make_database(folder)
        times = []
        for n in range(repeats):
            start = time.perf_counter()
            backups.take_backup(file, "berkala", out=folder / f"cadangan-{n}.sqlite3")
            times.append(time.perf_counter() - start)
        return {
            "size_mb": file.stat().st_size / 1024 / 1024,
            "backup_s": statistics.median(times),
            "backup_max_s": max(times),
        }


if __name__ == "__main__":
    result = bench_backup()
    ok = "OK" if result["backup_s"] <= TARGET_S else "MISSED"
    print(
        f"backup of a {result['size_mb']:.0f} MB database: {result['backup_s']:.2f} s (median of 5, "
        f"worst {result['backup_max_s']:.2f} s), target ≤ {TARGET_S:.0f} s: {ok}"
    )
