"""The pack of blank worksheets for the print shop."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from labinovasi.domain.stages import Stage
from labinovasi.ops.spine import create_lab
from labinovasi.reports.worksheet_pack import PackError, pack_filename, pack_templates, render_worksheet_pack
from labinovasi.services import labs as svc
from labinovasi.services.records import NotFoundError


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def page_text(page) -> str:  # noqa: ANN001
    return " ".join((page.extract_text() or "").split())


def test_pack_templates_are_the_unit_and_idea_worksheets_of_the_stage() -> None:
    codes = [t.code for t in pack_templates([Stage.DIAGNOSE])]
    assert codes[0] == "LK-2a" and "LK-2g" in codes
    assert all(c.startswith("LK-2") for c in codes)
    every = [t.code for t in pack_templates()]
    assert "LK-0" not in every and "LK-4a" not in every  # lab worksheets are the facilitator's, not a unit's
    assert every.index("LK-1") < every.index("LK-2a") < every.index("LK-3")


def test_every_page_names_its_unit_and_worksheet(db, demo_lab) -> None:  # noqa: ANN001
    units = svc.list_units(db, demo_lab.id)[:2]
    pdf = render_worksheet_pack(db, demo_lab.id, [u.id for u in units], [Stage.DESIGN], "a4")
    r = reader(pdf)
    codes = [t.code for t in pack_templates([Stage.DESIGN])]
    outline = r.outline
    assert [o.title for o in outline if not isinstance(o, list)] == [u.name for u in units]
    for children in (o for o in outline if isinstance(o, list)):
        assert [c.title.split(" · ")[0] for c in children] == codes
    seen: list[tuple[str, str]] = []
    for page in r.pages:
        text = page_text(page)
        unit = next(u.name for u in units if u.name in text)
        code = next(c for c in reversed(codes) if f" {c} " in f" {text} ")
        if (unit, code) not in seen:
            seen.append((unit, code))
    assert seen == [(u.name, c) for u in units for c in codes]
    # each unit's sheets number their own pages
    first_of_second = next(i for i, p in enumerate(r.pages) if units[1].name in page_text(p))
    assert page_text(r.pages[first_of_second - 1]).endswith(
        f"Halaman {first_of_second} dari {first_of_second}"
    )
    assert page_text(r.pages[first_of_second]).endswith(f"Halaman 1 dari {len(r.pages) - first_of_second}")


def test_landscape_worksheets_print_on_landscape_pages_of_the_chosen_paper(db, demo_lab) -> None:  # noqa: ANN001
    unit = svc.list_units(db, demo_lab.id)[0]
    r = reader(render_worksheet_pack(db, demo_lab.id, [unit.id], [Stage.DIAGNOSE], "f4"))
    sizes = {
        (round(float(p.mediabox.width) / 72 * 25.4), round(float(p.mediabox.height) / 72 * 25.4))
        for p in r.pages
    }
    assert sizes == {(215, 330), (330, 215)}
    for page in r.pages:
        if "LK-2b · Identifikasi Masalah" in page_text(page):
            assert float(page.mediabox.width) > float(page.mediabox.height)
        if "LK-2a · Kuesioner" in page_text(page):
            assert float(page.mediabox.width) < float(page.mediabox.height)


def test_all_units_by_default_in_the_labs_order(db, demo_lab) -> None:  # noqa: ANN001
    r = reader(render_worksheet_pack(db, demo_lab.id, stages=[Stage.DRUM_UP]))
    assert [o.title for o in r.outline if not isinstance(o, list)] == [
        u.name for u in svc.list_units(db, demo_lab.id)
    ]


def test_a_lab_without_units_or_a_foreign_unit_is_refused(db, demo_lab) -> None:  # noqa: ANN001
    empty = create_lab(db, "Lab kosong")
    with pytest.raises(PackError, match="belum memiliki unit"):
        render_worksheet_pack(db, empty.id)
    unit = svc.list_units(db, demo_lab.id)[0]
    with pytest.raises(NotFoundError, match="tidak ada di lab ini"):
        render_worksheet_pack(db, empty.id, [unit.id])


def test_cancel_and_progress(db, demo_lab) -> None:  # noqa: ANN001
    calls: list[tuple[int, int, str]] = []
    units = svc.list_units(db, demo_lab.id)[:3]
    pdf = render_worksheet_pack(
        db,
        demo_lab.id,
        [u.id for u in units],
        [Stage.DRUM_UP],
        progress=lambda d, t, s: calls.append((d, t, s)),
    )
    assert pdf is not None
    assert [c[:2] for c in calls] == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert render_worksheet_pack(db, demo_lab.id, stages=[Stage.DRUM_UP], cancelled=lambda: True) is None


def test_pack_filename() -> None:
    assert (
        pack_filename("Lab Inovasi Kab. Wanasari", [Stage.DIAGNOSE])
        == "Paket_LK_Diagnose_Lab_Inovasi_Kab_Wanasari.pdf"
    )
    assert pack_filename("Lab").startswith("Paket_LK_Semua_tahap")
