"""LK-3: the Kanvas Inovasi; problem, root causes and idea are read from Diagnose."""

from __future__ import annotations

from labinovasi.worksheets.codes import CANVAS, FISHBONE, IDEA_CARD, PROBLEMS
from labinovasi.worksheets.kinds.base import Kind

KIND = Kind("canvas", CANVAS, sources=(PROBLEMS, FISHBONE, IDEA_CARD))
