"""LK-2d: the USG scores of the problems that pass APKL, ranked as they are typed."""

from __future__ import annotations

from labinovasi.worksheets.codes import APKL, PROBLEMS, USG
from labinovasi.worksheets.kinds.base import Kind

KIND = Kind("usg", USG, sources=(PROBLEMS, APKL))
