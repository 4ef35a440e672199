"""LK-2e fishbone: the cause tree, edits that must refuse cycles, the shared geometry, and the PDF."""

from __future__ import annotations

import io
import itertools
import tomllib

import pytest
from pypdf import PdfReader

from labinovasi.domain.fishbone import (
    DEFAULT_CATEGORY_NAMES,
    UNCATEGORISED,
    Box,
    CauseCycleError,
    FishboneLayout,
    LayoutStyle,
    build_tree,
    cause_parents,
    default_category_rows,
    layout_fishbone,
    move_cause,
    remove_category,
    remove_causes,
    subtree_ids,
    wrap_text,
)
from labinovasi.domain.scoring import find_cycles
from labinovasi.reports.base import DocumentInfo, build, content_width
from labinovasi.reports.fishbone_pdf import (
    FishboneFlowable,
    blank_body,
    filled_body,
    fishbone_flowable_for,
    frame_height,
)
from labinovasi.resources import resource_path
from labinovasi.worksheets.registry import default_registry
from labinovasi.worksheets.validation import validate

MARKUP = "Biaya < 5 juta & <b>cepat</b>"


def measure(text: str, size: float, bold: bool = False) -> float:
    """A monospace-ish stand-in for a font: every character is 0.55 em (0.6 bold)."""
    return len(text) * size * (0.6 if bold else 0.55)


def fishbone(categories: int = 5, causes: int = 2, depth: int = 0, text: str = "Penyebab {c}.{i}") -> dict:
    cats = [{"_id": f"k{c}", "nama": f"Kategori {c}"} for c in range(categories)]
    rows = []
    for c in range(categories):
        for i in range(causes):
            rows.append(
                {"_id": f"p{c}-{i}", "kategori": f"k{c}", "teks": text.format(c=c, i=i), "akar": i == 0}
            )
            parent = f"p{c}-{i}"
            for d in range(depth):
                rows.append(
                    {
                        "_id": f"{parent}-w",
                        "kategori": f"k{c}",
                        "induk": parent,
                        "teks": f"Mengapa {d}",
                        "akar": False,
                    }
                )
                parent = f"{parent}-w"
    return {"masalah_utama": "Antrean panjang", "kategori": cats, "penyebab": rows}


def demo_fishbones() -> dict[str, dict]:
    with resource_path("demo", "extra", "40_fishbone.toml").open("rb") as fh:
        raw = tomllib.load(fh)
    return {u["name"]: u["worksheets"][0]["data"] for u in raw["units"]}


# --- the tree ----------------------------------------------------------------------------------------


def test_tree_nests_why_answers_under_their_causes_and_numbers_them_depth_first() -> None:
    data = {
        "masalah_utama": "  Antrean\npanjang ",
        "kategori": [{"_id": "a", "nama": "Manusia"}, {"_id": "b", "nama": "Metode"}],
        "penyebab": [
            {"_id": "m1", "kategori": "b", "teks": "Berkas tidak lengkap", "akar": False},
            {"_id": "p1", "kategori": "a", "teks": "Petugas kurang"},
            {"_id": "w1", "kategori": "a", "induk": "p1", "teks": "Formasi tetap"},
            {"_id": "w2", "kategori": "a", "induk": "w1", "teks": "Tidak ada analisis", "akar": True},
            {"_id": "p2", "kategori": "a", "teks": "Pemohon bingung"},
        ],
    }
    tree = build_tree(data)
    assert tree.head == "Antrean panjang"
    assert [c.name for c in tree.categories] == ["Manusia", "Metode"]
    manusia = tree.categories[0]
    assert [c.id for c in manusia.causes] == ["p1", "p2"]
    assert [(n.id, n.depth, n.number) for n in manusia.entries()] == [
        ("p1", 0, 1),
        ("w1", 1, 2),
        ("w2", 2, 3),
        ("p2", 0, 4),
    ]
    assert tree.find("m1").number == 5
    assert [n.id for n in tree.root_causes] == ["w2"]
    assert tree.max_depth == 2
    assert tree.broken_links == ()


