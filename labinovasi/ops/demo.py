"""The demo lab: a realistic, fictional Pemda read from ``resources/demo/demo_lab.toml``.

Every worksheet in the file goes through the same validation as typed data, so the demo can
never hold what the app would refuse.
"""

from __future__ import annotations

import tomllib
import uuid
from typing import Any

from labinovasi.db.engine import Database
from labinovasi.domain.enums import IdeaStatus, PersonRole, UnitType
from labinovasi.domain.stages import Stage
from labinovasi.ops import spine as spine_ops
from labinovasi.ops.records import CreateRecord
from labinovasi.ops.run import run
from labinovasi.ops.spine import update_lab_settings
from labinovasi.ops.worksheets import save_curation, save_worksheet, sync_decisions
from labinovasi.resources import resource_path
from labinovasi.services import labs as svc
from labinovasi.services.records import LabInfo
from labinovasi.services.worksheets import load_worksheet
from labinovasi.worksheets import codes


def _plain(value: Any) -> Any:
    """TOML dates arrive as ``datetime.date``; worksheets store ISO strings."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat") and not isinstance(value, str):
        return value.isoformat()
    return value


DEMO_FLAG = "demo"


def find_or_create_demo_lab(db: Database) -> LabInfo:
    """The demo lab already in the database, or a new one."""
    for lab in svc.list_labs(db):
        if lab.settings.get(DEMO_FLAG):
            return lab
    return create_demo_lab(db)


def load_demo_spec() -> dict[str, Any]:
    with resource_path("demo", "demo_lab.toml").open("rb") as fh:
        return tomllib.load(fh)


def load_demo_extras() -> list[dict[str, Any]]:
    """The demo's further parts, ``resources/demo/extra/*.toml`` in name order. Each may hold
    ``[settings]`` (lab settings), ``[[sessions]]`` (agenda and attendance) and ``[[units]]`` matched by
    ``name`` to a unit of the main file, with ``worksheets`` and ``ideas`` (matched by ``title``, or new)."""
    folder = resource_path("demo", "extra")
    extras = []
    for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
        with path.open("rb") as fh:
            extras.append(tomllib.load(fh))
    return extras


def _apply_extra(db: Database, lab: LabInfo, extra: dict[str, Any]) -> None:
    if extra.get("settings"):
        update_lab_settings(db, lab.id, **_plain(extra["settings"]))
    if extra.get("sessions"):
        from labinovasi.ops.sessions import seed_sessions

        seed_sessions(db, lab.id, _plain(extra["sessions"]))
    units = {u.name: u for u in svc.list_units(db, lab.id)}
    for u in extra.get("units", []):
        unit = units[u["name"]]
        for ws in u.get("worksheets", []):
            save_worksheet(db, ws["code"], _plain(ws["data"]), lab.id, unit.id)
        ideas = {i.title: i for i in svc.list_ideas(db, unit.id)}
        for i in u.get("ideas", []):
            idea = ideas.get(i["title"])
            if idea is None:
                idea = spine_ops.add_idea(
                    db,
                    unit.id,
                    i["title"],
                    stage=Stage(i.get("stage", "diagnose")),
                    status=IdeaStatus(i.get("status", "draf")),
                )
            elif "status" in i or "stage" in i:
                spine_ops.update_idea(
                    db,
                    idea.id,
                    **{
                        k: (IdeaStatus(v) if k == "status" else Stage(v))
                        for k, v in i.items()
                        if k in ("status", "stage")
                    },
                )
            for ws in i.get("worksheets", []):
                save_worksheet(db, ws["code"], _plain(ws["data"]), lab.id, unit.id, idea.id)


def create_demo_lab(db: Database, spec: dict[str, Any] | None = None) -> LabInfo:
    """Create the demo lab (a new one each call) and return it."""
    extras = load_demo_extras() if spec is None else []
    spec = spec or load_demo_spec()
    lab_spec = dict(spec["lab"])
    lab_spec["current_stage"] = Stage(lab_spec.get("current_stage", "drum_up"))
    lab_spec["settings"] = {DEMO_FLAG: True}
    lab = spine_ops.create_lab(db, **lab_spec)
    run(
        db,
        *(
            CreateRecord(
                "stage_schedule",
                uuid.uuid4(),
                {
                    "lab_id": lab.id,
                    "stage": Stage(item["stage"]),
                    "start_date": item.get("start_date"),
                    "end_date": item.get("end_date"),
                    "venue": item.get("venue", ""),
                    "mode": item.get("mode", "luring"),
                },
            )
            for item in spec.get("schedule", [])
        ),
    )
    for ws in spec.get("lab_worksheets", []):
        save_worksheet(db, ws["code"], _plain(ws["data"]), lab.id)
    for u in spec.get("units", []):
        unit = spine_ops.add_unit(
            db,
            lab.id,
            u["name"],
            UnitType(u["unit_type"]),
            head_name=u.get("head_name", ""),
            head_nip=u.get("head_nip", ""),
            address=u.get("address", ""),
        )
        for p in u.get("people", []):
            spine_ops.add_person(
                db,
                lab.id,
                p["name"],
                unit.id,
                PersonRole(p.get("role", "anggota")),
                nip=p.get("nip", ""),
                jabatan=p.get("jabatan", ""),
                phone=p.get("phone", ""),
                email=p.get("email", ""),
            )
        for ws in u.get("worksheets", []):
            save_worksheet(db, ws["code"], _plain(ws["data"]), lab.id, unit.id)
        for i in u.get("ideas", []):
            idea = spine_ops.add_idea(
                db,
                unit.id,
                i.get("title", ""),
                stage=Stage(i.get("stage", "diagnose")),
                status=IdeaStatus(i.get("status", "draf")),
            )
            for ws in i.get("worksheets", []):
                save_worksheet(db, ws["code"], _plain(ws["data"]), lab.id, unit.id, idea.id)
    for extra in extras:
        _apply_extra(db, lab, extra)
    for extra in extras:
        for merge in extra.get("merges", []):
            _merge(db, lab, merge)
    if extras:
        sync_decisions(db, lab.id)  # every curated idea's status follows its LK-2g decision
    for extra in extras:
        # the parts run in name order: a schedule (92_…) places the units launched before it (90_…)
        if extra.get("monev_schedule"):
            _monev_schedule(db, lab, extra["monev_schedule"])
        if extra.get("launch"):
            _launch(db, lab, extra["launch"])
    for extra in extras:
        for spec in extra.get("results", []):
            _results(db, lab, spec)
        for spec in extra.get("monev", []):
            _monev(db, lab, spec)
    _display(db, lab, [e for x in extras for e in x.get("exhibitions", [])])
    for extra in extras:
        for spec in extra.get("replications", []):
            _replication(db, lab, spec)
    return svc.get_lab(db, lab.id)


def _demo_idea(db: Database, lab: LabInfo, title: str) -> Any:
    """The demo idea whose title up to " — " is ``title``."""
    return next(
        i
        for u in svc.list_units(db, lab.id)
        for i in svc.list_ideas(db, u.id)
        if i.title.split(" — ")[0] == title
    )


def _display(db: Database, lab: LabInfo, exhibitions: list[dict[str, Any]]) -> None:
    """``[[exhibitions]]`` of the demo parts: one LK-5b listing them, each stand naming its idea."""
    if not exhibitions:
        return
    events, stands = [], []
    for n, spec in enumerate(exhibitions, start=1):
        event = {k: v for k, v in _plain(spec).items() if k != "stands"}
        events.append({"_id": f"demoev{n}", **event})
        for k, stand in enumerate(spec.get("stands", []), start=1):
            idea = _demo_idea(db, lab, stand["idea"])
            row = {"_id": f"demost{n}x{k}", "pameran": f"demoev{n}", "ide": str(idea.id)}
            stands.append({**row, **{k2: v for k2, v in stand.items() if k2 != "idea"}})
    save_worksheet(db, codes.EXHIBITION, {"pameran": events, "stan": stands}, lab.id)


def _replication(db: Database, lab: LabInfo, spec: dict[str, Any]) -> None:
    """``[[replications]]`` of a demo part: an idea's LK-5c (its interested parties)."""
    idea = _demo_idea(db, lab, spec["idea"])
    data = {"peminat": _plain(spec["peminat"])}
    save_worksheet(db, codes.REPLICATION, data, lab.id, idea.unit_id, idea.id)


