"""Lab bundles (``.labinovasi``): one lab, or some of its units, in one file to carry to another laptop.

A bundle is a zip archive with

* ``manifest.json`` — the format and its version, the app's version, the lab (id and name), the replica
  and installation it came from, the journal range it covers, the units it holds (all, or a list),
  whether personal data was left out, and each evidence file with its SHA-256 and size;
* ``records.json`` — every record of the lab (or of the chosen units, with the lab's own records),
  tombstones included, each with what its copy has seen (``_sync``: the field stamps and the vector);
* ``berkas/<sha256><suffix>`` — the evidence files the worksheets refer to.

:func:`read_bundle` checks everything before anything is used: the archive (members, sizes, ratio, paths,
links), the manifest, every record's fields and types, duplicate ids, references between records, the
worksheets against their templates. A bundle that fails is refused with one Indonesian sentence
(:class:`BundleError`) and nothing is written anywhere.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import stat
import uuid
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import Date, DateTime, Enum, Integer, String, Text, Uuid, inspect, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.sqltypes import JSON, Boolean

from labinovasi import __version__
from labinovasi.db import models as m
from labinovasi.db.engine import Database
from labinovasi.db.softdelete import INCLUDE_DELETED
from labinovasi.evidence import MAX_BYTES, PREFIX, EvidenceStore, describe_size, is_ref
from labinovasi.i18n import _, format_number
from labinovasi.ops.base import jsonable
from labinovasi.ops.device import device_id
from labinovasi.ops.uow import MODELS
from labinovasi.safezip import MIB, UnsafeZipError, ZipLimits, check_zip
from labinovasi.services.records import NotFoundError, parse_id
from labinovasi.sync.stamps import NOT_FIELDS, replica_id
from labinovasi.worksheets.registry import default_registry
from labinovasi.worksheets.validation import WorksheetValidationError, validated

FORMAT = "labinovasi-bundle"
FORMAT_VERSION = 1
SUFFIX = ".labinovasi"
MANIFEST = "manifest.json"
RECORDS = "records.json"
FILES_DIR = "berkas"
# tables in the order a merge brings them in (each refers only to those before it)
TABLES = (
    "lab",
    "stage_schedule",
    "unit",
    "person",
    "idea",
    "agenda_session",
    "attendance",
    "worksheet_entry",
)
# personal data left out with "tanpa data pribadi"
PRIVATE_FIELDS = {"person": ("nip", "phone", "email"), "unit": ("head_nip",)}
LIMITS = ZipLimits(
    max_members=20_000,
    max_member_bytes=max(
        MAX_BYTES, 200 * MIB
    ),  # records.json of a big lab; evidence is checked against MAX_BYTES
    max_total_bytes=4096 * MIB,
)
_FILE_NAME = re.compile(r"^berkas/([0-9a-f]{64})(\.[a-z0-9]{1,8})?$")


class BundleError(ValueError):
    """A bundle cannot be written or read; ``str(exc)`` is one Indonesian sentence."""


@dataclass(frozen=True)
class BundleFile:
    sha256: str
    name: str
    suffix: str
    size: int

    @property
    def member(self) -> str:
        return f"{FILES_DIR}/{self.sha256}{self.suffix}"


@dataclass
class Bundle:
    """A checked bundle: its manifest and its records (as model values, ready to compare and write)."""

    path: Path
    manifest: dict[str, Any]
    records: dict[str, list[dict[str, Any]]]  # table -> rows of column values (+ "_sync")
    files: list[BundleFile] = field(default_factory=list)

    @property
    def lab_id(self) -> uuid.UUID:
        return uuid.UUID(self.manifest["lab_id"])

    @property
    def lab_name(self) -> str:
        return str(self.manifest.get("lab_name", ""))

    @property
    def replica(self) -> str:
        return str(self.manifest.get("replica", ""))

    @property
    def private_data(self) -> bool:
        return bool(self.manifest.get("private_data", True))

    @property
    def source(self) -> str:
        """Where it came from, for people: "<file> (<device label>, <date>)"."""
        made = str(self.manifest.get("created_at", ""))[:16].replace("T", " ")
        who = str(self.manifest.get("made_by", "")) or str(self.manifest.get("device", ""))[:8]
        return f"{self.path.name} ({who}, {made})"

    def open_file(self, f: BundleFile) -> Iterator[bytes]:
        with zipfile.ZipFile(self.path) as zf, zf.open(f.member) as fh:
            while chunk := fh.read(1024 * 1024):
                yield chunk


# --- values as JSON and back ---------------------------------------------------------------------------


def _columns(table: str) -> dict[str, Any]:
    return {a.key: a.columns[0] for a in inspect(MODELS[table]).column_attrs}


def dump_row(obj: m.Record) -> dict[str, Any]:
    return {key: jsonable(getattr(obj, key)) for key in _columns(obj.__tablename__)}


class _Bad(ValueError):
    pass


def load_value(column: Any, value: Any) -> Any:
    """A JSON value as the column's Python value; :class:`_Bad` when it does not fit."""
    kind = column.type
    if value is None:
        if not column.nullable and not isinstance(kind, JSON):
            raise _Bad
        return None
    try:
        if isinstance(kind, Uuid):
            return uuid.UUID(str(value))
        if isinstance(kind, Enum):
            enum_cls = kind.enum_class
            if enum_cls is None:
                raise _Bad
            return enum_cls(value)
        if isinstance(kind, DateTime):
            parsed = dt.datetime.fromisoformat(str(value))
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
        if isinstance(kind, Date):
            return dt.date.fromisoformat(str(value))
        if isinstance(kind, Boolean):
            if not isinstance(value, bool):
                raise _Bad
            return value
        if isinstance(kind, Integer):
            if isinstance(value, bool) or not isinstance(value, int):
                raise _Bad
            return value
        if isinstance(kind, String | Text):
            if not isinstance(value, str):
                raise _Bad
            if isinstance(kind, String) and kind.length and len(value) > kind.length:
                raise _Bad
            return value
        if isinstance(kind, JSON):
            return value
    except (ValueError, TypeError) as exc:
        raise _Bad from exc
    raise _Bad


