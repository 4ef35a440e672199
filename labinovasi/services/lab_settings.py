"""A lab's own options (kept in ``Lab.settings``): when commitments are signed, how APKL and USG are
scored, the curation weights, the readiness questionnaire's items and the logo on the plan's cover."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from labinovasi.db import models as m
from labinovasi.db.engine import Database
from labinovasi.domain.scoring import APKL_MODES, USG_MODES, rules
from labinovasi.i18n import _
from labinovasi.services.records import NotFoundError, parse_id

COMMITMENT_MOMENTS = ("drum_up", "launch", "both")
MAX_READINESS_ITEMS = 100


def commitment_moment_label(value: str) -> str:
    return {
        "drum_up": _("Saat Drum-up"),
        "launch": _("Saat launching (Deliver)"),
        "both": _("Saat Drum-up dan saat launching"),
    }[value]


@dataclass(frozen=True)
class ReadinessItem:
    id: str
    dimension: str  # a key of the dimensions in resources/scoring.toml, or the lab's own
    statement: str


def default_readiness_items() -> tuple[ReadinessItem, ...]:
    return tuple(
        ReadinessItem(f"{d.key}_{i}", d.key, _(text))
        for d in rules().readiness_dimensions
        for i, text in enumerate(d.items, start=1)
    )


def default_weights() -> dict[str, float]:
    return {c.key: 1.0 for c in rules().curation_criteria}


@dataclass(frozen=True)
class LabSettings:
    commitment_at: str = "drum_up"
    apkl_mode: str = "ya_tidak"
    usg_mode: str = "jumlah"
    curation_weights: dict[str, float] = field(default_factory=default_weights)
    readiness_items: tuple[ReadinessItem, ...] = field(default_factory=default_readiness_items)
    logo_path: str = ""
    # the participants' room: each unit's 6-digit code (unit id → code), kept until the facilitator renews it
    room_codes: dict[str, str] = field(default_factory=dict)
    # closed dot votes of the room, as stored results (title, when, per idea its dots): one more input to
    # the curation (LK-2g)
    votes: tuple[dict[str, Any], ...] = ()

    @property
    def modes(self) -> dict[str, str]:
        """What ``Template.for_modes`` needs to show a worksheet as this lab scores it."""
        return {"apkl": self.apkl_mode, "usg": self.usg_mode, "komitmen": self.commitment_at}

    def to_json(self) -> dict[str, Any]:
        raw = asdict(self)
        raw["readiness_items"] = [asdict(i) for i in self.readiness_items]
        raw["votes"] = [dict(v) for v in self.votes]
        return raw

    @classmethod
    def from_json(cls, raw: dict[str, Any] | None) -> LabSettings:
        """Read stored settings, falling back to the default for anything missing or unusable."""
        raw = raw if isinstance(raw, dict) else {}
        base = cls()
        changes: dict[str, Any] = {}
        if raw.get("commitment_at") in COMMITMENT_MOMENTS:
            changes["commitment_at"] = raw["commitment_at"]
        if raw.get("apkl_mode") in APKL_MODES:
            changes["apkl_mode"] = raw["apkl_mode"]
        if raw.get("usg_mode") in USG_MODES:
            changes["usg_mode"] = raw["usg_mode"]
        weights = raw.get("curation_weights")
        if isinstance(weights, dict):
            clean = dict(base.curation_weights)
            for k, v in weights.items():
                if k in clean and isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 100:
                    clean[k] = float(v)
            changes["curation_weights"] = clean
        items = raw.get("readiness_items")
        if isinstance(items, list):
            parsed = tuple(
                ReadinessItem(str(i["id"]), str(i["dimension"]), str(i["statement"]))
                for i in items
                if isinstance(i, dict) and {"id", "dimension", "statement"} <= set(i)
            )
            if parsed:
                changes["readiness_items"] = parsed[:MAX_READINESS_ITEMS]
        if isinstance(raw.get("logo_path"), str):
            changes["logo_path"] = raw["logo_path"][:1000]
        codes = raw.get("room_codes")
        if isinstance(codes, dict):
            changes["room_codes"] = {
                str(k): v for k, v in codes.items() if isinstance(v, str) and v.isdigit() and len(v) == 6
            }
        votes = raw.get("votes")
        if isinstance(votes, list):
            changes["votes"] = tuple(
                v for v in votes if isinstance(v, dict) and isinstance(v.get("rows"), list)
            )
        return replace(base, **changes)


def validate_settings(settings: LabSettings) -> None:
    """Raise ``ValueError`` (Indonesian) for settings that cannot be stored."""
    if settings.commitment_at not in COMMITMENT_MOMENTS:
        raise ValueError(_("Waktu penandatanganan komitmen tidak dikenal"))
    if settings.apkl_mode not in APKL_MODES:
        raise ValueError(_("Cara penilaian APKL tidak dikenal"))
    if settings.usg_mode not in USG_MODES:
        raise ValueError(_("Cara menghitung USG tidak dikenal"))
    if any(w < 0 or w > 100 for w in settings.curation_weights.values()):
        raise ValueError(_("Bobot kriteria kurasi harus antara 0 dan 100"))
    if settings.curation_weights and sum(settings.curation_weights.values()) <= 0:
        raise ValueError(_("Setidaknya satu kriteria kurasi harus berbobot lebih dari 0"))
    if not settings.readiness_items:
        raise ValueError(_("Kuesioner kesiapan membutuhkan setidaknya satu butir pernyataan"))
    if len(settings.readiness_items) > MAX_READINESS_ITEMS:
        raise ValueError(_("Kuesioner kesiapan paling banyak {n} butir").format(n=MAX_READINESS_ITEMS))
    ids = [i.id for i in settings.readiness_items]
    if len(set(ids)) != len(ids):
        raise ValueError(_("Dua butir kuesioner kesiapan memakai kode yang sama"))
    for item in settings.readiness_items:
        if not item.statement.strip():
            raise ValueError(_("Butir kuesioner kesiapan tidak boleh kosong"))
        if len(item.statement) > 500:
            raise ValueError(_("Butir kuesioner kesiapan terlalu panjang (maksimal 500 karakter)"))


def get_lab_settings(db: Database, lab_id: uuid.UUID | str) -> LabSettings:
    with db.session() as s:
        lab = s.get(m.Lab, parse_id(lab_id, _("Lab")))
        if lab is None:
            raise NotFoundError(_("Lab dengan id '{id}' tidak ditemukan").format(id=lab_id))
        return LabSettings.from_json(lab.settings)
