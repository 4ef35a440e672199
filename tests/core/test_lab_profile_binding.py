"""LK-0 and the lab's profile are one source: the sheet shows the Pemda, province, year and organiser
typed in the new-lab dialog, and a change in either place is the change in both (undoable as one)."""

from __future__ import annotations

from labinovasi.ops import run
from labinovasi.ops import spine as spine_ops
from labinovasi.ops.worksheets import SaveWorksheet, save_worksheet
from labinovasi.services import labs as svc
from labinovasi.services.worksheets import load_worksheet


def test_lk0_is_filled_from_the_new_lab_and_writes_back_to_it(db) -> None:  # noqa: ANN001
    lab = spine_ops.create_lab(
        db, "Labinov Uji", pemda="Kabupaten Uji", province="Jawa Barat", year=2026, organizer="Bappeda"
    )
    first = load_worksheet(db, "LK-0", lab.id).data
    assert first == {
        "nama_pemda": "Kabupaten Uji",
        "provinsi": "Jawa Barat",
        "tahun": 2026,
        "unit_penyelenggara": "Bappeda",
    }
    save_worksheet(
        db, "LK-0", {**first, "nama_pemda": "Kota Uji", "tahun": 2027, "nomor_mou": "1/2026"}, lab.id
    )
    again = svc.get_lab(db, lab.id)
    assert (again.pemda, again.year) == ("Kota Uji", 2027)
    spine_ops.update_lab(db, lab.id, province="Banten")  # Berkas → Profil lab
    data = load_worksheet(db, "LK-0", lab.id).data
    assert data["provinsi"] == "Banten" and data["nama_pemda"] == "Kota Uji" and data["nomor_mou"] == "1/2026"


def test_undoing_the_sheet_puts_the_profile_back_too(db) -> None:  # noqa: ANN001
    lab = spine_ops.create_lab(db, "Labinov Uji", pemda="Kabupaten Uji", year=2026)
    _changes, undo = run(db, SaveWorksheet("LK-0", lab.id, {"nama_pemda": "Kota Lain", "tahun": 2026}))
    assert svc.get_lab(db, lab.id).pemda == "Kota Lain"
    run(db, undo)
    assert svc.get_lab(db, lab.id).pemda == "Kabupaten Uji"
    assert load_worksheet(db, "LK-0", lab.id).data["nama_pemda"] == "Kabupaten Uji"
