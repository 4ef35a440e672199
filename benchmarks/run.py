"""Benchmarks of Lab Inovasi on a Purbalingga-size lab (86 units, 174 ideas with full LK-2f cards).

    .venv/bin/python benchmarks/run.py            # the full run
    .venv/bin/python benchmarks/run.py --quick    # a smoke run on a small lab
    .venv/bin/python benchmarks/run.py --profile  # also print cProfile hot spots (app code)

Prints one line per figure with its target and OK / MISSED. The six speed targets are relative to two
anchors measured in the same run (see ``benchmarks/anchors.py``): a bare PySide6 window started in a
child process, and a plain ReportLab page loop on one core. The exit code is 0 even when a target is
missed (it is 2 only when the benchmark itself fails).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FULL_UNITS, FULL_IDEAS = 86, 174
QUICK_UNITS, QUICK_IDEAS = 12, 24
SCALE_FIGURES = (
    "all_plans_344_units",
    "all_plans_48_units",
    "worker_rss_growth",
)  # the full and the quick lab
DIAGNOSE_FIGURES = (
    "import_1000_people",
    "usg_50_rerank_ms",
    "board_first_show",
    "board_filter_key_ms",
    "board_peak_rss",
    "search_10000_ideas_ms",
)
# the figures --only can name (the lab, generate_lab and full_unit_plan are always made)
FIGURE_NAMES = (
    "anchor_bare_window",
    "start_to_window",
    "floor_start_orm",
    "import_ui_app",
    "full_unit_plan",
    "anchor_raw_reportlab",
    "all_plans_pages_per_s",
    "worker_start_s",
    "plans_one_core_pages_per_s",
    "ui_blocked_max",
    "peak_rss_window",
    *SCALE_FIGURES,
    *DIAGNOSE_FIGURES,
    "ui_stall_import_1000_ms",
    "ui_stall_autosave_100k_ms",
    "ui_stall_attach_10mb_ms",
    "backup_100mb_s",
    "merge_10_bundles_s",
    "merge_lost_edits",
    "bundle_export_86_units_s",
    "iid_xlsx_10000_s",
    "direktori_174_s",
    "direktori_peak_rss",
    "room_save_p95_ms",
    "room_lost_or_duplicated_saves",
    "room_server_peak_rss",
    "room_window_ui_stall_ms",
)

# The child: a fresh interpreter that opens the window the way ui.app.run does, and reports
# when the window is shown and the event loop has turned once. It prints its own phase times
# (from its first line of Python) so the parent can show where the wall time went.
CHILD = r"""
import time
_t0 = time.perf_counter()
import argparse, sys
marks = []
def mark(name):
    marks.append((name, time.perf_counter() - _t0))
# the launcher's steps (ui.startup.load_window, ui.app.run): the collector paused, Qt and the splash,
# the window's modules, the window
from ui.startup import application, pause_gc, plain_imports
pause_gc()
from PySide6.QtCore import QTimer
app = application()
from ui.splash import show_splash
splash = show_splash(app)
mark("Qt + splash shown")
with plain_imports():
    from ui.app import create_window
mark("import ui.app")
window = create_window(argparse.Namespace(db_url=sys.argv[1], demo=False, lab=sys.argv[2]))
mark("create_window")
window.show()
splash.close()
app.processEvents()
mark("show + processEvents")
def ready():
    mark("event loop tick")
    ok = window.lab is not None and str(window.lab.id) == sys.argv[2] and window.unit is not None
    print("READY" if ok else "WRONG-LAB", flush=True)
    print("PHASES " + ";".join(f"{n}={t:.4f}" for n, t in marks), flush=True)
    app.quit()
QTimer.singleShot(0, ready)
app.exec()
window.db.close()
"""


# The child for the UI figure: the real window exports every plan into one PDF off the UI thread while a
# 10 ms timer on the UI thread records the longest gap between its ticks.
EXPORT_CHILD = r"""
import argparse, resource, sys, time
from pathlib import Path


def main():
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    app = QApplication(sys.argv[:1])
    from ui.app import create_window
    window = create_window(argparse.Namespace(db_url=sys.argv[1], demo=False, lab=sys.argv[2]))
    window.show()
    out = Path(sys.argv[3])
    window._ask_save_path = lambda *a: out
    window._offer_open = lambda *a: None
    window._warn = lambda *a: None
    window._error = lambda text: print("ERROR " + text, flush=True)
    gaps, last = [], [None]
    def tick():
        now = time.perf_counter()
        if last[0] is not None:
            gaps.append(now - last[0])
        last[0] = now
        handle = getattr(window, "batch_handle", None)
        if handle is not None and handle.finished:
            app.quit()
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    t0 = time.perf_counter()
    click = [0.0]
    def start():
        timer.start()
        c0 = time.perf_counter()
        window.export_combined_plans()  # the menu action: the progress dialog opens, the work starts
        click[0] = time.perf_counter() - c0
    QTimer.singleShot(0, start)
    app.exec()
    secs = time.perf_counter() - t0
    window.tasks.wait()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"RESULT {max(gaps):.4f} {secs:.2f} {out.stat().st_size} {rss:.1f} {workers:.1f} {click[0]:.4f}", flush=True)
    window.db.close()


