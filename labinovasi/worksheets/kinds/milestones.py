"""LK-3c: milestones, printed with a timeline."""

from __future__ import annotations

from labinovasi.worksheets.codes import MILESTONES
from labinovasi.worksheets.kinds.base import Kind

KIND = Kind("milestones", MILESTONES)
