"""Benchmark: ten co-facilitators' laptops merged back into an 86-unit lab, and a whole-lab bundle.

    python benchmarks/bench_merge.py            # targets: merge ≤ 10 s, zero lost edits; export ≤ 10 s

The 86-unit benchmark lab (``generate_lab``) is split into ten groups of units; each group goes to its
own laptop (a database of its own, another installation id) as a bundle, where one text field of every
worksheet of those units is revised. Meanwhile the main laptop revises 5 % of the same fields itself
(each a conflict to come) and some of its own. The ten bundles are then merged into the main lab, one
after another, and timed together. Every field is then counted: a field revised on one side only must
hold that side's text; a field revised on both must keep the main laptop's text with a conflict waiting
that holds the co-facilitator's. Anything else is a lost edit.

The whole-lab bundle is then exported with one 3-megapixel photo per idea (174) in the evidence folder.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repo root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGET_MERGE_S = 10.0
TARGET_EXPORT_S = 10.0
LAPTOPS = 10
CONFLICT_SHARE = 0.05


def _as(device: str) -> None:
    from labinovasi.ops.device import device_id

    os.environ["LABINOVASI_DEVICE"] = device
    device_id.cache_clear()


def _text_key(data: dict[str, Any]) -> str | None:
    for key, value in sorted(data.items()):
        if isinstance(value, str) and value and len(value) < 150 and not value.startswith("sha256:"):
            return key
    return None


def _entries(db: Any, unit_ids: set[uuid.UUID]) -> list[Any]:
    from sqlalchemy import select

    from labinovasi.db import models as m

    with db.session() as s:
        e = m.WorksheetEntry
        return list(s.scalars(select(e).where(e.unit_id.in_(unit_ids)).order_by(e.template_code, e.id)))


def _revise(db: Any, lab_id: uuid.UUID, entry: Any, key: str, text: str) -> bool:
    from labinovasi.ops.worksheets import save_worksheet
    from labinovasi.worksheets.validation import WorksheetValidationError

    try:
        save_worksheet(
            db, entry.template_code, {**entry.data, key: text}, lab_id, entry.unit_id, entry.idea_id
        )
    except (WorksheetValidationError, ValueError):
        return False
    return True


def bench_merge(
    laptops: int = LAPTOPS, units: int = 86, ideas: int = 174, photos: bool = True
) -> dict[str, float]:
    from benchmarks.generate_lab import generate_lab
    from labinovasi.db import models as m
    from labinovasi.db.engine import open_database
    from labinovasi.services.labs import list_units
    from labinovasi.sync.bundle import export_bundle, read_bundle
    from labinovasi.sync.merge import merge_bundle, pending_conflicts

    rng = random.Random(7)
    with tempfile.TemporaryDirectory(prefix="labinovasi-bench-merge-") as tmp:
        folder = Path(tmp)
        _as("laptop-utama")
        main = open_database(f"sqlite:///{(folder / 'utama.sqlite3').as_posix()}")
        lab = generate_lab(main, units, ideas)
        all_units = [u.id for u in list_units(main, lab.id)]
        groups = [set(all_units[k::laptops]) for k in range(laptops)]
        bundles: list[Path] = []
        expected: dict[tuple[uuid.UUID, str], tuple[str, str | None]] = {}  # (entry, key) -> (theirs, mine)
        for k, group in enumerate(groups):
            out = folder / f"ke-fasilitator-{k}.labinovasi"
            export_bundle(main, lab.id, out, group)
            _as(f"laptop-fasilitator-{k}")
            other = open_database(f"sqlite:///{(folder / f'fasilitator-{k}.sqlite3').as_posix()}")
            merge_bundle(other, read_bundle(out))
            for entry in _entries(other, group):
                key = _text_key(entry.data or {})
                if key is None:
                    continue
                text = f"Direvisi fasilitator {k}: {entry.data[key][:60]}"
                if _revise(other, lab.id, entry, key, text):
                    expected[(entry.id, key)] = (text, None)
            back = folder / f"dari-fasilitator-{k}.labinovasi"
            export_bundle(other, lab.id, back, group)
            other.close()
            bundles.append(back)
        # the main laptop meanwhile: 5 % of the same fields, differently
        _as("laptop-utama")
        entries = {e.id: e for e in _entries(main, set(all_units))}
        both = rng.sample(sorted(expected, key=str), max(1, round(len(expected) * CONFLICT_SHARE)))
        for entry_id, key in both:
            entry = entries[entry_id]
            mine = f"Direvisi fasilitator utama: {entry.data[key][:60]}"
            if _revise(main, lab.id, entry, key, mine):
                expected[(entry_id, key)] = (expected[(entry_id, key)][0], mine)
        start = time.perf_counter()
        times = []
        for path in bundles:
            t = time.perf_counter()
            merge_bundle(main, read_bundle(path))
            times.append(time.perf_counter() - t)
        merge_s = time.perf_counter() - start
        # count every revised field
        with main.session() as s:
            stored = {
                e.id: e.data
                for e in s.query(m.WorksheetEntry).filter(m.WorksheetEntry.id.in_({k[0] for k in expected}))
            }
        waiting = {
            (c.record_id, c.field.removeprefix("data.")): c.theirs for c in pending_conflicts(main, lab.id)
        }
        lost = 0
        for (entry_id, key), (theirs, mine) in expected.items():
            value = stored[entry_id].get(key)
            if mine is None:
                lost += value != theirs
            else:
                lost += value != mine or waiting.get((entry_id, key)) != theirs
        result = {
            "laptops": float(laptops),
            "fields": float(len(expected)),
            "conflicts": float(len(waiting)),
            "conflicts_expected": float(sum(1 for _t, mine in expected.values() if mine is not None)),
            "merge_s": merge_s,
            "merge_one_median_s": statistics.median(times),
            "lost": float(lost),
        }
        if photos:
            result.update(_export_with_photos(main, lab.id, folder))
        main.close()
        return result


def _export_with_photos(db: Any, lab_id: uuid.UUID, folder: Path) -> dict[str, float]:
    from sqlalchemy import select

    from benchmarks.bench_direktori import _photo
    from labinovasi.db import models as m
    from labinovasi.evidence import EvidenceStore
    from labinovasi.ops.worksheets import save_worksheet
    from labinovasi.sync.bundle import export_bundle

    store = EvidenceStore.beside(db.file)
    shots = folder / "foto"
    shots.mkdir()
    with db.session() as s:
        ideas = list(s.execute(select(m.Idea.id, m.Idea.unit_id).join(m.Unit).where(m.Unit.lab_id == lab_id)))
    for n, (idea_id, unit_id) in enumerate(ideas):
        ref = store.add(_photo(shots / f"foto-{n}.jpg", n)).ref
        data = {"bukti": [{"_id": f"f{n}", "jenis": "foto", "uraian": "Kegiatan layanan", "berkas": ref}]}
        save_worksheet(db, "LK-4c", data, lab_id, unit_id, idea_id)
    out = folder / "seluruh-lab.labinovasi"
    times = []
    for _ in range(3):
        start = time.perf_counter()
        summary = export_bundle(db, lab_id, out)
        times.append(time.perf_counter() - start)
    return {
        "export_s": statistics.median(times),
        "export_max_s": max(times),
        "export_files": float(summary.files),
        "export_mb": out.stat().st_size / 1024 / 1024,
    }


if __name__ == "__main__":
    figures = bench_merge()
    for name, value in figures.items():
        print(f"{name}\t{value:.2f}")
    ok = (
        figures["merge_s"] <= TARGET_MERGE_S
        and figures["lost"] == 0
        and figures.get("export_s", 0) <= TARGET_EXPORT_S
    )
    print("OK" if ok else "MISSED")
