"""LK-4a: the launch of the locus's innovations. Its ``inovasi`` list names the launched ideas; saving it
marks them *diluncurkan* (see labinovasi.ops.effects), and their launch date is this sheet's ``tanggal``."""

from __future__ import annotations

from labinovasi.worksheets.codes import CURATION, LAUNCH
from labinovasi.worksheets.kinds.base import Kind

LAUNCHED = "inovasi"  # the field listing the launched ideas' ids

KIND = Kind("launch", LAUNCH, sources=(CURATION,))
