"""Evidence files (LK-4c): checked, stored once per content beside the lab file, described, thumbnailed,
printed with their photos (turned as the camera meant) and a clear box for a file gone missing; every
bad file gets one Indonesian sentence and stores nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfReader

from labinovasi.domain.enums import IdeaStatus
from labinovasi.evidence import MAX_BYTES, EvidenceError, EvidenceStore, is_ref, safe_name
from labinovasi.ops import spine as spine_ops
from labinovasi.ops.worksheets import save_worksheet
from labinovasi.reports.worksheet_pdf import render_filled_worksheet
from labinovasi.services import labs as svc
from labinovasi.services.context import WorksheetContext
from labinovasi.worksheets.registry import default_registry


def photo(path: Path, size: tuple[int, int] = (2000, 1500), orientation: int = 1) -> Path:
    img = Image.new("RGB", size, (40, 120, 200))
    for x in range(0, size[0], 100):  # some detail, so the JPEG is not trivially small
        img.paste((250, 200, 30), (x, 0, x + 20, size[1]))
    exif = Image.Exif()
    exif[0x0112] = orientation
    img.save(path, "JPEG", quality=85, exif=exif.tobytes())
    return path


def pdf_file(path: Path, pages: int = 3) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    for n in range(pages):
        c.drawString(100, 700, f"SK Bupati halaman {n + 1}")
        c.showPage()
    c.save()
    return path


@pytest.fixture
def store(tmp_path: Path) -> EvidenceStore:
    return EvidenceStore.beside(tmp_path / "lab.sqlite3")


def test_a_photo_is_stored_once_with_what_it_is(store: EvidenceStore, tmp_path: Path) -> None:
    src = photo(tmp_path / "Foto launching.JPG")
    first = store.add(src)
    again = store.add(photo(tmp_path / "salinan.jpg"))  # the same pixels, another name
    assert first.sha256 == again.sha256 and is_ref(first.ref)
    assert store.root == tmp_path / "lab-berkas"
    files = [p for p in store.root.rglob("*") if p.is_file() and p.suffix == ".jpg"]
    assert len(files) == 1 and files[0].read_bytes() == src.read_bytes()
    info = store.info(first.ref)
    assert info is not None and info.name == "Foto launching.JPG" and info.media_type == "image/jpeg"
    assert (info.width, info.height) == (2000, 1500) and info.size == src.stat().st_size
    thumb = store.thumbnail(first.ref)
    assert thumb is not None and max(Image.open(thumb).size) == 256


def test_a_rotated_camera_photo_is_turned_as_the_camera_meant(store: EvidenceStore, tmp_path: Path) -> None:
    info = store.add(photo(tmp_path / "hp.jpg", (1600, 1200), orientation=6))
    assert (info.width, info.height) == (1200, 1600)
    thumb = store.thumbnail(info.ref)
    assert thumb is not None
    w, h = Image.open(thumb).size
    assert h > w  # portrait, as it was taken


def test_a_pdf_is_listed_with_its_pages(store: EvidenceStore, tmp_path: Path) -> None:
    info = store.add(pdf_file(tmp_path / "SK Penetapan.pdf", 3))
    assert info.is_pdf and info.pages == 3 and store.thumbnail(info.ref) is None


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: p.write_text("bukan foto", encoding="utf-8"), "bukan gambar PNG atau JPEG"),
        (lambda p: Image.new("1", (13000, 13000)).save(p, "PNG"), "terlalu besar"),
        (lambda p: p.write_bytes(b""), "kosong"),
    ],
    ids=["text-named-jpg", "decompression-bomb", "empty"],
)
def test_bad_files_are_refused_plainly(store: EvidenceStore, tmp_path: Path, make, expected: str) -> None:  # noqa: ANN001
    bad = tmp_path / "foto.jpg"
    make(bad)
    with pytest.raises(EvidenceError) as refused:
        store.add(bad)
    assert expected in str(refused.value) and "Traceback" not in str(refused.value)
    assert not store.root.exists() or not any(store.root.rglob("*.jpg"))


def test_a_long_video_is_refused_before_it_is_read(store: EvidenceStore, tmp_path: Path) -> None:
    video = tmp_path / "video launching.mp4"
    with video.open("wb") as fh:  # 200 MB without writing them: a sparse file
        fh.truncate(200 * 1024 * 1024)
    with pytest.raises(EvidenceError, match="terlalu besar"):
        store.add(video)
    assert MAX_BYTES < 200 * 1024 * 1024


def test_a_store_that_cannot_be_written_says_so(tmp_path: Path) -> None:
    blocker = tmp_path / "bukan-folder"
    blocker.write_text("x", encoding="utf-8")
    store = EvidenceStore(blocker / "berkas")  # a file where the folder would go: like a read-only disk
    with pytest.raises(EvidenceError, match="tidak dapat disimpan ke folder bukti lab"):
        store.add(pdf_file(tmp_path / "a.pdf", 1))


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../rahasia/../foto.jpg", "foto.jpg"),
        ("C:\\Users\\x\\SK:01.pdf", "SK:01.pdf"),
        ("日本語 фото.png", "日本語 фото.png"),
    ],
)
def test_file_names_are_shown_safely(name: str, shown: str) -> None:
    assert safe_name(name) == shown


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_any_name_becomes_a_plain_name(name: str) -> None:
    shown = safe_name(name)
    assert shown and len(shown) <= 150 and "/" not in shown and "\\" not in shown
    assert not any(ord(ch) < 32 for ch in shown)


def test_lk4c_prints_its_photos_pdfs_and_a_missing_file(db, demo_lab, tmp_path: Path) -> None:  # noqa: ANN001
    unit = svc.list_units(db, demo_lab.id)[0]
    idea = next(i for i in svc.list_ideas(db, unit.id) if i.status is IdeaStatus.DILUNCURKAN)
    ctx = WorksheetContext(db, demo_lab.id, unit.id, idea.id)
    assert ctx.evidence_root is not None
    store = EvidenceStore(ctx.evidence_root)
    a = store.add(photo(tmp_path / "loket.jpg", (1600, 1200), orientation=6))
    b = store.add(pdf_file(tmp_path / "SK.pdf", 2))
    c = store.add(photo(tmp_path / "hilang.jpg", (800, 600)))
    data = {
        "hasil": "Waktu layanan turun dari 5 hari menjadi 1 hari.",
        "kematangan": "uji_coba",
        "tanggal_uji_coba": "2027-03-01",
        "bukti": [
            {"_id": "a1", "jenis": "foto", "uraian": "Loket terpadu <baru> & rapi", "berkas": a.ref},
            {"_id": "b1", "jenis": "sk_perkada", "uraian": "SK Bupati", "berkas": b.ref},
            {"_id": "c1", "jenis": "foto", "uraian": "Foto yang dipindah", "berkas": c.ref},
            {
                "_id": "d1",
                "jenis": "laporan_monev",
                "uraian": "Laporan",
                "berkas": "D:\\Labinov\\laporan.docx",
            },
        ],
    }
    save_worksheet(db, "LK-4c", data, demo_lab.id, unit.id, idea.id)
    missing = store.path(c.ref)
    assert missing is not None
    missing.unlink()  # moved out of the folder by hand
    assert store.missing([a.ref, b.ref, c.ref]) == [c.ref]
    template = default_registry().get("LK-4c")
    pdf = render_filled_worksheet(template, data, "a4", demo_lab.name, unit.name, idea.title, ctx=ctx)
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "Uji coba" in text and "Loket terpadu <baru> & rapi" in text
    assert "SK.pdf" in text and "PDF, 2 halaman" in text
    assert "BERKAS HILANG dari folder bukti lab" in text
    assert "D:\\Labinov\\laporan.docx" in text
    images = [img for page in reader.pages for img in page.images]
    assert len(images) == 1  # the photo that is there; the missing one is a box, not a picture
    shown = Image.open(io.BytesIO(images[0].data))
    assert shown.size[1] > shown.size[0]  # printed upright (portrait), not as stored


def test_removed_evidence_rows_come_back_with_undo(db, demo_lab, tmp_path: Path) -> None:  # noqa: ANN001
    from labinovasi.ops.run import run
    from labinovasi.ops.worksheets import SaveWorksheet
    from labinovasi.services.worksheets import load_worksheet

    unit = svc.list_units(db, demo_lab.id)[0]
    idea = spine_ops.add_idea(db, unit.id, "Inovasi bukti", status=IdeaStatus.DILUNCURKAN)
    ref = (
        EvidenceStore(WorksheetContext(db, demo_lab.id).evidence_root)
        .add(pdf_file(tmp_path / "x.pdf", 1))
        .ref
    )
    row = {"_id": "r1", "jenis": "sop", "uraian": "SOP", "berkas": ref}
    run(db, SaveWorksheet("LK-4c", demo_lab.id, {"hasil": "ok", "bukti": [row]}, unit.id, idea.id))
    _changes, inverse = run(db, SaveWorksheet("LK-4c", demo_lab.id, {"hasil": "ok"}, unit.id, idea.id))
    assert not load_worksheet(db, "LK-4c", demo_lab.id, unit.id, idea.id).data.get("bukti")
    run(db, inverse)
    assert load_worksheet(db, "LK-4c", demo_lab.id, unit.id, idea.id).data["bukti"] == [row]


def test_the_evidence_check_lists_missing_files(capsys, db, db_url, demo_lab) -> None:  # noqa: ANN001
    from labinovasi.cli import main
    from labinovasi.services.evidence_check import MISSING, PRESENT, evidence_entries

    entries = evidence_entries(db, demo_lab.id)
    assert len(entries) == 6 and {e.state for e in entries} == {PRESENT}  # the demo's files
    assert main(["bukti", "--lab", str(demo_lab.id), "--db", db_url]) == 0
    assert capsys.readouterr().out.count("\tada\n") == 6
    store = EvidenceStore.beside(db.file)
    gone = next(e for e in entries if e.name.endswith(".pdf"))
    path = store.path(gone.value)
    assert path is not None
    path.unlink()
    assert [e.state for e in evidence_entries(db, demo_lab.id)].count(MISSING) == 1
    assert main(["bukti", "--lab", str(demo_lab.id), "--hilang", "--db", db_url]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [f"{gone.unit}\t{gone.idea}\t{gone.jenis}\t{gone.uraian}\t{gone.name}\tHILANG"]
    assert "1 berkas bukti hilang" in err and "Traceback" not in err
