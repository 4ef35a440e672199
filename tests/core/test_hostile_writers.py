"""Every PDF and spreadsheet writer against random hostile text: 100,000-character and 1,000-line values,
markup, control characters, emoji, right-to-left text. Nothing may crash, every PDF embeds only its
own fonts, no spreadsheet cell becomes a formula."""

from __future__ import annotations

import io
import uuid
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from labinovasi.db.engine import Database, open_database
from labinovasi.domain.enums import PersonRole, Scope, UnitType
from labinovasi.domain.text import clean_line, clean_text
from labinovasi.ops import sessions as session_ops
from labinovasi.ops import spine as spine_ops
from labinovasi.ops.worksheets import save_worksheet
from labinovasi.reports.attendance_pdf import render_daftar_hadir
from labinovasi.reports.commitment_pdf import render_commitments
from labinovasi.reports.data import unit_plan_data
from labinovasi.reports.monev_report_pdf import render_monev_report
from labinovasi.reports.readiness_pdf import render_lab_readiness
from labinovasi.reports.rekap_diagnose import render_rekap_diagnose
from labinovasi.reports.rekap_lab import render_rekap_lab
from labinovasi.reports.unit_plan import render_combined_plans, render_unit_plan
from labinovasi.reports.worksheet_pdf import render_blank_worksheet, render_filled_worksheet
from labinovasi.services.importing import plan_import, read_table, rejected_report_csv, rejected_report_xlsx
from labinovasi.services.xlsx_export import export_units_people_xlsx
from labinovasi.spreadsheet import csv_bytes, is_formula_like
from labinovasi.worksheets import monev as mv
from labinovasi.worksheets.registry import default_registry
from labinovasi.worksheets.schema import Field, FieldType, Template
from labinovasi.worksheets.validation import validated

OWN_FONTS = {
    "LiberationSans",
    "LiberationSans-Bold",
    "LiberationSans-Italic",
    "LiberationSans-BoldItalic",
    "DejaVuSans",
    "DejaVuSans-Bold",
    "Symbola",
}

LONG_WORDS = ("kata " * 20_000)[:100_000]
LONG_SOLID = "x" * 100_000
THOUSAND_LINES = "\n".join(f"baris {i} <b>&</b>" for i in range(1000))
MARKUP = '<b>&amp; </para><font name="Helvetica">x</font> <br/> &nbsp; ]]> <img src="/etc/passwd"/>'
CONTROLS = "".join(chr(c) for c in range(32)) + "\x7f\ufffe\uffff"
WORLD = "😀🙂👍🎉🇮🇩 مرحبا بالعالم \u200fשלום\u200e 中文 \u202eterbalik\u202c e\u0301 ﷽"
FORMULA = '=HYPERLINK("http://127.0.0.1/","k")'
LONG = [LONG_WORDS, LONG_SOLID, THOUSAND_LINES]
SHORT = [MARKUP, CONTROLS, WORLD, FORMULA]

# Random short hostile text goes into every field at once. The long values are fixed examples, each
# in one field at a time: laying out a document with a 100,000-character value takes seconds (a
# hundred random ones would take minutes), and in each of its fifty fields at once, minutes.
hostile = st.one_of(
    st.sampled_from(SHORT),
    st.text(max_size=300),  # any code points, controls included
    st.lists(st.sampled_from(SHORT + ["", " ", "\n", "Dinas", "<", "&", "x" * 250]), max_size=4).map("".join),
)
long_or_short = st.one_of(hostile, st.sampled_from(LONG))


def fonts_of(pdf: bytes) -> set[str]:
    """The base names of every font the PDF refers to, on its pages and in their forms."""
    out: set[str] = set()

    def walk(resources: Any) -> None:
        if resources is None:
            return
        resources = resources.get_object()
        for font in (resources.get("/Font") or {}).values():
            out.add(str(font.get_object()["/BaseFont"]).split("+")[-1].lstrip("/"))
        for xobject in (resources.get("/XObject") or {}).values():
            walk(xobject.get_object().get("/Resources"))

    for page in PdfReader(io.BytesIO(pdf)).pages:
        walk(page.get("/Resources"))
    return out


def assert_own_fonts(pdf: bytes) -> None:
    assert pdf.startswith(b"%PDF")
    used = fonts_of(pdf)
    assert used and used <= OWN_FONTS, used - OWN_FONTS


