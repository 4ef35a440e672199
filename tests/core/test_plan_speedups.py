"""The shortcuts that make a plan faster print exactly what the slow path printed: plain text
without the markup parser, a paragraph wrapped once per width, a kanvas box measured once per size."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from labinovasi.reports.base import DocumentInfo, Para, build, esc, para, plain, style


def line_room(p: Paragraph, width: float) -> list[float]:
    """The room left on each line after wrapping: the same breaks leave the same room, whether the
    parser made one fragment of the text or several (it splits ``&lt;`` into its own)."""
    p.wrap(width, 1e6)
    lines = p.blPara.lines
    room = [line[0] for line in lines] if p.blPara.kind == 0 else [line.extraSpace for line in lines]
    return [round(x, 6) for x in room]


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=120),
    st.sampled_from(["Body", "Cell", "CellHead", "Muted", "H2"]),
    st.floats(min_value=20, max_value=400),
)
def test_plain_text_breaks_into_the_same_lines_as_the_parsed_text(
    text: str, style_name: str, width: float
) -> None:
    fast = para(text, style_name)
    parsed = Paragraph(
        esc(text, style(style_name).fontName), style(style_name)
    )  # a bold style: bold fallback
    assert {(f.fontName, f.fontSize) for f in fast.frags} <= {(f.fontName, f.fontSize) for f in parsed.frags}
    assert "".join(f.text for f in fast.frags).split() == "".join(f.text for f in parsed.frags).split()
    assert fast.wrap(width, 1e6) == parsed.wrap(width, 1e6)
    assert line_room(fast, width) == line_room(parsed, width)


def test_plain_text_prints_markup_characters_literally() -> None:
    text = "Biaya < 5 juta & <b>cepat</b>   dan   &amp; tetap"
    pdf = build([para(text)], DocumentInfo(title="Uji"))
    printed = " ".join((PdfReader(io.BytesIO(pdf)).pages[0].extract_text() or "").split())
    assert "Biaya < 5 juta & <b>cepat</b> dan &amp; tetap" in printed


def test_a_style_made_from_another_gets_its_own_font_size() -> None:
    parent = ParagraphStyle("Induk", parent=style("Cell"), fontSize=11)
    assert plain("teks", parent).frags[0].fontSize == 11
    child = ParagraphStyle("Anak", parent=parent, fontSize=7)  # copies the parent's attributes
    assert plain("teks", child).frags[0].fontSize == 7
    assert plain("teks", parent).frags[0].fontSize == 11


def test_a_paragraph_wrapped_again_at_another_width_is_laid_out_again() -> None:
    p = Para(esc("satu dua tiga empat lima enam tujuh delapan"), style("Body"))
    wide = p.wrap(400, 1e6)
    narrow = p.wrap(40, 1e6)
    assert narrow[1] > wide[1]
    assert p.wrap(400, 1e6) == wide
    assert p.wrap(40, 1e6) == narrow  # as a frame does: wrap, then split at the same width
    parts = p.split(40, narrow[1] / 2)
    assert len(parts) == 2
    assert p.wrap(40, 1e6) == narrow  # split() did not leave it without lines


def test_a_kanvas_box_is_measured_once_per_text_size() -> None:
    from labinovasi.reports import canvas_pdf as cv
    from labinovasi.services.canvas import Block, BoxContent, canvas_boxes

    box = canvas_boxes()[0]
    content = BoxContent(box, (Block("text", "Antrean rujukan panjang dan berkas hilang. " * 30),))
    memo: cv.FitMemo = {}
    roomy = cv._fit(content, 200, 600, 1.0, memo)
    known = dict(memo)
    tight = cv._fit(content, 200, 150, 1.0, memo)  # another height: the sizes measured before are reused
    assert all(memo[k] is known[k] for k in known)
    assert roomy.size > tight.size or tight.cut
    alone = cv._fit(content, 200, 150, 1.0)  # the same answer without the memo
    assert (alone.size, alone.cut, [p.height for p in alone.pieces]) == (
        tight.size,
        tight.cut,
        [p.height for p in tight.pieces],
    )


def _printed(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages).split())


def test_markup_parsed_once_gives_each_paragraph_its_own_fragments() -> None:
    from labinovasi.reports.base import markup

    html = f"<b>{esc('Biaya < 5 juta & cepat')}</b> tetap"
    first, second = markup(html, "Cell"), markup(html, "Cell")
    assert [f.text for f in first.frags] == [f.text for f in second.frags]
    assert all(a is not b for a, b in zip(first.frags, second.frags, strict=True))
    assert markup(html, "Body").frags[0].fontSize == style("Body").fontSize  # the style is in the key
    pdf = build([first, second, markup(html, "Cell")], DocumentInfo(title="Uji"))
    assert _printed(pdf).count("Biaya < 5 juta & cepat tetap") == 3


def test_text_encoded_by_the_fast_path_prints_every_character(monkeypatch) -> None:  # noqa: ANN001
    from reportlab.pdfbase.ttfonts import TTFont

    from labinovasi.reports import base

    # the first lines give the characters their codes; the later ones are encoded from those codes,
    # mixed with characters that are new (accented, a no-break space, a fallback font, an emoji)
    lines = [
        "Antrean rujukan <b> & 5%",
        "Antrean rujukan <b> & 5%",
        "Café déjà vu — 12\u00a0juta",
        "Antrean café déjà",
        "Warga 😀 puas ✓ ok",
        "Antrean 😀 ✓",
    ]

    def pages(pdf: bytes) -> list[bytes]:
        return [p.get_contents().get_data() for p in PdfReader(io.BytesIO(pdf)).pages]  # type: ignore[union-attr]

    fast = build([para(t) for t in lines], DocumentInfo(title="Uji"))
    printed = _printed(fast)
    for t in lines[:4]:  # (the PDF reader cannot map an emoji back to text)
        assert " ".join(t.replace("\u00a0", " ").split()) in printed
    monkeypatch.setattr(
        base._TTFont, "splitString", TTFont.splitString
    )  # ReportLab's own, character by character
    assert pages(build([para(t) for t in lines], DocumentInfo(title="Uji"))) == pages(fast)