def test_empty_data_gives_the_five_default_bones() -> None:
    tree = build_tree({})
    assert tree.defaulted
    assert [c.name for c in tree.categories] == list(DEFAULT_CATEGORY_NAMES)
    assert tree.causes() == []
    rows = default_category_rows(iter(["1", "2", "3", "4", "5"]).__next__)
    assert rows[0] == {"_id": "1", "nama": "Manusia"} and rows[-1]["nama"] == "Lingkungan"


def test_causes_of_a_missing_category_or_parent_are_still_drawn() -> None:
    tree = build_tree(
        {
            "kategori": [{"_id": "a", "nama": "Manusia"}],
            "penyebab": [
                {"_id": "x", "kategori": "gone", "teks": "Kategori sudah dihapus"},
                {"_id": "y", "kategori": "a", "induk": "nobody", "teks": "Induk hilang"},
                {"teks": "Tanpa id", "kategori": "a"},
            ],
        }
    )
    assert [n.id for n in tree.category("a").causes][0] == "y"
    assert len(tree.category("a").causes) == 2  # the row without an id gets a synthetic one
    stray = tree.category(UNCATEGORISED)
    assert stray is not None and stray.name == "Tanpa kategori"
    assert [n.text for n in stray.causes] == ["Kategori sudah dihapus"]


def test_a_cycle_from_an_edited_file_is_detected_and_broken_for_display_only() -> None:
    data = {
        "kategori": [{"_id": "a", "nama": "Manusia"}],
        "penyebab": [
            {"_id": "p1", "kategori": "a", "induk": "p3", "teks": "Satu"},
            {"_id": "p2", "kategori": "a", "induk": "p1", "teks": "Dua"},
            {"_id": "p3", "kategori": "a", "induk": "p2", "teks": "Tiga"},
            {"_id": "p4", "kategori": "a", "induk": "p4", "teks": "Dirinya sendiri"},
        ],
    }
    before = repr(data)
    assert sorted(find_cycles(cause_parents(data["penyebab"]))) == ["p1", "p2", "p3", "p4"]
    tree = build_tree(data)
    assert tree.broken_links == ("p1", "p4")
    assert [(n.id, n.depth) for n in tree.causes()] == [("p1", 0), ("p2", 1), ("p3", 2), ("p4", 0)]
    assert repr(data) == before  # nothing stored is touched


def test_moving_a_cause_under_its_own_answer_is_refused_and_rows_are_untouched() -> None:
    rows = fishbone(2, 1, depth=2)["penyebab"]
    snapshot = repr(rows)
    with pytest.raises(CauseCycleError) as err:
        move_cause(rows, "p0-0", "p0-0-w-w")
    assert "berputar" in str(err.value)
    with pytest.raises(CauseCycleError, match="dirinya sendiri"):
        move_cause(rows, "p0-0", "p0-0")
    assert repr(rows) == snapshot


def test_moving_a_cause_carries_its_answers_to_the_new_category() -> None:
    rows = fishbone(2, 1, depth=1)["penyebab"]
    moved = move_cause(rows, "p0-0", "p1-0")
    by_id = {r["_id"]: r for r in moved}
    assert by_id["p0-0"]["induk"] == "p1-0"
    assert by_id["p0-0"]["kategori"] == by_id["p0-0-w"]["kategori"] == "k1"
    back = {r["_id"]: r for r in move_cause(moved, "p0-0", None, "k0")}
    assert "induk" not in back["p0-0"] and back["p0-0-w"]["kategori"] == "k0"
    assert {r["_id"]: r for r in rows}["p0-0"]["kategori"] == "k0"  # the input is not mutated


def test_removing_a_cause_or_a_category_takes_the_answers_under_it() -> None:
    data = fishbone(2, 2, depth=2)
    assert subtree_ids(data["penyebab"], "p0-0") == ["p0-0", "p0-0-w", "p0-0-w-w"]
    rest = remove_causes(data["penyebab"], "p0-0-w")
    assert {r["_id"] for r in rest} >= {"p0-0", "p0-1"} and "p0-0-w-w" not in {r["_id"] for r in rest}
    out = remove_category(data, "k0")
    assert [c["_id"] for c in out["kategori"]] == ["k1"]
    assert all(r["kategori"] == "k1" for r in out["penyebab"])
    assert len(out["penyebab"]) == 6


