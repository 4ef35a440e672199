"""Pernyataan Komitmen Berinovasi: the statement each unit's head signs, one page per statement.

The wording comes from ``resources/templates/pernyataan_komitmen.txt`` (plain text with placeholders,
rules in the file's header); the values from the unit's LK-1 (head of unit, NIP, target number of ideas,
place, date, the unit's own commitment), falling back to the unit's record and the lab's city. The lab
setting ``commitment_at`` says when it is signed: at Drum-up, at the launch (Deliver), or both — then
every unit gets two statements, one per moment.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from labinovasi.db.engine import Database
from labinovasi.domain.enums import PersonRole
from labinovasi.domain.stages import Stage
from labinovasi.i18n import _, format_date
from labinovasi.reports.base import (
    FONT,
    HEADER_H,
    KOP,
    MARGIN,
    Bookmark,
    DocumentInfo,
    SectionStart,
    build,
    content_width,
    esc,
    paper_size,
    style,
    to_portrait,
)
from labinovasi.reports.common import write_atomically
from labinovasi.reports.letterhead import Signer, format_nip, letterhead, signature_parts, text
from labinovasi.resources import resource_path
from labinovasi.services import labs as svc
from labinovasi.services.lab_settings import get_lab_settings
from labinovasi.services.records import LabInfo, NotFoundError, UnitInfo, parse_id
from labinovasi.services.sessions import stage_defaults
from labinovasi.services.worksheets import load_worksheet

TITLE = "Pernyataan Komitmen Berinovasi"
TEMPLATE_FILE = ("templates", "pernyataan_komitmen.txt")
DOTS = "." * 30  # a value to write in by hand
MOMENTS = ("drum_up", "launch")
Progress = Callable[[int, int, str], None]
MAX_SHRINK = 1.5  # up to this much taller than the page, a statement is scaled down to fit one page
SIGN_HEIGHT = 26 * mm  # the signature blocks; up to SIGN_EXTRA more when the page has room
SIGN_EXTRA = 10 * mm


def moment_phrase(moment: str) -> str:
    """The moment as the statement says it: "pada tahap Drum-up Laboratorium Inovasi"."""
    return {
        "drum_up": _("pada tahap Drum-up Laboratorium Inovasi"),
        "launch": _("pada Launching Inovasi (tahap Deliver)"),
    }[moment]


def moments_for(setting: str) -> tuple[str, ...]:
    """The statements a unit signs for the lab setting ``commitment_at`` (drum_up, launch or both)."""
    return MOMENTS if setting == "both" else (setting,) if setting in MOMENTS else ("drum_up",)


# --- numbers in words ------------------------------------------------------------------------------

_ONES = (
    "nol",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
    "sebelas",
)


def terbilang(n: int) -> str:
    """A whole number in Indonesian words (0–999 999 999): ``12`` → ``dua belas``."""
    if n < 0:
        return "minus " + terbilang(-n)
    if n < 12:
        return _ONES[n]
    if n < 20:
        return f"{_ONES[n - 10]} belas"
    if n < 100:
        tens, rest = divmod(n, 10)
        return f"{_ONES[tens]} puluh" + (f" {_ONES[rest]}" if rest else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = "seratus" if hundreds == 1 else f"{_ONES[hundreds]} ratus"
        return head + (f" {terbilang(rest)}" if rest else "")
    if n < 1_000_000:
        thousands, rest = divmod(n, 1000)
        head = "seribu" if thousands == 1 else f"{terbilang(thousands)} ribu"
        return head + (f" {terbilang(rest)}" if rest else "")
    if n < 1_000_000_000:
        millions, rest = divmod(n, 1_000_000)
        return f"{terbilang(millions)} juta" + (f" {terbilang(rest)}" if rest else "")
    return str(n)


def number_with_words(n: int | None) -> str:
    """``2 (dua)`` as formal letters write a number; dots to fill by hand when there is none."""
    if n is None:
        return "........"
    return f"{n} ({terbilang(n)})" if 0 <= n < 1_000_000_000 else str(n)


# --- the data ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Statement:
    """One statement of one unit at one moment (plain values; no layout)."""

    unit: UnitInfo
    moment: str  # drum_up | launch
    head_name: str
    head_nip: str
    jabatan: str
    target: int | None
    isi_komitmen: str
    place: str
    date: dt.date | None
    # the "Mengetahui" box of the organiser: its role, and the name/NIP when the organiser is a unit of the lab
    organiser_role: str
    organiser_name: str
    organiser_nip: str


@dataclass(frozen=True)
class CommitmentPack:
    lab: LabInfo
    logo_path: str
    statements: list[Statement]


def _iso_date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _organiser(lab: LabInfo, units: list[UnitInfo], unit: UnitInfo) -> tuple[str, str, str]:
    """The organiser's signature box: the head of the unit named in ``lab.organizer`` (e.g. Bapperida);
    the Sekretaris Daerah when there is no organiser or when the unit itself is the organiser."""
    org = " ".join(lab.organizer.split())
    sekda = (
        _("Sekretaris Daerah {pemda}").format(pemda=lab.pemda).strip()
        if lab.pemda
        else _("Sekretaris Daerah")
    )
    if not org:
        return sekda, "", ""
    match = svc.organiser_unit(lab, units)
    if match is not None and match.id == unit.id:
        return sekda, "", ""
    role = _("Kepala {organiser}").format(organiser=org)
    if match is not None:
        return role, match.head_name, match.head_nip
    return role, "", ""


def commitment_data(
    db: Database,
    lab_id: uuid.UUID | str,
    unit_ids: list[uuid.UUID | str] | None = None,
    moment: str | None = None,
) -> CommitmentPack:
    """The statements to print: for each unit (all units of the lab, in their order, or ``unit_ids``),
    one per moment of the lab's ``commitment_at`` setting (or only at ``moment``: drum_up, launch)."""
    lab = svc.get_lab(db, lab_id)
    settings = get_lab_settings(db, lab.id)
    units = svc.list_units(db, lab.id)
    if unit_ids is not None:
        wanted = [parse_id(u, _("Unit")) for u in unit_ids]
        known = {u.id for u in units}
        for u in wanted:
            if u not in known:
                raise NotFoundError(_("Unit dengan id '{id}' tidak ada di lab ini").format(id=u))
        chosen = [u for u in units if u.id in set(wanted)]
    else:
        chosen = units
    if not chosen:
        raise ValueError(_("Belum ada unit untuk dicetak pernyataan komitmennya."))
    launch = load_worksheet(db, "LK-4a", lab.id).data
    drum_up_day = stage_defaults(db, lab.id, Stage.DRUM_UP).date
    city = lab.city or lab.pemda
    statements = []
    for unit in chosen:
        lk1 = load_worksheet(db, "LK-1", lab.id, unit.id).data
        head = next((p for p in svc.list_people(db, unit.id) if p.role is PersonRole.KEPALA_UNIT), None)
        head_name = (
            str(lk1.get("nama_kepala_unit") or "").strip() or unit.head_name or (head.name if head else "")
        )
        head_nip = (
            str(lk1.get("nip_kepala_unit") or "").strip() or unit.head_nip or (head.nip if head else "")
        )
        jabatan = (head.jabatan if head and head.jabatan else "") or _("Kepala {unit}").format(unit=unit.name)
        target = lk1.get("target_jumlah_ide")
        target = int(target) if isinstance(target, (int, float)) and not isinstance(target, bool) else None
        org_role, org_name, org_nip = _organiser(lab, units, unit)
        for when in (moment,) if moment in MOMENTS else moments_for(settings.commitment_at):
            if when == "drum_up":
                place = str(lk1.get("tempat") or "").strip() or city
                date = _iso_date(lk1.get("tanggal")) or drum_up_day
            else:
                place = city
                date = _iso_date(launch.get("tanggal"))
            statements.append(
                Statement(
                    unit,
                    when,
                    head_name,
                    head_nip,
                    jabatan,
                    target,
                    str(lk1.get("isi_komitmen") or "").strip(),
                    place,
                    date,
                    org_role,
                    org_name,
                    org_nip,
                )
            )
    return CommitmentPack(lab, settings.logo_path, statements)


