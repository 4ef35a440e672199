"""What every worksheet kind has."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

# an upgrade turns data stored with template version N into version N+1 data; ``lab`` is what the lab's
# settings say (anything with the attributes an upgrade reads, e.g. ``readiness_items``)
Upgrade = Callable[[dict[str, Any], Any], dict[str, Any]]


@dataclass(frozen=True)
class Kind:
    name: str
    code: str = ""  # the worksheet of this kind ("" for the generic kind)
    upgrades: Mapping[int, Upgrade] = field(default_factory=dict)  # from version -> to the next
    sources: tuple[str, ...] = ()  # the worksheets whose data it reads (shown, never copied)


GENERIC = Kind("generic")
