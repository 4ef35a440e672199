"""LK-5b: the exhibitions (pameran) a lab takes part in, many per lab, with the innovations shown at
each (see :mod:`labinovasi.worksheets.exhibition`); version 1 data (one event per sheet) is read as the
first event. Listed per innovation and per lab, with the replication requests of LK-5c, by
labinovasi.services.display."""

from __future__ import annotations

from labinovasi.worksheets.codes import EXHIBITION
from labinovasi.worksheets.exhibition import upgrade_v1
from labinovasi.worksheets.kinds.base import Kind

KIND = Kind("exhibition", EXHIBITION, upgrades={1: upgrade_v1})
