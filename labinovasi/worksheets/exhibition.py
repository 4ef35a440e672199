"""Pameran (LK-5b) and replication requests (LK-5c) as stored data: pure functions over a sheet.

LK-5b version 2 keeps the lab's exhibitions as a table (``pameran``: one row per event) and the stands
of all of them in a second table (``stan``) whose rows name their event's row id (``pameran``) and the
innovation shown (``ide``: an idea's id, or a free text in ``inovasi`` for one outside the lab's list).
Version 1 held one event per sheet; :func:`upgrade_v1` reads it as the first event of the list.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from labinovasi.worksheets.validation import ROW_ID

EVENTS = "pameran"  # the table of events
STANDS = "stan"  # the table of stands, each naming its event
EVENT = "pameran"  # the column of a stand that names its event's row id
IDEA = "ide"  # the column of a stand that names the idea shown
REQUESTS = "peminat"  # LK-5c: the table of interested parties


@dataclass(frozen=True)
class Stand:
    row_id: str
    number: str
    idea_id: str  # "" when the stand names no idea of the list
    unit: str
    text: str  # the innovation as typed (or a note)


@dataclass(frozen=True)
class Event:
    id: str
    name: str
    kind: str  # expo | pameran | festival | galeri | lainnya | ""
    start: str  # ISO date or ""
    end: str
    place: str
    organiser: str
    visitors: int | None
    stands: tuple[Stand, ...]


@dataclass(frozen=True)
class Request:
    """One row of an idea's LK-5c."""

    row_id: str
    requester: str
    contact: str
    date: str  # ISO date or ""
    status: str  # a value of the list "status_replikasi", or ""
    note: str


def clean(value: Any) -> str:
    """A stored value as one line of text ("" for anything that is not a plain value)."""
    return " ".join(str(value).split()) if value is not None and not isinstance(value, (dict, list)) else ""


def rows_of(data: Mapping[str, Any] | None, key: str) -> list[dict[str, Any]]:
    rows = (data or {}).get(key)
    return [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []


def _visitors(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return max(0, int(value))


def _stand(row: Mapping[str, Any]) -> Stand:
    return Stand(
        row_id=clean(row.get(ROW_ID)),
        number=clean(row.get("nomor_stan")),
        idea_id=clean(row.get(IDEA)),
        unit=clean(row.get("unit")),
        text=clean(row.get("inovasi")),
    )


def events(data: Mapping[str, Any] | None) -> list[Event]:
    """The exhibitions of an LK-5b sheet (version 2 data) in table order, each with its stands. An event
    row left wholly empty is skipped; a stand naming no event (or a removed one) is dropped."""
    stands = rows_of(data, STANDS)
    out = []
    for row in rows_of(data, EVENTS):
        eid = clean(row.get(ROW_ID))
        mine = tuple(
            _stand(s)
            for s in stands
            if eid and clean(s.get(EVENT)) == eid and (clean(s.get(IDEA)) or clean(s.get("inovasi")))
        )
        event = Event(
            id=eid,
            name=clean(row.get("nama")),
            kind=clean(row.get("jenis")),
            start=clean(row.get("tanggal_mulai")),
            end=clean(row.get("tanggal_selesai")),
            place=clean(row.get("tempat")),
            organiser=clean(row.get("penyelenggara")),
            visitors=_visitors(row.get("pengunjung")),
            stands=mine,
        )
        if event.name or event.start or event.place or mine:
            out.append(event)
    return out


def requests(data: Mapping[str, Any] | None) -> list[Request]:
    """The replication requests of an LK-5c sheet, in table order (rows naming nobody are skipped)."""
    out = []
    for row in rows_of(data, REQUESTS):
        request = Request(
            row_id=clean(row.get(ROW_ID)),
            requester=clean(row.get("peminat")),
            contact=clean(row.get("kontak")),
            date=clean(row.get("tanggal")),
            status=clean(row.get("status")),
            note=clean(row.get("keterangan")),
        )
        if request.requester or request.contact:
            out.append(request)
    return out


_V1_EVENT = {
    "nama_acara": "nama",
    "jenis_acara": "jenis",
    "tanggal_mulai": "tanggal_mulai",
    "tanggal_selesai": "tanggal_selesai",
    "tempat": "tempat",
    "penyelenggara": "penyelenggara",
    "jumlah_pengunjung": "pengunjung",
}


def upgrade_v1(data: dict[str, Any], _lab: Any = None) -> dict[str, Any]:
    """Version 1 was one event per sheet (its name, kind, dates, place, organiser and visitors as fields,
    a stand table with the unit and the innovation as text); version 2 holds a list of events. The one
    event becomes the first of the list and every stand names it; the innovation stays as typed. The
    event's id is derived from the stored data so that every read of the same data gives the same id."""
    if isinstance(data.get(EVENTS), list):
        return data
    stands = rows_of(data, STANDS)
    event: dict[str, Any] = {}
    for old, new in _V1_EVENT.items():
        value = data.get(old)
        if value not in (None, ""):
            event[new] = value
    out = {k: v for k, v in data.items() if k not in _V1_EVENT and k != STANDS}
    if not event and not stands:
        out[EVENTS] = []
        return out
    seed = next((str(r.get(ROW_ID)) for r in stands if r.get(ROW_ID)), "")
    eid = f"e1{seed}"[:12] if seed else "pameran1"
    out[EVENTS] = [{ROW_ID: eid, **event}]
    out[STANDS] = [{**r, EVENT: eid} for r in stands]
    return out