def _monev(db: Database, lab: LabInfo, spec: dict[str, Any]) -> None:
    """``[[monev]]`` of a demo part: an idea's LK-4b periods, each added as a user adds one (activities
    from LK-3b, desk and slot from LK-4d), then its own values: the period's fields and, per ``progress``
    entry, the activity of that LK-3b row (``aksi``)."""
    from labinovasi.services.context import WorksheetContext  # noqa: PLC0415
    from labinovasi.services.monev import add_period_from  # noqa: PLC0415
    from labinovasi.worksheets import monev as mv  # noqa: PLC0415

    idea = _demo_idea(db, lab, spec["idea"])
    ctx = WorksheetContext(db, lab.id, idea.unit_id, idea.id)
    data: dict[str, Any] = {}
    for period in spec.get("periods", []):
        period = _plain(period)
        data, pid = add_period_from(ctx, data, period.pop("name", ""))
        for key, value in period.items():
            if key != "progress":
                data = mv.set_period(data, pid, key, value)
        given = {str(p["aksi"]): p for p in period.get("progress", [])}
        data[mv.ROWS] = [
            {**row, **{k: v for k, v in given[row[mv.ACTION]].items() if k != "aksi"}}
            if row.get(mv.PERIOD) == pid and row.get(mv.ACTION) in given
            else row
            for row in data[mv.ROWS]
        ]
    save_worksheet(db, codes.MONEV, data, lab.id, idea.unit_id, idea.id)


