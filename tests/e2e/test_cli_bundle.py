"""`labinovasi bundle export|import` as processes: the demo lab to a second laptop's database and back,
a conflict (exit status 3), --dry-run, --lab of another lab, a hostile file, the merge report PDF."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from labinovasi.db.engine import open_database
from labinovasi.ops import spine as spine_ops
from labinovasi.ops.device import device_id
from tests.e2e.test_cli import Cli, pdf_text


@pytest.fixture(scope="module")
def two(tmp_path_factory: pytest.TempPathFactory) -> tuple[Cli, Cli, str]:
    main = Cli(tmp_path_factory.mktemp("utama"))
    other = Cli(tmp_path_factory.mktemp("laptop-b"))
    main.env["LABINOVASI_DEVICE"] = "utama"
    other.env["LABINOVASI_DEVICE"] = "laptop-b"
    done = main("demo")
    assert done.returncode == 0, done.stderr
    return main, other, done.stdout.strip()


def _set_head(cli: Cli, unit_id: str, head: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """An edit made on that laptop (through the app's write path, as the window makes it)."""
    monkeypatch.setenv("LABINOVASI_DEVICE", cli.env["LABINOVASI_DEVICE"])
    device_id.cache_clear()
    db = open_database(cli.db_url)
    try:
        spine_ops.update_unit(db, unit_id, head_name=head)
    finally:
        db.close()
        device_id.cache_clear()


def test_a_lab_goes_to_another_laptop_and_comes_back_with_a_conflict(
    two, tmp_path: Path, monkeypatch
) -> None:  # noqa: ANN001
    main, other, lab_id = two
    bundle = tmp_path / "lab.labinovasi"
    lines = main.ok("bundle", "export", "--lab", lab_id, "--out", str(bundle))
    assert lines[0] == str(bundle) and "unit" in lines[1]
    assert zipfile.ZipFile(bundle).read("manifest.json")
    lines = other.ok("bundle", "import", str(bundle))
    assert any("(lab baru)" in line for line in lines)
    unit_id, _name = other.ok("units", "--lab", lab_id)[0].split("\t")[:2]
    # both laptops rename the same unit's head: one field, two values
    for cli, head in ((main, "Kepala Utama"), (other, "Kepala B")):
        _set_head(cli, unit_id, head, monkeypatch)
    back = tmp_path / "kembali.labinovasi"
    other.ok("bundle", "export", "--lab", lab_id, "--out", str(back))
    dry = main("bundle", "import", str(back), "--dry-run")
    assert dry.returncode == 3, dry.stderr
    assert "Uji coba saja" in dry.stdout and "Konflik" in dry.stdout
    report = tmp_path / "laporan.pdf"
    done = main("bundle", "import", str(back), "--laporan", str(report))
    assert done.returncode == 3 and "konflik menunggu keputusan" in done.stderr
    assert "Kepala B" in done.stdout and "Traceback" not in done.stderr
    text = pdf_text(report)
    assert "Laporan Penggabungan Bundel" in text and "Kepala B" in text and "Kepala Utama" in text
    # the same bundle again: nothing new, the conflict still waits (exit 3), nothing doubled
    again = main("bundle", "import", str(back))
    assert again.returncode == 3 and "Tidak ada yang berubah" in again.stdout


def test_refusals_are_one_clear_sentence(two, tmp_path: Path) -> None:  # noqa: ANN001
    main, _other, lab_id = two
    bundle = tmp_path / "lab.labinovasi"
    main.ok("bundle", "export", "--lab", lab_id, "--out", str(bundle))
    other_lab = "00000000-0000-4000-8000-000000000000"
    done = main("bundle", "import", str(bundle), "--lab", other_lab)
    assert done.returncode == 1 and "bukan lab yang dipilih" in done.stderr
    bad = tmp_path / "jahat.labinovasi"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("../../evil.txt", "x")
    done = main("bundle", "import", str(bad))
    assert done.returncode == 1 and "tidak aman" in done.stderr and "Traceback" not in done.stderr
    done = main("bundle", "export", "--lab", lab_id, "--out", str(tmp_path / "salah.zip"))
    assert done.returncode == 1 and ".labinovasi" in done.stderr
