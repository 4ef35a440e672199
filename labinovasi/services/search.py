"""Search everywhere in a lab: units, people, ideas and the text of every worksheet.

The index is a derived cache inside the lab file, never part of the schema: an SQLite FTS5 table
(``unicode61 remove_diacritics 2``, so "Pelayanan" finds "pelayânan"; every word is a prefix) plus a
small table of which labs are indexed. Both are made with ``CREATE … IF NOT EXISTS`` when a lab is first
searched (:func:`ensure_index`), can be dropped at any time (:func:`drop_index`) and are rebuilt from the
records. The Alembic migrations, the model comparison and the opening checks leave every table whose name
starts with :data:`TABLE_PREFIX` aside (:func:`is_index_table`).

The write path keeps it in step: :func:`labinovasi.ops.run.run` calls :func:`follow` in the same
transaction with the op's :class:`~labinovasi.ops.changes.Changes`, which reindexes only the records
named there (a tombstoned record leaves the index, an undone deletion comes back). A lab whose index
missed a write (another version of the app edited the file) is noticed by the change journal and rebuilt
on its next search. Until a lab is indexed — or where SQLite has no FTS5, or on a server database — the
same :func:`search` answers with plain ``LIKE`` queries over the records.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, cast, func, or_, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from labinovasi.db import models as m
from labinovasi.db.engine import SEARCH_CACHE_PREFIX, Database
from labinovasi.db.softdelete import INCLUDE_DELETED
from labinovasi.i18n import _

TABLE_PREFIX = SEARCH_CACHE_PREFIX
FTS_TABLE = "search_index"
STATE_TABLE = "search_index_state"
LAYOUT = 2  # bump when what is indexed changes: every lab is then rebuilt on its next search

KINDS = ("unit", "person", "idea", "worksheet")
PER_KIND = 8

_CREATE_FTS = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "title, body, kind, ref, lab, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3')"
)
_CREATE_STATE = (
    f"CREATE TABLE IF NOT EXISTS {STATE_TABLE} ("
    "lab TEXT PRIMARY KEY, layout INTEGER NOT NULL, journal_seq INTEGER NOT NULL)"
)
# title ×10, body ×1; the filter columns (kind, ref, lab) do not count
_RANK = f"bm25({FTS_TABLE}, 10.0, 1.0, 0.0, 0.0, 0.0)"
_WORD = re.compile(r"\w+", re.UNICODE)
_NUMBERISH = re.compile(r"^[\d\s.,:+()/-]+$")  # dates, NIPs, phone numbers: noise in a line of context
_UUIDISH = re.compile(r"^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$", re.I)


@dataclass(frozen=True)
class SearchHit:
    """One place found: what it is, a title, and a line of context (where it is, the words around)."""

    kind: str  # one of KINDS
    id: uuid.UUID  # the unit, person, idea, or worksheet entry
    title: str
    context: str
    unit_id: uuid.UUID | None = None
    idea_id: uuid.UUID | None = None
    code: str | None = None  # the worksheet's code (worksheet hits)


@dataclass(frozen=True)
class SearchResults:
    query: str
    groups: dict[str, list[SearchHit]]  # by kind, in KINDS order; kinds without hits are absent
    more: frozenset[str]  # kinds that had more hits than shown
    indexed: bool  # answered by the FTS5 index (else by LIKE)

    def __bool__(self) -> bool:
        return any(self.groups.values())

    def hits(self) -> list[SearchHit]:
        return [hit for kind in KINDS for hit in self.groups.get(kind, [])]


def kind_label(kind: str) -> str:
    return {
        "unit": _("Unit"),
        "person": _("Peserta"),
        "idea": _("Ide"),
        "worksheet": _("Lembar kerja"),
    }[kind]


def is_index_table(name: str) -> bool:
    """A table of the search cache (the FTS5 table, its shadow tables, its state)."""
    return name.startswith(TABLE_PREFIX)


def words(query: str) -> list[str]:
    return _WORD.findall(query.casefold())


# --- availability -----------------------------------------------------------------------------------


_FTS5_AVAILABLE: dict[str, bool] = {}


def fts5_available(session: Session) -> bool:
    """SQLite with the FTS5 module (probed once per SQLite library, in the connection's temp schema)."""
    if session.get_bind().dialect.name != "sqlite":
        return False
    version = str(session.execute(text("SELECT sqlite_version()")).scalar())
    if version not in _FTS5_AVAILABLE:
        try:
            session.execute(text("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_probe USING fts5(x)"))
            session.execute(text("DROP TABLE IF EXISTS temp.search_probe"))
        except OperationalError:
            _FTS5_AVAILABLE[version] = False
        else:
            _FTS5_AVAILABLE[version] = True
    return _FTS5_AVAILABLE[version]


def _has_state(session: Session) -> bool:
    if session.get_bind().dialect.name != "sqlite":
        return False
    found = session.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :n"), {"n": STATE_TABLE}
    ).first()
    return found is not None


