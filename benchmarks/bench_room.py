"""Benchmark: the participants' room under a hall's load — 250 phones on 127.0.0.1.

    python benchmarks/bench_room.py                # 250 phones, 4 saves each, one vote each
    python benchmarks/bench_room.py --phones 50

A lab of 50 units (one idea each, five phones a unit). The room runs in a child process (the server as
``labinovasi ruang`` runs it, with a vote open); this process plays the phones, each from its own
loopback address (127.0.0.2 …) so that each is a device of its own: all join at once, then each saves
its own box of its unit's canvas (LK-3) ``SAVES`` times — opening the form, then saving — with a think
time of 8–20 s between saves (about 18 saves and 18 forms a second over the hall: a person writes a
canvas box for minutes, so this is several times a real room), and casts one ballot. ``--think 1,4``
is a burst of about 100 saves a second, beyond what two cores serve in time: it shows where the room
saturates. Every request is bounded in count and in time (a request waits 30 s at most; the run stops
after ``LIMIT_S``). Reported: the save latency (median and p95), lost or duplicated saves (each box must
hold its phone's last text; the journal must hold exactly one save per request), ballots counted, and
the server's peak memory.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repo root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PHONES = 250
UNITS = 50
SAVES = 4
THINK_S = (8.0, 20.0)
LIMIT_S = 240.0
TARGET_P95_MS = 200.0
TARGET_RSS_MB = 150.0
TARGET_STALL_MS = 50.0

SERVER_CHILD = r"""
import json, resource, sys, uuid
from labinovasi.db.engine import open_database
from labinovasi.room.server import RoomServer
from labinovasi.room.writer import DirectWriter
from labinovasi.services.labs import list_ideas, list_units

db = open_database(sys.argv[1])
lab = uuid.UUID(sys.argv[2])
server = RoomServer(db, lab, DirectWriter(db), "127.0.0.1", 0)
ideas = [(i.id, i.title) for u in list_units(db, lab) for i in list_ideas(db, u.id)]
vote = server.state.open_vote("Ide favorit", ideas, 3, False)
print(server.url, flush=True)
server.serve_forever()
ballots = len(vote.ballots)
dots = sum(sum(b.values()) for b in vote.ballots.values())
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print("RESULT " + json.dumps({"ballots": ballots, "dots": dots, "peak_rss_mb": rss}), flush=True)
db.close()
"""


# The room inside the real window (offscreen): the phones' saves run on the window's writer, and a 10 ms
# timer on the UI thread records the longest gap between its ticks while the hall works.
WINDOW_CHILD = r"""
import json, os, resource, signal, sys, time, uuid
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from labinovasi.db.engine import open_database
from labinovasi.services.labs import list_ideas, list_units
from labinovasi.settings import Settings
from ui.main_window import MainWindow
from ui.room import RoomController

app = QApplication(sys.argv[:1])
db = open_database(sys.argv[1])
lab = uuid.UUID(sys.argv[2])
window = MainWindow(db, sys.argv[1], Settings(), lab)
window.show()
app.processEvents()
room = RoomController(db, window.ops, window.undo, window)
server = room.open(lab, "127.0.0.1", 0)
ideas = [(i.id, i.title) for u in list_units(db, lab) for i in list_ideas(db, u.id)]
vote = server.state.open_vote("Ide favorit", ideas, 3, False)
gaps = []
last = [time.perf_counter()]

def tick():
    now = time.perf_counter()
    gaps.append(now - last[0])
    last[0] = now