def _results(db: Database, lab: LabInfo, spec: dict[str, Any]) -> None:
    """``[[results]]`` of a demo part: an idea's LK-4c (with evidence files made here and stored as a
    user's would be) and, with ``poster``, its LK-5a. ``idea`` is the title up to " — "."""
    import tempfile  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    from labinovasi.evidence import EvidenceStore  # noqa: PLC0415

    idea = _demo_idea(db, lab, spec["idea"])
    store = EvidenceStore.beside(db.file)
    rows = []
    with tempfile.TemporaryDirectory(prefix="labinovasi-demo-") as tmp:
        for n, photo in enumerate(spec.get("photos", [])):
            path = demo_photo(
                Path(tmp) / f"{spec['idea']}-{n + 1}.jpg", photo["uraian"], photo.get("colour", "#2e6fa7")
            )
            rows.append(
                {
                    "_id": f"demo{n}f",
                    "jenis": photo["jenis"],
                    "uraian": photo["uraian"],
                    "berkas": store.add(path).ref,
                }
            )
        for n, doc in enumerate(spec.get("documents", [])):
            path = demo_document(
                Path(tmp) / f"{spec['idea']}-{n + 1}.pdf", doc["title"], int(doc.get("pages", 1))
            )
            rows.append(
                {
                    "_id": f"demo{n}d",
                    "jenis": doc["jenis"],
                    "uraian": doc["uraian"],
                    "berkas": store.add(path).ref,
                }
            )
    data = _plain(spec["data"])
    if rows:
        data["bukti"] = rows
    save_worksheet(db, codes.RESULTS, data, lab.id, idea.unit_id, idea.id)
    if spec.get("poster"):
        save_worksheet(db, codes.POSTER, _plain(spec["poster"]), lab.id, idea.unit_id, idea.id)


