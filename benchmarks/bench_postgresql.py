"""Benchmark: the all-plans export (86 units, worker processes that open the database read-only) on a
PostgreSQL server against the same lab in a SQLite file.

    python benchmarks/bench_postgresql.py --pg postgresql+psycopg://user@/db?host=/run/postgresql
    LABINOVASI_TEST_PG=postgresql+psycopg://… python benchmarks/bench_postgresql.py [--runs 3]

(``.ci/pg-cluster start DIR`` prints a URL of a throwaway cluster.) The same generated lab
(``benchmarks.generate_lab``, seed 1) is written into a SQLite file and into a fresh schema on the
server (dropped afterwards); the export (``benchmarks.run.all_plans``: ``export_plans`` in a child, one
file per unit) runs on each in turn, ``--runs`` times, and the medians are compared.

Target: PostgreSQL within 1.5× of SQLite (``pg_over_sqlite`` ≤ 1.5).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repo root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

UNITS, IDEAS = 86, 174
TARGET = 1.5


def bench(server: str, runs: int = 3, units: int = UNITS, ideas: int = IDEAS) -> dict[str, float]:
    from sqlalchemy import create_engine  # noqa: PLC0415
    from sqlalchemy.engine import make_url  # noqa: PLC0415

    from benchmarks.generate_lab import generate_lab  # noqa: PLC0415
    from benchmarks.run import all_plans  # noqa: PLC0415
    from labinovasi.db.engine import open_database  # noqa: PLC0415

    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    pg_url = make_url(server).update_query_dict({"options": f"-csearch_path={schema}"})
    figures: dict[str, float] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="labinovasi-bench-pg-") as tmp_name:
            tmp = Path(tmp_name)
            os.environ.setdefault("LABINOVASI_HOME", str(tmp / "home"))
            urls = {
                "sqlite": f"sqlite:///{(tmp / 'lab.sqlite3').as_posix()}",
                "postgresql": pg_url.render_as_string(hide_password=False),
            }
            labs = {}
            for name, url in urls.items():
                t0 = time.perf_counter()
                db = open_database(url)
                labs[name] = str(generate_lab(db, units=units, ideas=ideas, seed=1).id)
                db.close()
                figures[f"generate_{name}_s"] = time.perf_counter() - t0
                print(f"  generated the lab on {name} in {figures[f'generate_{name}_s']:.1f} s", flush=True)
            times: dict[str, list[float]] = {name: [] for name in urls}
            for i in range(runs):  # in turn, so that the machine's other load falls on both alike
                for name, url in urls.items():
                    got = all_plans(url, labs[name], tmp / f"plans-{name}-{i}", tmp / "home")
                    assert got["failures"] == 0 and got["files"] == units, got
                    times[name].append(got["seconds"])
                    print(f"  {name}: {got['seconds']:.2f} s, {int(got['pages'])} pages", flush=True)
            for name, values in times.items():
                figures[f"{name}_s"] = statistics.median(values)
            figures["pg_over_sqlite"] = figures["postgresql_s"] / figures["sqlite_s"]
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        admin.dispose()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default=os.environ.get("LABINOVASI_TEST_PG"), help="a PostgreSQL URL")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--units", type=int, default=UNITS)
    parser.add_argument("--ideas", type=int, default=IDEAS)
    args = parser.parse_args()
    if not args.pg:
        print("bench_postgresql: give --pg URL (or set LABINOVASI_TEST_PG)", file=sys.stderr)
        return 2
    figures = bench(args.pg, args.runs, args.units, args.ideas)
    for name, value in figures.items():
        print(f"{name:>22} {value:8.2f}")
    ok = figures["pg_over_sqlite"] <= TARGET
    print(f"{'target':>22} pg_over_sqlite <= {TARGET}: {'OK' if ok else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