def _states(session: Session) -> dict[str, tuple[int, int]]:
    if not _has_state(session):
        return {}
    rows = session.execute(text(f"SELECT lab, layout, journal_seq FROM {STATE_TABLE}"))  # noqa: S608
    return {str(lab): (int(layout), int(seq)) for lab, layout, seq in rows}


def _journal_seq(session: Session, lab: uuid.UUID, leaving_out: Iterable[int] = ()) -> int:
    query = select(func.coalesce(func.max(m.JournalEntry.seq), 0)).where(m.JournalEntry.lab_id == lab)
    left_out = list(leaving_out)
    if left_out:
        query = query.where(m.JournalEntry.seq.not_in(left_out))
    return int(session.scalar(query) or 0)


def is_indexed(db: Database, lab_id: uuid.UUID) -> bool:
    """The lab has an index that is up to date (the search answers from it)."""
    with db.session() as s:
        state = _states(s).get(lab_id.hex)
        return (
            state is not None
            and state[0] == LAYOUT
            and state[1] == _journal_seq(s, lab_id)
            and fts5_available(s)
        )


# --- building and following ---------------------------------------------------------------------------


def ensure_index(db: Database, lab_id: uuid.UUID) -> bool:
    """Build the lab's index when it is absent or stale; True when the lab is searched by the index
    (False where there is no FTS5: the search then uses LIKE). A write: run it on the writer."""
    with db.session() as s:
        if not fts5_available(s):
            return False
        try:
            s.execute(text(_CREATE_FTS))
            s.execute(text(_CREATE_STATE))
        except OperationalError:  # a read-only file, or FTS5 refused after all
            return False
        seq = _journal_seq(s, lab_id)
        if _states(s).get(lab_id.hex) == (LAYOUT, seq):
            return True
        _delete_lab(s, lab_id)
        _insert(s, _documents(s, lab_id=lab_id))
        s.execute(
            text(
                f"INSERT OR REPLACE INTO {STATE_TABLE} (lab, layout, journal_seq) "  # noqa: S608
                "VALUES (:lab, :layout, :seq)"
            ),
            {"lab": lab_id.hex, "layout": LAYOUT, "seq": seq},
        )
    return True


def drop_index(db: Database) -> None:
    """Remove the whole cache (it is rebuilt on the next search)."""
    with db.session() as s:
        if s.get_bind().dialect.name == "sqlite":
            s.execute(text(f"DROP TABLE IF EXISTS {FTS_TABLE}"))
            s.execute(text(f"DROP TABLE IF EXISTS {STATE_TABLE}"))


