"""This installation's id, written once in the data folder; it marks journal rows and tombstones."""

from __future__ import annotations

import os
import uuid
from functools import cache

from labinovasi import paths

_FILE = "perangkat.id"


@cache
def device_id() -> str:
    override = os.environ.get("LABINOVASI_DEVICE")
    if override:
        return override[:64]
    path = paths.data_dir() / _FILE
    try:
        text = path.read_text(encoding="ascii").strip()
        return str(uuid.UUID(text))
    except (OSError, ValueError, UnicodeDecodeError):
        pass
    new = str(uuid.uuid4())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(new + "\n", encoding="ascii")
    except OSError:  # read-only data folder: the id lives as long as the process
        pass
    return new
