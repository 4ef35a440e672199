"""What the room remembers while it is open: the devices that joined, failed codes, locks, the vote.

Nothing here is stored in the lab: a closed room forgets its devices (their sessions end), its failed
attempts and its locks. Closed votes are stored in the lab's settings by the room's web app.
"""

from __future__ import annotations

import secrets
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

# guessing codes: per device (its address) and per unit, within a window of time
DEVICE_TRIES = 5
UNIT_TRIES = 20
TRY_WINDOW_S = 10 * 60
LOCKOUT_S = 5 * 60


@dataclass
class Device:
    """One phone (or laptop browser) that joined with a unit's code."""

    sid: str
    unit_id: uuid.UUID
    name: str
    address: str
    csrf: str
    code: str  # the unit's code it joined with: renewing the code ends the session
    joined_at: float
    last_seen: float
    saves: int = 0


@dataclass
class Vote:
    """A dot vote: which ideas, how many dots each phone gives, named or anonymous, one ballot a phone."""

    id: str
    title: str
    ideas: tuple[tuple[uuid.UUID, str], ...]  # (idea id, label shown) in the order shown
    dots: int = 3
    named: bool = False
    open: bool = True
    ballots: dict[str, dict[uuid.UUID, int]] = field(default_factory=dict)  # voter key → dots per idea
    names: dict[str, str] = field(default_factory=dict)  # voter key → the name typed (named votes)

    def totals(self) -> list[tuple[uuid.UUID, str, int]]:
        """Dots per idea, most first (ties in the order shown)."""
        count = {idea: 0 for idea, _label in self.ideas}
        for ballot in self.ballots.values():
            for idea, n in ballot.items():
                if idea in count:
                    count[idea] += n
        order = {idea: i for i, (idea, _label) in enumerate(self.ideas)}
        rows = [(idea, label, count[idea]) for idea, label in self.ideas]
        return sorted(rows, key=lambda r: (-r[2], order[r[0]]))