def follow(session: Session, changes: Any, journal_seqs: Iterable[int] = ()) -> None:
    """Reindex the records named in ``changes`` (a :class:`~labinovasi.ops.changes.Changes`) within the
    transaction that changed them; ``journal_seqs`` are the journal rows that transaction wrote. Labs
    without an index are left alone; a lab whose index had already missed a write is marked for a
    rebuild instead."""
    states = _states(session)
    if not states or not changes:
        return
    refs: set[uuid.UUID] = set()
    refs.update(changes.units, changes.people, changes.ideas)
    for code, unit_id, idea_id in changes.worksheets:
        refs.update(
            session.scalars(
                select(m.WorksheetEntry.id).where(
                    m.WorksheetEntry.template_code == code,
                    m.WorksheetEntry.unit_id.is_(None)
                    if unit_id is None
                    else m.WorksheetEntry.unit_id == unit_id,
                    m.WorksheetEntry.idea_id.is_(None)
                    if idea_id is None
                    else m.WorksheetEntry.idea_id == idea_id,
                ),
                execution_options={INCLUDE_DELETED: True},
            )
        )
    if not refs:
        return
    for ref in refs:
        _delete_ref(session, ref)
    docs = [
        doc
        for doc in _documents(
            session,
            unit_ids=changes.units,
            person_ids=changes.people,
            idea_ids=changes.ideas,
            entry_ids=refs,
        )
        if doc["lab"] in states
    ]
    _insert(session, docs)
    mine = list(journal_seqs)
    touched = {doc["lab"] for doc in docs} | _labs_of(session, refs)
    for lab_hex in touched & states.keys():
        lab = uuid.UUID(lab_hex)
        if states[lab_hex][1] == _journal_seq(session, lab, leaving_out=mine):
            seq = _journal_seq(session, lab)
            session.execute(
                text(f"UPDATE {STATE_TABLE} SET journal_seq = :seq WHERE lab = :lab"),  # noqa: S608
                {"seq": seq, "lab": lab_hex},
            )
        else:  # a write this index never saw: rebuilt on the next search
            session.execute(text(f"DELETE FROM {STATE_TABLE} WHERE lab = :lab"), {"lab": lab_hex})  # noqa: S608


def _labs_of(session: Session, refs: set[uuid.UUID]) -> set[str]:
    """The labs of records (live or tombstoned) among ``refs``."""
    opts = {INCLUDE_DELETED: True}
    labs: set[uuid.UUID] = set()
    ids = list(refs)
    labs.update(session.scalars(select(m.Unit.lab_id).where(m.Unit.id.in_(ids)), execution_options=opts))
    labs.update(session.scalars(select(m.Person.lab_id).where(m.Person.id.in_(ids)), execution_options=opts))
    labs.update(
        session.scalars(
            select(m.Unit.lab_id).join(m.Idea, m.Idea.unit_id == m.Unit.id).where(m.Idea.id.in_(ids)),
            execution_options=opts,
        )
    )
    labs.update(
        session.scalars(
            select(m.WorksheetEntry.lab_id).where(m.WorksheetEntry.id.in_(ids)), execution_options=opts
        )
    )
    return {lab.hex for lab in labs}


def _delete_ref(session: Session, ref: uuid.UUID) -> None:
    session.execute(
        text(f"DELETE FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q"),  # noqa: S608
        {"q": f'ref : "{ref.hex}"'},
    )


def _delete_lab(session: Session, lab: uuid.UUID) -> None:
    session.execute(
        text(f"DELETE FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q"),  # noqa: S608
        {"q": f'lab : "{lab.hex}"'},
    )


def _insert(session: Session, docs: list[dict[str, str]]) -> None:
    if docs:
        session.execute(
            text(
                f"INSERT INTO {FTS_TABLE} (title, body, kind, ref, lab) "  # noqa: S608
                "VALUES (:title, :body, :kind, :ref, :lab)"
            ),
            docs,
        )


