"""Benchmark: search everywhere (Ctrl+K) in a lab of 10,000 ideas.

    python benchmarks/bench_search.py            # prints the figures and the targets
    python benchmarks/bench_search.py --ideas 2000

Target: results of a query in ≤ 100 ms (the worst of the queries typed, one letter at a time).

The lab is the idea board's (``bench_board.build_lab``: 400 units, 10,000 ideas with full LK-2f
cards, 70 % curated in LK-2g), bulk-inserted by a child process.

Figures:

* ``build_index_s`` — :func:`labinovasi.services.search.ensure_index` on the lab, from nothing;
* ``query_ms`` / ``query_max_ms`` — :func:`labinovasi.services.search.search` (every kind, 8 hits
  each, with their context) for each prefix of a few words as they are typed ("p", "pe", "pel" …),
  median and worst;
* ``like_query_ms`` — the same queries answered without the index (LIKE), for comparison;
* ``follow_ms`` — an LK-2f saved through ``run()`` with the index followed, minus the same save on a
  lab without an index (median of 20): what the index costs every autosave.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repo root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

IDEAS = 10_000
UNITS = 400
TARGETS = {"query_max_ms": 100.0}
TYPED = ("pelayanan", "antrean", "sistem informasi", "kesehatan ibu", "zz")


def bench_search(ideas: int = IDEAS, units: int = UNITS) -> dict[str, float]:
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="labinovasi-bench-search-") as tmp:
        os.environ.setdefault("LABINOVASI_HOME", tmp)
        db_url = f"sqlite:///{Path(tmp, 'search.sqlite3').as_posix()}"
        t0 = time.perf_counter()
        out = subprocess.run(
            [
                sys.executable,
                str(Path(__file__).resolve().parent / "bench_board.py"),
                "--build",
                db_url,
                "--ideas",
                str(ideas),
                "--units",
                str(units),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        lab_id = uuid.UUID(out.stdout.strip().splitlines()[-1])
        figures["build_lab_s"] = time.perf_counter() - t0
        figures.update(_time_search(db_url, lab_id))
    return figures


def _queries() -> list[str]:
    return [word[:n] for word in TYPED for n in range(1, len(word) + 1)]


def _time_search(db_url: str, lab_id: uuid.UUID) -> dict[str, float]:
    from sqlalchemy import select

    from labinovasi.db import models as m
    from labinovasi.db.engine import open_database
    from labinovasi.ops import run
    from labinovasi.ops.worksheets import SaveWorksheet
    from labinovasi.services import search

    db = open_database(db_url)
    try:
        like = []
        for q in _queries()[::3]:  # without the index: a sample (each is a scan)
            t = time.perf_counter()
            found = search.search(db, lab_id, q)
            like.append((time.perf_counter() - t) * 1000)
            assert not found.indexed

        with db.session() as s:
            entry = s.scalars(
                select(m.WorksheetEntry).where(m.WorksheetEntry.template_code == "LK-2f")
            ).first()
            assert entry is not None
            card, unit_id, idea_id = dict(entry.data), entry.unit_id, entry.idea_id

        def saves(n: int) -> list[float]:
            times = []
            for i in range(n):
                data = {**card, "deskripsi": f"{card.get('deskripsi', '')} revisi {i}"}
                t = time.perf_counter()
                run(db, SaveWorksheet("LK-2f", lab_id, data, unit_id, idea_id))
                times.append((time.perf_counter() - t) * 1000)
            return times

        saves(3)
        plain_save = statistics.median(saves(20))

        t = time.perf_counter()
        assert search.ensure_index(db, lab_id)
        build_s = time.perf_counter() - t

        followed_save = statistics.median(saves(20))
        assert search.is_indexed(db, lab_id)

        search.search(db, lab_id, "warm")  # SQLite's page cache, as in the window after the first key
        timings, hits = [], 0
        for q in _queries():
            t = time.perf_counter()
            found = search.search(db, lab_id, q)
            timings.append((time.perf_counter() - t) * 1000)
            assert found.indexed
            hits += len(found.hits())
        assert hits > 0
        with db.session() as s:
            idea_count = s.query(m.Idea).count()
    finally:
        db.close()
    return {
        "ideas": float(idea_count),
        "build_index_s": build_s,
        "query_ms": statistics.median(timings),
        "query_max_ms": max(timings),
        "queries": float(len(timings)),
        "like_query_ms": statistics.median(like),
        "save_ms": plain_save,
        "follow_ms": followed_save - plain_save,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ideas", type=int, default=IDEAS)
    parser.add_argument("--units", type=int, default=UNITS)
    args = parser.parse_args(argv)
    figures = bench_search(args.ideas, args.units)
    for name, value in figures.items():
        target = TARGETS.get(name)
        unit = "s" if name.endswith("_s") else "ms" if name.endswith("_ms") else ""
        text = f"{value:10.3f} {unit}" if unit == "s" else f"{value:10.1f} {unit}"
        verdict = (
            ""
            if target is None
            else f"  (target ≤ {target:g} {unit}: {'OK' if value <= target else 'MISSED'})"
        )
        print(f"{name:<20}{text}{verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
