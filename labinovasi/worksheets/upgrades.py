"""Template-version upgrades, applied when stored data is read — by every reader, in the core.

Data keeps the template version it was entered with. A reader that finds an older version passes it
through :func:`upgrade`, which applies the kind's upgrades one version at a time up to the template's
current version. Nothing is written back: the data is stored in the new version the next time it is
saved.
"""

from __future__ import annotations

from typing import Any

from labinovasi.worksheets.kinds import kind_of
from labinovasi.worksheets.registry import TemplateRegistry, default_registry


def needs_upgrade(code: str, version: int | None, registry: TemplateRegistry | None = None) -> bool:
    try:
        template = (registry or default_registry()).get(code)
    except KeyError:
        return False
    return version is not None and version < template.version and bool(kind_of(template).upgrades)


def upgrade(
    code: str, version: int | None, data: dict[str, Any], lab: Any, registry: TemplateRegistry | None = None
) -> dict[str, Any]:
    """``data`` stored with ``version`` of worksheet ``code``, as the current version reads it. ``lab`` is
    the lab's settings (an upgrade may need them, e.g. the readiness items)."""
    if not needs_upgrade(code, version, registry):
        return data
    template = (registry or default_registry()).get(code)
    steps = kind_of(template).upgrades
    current = int(version or 0)
    while current < template.version:
        step = steps.get(current)
        if step is not None:
            data = step(data, lab)
        current += 1
    return data