if __name__ == "__main__":  # the export's worker processes import this file too (spawn)
    main()
"""

# A child that imports ui.app the way the launcher does (the collector paused, Qt loaded first, then
# the window's modules through the interpreter's own import) and says which modules the first screen did not need came along.
IMPORT_CHILD = r"""
import time
from ui.startup import pause_gc, plain_imports
pause_gc()
import PySide6.QtWidgets
t0 = time.perf_counter()
with plain_imports():
    import ui.app
secs = time.perf_counter() - t0
import sys
heavy = [m for m in ("alembic", "reportlab", "openpyxl", "pypdf") if m in sys.modules]
result = {"import_s": secs, "heavy": heavy, "modules": len(sys.modules)}
"""

# All plans of a lab, printed by the worker processes, in a child (so that the workers' peak memory is
# this child's RUSAGE_CHILDREN and nothing else).
PLANS_CHILD = r"""
import resource, shutil, time
from pathlib import Path
from labinovasi.db.engine import open_database
from labinovasi.reports.batch import export_plans, worker_count
from pypdf import PdfReader
out = Path(OUT)
shutil.rmtree(out, ignore_errors=True)
db = open_database(DB_URL)
t0 = time.perf_counter()
res = export_plans(db, DB_URL, LAB_ID, out, processes=PROCESSES)
secs = time.perf_counter() - t0
pages = sum(len(PdfReader(p).pages) for p in res.written)
result = {"seconds": secs, "files": len(res.written), "pages": pages, "failures": len(res.failures),
          "workers": PROCESSES or worker_count(len(res.written)), "kib": sum(p.stat().st_size for p in res.written) // 1024,
          "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}
db.close()
"""

# A plan worker started the way a batch starts it (spawned, its imports, the database opened), and
# handed a trivial task: how long before a worker prints anything. Median of 3 (shutdown not counted).
WORKER_START_CHILD = r"""
import os, statistics, time
from labinovasi.reports.batch import _Pool
times = []
for _ in range(3):
    t0 = time.perf_counter()
    pool = _Pool(DB_URL, 1)  # the batch's own pool: spawned, its initializer, the database opened
    pool.submit(os.getpid).result()
    times.append(time.perf_counter() - t0)
    pool.close()
result = {"seconds": statistics.median(times)}
"""

# One core, plain ReportLab: the page-rate anchor.
RAW_REPORTLAB_CHILD = r"""
from benchmarks.anchors import raw_reportlab_pages_per_s
runs = [raw_reportlab_pages_per_s() for _ in range(3)]
rate, pages, secs = sorted(runs)[1]
result = {"pages_per_s": rate, "pages": pages, "seconds": secs}
"""


def child_json(code: str, home: Path) -> dict[str, float]:
    """Run ``code`` (which sets ``result``) in a fresh offscreen interpreter and return ``result``."""
    script = f"import json\n{code}\nprint('JSON ' + json.dumps(result), flush=True)\n"
    proc = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=child_env(home),
        capture_output=True,
        text=True,
        timeout=900,
    )
    line = next((x for x in proc.stdout.splitlines() if x.startswith("JSON ")), None)
    if line is None:
        raise RuntimeError(
            f"the benchmark child did not report:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
        )
    import json  # noqa: PLC0415

    return json.loads(line[5:])


def ui_during_export(db_url: str, lab_id: str, home: Path) -> tuple[float, float, float, float, float]:
    """(longest UI-thread gap s, export s, the window's peak RSS MiB, the largest worker's peak RSS MiB,
    the menu action itself s: opening the progress dialog and starting the work)"""
    script = home.parent / "export_window.py"
    script.write_text(EXPORT_CHILD, encoding="utf-8")
    out = home.parent / "semua.pdf"
    proc = subprocess.run(
        [sys.executable, str(script), db_url, lab_id, str(out)],
        cwd=ROOT,
        env=child_env(home),
        capture_output=True,
        text=True,
        timeout=600,
    )
    line = next((x for x in proc.stdout.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        raise RuntimeError(f"the export window did not report:\n{proc.stdout}\n{proc.stderr[-3000:]}")
    _r, gap, secs, _size, rss, workers, click = line.split()
    return float(gap), float(secs), float(rss), float(workers), float(click)


def full_plan_unit(db, lab_id):  # noqa: ANN001, ANN201
    """A unit with three ideas designed in full (20 rows of rencana aksi each)."""
    import random  # noqa: PLC0415

    from benchmarks.generate_lab import design_idea, diagnose_unit, idea_card  # noqa: PLC0415
    from labinovasi.domain.enums import IdeaStatus, UnitType  # noqa: PLC0415
    from labinovasi.domain.stages import Stage  # noqa: PLC0415
    from labinovasi.ops import spine as spine_ops
    from labinovasi.ops.worksheets import save_worksheet
    from labinovasi.worksheets.registry import default_registry, field_options  # noqa: PLC0415

    rng = random.Random(7)
    unit = spine_ops.add_unit(
        db,
        lab_id,
        "Dinas Uji Rencana Lengkap",
        UnitType.DINAS,
        head_name="Kepala Uji",
        head_nip="197001011990031001",
    )
    diagnose_unit(db, lab_id, unit.id, rng)
    card_t = default_registry().get("LK-2f")
    codes = {f.key: [o.value for o in field_options(f)] for f in card_t.fields if f.options or f.options_from}
    for _i in range(3):
        card = idea_card(rng, unit.name, "kesehatan", [("Ani", "198001012005012001", "Analis")], codes, set())
        idea = spine_ops.add_idea(db, unit.id, card["nama"], stage=Stage.DESIGN, status=IdeaStatus.LANJUT)
        save_worksheet(db, "LK-2f", card, lab_id, unit.id, idea.id)
        design_idea(db, lab_id, unit.id, idea.id, rng, action_rows=20)
    return unit


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    target: float | None = None  # value must be ≤ target (≥ with at_least)
    note: str = ""
    at_least: bool = False
    verdict: str | None = None  # set for targets that are not a number (OK / MISSED)

    @property
    def missed(self) -> bool:
        if self.verdict is not None:
            return self.verdict != "OK"
        if self.target is None:
            return False
        return self.value < self.target if self.at_least else self.value > self.target

    def line(self) -> str:
        val = (
            f"{self.value:8.2f} {self.unit:<4}"
            if self.unit in ("s", "×")
            else f"{self.value:8.0f} {self.unit:<4}"
        )
        if self.verdict is not None:
            tgt, verdict = "", self.verdict
        elif self.target is None:
            verdict, tgt = "", ""
        else:
            tgt = f"target {'≥' if self.at_least else '≤'} {self.target:.3g} {self.unit}"
            verdict = "MISSED" if self.missed else "OK"
        return f"{self.name:<24}{val}  {tgt:<22}{verdict:<7}{self.note}".rstrip()


def child_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "QT_QPA_PLATFORM": "offscreen",
            "LABINOVASI_HOME": str(home),
            "XDG_CONFIG_HOME": str(
                home / "xdg-config"
            ),  # QSettings (window geometry) stays in the temp folder
            "XDG_DATA_HOME": str(home / "xdg-data"),
            "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p),
        }
    )
    env.pop("LABINOVASI_DB", None)
    return env


def start_to_window(
    db_url: str,
    lab_id: str,
    home: Path,
    python_args: list[str] | None = None,
    timeout: float = 120,
    code: str = CHILD,
) -> tuple[float, dict[str, float]]:
    """Wall time (parent-measured) from Popen to the child's READY line, and the child's phases.
    ``code=anchors.BARE_WINDOW`` times the bare-window anchor the same way."""
    script = home.parent / f"start_{zlib.crc32(code.encode()):08x}.py"  # the window, the anchor, the floor
    if not script.exists():
        script.write_text(code, encoding="utf-8")
    cmd = [sys.executable, *(python_args or []), str(script), db_url, lab_id]
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=child_env(home), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    guard = threading.Timer(timeout, proc.kill)  # a hung window must not hang the benchmark
    guard.start()
    try:
        first = proc.stdout.readline()
        wall = time.perf_counter() - t0
        out, err = proc.communicate()
    finally:
        guard.cancel()
    if first.strip() != "READY":
        raise RuntimeError(f"the window did not start on the lab ({first.strip()!r}):\n{out}\n{err}")
    phases = {}
    for line in out.splitlines():
        if line.startswith("PHASES "):
            for item in line[7:].split(";"):
                name, _, t = item.partition("=")
                phases[name] = float(t)
    return wall, phases


def all_plans(
    db_url: str, lab_id: str, out: Path, home: Path, processes: int | None = None
) -> dict[str, float]:
    """Every plan of the lab printed by the worker processes (in a child): seconds, pages, memory.
    ``processes``: how many workers (default: one per core, as the app does)."""
    code = (
        f"DB_URL = {db_url!r}\nLAB_ID = {lab_id!r}\nOUT = {str(out)!r}\nPROCESSES = {processes!r}\n"
        + PLANS_CHILD
    )
    return child_json(code, home)


def _median_time(fn, runs: int) -> tuple[float, list[float]]:  # noqa: ANN001
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), times


def _profile_summary(prof: cProfile.Profile | str, title: str, limit: int = 18) -> str:
    """The top functions by own time and by cumulative time."""
    out = io.StringIO()
    st = pstats.Stats(prof, stream=out)
    st.strip_dirs()
    out.write(f"\n--- {title}: by own time ---\n")
    st.sort_stats("tottime").print_stats(limit)
    out.write(f"\n--- {title}: by cumulative time ---\n")
    st.sort_stats("cumulative").print_stats(limit)
    # keep only the table rows
    return "\n".join(
        ln
        for ln in out.getvalue().splitlines()
        if ln.startswith("---")
        or ln.strip().startswith(("ncalls",))
        or (ln[:1] == " " and ln.strip()[:1].isdigit())
    )


def compile_bytecode() -> None:
    """The app's modules compiled to bytecode as an installation has them (pip compiles them on install,
    the portable build ships them compiled). Without it, a checkout run with PYTHONDONTWRITEBYTECODE set
    would compile every module from source in every start, and the start figures would measure that."""
    import compileall

    for package in ("labinovasi", "ui"):
        compileall.compile_dir(str(ROOT / package), quiet=1)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Lab Inovasi benchmarks")
    p.add_argument("--quick", action="store_true", help=f"a small lab ({QUICK_UNITS} units) for a smoke run")
    p.add_argument("--profile", action="store_true", help="also print cProfile hot spots of each figure")
    p.add_argument("--starts", type=int, default=3, help="window starts to take the median of (default 3)")
    p.add_argument("--keep", action="store_true", help="keep the temp folder (database and PDFs)")
    p.add_argument("--no-scale", action="store_true", help="skip the lab four times as large")
    p.add_argument(
        "--only",
        metavar="NAME[,NAME…]",
        help="run only the parts that give these figures (e.g. anchor_raw_reportlab,all_plans_pages_per_s); "
        "the lab and full_unit_plan are always made",
    )
    args = p.parse_args(argv)
    only = {n.strip() for n in args.only.split(",") if n.strip()} if args.only else None
    if only is not None and only - set(FIGURE_NAMES):
        p.error(
            f"unknown figure(s): {', '.join(sorted(only - set(FIGURE_NAMES)))}; known: {', '.join(FIGURE_NAMES)}"
        )

    def want(*names: str) -> bool:
        return only is None or bool(only.intersection(names))

    units, ideas = (QUICK_UNITS, QUICK_IDEAS) if args.quick else (FULL_UNITS, FULL_IDEAS)
    tmp = Path(tempfile.mkdtemp(prefix="labinovasi-bench-"))
    home = tmp / "home"
    home.mkdir()
    os.environ["LABINOVASI_HOME"] = str(home)  # settings and backups of this process stay in tmp too
    os.environ.pop("LABINOVASI_DB", None)
    db_url = f"sqlite:///{(tmp / 'lab.sqlite3').as_posix()}"
    figures: list[Figure] = []
    details: list[str] = []
    profiles: list[str] = []

    try:
        from benchmarks.anchors import BARE_WINDOW, ORM_FLOOR
        from benchmarks.generate_lab import generate_lab
        from labinovasi.db.engine import open_database
        from labinovasi.reports.data import unit_plan_data
        from labinovasi.reports.unit_plan import export_all_unit_plans, render_unit_plan

        print(
            f"Lab Inovasi benchmarks — {units} units, {ideas} ideas — {os.cpu_count()} CPUs — "
            f"Python {sys.version.split()[0]}",
            flush=True,
        )
        print(f"temp folder: {tmp}", flush=True)
        compile_bytecode()
        load_start = os.getloadavg()[0]

        # 1. the lab
        t0 = time.perf_counter()
        db = open_database(db_url)
        lab = generate_lab(db, units=units, ideas=ideas, seed=1)
        gen = time.perf_counter() - t0
        figures.append(
            Figure("generate_lab", gen, "s", note=f"({units} units, {ideas} ideas, via the services)")
        )
        print(f"  generated lab {lab.id} in {gen:.2f} s", flush=True)

        # 2. start to an interactive window, in fresh interpreters, each after a bare-window start (the anchor)
        if want("anchor_bare_window", "start_to_window", "floor_start_orm"):
            walls, bares, floors, all_phases = [], [], [], []
            for _ in range(max(1, args.starts)):
                bare, _ph = start_to_window(db_url, str(lab.id), home, code=BARE_WINDOW)
                bares.append(bare)
                wall, phases = start_to_window(db_url, str(lab.id), home)
                walls.append(wall)
                all_phases.append(phases)
                floor, _ph = start_to_window(db_url, str(lab.id), home, code=ORM_FLOOR)
                floors.append(floor)
                print(
                    f"  window start: {wall:.2f} s (bare PySide6 window {bare:.2f} s, "
                    f"with the ORM and pydantic imported {floor:.2f} s)",
                    flush=True,
                )
            med, bare_med, floor_med = (statistics.median(x) for x in (walls, bares, floors))
            figures.append(
                Figure(
                    "anchor_bare_window",
                    bare_med,
                    "s",
                    note=f"median of {len(bares)}: "
                    + ", ".join(f"{w:.2f}" for w in bares)
                    + " (an empty QMainWindow in a fresh interpreter)",
                )
            )
            figures.append(
                Figure(
                    "start_to_window",
                    med,
                    "s",
                    round(2.5 * bare_med, 2),
                    f"= {med / bare_med:.1f}× the bare window (target ≤ 2.5×); median of {len(walls)}: "
                    + ", ".join(f"{w:.2f}" for w in walls),
                )
            )
            figures.append(
                Figure(
                    "floor_start_orm",
                    floor_med,
                    "s",
                    note=f"= {floor_med / bare_med:.1f}× the bare window: the bare window that also imports "
                    "sqlalchemy.orm and pydantic, without which no first screen can read a lab (median of "
                    f"{len(floors)}: " + ", ".join(f"{w:.2f}" for w in floors) + ")",
                )
            )
            # the phases of the run nearest the median that reported them
            runs = sorted((abs(w - med), w, ph) for w, ph in zip(walls, all_phases, strict=True) if ph)
            if runs:
                _d, wall_of, ph = runs[0]
                prev, parts = 0.0, []
                for name, t in ph.items():
                    parts.append(f"{name} {t - prev:.2f}")
                    prev = t
                details.append(
                    f"start_to_window breakdown (the {wall_of:.2f} s run, s): interpreter start + pipe ≈ "
                    f"{wall_of - prev:.2f}; " + "; ".join(parts)
                )

        # 2b. import ui.app in a fresh interpreter: its time, and nothing the first screen does not draw
        if want("import_ui_app"):
            imports = [child_json(IMPORT_CHILD, home) for _ in range(max(1, args.starts))]
            imp_s = statistics.median(x["import_s"] for x in imports)
            heavy = sorted({m for x in imports for m in x["heavy"]})
            figures.append(
                Figure(
                    "import_ui_app",
                    imp_s,
                    "s",
                    verdict="OK" if not heavy else "MISSED",
                    note=(
                        "no alembic, reportlab, openpyxl or pypdf loaded"
                        if not heavy
                        else "loaded: " + ", ".join(heavy)
                    )
                    + f"; {int(imports[0]['modules'])} modules",
                )
            )

        # 3. one full unit plan: 3 ideas designed in full, 20 action rows each; median of 5 after a warm-up
        unit = full_plan_unit(db, lab.id)
        pdf_size = [0, 0]

        def one_plan() -> None:
            pdf = render_unit_plan(unit_plan_data(db, lab.id, unit.id))
            pdf_size[0] = len(pdf)
            pdf_size[1] = pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page")

        one_plan()  # warm-up (fonts, templates)
        med1, times1 = _median_time(one_plan, 5)
        cpu0 = time.process_time()
        one_plan()
        cpu1 = time.process_time() - cpu0
        figures.append(
            Figure(
                "full_unit_plan",
                med1,
                "s",
                0.5,
                f"median of 5 ({min(times1):.3f}–{max(times1):.3f}), CPU {cpu1:.2f} s; 3 ideas × 20 "
                f"action rows, {pdf_size[1]} pages, {pdf_size[0] // 1024} KiB",
            )
        )

        # 4. all unit plans on every core, against plain ReportLab on one core (the anchor)
        plan_figures = (
            "anchor_raw_reportlab",
            "all_plans_pages_per_s",
            "worker_start_s",
            "plans_one_core_pages_per_s",
        )
        if want(*plan_figures, *SCALE_FIGURES):
            raw = child_json(RAW_REPORTLAB_CHILD, home)
            figures.append(
                Figure(
                    "anchor_raw_reportlab",
                    raw["pages_per_s"],
                    "p/s",
                    note=f"{int(raw['pages'])} pages in {raw['seconds']:.2f} s, one core, median of 3",
                )
            )
            plans = all_plans(db_url, str(lab.id), tmp / "plans", home)
            rate = plans["pages"] / plans["seconds"]
            # what one core does, and what a worker costs before it prints: the most the cores can give
            start_s = child_json(f"DB_URL = {db_url!r}\n" + WORKER_START_CHILD, home)["seconds"]
            one = all_plans(db_url, str(lab.id), tmp / "plans1", home, processes=1)
            one_rate = one["pages"] / max(one["seconds"] - start_s, 1e-6)
            workers = int(plans["workers"])
            ceiling = plans["pages"] / (start_s + plans["pages"] / (workers * one_rate))
            figures.append(
                Figure(
                    "all_plans_pages_per_s",
                    rate,
                    "p/s",
                    round(1.7 * raw["pages_per_s"], 1),
                    f"= {rate / raw['pages_per_s']:.2f}× raw ReportLab (target ≥ 1.7×); "
                    f"{int(plans['files'])} plans, {int(plans['pages'])} pages in {plans['seconds']:.1f} s, "
                    f"{workers} workers; every core at the one-core rate below, after each worker's start, would "
                    f"give ≈ {ceiling:.0f} p/s = {ceiling / raw['pages_per_s']:.2f}× (one sample of each: "
                    "the machine's speed drifts between them)",
                    at_least=True,
                )
            )
            figures.append(
                Figure(
                    "worker_start_s",
                    start_s,
                    "s",
                    note="a spawned plan worker from its start to its first task (its imports, the database "
                    "opened); median of 3",
                )
            )
            figures.append(
                Figure(
                    "plans_one_core_pages_per_s",
                    one_rate,
                    "p/s",
                    note=f"= {one_rate / raw['pages_per_s']:.2f}× raw ReportLab on one core: the same plans "
                    f"by one worker ({one['seconds']:.1f} s, its start taken off)",
                )
            )
            if plans["failures"]:
                raise RuntimeError(f"{int(plans['failures'])} plans failed")

        # 5. the UI thread and the window's memory during a combined export in the window (offscreen child)
        if want("ui_blocked_max", "peak_rss_window"):
            blocked, export_s, window_rss, worker_rss, click = ui_during_export(db_url, str(lab.id), home)
            figures.append(
                Figure(
                    "ui_blocked_max",
                    blocked * 1000,
                    "ms",
                    50,
                    f"longest gap between 10 ms UI timer ticks during the combined export ({export_s:.1f} s); "
                    f"the menu action itself (the progress dialog opens) {click * 1000:.0f} ms",
                )
            )
            figures.append(
                Figure(
                    "peak_rss_window",
                    window_rss,
                    "MiB",
                    250,
                    f"the window process through the combined export; its workers peaked at "
                    f"{worker_rss:.0f} MiB each",
                )
            )

        # 6. scale: a lab four times as large, printed the same way
        if want(*SCALE_FIGURES):
            if not args.no_scale:
                big_url = f"sqlite:///{(tmp / 'lab4x.sqlite3').as_posix()}"
                big_db = open_database(big_url)
                t0 = time.perf_counter()
                big = generate_lab(big_db, units=4 * units, ideas=4 * ideas, seed=2)
                big_db.close()
                print(
                    f"  generated the 4× lab ({4 * units} units) in {time.perf_counter() - t0:.1f} s",
                    flush=True,
                )
                big_plans = all_plans(big_url, str(big.id), tmp / "plans4x", home)
                growth = big_plans["seconds"] / plans["seconds"]
                figures.append(
                    Figure(
                        f"all_plans_{4 * units}_units",
                        growth,
                        "×",
                        4.4,
                        f"{big_plans['seconds']:.1f} s vs {plans['seconds']:.1f} s for {units} units "
                        f"({int(big_plans['pages'])} vs {int(plans['pages'])} pages = "
                        f"{big_plans['pages'] / plans['pages']:.2f}×)",
                    )
                )
                mem_growth = big_plans["worker_rss_mb"] / plans["worker_rss_mb"]
                figures.append(
                    Figure(
                        "worker_rss_growth",
                        mem_growth,
                        "×",
                        1.2,
                        f"peak RSS of a worker {big_plans['worker_rss_mb']:.0f} MiB vs "
                        f"{plans['worker_rss_mb']:.0f} MiB (flat: ≤ 1.2×)",
                    )
                )

        # 7. Diagnose figures: importing participants, the USG table, the idea board (Qt ones in children)
        if want(*DIAGNOSE_FIGURES):
            from benchmarks.bench_import import bench_import

            (tmp / "import").mkdir()
            imp = bench_import(tmp / "import")
            figures.append(
                Figure(
                    "import_1000_people",
                    imp["import_1000_people_s"],
                    "s",
                    3.0,
                    f"xlsx read {imp['read_s']:.2f} + check {imp['plan_s']:.2f} + store "
                    f"{imp['store_s']:.2f}; via the command {imp['cli_import_1000_people_s']:.2f} s",
                )
            )
            usg = child_json("from benchmarks.bench_usg import bench_usg; result = bench_usg()", home)
            figures.append(
                Figure(
                    "usg_50_rerank_ms",
                    usg["cpu_median_ms"],
                    "ms",
                    20,
                    f"median of {int(usg['edits'])} edits, max {usg['cpu_max_ms']:.1f} ms, "
                    f"{int(usg['problems'])} problems",
                )
            )
            board = child_json("from benchmarks.bench_board import bench_board; result = bench_board()", home)
            figures.append(
                Figure(
                    "board_first_show",
                    board["first_show_s"],
                    "s",
                    1.0,
                    f"{int(board['ideas'])} ideas (rows {board['board_rows_s']:.2f} s)",
                )
            )
            figures.append(
                Figure(
                    "board_filter_key_ms",
                    board["filter_keystroke_ms"],
                    "ms",
                    50,
                    f"median, max {board['filter_keystroke_max_ms']:.0f} ms; a sort click "
                    f"{board['sort_ms']:.0f} ms",
                )
            )
            figures.append(
                Figure("board_peak_rss", board["peak_rss_mb"], "MiB", 300, "(the board's process)")
            )
            found = child_json(
                "from benchmarks.bench_search import bench_search; result = bench_search()", home
            )
            figures.append(
                Figure(
                    "search_10000_ideas_ms",
                    found["query_max_ms"],
                    "ms",
                    100,
                    f"worst of {int(found['queries'])} queries typed letter by letter, median "
                    f"{found['query_ms']:.0f} ms (LIKE without the index {found['like_query_ms']:.0f} ms); index "
                    f"built in {found['build_index_s']:.1f} s, followed by a save in +{found['follow_ms']:.1f} ms",
                )
            )
        # 8. the write path: the window's UI thread while its writer stores an import and a long worksheet
        if want("ui_stall_import_1000_ms", "ui_stall_autosave_100k_ms", "ui_stall_attach_10mb_ms"):
            writes = child_json(
                "from benchmarks.bench_writes import bench_writes; result = bench_writes(5)", home
            )
            figures.append(
                Figure(
                    "ui_stall_import_1000_ms",
                    writes["import_gap_ms"],
                    "ms",
                    50,
                    f"median of 5, worst {writes['import_gap_max_ms']:.0f} ms; stored in "
                    f"{writes['import_s']:.2f} s by the writer thread",
                )
            )
            figures.append(
                Figure(
                    "ui_stall_autosave_100k_ms",
                    writes["save_gap_ms"],
                    "ms",
                    50,
                    f"median of 5, worst {writes['save_gap_max_ms']:.0f} ms; a 100,000-character "
                    f"LK-3a stored in {writes['save_s'] * 1000:.0f} ms",
                )
            )
            figures.append(
                Figure(
                    "ui_stall_attach_10mb_ms",
                    writes["attach_gap_ms"],
                    "ms",
                    50,
                    f"median of 5, worst {writes['attach_gap_max_ms']:.0f} ms; a {writes['photo_mb']:.0f} MB photo "
                    f"stored as evidence in {writes['attach_s']:.2f} s by a worker thread",
                )
            )
        # 9. a routine backup of a 100 MB lab database (SQLite's online backup API)
        if want("backup_100mb_s"):
            backup = child_json(
                "from benchmarks.bench_backup import bench_backup; result = bench_backup(5)", home
            )
            figures.append(
                Figure(
                    "backup_100mb_s",
                    backup["backup_s"],
                    "s",
                    1.0,
                    f"median of 5, worst {backup['backup_max_s']:.2f} s; a {backup['size_mb']:.0f} MB database",
                )
            )
        # 9b. ten co-facilitators' unit bundles merged into the 86-unit lab; a whole-lab bundle with photos
        if want("merge_10_bundles_s", "merge_lost_edits", "bundle_export_86_units_s"):
            merged = child_json(
                "from benchmarks.bench_merge import bench_merge; result = bench_merge()"
                if not args.quick
                else "from benchmarks.bench_merge import bench_merge; result = bench_merge(3, 12, 24, photos=False)",
                home,
            )
            figures.append(
                Figure(
                    "merge_10_bundles_s",
                    merged["merge_s"],
                    "s",
                    10.0,
                    f"{int(merged['laptops'])} bundles, {int(merged['fields'])} revised fields, "
                    f"{int(merged['conflicts'])} conflicts kept (expected {int(merged['conflicts_expected'])}); "
                    f"one bundle: median {merged['merge_one_median_s']:.2f} s",
                )
            )
            figures.append(Figure("merge_lost_edits", merged["lost"], "", 0, "every revised field counted"))
            if "export_s" in merged:
                figures.append(
                    Figure(
                        "bundle_export_86_units_s",
                        merged["export_s"],
                        "s",
                        10.0,
                        f"median of 3, worst {merged['export_max_s']:.2f} s; {int(merged['export_files'])} photos, "
                        f"{merged['export_mb']:.0f} MB",
                    )
                )
        # 10. the Profil Inovasi for IID of 10,000 launched innovations, as .xlsx
        if want("iid_xlsx_10000_s"):
            iid = child_json("from benchmarks.bench_iid import bench_iid; result = bench_iid()", home)
            figures.append(
                Figure(
                    "iid_xlsx_10000_s",
                    iid["xlsx_s"],
                    "s",
                    5.0,
                    f"median of 3, worst {iid['xlsx_max_s']:.2f} s; {int(iid['innovations'])} innovations "
                    f"(gathering {iid['gather_s']:.2f} s), {iid['size_mb']:.1f} MB",
                )
            )
        # 11. the Direktori Inovasi of 174 launched innovations, each with a 3-megapixel photo
        if want("direktori_174_s", "direktori_peak_rss"):
            direktori = child_json(
                "from benchmarks.bench_direktori import bench_direktori; result = bench_direktori()", home
            )
            figures.append(
                Figure(
                    "direktori_174_s",
                    direktori["first_s"],
                    "s",
                    30.0,
                    f"first print (photos scaled down once), {int(direktori['pages'])} pages, "
                    f"{direktori['size_mb']:.0f} MB; printed again {direktori['second_s']:.1f} s",
                )
            )
            figures.append(
                Figure(
                    "direktori_peak_rss",
                    direktori["peak_rss_mb"],
                    "MiB",
                    500,
                    "(its process, the lab made there too)",
                )
            )
        # 12. the participants' room: 250 phones on 127.0.0.1 joining, saving their canvas boxes, voting
        if want("room_save_p95_ms", "room_lost_or_duplicated_saves", "room_server_peak_rss"):
            room = child_json(
                "from benchmarks.bench_room import bench_room; result = bench_room()"
                if not args.quick
                else "from benchmarks.bench_room import bench_room; result = bench_room(50, 10, 2)",
                home,
            )
            figures.append(
                Figure(
                    "room_save_p95_ms",
                    room["save_p95_ms"],
                    "ms",
                    200,
                    f"{int(room['phones'])} phones, {int(room['saves'])} saves (median {room['save_median_ms']:.0f} ms, "
                    f"worst {room['save_max_ms']:.0f} ms), every 8–20 s a phone",
                )
            )
            figures.append(
                Figure(
                    "room_lost_or_duplicated_saves",
                    room["lost"] + room["duplicated_or_missing_in_journal"],
                    "",
                    0,
                    f"ballots counted {int(room['ballots'])}, dots {int(room['dots'])}",
                )
            )
            figures.append(
                Figure("room_server_peak_rss", room["server_peak_rss_mb"], "MiB", 150, "(the room's process)")
            )
        # 13. the same hall served from the real window: its UI thread while the phones' saves come in
        if want("room_window_ui_stall_ms"):
            in_window = child_json(
                "from benchmarks.bench_room import bench_room; result = bench_room(window=True)"
                if not args.quick
                else "from benchmarks.bench_room import bench_room; result = bench_room(50, 10, 2, window=True)",
                home,
            )
            figures.append(
                Figure(
                    "room_window_ui_stall_ms",
                    in_window["ui_stall_ms"],
                    "ms",
                    50,
                    f"longest gap of a 10 ms timer beyond its 10 ms; save p95 {in_window['save_p95_ms']:.0f} ms, "
                    f"lost {int(in_window['lost'])}",
                )
            )
        self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        figures.append(
            Figure("peak_rss_benchmark", self_rss, "MiB", note="(this process: generating the labs)")
        )
        details.append(
            f"load average (1 min) at the start {load_start:.2f}, at the end {os.getloadavg()[0]:.2f} "
            f"on {os.cpu_count()} CPUs: other work on the machine slows every figure"
        )

        if args.profile:
            prof = cProfile.Profile()
            prof.enable()
            one_plan()
            prof.disable()
            profiles.append(_profile_summary(prof, "one unit plan"))
            prof = cProfile.Profile()
            prof.enable()
            export_all_unit_plans(db, lab.id, tmp / "plans-profiled")
            prof.disable()
            profiles.append(_profile_summary(prof, f"all {units} unit plans"))
            prof_file = tmp / "start.prof"
            start_to_window(db_url, str(lab.id), home, ["-m", "cProfile", "-o", str(prof_file)])
            # the profile is written when the child exits
            profiles.append(
                _profile_summary(str(prof_file), "window start (child, under cProfile)")
                if prof_file.exists()
                else "(no start profile written)"
            )
        db.close()
    except Exception as exc:  # noqa: BLE001 - report and fail the run itself
        import traceback

        traceback.print_exc()
        print(f"benchmark failed: {exc}", file=sys.stderr)
        return 2
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)

    print()
    print(f"{'figure':<24}{'value':>13}  {'target':<22}{'result':<7}note")
    print("-" * 100)
    for f in figures:
        print(f.line())
    print()
    for d in details:
        print(d)
    missed = [f.name for f in figures if f.missed]
    print("\nMISSED: " + ", ".join(missed) if missed else "\nAll targets met.")
    for pr in profiles:
        print(pr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
