"""The command line through ``main(argv)``: every export the window has, options after the command,
argparse's texts in Indonesian, and refusals that say what to do instead."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from labinovasi.cli import main
from labinovasi.services import labs as svc
from labinovasi.services.sessions import list_sessions


def flat(text: str) -> str:
    return " ".join(text.split())


def pdf_text(path: Path) -> str:
    return flat(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(path.read_bytes())).pages))


@pytest.fixture
def lab(db, demo_lab):  # noqa: ANN001, ANN201
    return demo_lab


def run(capsys: pytest.CaptureFixture[str], db_url: str, *argv: str) -> tuple[int, str, str]:
    code = main([*argv, "--db", db_url])  # the database after the command, as people type it
    out, err = capsys.readouterr()
    return code, out, err


def test_global_options_are_accepted_after_the_command(capsys, db_url, lab) -> None:  # noqa: ANN001
    assert main(["labs", "--db", db_url]) == 0
    assert capsys.readouterr().out.split("\t")[0] == str(lab.id)
    assert main(["--db", db_url, "labs"]) == 0  # and before it, as before
    assert capsys.readouterr().out.split("\t")[0] == str(lab.id)


def test_demo_after_the_command_creates_the_lab_in_that_database(capsys, tmp_path) -> None:  # noqa: ANN001
    url = f"sqlite:///{(tmp_path / 'baru.sqlite3').as_posix()}"
    assert main(["demo", "--db", url]) == 0
    ident = capsys.readouterr().out.strip()
    assert main(["labs", "--db", url]) == 0
    assert capsys.readouterr().out.startswith(ident + "\t")


def test_argparse_speaks_indonesian(capsys) -> None:  # noqa: ANN001
    with pytest.raises(SystemExit) as done:
        main(["export", "plan", "--lab"])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert "penggunaan: labinovasi export plan" in err
    assert "galat: argumen --lab: perlu satu nilai" in err
    assert "usage" not in err and "error" not in err
    with pytest.raises(SystemExit):
        main(["export", "plan", "--help"])
    help_text = capsys.readouterr().out
    assert "opsi:" in help_text and "tampilkan bantuan ini lalu keluar" in help_text
    with pytest.raises(SystemExit):
        main(["ekspor"])
    assert "pilihan tidak dikenal: 'ekspor'" in capsys.readouterr().err


def test_argparse_keeps_english_for_english(capsys, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("LABINOVASI_LANG", "en")
    with pytest.raises(SystemExit):
        main(["export", "plan", "--lab"])
    assert "error: argument --lab: expected one argument" in capsys.readouterr().err
    import argparse

    assert argparse._("usage: ") == "usage: "  # type: ignore[attr-defined] - restored after parsing


def test_plans_to_a_pdf_name_without_combined_is_refused_with_a_hint(capsys, db_url, lab, tmp_path) -> None:  # noqa: ANN001
    target = tmp_path / "semua.pdf"
    code, out, err = run(capsys, db_url, "export", "plans", "--lab", str(lab.id), "--out", str(target))
    assert code == 1 and out == ""
    assert "--combined" in err and len(err.splitlines()) == 1
    assert not target.exists()  # no folder named semua.pdf


def test_worksheet_codes_are_case_insensitive(capsys, db_url, lab, tmp_path) -> None:  # noqa: ANN001
    target = tmp_path / "lk.pdf"
    code, out, _err = run(
        capsys, db_url, "export", "worksheet", "lk-2F", "--blank", "--lab", str(lab.id), "--out", str(target)
    )
    assert code == 0 and out.strip() == str(target)
    assert "LK-2f" in pdf_text(target)


def test_filled_worksheet_is_the_default(capsys, db, db_url, lab, tmp_path) -> None:  # noqa: ANN001
    unit = svc.list_units(db, lab.id)[0]
    idea = svc.list_ideas(db, unit.id)[0]
    target = tmp_path / "lk2f.pdf"
    code, _out, err = run(
        capsys,
        db_url,
        "export",
        "worksheet",
        "LK-2f",
        "--lab",
        str(lab.id),
        "--idea",
        str(idea.id),
        "--out",
        str(target),
    )
    assert code == 0, err
    text = pdf_text(target)
    assert flat(idea.title) in text and flat(unit.name) in text
    blank = tmp_path / "kosong.pdf"
    assert (
        run(
            capsys,
            db_url,
            "export",
            "worksheet",
            "LK-2f",
            "--lab",
            str(lab.id),
            "--idea",
            str(idea.id),
            "--blank",
            "--out",
            str(blank),
        )[0]
        == 0
    )
    assert "Centang satu." in pdf_text(blank) and "Centang satu." not in text


def test_filled_worksheet_without_its_unit_or_idea_says_what_is_missing(
    capsys, db_url, lab, tmp_path
) -> None:  # noqa: ANN001
    code, _out, err = run(
        capsys, db_url, "export", "worksheet", "LK-2b", "--lab", str(lab.id), "--out", str(tmp_path / "x.pdf")
    )
    assert code == 1 and "--unit" in err and "--blank" in err
    code, _out, err = run(
        capsys, db_url, "export", "worksheet", "LK-3", "--lab", str(lab.id), "--out", str(tmp_path / "x.pdf")
    )
    assert code == 1 and "--idea" in err
    assert not (tmp_path / "x.pdf").exists()


def test_commitment_of_one_unit_and_of_all(capsys, db, db_url, lab, tmp_path) -> None:  # noqa: ANN001
    units = svc.list_units(db, lab.id)
    one = tmp_path / "satu.pdf"
    assert (
        run(
            capsys,
            db_url,
            "export",
            "commitment",
            "--lab",
            str(lab.id),
            "--unit",
            str(units[1].id),
            "--out",
            str(one),
        )[0]
        == 0
    )
    text = pdf_text(one)
    assert "PERNYATAAN KOMITMEN" in text.upper() and flat(units[1].name) in text
    single_pages = len(PdfReader(one).pages)
    every = tmp_path / "semua.pdf"
    assert run(capsys, db_url, "export", "commitment", "--lab", str(lab.id), "--out", str(every))[0] == 0
    top = [o.title for o in PdfReader(every).outline if not isinstance(o, list)]
    assert top == [u.name for u in units]
    assert len(PdfReader(every).pages) > single_pages


def test_attendance_list_of_a_session(capsys, db, db_url, lab, tmp_path) -> None:  # noqa: ANN001
    session = list_sessions(db, lab.id)[0]
    code, out, _err = run(capsys, db_url, "sessions", "--lab", str(lab.id))
    assert code == 0 and out.splitlines()[0].split("\t")[0] == str(session.id)
    target = tmp_path / "hadir.pdf"
    assert (
        run(
            capsys,
            db_url,
            "export",
            "attendance",
            "--session",
            str(session.id),
            "--out",
            str(target),
            "--paper",
            "F4",
        )[0]
        == 0
    )
    text = pdf_text(target)
    assert "DAFTAR HADIR" in text.upper() and flat(session.title) in text


def test_pack_of_a_stage_for_chosen_units(capsys, db, db_url, lab, tmp_path) -> None:  # noqa: ANN001
    units = svc.list_units(db, lab.id)
    target = tmp_path / "paket.pdf"
    code, _out, err = run(
        capsys,
        db_url,
        "export",
        "pack",
        "--lab",
        str(lab.id),
        "--stage",
        "Diagnose",
        "--unit",
        str(units[0].id),
        "--unit",
        str(units[3].id),
        "--out",
        str(target),
    )
    assert code == 0, err
    reader = PdfReader(target)
    top = [o.title for o in reader.outline if not isinstance(o, list)]
    assert top == [units[0].name, units[3].name]
    text = pdf_text(target)
    assert "LK-2b · " in text and "LK-3b · " not in text  # Diagnose only


def test_pack_refuses_an_unknown_stage(capsys, db_url, lab, tmp_path) -> None:  # noqa: ANN001
    with pytest.raises(SystemExit):
        main(
            ["export", "pack", "--lab", str(lab.id), "--stage", "persiapan", "--out", str(tmp_path / "p.pdf")]
        )
    assert "tahap tidak dikenal: persiapan" in capsys.readouterr().err


def test_smoke_test_without_a_window_exports_the_demo_plan(capsys, tmp_path) -> None:  # noqa: ANN001
    url = f"sqlite:///{(tmp_path / 'smoke.sqlite3').as_posix()}"
    target = tmp_path / "rencana.pdf"
    assert main(["--smoke-test", str(target), "--db", url]) == 0
    assert capsys.readouterr().out.strip() == str(target)
    assert "RENCANA PROYEK INOVASI" in pdf_text(target)


def test_iid_profile_to_xlsx_and_csv_from_the_suffix(capsys, db, db_url, lab, tmp_path) -> None:  # noqa: ANN001
    import csv

    import openpyxl

    from labinovasi.ops.run import run as run_ops
    from labinovasi.ops.worksheets import SaveWorksheet
    from labinovasi.services.iid_export import iid_layout

    run_ops(db, SaveWorksheet("LK-4a", lab.id, {"tanggal": "2026-11-20"}))  # the demo's launch undone
    code, _out, err = run(
        capsys, db_url, "export", "iid", "--lab", str(lab.id), "--out", str(tmp_path / "a.xlsx")
    )
    assert code == 0 and "belum ada inovasi yang diluncurkan" in err and "--include-lanjut" in err
    lanjut = [
        i
        for u in svc.list_units(db, lab.id)
        for i in svc.list_ideas(db, u.id)
        if i.status.value in ("lanjut", "diluncurkan")
    ]
    data = {"tanggal": "2026-11-20", "inovasi": [str(i.id) for i in lanjut]}
    run_ops(db, SaveWorksheet("LK-4a", lab.id, data))
    headers = [c.header for c in iid_layout().columns]
    xlsx, csv_file = tmp_path / "profil.XLSX", tmp_path / "profil.csv"
    code, out, err = run(capsys, db_url, "export", "iid", "--lab", str(lab.id), "--out", str(xlsx))
    assert (code, out.strip(), err) == (0, str(xlsx), "")
    ws = openpyxl.load_workbook(xlsx).active
    assert ws is not None and [c.value for c in ws[1]] == headers and ws.max_row == len(lanjut) + 1
    code, out, err = run(capsys, db_url, "export", "iid", "--lab", str(lab.id), "--out", str(csv_file))
    assert code == 0 and out.strip() == str(csv_file)
    rows = list(csv.reader(io.StringIO(csv_file.read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == headers and len(rows) == len(lanjut) + 1


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("profil.pdf", "harus berakhiran .xlsx (Excel) atau .csv"),
        ("tidak-ada/profil.xlsx", "Folder tujuan tidak ada"),
        ("", "adalah folder; sebutkan nama berkas .xlsx atau .csv"),
    ],
)
def test_iid_profile_refusals_are_one_plain_line(capsys, db_url, lab, tmp_path, name, expected) -> None:  # noqa: ANN001
    code, out, err = run(capsys, db_url, "export", "iid", "--lab", str(lab.id), "--out", str(tmp_path / name))
    assert code == 1 and out == ""
    assert err.startswith("labinovasi: ") and expected in err and len(err.splitlines()) == 1
    assert "Traceback" not in err
    assert not list(tmp_path.glob("*.xlsx")) and not list(tmp_path.glob("*.pdf"))


def test_iid_profile_of_an_unknown_lab(capsys, db_url, lab, tmp_path) -> None:  # noqa: ANN001
    import uuid

    other = uuid.uuid4()
    code, _out, err = run(
        capsys, db_url, "export", "iid", "--lab", str(other), "--out", str(tmp_path / "p.csv")
    )
    assert code == 1 and err.strip() == f"labinovasi: Lab dengan id '{other}' tidak ditemukan"
    assert not (tmp_path / "p.csv").exists()
