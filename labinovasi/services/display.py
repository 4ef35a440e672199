"""The Display stage across a lab: its exhibitions (LK-5b) with the innovations shown at each, and the
replication requests (LK-5c) of every innovation — listed per lab (the window's list, the PDF
"Rekap Pameran dan Replikasi Inovasi") and per innovation (its Display page, the idea board, the
Direktori). Read once, before showing or printing."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from labinovasi.db.engine import Database
from labinovasi.i18n import _, format_date
from labinovasi.services import labs as svc
from labinovasi.services.context import LabIdea, WorksheetContext
from labinovasi.services.lab_settings import get_lab_settings
from labinovasi.services.records import LabInfo
from labinovasi.services.worksheets import load_worksheet
from labinovasi.worksheets import exhibition as ex
from labinovasi.worksheets.codes import EXHIBITION, REPLICATION
from labinovasi.worksheets.registry import default_registry, field_options, named_lists


@dataclass(frozen=True)
class Shown:
    """An innovation shown at an exhibition."""

    idea_id: uuid.UUID | None  # None: an innovation outside the lab's list (typed as text)
    title: str
    unit: str
    stand: str  # the stand's number, "" when none


@dataclass(frozen=True)
class Exhibition:
    id: str
    name: str
    kind: str  # the kind's label ("Festival")
    start: str  # ISO dates, "" when not filled
    end: str
    place: str
    organiser: str
    visitors: int | None
    shown: tuple[Shown, ...]

    @property
    def dates(self) -> str:
        """ "12 Mei 2027" or "12 Mei 2027 – 14 Mei 2027" ("" without a start date)."""
        start, end = format_iso(self.start), format_iso(self.end)
        return f"{start} – {end}" if start and end and end != start else start or end

    def shows(self, idea_id: uuid.UUID) -> bool:
        return any(s.idea_id == idea_id for s in self.shown)


@dataclass(frozen=True)
class Replication:
    """A replication request (a row of an innovation's LK-5c)."""

    idea_id: uuid.UUID
    idea: str  # the innovation's title
    unit: str
    requester: str
    contact: str
    date: str  # ISO date or ""
    status: str  # the status's label ("Kesepakatan replikasi"), "" when not filled
    note: str


@dataclass(frozen=True)
class IdeaDisplay:
    """One innovation's exhibitions and replication requests."""

    exhibitions: tuple[Exhibition, ...]
    requests: tuple[Replication, ...]

    @property
    def empty(self) -> bool:
        return not self.exhibitions and not self.requests


@dataclass(frozen=True)
class DisplayRecap:
    lab: LabInfo
    logo_path: str
    exhibitions: tuple[Exhibition, ...]
    requests: tuple[Replication, ...]
    ideas: tuple[LabIdea, ...]  # the lab's ideas, in the lab's order

    @property
    def shown_ideas(self) -> list[tuple[str, str]]:
        """The distinct innovations shown at any exhibition, as (title, unit), in first-shown order."""
        seen: dict[object, tuple[str, str]] = {}
        for e in self.exhibitions:
            for s in e.shown:
                key = s.idea_id or (s.title.casefold(), s.unit.casefold())
                seen.setdefault(key, (s.title, s.unit))
        return list(seen.values())

    @property
    def requested_ideas(self) -> int:
        """How many innovations have at least one replication request."""
        return len({r.idea_id for r in self.requests})

    def for_idea(self, idea_id: uuid.UUID) -> IdeaDisplay:
        return IdeaDisplay(
            tuple(e for e in self.exhibitions if e.shows(idea_id)),
            tuple(r for r in self.requests if r.idea_id == idea_id),
        )

    def counts(self) -> dict[uuid.UUID, tuple[int, int]]:
        """idea id -> (how many exhibitions showed it, how many replication requests it has)."""
        out: dict[uuid.UUID, tuple[int, int]] = {}
        for i in self.ideas:
            mine = self.for_idea(i.id)
            if not mine.empty:
                out[i.id] = (len(mine.exhibitions), len(mine.requests))
        return out


def format_iso(value: str) -> str:
    try:
        return format_date(dt.date.fromisoformat(value)) if value else ""
    except ValueError:
        return value


def _title(idea: LabIdea) -> str:
    return idea.title or _("(ide tanpa judul)")


def _match(stand: ex.Stand, ideas: dict[str, LabIdea], by_title: dict[str, LabIdea]) -> Shown:
    """What a stand shows: the idea it names, else the idea whose title is its text, else the text."""
    idea = ideas.get(stand.idea_id) if stand.idea_id else None
    if idea is None and stand.text:
        idea = by_title.get(stand.text.casefold())
    if idea is not None:
        return Shown(idea.id, _title(idea), idea.unit, stand.number)
    return Shown(None, stand.text or _("(sudah dihapus)"), stand.unit, stand.number)


def _events(
    stored: Iterable[ex.Event], ideas: Iterable[LabIdea], kinds: dict[str, str]
) -> tuple[Exhibition, ...]:
    ideas = list(ideas)
    by_id = {str(i.id): i for i in ideas}
    by_title: dict[str, LabIdea] = {}
    for i in ideas:  # the full title and the part before " — " both name it
        for key in {i.title.casefold(), i.title.split(" — ")[0].casefold()} - {""}:
            by_title.setdefault(key, i)
    return tuple(
        Exhibition(
            e.id,
            e.name or _("(acara tanpa nama)"),
            kinds.get(e.kind, e.kind),
            e.start,
            e.end,
            e.place,
            e.organiser,
            e.visitors,
            tuple(_match(s, by_id, by_title) for s in e.stands),
        )
        for e in stored
    )


def display_recap(db: Database, lab_id: uuid.UUID | str) -> DisplayRecap:
    """Every exhibition of the lab and every replication request of its innovations."""
    lab = svc.get_lab(db, lab_id)
    registry = default_registry()
    ideas = WorksheetContext(db, lab.id, registry=registry).lab_ideas()
    events_table = registry.get(EXHIBITION).field(ex.EVENTS)
    kind = next(c for c in events_table.columns if c.key == "jenis")
    kinds = {o.value: o.label for o in field_options(kind)}
    stored = ex.events(load_worksheet(db, EXHIBITION, lab.id, registry=registry).data)
    statuses = {o.value: o.label for o in named_lists()["status_replikasi"]}
    requests: list[Replication] = []
    for idea in ideas:
        data = load_worksheet(db, REPLICATION, lab.id, idea.unit_id, idea.id, registry=registry).data
        requests.extend(
            Replication(
                idea.id,
                _title(idea),
                idea.unit,
                r.requester,
                r.contact,
                r.date,
                statuses.get(r.status, r.status),
                r.note,
            )
            for r in ex.requests(data)
        )
    return DisplayRecap(
        lab,
        get_lab_settings(db, lab.id).logo_path,
        _events(stored, ideas, kinds),
        tuple(requests),
        tuple(ideas),
    )


def idea_display(db: Database, lab_id: uuid.UUID | str, idea_id: uuid.UUID | str) -> IdeaDisplay:
    """The exhibitions one innovation was shown at and its replication requests."""
    idea = svc.get_idea(db, idea_id)
    return display_recap(db, lab_id).for_idea(idea.id)


def display_filename(lab: LabInfo) -> str:
    safe = "".join(c if c.isalnum() else "_" for c in lab.name).strip("_")[:60] or "lab"
    return f"Rekap_Pameran_Replikasi_{safe}.pdf"
