"""LK-2e: the fishbone of a priority problem: categories, causes, whys, root causes."""

from __future__ import annotations

from labinovasi.worksheets.codes import FISHBONE, PROBLEMS
from labinovasi.worksheets.kinds.base import Kind

KIND = Kind("fishbone", FISHBONE, sources=(PROBLEMS,))
