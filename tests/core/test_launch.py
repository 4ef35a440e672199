"""The launch (LK-4a) and its Berita Acara Peluncuran Inovasi: who launched what, counted per unit;
the legal-style wording with the date in words; the list in the text or, when long, in a lampiran;
the signature blocks; the statements signed at the launch; old LK-4a data read alike."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from labinovasi.domain.enums import IdeaStatus, UnitType
from labinovasi.ops import spine as spine_ops
from labinovasi.ops.worksheets import save_worksheet
from labinovasi.reports.berita_acara_pdf import INLINE_MAX, render_berita_acara
from labinovasi.reports.commitment_pdf import render_launch_commitments
from labinovasi.services import labs as svc
from labinovasi.services.launch import launch_record, launch_summary, launcher_title, region_name
from labinovasi.services.worksheets import load_worksheet
from labinovasi.worksheets.kinds.launch import upgrade_v1


@pytest.fixture
def lab_with_unit(db):  # noqa: ANN001, ANN201
    lab = spine_ops.create_lab(
        db,
        "Laboratorium Inovasi Kabupaten Sukamaju 2026",
        pemda="Kabupaten Sukamaju",
        facilitator="Dr. Fasil",
    )
    unit = spine_ops.add_unit(db, lab.id, "Dinas Kesehatan", UnitType.DINAS, head_name="dr. Kepala")
    return lab, unit


def pages_text(pdf: bytes) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def test_the_demo_launch_counts_its_innovations_by_unit(db, demo_lab) -> None:  # noqa: ANN001
    record = launch_record(db, demo_lab.id)
    assert len(record.ideas) == 7 and record.unit_count == 6
    assert {i.status for i in record.ideas} == {IdeaStatus.DILUNCURKAN}
    assert record.date == dt.date(2027, 2, 24)  # the Launching milestone of the demo's plans
    assert record.launcher.title == "Bupati Wanasari"
    assert record.launcher.nip is None  # an elected head signs without an NIP line
    assert record.acknowledger.title.startswith("Kepala Badan Perencanaan")
    assert launch_summary(len(record.ideas), record.unit_count) == "7 inovasi dari 6 unit diluncurkan"
    assert launch_summary(0, 0) == "Belum ada inovasi yang diluncurkan"


def test_region_and_titles() -> None:
    assert region_name("Kabupaten Wanasari") == "Wanasari"
    assert region_name("Pemerintah Kota Batu") == "Batu"
    assert launcher_title("wali_kota", "Kota Batu") == "Wali Kota Batu"
    assert launcher_title("sekda", "Kabupaten Wanasari") == "Sekretaris Daerah Kabupaten Wanasari"
    assert launcher_title("", "Kabupaten Wanasari") == ""


@pytest.mark.parametrize("paper", ["a4", "f4"])
def test_the_berita_acara_of_the_demo(db, demo_lab, paper: str) -> None:  # noqa: ANN001
    pdf = render_berita_acara(db, demo_lab.id, paper)
    pages = pages_text(pdf)
    assert len(pages) == 1  # seven innovations: the list is in the text, signatures on the same page
    page = pages[0]
    assert "BERITA ACARA" in page and "PELUNCURAN (LAUNCHING) INOVASI" in page
    assert "Nomor: 000.8/057/Bapperida/2027" in page
    assert (
        "Pada hari ini Rabu tanggal dua puluh empat bulan Februari tahun dua ribu dua puluh tujuh "
        "(24-02-2027), pukul 09.00 WIB, bertempat di Pendopo Kabupaten Wanasari" in page
    )
    assert "Bupati Wanasari, H. Ahmad Fauzan Syahputra, S.H., M.H." in page
    assert "7 (tujuh) inovasi dari 6 (enam) unit kerja, sebagai berikut:" in page
    for n, idea in enumerate(launch_record(db, demo_lab.id).ideas, start=1):
        assert f"{n}. {idea.title.split(' — ')[0]}" in page
    assert "Kepala unit kerja pengusul menyepakati" in page
    assert "Mengetahui," in page and "Coach Laboratorium Inovasi" in page and "Yang meluncurkan," in page
    assert "Dr. Rina Kusumawardani" in page and "NIP 19780512 200312 2 002" in page
    assert "Lampiran" not in page


def test_a_long_list_goes_to_a_lampiran(db, lab_with_unit) -> None:  # noqa: ANN001
    lab, unit = lab_with_unit
    other = spine_ops.add_unit(db, lab.id, "Kecamatan Sukamaju", UnitType.KECAMATAN)
    ids = []
    for n in range(30):
        idea = spine_ops.add_idea(
            db, (unit if n % 2 else other).id, f"Inovasi nomor {n + 1:02d}", status=IdeaStatus.LANJUT
        )
        ids.append(str(idea.id))
    save_worksheet(
        db, "LK-4a", {"tanggal": "2026-12-07", "inovasi": ids, "jabatan_peluncur": "sekda"}, lab.id
    )
    assert len(ids) > INLINE_MAX
    pages = pages_text(render_berita_acara(db, lab.id))
    first, rest = pages[0], " ".join(pages[1:])
    assert "30 (tiga puluh) inovasi dari 2 (dua) unit kerja, sebagaimana tercantum dalam Lampiran" in first
    assert "Inovasi nomor" not in first
    assert "LAMPIRAN BERITA ACARA PELUNCURAN INOVASI" in rest
    assert "Daftar 30 inovasi dari 2 unit kerja yang diluncurkan" in rest
    for n in range(1, 31):
        assert rest.count(f"Inovasi nomor {n:02d}") == 1
    assert "Senin tanggal tujuh bulan Desember" in first  # 7 December 2026 is a Monday
    assert "NIP ....." in first  # a Sekretaris Daerah has an NIP to write in


def test_nothing_launched_yet_prints_a_form_to_fill_by_hand(db, lab_with_unit) -> None:  # noqa: ANN001
    lab, _unit = lab_with_unit
    page = pages_text(render_berita_acara(db, lab.id))[0]
    assert "Pada hari ini ............ tanggal ............" in page
    assert "0 (nol) inovasi dari 0 (nol) unit kerja" in page
    assert "Belum ada inovasi yang dicentang di LK-4a." in page
    assert "menyepakati" not in page  # no agreement written: its paragraph is left out


def test_hostile_text_prints_as_written(db, lab_with_unit) -> None:  # noqa: ANN001
    lab, unit = lab_with_unit
    idea = spine_ops.add_idea(db, unit.id, "Cepat <b>& tepat</b> 🚀 =SUM(A1)", status=IdeaStatus.LANJUT)
    save_worksheet(
        db,
        "LK-4a",
        {
            "tanggal": "2026-12-01",
            "tempat": "Aula <Bappeda> & co",
            "inovasi": [str(idea.id)],
            "isi_kesepakatan": "Sepakat " + "panjang sekali " * 7000,
        },
        lab.id,
    )
    text = " ".join(pages_text(render_berita_acara(db, lab.id)))
    assert "Cepat <b>& tepat</b>" in text and "=SUM(A1)" in text
    assert "Aula <Bappeda> & co" in text
    assert "Yang meluncurkan," in text  # the signatures follow even a very long agreement


def test_removed_ideas_are_not_launched(db, demo_lab) -> None:  # noqa: ANN001
    record = launch_record(db, demo_lab.id)
    spine_ops.remove_idea(db, record.ideas[0].id)
    again = launch_record(db, demo_lab.id)
    assert len(again.ideas) == 6 and record.ideas[0].id not in {i.id for i in again.ideas}


def test_statements_at_the_launch_are_for_launched_units_only(db, demo_lab) -> None:  # noqa: ANN001
    record = launch_record(db, demo_lab.id)
    pages = pages_text(render_launch_commitments(db, demo_lab.id))
    assert len(pages) == record.unit_count == 6
    assert all("Pada Launching Inovasi (tahap Deliver)" in p for p in pages)
    launched_units = {i.unit for i in record.ideas}
    others = [u.name for u in svc.list_units(db, demo_lab.id) if u.name not in launched_units]
    assert others and not any(name.upper() in " ".join(pages) for name in others)


def test_statements_at_the_launch_need_a_launch(db, lab_with_unit) -> None:  # noqa: ANN001
    lab, _unit = lab_with_unit
    with pytest.raises(ValueError, match="Belum ada inovasi yang diluncurkan"):
        render_launch_commitments(db, lab.id)


def test_version_1_data_reads_as_version_2(db, lab_with_unit) -> None:  # noqa: ANN001
    old = {
        "tanggal": "2026-11-01",
        "diluncurkan_oleh": "Bupati, H. Slamet",
        "ttd_kepala_daerah": "H. Slamet",
        "ttd_saksi": "Ir. Wati",
        "tempat": "Pendopo",
    }
    new = upgrade_v1(old)
    assert new == {
        "tanggal": "2026-11-01",
        "nama_peluncur": "Bupati, H. Slamet",
        "saksi": "Ir. Wati",
        "tempat": "Pendopo",
    }
    lab, _unit = lab_with_unit
    from labinovasi.db import models as m
    from labinovasi.domain.enums import Scope

    with db.session() as s:  # stored by a version of the app that had LK-4a version 1
        s.add(
            m.WorksheetEntry(
                lab_id=lab.id,
                template_code="LK-4a",
                template_version=1,
                scope=Scope.LAB,
                data=old,
                complete=True,
            )
        )
        s.commit()
    assert load_worksheet(db, "LK-4a", lab.id).data["saksi"] == "Ir. Wati"
    text = pages_text(render_berita_acara(db, lab.id))[0]
    assert "Bupati, H. Slamet" in text and "Saksi" in text and "Ir. Wati" in text
