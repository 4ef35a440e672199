"""Every evidence file of a lab (LK-4c) and whether it is still in the lab's evidence folder: the check a
facilitator runs before printing the Direktori or handing over to the IID portal."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from labinovasi.db.engine import Database
from labinovasi.evidence import EvidenceStore, is_ref
from labinovasi.i18n import _
from labinovasi.services.curation import bulk_objects, lab_entries, lab_ideas, lab_settings_in
from labinovasi.services.records import parse_id
from labinovasi.worksheets import codes

PRESENT, MISSING, OUTSIDE = "ada", "hilang", "di_luar"  # OUTSIDE: a path or a link typed by hand


@dataclass(frozen=True)
class EvidenceEntry:
    unit: str
    idea: str
    jenis: str
    uraian: str
    value: str  # the sheet's ``berkas``
    name: str  # the file's name as it was added ("" for a path or link)
    state: str  # PRESENT, MISSING or OUTSIDE

    @property
    def state_label(self) -> str:
        return {PRESENT: _("ada"), MISSING: _("HILANG"), OUTSIDE: _("di luar aplikasi")}[self.state]


def evidence_entries(db: Database, lab_id: uuid.UUID | str) -> list[EvidenceEntry]:
    """Every evidence row of every LK-4c of the lab, in the lab's order, with its file's state."""
    lab = parse_id(lab_id, _("Lab"))
    store = EvidenceStore.beside(db.file)
    with bulk_objects():
        with db.session() as s:
            settings = lab_settings_in(s, lab)
            ideas = lab_ideas(s, lab)
            sheets = lab_entries(s, lab, codes.RESULTS, settings)
    out = []
    for idea in ideas:
        for row in sheets.get(idea.key, {}).get("bukti") or []:
            if not isinstance(row, dict):
                continue
            value = str(row.get("berkas") or "").strip()
            if not value:
                continue
            info = store.info(value) if is_ref(value) else None
            if is_ref(value):
                state = PRESENT if store.path(value) is not None else MISSING
            else:
                state = OUTSIDE
            out.append(
                EvidenceEntry(
                    idea.unit_name,
                    idea.title,
                    str(row.get("jenis") or ""),
                    str(row.get("uraian") or "").strip(),
                    value,
                    info.name if info is not None else "",
                    state,
                )
            )
    return out