# --- text fitting ------------------------------------------------------------------------------------


def test_wrap_text_wraps_at_spaces_only_and_elides() -> None:
    lines, cut = wrap_text("satu dua tiga empat", 56, 10, measure, 5)  # 10 characters a line
    assert lines == ["satu dua", "tiga empat"] and not cut
    lines, cut = wrap_text("x" * 40, 56, 10, measure, 2)  # a word is never split over two lines
    assert lines == ["x" * 9 + "…"] and cut
    lines, cut = wrap_text("Kantor Disdukcapil Wanasari", 56, 10, measure, 5)
    assert lines == ["Kantor", "Disdukcap…", "Wanasari"] and cut  # shortened: the caller may shrink
    for line in lines:
        assert line.endswith("…") or line in "Kantor Disdukcapil Wanasari".split()
    lines, cut = wrap_text("a " * 100_000, 100, 10, measure, 3)
    assert len(lines) == 3 and cut
    assert wrap_text("", 100, 10, measure, 3) == ([""], False)


# --- the layout --------------------------------------------------------------------------------------


def inside(box: Box, layout: FishboneLayout) -> bool:
    return (
        box.x >= -0.01
        and box.y >= -0.01
        and box.right <= layout.width + 0.01
        and box.bottom <= layout.height + 0.01
    )


def check_layout(
    data: dict, width: float = 1000, height: float = 600, style: LayoutStyle | None = None
) -> FishboneLayout:
    """The invariants every drawing keeps: every cause has a box inside the drawing, text boxes of one
    bone never overlap, and no cause text crosses its bone."""
    tree = build_tree(data)
    layout = layout_fishbone(tree, width, height, measure, style)
    drawn = {i for m in layout.causes for i in (m.group or (m.cause_id,))}
    assert drawn == {n.id for n in tree.causes()}
    for mark in layout.causes:
        assert inside(mark.text.box, layout), mark
        assert inside(mark.area, layout)
    by_category: dict[str, list] = {}
    for mark in layout.causes:
        by_category.setdefault(tree.find(mark.cause_id).category_id, []).append(mark)
    for marks in by_category.values():
        for a, b in itertools.combinations(marks, 2):
            assert not a.text.box.intersects(b.text.box), (a.text.lines, b.text.lines)
    for bone in layout.bones:
        assert inside(bone.box, layout)
        b = bone.bone
        for mark in by_category.get(bone.category_id, []):
            box = mark.text.box
            for y in (box.y, box.bottom):  # the bone's x at the text's top and bottom
                t = (y - b.y1) / (b.y2 - b.y1)
                assert box.right <= b.x1 + t * (b.x2 - b.x1) + 0.01
    assert inside(layout.head_box, layout)
    return layout


