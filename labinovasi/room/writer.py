"""How the room's saves reach the lab: a writer applies ops, one after another, and says what changed."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Protocol

from labinovasi.db.engine import Database
from labinovasi.ops import Changes, Op, run


class Writer(Protocol):
    def __call__(self, ops: Sequence[Op], device: str, label: str) -> Changes:
        """Apply ``ops`` atomically on behalf of ``device``; raise what the op raised (nothing is kept)."""
        ...


class DirectWriter:
    """Without the window: one lock, so the room's saves are applied one at a time, in order."""

    def __init__(self, db: Database):
        self.db = db
        self._lock = threading.Lock()

    def __call__(self, ops: Sequence[Op], device: str, label: str) -> Changes:
        with self._lock:
            changes, _inverse = run(self.db, *ops, device=device)
        return changes
