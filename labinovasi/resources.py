"""One accessor for the data files in ``resources/``.

``resources/`` sits beside ``labinovasi/`` both in a checkout and in an installed wheel
(site-packages/resources), so a plain path is found in both cases. ReportLab needs real
font paths, which is why this returns :class:`pathlib.Path` objects and not traversables.
"""

from __future__ import annotations

from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent / "resources"


def resources_dir() -> Path:
    if not _ROOT.is_dir():  # pragma: no cover - a broken install
        raise FileNotFoundError(f"Folder sumber daya tidak ditemukan: {_ROOT}")
    return _ROOT


def resource_path(*parts: str) -> Path:
    """Path of a file under ``resources/``, e.g. ``resource_path("fonts", "LiberationSans-Regular.ttf")``."""
    return resources_dir().joinpath(*parts)
