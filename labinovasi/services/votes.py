"""The room's dot votes as stored with the lab: one more input to the curation (LK-2g)."""

from __future__ import annotations

import uuid

from labinovasi.db.engine import Database
from labinovasi.services.lab_settings import get_lab_settings


def votes_for(db: Database, lab_id: uuid.UUID, idea_id: uuid.UUID) -> list[tuple[str, int, int]]:
    """The stored votes that included an idea: (title, its dots, all dots given)."""
    out = []
    for v in get_lab_settings(db, lab_id).votes:
        rows = [r for r in v.get("rows", []) if isinstance(r, dict)]
        mine = next((r for r in rows if r.get("idea") == str(idea_id)), None)
        if mine is not None:
            total = sum(int(r.get("titik", 0)) for r in rows if isinstance(r.get("titik"), int))
            out.append((str(v.get("judul", "")), int(mine.get("titik", 0)), total))
    return out
