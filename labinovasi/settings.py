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


@dataclass
class Settings:
    schema: int = SCHEMA_VERSION
    language: str = "id"
    paper: str = "a4"
    theme: str = "normal"  # the window's look: "normal" or "large" (high contrast, bigger type)
    # the last lab opened, per database URL, so the window reopens where the user left it
    last_lab: dict[str, str] = field(default_factory=dict)

    def lab_for(self, db_url: str) -> str | None:
        return self.last_lab.get(db_url)

    def remember_lab(self, db_url: str, lab_id: str) -> None:
        self.last_lab[db_url] = lab_id


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
    return s


def save_settings(s: Settings) -> None:
    path = settings_path()
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(s), ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)
