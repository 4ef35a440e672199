"""LK-3b: the rencana aksi with its Gantt (milestones drawn on it, and the latest monev period's progress
over the planned bars)."""

from __future__ import annotations

from labinovasi.worksheets.codes import ACTION_PLAN, MILESTONES, MONEV
from labinovasi.worksheets.kinds.base import Kind

KIND = Kind("action_plan", ACTION_PLAN, sources=(MILESTONES, MONEV))