# --- writing --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    counts: dict[str, int]
    files: int
    missing_files: int
    units: int


def _refs(value: Any) -> Iterable[str]:
    if is_ref(value):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _refs(v)
    elif isinstance(value, list):
        for v in value:
            yield from _refs(v)


def gather(
    s: Session, lab_id: uuid.UUID, unit_ids: Iterable[uuid.UUID] | None = None
) -> dict[str, list[Any]]:
    """The records of a lab that a bundle holds (tombstones included): all, or the lab's own records and
    those of the chosen units."""
    opts = {INCLUDE_DELETED: True}
    lab = s.get(m.Lab, lab_id, execution_options=opts)
    if lab is None:
        raise NotFoundError(_("Lab dengan id '{id}' tidak ditemukan").format(id=lab_id))
    chosen = set(unit_ids) if unit_ids is not None else None

    def rows(model: type[m.Record], *where: Any) -> list[Any]:
        return list(s.scalars(select(model).where(*where).execution_options(**opts)))

    units = rows(m.Unit, m.Unit.lab_id == lab_id)
    if chosen is not None:
        unknown = chosen - {u.id for u in units}
        if unknown:
            raise NotFoundError(
                _("Unit dengan id '{id}' tidak ditemukan di lab ini").format(id=sorted(map(str, unknown))[0])
            )
        units = [u for u in units if u.id in chosen]
    unit_set = {u.id for u in units}
    people = rows(m.Person, m.Person.lab_id == lab_id)
    people = [p for p in people if p.unit_id is None or p.unit_id in unit_set]
    person_set = {p.id for p in people}
    ideas = rows(m.Idea, m.Idea.unit_id.in_(unit_set)) if unit_set else []
    sessions = rows(m.AgendaSession, m.AgendaSession.lab_id == lab_id)
    session_set = {x.id for x in sessions}
    attendance = (
        [a for a in rows(m.Attendance, m.Attendance.session_id.in_(session_set)) if a.person_id in person_set]
        if session_set
        else []
    )
    e = m.WorksheetEntry
    entries = rows(e, e.lab_id == lab_id, or_(e.unit_id.is_(None), e.unit_id.in_(unit_set)))
    return {
        "lab": [lab],
        "stage_schedule": rows(m.StageSchedule, m.StageSchedule.lab_id == lab_id),
        "unit": units,
        "person": people,
        "idea": ideas,
        "agenda_session": sessions,
        "attendance": attendance,
        "worksheet_entry": entries,
    }