def test_layout_of_a_typical_fishbone() -> None:
    data = demo_fishbones()["Dinas Kependudukan dan Pencatatan Sipil"]
    layout = check_layout(data)
    assert [b.above for b in layout.bones] == [True, False, True, False, True]  # bones alternate
    assert [b.label.lines for b in layout.bones][0] == ("Manusia",)
    # bones slant toward the head: the outer end is left of where the bone meets the spine
    for bone in layout.bones:
        assert bone.bone.x1 < bone.bone.x2 and bone.bone.y2 == pytest.approx(layout.spine.y1)
        assert bone.bone.x2 < layout.head_box.x
    assert layout.spine.x2 == pytest.approx(layout.head_box.x)
    assert layout.head.lines and " ".join(layout.head.lines).startswith("Antrean panjang")
    assert not layout.numbered and not any(m.elided for m in layout.causes)
    roots = {m.cause_id for m in layout.causes if m.root}
    assert roots == {"dukcapil-p8", "dukcapil-p12"}
    # a "mengapa" rib hangs on a "sub" line that leaves its cause's rib left of the cause's end
    marks = {m.cause_id: m for m in layout.causes}
    why, cause = marks["dukcapil-p2"], marks["dukcapil-p1"]
    assert why.depth == 1 and why.rib.kind == "why" and cause.rib.kind == "rib"
    assert why.rib.y1 > cause.rib.y1  # below its cause
    sub = next(s for s in layout.segments if s.kind == "sub" and s.y1 == pytest.approx(cause.rib.y1))
    assert cause.rib.x1 < sub.x1 < cause.rib.x2
    assert (sub.x2, sub.y2) == (pytest.approx(why.rib.x2), pytest.approx(why.rib.y1))
    # the drawing answers clicks
    box = marks["dukcapil-p8"].text.box
    assert layout.cause_at(box.x + 2, box.y + box.h / 2) == "dukcapil-p8"
    assert layout.cause_at(1, 1) is None


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("no causes", {"masalah_utama": "Kepala"}),
        ("one category", fishbone(1, 3)),
        ("eight categories", fishbone(8, 2)),
        (
            "fifteen causes in one category",
            {
                **fishbone(5, 1),
                "penyebab": fishbone(5, 1)["penyebab"]
                + [
                    {"_id": f"q{i}", "kategori": "k0", "teks": f"Penyebab tambahan {i} di kategori pertama"}
                    for i in range(14)
                ],
            },
        ),
        ("a 300-character cause", fishbone(5, 2, text="kata " * 59 + "akhir")),
        ("emoji and markup", fishbone(5, 2, text="😀 " + MARKUP + " 🎉")),
        ("seven levels of why", fishbone(2, 2, depth=7)),
        ("a 100,000-character head", {**fishbone(3, 1), "masalah_utama": "panjang " * 12_500}),
    ],
)
def test_layout_copes(name: str, data: dict) -> None:
    layout = check_layout(data)
    tree = build_tree(data)
    assert len(layout.bones) == len(tree.categories)
    if name == "fifteen causes in one category":
        assert len(layout.causes) == 19 and not layout.numbered  # written out, one rib each
        assert not any(m.elided for m in layout.causes if tree.find(m.cause_id).category_id == "k0")
    if name == "seven levels of why":
        assert sorted({m.depth for m in layout.causes}) == list(range(8))
        chain = [layout.mark("p0-0" + "-w" * d) for d in range(8)]
        offsets = [layout.bones[0].bone.x2 - m.rib.x2 for m in chain]  # how far left of the spine end
        steps = [b - a for a, b in itertools.pairwise(offsets)]
        assert all(s > 0 for s in steps[:4])  # each answer hangs further left ...
        assert all(s >= 0 for s in steps) and steps[-1] < steps[0]  # ... deeper ones compactly
    if name == "a 300-character cause":
        assert any(m.elided for m in layout.causes)
        assert all(line.endswith("…") for m in layout.causes if m.elided for line in m.text.lines[-1:])
    if name == "emoji and markup":
        assert "<b>cepat</b>" in " ".join(line for m in layout.causes for line in m.text.lines)
    if name == "a 100,000-character head":
        assert layout.head.lines[-1].endswith("…")


def test_a_very_crowded_bone_shows_numbered_ribs_but_stays_a_fishbone() -> None:
    data = fishbone(1, 100)
    layout = check_layout(data, 800, 500)
    assert layout.numbered
    assert len(layout.bones) == 1 and layout.spine.x2 > layout.spine.x1
    labels = [m.text.lines[0] for m in layout.causes]
    assert labels[0].startswith("1") and labels[-1].endswith("100")


def test_layout_in_a_tiny_area_and_in_points_for_paper() -> None:
    check_layout(fishbone(5, 3), 200, 150)
    style = LayoutStyle(
        font_size=8.5, min_font_size=5.5, head_font_size=11, label_font_size=9, margin=3, show_numbers=True
    )
    layout = check_layout(demo_fishbones()["UPTD Puskesmas Karangjati"], 760, 420, style)
    assert layout.causes[0].text.lines[0].startswith("1. ")


def test_blank_skeleton_has_empty_ribs_on_each_default_bone() -> None:
    layout = layout_fishbone(build_tree({}), 800, 450, measure, LayoutStyle(blank_ribs=4))
    assert [b.label.lines[0] for b in layout.bones] == list(DEFAULT_CATEGORY_NAMES)
    kinds = [s.kind for s in layout.segments]
    assert kinds.count("blank") == kinds.count("blank_why") == kinds.count("blank_sub") == 20
    assert layout.head_box.h >= 0.4 * 450 - 0.01  # room to write the problem by hand
    assert layout.causes == [] and layout.head.lines == ()


