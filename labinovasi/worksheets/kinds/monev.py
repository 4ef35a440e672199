"""LK-4b: monitoring-evaluasi per idea, repeatable per period ("Monev I", "Monev II" …).

Version 2 keeps the periods as a table and the activity rows of every period in a second table that
names its period (see :mod:`labinovasi.worksheets.monev`); version 1 data (one period per sheet) is read
as the first period. A new period's rows are pre-filled from the idea's rencana aksi (LK-3b) and its
desk and slot from the lab's monev desk schedule (LK-4d). The LK-3b Gantt shows the latest period's
progress over the planned bars; the unit progress report prints one period for a unit
(labinovasi.reports.monev_report_pdf)."""

from __future__ import annotations

from labinovasi.worksheets.codes import ACTION_PLAN, MONEV, MONEV_SCHEDULE
from labinovasi.worksheets.kinds.base import Kind
from labinovasi.worksheets.monev import upgrade_v1

KIND = Kind("monev", MONEV, upgrades={1: upgrade_v1}, sources=(ACTION_PLAN, MONEV_SCHEDULE))
