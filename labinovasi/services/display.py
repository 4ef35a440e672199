"""The Display stage across a lab: its exhibitions (LK-5b) with the innovations shown at each, and the
replication requests (LK-5c) of every innovation — listed per lab (the window's list, the PDF
"Rekap Pameran dan Replikasi Inovasi") and per innovation (its Display page, the idea board, the
Direktori). Read once, before showing or printing."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from labinovasi.db import models as m
from labinovasi.db.engine import Database
from labinovasi.domain.enums import Scope
from labinovasi.i18n import _, format_date, format_number
from labinovasi.services import labs as svc
from labinovasi.services.context import LabIdea, WorksheetContext
from labinovasi.services.lab_settings import get_lab_settings
from labinovasi.services.records import LabInfo
from labinovasi.services.worksheets import load_worksheet
from labinovasi.worksheets import exhibition as ex
from labinovasi.worksheets.codes import EXHIBITION, REPLICATION
from labinovasi.worksheets.registry import default_registry, field_options, named_lists
from labinovasi.worksheets.upgrades import upgrade


@dataclass(frozen=True)
class Shown:
    """An innovation shown at an exhibition."""

    idea_id: uuid.UUID | None  # None: an innovation outside the lab's list (typed as text)
    title: str
    unit: str
    stand: str  # the stand's number, "" when none

    @property
    def line(self) -> str:
        """ "SIPANDU — … · Dinas Dukcapil · stan A1"."""
        stand = _("stan {no}").format(no=self.stand) if self.stand else ""
        return " · ".join(x for x in (self.title, self.unit, stand) if x)

    @property
    def short(self) -> str:
        """ "SIPANDU (stan A1)": the title up to " — ", the stand."""
        title = self.title.split(" — ")[0]
        return _("{title} (stan {no})").format(title=title, no=self.stand) if self.stand else title


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

    @property
    def summary(self) -> str:
        return counts_text(len(self.exhibitions), len(self.shown_ideas), len(self.requests))

    def for_idea(self, idea_id: uuid.UUID) -> IdeaDisplay:
        return IdeaDisplay(
            tuple(e for e in self.exhibitions if e.shows(idea_id)),
            tuple(r for r in self.requests if r.idea_id == idea_id),
        )

    def counts(self) -> dict[uuid.UUID, tuple[int, int]]:
        """idea id -> (how many exhibitions showed it, how many replication requests it has), for the
        ideas that have any."""
        return _counts(self.exhibitions, self.requests)


def counts_text(exhibitions: int, shown: int, requests: int) -> str:
    """ "3 pameran · 5 inovasi dipamerkan · 4 permintaan replikasi"."""
    return _("{n} pameran · {m} inovasi dipamerkan · {k} permintaan replikasi").format(
        n=format_number(exhibitions), m=format_number(shown), k=format_number(requests)
    )


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


def _replication_sheets(db: Database, lab_id: uuid.UUID) -> dict[uuid.UUID, dict[str, Any]]:
    """idea id -> its LK-5c data, for every innovation of the lab that has one (one query)."""
    registry = default_registry()
    with db.session() as s:
        settings = get_lab_settings(db, lab_id)
        entries = s.scalars(
            select(m.WorksheetEntry).where(
                m.WorksheetEntry.lab_id == lab_id,
                m.WorksheetEntry.template_code == REPLICATION,
                m.WorksheetEntry.scope == Scope.IDEA,
            )
        ).all()
        return {
            e.idea_id: upgrade(REPLICATION, e.template_version, dict(e.data), settings, registry)
            for e in entries
            if e.idea_id is not None and isinstance(e.data, dict)
        }


def _gather(
    db: Database, lab: uuid.UUID, ideas: list[LabIdea]
) -> tuple[tuple[Exhibition, ...], tuple[Replication, ...]]:
    registry = default_registry()
    events_table = registry.get(EXHIBITION).field(ex.EVENTS)
    kind = next(c for c in events_table.columns if c.key == "jenis")
    kinds = {o.value: o.label for o in field_options(kind)}
    stored = ex.events(load_worksheet(db, EXHIBITION, lab, registry=registry).data)
    statuses = {o.value: o.label for o in named_lists()["status_replikasi"]}
    sheets = _replication_sheets(db, lab)
    requests = tuple(
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
        for idea in ideas
        if idea.id in sheets
        for r in ex.requests(sheets[idea.id])
    )
    return _events(stored, ideas, kinds), requests


def display_recap(db: Database, lab_id: uuid.UUID | str) -> DisplayRecap:
    """Every exhibition of the lab and every replication request of its innovations."""
    lab = svc.get_lab(db, lab_id)
    ideas = WorksheetContext(db, lab.id).lab_ideas()
    exhibitions, requests = _gather(db, lab.id, ideas)
    return DisplayRecap(lab, get_lab_settings(db, lab.id).logo_path, exhibitions, requests, tuple(ideas))


def display_counts(db: Database, lab_id: uuid.UUID, ideas: list[LabIdea]) -> dict[uuid.UUID, tuple[int, int]]:
    """idea id -> (exhibitions that showed it, its replication requests), for the ideas that have any, in
    a constant number of queries (the idea board's column)."""
    return _counts(*_gather(db, lab_id, ideas))


def _counts(
    exhibitions: Iterable[Exhibition], requests: Iterable[Replication]
) -> dict[uuid.UUID, tuple[int, int]]:
    shown: dict[uuid.UUID, int] = {}
    for e in exhibitions:
        for idea_id in {s.idea_id for s in e.shown if s.idea_id is not None}:
            shown[idea_id] = shown.get(idea_id, 0) + 1
    asked: dict[uuid.UUID, int] = {}
    for r in requests:
        asked[r.idea_id] = asked.get(r.idea_id, 0) + 1
    return {i: (shown.get(i, 0), asked.get(i, 0)) for i in shown.keys() | asked.keys()}


def idea_display(db: Database, lab_id: uuid.UUID | str, idea_id: uuid.UUID | str) -> IdeaDisplay:
    """The exhibitions one innovation was shown at and its replication requests."""
    idea = svc.get_idea(db, idea_id)
    return display_recap(db, lab_id).for_idea(idea.id)


def display_filename(lab: LabInfo) -> str:
    safe = "".join(c if c.isalnum() else "_" for c in lab.name).strip("_")[:60] or "lab"
    return f"Rekap_Pameran_Replikasi_{safe}.pdf"
