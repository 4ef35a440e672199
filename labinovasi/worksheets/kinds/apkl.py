"""LK-2c: the APKL test of each LK-2b problem (columns follow the lab's APKL mode)."""

from __future__ import annotations

from labinovasi.worksheets.codes import APKL, PROBLEMS
from labinovasi.worksheets.kinds.base import Kind

KIND = Kind("apkl", APKL, sources=(PROBLEMS,))
