"""Each unit's 6-digit room code, stored in the lab's settings so that a printed code sheet stays valid
from one day of the lab to the next until the facilitator renews a code."""

from __future__ import annotations

import secrets
import uuid

from labinovasi.db.engine import Database
from labinovasi.ops.spine import settings_change
from labinovasi.room.writer import Writer
from labinovasi.services.lab_settings import get_lab_settings
from labinovasi.services.labs import list_units

# codes people guess first are never handed out
_WEAK = {"000000", "123456", "654321", "111111", "121212", "112233", "123123"}


def new_code(taken: set[str]) -> str:
    while True:
        code = f"{secrets.randbelow(1_000_000):06d}"
        if code not in taken and code not in _WEAK and len(set(code)) > 1:
            return code


def unit_codes(db: Database, lab_id: uuid.UUID) -> dict[uuid.UUID, str]:
    """The codes of the lab's units as stored (units without one are left out)."""
    stored = get_lab_settings(db, lab_id).room_codes
    return {u.id: stored[str(u.id)] for u in list_units(db, lab_id) if str(u.id) in stored}


def ensure_codes(db: Database, lab_id: uuid.UUID, writer: Writer, device: str) -> dict[uuid.UUID, str]:
    """Give every unit that has none a code (one write); return every unit's code."""
    settings = get_lab_settings(db, lab_id)
    codes = dict(settings.room_codes)
    units = list_units(db, lab_id)
    missing = [u for u in units if str(u.id) not in codes]
    if missing:
        taken = set(codes.values())
        for unit in missing:
            codes[str(unit.id)] = new_code(taken)
            taken.add(codes[str(unit.id)])
        _new, op = settings_change(db, lab_id, room_codes=codes)
        writer([op], device, "kode ruang peserta")
    return {u.id: codes[str(u.id)] for u in units}


def renew_code(db: Database, lab_id: uuid.UUID, unit_id: uuid.UUID, writer: Writer, device: str) -> str:
    """A new code for one unit (the old one stops working)."""
    settings = get_lab_settings(db, lab_id)
    codes = dict(settings.room_codes)
    codes[str(unit_id)] = new_code(set(codes.values()))
    _new, op = settings_change(db, lab_id, room_codes=codes)
    writer([op], device, "kode baru")
    return codes[str(unit_id)]


def code_sheet(
    db: Database, lab_id: uuid.UUID, url: str, writer: Writer, device: str, paper: str = "a4"
) -> bytes:
    """The printed code cards of every unit (codes given first to units that have none)."""
    from labinovasi.reports.room_codes_pdf import UnitCode, render_room_codes  # noqa: PLC0415
    from labinovasi.services.labs import get_lab  # noqa: PLC0415

    codes = ensure_codes(db, lab_id, writer, device)
    units = [UnitCode(str(u.id), u.name, codes[u.id]) for u in list_units(db, lab_id)]
    return render_room_codes(get_lab(db, lab_id).name, url, units, paper)
