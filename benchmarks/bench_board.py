"""Benchmark: the lab-wide idea board with 10,000 ideas.

    python benchmarks/bench_board.py            # prints the figures and the targets
    python benchmarks/bench_board.py --ideas 2000

Targets (issue): first shown ≤ 1 s, a filter keystroke ≤ 50 ms, memory ≤ 300 MB.

The lab (400 units of every type, 25 ideas each, every idea with a full LK-2f card — 150-word
description, innovators, bentuk/jenis/urusan, half of them pointing at an LK-2b problem — and 70 %
curated in LK-2g) is bulk-inserted into a temp SQLite file by a child process, so its building does
not count in this process's peak memory. Sample cards are checked against the templates' validation.

Figures:

* ``board_rows_s`` — :func:`labinovasi.services.idea_board.board_rows` alone;
* ``first_show_s`` — from nothing to the board shown: ``board_rows`` + the model + ``IdeaBoard.show()``
  until the view has laid out and painted (offscreen Qt), i.e. what a user waits for;
* ``filter_keystroke_ms`` — median of 20 keystrokes typed into the search box (``QTest.keyClick``:
  letters, then backspaces) and unit/decision filter changes, each until the view has repainted;
* ``sort_ms`` — clicking the score header (median of 5);
* ``peak_rss_mb`` — peak resident memory of this process (``getrusage``).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
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
TARGETS = {"first_show_s": 1.0, "filter_keystroke_ms": 50.0, "peak_rss_mb": 300.0}


# --- the lab -----------------------------------------------------------------------------------------


def build_lab(db_url: str, ideas: int = IDEAS, units: int = UNITS, seed: int = 11) -> uuid.UUID:
    """Create the benchmark lab in ``db_url`` with bulk inserts; returns the lab id."""
    from sqlalchemy import insert

    from benchmarks.generate_lab import JABATAN, _choice_codes, _nip, _person_name, idea_card, unit_specs
    from labinovasi.db import models as m
    from labinovasi.db.engine import open_database
    from labinovasi.domain.enums import IdeaStatus, Scope
    from labinovasi.domain.scoring import rules
    from labinovasi.domain.stages import Stage
    from labinovasi.ops import spine as spine_ops
    from labinovasi.worksheets.registry import default_registry
    from labinovasi.worksheets.validation import validated

    rng = random.Random(seed)
    codes = _choice_codes()
    reg = default_registry()
    db = open_database(db_url)
    lab = spine_ops.create_lab(
        db,
        f"Laboratorium Inovasi {ideas} ide (benchmark)",
        pemda="Kabupaten Purbalingga",
        year=2026,
        city="Purbalingga",
        facilitator="Dr. Rina Kusumawardani, S.Sos., M.Si.",
        current_stage=Stage.DIAGNOSE,
    )
    specs = unit_specs(86)
    unit_rows, idea_rows, entry_rows = [], [], []
    per_unit = [ideas // units + (1 if i < ideas % units else 0) for i in range(units)]
    gate = [c.key for c in rules().curation_gate]
    criteria = [c.key for c in rules().curation_criteria]
    decisions = ["lanjut", "lanjut", "perbaiki", "gabung", "tunda", None]
    status_of = {
        "lanjut": IdeaStatus.LANJUT,
        "perbaiki": IdeaStatus.PERBAIKI,
        "gabung": IdeaStatus.DIGABUNG,
        "tunda": IdeaStatus.DITUNDA,
        None: IdeaStatus.DIREVIEW,
    }
    samples: list[tuple[str, dict]] = []
    for u in range(units):
        name, utype, urusan = specs[u % len(specs)]
        unit_id = uuid.uuid4()
        unit_name = name if u < len(specs) else f"{name} ({u // len(specs) + 1})"
        unit_rows.append(
            {"id": unit_id, "lab_id": lab.id, "name": unit_name, "unit_type": utype, "sort_order": u + 1}
        )
        problems = [
            {
                "_id": f"u{u}m{k}",
                "no": k,
                "uraian": f"Masalah {k} di {unit_name}: layanan lambat dan "
                f"cakupan rendah ({rng.randint(20, 70)}%).",
                "terkait_tusi": True,
            }
            for k in range(1, 5)
        ]
        entry_rows.append(
            {
                "id": uuid.uuid4(),
                "lab_id": lab.id,
                "unit_id": unit_id,
                "idea_id": None,
                "template_code": "LK-2b",
                "template_version": reg.get("LK-2b").version,
                "scope": Scope.UNIT,
                "data": {"masalah": problems},
                "complete": True,
            }
        )
        team = [(_person_name(rng), _nip(rng), rng.choice(JABATAN)) for _ in range(3)]
        taken: set[str] = set()
        for k in range(per_unit[u]):
            card = idea_card(rng, unit_name, urusan, team, codes, taken)
            if k % 2 == 0:
                card["masalah_ref"] = problems[k % 4]["_id"]
            idea_id = uuid.uuid4()
            curated = rng.random() < 0.7
            decision = rng.choice(decisions) if curated else None
            idea_rows.append(
                {
                    "id": idea_id,
                    "unit_id": unit_id,
                    "title": card["nama"][:200],
                    "sort_order": k + 1,
                    "stage": Stage.DIAGNOSE,
                    "status": status_of[decision] if curated else IdeaStatus.DRAF,
                }
            )
            entry_rows.append(
                {
                    "id": uuid.uuid4(),
                    "lab_id": lab.id,
                    "unit_id": unit_id,
                    "idea_id": idea_id,
                    "template_code": "LK-2f",
                    "template_version": reg.get("LK-2f").version,
                    "scope": Scope.IDEA,
                    "data": card,
                    "complete": True,
                }
            )
            if curated:
                sheet = {f"pp38_{g}": rng.random() < 0.95 for g in gate}
                sheet.update({f"skor_{c}": rng.randint(2, 5) for c in criteria})
                if decision:
                    sheet["keputusan"] = decision
                sheet["kurator"] = "Dr. Rina Kusumawardani, S.Sos., M.Si."
                sheet["tanggal"] = "2026-10-20"
                entry_rows.append(
                    {
                        "id": uuid.uuid4(),
                        "lab_id": lab.id,
                        "unit_id": unit_id,
                        "idea_id": idea_id,
                        "template_code": "LK-2g",
                        "template_version": reg.get("LK-2g").version,
                        "scope": Scope.IDEA,
                        "data": sheet,
                        "complete": decision is not None,
                    }
                )
                if len(samples) < 3:
                    samples.append(("LK-2g", sheet))
            if len(samples) < 6 and k == 0:
                samples.append(("LK-2f", card))
    for code, data in samples:  # the bulk data is what the app would accept
        validated(reg.get(code), data)
    with db.session() as s:
        s.execute(insert(m.Unit), unit_rows)
        s.execute(insert(m.Idea), idea_rows)
        s.execute(insert(m.WorksheetEntry), entry_rows)
    db.close()
    return lab.id


# --- timings -----------------------------------------------------------------------------------------


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def bench_board(
    db_url: str | None = None, lab_id: uuid.UUID | None = None, ideas: int = IDEAS, units: int = UNITS
) -> dict[str, float]:
    """Time the board on a lab of ``ideas`` ideas (built in a child process unless ``db_url`` and
    ``lab_id`` are given). Returns the figures by name (seconds ``_s``, milliseconds ``_ms``, MB)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="labinovasi-bench-board-") as tmp:
        if db_url is None or lab_id is None:
            db_url = f"sqlite:///{Path(tmp, 'board.sqlite3').as_posix()}"
            t0 = time.perf_counter()
            out = subprocess.run(
                [
                    sys.executable,
                    str(Path(__file__).resolve()),
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
        figures.update(_time_board(db_url, lab_id))
    return figures


def _time_board(db_url: str, lab_id: uuid.UUID) -> dict[str, float]:
    from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from labinovasi.db.engine import open_database
    from labinovasi.services.idea_board import board_rows
    from ui.idea_board import IdeaBoard, IdeaBoardModel

    app = QApplication.instance() or QApplication([sys.argv[0]])
    db = open_database(db_url)
    try:
        board_rows(db, lab_id)  # warm the imports and SQLite's page cache: the window has them too
        t = time.perf_counter()
        rows = board_rows(db, lab_id)
        rows_s = time.perf_counter() - t
        del rows

        class Paints(QObject):
            n = 0

            def eventFilter(self, _obj, event) -> bool:  # noqa: ANN001, N802
                if event.type() == QEvent.Type.Paint:
                    self.n += 1
                return False

        paints = Paints()

        def until_painted(before: int) -> None:
            # a widget's repaint is requested from the window system (a frame timer of a few ms), so
            # the events are processed until the view has really painted
            deadline = time.perf_counter() + 5
            app.processEvents()
            while paints.n <= before and time.perf_counter() < deadline:
                app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 1)
            assert paints.n > before, "the view did not repaint"

        t = time.perf_counter()
        board = IdeaBoard()
        board.view.viewport().installEventFilter(paints)
        board.resize(1200, 650)
        board.show_lab(db, lab_id)
        board.show()
        until_painted(0)  # laid out, and the first rows painted
        first_show_s = time.perf_counter() - t
        shown = board.proxy.rowCount()
        assert shown == board.model.rowCount() > 0

        keystroke: list[float] = []

        def timed(action) -> None:  # noqa: ANN001
            before = paints.n
            t0 = time.perf_counter()
            action()
            until_painted(before)  # the filtered rows are on screen
            keystroke.append((time.perf_counter() - t0) * 1000)

        board.search.setFocus()
        for ch in "pelayanan":
            timed(lambda c=ch: QTest.keyClick(board.search, c))
        for _ in range(5):
            timed(lambda: QTest.keyClick(board.search, Qt.Key.Key_Backspace))
        unit_combo, decision_combo = board.combos["unit"], board.combos["decision"]
        timed(lambda: unit_combo.setCurrentIndex(3))
        timed(lambda: decision_combo.setCurrentIndex(1))
        timed(lambda: unit_combo.setCurrentIndex(0))
        timed(lambda: decision_combo.setCurrentIndex(0))
        timed(lambda: QTest.keyClick(board.search, "k"))
        timed(lambda: QTest.keyClick(board.search, Qt.Key.Key_Backspace))
        assert len(keystroke) == 20

        sorts = []
        header = board.view.horizontalHeader()
        for _ in range(5):
            before = paints.n
            t0 = time.perf_counter()
            header.setSortIndicator(
                IdeaBoardModel.SCORE,
                Qt.SortOrder.DescendingOrder
                if header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
                else Qt.SortOrder.AscendingOrder,
            )
            until_painted(before)
            sorts.append((time.perf_counter() - t0) * 1000)
        board.close()
        board.deleteLater()
        app.processEvents()
    finally:
        db.close()
    return {
        "ideas": float(shown),
        "board_rows_s": rows_s,
        "first_show_s": first_show_s,
        "filter_keystroke_ms": statistics.median(keystroke),
        "filter_keystroke_max_ms": max(keystroke),
        "sort_ms": statistics.median(sorts),
        "peak_rss_mb": _peak_rss_mb(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ideas", type=int, default=IDEAS)
    parser.add_argument("--units", type=int, default=UNITS)
    parser.add_argument("--build", metavar="DB_URL", help=argparse.SUPPRESS)  # the child: build, print the id
    args = parser.parse_args(argv)
    if args.build:
        print(build_lab(args.build, args.ideas, args.units))
        return 0
    figures = bench_board(ideas=args.ideas, units=args.units)
    for name, value in figures.items():
        target = TARGETS.get(name)
        unit = (
            "s"
            if name.endswith("_s")
            else "ms"
            if name.endswith("_ms")
            else "MB"
            if name.endswith("_mb")
            else ""
        )
        text = f"{value:10.3f} {unit}" if unit == "s" else f"{value:10.1f} {unit}"
        verdict = (
            ""
            if target is None
            else (f"  (target ≤ {target:g} {unit}: {'OK' if value <= target else 'MISSED'})")
        )
        print(f"{name:<24}{text}{verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
