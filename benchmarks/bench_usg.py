"""Benchmark: the USG table (LK-2d) of 50 problems re-ranks in ≤ 20 ms per edit.

    python benchmarks/bench_usg.py            # prints the figures

A unit with 50 problems in LK-2b, all passing APKL (LK-2c), is shown in a real :class:`UsgEditor`
(offscreen, 1000×620, sorted by rank). 200 scores are then typed as key presses into the table —
the path a scribe takes: key → score checked → ranks computed once → the changed cells announced →
the view repainted (the event loop is run after each key, inside the timing). After every ten edits
the cursor moves to another row, which re-sorts the table by rank; that move is timed on its own
(``resort_*``: every visible row is repainted).
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repo root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGET_MS = 20.0
PROBLEMS = 50
EDITS = 200


def bench_usg(
    tmpdir: str | Path | None = None, problems: int = PROBLEMS, edits: int = EDITS
) -> dict[str, float]:
    """Median and maximum milliseconds per edit (``median_ms``, ``max_ms``; wall clock, and
    ``cpu_median_ms``/``cpu_max_ms``: the UI thread's CPU time), the 95th percentile
    (``p95_ms``), the re-sort on leaving a row (``resort_median_ms``, ``resort_max_ms``), the number of
    ``edits`` and ``problems``, ``scored_rows`` at the end, and ``build_ms`` (editor built and filled)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from labinovasi.db.engine import open_database
    from labinovasi.domain.enums import UnitType
    from labinovasi.ops import spine as spine_ops
    from labinovasi.ops.worksheets import save_worksheet
    from labinovasi.services.context import WorksheetContext
    from labinovasi.services.worksheets import load_worksheet
    from ui.usg_editor import UsgEditor, UsgTableModel

    app = QApplication.instance() or QApplication(sys.argv[:1])
    own_tmp = tempfile.TemporaryDirectory() if tmpdir is None else None
    folder = Path(own_tmp.name if own_tmp else tmpdir)  # type: ignore[arg-type]
    db = open_database(f"sqlite:///{(folder / 'bench-usg.sqlite3').as_posix()}")
    editor = None
    try:
        rng = random.Random(5)
        lab = spine_ops.create_lab(db, "Lab Benchmark USG")
        unit = spine_ops.add_unit(db, lab.id, "Kecamatan Benchmark", UnitType.KECAMATAN)
        ids = [f"m{i}" for i in range(1, problems + 1)]
        save_worksheet(
            db,
            "LK-2b",
            {
                "masalah": [
                    {
                        "_id": pid,
                        "no": i,
                        "uraian": f"Masalah nomor {i}: layanan {rng.choice(['lambat', 'mahal', 'jauh'])} "
                        f"dan data belum lengkap di {rng.randint(2, 19)} desa",
                    }
                    for i, pid in enumerate(ids, start=1)
                ]
            },
            lab.id,
            unit.id,
        )
        yes = {"aktual": True, "problematik": True, "kekhalayakan": True, "kelayakan": True}
        save_worksheet(db, "LK-2c", {"apkl": [{"masalah": pid, **yes} for pid in ids]}, lab.id, unit.id)
        save_worksheet(
            db,
            "LK-2d",
            {
                "usg": [
                    {"masalah": pid, "u": rng.randint(1, 5), "s": rng.randint(1, 5), "g": rng.randint(1, 5)}
                    for pid in ids[: problems // 2]
                ]
            },
            lab.id,
            unit.id,
        )
        ctx = WorksheetContext(db, lab.id, unit.id)

        t0 = time.perf_counter()
        editor = UsgEditor(ctx.template("LK-2d"), ctx)
        editor.set_data(load_worksheet(db, "LK-2d", lab.id, unit.id).data)
        editor.resize(1000, 620)
        editor.show()
        editor.sort_box.setChecked(True)
        app.processEvents()
        build_ms = (time.perf_counter() - t0) * 1000

        view = editor.view
        keys = [Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5]
        times: list[float] = []
        moves: list[float] = []
        cpu: list[float] = []  # the main thread's CPU time: what the edit costs, without waiting for a core
        while len(times) < edits:
            if len(times) % 10 == 0:  # a new row: leaving the last one re-sorts by rank
                target = view.model().index(
                    rng.randrange(problems), rng.choice(list(UsgTableModel.SCORE_COLUMNS))
                )
                t = time.perf_counter()
                view.setCurrentIndex(target)
                app.processEvents()
                moves.append((time.perf_counter() - t) * 1000)
            if view.currentIndex().column() not in UsgTableModel.SCORE_COLUMNS:
                view.setCurrentIndex(view.model().index(view.currentIndex().row(), UsgTableModel.U))
                app.processEvents()
            t, c = time.perf_counter(), time.thread_time()
            QTest.keyClick(view, rng.choice(keys))
            app.processEvents()
            times.append((time.perf_counter() - t) * 1000)
            cpu.append((time.thread_time() - c) * 1000)
        scored = sum(1 for r in range(problems) if editor.model.rank(r).rank is not None)
        times.sort()
        cpu.sort()
        return {
            "cpu_median_ms": round(statistics.median(cpu), 3),
            "cpu_max_ms": round(cpu[-1], 3),
            "problems": float(problems),
            "edits": float(len(times)),
            "median_ms": round(statistics.median(times), 3),
            "p95_ms": round(times[int(len(times) * 0.95) - 1], 3),
            "max_ms": round(times[-1], 3),
            "resort_median_ms": round(statistics.median(moves), 3),
            "resort_max_ms": round(max(moves), 3),
            "build_ms": round(build_ms, 1),
            "scored_rows": float(scored),
        }
    finally:
        if editor is not None:
            editor.close()
            editor.deleteLater()
            app.processEvents()
        db.close()
        if own_tmp is not None:
            own_tmp.cleanup()


def main() -> int:
    figures = bench_usg()
    print(
        f"USG table: {int(figures['problems'])} problems, {int(figures['edits'])} edits "
        f"(editor built in {figures['build_ms']} ms)"
    )
    for name in ("median_ms", "p95_ms", "max_ms"):
        print(f"  {name:<10} {figures[name]:>8.3f} ms per edit (wall clock)")
    print(
        f"  CPU time of the UI thread per edit: median {figures['cpu_median_ms']:.3f} ms, "
        f"max {figures['cpu_max_ms']:.3f} ms"
    )
    print(
        f"  moving to another row (the table re-sorts by rank): median {figures['resort_median_ms']:.3f} ms, "
        f"max {figures['resort_max_ms']:.3f} ms"
    )
    verdict = (
        "OK"
        if figures["max_ms"] <= TARGET_MS
        else ("MISSED (max)" if figures["median_ms"] <= TARGET_MS else "MISSED")
    )
    print(f"  target     ≤ {TARGET_MS:.0f} ms per edit (wall clock, max): {verdict}")
    if verdict != "OK" and figures["cpu_max_ms"] <= TARGET_MS:
        print(
            "             (the edits themselves fit: the wall-clock excess was time spent waiting for a busy CPU)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
