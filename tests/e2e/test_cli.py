"""The installed ``labinovasi`` command, run as a process, on a database in a temporary folder."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from pypdf import PdfReader

from labinovasi.domain.enums import UnitType
from labinovasi.ops.demo import load_demo_spec

pytestmark = pytest.mark.e2e

TIMEOUT = 120


def find_command() -> str:
    beside = Path(sys.executable).parent / ("labinovasi.exe" if os.name == "nt" else "labinovasi")
    if beside.is_file():
        return str(beside)
    found = shutil.which("labinovasi")
    assert found, "the labinovasi command is not installed"
    return found


def flat(text: str) -> str:
    return " ".join(text.split())


def pdf_text(path: Path) -> str:
    return flat(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(path.read_bytes())).pages))


def page_size_mm(path: Path) -> tuple[int, int]:
    box = PdfReader(io.BytesIO(path.read_bytes())).pages[0].mediabox
    return round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)


class Cli:
    def __init__(self, home: Path):
        self.home = home
        self.db_url = f"sqlite:///{(home / 'lab.sqlite3').as_posix()}"
        self.command = find_command()
        env = dict(os.environ)
        for name in ("LABINOVASI_DB", "LABINOVASI_LANG"):
            env.pop(name, None)
        env.update(
            LABINOVASI_HOME=str(home),
            XDG_CONFIG_HOME=str(home / "xdg-config"),
            XDG_DATA_HOME=str(home / "xdg-data"),
            PYTHONWARNINGS="default",
        )
        self.env = env

    def __call__(self, *args: str, db: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [self.command, "--db", db or self.db_url, *args],
            env=self.env,
            cwd=self.home,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=TIMEOUT,
            check=False,
        )

    def ok(self, *args: str) -> list[str]:
        done = self(*args)
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""
        return done.stdout.splitlines()


@pytest.fixture(scope="module")
def cli(tmp_path_factory: pytest.TempPathFactory) -> Cli:
    return Cli(tmp_path_factory.mktemp("cli-home"))


@pytest.fixture(scope="module")
def demo_run(cli: Cli) -> subprocess.CompletedProcess[str]:
    return cli("demo")


@pytest.fixture(scope="module")
def lab_id(demo_run: subprocess.CompletedProcess[str]) -> str:
    assert demo_run.returncode == 0, demo_run.stderr
    return demo_run.stdout.strip()


@pytest.fixture(scope="module")
def units(cli: Cli, lab_id: str) -> list[list[str]]:
    return [line.split("\t") for line in cli.ok("units", "--lab", lab_id)]


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path


# --- listing ------------------------------------------------------------------------------------------


def test_demo_prints_the_new_labs_uuid(demo_run: subprocess.CompletedProcess[str]) -> None:
    assert demo_run.returncode == 0
    assert demo_run.stderr == ""
    lines = demo_run.stdout.splitlines()
    assert len(lines) == 1
    assert str(uuid.UUID(lines[0])) == lines[0]


def test_labs_lists_the_demo_lab(cli: Cli, lab_id: str) -> None:
    lines = cli.ok("labs")
    assert len(lines) == 1
    ident, name = lines[0].split("\t")
    assert ident == lab_id
    assert name == load_demo_spec()["lab"]["name"]


def test_units_lists_eight_units_tab_separated(units: list[list[str]]) -> None:
    spec = load_demo_spec()["units"]
    assert len(units) == 8 == len(spec)
    for fields, expected in zip(units, spec, strict=True):
        assert len(fields) == 3, fields
        ident, name, kind = fields
        assert str(uuid.UUID(ident)) == ident
        assert name == expected["name"]
        assert kind == UnitType(expected["unit_type"]).label
    assert len({f[0] for f in units}) == 8


# --- export -------------------------------------------------------------------------------------------


def test_export_plan_of_one_unit(cli: Cli, lab_id: str, units: list[list[str]], out: Path) -> None:
    unit_id, name, _kind = units[1]
    target = out / "x.pdf"
    assert cli.ok("export", "plan", "--lab", lab_id, "--unit", unit_id, "--out", str(target)) == [str(target)]
    assert target.read_bytes().startswith(b"%PDF")
    text = pdf_text(target)
    assert flat(name) in text
    assert flat(units[0][1]) not in text  # only this unit's plan
    assert page_size_mm(target) == (210, 297)
    assert list(out.iterdir()) == [target]  # no temporary file left behind


def test_export_plan_on_f4(cli: Cli, lab_id: str, units: list[list[str]], out: Path) -> None:
    unit_id, name, _kind = units[4]
    target = out / "f4.pdf"
    assert cli.ok(
        "export", "plan", "--lab", lab_id, "--unit", unit_id, "--out", str(target), "--paper", "f4"
    ) == [str(target)]
    assert page_size_mm(target) == (215, 330)
    assert flat(name) in pdf_text(target)


def test_export_plans_writes_one_pdf_per_unit(
    cli: Cli, lab_id: str, units: list[list[str]], out: Path
) -> None:
    folder = out / "semua"
    lines = cli.ok("export", "plans", "--lab", lab_id, "--out", str(folder))
    written = [Path(line) for line in lines]
    assert len(written) == 8
    assert sorted(folder.iterdir()) == sorted(written)
    for path, (_ident, name, _kind) in zip(written, units, strict=True):
        assert path.suffix == ".pdf"
        assert flat(name) in pdf_text(path), (path, name)


def test_export_plans_combined_is_one_pdf_with_a_bookmark_per_unit(
    cli: Cli, lab_id: str, units: list[list[str]], out: Path
) -> None:
    from pypdf import PdfReader

    target = out / "semua.pdf"
    assert cli.ok("export", "plans", "--lab", lab_id, "--out", str(target), "--combined") == [str(target)]
    reader = PdfReader(target)
    top = [o.title for o in reader.outline if not isinstance(o, list)]
    assert top == [name for _ident, name, _kind in units]
    text = pdf_text(target)
    assert text.count("RENCANA PROYEK INOVASI") == len(units)
    assert "Halaman 1 dari" in text


def test_export_blank_worksheet(cli: Cli, lab_id: str, units: list[list[str]], out: Path) -> None:
    unit_id, name, _kind = units[6]
    target = out / "w.pdf"
    assert cli.ok(
        "export", "worksheet", "LK-2f", "--lab", lab_id, "--unit", unit_id, "--blank", "--out", str(target)
    ) == [str(target)]
    text = pdf_text(target)
    assert "LK-2f" in text
    assert flat(name) in text
    assert "Ide Inovasi" in text


# --- errors: a non-zero exit and exactly one line on stderr ------------------------------------------

ERRORS = {
    "unknown lab id": lambda lab, unit, out: ["units", "--lab", str(uuid.uuid4())],
    "lab id that is no id": lambda lab, unit, out: [
        "export",
        "plans",
        "--lab",
        "bukan-id",
        "--out",
        str(out / "d"),
    ],
    "unknown worksheet code": lambda lab, unit, out: [
        "export",
        "worksheet",
        "LK-99",
        "--lab",
        lab,
        "--blank",
        "--out",
        str(out / "w.pdf"),
    ],
    "path inside a missing folder": lambda lab, unit, out: [
        "export",
        "plan",
        "--lab",
        lab,
        "--unit",
        unit,
        "--out",
        str(out / "tidak-ada" / "x.pdf"),
    ],
    "unit of another lab": lambda lab, unit, out: [
        "export",
        "plan",
        "--lab",
        lab,
        "--unit",
        str(uuid.uuid4()),
        "--out",
        str(out / "x.pdf"),
    ],
}


@pytest.mark.parametrize("case", list(ERRORS))
def test_errors_are_one_line_on_stderr(
    cli: Cli, lab_id: str, units: list[list[str]], out: Path, case: str
) -> None:
    done = cli(*ERRORS[case](lab_id, units[0][0], out))
    assert done.returncode != 0
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("labinovasi: ")
    assert "Traceback" not in done.stderr
    assert done.stdout == ""
    assert list(out.iterdir()) == []  # nothing written


def test_a_bad_database_url_is_one_line_on_stderr(cli: Cli, out: Path) -> None:
    done = cli("labs", db="bukan-url")
    assert done.returncode != 0
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("labinovasi: ")
    assert "bukan-url" in lines[0]
    assert done.stdout == ""


# --- the command line exports what the window does ----------------------------------------------------


def test_options_after_the_command_and_a_pack_as_a_process(
    cli: Cli, lab_id: str, units: list[list[str]], out: Path
) -> None:
    target = out / "paket.pdf"
    done = subprocess.run(
        [
            cli.command,
            "export",
            "pack",
            "--lab",
            lab_id,
            "--stage",
            "design",
            "--unit",
            units[2][0],
            "--out",
            str(target),
            "--paper",
            "f4",
            "--db",
            cli.db_url,
        ],
        env=cli.env,
        cwd=cli.home,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(target)
    sizes = {
        tuple(
            sorted((round(float(p.mediabox.width) / 72 * 25.4), round(float(p.mediabox.height) / 72 * 25.4)))
        )
        for p in PdfReader(target).pages
    }
    assert sizes == {(215, 330)}  # F4, portrait or landscape
    text = pdf_text(target)
    assert flat(units[2][1]) in text and "LK-3a · " in text and "LK-2b · " not in text


def test_monev_schedule_per_desk_and_per_unit(cli: Cli, lab_id: str, out: Path) -> None:
    desk = out / "jadwal-meja.pdf"
    assert cli.ok("export", "monev-schedule", "--lab", lab_id, "--out", str(desk)) == [str(desk)]
    pages = PdfReader(desk).pages
    assert len(pages) == 4 and "Meja 3" in (pages[3].extract_text() or "")
    unit = out / "jadwal-unit.pdf"
    cli.ok("export", "monev-schedule", "--lab", lab_id, "--by", "unit", "--paper", "f4", "--out", str(unit))
    text = " ".join((PdfReader(unit).pages[0].extract_text() or "").split())
    assert "Hari 1 · Senin, 24 Mei 2027 08.30–08.50 1" in text
    refused = cli("export", "monev-schedule", "--lab", lab_id, "--by", "hari", "--out", str(unit))
    assert refused.returncode != 0 and "Traceback" not in refused.stderr


def test_monev_report_of_a_unit_and_a_period_as_a_process(
    cli: Cli, lab_id: str, units: list[list[str]], out: Path
) -> None:
    unit = next(u[0] for u in units if u[1] == "Dinas Kesehatan")
    pdf = out / "kemajuan.pdf"
    args = ("export", "monev-report", "--lab", lab_id, "--unit", unit, "--period", "Monev II")
    assert cli.ok(*args, "--paper", "f4", "--out", str(pdf)) == [str(pdf)]
    assert page_size_mm(pdf) == (215, 330)
    text = flat(pdf_text(pdf))
    assert "Periode: Monev II" in text and "SI CANTIK" in text and "Terkendala" in text
    assert "Rata-rata kemajuan" in text
    refused = cli(
        "export", "monev-report", "--lab", lab_id, "--unit", unit, "--period", "Monev IX", "--out", str(pdf)
    )
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    assert "Periode yang ada: Monev I, Monev II" in refused.stderr


def test_plans_to_one_pdf_name_is_refused_as_a_process(cli: Cli, lab_id: str, out: Path) -> None:
    done = cli("export", "plans", "--lab", lab_id, "--out", str(out / "semua.pdf"))
    assert done.returncode == 1
    assert "--combined" in done.stderr and len(done.stderr.splitlines()) == 1
    assert list(out.iterdir()) == []


def test_iid_profile_as_a_process(cli: Cli, lab_id: str, out: Path) -> None:
    done = cli("export", "iid", "--lab", lab_id, "--include-lanjut", "--out", str(out / "profil-iid.csv"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(out / "profil-iid.csv")
    raw = (out / "profil-iid.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfNama OPD/UPTD/Puskesmas;")
    assert "SIPANDU" in raw.decode("utf-8-sig")
    refused = cli("export", "iid", "--lab", lab_id, "--out", str(out / "profil.ods"))
    assert refused.returncode == 1 and ".xlsx (Excel) atau .csv" in refused.stderr
    assert len(refused.stderr.splitlines()) == 1


def test_a_unit_that_fails_is_listed_and_the_others_are_written(
    tmp_path_factory: pytest.TempPathFactory, out: Path
) -> None:
    import sqlite3

    own = Cli(tmp_path_factory.mktemp("cli-broken"))
    lab = own("demo").stdout.strip()
    broken = "Dinas Kesehatan"
    with sqlite3.connect(
        own.db_url.removeprefix("sqlite:///")
    ) as conn:  # one unit's stored worksheet is damaged
        n = conn.execute(
            "UPDATE worksheet_entry SET data = '{\"isi\": ' WHERE idea_id IS NULL AND unit_id = "
            "(SELECT id FROM unit WHERE name = ?)",
            (broken,),
        ).rowcount
    conn.close()
    assert n >= 1
    for args in (["--out", str(out / "semua")], ["--out", str(out / "semua.pdf"), "--combined"]):
        done = own("export", "plans", "--lab", lab, *args)
        assert done.returncode == 1
        assert "Traceback" not in done.stderr and "{" not in done.stderr
        assert done.stderr.splitlines() == [
            "labinovasi: 1 unit gagal dicetak:",
            f"  {broken}: Data lembar kerja unit ini rusak dan tidak dapat dibaca.",
        ]
    written = sorted((out / "semua").glob("*.pdf"))
    assert len(written) == 7 and not any("Kesehatan" in p.name for p in written)
    top = [o.title for o in PdfReader(out / "semua.pdf").outline if not isinstance(o, list)]
    assert len(top) == 7 and broken not in top


def test_rekap_lab_as_a_process(cli: Cli, lab_id: str, out: Path) -> None:
    rekap = out / "rekap.pdf"
    assert cli.ok("export", "rekap", "--lab", lab_id, "--out", str(rekap), "--paper", "f4") == [str(rekap)]
    text = " ".join(" ".join((p.extract_text() or "") for p in PdfReader(rekap).pages).split())
    assert "REKAP LABORATORIUM INOVASI" in text and "7 inovasi dari 6 unit diluncurkan" in text
    assert "Dinas Kependudukan dan Pencatatan Sipil" in text and "Unit yang tuntas" in text
    assert page_size_mm(rekap) == (215, 330)
    missing = cli("export", "rekap", "--lab", "00000000-0000-0000-0000-000000000000", "--out", str(rekap))
    assert missing.returncode == 1 and "Traceback" not in missing.stderr and missing.stderr.strip()


def test_berita_acara_and_the_launch_commitments_as_a_process(cli: Cli, lab_id: str, out: Path) -> None:
    ba = out / "ba.pdf"
    assert cli.ok("export", "berita-acara", "--lab", lab_id, "--out", str(ba), "--paper", "f4") == [str(ba)]
    text = " ".join(" ".join((p.extract_text() or "") for p in PdfReader(ba).pages).split())
    assert "BERITA ACARA" in text and "7 (tujuh) inovasi dari 6 (enam) unit kerja" in text
    komitmen = out / "komitmen.pdf"
    cli.ok("export", "commitment", "--lab", lab_id, "--launched", "--out", str(komitmen))
    assert len(PdfReader(komitmen).pages) == 6
    refused = cli(
        "export", "commitment", "--lab", lab_id, "--launched", "--unit", lab_id, "--out", str(komitmen)
    )
    assert refused.returncode != 0 and "--launched memilih unitnya sendiri" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_posters_as_a_process(cli: Cli, lab_id: str, out: Path) -> None:
    target = out / "poster.pdf"
    assert cli.ok("export", "poster", "--lab", lab_id, "--out", str(target)) == [str(target)]
    reader = PdfReader(target)
    assert len(reader.pages) == 7 and round(float(reader.pages[0].mediabox.height) / 72 * 25.4) == 420
    refused = cli("export", "poster", "--lab", lab_id, "--paper", "f4", "--out", str(target))
    assert refused.returncode == 2 and "Traceback" not in refused.stderr


def test_direktori_as_a_process(cli: Cli, lab_id: str, out: Path) -> None:
    target = out / "direktori.pdf"
    assert cli.ok("export", "direktori", "--lab", lab_id, "--out", str(target), "--paper", "f4") == [
        str(target)
    ]
    text = " ".join((p.extract_text() or "") for p in PdfReader(target).pages)
    assert "DIREKTORI INOVASI" in text and "Indeks menurut Urusan" in text


def test_pameran_as_a_process(cli: Cli, lab_id: str, out: Path) -> None:
    target = out / "pameran.pdf"
    assert cli.ok("export", "pameran", "--lab", lab_id, "--out", str(target), "--paper", "f4") == [
        str(target)
    ]
    text = pdf_text(target)
    assert "REKAP PAMERAN DAN REPLIKASI INOVASI" in text and "PEMERINTAH KABUPATEN WANASARI" in text
    assert "3 pameran · 7 inovasi dipamerkan · 5 permintaan replikasi" in text
    assert (
        "Festival Inovasi Daerah Provinsi Jawa Tengah 2027" in text
        and "Dinas Dukcapil Kota Banyuhilir" in text
    )
    assert page_size_mm(target) == (215, 330)
    missing = cli("export", "pameran", "--lab", "00000000-0000-0000-0000-000000000000", "--out", str(target))
    assert missing.returncode == 1 and "Traceback" not in missing.stderr and missing.stderr.strip()
    bad = cli("export", "pameran", "--lab", "bukan-id", "--out", str(target))
    assert bad.returncode != 0 and "Traceback" not in bad.stderr and bad.stderr.count("\n") <= 1
