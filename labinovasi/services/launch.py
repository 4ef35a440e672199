"""The launch of a locus's innovations (LK-4a), read as one frozen record.

What the Berita Acara Peluncuran Inovasi prints, what the launch editor counts, and which units sign a
commitment at the launch all read from :func:`launch_record`: the launched ideas are the ones the LK-4a
sheet lists that still exist, in the order of their units; the launch date is the sheet's ``tanggal``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from labinovasi.db import models as m
from labinovasi.db.engine import Database
from labinovasi.domain.enums import IdeaStatus, UnitType
from labinovasi.i18n import _, ngettext
from labinovasi.services import labs as svc
from labinovasi.services.curation import DESIGN_STATUSES
from labinovasi.services.lab_settings import get_lab_settings
from labinovasi.services.records import LabInfo, UnitInfo
from labinovasi.services.worksheets import load_worksheet
from labinovasi.worksheets.kinds.launch import LAUNCHED
from labinovasi.worksheets.registry import default_registry, field_options

CODE = "LK-4a"
# ideas that may be launched: those Design works on (curated "lanjut", launched or applied already)
LAUNCHABLE = DESIGN_STATUSES


@dataclass(frozen=True)
class LaunchIdea:
    id: uuid.UUID
    title: str
    status: IdeaStatus
    unit_id: uuid.UUID
    unit: str
    unit_type: UnitType


ELECTED = ("bupati", "wali_kota", "gubernur", "wakil_bupati", "wakil_wali_kota", "wakil_gubernur")


@dataclass(frozen=True)
class Signatory:
    title: str  # the post, as printed above the signature
    name: str
    nip: str | None = ""  # None: the post has no NIP (an elected head)


@dataclass(frozen=True)
class LaunchRecord:
    lab: LabInfo
    logo_path: str
    number: str
    date: dt.date | None
    time: str
    place: str
    launcher: Signatory  # who launched (kepala daerah, wakil, sekda …)
    acknowledger: Signatory  # "Mengetahui": the head of the organising unit (Bappeda/BRIDA)
    coach: Signatory  # the LAN coach or facilitator
    witness: str  # another witness, or ""
    agreement: str  # what the unit heads agreed to, or ""
    ideas: tuple[LaunchIdea, ...]  # launched, in the order of their units

    @property
    def unit_count(self) -> int:
        return len({i.unit_id for i in self.ideas})

    @property
    def unit_ids(self) -> list[uuid.UUID]:
        return list(dict.fromkeys(i.unit_id for i in self.ideas))


def launch_summary(ideas: int, units: int) -> str:
    """``176 inovasi dari 86 unit diluncurkan`` (what the launch screen shows)."""
    if not ideas:
        return _("Belum ada inovasi yang diluncurkan")
    return ngettext(
        "{n} inovasi dari {u} unit diluncurkan", "{n} inovasi dari {u} unit diluncurkan", ideas
    ).format(n=ideas, u=units)


def region_name(pemda: str) -> str:
    """``Kabupaten Wanasari`` → ``Wanasari`` (how a head's title names the region)."""
    words = " ".join(pemda.split())
    for prefix in ("Pemerintah ", "Pemkab ", "Pemkot ", "Kabupaten ", "Kota ", "Provinsi "):
        if words.casefold().startswith(prefix.casefold()):
            words = words[len(prefix) :]
    return words


def launcher_title(post: str, pemda: str) -> str:
    """The launcher's post with the region: ``Bupati Wanasari``, ``Sekretaris Daerah Kabupaten Wanasari``."""
    if not post:
        return ""
    template = default_registry().get(CODE)
    label = next(
        (
            o.label
            for f in template.fields
            if f.key == "jabatan_peluncur"
            for o in field_options(f)
            if o.value == post
        ),
        post,
    )
    if post in ("sekda", "pj_kepala_daerah"):
        return f"{label} {pemda}".strip()
    return f"{label} {region_name(pemda)}".strip()


def _organiser(lab: LabInfo, units: list[UnitInfo]) -> Signatory:
    """The head of the organising unit (``lab.organizer``), with the unit head's name and NIP when the
    organiser is one of the lab's units."""
    org = " ".join(lab.organizer.split())
    if not org:
        return Signatory(_("Kepala Bappeda/BRIDA {pemda}").format(pemda=lab.pemda).strip(), "")
    match = svc.organiser_unit(lab, units)
    title = _("Kepala {organiser}").format(organiser=org)
    return Signatory(title, match.head_name, match.head_nip) if match else Signatory(title, "")


def launchable_ideas(db: Database, lab_id: uuid.UUID) -> list[LaunchIdea]:
    """The lab's ideas that may be launched (curated "lanjut", or launched already), unit by unit."""
    with db.session() as s:
        rows = s.execute(
            select(m.Idea.id, m.Idea.title, m.Idea.status, m.Unit.id, m.Unit.name, m.Unit.unit_type)
            .join(m.Unit, m.Idea.unit_id == m.Unit.id)
            .where(m.Unit.lab_id == lab_id, m.Idea.status.in_(LAUNCHABLE))
            .order_by(m.Unit.sort_order, m.Unit.name, m.Idea.sort_order, m.Idea.created_at)
        ).all()
    return [LaunchIdea(*row) for row in rows]


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return " ".join(str(value).split()) if value not in (None, "") else ""


def launch_record(db: Database, lab_id: uuid.UUID | str) -> LaunchRecord:
    """The lab's launch as the LK-4a sheet records it (empty values where nothing was filled yet)."""
    lab = svc.get_lab(db, lab_id)
    settings = get_lab_settings(db, lab.id)
    units = svc.list_units(db, lab.id)
    data = load_worksheet(db, CODE, lab.id).data
    listed = {str(v) for v in data.get(LAUNCHED) or []}
    ideas = tuple(i for i in launchable_ideas(db, lab.id) if str(i.id) in listed)
    try:
        date = dt.date.fromisoformat(str(data.get("tanggal"))) if data.get("tanggal") else None
    except ValueError:
        date = None
    post = _text(data, "jabatan_peluncur")
    launcher = Signatory(
        launcher_title(post, lab.pemda) or _("Kepala Daerah"),
        _text(data, "nama_peluncur"),
        _text(data, "nip_peluncur") or (None if post in ELECTED else ""),
    )
    organiser = _organiser(lab, units)
    acknowledger = Signatory(
        _text(data, "jabatan_mengetahui") or organiser.title,
        _text(data, "nama_mengetahui") or organiser.name,
        _text(data, "nip_mengetahui") or (organiser.nip if not _text(data, "nama_mengetahui") else ""),
    )
    coach = Signatory(
        _("Coach Laboratorium Inovasi"),
        _text(data, "nama_coach") or " ".join(lab.facilitator.split()),
        _text(data, "nip_coach"),
    )
    return LaunchRecord(
        lab=lab,
        logo_path=settings.logo_path,
        number=_text(data, "nomor_berita_acara"),
        date=date,
        time=_text(data, "pukul"),
        place=_text(data, "tempat"),
        launcher=launcher,
        acknowledger=acknowledger,
        coach=coach,
        witness=_text(data, "saksi"),
        agreement=str(data.get("isi_kesepakatan") or "").strip(),
        ideas=ideas,
    )