# --- the PDF -----------------------------------------------------------------------------------------


def render(body: list, paper: str = "a4") -> bytes:
    info = DocumentInfo(
        title="Analisis Akar Masalah",
        lab="Lab Uji",
        unit="Dinas <Uji>",
        code="LK-2e",
        paper=paper,
        landscape=True,
    )
    return build(body, info)


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def page_sizes_mm(pdf: bytes) -> list[tuple[int, int]]:
    return [
        (round(float(p.mediabox.width) / 72 * 25.4), round(float(p.mediabox.height) / 72 * 25.4))
        for p in PdfReader(io.BytesIO(pdf)).pages
    ]


def width_for(paper: str) -> float:
    return content_width(DocumentInfo(title="x", paper=paper, landscape=True))


@pytest.mark.parametrize(("paper", "size"), [("a4", (297, 210)), ("f4", (330, 215))])
def test_filled_pdf_has_the_head_the_bones_and_every_cause(paper: str, size: tuple[int, int]) -> None:
    template = default_registry().get("LK-2e")
    data = demo_fishbones()["Dinas Kependudukan dan Pencatatan Sipil"]
    clean, issues = validate(template, data)
    assert issues == []
    pdf = render(filled_body(template, clean, width_for(paper), None), paper)
    assert set(page_sizes_mm(pdf)) == {size}
    text = pdf_text(pdf)
    assert "waktu tunggu 3–4 jam" in text
    for name in ("Manusia", "Metode", "Material", "Anggaran", "Lingkungan"):
        assert name in text
    for row in data["penyebab"]:
        assert row["teks"] in text, row["teks"]
    assert "Daftar penyebab" in text and "Mengapa dari" in text and "Akar masalah terpilih" in text
    assert "8. Tidak ada pemeriksaan berkas sebelum pemohon datang" in text
    assert "dasar ide SIPANDU" in text


def test_filled_pdf_prints_user_markup_literally_and_survives_emoji() -> None:
    template = default_registry().get("LK-2e")
    data = {
        "masalah_utama": MARKUP,
        "kategori": [{"_id": "a", "nama": "Manusia & <i>Co</i>"}],
        "penyebab": [{"_id": "p", "kategori": "a", "teks": "Petugas <b>kurang</b> 😀", "akar": True}],
        "akar_masalah_terpilih": "Catatan & <u>garis</u>",
    }
    text = pdf_text(render(filled_body(template, data, width_for("a4"), None)))
    assert MARKUP in text
    assert "Manusia & <i>Co</i>" in text
    assert "Petugas <b>kurang</b>" in text
    assert "Catatan & <u>garis</u>" in text


def test_filled_pdf_of_empty_data_and_of_data_with_a_cycle() -> None:
    template = default_registry().get("LK-2e")
    text = pdf_text(render(filled_body(template, {}, width_for("a4"), None)))
    assert "Belum ada penyebab yang dicatat." in text and "Manusia" in text
    data = {
        "kategori": [{"_id": "a", "nama": "Manusia"}],
        "penyebab": [
            {"_id": "p1", "kategori": "a", "induk": "p2", "teks": "Satu"},
            {"_id": "p2", "kategori": "a", "induk": "p1", "teks": "Dua"},
        ],
    }
    text = pdf_text(render(filled_body(template, data, width_for("a4"), None)))
    assert "diputus pada penyebab nomor 1" in text


@pytest.mark.parametrize(("paper", "size"), [("a4", (297, 210)), ("f4", (330, 215))])
def test_blank_pdf_has_the_skeleton_labels_and_room_for_root_causes(
    paper: str, size: tuple[int, int]
) -> None:
    template = default_registry().get("LK-2e")
    pdf = render(blank_body(template, width_for(paper), None), paper)
    assert set(page_sizes_mm(pdf)) == {size}
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 2
    text = pdf_text(pdf)
    for name in DEFAULT_CATEGORY_NAMES:
        assert name in text
    assert "Masalah utama (kepala ikan)" in text
    assert "Akar masalah terpilih" in text and "Masalah prioritas" in text


