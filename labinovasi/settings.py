"""User settings, declared once, typed, with a schema version and ordered upgrades.

Stored as JSON in the config folder. Only window geometry lives in QSettings (ui/), as an INI file
in the same folder (:func:`window_state_path`), so ``LABINOVASI_HOME`` covers it too.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from labinovasi import paths

SCHEMA_VERSION = 1
FILE_NAME = "pengaturan.json"
WINDOW_STATE_FILE = "jendela.ini"
RECENT_LIMIT = 8  # Berkas → Buka lab terakhir


@dataclass(frozen=True)
class RecentLab:
    """A lab opened lately: its database (a file, or a server's URL), its id and name, and when."""

    db_url: str
    path: str  # the SQLite file ("" for a server database)
    lab_id: str
    lab_name: str
    opened_at: str  # ISO 8601, local time

    @property
    def missing(self) -> bool:
        """Its file is gone (a USB stick taken out, a file moved)."""
        return bool(self.path) and not Path(self.path).is_file()

    @classmethod
    def parse(cls, raw: object) -> RecentLab | None:
        if not isinstance(raw, dict):
            return None
        try:
            values = {name: raw[name] for name in cls.__dataclass_fields__}
        except KeyError:
            return None
        if not all(isinstance(v, str) for v in values.values()) or not values["db_url"]:
            return None
        return cls(**values)


@dataclass
class Settings:
    schema: int = SCHEMA_VERSION
    language: str = "id"
    paper: str = "a4"
    theme: str = "normal"  # the window's look: "normal" or "large" (high contrast, bigger type)
    # the last lab opened, per database URL, so the window reopens where the user left it
    last_lab: dict[str, str] = field(default_factory=dict)
    # the labs opened lately, newest first (at most RECENT_LIMIT), as RecentLab fields
    recent_labs: list[dict[str, str]] = field(default_factory=list)

    def lab_for(self, db_url: str) -> str | None:
        return self.last_lab.get(db_url)

    def remember_lab(self, db_url: str, lab_id: str) -> None:
        self.last_lab[db_url] = lab_id

    def recent(self) -> list[RecentLab]:
        return [r for r in (RecentLab.parse(raw) for raw in self.recent_labs) if r is not None]

    def remember_recent(self, entry: RecentLab) -> None:
        """Put ``entry`` first; the same lab of the same database is listed once; the oldest go."""
        others = [r for r in self.recent() if (r.db_url, r.lab_id) != (entry.db_url, entry.lab_id)]
        self.recent_labs = [asdict(r) for r in [entry, *others][:RECENT_LIMIT]]

    def forget_recent(self, db_url: str | None = None, lab_id: str | None = None) -> None:
        """Drop one entry (a lab that is gone), or every entry ("Kosongkan daftar")."""
        if db_url is None:
            self.recent_labs = []
            return
        self.recent_labs = [
            asdict(r) for r in self.recent() if (r.db_url, r.lab_id) != (db_url, lab_id or r.lab_id)
        ]


def _upgrade(raw: dict[str, Any]) -> dict[str, Any]:
    version = int(raw.get("schema", 0))
    # ordered upgrades go here: if version < 2: ...; version = 2
    raw["schema"] = max(version, SCHEMA_VERSION)
    return raw


def settings_path() -> Path:
    return paths.config_dir() / FILE_NAME


def window_state_path() -> Path:
    """The INI file of the window's geometry and other Qt state (read and written by ui/ with QSettings)."""
    return paths.config_dir() / WINDOW_STATE_FILE


def load_settings() -> Settings:
    path = settings_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict):
            raise ValueError
    except (OSError, ValueError):
        return Settings()  # missing or damaged: defaults (the file is rewritten on the next save)
    raw = _upgrade(raw)
    known = {k: v for k, v in raw.items() if k in Settings.__dataclass_fields__}
    try:
        s = Settings(**known)
    except TypeError:
        return Settings()
    if s.paper not in ("a4", "f4"):
        s.paper = "a4"
    if s.theme not in ("normal", "large"):
        s.theme = "normal"
    if not isinstance(s.last_lab, dict):
        s.last_lab = {}
    if not isinstance(s.recent_labs, list):
        s.recent_labs = []
    s.recent_labs = [asdict(r) for r in s.recent()][:RECENT_LIMIT]  # damaged entries go
    return s


def save_settings(s: Settings) -> None:
    path = settings_path()
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(s), ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)
