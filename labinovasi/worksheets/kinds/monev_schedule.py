"""LK-4d: the monev desk schedule. Its settings (days, desks, minutes per unit) and its ``jadwal`` rows
(unit, desk, day, slot, locked) are laid out by ``labinovasi.domain.monev_schedule``; it reads the launch
(LK-4a) to know which units come to the desks. It prints as a timetable per desk and per unit
(labinovasi.reports.monev_schedule_pdf)."""

from __future__ import annotations

from labinovasi.worksheets.codes import LAUNCH, MONEV_SCHEDULE
from labinovasi.worksheets.kinds.base import Kind

ROWS = "jadwal"  # the table of placements
DAYS = "hari"  # the table of days
REVIEWERS = "penelaah"  # the table of reviewers per desk

KIND = Kind("monev_schedule", MONEV_SCHEDULE, sources=(LAUNCH,))