def fill_value(f: Field, text: str) -> Any:
    if f.type in (FieldType.TEXT, FieldType.SIGNATURE):
        return text[: f.max_length or 200] or None
    if f.type is FieldType.PARAGRAPH:
        return text[: f.max_length] if f.max_length else text
    if f.type is FieldType.TABLE:
        row = {
            c.key: fill_value(c, text) for c in f.columns if c.type in (FieldType.TEXT, FieldType.PARAGRAPH)
        }
        return [dict(row), dict(row)]
    return None


def fill(template: Template, text: str, long: str = "", where: int = 0) -> dict[str, Any]:
    """Every text field of ``template`` filled with ``text``; ``long`` (when given) goes into its
    ``where``-th paragraph field."""
    data = {f.key: fill_value(f, text) for f in template.fields}
    roomy = [f for f in template.fields if f.type is FieldType.PARAGRAPH]
    if long and roomy:
        f = roomy[where % len(roomy)]
        data[f.key] = fill_value(f, long)
    return validated(template, {k: v for k, v in data.items() if v is not None})


# --- worksheets: pure renderers ---------------------------------------------------------------------

TEMPLATES = default_registry().all()


def _index(code: str) -> int:
    return next(i for i, t in enumerate(TEMPLATES) if t.code == code)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=hostile, long=st.just(""), index=st.integers(0, len(TEMPLATES) - 1), where=st.integers(0, 20))
@example(text=WORLD, long=THOUSAND_LINES, index=_index("LK-2f"), where=0)
@example(text=MARKUP, long=LONG_SOLID, index=_index("LK-2f"), where=1)
@example(text=CONTROLS, long=LONG_WORDS, index=_index("LK-3a"), where=0)
def test_every_worksheet_prints_hostile_text_filled_and_blank(
    text: str, long: str, index: int, where: int
) -> None:
    template = TEMPLATES[index]
    pdf = render_filled_worksheet(
        template, fill(template, text, long, where), "a4", lab=text, unit=text, idea=text
    )
    assert_own_fonts(pdf)
    assert_own_fonts(render_blank_worksheet(template, "f4", lab=text, unit=text))


# --- documents from the database --------------------------------------------------------------------