def _documents(
    session: Session,
    lab_id: uuid.UUID | None = None,
    unit_ids: Iterable[uuid.UUID] = (),
    person_ids: Iterable[uuid.UUID] = (),
    idea_ids: Iterable[uuid.UUID] = (),
    entry_ids: Iterable[uuid.UUID] = (),
) -> list[dict[str, str]]:
    """The index rows of the live records of a lab (``lab_id``), or of the records named."""
    docs: list[dict[str, str]] = []

    def doc(kind: str, ref: uuid.UUID, lab: uuid.UUID, title: str, body: str) -> None:
        docs.append({"kind": kind, "ref": ref.hex, "lab": lab.hex, "title": title, "body": body})

    def where(column: Any, ids: Iterable[uuid.UUID], lab_column: Any) -> Any:
        return lab_column == lab_id if lab_id is not None else column.in_(list(ids))

    units = list(unit_ids)
    if lab_id is not None or units:
        for u in session.execute(
            select(m.Unit.id, m.Unit.lab_id, m.Unit.name, m.Unit.head_name, m.Unit.address).where(
                where(m.Unit.id, units, m.Unit.lab_id)
            )
        ):
            doc("unit", u.id, u.lab_id, u.name, " ".join((u.head_name, u.address)))
    people = list(person_ids)
    if lab_id is not None or people:
        for p in session.execute(
            select(
                m.Person.id, m.Person.lab_id, m.Person.name, m.Person.jabatan, m.Person.nip, m.Person.email
            )
            .join(m.Unit, m.Unit.id == m.Person.unit_id, isouter=True)
            .where(
                where(m.Person.id, people, m.Person.lab_id),
                or_(m.Unit.id.is_(None), m.Unit.deleted_at.is_(None)),
            )
        ):
            doc("person", p.id, p.lab_id, p.name, " ".join((p.jabatan, p.nip, p.email)))
    ideas = list(idea_ids)
    if lab_id is not None or ideas:
        for i in session.execute(
            select(m.Idea.id, m.Unit.lab_id, m.Idea.title)
            .join(m.Unit, m.Unit.id == m.Idea.unit_id)
            .where(where(m.Idea.id, ideas, m.Unit.lab_id), m.Unit.deleted_at.is_(None))
        ):
            doc("idea", i.id, i.lab_id, i.title, "")
    entries = list(entry_ids)
    if lab_id is not None or entries:
        titles = _template_titles()
        query = (
            select(
                m.WorksheetEntry.id,
                m.WorksheetEntry.lab_id,
                m.WorksheetEntry.template_code,
                m.WorksheetEntry.data,
            )
            .join(m.Unit, m.Unit.id == m.WorksheetEntry.unit_id, isouter=True)
            .join(m.Idea, m.Idea.id == m.WorksheetEntry.idea_id, isouter=True)
            .where(
                where(m.WorksheetEntry.id, entries, m.WorksheetEntry.lab_id),
                or_(m.Unit.id.is_(None), m.Unit.deleted_at.is_(None)),
                or_(m.Idea.id.is_(None), m.Idea.deleted_at.is_(None)),
            )
        )
        for e in session.execute(query):
            body = " ".join(texts_of(e.data))
            if body:
                code = e.template_code
                doc("worksheet", e.id, e.lab_id, f"{code} {titles.get(code, '')}", body)
    return docs


def texts_of(data: Any, key: str = "") -> Iterator[str]:
    """The words a person typed in a worksheet's data: every text value, in order, leaving out row ids
    (``_id``), references to other rows, file checksums, and values made only of digits (dates, NIPs,
    phone numbers)."""
    if key.startswith("_") or key.endswith(("_ref", "_refs", "sha256")):
        return
    if isinstance(data, str):
        value = data.strip()
        if value and not _UUIDISH.match(value) and not _NUMBERISH.match(value):
            yield value
    elif isinstance(data, dict):
        for k, v in data.items():
            yield from texts_of(v, str(k))
    elif isinstance(data, list | tuple):
        for v in data:
            yield from texts_of(v, key)


def _template_titles() -> dict[str, str]:
    from labinovasi.worksheets.registry import default_registry  # noqa: PLC0415 - the templates load once

    titles: dict[str, str] = {}
    for t in default_registry().all():
        titles.setdefault(t.code, t.title)
    return titles


# --- searching ------------------------------------------------------------------------------------------