def export_bundle(
    db: Database,
    lab_id: uuid.UUID | str,
    out: Path,
    unit_ids: Iterable[uuid.UUID | str] | None = None,
    private_data: bool = True,
    store: EvidenceStore | None = None,
    made_by: str = "",
) -> ExportSummary:
    """Write the lab (or the chosen units) as a bundle at ``out``; what it holds."""
    lab_uuid = parse_id(lab_id, _("Lab"))
    units = [parse_id(u, _("Unit")) for u in unit_ids] if unit_ids is not None else None
    store = store or EvidenceStore.beside(db.file)
    device = device_id()
    with db.session() as s:
        found = gather(s, lab_uuid, units)
        syncs = {
            (r.table_name, r.record_id): r
            for r in s.scalars(select(m.RecordSync).where(m.RecordSync.lab_id == lab_uuid))
        }
        # records made before stamps existed may have none with their lab id: look them up by id
        replica = replica_id(s, device)
        lab_name = found["lab"][0].name
        records: dict[str, list[dict[str, Any]]] = {}
        refs: dict[str, None] = {}
        for table in TABLES:
            out_rows = []
            for obj in found[table]:
                row = dump_row(obj)
                sync = syncs.get((table, obj.id)) or s.get(m.RecordSync, (table, obj.id))
                stamps = dict(sync.stamps) if sync else {}
                if not private_data:
                    for key in PRIVATE_FIELDS.get(table, ()):
                        row[key] = ""
                        stamps.pop(key, None)
                row["_sync"] = {"vector": dict(sync.vector) if sync else {}, "stamps": stamps}
                out_rows.append(row)
                if table == "worksheet_entry" and obj.deleted_at is None:
                    refs.update(dict.fromkeys(_refs(obj.data)))
            records[table] = out_rows
        counters = list(s.scalars(select(m.JournalEntry.counter).where(m.JournalEntry.lab_id == lab_uuid)))
    files: list[BundleFile] = []
    missing = 0
    for ref in refs:
        info = store.info(ref)
        path = store.path(ref)
        if info is None or path is None:
            missing += 1
            continue
        files.append(BundleFile(info.sha256, info.name, info.suffix, info.size))
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "app_version": __version__,
        "lab_id": str(lab_uuid),
        "lab_name": lab_name,
        "replica": replica,
        "device": device,
        "made_by": made_by,
        "created_at": m.utcnow().isoformat(),
        "units": [str(u) for u in units] if units is not None else None,
        "private_data": private_data,
        "journal": {"from": min(counters, default=0), "to": max(counters, default=0), "count": len(counters)},
        "counts": {t: len(records[t]) for t in TABLES},
        "files": [{"sha256": f.sha256, "name": f.name, "suffix": f.suffix, "size": f.size} for f in files],
    }
    out = Path(out)
    part = out.with_name(out.name + ".part")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(part, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
            zf.writestr(RECORDS, json.dumps(records, ensure_ascii=False, separators=(",", ":")))
            for f in files:
                src = store.path(PREFIX + f.sha256)
                assert src is not None
                zf.write(src, f.member, compress_type=zipfile.ZIP_STORED)  # photos and PDFs: already packed
        part.replace(out)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise BundleError(
            _("Bundel tidak dapat ditulis ke {path}: {err}").format(path=out, err=exc.strerror or exc)
        ) from exc
    return ExportSummary(out, manifest["counts"], len(files), missing, len(records["unit"]))


# --- reading and checking ---------------------------------------------------------------------------------


def _refuse(name: str, why: str) -> BundleError:
    return BundleError(_("Bundel {name} tidak dapat dipakai: {why}").format(name=name, why=why))


def _check_members(zf: zipfile.ZipFile, name: str) -> None:
    try:
        check_zip(zf, name, LIMITS)
    except UnsafeZipError as exc:
        raise BundleError(str(exc)) from exc
    seen: set[str] = set()
    for info in zf.infolist():
        member = info.filename
        path = PurePosixPath(member)
        if (
            "\\" in member
            or ":" in member
            or member.startswith("/")
            or path.is_absolute()
            or ".." in path.parts
            or member in seen
        ):
            raise _refuse(name, _("ada jalur berkas yang tidak aman ({member}).").format(member=member[:80]))
        seen.add(member)
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise _refuse(name, _("ada tautan simbolik di dalamnya ({member}).").format(member=member[:80]))
        if member in (MANIFEST, RECORDS) or info.is_dir() and member.rstrip("/") == FILES_DIR:
            continue
        if not _FILE_NAME.match(member):
            raise _refuse(name, _("ada bagian yang tidak dikenal ({member}).").format(member=member[:80]))
        if info.file_size > MAX_BYTES:
            raise _refuse(
                name,
                _("berkas bukti {member} terlalu besar ({size}; maksimal {limit}).").format(
                    member=member[:80], size=describe_size(info.file_size), limit=describe_size(MAX_BYTES)
                ),
            )


def _json(zf: zipfile.ZipFile, member: str, name: str) -> Any:
    try:
        raw = zf.read(member)
    except KeyError:
        raise _refuse(name, _("bagian {member} tidak ada.").format(member=member)) from None
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise _refuse(name, _("arsipnya rusak.")) from exc
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise _refuse(name, _("bagian {member} rusak (bukan JSON yang sah).").format(member=member)) from exc


def _check_manifest(manifest: Any, name: str) -> dict[str, Any]:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _refuse(name, _("ini bukan bundel Lab Inovasi."))
    version = manifest.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise _refuse(name, _("versi formatnya tidak terbaca."))
    if version > FORMAT_VERSION:
        raise BundleError(
            _(
                "Bundel {name} dibuat oleh versi Lab Inovasi yang lebih baru (format {v}). Perbarui aplikasi "
                "untuk membukanya; tidak ada yang diubah."
            ).format(name=name, v=version)
        )
    try:
        uuid.UUID(str(manifest.get("lab_id")))
    except ValueError:
        raise _refuse(name, _("id labnya tidak sah.")) from None
    if not isinstance(manifest.get("files", []), list):
        raise _refuse(name, _("daftar berkasnya rusak."))
    return manifest


def _check_records(raw: Any, manifest: dict[str, Any], name: str) -> dict[str, list[dict[str, Any]]]:
    if not isinstance(raw, dict) or set(raw) - set(TABLES):
        raise _refuse(name, _("daftar datanya rusak."))
    lab_id = uuid.UUID(str(manifest["lab_id"]))
    registry = default_registry()
    out: dict[str, list[dict[str, Any]]] = {}
    ids: dict[str, set[uuid.UUID]] = {}
    for table in TABLES:
        rows = raw.get(table, [])
        if not isinstance(rows, list):
            raise _refuse(name, _("daftar datanya rusak."))
        columns = _columns(table)
        loaded = []
        seen: set[uuid.UUID] = set()
        for n, row in enumerate(rows, start=1):
            where = _("data {table} ke-{n}").format(table=table, n=format_number(n))
            if not isinstance(row, dict):
                raise _refuse(name, _("{where} rusak.").format(where=where))
            unknown = set(row) - set(columns) - {"_sync"}
            if unknown:
                raise _refuse(
                    name,
                    _("{where} berisi kolom tak dikenal ({col}).").format(
                        where=where, col=sorted(unknown)[0][:40]
                    ),
                )
            values: dict[str, Any] = {}
            for key, column in columns.items():
                if key not in row:
                    if key in ("id",) or (not column.nullable and column.default is None):
                        raise _refuse(
                            name, _("{where} tidak punya kolom {col}.").format(where=where, col=key)
                        )
                    continue
                try:
                    values[key] = load_value(column, row[key])
                except _Bad:
                    raise _refuse(
                        name, _("{where}: nilai kolom {col} tidak sah.").format(where=where, col=key)
                    ) from None
            if values["id"] in seen:
                raise _refuse(name, _("ada id ganda di {table}.").format(table=table))
            seen.add(values["id"])
            values["_sync"] = _check_sync(row.get("_sync"), name, where)
            loaded.append(values)
        ids[table] = seen
        out[table] = loaded
    _check_links(out, ids, lab_id, name)
    for n, row in enumerate(out["worksheet_entry"], start=1):
        _check_worksheet(registry, row, name, n)
    return out


def _check_sync(raw: Any, name: str, where: str) -> dict[str, Any]:
    if raw is None:
        return {"vector": {}, "stamps": {}}
    bad = _refuse(name, _("{where}: catatan sinkronisasinya rusak.").format(where=where))
    if not isinstance(raw, dict):
        raise bad
    vector, stamps = raw.get("vector", {}), raw.get("stamps", {})
    if not isinstance(vector, dict) or not isinstance(stamps, dict):
        raise bad
    for k, v in vector.items():
        if not isinstance(k, str) or isinstance(v, bool) or not isinstance(v, int):
            raise bad
    for k, v in stamps.items():
        if (
            not isinstance(k, str)
            or not isinstance(v, list)
            or len(v) != 3
            or not isinstance(v[0], str)
            or isinstance(v[1], bool)
            or not isinstance(v[1], int)
            or not isinstance(v[2], str)
        ):
            raise bad
    return {"vector": dict(vector), "stamps": {k: list(v) for k, v in stamps.items()}}


def _check_links(
    out: dict[str, list[dict[str, Any]]], ids: dict[str, set[uuid.UUID]], lab_id: uuid.UUID, name: str
) -> None:
    labs = out["lab"]
    if len(labs) != 1 or labs[0]["id"] != lab_id:
        raise _refuse(name, _("data labnya tidak cocok dengan manifesnya."))
    broken = _refuse(name, _("ada data yang merujuk ke data yang tidak ada di bundel."))
    for table in ("stage_schedule", "unit", "person", "agenda_session", "worksheet_entry"):
        if any(r["lab_id"] != lab_id for r in out[table]):
            raise _refuse(name, _("ada data dari lab lain di dalamnya."))
    units = ids["unit"]
    if any(r.get("unit_id") is not None and r["unit_id"] not in units for r in out["person"]):
        raise broken
    if any(r["unit_id"] not in units for r in out["idea"]):
        raise broken
    ideas = ids["idea"]
    if any(r.get("merged_into_id") is not None and r["merged_into_id"] not in ideas for r in out["idea"]):
        for r in out["idea"]:  # merged into an idea of a unit left out of this bundle: not a link here
            if r.get("merged_into_id") not in ideas:
                r["merged_into_id"] = None
    for r in out["attendance"]:
        if r["session_id"] not in ids["agenda_session"] or r["person_id"] not in ids["person"]:
            raise broken
    for r in out["worksheet_entry"]:
        if r.get("unit_id") is not None and r["unit_id"] not in units:
            raise broken
        if r.get("idea_id") is not None and r["idea_id"] not in ideas:
            raise broken


def _check_worksheet(registry: Any, row: dict[str, Any], name: str, n: int) -> None:
    code = row["template_code"]
    where = _("lembar kerja ke-{n} ({code})").format(n=format_number(n), code=str(code)[:16])
    try:
        template = registry.get(code)
    except KeyError:
        raise _refuse(name, _("{where} tidak dikenal aplikasi ini.").format(where=where)) from None
    data = row.get("data")
    if not isinstance(data, dict):
        raise _refuse(name, _("{where}: isinya rusak.").format(where=where))
    if row.get("template_version") == template.version and data:
        try:
            validated(template, data)
        except WorksheetValidationError as exc:
            raise _refuse(
                name,
                _("{where} tidak sesuai dengan templatnya: {why}").format(where=where, why=str(exc)[:200]),
            ) from None


def _check_files(manifest: dict[str, Any], zf: zipfile.ZipFile, name: str) -> list[BundleFile]:
    members = {i.filename: i for i in zf.infolist()}
    files = []
    for raw in manifest.get("files", []):
        bad = _refuse(name, _("daftar berkas buktinya rusak."))
        if not isinstance(raw, dict):
            raise bad
        sha, fname, suffix, size = raw.get("sha256"), raw.get("name"), raw.get("suffix", ""), raw.get("size")
        if (
            not isinstance(sha, str)
            or not re.fullmatch(r"[0-9a-f]{64}", sha)
            or not isinstance(fname, str)
            or not isinstance(suffix, str)
            or not re.fullmatch(r"(\.[a-z0-9]{1,8})?", suffix)
            or isinstance(size, bool)
            or not isinstance(size, int)
        ):
            raise bad
        f = BundleFile(sha, fname[:200], suffix, size)
        info = members.get(f.member)
        if info is None:
            raise _refuse(name, _("berkas bukti {file} tidak ada di dalamnya.").format(file=f.name))
        if info.file_size != size or size > MAX_BYTES:
            raise bad
        files.append(f)
    return files


def read_bundle(path: str | Path) -> Bundle:
    """Open and check a bundle; :class:`BundleError` (one sentence) when it cannot be used."""
    path = Path(path)
    name = path.name
    try:
        if not path.is_file():
            raise BundleError(_("Berkas bundel tidak ditemukan: {name}").format(name=name))
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        if isinstance(exc, BundleError):
            raise
        raise _refuse(name, _("berkasnya bukan arsip bundel atau rusak.")) from exc
    with zf:
        _check_members(zf, name)
        manifest = _check_manifest(_json(zf, MANIFEST, name), name)
        records = _check_records(_json(zf, RECORDS, name), manifest, name)
        files = _check_files(manifest, zf, name)
    return Bundle(path, manifest, records, files)


def import_files(bundle: Bundle, store: EvidenceStore) -> int:
    """Copy the bundle's evidence files into the lab's store (each checked against its hash); how many
    were new there."""
    import tempfile  # noqa: PLC0415

    added = 0
    for f in bundle.files:
        ref = PREFIX + f.sha256
        if store.path(ref) is not None:
            continue
        with tempfile.TemporaryDirectory(prefix="labinovasi-bundel-") as tmp:
            target = Path(tmp) / (Path(f.name).stem[:80] + f.suffix if f.name else f.sha256 + f.suffix)
            digest = hashlib.sha256()
            try:
                with target.open("wb") as fh:
                    for chunk in bundle.open_file(f):
                        digest.update(chunk)
                        fh.write(chunk)
            except (OSError, zipfile.BadZipFile) as exc:
                raise _refuse(bundle.path.name, _("berkas bukti {file} rusak.").format(file=f.name)) from exc
            if digest.hexdigest() != f.sha256:
                raise _refuse(
                    bundle.path.name,
                    _("berkas bukti {file} tidak cocok dengan sidiknya.").format(file=f.name),
                )
            store.add(target)
            added += 1
    return added


def fields_of_table(table: str) -> list[str]:
    return [k for k in _columns(table) if k not in NOT_FIELDS]
