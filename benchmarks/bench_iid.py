"""Benchmark: the Profil Inovasi for IID of a lab with 10,000 launched innovations, as .xlsx.

    python benchmarks/bench_iid.py                 # target: ≤ 5 s
    python benchmarks/bench_iid.py --ideas 2000

The lab is the idea board's benchmark lab (``bench_board.build_lab``: 400 units, every idea with a full
LK-2f card), and every idea launched in one LK-4a, with a rancang bangun (LK-3a, about 300 words),
milestones (LK-3c), results with evidence (LK-4c), and for a third of them an IID profile (LK-6) of
their own — bulk-inserted, every kind of sheet checked once against the app's validation. The export
(:func:`labinovasi.services.iid_export.export_iid`: gathering the rows and writing the workbook) is
timed three times; the median is reported, with the gathering alone and the file's size.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repo root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

IDEAS = 10_000
UNITS = 400
TARGET_S = 5.0
SHEETS = ("LK-3a", "LK-3c", "LK-4c", "LK-6")


def build_launched_lab(db_url: str, ideas: int = IDEAS, units: int = UNITS, seed: int = 5) -> uuid.UUID:
    """The board's benchmark lab with every idea launched and documented; returns the lab id."""
    from sqlalchemy import insert, select, update

    from benchmarks.bench_board import build_lab
    from benchmarks.generate_lab import fill_worksheet
    from labinovasi.db import models as m
    from labinovasi.db.engine import open_database
    from labinovasi.domain.enums import IdeaStatus, Scope
    from labinovasi.worksheets.registry import default_registry
    from labinovasi.worksheets.validation import validated

    lab_id = build_lab(db_url, ideas, units)
    rng = random.Random(seed)
    reg = default_registry()
    db = open_database(db_url)
    samples = {code: fill_worksheet(code, rng, 3) for code in SHEETS}
    for code, data in samples.items():  # what is inserted below is what the app would accept
        samples[code] = validated(reg.get(code), data)
    with db.session() as s:
        pairs = s.execute(select(m.Idea.id, m.Idea.unit_id).join(m.Unit).where(m.Unit.lab_id == lab_id)).all()
        rows = []
        for n, (idea_id, unit_id) in enumerate(pairs):
            for code in SHEETS:
                if code == "LK-6" and n % 3:
                    continue
                data = fill_worksheet(code, rng, 3) if n < 50 else dict(samples[code])
                rows.append(
                    {
                        "id": uuid.uuid4(),
                        "lab_id": lab_id,
                        "unit_id": unit_id,
                        "idea_id": idea_id,
                        "template_code": code,
                        "template_version": reg.get(code).version,
                        "scope": Scope.IDEA,
                        "data": data,
                        "complete": True,
                    }
                )
        launch = validated(
            reg.get("LK-4a"),
            {"tanggal": "2026-11-20", "tempat": "Pendopo Kabupaten", "inovasi": [str(i) for i, _u in pairs]},
        )
        rows.append(
            {
                "id": uuid.uuid4(),
                "lab_id": lab_id,
                "unit_id": None,
                "idea_id": None,
                "template_code": "LK-4a",
                "template_version": reg.get("LK-4a").version,
                "scope": Scope.LAB,
                "data": launch,
                "complete": True,
            }
        )
        s.execute(insert(m.WorksheetEntry), rows)
        unit_ids = select(m.Unit.id).where(m.Unit.lab_id == lab_id)
        s.execute(update(m.Idea).where(m.Idea.unit_id.in_(unit_ids)).values(status=IdeaStatus.DILUNCURKAN))
    db.close()
    return lab_id


def bench_iid(ideas: int = IDEAS, units: int = UNITS, repeats: int = 3) -> dict[str, float]:
    from labinovasi.db.engine import open_database
    from labinovasi.services.iid_export import export_iid, gather_iid

    with tempfile.TemporaryDirectory(prefix="labinovasi-bench-iid-") as tmp:
        folder = Path(tmp)
        db_url = f"sqlite:///{(folder / 'lab.sqlite3').as_posix()}"
        lab_id = build_launched_lab(db_url, ideas, units)
        db = open_database(db_url)
        try:
            times, gathers, rows = [], [], 0
            out = folder / "profil-iid.xlsx"
            for _n in range(repeats):
                start = time.perf_counter()
                table = export_iid(db, lab_id, out)
                times.append(time.perf_counter() - start)
                rows = len(table.rows)
                start = time.perf_counter()
                gather_iid(db, lab_id)
                gathers.append(time.perf_counter() - start)
            return {
                "innovations": rows,
                "xlsx_s": statistics.median(times),
                "xlsx_max_s": max(times),
                "gather_s": statistics.median(gathers),
                "size_mb": out.stat().st_size / 1024 / 1024,
            }
        finally:
            db.close()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--ideas", type=int, default=IDEAS)
    p.add_argument("--units", type=int, default=UNITS)
    args = p.parse_args(argv)
    r = bench_iid(args.ideas, args.units)
    ok = "OK" if r["xlsx_s"] <= TARGET_S else "MISSED"
    print(
        f"IID profile of {int(r['innovations'])} innovations as .xlsx: {r['xlsx_s']:.2f} s (median of 3, "
        f"worst {r['xlsx_max_s']:.2f} s; gathering {r['gather_s']:.2f} s; {r['size_mb']:.1f} MB), "
        f"target ≤ {TARGET_S:.0f} s: {ok}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
