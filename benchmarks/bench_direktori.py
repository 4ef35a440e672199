"""Benchmark: the Direktori Inovasi of 174 launched innovations, each with a 3-megapixel JPEG photo.

    python benchmarks/bench_direktori.py         # targets: ≤ 30 s, peak memory ≤ 500 MB

A lab of 30 units is made by the app; each innovation gets an LK-4c with a different 2000 × 1500 photo
added to the lab's evidence folder (as the window does), and the LK-4a launch lists all of them. The
Direktori is then printed twice in the same process: the first run makes the print copies of the photos
(each decoded and scaled down once), the second reuses them, as a second print does. Both are reported;
the figure is the first (a region prints its book once). Peak memory is this process's.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repo root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGET_S = 30.0
TARGET_MB = 500
INNOVATIONS = 174
UNITS = 30


def _photo(path: Path, seed: int) -> Path:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (2000, 1500), ((seed * 37) % 255, (seed * 91) % 255, (seed * 53) % 255))
    draw = ImageDraw.Draw(img)
    for k in range(40):  # shapes, so the JPEG has the detail of a photo rather than a flat colour
        x, y = (seed * 131 + k * 97) % 1900, (seed * 71 + k * 53) % 1400
        draw.ellipse((x, y, x + 180, y + 120), fill=((k * 29) % 255, (seed + k * 17) % 255, (k * 7) % 255))
    img.save(path, "JPEG", quality=88)
    return path


def make_lab(folder: Path) -> tuple[object, str]:
    from labinovasi.db.engine import open_database
    from labinovasi.domain.enums import IdeaStatus, UnitType
    from labinovasi.evidence import EvidenceStore
    from labinovasi.ops import spine
    from labinovasi.ops.worksheets import save_worksheet

    db = open_database(f"sqlite:///{(folder / 'lab.sqlite3').as_posix()}")
    lab = spine.create_lab(db, "Laboratorium Inovasi Kabupaten Tolok Ukur", pemda="Kabupaten Tolok Ukur")
    store = EvidenceStore.beside(db.file)
    photos = folder / "foto"
    photos.mkdir()
    ids = []
    units = [
        spine.add_unit(db, lab.id, f"Unit Kerja Nomor {u + 1:02d}", UnitType.DINAS) for u in range(UNITS)
    ]
    for n in range(INNOVATIONS):
        unit = units[n % UNITS]
        idea = spine.add_idea(
            db, unit.id, f"INOVASI {n + 1:03d} — Layanan yang lebih cepat", status=IdeaStatus.LANJUT
        )
        ref = store.add(_photo(photos / f"foto-{n}.jpg", n)).ref
        data = {
            "hasil": "Waktu layanan turun dari lima hari menjadi satu hari kerja. " * 4,
            "indikator": [{"indikator": "Waktu layanan", "sebelum": "5 hari", "sesudah": "1 hari"}],
            "jumlah_penerima_manfaat": 1000 + n,
            "kematangan": "penerapan",
            "bukti": [{"_id": f"f{n}", "jenis": "foto", "uraian": "Kegiatan layanan", "berkas": ref}],
        }
        save_worksheet(db, "LK-4c", data, lab.id, unit.id, idea.id)
        ids.append(str(idea.id))
    save_worksheet(db, "LK-4a", {"tanggal": "2026-11-20", "inovasi": ids}, lab.id)
    return db, str(lab.id)


def bench_direktori() -> dict[str, float]:
    from labinovasi.reports.direktori_pdf import export_direktori

    with tempfile.TemporaryDirectory(prefix="labinovasi-bench-direktori-") as tmp:
        folder = Path(tmp)
        os.environ.setdefault("LABINOVASI_HOME", str(folder / "home"))  # the print copies' folder
        t0 = time.perf_counter()
        db, lab_id = make_lab(folder)
        made = time.perf_counter() - t0
        out = folder / "direktori.pdf"
        start = time.perf_counter()
        export_direktori(db, lab_id, out)  # type: ignore[arg-type]
        first = time.perf_counter() - start
        start = time.perf_counter()
        export_direktori(db, lab_id, out)  # type: ignore[arg-type]
        second = time.perf_counter() - start
        from pypdf import PdfReader

        pages = len(PdfReader(out).pages)
        return {
            "first_s": first,
            "second_s": second,
            "pages": pages,
            "size_mb": out.stat().st_size / 1024 / 1024,
            "make_s": made,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }


if __name__ == "__main__":
    result = bench_direktori()
    print(json.dumps(result, indent=2))
    ok = result["first_s"] <= TARGET_S and result["peak_rss_mb"] <= TARGET_MB
    print(
        f"direktori of {INNOVATIONS} innovations: {result['first_s']:.1f} s (again {result['second_s']:.1f} s), "
        f"{int(result['pages'])} pages, peak {result['peak_rss_mb']:.0f} MB — "
        f"target ≤ {TARGET_S:.0f} s, ≤ {TARGET_MB} MB: {'OK' if ok else 'MISSED'}"
    )