timer = QTimer()
timer.setInterval(10)
timer.timeout.connect(tick)
stop = [False]
signal.signal(signal.SIGTERM, lambda *_a: stop.__setitem__(0, True))
poll = QTimer()
poll.setInterval(50)
poll.timeout.connect(lambda: app.quit() if stop[0] else None)
poll.start()
QTimer.singleShot(0, timer.start)
print(server.url, flush=True)
app.exec()
room.close()
window.ops.flush()
ballots = len(vote.ballots)
dots = sum(sum(b.values()) for b in vote.ballots.values())
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
stall = max(gaps[1:], default=0.0) * 1000 - 10
over = sum(1 for g in gaps[1:] if g * 1000 - 10 > 50)
result = {"ballots": ballots, "dots": dots, "peak_rss_mb": rss, "ui_stall_ms": stall, "ui_stalls_over_50ms": over}
print("RESULT " + json.dumps(result), flush=True)
window.close()
db.close()
"""


def build_lab(db_url: str, units: int) -> tuple[str, dict[str, tuple[str, str]]]:
    """The lab; returns its id and, per unit id, (its code, its idea id)."""
    from labinovasi.db.engine import open_database
    from labinovasi.domain.enums import UnitType
    from labinovasi.ops import spine as spine_ops
    from labinovasi.room.codes import ensure_codes
    from labinovasi.room.writer import DirectWriter

    db = open_database(db_url)
    try:
        lab = spine_ops.create_lab(db, "Labinov uji beban", pemda="Kabupaten Uji")
        ideas = {}
        for n in range(units):
            unit = spine_ops.add_unit(db, lab.id, f"Unit {n + 1:02d}", UnitType.DINAS)
            ideas[unit.id] = spine_ops.add_idea(db, unit.id, f"Ide unit {n + 1:02d}").id
        codes = ensure_codes(db, lab.id, DirectWriter(db), "bench")
        return str(lab.id), {str(u): (codes[u], str(i)) for u, i in ideas.items()}
    finally:
        db.close()


def _csrf(text: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', text)
    if not found:
        raise RuntimeError("no csrf token in the page")
    return found.group(1)


def _base(text: str) -> str:
    found = re.search(r'name="dasar" value="([^"]*)"', text)
    return found.group(1) if found else ""


async def phone(
    n: int,
    url: str,
    unit: str,
    code: str,
    idea: str,
    box: str,
    saves: int,
    latencies: list[float],
    seed: int,
    think: tuple[float, float] = THINK_S,
) -> list[str]:
    import httpx2 as httpx

    rng = random.Random(seed + n)
    transport = httpx.AsyncHTTPTransport(local_address=f"127.0.{n // 250}.{n % 250 + 2}")
    texts: list[str] = []
    async with httpx.AsyncClient(base_url=url, transport=transport, timeout=30.0) as client:
        page = await client.get(f"u/{unit}")
        joined = await client.post(
            "masuk", data={"unit": unit, "kode": code, "nama": f"Peserta {n}", "csrf": _csrf(page.text)}
        )
        if joined.status_code != 303:
            raise RuntimeError(f"phone {n} could not join: {joined.status_code}")
        for k in range(saves):
            await asyncio.sleep(rng.uniform(*think))
            form = await client.get(f"ide/{idea}/LK-3/{box}")
            text = f"Isian ponsel {n}, simpanan {k + 1}: " + "kata " * rng.randint(5, 60)
            t0 = time.perf_counter()
            saved = await client.post(
                f"ide/{idea}/LK-3/{box}",
                data={"nilai": text, "dasar": _base(form.text), "csrf": _csrf(form.text)},
            )
            latencies.append((time.perf_counter() - t0) * 1000)
            if saved.status_code != 303:
                raise RuntimeError(f"phone {n} save {k}: {saved.status_code}")
            texts.append(text)
        vote = await client.get("pilih")
        ideas = re.findall(r'name="titik_([0-9a-f-]{36})"', vote.text)
        first, second = rng.choice(ideas), rng.choice(ideas)
        choice = (
            {f"titik_{first}": "3"} if first == second else {f"titik_{first}": "2", f"titik_{second}": "1"}
        )
        await client.post("pilih", data={**choice, "csrf": _csrf(vote.text)})
    return texts


def bench_room(
    phones: int = PHONES,
    units: int = UNITS,
    saves: int = SAVES,
    seed: int = 7,
    think: tuple[float, float] = THINK_S,
    window: bool = False,
) -> dict[str, float]:
    """``window``: the room runs inside the real window (its UI thread is watched), else headless."""
    import os

    from labinovasi.db import models as m
    from labinovasi.db.engine import open_database
    from labinovasi.services.worksheets import load_worksheet
    from labinovasi.worksheets.registry import default_registry

    boxes = [f.key for f in default_registry().get("LK-3").data_fields if f.type.value == "paragraph"]
    per_unit = -(-phones // units)
    if per_unit > len(boxes):
        raise SystemExit(f"at most {len(boxes) * units} phones for {units} units")
    with tempfile.TemporaryDirectory() as tmp:
        db_url = f"sqlite:///{Path(tmp) / 'room.sqlite3'}"
        lab_id, units_codes = build_lab(db_url, units)
        unit_ids = sorted(units_codes)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LABINOVASI_HOME=str(Path(tmp) / "home"))
        server = subprocess.Popen(
            [sys.executable, "-c", WINDOW_CHILD if window else SERVER_CHILD, db_url, lab_id],
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parent.parent,
            env=env,
        )
        try:
            assert server.stdout is not None
            url = server.stdout.readline().strip()
            if not url.startswith("http://127.0.0.1:"):
                raise RuntimeError("the room did not open")
            latencies: list[float] = []
            plan = []
            for n in range(phones):
                unit = unit_ids[n % units]
                code, idea = units_codes[unit]
                plan.append((n, unit, code, idea, boxes[n // units]))

            async def hall() -> list[list[str]]:
                tasks = [phone(n, url, u, c, i, b, saves, latencies, seed, think) for n, u, c, i, b in plan]
                return await asyncio.wait_for(asyncio.gather(*tasks), LIMIT_S)

            t0 = time.perf_counter()
            texts = asyncio.run(hall())
            wall = time.perf_counter() - t0
        finally:
            server.terminate()
            out, _err = server.communicate(timeout=30)
        result = json.loads(out.split("RESULT ", 1)[1])
        db = open_database(db_url)
        try:
            lost = 0
            for (_n, _unit, _code, idea, box), mine in zip(plan, texts, strict=True):
                stored = load_worksheet(db, "LK-3", lab_id, idea_id=idea).data.get(box, "")
                lost += stored != mine[-1]
            with db.session() as s:
                journaled = (
                    s.query(m.JournalEntry)
                    .filter(m.JournalEntry.kind == "save_worksheet", m.JournalEntry.device.like("ponsel:%"))
                    .count()
                )
        finally:
            db.close()
    latencies.sort()
    return {
        "phones": phones,
        "saves": len(latencies),
        "save_median_ms": statistics.median(latencies),
        "save_p95_ms": latencies[int(0.95 * (len(latencies) - 1))],
        "save_max_ms": latencies[-1],
        "lost": lost,
        "duplicated_or_missing_in_journal": abs(journaled - phones * saves),
        "ballots": result["ballots"],
        "dots": result["dots"],
        "server_peak_rss_mb": result["peak_rss_mb"],
        "ui_stall_ms": result.get("ui_stall_ms", 0.0),
        "ui_stalls_over_50ms": result.get("ui_stalls_over_50ms", 0),
        "wall_s": wall,
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--phones", type=int, default=PHONES)
    p.add_argument("--saves", type=int, default=SAVES)
    p.add_argument("--think", default="8,20", help="seconds between a phone's saves: MIN,MAX")
    p.add_argument("--window", action="store_true", help="serve the room from the real window (offscreen)")
    args = p.parse_args()
    low, high = (float(x) for x in args.think.split(","))
    r = bench_room(args.phones, saves=args.saves, think=(low, high), window=args.window)
    for key, value in r.items():
        print(f"{key:36} {value:10.1f}" if isinstance(value, float) else f"{key:36} {value:10}")
    ok = r["save_p95_ms"] <= TARGET_P95_MS and r["lost"] == 0 and r["ui_stall_ms"] <= TARGET_STALL_MS
    ok = ok and (args.window or r["server_peak_rss_mb"] <= TARGET_RSS_MB)  # the server alone, not the window
    print("OK" if ok else "MISSED")


if __name__ == "__main__":
    main()
