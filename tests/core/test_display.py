"""Exhibitions (LK-5b) and replication requests (LK-5c) listed per lab and per innovation: many events
per lab, stands naming an idea (or its title), version 1 sheets read as the first event, hostile and
very long text, an empty lab; the PDF "Rekap Pameran dan Replikasi Inovasi"."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from labinovasi.db import models as m
from labinovasi.domain.enums import Scope, UnitType
from labinovasi.ops import spine as spine_ops
from labinovasi.ops.worksheets import save_worksheet
from labinovasi.services.display import display_recap, idea_display
from labinovasi.services.worksheets import load_worksheet
from labinovasi.worksheets import codes
from labinovasi.worksheets import exhibition as ex
from labinovasi.worksheets.validation import WorksheetValidationError

HOSTILE = "<b>Dinas & Co</b> </para>"


@pytest.fixture
def lab_two_ideas(db):  # noqa: ANN001, ANN201
    lab = spine_ops.create_lab(db, "Lab Pameran", pemda="Kabupaten Contoh")
    unit = spine_ops.add_unit(db, lab.id, "Dinas Kesehatan", UnitType.DINAS)
    other = spine_ops.add_unit(db, lab.id, "Kecamatan Barat", UnitType.KECAMATAN)
    a = spine_ops.add_idea(db, unit.id, "SIGAP Posyandu — layanan cepat")
    b = spine_ops.add_idea(db, other.id, "Kartu Warga Sehat")
    return lab, unit, other, a, b


def _sheet(a, b) -> dict:  # noqa: ANN001
    return {
        "pameran": [
            {
                "_id": "ev1",
                "nama": "Expo Inovasi Daerah",
                "jenis": "expo",
                "tanggal_mulai": "2027-05-12",
                "tanggal_selesai": "2027-05-14",
                "tempat": "Alun-alun",
                "pengunjung": 850,
            },
            {
                "_id": "ev2",
                "nama": "Festival Inovasi Provinsi",
                "jenis": "festival",
                "tanggal_mulai": "2027-08-01",
            },
            {"_id": "ev3", "nama": "IID Nasional", "jenis": "pameran", "tanggal_mulai": "2027-10-20"},
        ],
        "stan": [
            {"_id": "s1", "pameran": "ev1", "nomor_stan": "A1", "ide": str(a.id)},
            {"_id": "s2", "pameran": "ev1", "nomor_stan": "A2", "ide": str(b.id)},
            {"_id": "s3", "pameran": "ev2", "inovasi": "SIGAP Posyandu", "unit": "Dinkes"},  # by title
            {"_id": "s4", "pameran": "ev3", "inovasi": "Inovasi tamu", "unit": "Kota Lain"},
        ],
    }


def test_many_exhibitions_listed_per_lab_and_per_innovation(db, lab_two_ideas) -> None:  # noqa: ANN001
    lab, unit, other, a, b = lab_two_ideas
    save_worksheet(db, codes.EXHIBITION, _sheet(a, b), lab.id)
    save_worksheet(
        db,
        codes.REPLICATION,
        {
            "peminat": [
                {
                    "peminat": "Kabupaten Sebelah",
                    "kontak": "0812",
                    "tanggal": "2027-06-01",
                    "status": "kunjungan",
                },
                {"peminat": "Kota Hulu", "status": "direplikasi"},
            ]
        },
        lab.id,
        unit.id,
        a.id,
    )
    recap = display_recap(db, lab.id)
    assert [e.name for e in recap.exhibitions] == [
        "Expo Inovasi Daerah",
        "Festival Inovasi Provinsi",
        "IID Nasional",
    ]
    expo = recap.exhibitions[0]
    assert expo.kind == "Expo" and expo.visitors == 850 and expo.dates == "12 Mei 2027 – 14 Mei 2027"
    assert [(s.title, s.unit, s.stand) for s in expo.shown] == [
        ("SIGAP Posyandu — layanan cepat", "Dinas Kesehatan", "A1"),
        ("Kartu Warga Sehat", "Kecamatan Barat", "A2"),
    ]
    assert recap.exhibitions[2].shown[0].idea_id is None  # a guest's innovation, kept as typed
    assert len(recap.shown_ideas) == 3 and len(recap.requests) == 2 and recap.requested_ideas == 1
    assert [(r.requester, r.status) for r in recap.requests] == [
        ("Kabupaten Sebelah", "Kunjungan/studi tiru"),
        ("Kota Hulu", "Sudah direplikasi"),
    ]
    mine = idea_display(db, lab.id, a.id)
    assert [e.name for e in mine.exhibitions] == ["Expo Inovasi Daerah", "Festival Inovasi Provinsi"]
    assert [r.requester for r in mine.requests] == ["Kabupaten Sebelah", "Kota Hulu"]
    assert recap.counts() == {a.id: (2, 2), b.id: (1, 0)}
    theirs = idea_display(db, lab.id, b.id)
    assert [e.name for e in theirs.exhibitions] == ["Expo Inovasi Daerah"] and not theirs.requests


def test_an_empty_lab_lists_nothing(db, lab_two_ideas) -> None:  # noqa: ANN001
    lab, *_rest, a, _b = lab_two_ideas
    recap = display_recap(db, lab.id)
    assert recap.exhibitions == () and recap.requests == () and recap.shown_ideas == []
    assert recap.counts() == {} and idea_display(db, lab.id, a.id).empty


V1 = {
    "nama_acara": "Expo Lama",
    "jenis_acara": "expo",
    "tanggal_mulai": "2026-11-02",
    "tempat": "Gedung Serbaguna",
    "jumlah_pengunjung": 300,
    "stan": [{"_id": "abc123", "nomor_stan": "1", "unit": "Dinkes", "inovasi": "Kartu Warga Sehat"}],
    "catatan": "Ramai",
}


def test_version_1_is_read_as_the_first_event(db, lab_two_ideas) -> None:  # noqa: ANN001
    lab, *_rest, b = lab_two_ideas
    with db.session() as s:  # stored by a version of the app that had LK-5b version 1
        s.add(
            m.WorksheetEntry(
                lab_id=lab.id,
                template_code=codes.EXHIBITION,
                template_version=1,
                scope=Scope.LAB,
                data=dict(V1),
                complete=True,
            )
        )
    loaded = load_worksheet(db, codes.EXHIBITION, lab.id)
    assert loaded.template_version == 2
    [event] = loaded.data["pameran"]
    assert event["nama"] == "Expo Lama" and event["pengunjung"] == 300 and event["jenis"] == "expo"
    assert loaded.data["stan"][0]["pameran"] == event["_id"] and loaded.data["catatan"] == "Ramai"
    assert "nama_acara" not in loaded.data
    assert ex.upgrade_v1(dict(V1))["pameran"][0]["_id"] == event["_id"]  # the same id on every read
    recap = display_recap(db, lab.id)
    assert recap.exhibitions[0].shown[0].idea_id == b.id  # the typed title names the idea
    save_worksheet(db, codes.EXHIBITION, loaded.data, lab.id)  # stored in version 2 from now on
    assert display_recap(db, lab.id).exhibitions == recap.exhibitions
    assert ex.upgrade_v1({}) == {"pameran": []}


def test_hostile_and_very_long_text_lists_and_prints(db, lab_two_ideas) -> None:  # noqa: ANN001
    from labinovasi.reports.display_pdf import render_display_recap

    lab, unit, _other, a, _b = lab_two_ideas
    long = "x" * 100_000
    save_worksheet(
        db,
        codes.EXHIBITION,
        {
            "pameran": [{"_id": "e1", "nama": HOSTILE, "tempat": "x" * 200}],
            "stan": [
                {"_id": "s1", "pameran": "e1", "ide": str(a.id)},
                {"_id": "s2", "pameran": "e1", "inovasi": long},
            ],
        },
        lab.id,
    )
    save_worksheet(
        db, codes.REPLICATION, {"peminat": [{"peminat": HOSTILE, "keterangan": long}]}, lab.id, unit.id, a.id
    )
    recap = display_recap(db, lab.id)
    assert recap.exhibitions[0].name == HOSTILE and recap.requests[0].requester == HOSTILE
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(render_display_recap(recap))).pages)
    assert "<b>Dinas & Co</b>" in text
    assert recap.exhibitions[0].shown[1].title == long  # kept whole; the PDF shows its start
    with pytest.raises(WorksheetValidationError, match="terlalu panjang"):
        save_worksheet(db, codes.EXHIBITION, {"pameran": [{"_id": "e1", "nama": long}]}, lab.id)


def test_the_pdf_lists_the_counts_the_exhibitions_and_the_requests(db, lab_two_ideas) -> None:  # noqa: ANN001
    from labinovasi.reports.display_pdf import render_display_recap

    lab, unit, _other, a, b = lab_two_ideas
    save_worksheet(db, codes.EXHIBITION, _sheet(a, b), lab.id)
    save_worksheet(
        db,
        codes.REPLICATION,
        {"peminat": [{"peminat": "Kabupaten Sebelah", "status": "minat"}]},
        lab.id,
        unit.id,
        a.id,
    )
    pdf = render_display_recap(display_recap(db, lab.id))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "REKAP PAMERAN DAN REPLIKASI INOVASI" in text.upper()
    assert "3 pameran" in text and "3 inovasi dipamerkan" in text and "1 permintaan replikasi" in text
    assert "Festival Inovasi Provinsi" in text and "Kabupaten Sebelah" in text and "Menyatakan minat" in text
    empty = spine_ops.create_lab(db, "Lab Kosong")
    text = " ".join(
        p.extract_text()
        for p in PdfReader(io.BytesIO(render_display_recap(display_recap(db, empty.id)))).pages
    )
    assert "Belum ada pameran" in text and "Belum ada permintaan replikasi" in text