def demo_photo(path: Any, caption: str, colour: str, size: tuple[int, int] = (1200, 900)) -> Any:
    """A simple picture for the demo's evidence: a sky, a building with windows, people, a caption band."""
    from PIL import Image, ImageDraw  # noqa: PLC0415

    w, h = size
    img = Image.new("RGB", size, "#dfe9f2")
    draw = ImageDraw.Draw(img)
    for y in range(h // 2):  # the sky, lighter towards the horizon
        shade = 200 + int(40 * y / (h / 2))
        draw.line([(0, y), (w, y)], fill=(shade - 40, shade - 10, 255))
    draw.rectangle([0, h // 2, w, h], fill="#c9c2b0")
    draw.rectangle([w // 8, h // 4, w * 7 // 8, h * 3 // 4], fill=colour)
    for col in range(6):
        for row in range(3):
            x, y = w // 8 + 40 + col * (w * 3 // 4 - 80) // 6, h // 4 + 40 + row * 80
            draw.rectangle([x, y, x + 70, y + 50], fill="#f3efe0")
    for k in range(9):  # people in front of the building
        x = w // 10 + k * w // 11
        draw.ellipse([x, h * 3 // 4 - 10, x + 34, h * 3 // 4 + 24], fill="#4a3b2e")
        draw.rectangle(
            [x + 4, h * 3 // 4 + 24, x + 30, h * 3 // 4 + 110], fill=("#8a2f3c", "#2f5d8a", "#5c8a2f")[k % 3]
        )
    draw.rectangle([0, h - 70, w, h], fill="#1b2a3a")
    draw.text((24, h - 52), caption[:90], fill="white", font_size=28)
    img.save(path, "JPEG", quality=85)
    return path


def demo_document(path: Any, title: str, pages: int) -> Any:
    """A short PDF for the demo's evidence (an SK, an SOP): a title and numbered paragraphs per page."""
    from reportlab.lib.pagesizes import A4  # noqa: PLC0415
    from reportlab.pdfgen import canvas  # noqa: PLC0415

    c = canvas.Canvas(str(path), pagesize=A4)
    for page in range(pages):
        c.setFont("Helvetica-Bold", 12)
        c.drawCentredString(A4[0] / 2, A4[1] - 90, title[:90])
        c.setFont("Helvetica", 10)
        for line in range(20):
            c.drawString(
                80,
                A4[1] - 140 - line * 24,
                f"{page * 20 + line + 1}. Contoh isi dokumen bukti (data fiktif).",
            )
        c.showPage()
    c.save()
    return path


def _launch(db: Database, lab: LabInfo, spec: dict[str, Any]) -> None:
    """``[launch]`` of a demo part: the LK-4a data, launching every idea curated "lanjut" (``ideas``)."""
    from labinovasi.services.launch import launchable_ideas  # noqa: PLC0415

    data = _plain(spec["data"])
    wanted = spec.get("ideas", "lanjut")
    data["inovasi"] = [str(i.id) for i in launchable_ideas(db, lab.id) if i.status.value == wanted]
    save_worksheet(db, codes.LAUNCH, data, lab.id)  # the launch marks them diluncurkan


def _monev_schedule(db: Database, lab: LabInfo, spec: dict[str, Any]) -> None:
    """``[monev_schedule]`` of a demo part: the LK-4d settings, its units placed automatically."""
    from labinovasi.services.monev_schedule import auto_assign, unit_choice  # noqa: PLC0415

    data = auto_assign(_plain(spec["data"]), unit_choice(db, lab.id))
    save_worksheet(db, codes.MONEV_SCHEDULE, data, lab.id)


def _merge(db: Database, lab: LabInfo, spec: dict[str, Any]) -> None:
    """``[[merges]]`` of a demo part: ``unit``, ``idea`` merged into ``into`` (titles up to " — ")."""
    unit = next(u for u in svc.list_units(db, lab.id) if u.name == spec["unit"])
    ideas = {i.title.split(" — ")[0]: i for i in svc.list_ideas(db, unit.id)}
    idea, into = ideas[spec["idea"]], ideas[spec["into"]]
    data = load_worksheet(db, codes.CURATION, lab.id, unit.id, idea.id).data
    save_curation(db, lab.id, idea.id, {**data, "keputusan": "gabung", "gabung_ke": str(into.id)})
