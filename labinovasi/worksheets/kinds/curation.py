"""LK-2g: the curation of an idea; its decision moves the idea (see labinovasi.ops.effects)."""

from __future__ import annotations

from labinovasi.worksheets.codes import CURATION, IDEA_CARD
from labinovasi.worksheets.kinds.base import Kind

KIND = Kind("curation", CURATION, sources=(IDEA_CARD,))
