"""LK-4c: results and evidence of an innovation. Its ``bukti`` rows hold evidence files as references
into the lab's evidence store (``sha256:…``, see labinovasi.evidence); ``kematangan`` and its dates are
the innovation's maturity, which the idea board and the reports read from here."""

from __future__ import annotations

from labinovasi.worksheets.codes import RESULTS
from labinovasi.worksheets.kinds.base import Kind

EVIDENCE = "bukti"  # the table of evidence rows: jenis, uraian, berkas
MATURITY = "kematangan"
MATURITY_LEVELS = ("inisiatif", "uji_coba", "penerapan")
MATURITY_DATES = {
    "inisiatif": "tanggal_inisiatif",
    "uji_coba": "tanggal_uji_coba",
    "penerapan": "tanggal_penerapan",
}

KIND = Kind("results", RESULTS)
