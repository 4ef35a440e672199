"""Benchmark: import 1,000 participants from an .xlsx into a Purbalingga-size lab (86 units).

    python benchmarks/bench_import.py            # prints the figures; target: import ≤ 3 s

The workbook is written the way people write them: a title row above the column titles, a "No"
column, "Nama Lengkap" / "Unit Kerja" / "No. HP/WA" titles, unit names written in several ways
("Kec. Bobotsari", upper case), NIPs as text. ``import`` is timed end to end: reading the file,
checking every row against the lab, and storing in one transaction — the same calls the window and
the command line make. The lab's own 86 units and their ~350 people are created first (not timed).
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repo root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGET_S = 3.0
ROWS = 1000


def write_people_xlsx(path: Path, unit_names: list[str], rows: int = ROWS, seed: int = 7) -> Path:
    """A participants workbook of ``rows`` people spread over ``unit_names``."""
    import openpyxl

    from benchmarks.generate_lab import FIRST, JABATAN, LAST, _nip, _phone

    rng = random.Random(seed)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Peserta"
    ws.append(["DAFTAR PESERTA LABORATORIUM INOVASI 2026"])
    ws.append(["No", "Nama Lengkap", "NIP", "Jabatan", "Unit Kerja", "Peran", "No. HP/WA", "Email"])
    roles = ["Anggota Tim", "Inovator", "Ketua Tim", "anggota", ""]
    used: set[str] = set()
    for i in range(1, rows + 1):
        unit = unit_names[i % len(unit_names)]
        if i % 5 == 0:
            unit = unit.upper()
        elif i % 7 == 0 and unit.startswith("Kecamatan "):
            unit = "Kec. " + unit[len("Kecamatan ") :]
        while True:
            nip = _nip(rng)
            if nip not in used:
                used.add(nip)
                break
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {rng.choice(LAST)}"
        ws.append(
            [
                i,
                name,
                nip,
                rng.choice(JABATAN),
                unit,
                rng.choice(roles),
                _phone(rng),
                f"{name.split()[0].lower()}{i}@contoh.go.id",
            ]
        )
    wb.save(path)
    return path


def bench_import(tmpdir: str | Path) -> dict[str, float]:
    """Build the lab and the 1,000-row workbook in ``tmpdir``, then time the import.

    Returns seconds for ``import_1000_people_s`` (read + check + store; the figure with the
    3 s target) and its parts ``read_s``, ``plan_s``, ``store_s``, plus ``imported`` (rows stored),
    and ``cli_import_1000_people_s``: the same file through ``labinovasi import people`` (in this
    process, so without the interpreter start) into a second lab like the first."""
    import contextlib
    import io

    from benchmarks.generate_lab import generate_lab
    from labinovasi import cli
    from labinovasi.db.engine import open_database
    from labinovasi.ops.imports import apply_import
    from labinovasi.services import labs as svc
    from labinovasi.services.importing import plan_import, read_table

    tmpdir = Path(tmpdir)
    db_url = f"sqlite:///{(tmpdir / 'bench-import.sqlite3').as_posix()}"
    db = open_database(db_url)
    try:
        lab = generate_lab(db, units=86, ideas=0, seed=1)
        other = generate_lab(db, units=86, ideas=0, seed=1)
        units = [u.name for u in svc.list_units(db, lab.id)]
        path = write_people_xlsx(tmpdir / "peserta-1000.xlsx", units)

        out = io.StringIO()
        t0 = time.perf_counter()
        with contextlib.redirect_stdout(out):
            code = cli.main(["--db", db_url, "import", "people", "--lab", str(other.id), str(path)])
        cli_s = time.perf_counter() - t0
        if code != 0 or not out.getvalue().rstrip().endswith(
            f"{ROWS:,}".replace(",", ".") + " diimpor, 0 duplikat dilewati, 0 ditolak"
        ):
            raise RuntimeError(f"the command failed ({code}): {out.getvalue()[-500:]}")

        t0 = time.perf_counter()
        table = read_table(path, kind="people")
        t1 = time.perf_counter()
        plan = plan_import(db, lab.id, table, None, "people")
        t2 = time.perf_counter()
        result = apply_import(db, lab.id, plan)
        t3 = time.perf_counter()
        if result.added != ROWS:
            raise RuntimeError(
                f"expected {ROWS} rows imported, got {result.summary()}; "
                f"first rejected: {plan.rejected_lines()[:3]}"
            )
        return {
            "import_1000_people_s": t3 - t0,
            "read_s": t1 - t0,
            "plan_s": t2 - t1,
            "store_s": t3 - t2,
            "imported": float(result.added),
            "cli_import_1000_people_s": cli_s,
        }
    finally:
        db.close()


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="labinovasi-bench-import-") as tmp:
        figures = bench_import(tmp)
    total = figures["import_1000_people_s"]
    verdict = "OK" if total <= TARGET_S else "MISSED"
    print(
        f"import_1000_people {total:8.2f} s   target ≤ {TARGET_S:g} s  {verdict}  "
        f"(read {figures['read_s']:.2f} s, check {figures['plan_s']:.2f} s, store {figures['store_s']:.2f} s; "
        f"{int(figures['imported'])} rows)"
    )
    cli_s = figures["cli_import_1000_people_s"]
    print(
        f"cli_import_1000_people {cli_s:4.2f} s   target ≤ {TARGET_S:g} s  {'OK' if cli_s <= TARGET_S else 'MISSED'}  "
        "(labinovasi import people, in process: opening the database included)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
