"""LK-3b: the rencana aksi with its Gantt (milestones drawn on it)."""

from __future__ import annotations

from labinovasi.worksheets.codes import ACTION_PLAN, MILESTONES
from labinovasi.worksheets.kinds.base import Kind

KIND = Kind("action_plan", ACTION_PLAN, sources=(MILESTONES,))
