"""What a poster and the Direktori Inovasi print of each innovation, gathered once for a whole lab.

Each value is taken from the first worksheet that has it, the latest word first: the documentation
(LK-6), the exhibition profile (LK-5a), the results (LK-4c), the canvas (LK-3), the idea card (LK-2f);
the photo is the first photo among the LK-4c evidence that is in the lab's evidence folder (else the
photo file LK-5a names, when it is a usable image).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from labinovasi.db.engine import Database
from labinovasi.domain.enums import IdeaStatus, UnitType
from labinovasi.evidence import EvidenceStore, is_ref
from labinovasi.i18n import _, format_number
from labinovasi.images import image_problem
from labinovasi.services.curation import bulk_objects, lab_entries, lab_ideas, lab_settings_in
from labinovasi.services.idea_board import choice_labels
from labinovasi.services.launch import launch_record
from labinovasi.services.records import parse_id
from labinovasi.worksheets import codes

LAUNCHED = (IdeaStatus.DILUNCURKAN, IdeaStatus.DITERAPKAN)
SHEETS = (codes.DOCUMENTATION, codes.POSTER, codes.RESULTS, codes.CANVAS, codes.IDEA_CARD)


@dataclass(frozen=True)
class Figure:
    """A result in numbers: ``Waktu layanan KTP: 5 hari → 1 hari``."""

    indicator: str
    before: str
    after: str


@dataclass(frozen=True)
class InnovationProfile:
    idea_id: uuid.UUID
    unit_id: uuid.UUID
    title: str
    unit: str
    unit_type: UnitType
    status: IdeaStatus
    problem: str
    solution: str
    benefits: str
    results: str
    figures: tuple[Figure, ...]
    beneficiaries: int | None
    photo: Path | None
    photo_caption: str
    contact: str
    maturity: str  # the label, "" when not recorded
    urusan: str
    bentuk: str
    jenis: str
    launched_on: dt.date | None


def _text(value: Any) -> str:
    if value in (None, "") or isinstance(value, (list, dict)):
        return ""
    return str(value).strip()


def _first(sheets: Mapping[str, Mapping[str, Any]], *sources: tuple[str, str]) -> str:
    for code, key in sources:
        value = _text(sheets.get(code, {}).get(key))
        if value:
            return value
    return ""


def _figures(results: Mapping[str, Any]) -> tuple[Figure, ...]:
    out = []
    for row in results.get("indikator") or []:
        if not isinstance(row, dict):
            continue
        name, before, after = (_text(row.get(k)) for k in ("indikator", "sebelum", "sesudah"))
        if name and (before or after):
            out.append(Figure(name, before, after))
    return tuple(out)


def _photo(
    results: Mapping[str, Any], poster: Mapping[str, Any], store: EvidenceStore
) -> tuple[Path | None, str]:
    for row in results.get("bukti") or []:
        if not isinstance(row, dict) or not is_ref(row.get("berkas")):
            continue
        info = store.info(row["berkas"])
        path = store.path(row["berkas"])
        if info is not None and info.is_image and path is not None:
            return path, _text(row.get("uraian"))
    named = _text(poster.get("berkas_foto"))
    if named and image_problem(named) is None:
        return Path(named).expanduser(), ""
    return None, ""


def _beneficiaries(results: Mapping[str, Any]) -> int | None:
    value = results.get("jumlah_penerima_manfaat")
    return (
        int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0 else None
    )


def innovation_profiles(
    db: Database,
    lab_id: uuid.UUID | str,
    unit_id: uuid.UUID | str | None = None,
    idea_ids: list[uuid.UUID] | None = None,
    statuses: tuple[IdeaStatus, ...] = LAUNCHED,
) -> list[InnovationProfile]:
    """The profiles of the lab's innovations (launched ones unless ``statuses`` says otherwise; only
    ``unit_id``'s or the ``idea_ids`` when given), in the lab's order."""
    lab = parse_id(lab_id, _("Lab"))
    unit = parse_id(unit_id, _("Unit")) if unit_id else None
    store = EvidenceStore.beside(db.file)
    labels = {k: choice_labels(codes.IDEA_CARD, k) for k in ("urusan", "bentuk", "jenis")}
    maturity = choice_labels(codes.RESULTS, "kematangan")
    launch_day = launch_record(db, lab).date
    wanted = set(idea_ids) if idea_ids is not None else None
    with bulk_objects():
        with db.session() as s:
            settings = lab_settings_in(s, lab)
            ideas = [
                i
                for i in lab_ideas(s, lab)
                if (wanted is not None and i.id in wanted)
                or (wanted is None and i.status in statuses and (unit is None or i.unit_id == unit))
            ]
            sheets = {code: lab_entries(s, lab, code, settings) for code in SHEETS} if ideas else {}
    none: dict[str, Any] = {}
    out = []
    for idea in ideas:
        mine = {code: sheets[code].get(idea.key, none) for code in SHEETS}
        doc, poster, results = mine[codes.DOCUMENTATION], mine[codes.POSTER], mine[codes.RESULTS]
        photo, caption = _photo(results, poster, store)
        contact = _first(mine, (codes.POSTER, "kontak")) or " · ".join(
            p for p in (_text(doc.get("kontak_nama")), _text(doc.get("kontak_wa"))) if p
        )
        level = _text(results.get("kematangan")) or _text(doc.get("tahapan_inovasi"))

        def label(key: str, mine: dict[str, Any] = mine) -> str:
            value = _first(mine, (codes.DOCUMENTATION, key), (codes.IDEA_CARD, key))
            return labels[key].get(value, value)

        out.append(
            InnovationProfile(
                idea_id=idea.id,
                unit_id=idea.unit_id,
                title=_first(mine, (codes.DOCUMENTATION, "nama_inovasi"), (codes.POSTER, "nama_inovasi"))
                or idea.title
                or _("(inovasi tanpa judul)"),
                unit=idea.unit_name,
                unit_type=idea.unit_type,
                status=idea.status,
                problem=_first(
                    mine,
                    (codes.POSTER, "masalah"),
                    (codes.DOCUMENTATION, "latar_belakang"),
                    (codes.IDEA_CARD, "masalah"),
                    (codes.CANVAS, "catatan_masalah"),
                ),
                solution=_first(
                    mine,
                    (codes.POSTER, "solusi"),
                    (codes.IDEA_CARD, "deskripsi"),
                    (codes.CANVAS, "catatan_solusi"),
                ),
                benefits=_first(
                    mine,
                    (codes.POSTER, "manfaat"),
                    (codes.DOCUMENTATION, "manfaat"),
                    (codes.IDEA_CARD, "manfaat"),
                ),
                results=_first(
                    mine, (codes.POSTER, "hasil"), (codes.DOCUMENTATION, "hasil"), (codes.RESULTS, "hasil")
                ),
                figures=_figures(results),
                beneficiaries=_beneficiaries(results),
                photo=photo,
                photo_caption=caption,
                contact=contact,
                maturity=maturity.get(level, level),
                urusan=label("urusan"),
                bentuk=label("bentuk"),
                jenis=label("jenis"),
                launched_on=launch_day if idea.status in LAUNCHED else None,
            )
        )
    return out


def beneficiaries_text(n: int | None) -> str:
    return _("{n} penerima manfaat").format(n=format_number(n)) if n is not None else ""