def search(db: Database, lab_id: uuid.UUID, query: str, per_kind: int = PER_KIND) -> SearchResults:
    """Units, people, ideas and worksheets of the lab whose text holds every word of ``query`` (each as
    the start of a word), best first, at most ``per_kind`` of each kind. A read: never builds the index."""
    terms = words(query)
    if not terms:
        return SearchResults(query, {}, frozenset(), False)
    with db.session() as s:
        state = _states(s).get(lab_id.hex)
        indexed = (
            state is not None
            and state[0] == LAYOUT
            and state[1] == _journal_seq(s, lab_id)
            and fts5_available(s)
        )
        found = _fts_ids(s, lab_id, terms, per_kind) if indexed else _like_ids(s, lab_id, terms, per_kind)
        groups: dict[str, list[SearchHit]] = {}
        more: set[str] = set()
        for kind in KINDS:
            ids, snippets = found.get(kind, ([], {}))
            if len(ids) > per_kind:
                more.add(kind)
                ids = ids[:per_kind]
            hits = _hydrate(s, kind, lab_id, ids, snippets, terms)
            if hits:
                groups[kind] = hits
    return SearchResults(query, groups, frozenset(more), indexed)


def _match_expression(terms: list[str]) -> str:
    phrase = " ".join(f'"{t}"*' for t in terms)  # implicit AND; quoted: any word is taken literally
    return "{title body} : (" + phrase + ")"


def _fts_ids(
    s: Session, lab_id: uuid.UUID, terms: list[str], per_kind: int
) -> dict[str, tuple[list[uuid.UUID], dict[uuid.UUID, str]]]:
    match = _match_expression(terms)
    # one letter matches nearly everything, and ranking all of it costs most of the time allowed: the
    # newest records are shown until the second letter
    order = "rowid DESC" if all(len(t) == 1 for t in terms) else _RANK
    out: dict[str, tuple[list[uuid.UUID], dict[uuid.UUID, str]]] = {}
    for kind in KINDS:
        rows = s.execute(
            text(
                f"SELECT ref, snippet({FTS_TABLE}, 1, '', '', '…', 12) FROM {FTS_TABLE} "  # noqa: S608
                f"WHERE {FTS_TABLE} MATCH :q ORDER BY {order} LIMIT :n"
            ),
            {"q": f'lab : "{lab_id.hex}" AND kind : "{kind}" AND {match}', "n": per_kind + 1},
        ).all()
        ids = [uuid.UUID(r[0]) for r in rows]
        out[kind] = (ids, {uuid.UUID(r[0]): str(r[1] or "") for r in rows})
    return out