@pytest.fixture(scope="module")
def lab_db(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    path = tmp_path_factory.mktemp("hostile") / "lab.sqlite3"
    db = open_database(f"sqlite:///{path.as_posix()}")
    lab = spine_ops.create_lab(
        db,
        "Laboratorium Inovasi Kabupaten Uji 2026",
        pemda="Kabupaten Uji",
        city="Uji",
        facilitator="Dr. Fasil",
    )
    unit = spine_ops.add_unit(db, lab.id, "Dinas Kesehatan", UnitType.DINAS, head_name="dr. Kepala")
    other = spine_ops.add_unit(db, lab.id, "Kecamatan Sidomukti", UnitType.KECAMATAN)
    person = spine_ops.add_person(db, lab.id, "Ani", unit.id, PersonRole.KETUA_TIM, jabatan="Staf")
    session = session_ops.add_session(db, lab.id, "drum_up", "Pembukaan")
    session_ops.set_present(db, session.id, person.id, True)
    idea = spine_ops.add_idea(db, unit.id, "Ide")
    yield db, lab.id, unit.id, other.id, person.id, session.id, idea.id
    db.close()


def line_of(text: str) -> str:
    return clean_line(text)[:200]


LONG_HOMES = ("LK-2f", "LK-3a")  # the idea card, the rancang bangun


def _store(
    db: Database,
    lab_id: uuid.UUID,
    unit_id: uuid.UUID,
    person_id: uuid.UUID,
    session_id: uuid.UUID,
    idea_id: uuid.UUID,
    text: str,
    long: str = "",
) -> None:
    line = clean_line(text)[:200] or "x"
    spine_ops.update_unit(db, unit_id, name=line, head_name=line, address=(long or text)[:2000])
    spine_ops.update_person(db, person_id, name=line, jabatan=(long or text)[:1500])
    session_ops.update_session(db, session_id, title=line, place=line)
    for template in TEMPLATES:
        if template.scope is Scope.LAB:
            continue
        save_worksheet(
            db,
            template.code,
            fill(template, text, long if template.code in LONG_HOMES else ""),
            lab_id,
            unit_id,
            idea_id if template.scope is Scope.IDEA else None,
        )


@settings(deadline=None, max_examples=10, suppress_health_check=[HealthCheck.too_slow])
@given(text=hostile, long=st.just(""))
@example(text=WORLD, long=THOUSAND_LINES)
@example(text=CONTROLS, long="J" * 1500)
def test_every_lab_document_prints_hostile_text(lab_db, text: str, long: str) -> None:  # noqa: ANN001
    db, lab_id, unit_id, other_id, person_id, session_id, idea_id = lab_db
    _store(db, lab_id, unit_id, person_id, session_id, idea_id, text, long)
    data = unit_plan_data(db, lab_id, unit_id)
    assert_own_fonts(render_unit_plan(data, "a4"))
    assert_own_fonts(render_daftar_hadir(db, session_id, "f4"))
    assert_own_fonts(render_commitments(db, lab_id))
    assert_own_fonts(render_lab_readiness(db, lab_id))
    assert_own_fonts(render_rekap_diagnose(db, lab_id))
    assert_own_fonts(render_rekap_lab(db, lab_id, "f4"))
    # a monev period named, noted and reported in hostile text (the filled sheet above has no period ids)
    period = clean_line(text)[:90] or "x"
    plan = [{"_id": "a1", "kegiatan": (long or text)[:1500]}, {"_id": "a2", "kegiatan": line_of(text)}]
    data, pid = mv.add_period({}, plan, name=period, desk=line_of(text), slot=line_of(text))
    data = mv.set_period(data, pid, "catatan_reviewer", long or text)
    data = mv.set_period(data, pid, "reviewer", line_of(text))
    data[mv.ROWS][0] |= {"status": "terkendala", "kendala": text, "tindak_lanjut": long or text}
    save_worksheet(db, "LK-4b", data, lab_id, unit_id, idea_id)
    assert_own_fonts(render_monev_report(db, lab_id, unit_id, period, "f4"))


def test_the_combined_plans_print_a_unit_with_a_thousand_line_value(lab_db) -> None:  # noqa: ANN001
    db, lab_id, unit_id, other_id, person_id, session_id, idea_id = lab_db
    _store(db, lab_id, unit_id, person_id, session_id, idea_id, WORLD, THOUSAND_LINES)
    pdf = render_combined_plans(db, lab_id, "a4")
    assert pdf is not None
    assert_own_fonts(pdf)
    outline = [o.title for o in PdfReader(io.BytesIO(pdf)).outline if not isinstance(o, list)]
    assert "Kecamatan Sidomukti" in outline  # the unit after the long one is printed too


# --- spreadsheets -----------------------------------------------------------------------------------


def _no_formulas(path: Path) -> None:
    with zipfile.ZipFile(path) as z:
        assert not any(b"<f>" in z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))


@settings(deadline=None, max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(text=long_or_short)
@example(text=LONG_SOLID)
@example(text=THOUSAND_LINES)
@example(text=CONTROLS)
@example(text=FORMULA)
def test_every_spreadsheet_writer_takes_hostile_text(
    lab_db, tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:  # noqa: ANN001
    db, lab_id, unit_id, other_id, person_id, session_id, idea_id = lab_db
    line = clean_line(text)[:200] or "x"
    spine_ops.update_unit(db, unit_id, name=line, address=text[:2000])
    spine_ops.update_person(db, person_id, name=line, jabatan=text[:1500])
    out = tmp_path_factory.mktemp("xlsx")
    path = export_units_people_xlsx(db, lab_id, out / "unit.xlsx")
    _no_formulas(path)
    ws = openpyxl.load_workbook(path)["Unit"]
    assert (ws["E2"].value or "") == clean_text(text[:2000])  # the address as stored, control characters gone

    source = out / "peserta.csv"
    source.write_bytes(
        csv_bytes(["Nama", "Unit", "NIP", "Catatan"], [[line, "Dinas Tidak Ada", text[:50], text]])
    )
    table = read_table(source, kind="people")
    plan = plan_import(db, lab_id, table, None, "people")
    assert plan.rejected or plan.problems  # the unit is not in the lab (or the columns were not found)
    _no_formulas(rejected_report_xlsx(plan, out / "ditolak.xlsx"))
    report = rejected_report_csv(plan, out / "ditolak.csv").read_bytes().decode("utf-8-sig")
    for cell in report.replace("\r\n", ";").split(";"):
        assert not is_formula_like(cell.strip('"')) or cell.strip('"').startswith("'")