class RoomState:
    """Thread-safe: the web app's handlers run on a thread pool, the window reads from the UI thread."""

    def __init__(self, lab_id: uuid.UUID, clock: Callable[[], float] = time.monotonic):
        self.lab_id = lab_id
        self.clock = clock
        self.secret = secrets.token_urlsafe(32)  # signs the cookies; gone when the room closes
        self._lock = threading.RLock()
        self.devices: dict[str, Device] = {}
        self._failures: dict[str, deque[float]] = {}
        self._blocked: dict[str, float] = {}
        self.locked_units: set[uuid.UUID] = set()
        self.locked_sheets: set[str] = set()  # worksheet codes locked for every unit
        self.version = 0  # bumped by a lock or a vote: every page reloads when it moves
        self.unit_versions: dict[uuid.UUID, int] = {}
        self.epoch = 0  # bumped when the lab's units, codes or settings may have changed (caches reread)  # bumped by a write to a unit: its pages reload
        self.canvases: set[uuid.UUID] = set()  # ideas whose canvas (LK-3) a phone updated
        self.vote: Vote | None = None
        self.listeners: list[Callable[[], None]] = []  # told after devices, counts or the vote change

    # --- devices ----------------------------------------------------------------------------------------
    def join(self, unit_id: uuid.UUID, name: str, address: str, code: str) -> Device:
        now = self.clock()
        device = Device(
            secrets.token_urlsafe(24), unit_id, name, address, secrets.token_urlsafe(24), code, now, now
        )
        with self._lock:
            self.devices[device.sid] = device
        self._tell()
        return device

    def device(self, sid: object) -> Device | None:
        if not isinstance(sid, str):
            return None
        with self._lock:
            device = self.devices.get(sid)
            if device is not None:
                device.last_seen = self.clock()
            return device

    def leave(self, sid: str) -> None:
        with self._lock:
            self.devices.pop(sid, None)
        self._tell()

    def end_unit_sessions(self, unit_id: uuid.UUID) -> None:
        """The unit's code was renewed: its phones join again with the new one."""
        with self._lock:
            self.epoch += 1
            for sid in [s for s, d in self.devices.items() if d.unit_id == unit_id]:
                del self.devices[sid]
        self._tell()

    def connected(self, within_s: float = 120.0) -> list[Device]:
        """Devices seen in the last two minutes, most recent first."""
        now = self.clock()
        with self._lock:
            devices = [d for d in self.devices.values() if now - d.last_seen <= within_s]
        return sorted(devices, key=lambda d: -d.last_seen)

    # --- guessing codes ---------------------------------------------------------------------------------
    def blocked_for(self, *keys: str) -> float:
        """Seconds until these keys (a device's address, a unit) may try a code again; 0 when they may."""
        now = self.clock()
        with self._lock:
            return max([self._blocked.get(k, 0.0) - now for k in keys] + [0.0])

    def failed(self, device_key: str, unit_key: str) -> None:
        now = self.clock()
        with self._lock:
            for key, limit in ((device_key, DEVICE_TRIES), (unit_key, UNIT_TRIES)):
                tries = self._failures.setdefault(key, deque())
                tries.append(now)
                while tries and now - tries[0] > TRY_WINDOW_S:
                    tries.popleft()
                if len(tries) >= limit:
                    self._blocked[key] = now + LOCKOUT_S
                    tries.clear()

    def succeeded(self, device_key: str) -> None:
        with self._lock:
            self._failures.pop(device_key, None)

    # --- locks and counts -------------------------------------------------------------------------------
    def is_locked(self, unit_id: uuid.UUID, code: str) -> bool:
        with self._lock:
            return unit_id in self.locked_units or code in self.locked_sheets

    def set_unit_locked(self, unit_id: uuid.UUID, locked: bool) -> None:
        with self._lock:
            (self.locked_units.add if locked else self.locked_units.discard)(unit_id)
        self.bump()

    def set_sheet_locked(self, code: str, locked: bool) -> None:
        with self._lock:
            (self.locked_sheets.add if locked else self.locked_sheets.discard)(code)
        self.bump()

    def bump(self) -> None:
        with self._lock:
            self.version += 1
            self.epoch += 1
        self._tell()

    def saved(self, device: Device, canvas_of: uuid.UUID | None = None) -> None:
        with self._lock:
            device.saves += 1
            if canvas_of is not None:
                self.canvases.add(canvas_of)
            self.unit_versions[device.unit_id] = self.unit_versions.get(device.unit_id, 0) + 1
        self._tell()

    def units_changed(self, unit_ids: set[uuid.UUID | None]) -> None:
        """The facilitator (or anyone else) changed these units' data: their phones reload."""
        with self._lock:
            self.epoch += 1
            for unit in unit_ids:
                if unit is not None:
                    self.unit_versions[unit] = self.unit_versions.get(unit, 0) + 1

    def version_for(self, unit_id: uuid.UUID | None) -> str:
        with self._lock:
            return f"{self.version}.{self.unit_versions.get(unit_id, 0) if unit_id else 0}"

    # --- the vote -------------------------------------------------------------------------------------
    def open_vote(self, title: str, ideas: list[tuple[uuid.UUID, str]], dots: int, named: bool) -> Vote:
        vote = Vote(uuid.uuid4().hex, title, tuple(ideas), max(1, dots), named)
        with self._lock:
            self.vote = vote
            self.version += 1
        self._tell()
        return vote

    def cast(self, vote: Vote, voter: str, dots: dict[uuid.UUID, int], name: str) -> bool:
        """Count a ballot; False when this phone already voted or the vote closed meanwhile."""
        with self._lock:
            if not vote.open or voter in vote.ballots:
                return False
            vote.ballots[voter] = dict(dots)
            if vote.named:
                vote.names[voter] = name
        self._tell()
        return True

    def close_vote(self) -> Vote | None:
        with self._lock:
            vote = self.vote
            if vote is not None:
                vote.open = False
            self.version += 1
        self._tell()
        return vote

    def _tell(self) -> None:
        for listener in list(self.listeners):
            listener()