def _like_ids(
    s: Session, lab_id: uuid.UUID, terms: list[str], per_kind: int
) -> dict[str, tuple[list[uuid.UUID], dict[uuid.UUID, str]]]:
    """The same answer without an index: every word must appear somewhere (case-insensitive)."""
    n = per_kind + 1

    def all_words(*columns: Any) -> list[Any]:
        return [or_(*(c.ilike(f"%{_escape_like(t)}%", escape="\\") for c in columns)) for t in terms]

    units = s.scalars(
        select(m.Unit.id)
        .where(m.Unit.lab_id == lab_id, *all_words(m.Unit.name, m.Unit.head_name, m.Unit.address))
        .order_by(m.Unit.sort_order, m.Unit.name)
        .limit(n)
    ).all()
    people = s.scalars(
        select(m.Person.id)
        .where(
            m.Person.lab_id == lab_id,
            *all_words(m.Person.name, m.Person.jabatan, m.Person.nip, m.Person.email),
        )
        .order_by(m.Person.name)
        .limit(n)
    ).all()
    ideas = s.scalars(
        select(m.Idea.id)
        .join(m.Unit, m.Unit.id == m.Idea.unit_id)
        .where(m.Unit.lab_id == lab_id, *all_words(m.Idea.title))
        .order_by(m.Unit.sort_order, m.Idea.sort_order)
        .limit(n)
    ).all()
    entries = s.scalars(
        select(m.WorksheetEntry.id)
        .where(m.WorksheetEntry.lab_id == lab_id, *all_words(cast(m.WorksheetEntry.data, String)))
        .order_by(m.WorksheetEntry.template_code)
        .limit(n)
    ).all()
    return {
        "unit": (list(units), {}),
        "person": (list(people), {}),
        "idea": (list(ideas), {}),
        "worksheet": (list(entries), {}),
    }


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _hydrate(
    s: Session,
    kind: str,
    lab_id: uuid.UUID,
    ids: list[uuid.UUID],
    snippets: dict[uuid.UUID, str],
    terms: list[str],
) -> list[SearchHit]:
    """The hits of ``ids`` in order, with their context, read from the live records (a stale index row
    of a record that is gone, or of another lab, is left out). The lab is checked here rather than in
    the query: SQLite would otherwise walk the lab's index instead of looking the few ids up."""
    if not ids:
        return []
    hits: dict[uuid.UUID, SearchHit] = {}
    if kind == "unit":
        for u in s.scalars(select(m.Unit).where(m.Unit.id.in_(ids))):
            if u.lab_id != lab_id:
                continue
            where = ", ".join(x for x in (u.unit_type.label, u.head_name) if x)
            hits[u.id] = SearchHit("unit", u.id, u.name, where, unit_id=u.id)
    elif kind == "person":
        people = s.execute(
            select(m.Person, m.Unit.name)
            .join(m.Unit, m.Unit.id == m.Person.unit_id, isouter=True)
            .where(m.Person.id.in_(ids))
        )
        for p, unit_name in people:
            if p.lab_id != lab_id:
                continue
            where = " · ".join(x for x in (p.role.label, p.jabatan, unit_name or "") if x)
            hits[p.id] = SearchHit("person", p.id, p.name, where, unit_id=p.unit_id)
    elif kind == "idea":
        ideas = s.execute(
            select(m.Idea, m.Unit.name, m.Unit.lab_id)
            .join(m.Unit, m.Unit.id == m.Idea.unit_id)
            .where(m.Idea.id.in_(ids))
        )
        for i, idea_unit, idea_lab in ideas:
            if idea_lab != lab_id:
                continue
            where = " · ".join((idea_unit, i.status.label))
            hits[i.id] = SearchHit(
                "idea", i.id, i.title or _("(ide tanpa judul)"), where, unit_id=i.unit_id, idea_id=i.id
            )
    else:
        titles = _template_titles()
        entries = s.execute(
            select(m.WorksheetEntry, m.Unit.name, m.Idea.title)
            .join(m.Unit, m.Unit.id == m.WorksheetEntry.unit_id, isouter=True)
            .join(m.Idea, m.Idea.id == m.WorksheetEntry.idea_id, isouter=True)
            .where(m.WorksheetEntry.id.in_(ids))
        )
        for e, entry_unit, idea_title in entries:
            if e.lab_id != lab_id:
                continue
            if (e.unit_id is not None and entry_unit is None) or (
                e.idea_id is not None and idea_title is None
            ):
                continue  # its unit or idea was removed
            title = f"{e.template_code} · {titles.get(e.template_code, '')}".rstrip(" ·")
            place = " · ".join(x for x in (entry_unit or _("seluruh lab"), idea_title or "") if x)
            words_around = snippets.get(e.id) or _snippet(" ".join(texts_of(e.data)), terms)
            hits[e.id] = SearchHit(
                "worksheet",
                e.id,
                f"{title} — {place}",
                words_around,
                unit_id=e.unit_id,
                idea_id=e.idea_id,
                code=e.template_code,
            )
    return [hits[i] for i in ids if i in hits]


def _snippet(body: str, terms: list[str], width: int = 90) -> str:
    """A line of ``body`` around the first word that starts with one of ``terms``."""
    flat = " ".join(body.split())
    low = flat.casefold()
    at = min((i for t in terms if (i := low.find(t)) >= 0), default=0)
    start = max(0, at - width // 3)
    piece = flat[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(flat) else "")