# --- the wording ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """A block of the wording: ``kind`` is ``para``, ``identity`` (label/value rows) or ``list``
    (marker/text items); ``items`` hold the text with placeholders filled in."""

    kind: str
    items: tuple[tuple[str, str], ...]  # para: (("", text),); identity: (label, value); list: (marker, text)


_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_IDENTITY = re.compile(r"^\s*([^:]{1,40}?)\s+:\s*(.*)$")
_ITEM = re.compile(r"^\s*(\d{1,2}|[a-z])[.)]\s+(.*)$")


@cache
def load_template() -> str:
    return resource_path(*TEMPLATE_FILE).read_text(encoding="utf-8")


def statement_values(pack: CommitmentPack, st: Statement) -> dict[str, str]:
    lab = pack.lab
    year = lab.year or (st.date.year if st.date else dt.date.today().year)
    return {
        "unit": st.unit.name,
        "kepala_unit": st.head_name or DOTS,
        "nip": format_nip(st.head_nip) or DOTS,
        "jabatan": st.jabatan,
        "target_ide": number_with_words(st.target),
        "lab": lab.name,
        "pemda": lab.pemda or _("Daerah"),
        "tahun": str(year),
        "momen": moment_phrase(st.moment),
        "isi_komitmen": st.isi_komitmen,
    }


def fill(
    template_text: str, values: dict[str, str], optional: tuple[str, ...] = ("isi_komitmen",)
) -> list[Block]:
    """The blocks of the wording with ``values`` put in. Unknown placeholders stay as written; a block
    that uses an ``optional`` placeholder (``{isi_komitmen}``) is left out when that value is empty."""

    def sub(line: str) -> str:
        return _PLACEHOLDER.sub(lambda mt: values.get(mt.group(1), mt.group(0)), line)

    raw = [
        ln.rstrip()
        for ln in template_text.replace("\r\n", "\n").split("\n")
        if not ln.lstrip().startswith("#")
    ]
    paragraphs: list[list[str]] = [[]]
    for ln in raw:
        if ln.strip():
            paragraphs[-1].append(ln.strip())
        elif paragraphs[-1]:
            paragraphs.append([])
    blocks = []
    for lines in (p for p in paragraphs if p):
        if any("{" + key + "}" in ln and not values.get(key, "").strip() for key in optional for ln in lines):
            continue
        if all(_IDENTITY.match(ln) for ln in lines):
            rows = []
            for ln in lines:
                mt = _IDENTITY.match(ln)
                assert mt is not None
                rows.append((mt.group(1), sub(mt.group(2))))
            blocks.append(Block("identity", tuple(rows)))
        elif _ITEM.match(lines[0]):
            items: list[list[str]] = []
            for ln in lines:
                mt = _ITEM.match(ln)
                if mt:
                    items.append([mt.group(1) + ".", mt.group(2)])
                else:
                    items[-1][1] += " " + ln
            blocks.append(Block("list", tuple((marker, sub(body)) for marker, body in items)))
        else:
            joined = ""
            for ln in lines:
                if joined and not joined.endswith("\n"):
                    joined += " "
                joined += ln + ("\n" if ln.endswith(":") else "")
            blocks.append(Block("para", (("", sub(joined.rstrip("\n"))),)))
    return blocks


# --- the layout -------------------------------------------------------------------------------------


@cache
def _styles() -> dict[str, ParagraphStyle]:
    body = style("Body")
    return {
        "text": ParagraphStyle(
            "KomitmenText", parent=body, fontSize=10.5, leading=14, alignment=TA_JUSTIFY, spaceAfter=2 * mm
        ),
        "item": ParagraphStyle("KomitmenItem", parent=body, fontSize=10.5, leading=14, alignment=TA_JUSTIFY),
        "cell": ParagraphStyle("KomitmenCell", parent=body, fontSize=10.5, leading=13.5),
        "moment": ParagraphStyle(
            "KomitmenMoment",
            parent=body,
            fontSize=9.5,
            leading=12,
            alignment=1,
            textColor=style("Muted").textColor,
        ),
    }


def _plain_table(rows: list[list], widths: list[float]) -> Table:
    t = Table(rows, colWidths=widths, splitInRow=1)
    t.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    t.hAlign = "LEFT"
    return t


def block_flowables(block: Block, width: float) -> list[Flowable]:
    st = _styles()
    if block.kind == "identity":
        indent = 8 * mm
        rows = [
            [
                "",
                Paragraph(esc(label), st["cell"]),
                Paragraph(":", st["cell"]),
                Paragraph(esc(value), st["cell"]),
            ]
            for label, value in block.items
        ]
        return [_plain_table(rows, [indent, 30 * mm, 4 * mm, width - indent - 34 * mm]), Spacer(1, 1.5 * mm)]
    if block.kind == "list":
        rows = [
            [Paragraph(esc(marker), st["item"]), Paragraph(esc(body), st["item"])]
            for marker, body in block.items
        ]
        return [_plain_table(rows, [8 * mm, width - 8 * mm]), Spacer(1, 1.5 * mm)]
    return [Paragraph(esc(block.items[0][1]), st["text"])]


class FitPage(Flowable):
    """Flowables drawn as one block, scaled down evenly (text, tables and signatures alike) when they are
    taller than the page, so a statement never spills a few lines onto a second page."""

    def __init__(self, content: list[Flowable]):
        super().__init__()
        self.content = content
        self.scale = 1.0
        self.natural_height = 0.0
        self._gaps: list[tuple[float, float]] = []

    def measure(self, canv: Any, avail_w: float) -> float:  # a canvas, or None to measure before drawing
        """The height of the content at full size."""
        self._gaps = []
        total, after = 0.0, 0.0
        for i, f in enumerate(self.content):
            _w, h = f.wrapOn(canv, avail_w, 0xFFFFFFF)
            gap = max(after, f.getSpaceBefore()) if i else 0.0
            self._gaps.append((gap, h))
            total += gap + h
            after = f.getSpaceAfter()
        self.natural_height = total
        return total

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width = avail_w
        total = self.measure(self.canv, avail_w)
        self.scale = min(1.0, avail_h / total) if total > 0 else 1.0
        return avail_w, total * self.scale

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.translate(self.width * (1 - self.scale) / 2, 0)
        c.scale(self.scale, self.scale)
        y = self.natural_height
        for f, (gap, h) in zip(self.content, self._gaps, strict=True):
            y -= gap + h
            f.drawOn(c, 0, y)
        c.restoreState()


def _place_date(st: Statement) -> str:
    day = format_date(st.date) if st.date else "." * 36  # no date yet: written by hand when signed
    return f"{st.place}, {day}" if st.place else day


def statement_flowables(
    pack: CommitmentPack, st: Statement, width: float, frame_height: float, template_text: str | None = None
) -> list[Flowable]:
    """One statement: kop, title, the wording, and the signatures — made to fit one page (a little
    shrinking when the unit's own text is long; a very long text flows on to the next page)."""
    lab = pack.lab
    head: list[Flowable] = letterhead(lab, pack.logo_path, width)
    head += [
        text(_("PERNYATAAN KOMITMEN BERINOVASI"), "DocTitle"),
        text(st.unit.name.upper(), "DocSubtitle"),
        Spacer(1, 1 * mm),
        Paragraph(
            esc(moment_phrase(st.moment)[:1].upper() + moment_phrase(st.moment)[1:]), _styles()["moment"]
        ),
        Spacer(1, 3.5 * mm),
    ]
    body: list[Flowable] = []
    for block in fill(
        template_text if template_text is not None else load_template(), statement_values(pack, st)
    ):
        body += block_flowables(block, width)

    def signatures(sign_height: float) -> list[Flowable]:
        return [Spacer(1, 3 * mm)] + signature_parts(
            [
                Signer((st.organiser_role,), st.organiser_name, st.organiser_nip),
                Signer((_("Fasilitator Laboratorium Inovasi"),), lab.facilitator),
                Signer((_place_date(st), _("Yang menyatakan,"), st.jabatan), st.head_name, st.head_nip),
            ],
            width,
            sign_height=sign_height,
            caption=_("Mengetahui,"),
            caption_over=2,
        )

    page = FitPage(head + body + signatures(SIGN_HEIGHT))
    height = page.measure(None, width)
    if height <= frame_height:  # room to spare: give the signatures more of it
        extra = min(SIGN_EXTRA, max(0.0, frame_height - height - 2 * mm))
        return [FitPage(head + body + signatures(SIGN_HEIGHT + extra))] if extra else [page]
    if height <= frame_height * MAX_SHRINK:
        return [page]
    # a very long text of the unit's own: let it flow on, the closing sentence kept with the signatures
    return head + body[:-1] + [KeepTogether(body[-1:] + signatures(SIGN_HEIGHT))]


class _Cancelled(Exception):
    pass


class _Progress(Flowable):
    """Takes no room; when laid out, reports how many statements are done and stops the build if asked to."""

    def __init__(
        self,
        done: int,
        total: int,
        text: str,
        progress: Progress | None,
        cancelled: Callable[[], bool] | None,
    ):
        super().__init__()
        self.args = (done, total, text)
        self.progress = progress
        self.cancelled = cancelled

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise _Cancelled
        if self.progress is not None:
            self.progress(*self.args)


def commitment_story(
    pack: CommitmentPack,
    info: DocumentInfo,
    template_text: str | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[Flowable]:
    width = content_width(info)
    frame_height = paper_size(info.paper)[1] - 2 * MARGIN - HEADER_H - 2 * mm - 1
    story: list[Flowable] = []
    previous: uuid.UUID | None = None
    both = len({s.moment for s in pack.statements}) > 1
    for n, st in enumerate(pack.statements, start=1):
        if story:
            story += [NextPageTemplate(KOP), PageBreak()]
        story.append(to_portrait())  # each statement opens with the kop; a page it flows on to has a header
        if progress is not None or cancelled is not None:  # at the top of the page: it never moves
            story.append(_Progress(n - 1, len(pack.statements), st.unit.name, progress, cancelled))
        if st.unit.id != previous:
            story += [Bookmark(st.unit.name, 0), SectionStart()]  # each unit numbers its own pages
            previous = st.unit.id
        if both:
            story.append(Bookmark(moment_phrase(st.moment)[:1].upper() + moment_phrase(st.moment)[1:], 1))
        story += statement_flowables(pack, st, width, frame_height, template_text)
    return story


def render_commitments(
    db: Database,
    lab_id: uuid.UUID | str,
    unit_ids: list[uuid.UUID | str] | None = None,
    paper: str = "a4",
    moment: str | None = None,
) -> bytes:
    """The Pernyataan Komitmen of one or more units (all when ``unit_ids`` is ``None``) as PDF bytes; each
    statement starts on a new page, and the PDF outline has an entry per unit. ``moment`` prints only the
    statements of that moment (``launch``: for the units whose innovations were launched)."""
    pack = commitment_data(db, lab_id, unit_ids, moment)
    single = pack.statements[0].unit.name if len({s.unit.id for s in pack.statements}) == 1 else ""
    info = DocumentInfo(
        title=_(TITLE), lab=pack.lab.name, unit=single, paper=paper, subject=_(TITLE), kop=True
    )
    return build(commitment_story(pack, info), info)


def export_commitments(
    db: Database,
    lab_id: uuid.UUID | str,
    out: Path,
    unit_ids: list[uuid.UUID | str] | None = None,
    paper: str = "a4",
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path | None:
    """Write the statements to ``out`` (replaced only when the PDF is complete), for a task runner:
    ``progress(done, total, unit)`` as each statement is started (``unit``) and at the end, ``cancelled()``
    checked before each statement.
    Returns ``None`` (and writes nothing) when cancelled."""
    pack = commitment_data(db, lab_id, unit_ids)
    single = pack.statements[0].unit.name if len({s.unit.id for s in pack.statements}) == 1 else ""
    info = DocumentInfo(
        title=_(TITLE), lab=pack.lab.name, unit=single, paper=paper, subject=_(TITLE), kop=True
    )
    try:
        pdf = build(commitment_story(pack, info, progress=progress, cancelled=cancelled), info)
    except _Cancelled:
        return None
    write_atomically(out, pdf)
    if progress is not None:
        progress(len(pack.statements), len(pack.statements), "")
    return out


def render_launch_commitments(db: Database, lab_id: uuid.UUID | str, paper: str = "a4") -> bytes:
    """The statements signed at the launch by every unit with a launched innovation (LK-4a)."""
    from labinovasi.services.launch import launch_record  # noqa: PLC0415

    units = launch_record(db, lab_id).unit_ids
    if not units:
        raise ValueError(_("Belum ada inovasi yang diluncurkan: centang inovasinya di LK-4a dulu."))
    return render_commitments(db, lab_id, list(units), paper, moment="launch")


def commitment_filename(unit_name: str | None = None) -> str:
    """``Pernyataan_Komitmen_Dinas_Kesehatan.pdf``, or ``Pernyataan_Komitmen_semua_unit.pdf``."""
    if not unit_name:
        return "Pernyataan_Komitmen_semua_unit.pdf"
    safe = "".join(ch if ch.isalnum() or ch in " -_" else " " for ch in unit_name)
    return f"Pernyataan_Komitmen_{'_'.join(safe.split())[:60] or 'unit'}.pdf"