def test_the_flowable_takes_the_rest_of_the_frame_or_moves_to_a_new_page() -> None:
    tree = build_tree(fishbone(5, 2))
    w = width_for("a4")
    f = FishboneFlowable(tree, w, 400, min_height=250)
    assert f.wrap(w + 100, 500) == (w, 400)
    assert f.wrap(w, 300) == (w, 300)  # enough room left: it shrinks into it
    assert f.wrap(w, 200) == (w, 400)  # too little: asks for its height, so the page breaks
    assert FishboneFlowable(tree).wrap(w, 1000) == (
        w,
        pytest.approx(frame_height(w) - 1),
    )  # never above a page
    assert frame_height(width_for("f4")) == pytest.approx(215 / 25.4 * 72 - (2 * 18 + 12 + 2) / 25.4 * 72)


def test_fishbone_flowable_for_the_unit_plan(db, demo_lab) -> None:  # noqa: ANN001
    from labinovasi.services import labs as svc
    from labinovasi.services.context import WorksheetContext

    units = {u.name: u for u in svc.list_units(db, demo_lab.id)}
    ctx = WorksheetContext(db, demo_lab.id, units["UPTD Puskesmas Karangjati"].id)
    flowable = fishbone_flowable_for(ctx)
    assert isinstance(flowable, FishboneFlowable)
    assert flowable.tree.find("pkm-p8").root
    text = pdf_text(render([flowable]))
    assert "Belum ada pendamping" in text and "Metode" in text
    empty = WorksheetContext(db, demo_lab.id, units["Badan Pendapatan Daerah"].id)
    assert fishbone_flowable_for(empty) is None


def test_filled_pdf_with_a_context_names_the_problem(db, demo_lab) -> None:  # noqa: ANN001
    from labinovasi.services import labs as svc
    from labinovasi.services.context import WorksheetContext

    units = {u.name: u for u in svc.list_units(db, demo_lab.id)}
    ctx = WorksheetContext(db, demo_lab.id, units["Dinas Kependudukan dan Pencatatan Sipil"].id)
    template = ctx.template("LK-2e")
    text = pdf_text(render(filled_body(template, ctx.load("LK-2e"), width_for("a4"), ctx)))
    assert "1. Antrean panjang di kantor dinas" in text


def test_demo_fishbones_are_valid_with_two_root_causes_and_nested_whys(db, demo_lab) -> None:  # noqa: ANN001
    template = default_registry().get("LK-2e")
    for name, data in demo_fishbones().items():
        clean, issues = validate(template, data)
        assert issues == [], name
        tree = build_tree(clean)
        assert len(tree.categories) == 5 and not tree.defaulted
        assert 8 <= len(tree.causes()) <= 14
        assert len(tree.root_causes) == 2
        assert tree.max_depth == 2  # chains of a cause and two "mengapa" answers
        assert tree.broken_links == ()


@pytest.mark.parametrize("paper", ["a4", "f4"])
def test_whole_worksheet_prints_through_the_generic_pipeline(monkeypatch, paper: str) -> None:  # noqa: ANN001
    from labinovasi.reports import fishbone_pdf, worksheet_pdf

    assert worksheet_pdf.print_body(default_registry().get("LK-2e"), "filled") is fishbone_pdf.filled_body
    template = default_registry().get("LK-2e")
    blank = worksheet_pdf.render_blank_worksheet(template, paper, lab="Lab Uji", unit="Dinas <Uji>")
    pages = [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(blank)).pages]
    assert len(pages) == 2 and "Akar masalah terpilih" in pages[0] and "Lingkungan" in pages[1]
    assert all(f"Halaman {i} dari 2" in page for i, page in enumerate(pages, start=1))
    data = demo_fishbones()["UPTD Puskesmas Karangjati"]
    filled = worksheet_pdf.render_filled_worksheet(template, data, paper, lab="Lab Uji", unit="Puskesmas")
    text = pdf_text(filled)
    assert "Ibu hamil risiko tinggi tidak terpantau" in text and "Belum ada pendamping" in text
    assert all(
        len(" ".join((p.extract_text() or "").split())) > 80 for p in PdfReader(io.BytesIO(filled)).pages
    )
