"""The two anchors the app's figures are compared with, measured on the same machine in the same run.

* :data:`BARE_WINDOW` — a fresh interpreter that shows an empty PySide6 ``QMainWindow`` and lets the
  event loop turn once: what any Qt window costs before the app does anything.
* :data:`ORM_FLOOR` — the bare window that also imports what any first screen of this app needs before
  it can draw a lab: SQLAlchemy's ORM (the services read the lab through it) and pydantic (the worksheet
  templates are validated with it). No app code: it is the least a start can take, not an anchor.
* :func:`raw_reportlab_pages_per_s` — plain ReportLab (no app code) laying out pages like a plan's
  body pages, in one process on one core: per page a heading, three paragraphs of about 80 words and
  a ruled table of 8 rows × 4 columns of wrapped cells (a full page), in the Liberation Sans the app embeds.
"""

from __future__ import annotations

import io
import random
import time

BARE_WINDOW = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setWindowTitle("anchor")
window.resize(1200, 800)
window.show()
app.processEvents()
def ready():
    print("READY", flush=True)
    app.quit()
QTimer.singleShot(0, ready)
app.exec()
"""

# the same window, and the two libraries the first screen reads its lab and templates with
ORM_FLOOR = BARE_WINDOW.replace(
    "app.processEvents()\n", "app.processEvents()\nimport sqlalchemy.orm, pydantic  # noqa: E401\n", 1
)
assert ORM_FLOOR != BARE_WINDOW

WORDS = (
    "pelayanan publik inovasi daerah masyarakat data digital antrean berkas dinas kecamatan puskesmas "
    "rujukan layanan waktu tunggu pengaduan warga aplikasi formulir verifikasi petugas jadwal target "
    "anggaran kegiatan evaluasi capaian indikator sosialisasi kolaborasi desa kelurahan"
).split()


def raw_reportlab_pages_per_s(pages: int = 120, seed: int = 3) -> tuple[float, int, float]:
    """(pages per second, pages, seconds) of a plain ReportLab build of ``pages`` pages."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from labinovasi.resources import resource_path

    for name, file in (
        ("AnchorSans", "LiberationSans-Regular.ttf"),
        ("AnchorSans-Bold", "LiberationSans-Bold.ttf"),
    ):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", file))))
    body = ParagraphStyle("b", fontName="AnchorSans", fontSize=10, leading=13.5)
    cell = ParagraphStyle("c", fontName="AnchorSans", fontSize=9, leading=11.5)
    head = ParagraphStyle("h", fontName="AnchorSans-Bold", fontSize=13.5, leading=17, spaceAfter=8)
    rng = random.Random(seed)

    def words(n: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(n))

    story = []
    for i in range(pages):
        story.append(Paragraph(f"{i + 1}. {words(5).capitalize()}", head))
        for _ in range(3):
            story += [Paragraph(words(80).capitalize() + ".", body), Spacer(1, 2 * mm)]
        rows = [[Paragraph(words(rng.randint(2, 9)), cell) for _ in range(4)] for _ in range(8)]
        table = Table(rows, colWidths=[40 * mm, 50 * mm, 40 * mm, 40 * mm])
        table.setStyle(
            TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "#8c96a0"), ("VALIGN", (0, 0), (-1, -1), "TOP")])
        )
        story += [table, PageBreak()]
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=18 * mm, bottomMargin=18 * mm
    )
    t0 = time.perf_counter()
    doc.build(story)
    secs = time.perf_counter() - t0
    done = doc.page
    return done / secs, done, secs
