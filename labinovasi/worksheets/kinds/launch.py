"""LK-4a: the launch of the locus's innovations. Its ``inovasi`` list names the launched ideas; saving it
marks them *diluncurkan* (see labinovasi.ops.effects), and their launch date is this sheet's ``tanggal``.
The Berita Acara Peluncuran Inovasi prints from it (labinovasi.reports.berita_acara_pdf)."""

from __future__ import annotations

from typing import Any

from labinovasi.worksheets.codes import CURATION, LAUNCH
from labinovasi.worksheets.kinds.base import Kind

LAUNCHED = "inovasi"  # the field listing the launched ideas' ids


def upgrade_v1(data: dict[str, Any], _lab: Any = None) -> dict[str, Any]:
    """Version 1 had one free text for who launched and two signature names; version 2 names the
    launcher (post, name, NIP), the "Mengetahui" signer, the coach and another witness."""
    out = {k: v for k, v in data.items() if k not in ("diluncurkan_oleh", "ttd_kepala_daerah", "ttd_saksi")}
    launcher = (
        str(data.get("diluncurkan_oleh") or "").strip() or str(data.get("ttd_kepala_daerah") or "").strip()
    )
    if launcher and not out.get("nama_peluncur"):
        out["nama_peluncur"] = launcher
    witness = str(data.get("ttd_saksi") or "").strip()
    if witness and not out.get("saksi"):
        out["saksi"] = witness
    return out


KIND = Kind("launch", LAUNCH, upgrades={1: upgrade_v1}, sources=(CURATION,))
