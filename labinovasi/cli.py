"""The ``labinovasi`` command line. Works without a display; the window is started through the
``open_window`` callback the Qt launcher passes in (the core never imports Qt)."""

from __future__ import annotations

import argparse
import contextlib
import sys
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from labinovasi import __version__
from labinovasi.db.backups import BackupError
from labinovasi.db.engine import (
    CorruptDatabaseFile,
    Database,
    DatabaseOpenError,
    EmptyDatabaseFile,
    open_database,
)
from labinovasi.domain.enums import Scope
from labinovasi.domain.stages import Stage
from labinovasi.i18n import _, current_locale, set_language
from labinovasi.ops.demo import create_demo_lab, find_or_create_demo_lab
from labinovasi.ops.imports import apply_import
from labinovasi.paths import default_db_url
from labinovasi.reports.batch import BatchResult, ExportError, export_combined, export_plans
from labinovasi.reports.common import PaperError, write_atomically
from labinovasi.services import labs as svc
from labinovasi.services.context import WorksheetContext
from labinovasi.services.iid_export import check_suffix as check_iid_suffix
from labinovasi.services.iid_export import cut_message, export_iid
from labinovasi.services.importing import (
    Kind,
    RawTable,
    guess_mapping,
    norm_key,
    plan_import,
    read_table,
    write_rejected_report,
)
from labinovasi.services.records import NotFoundError
from labinovasi.services.sessions import list_sessions
from labinovasi.services.worksheets import load_worksheet
from labinovasi.services.xlsx_export import export_units_people_xlsx
from labinovasi.worksheets.registry import default_registry
from labinovasi.worksheets.schema import Template, TemplateError

T = TypeVar("T")

OpenWindow = Callable[[argparse.Namespace], int]


class CliError(Exception):
    """One clear line for the user; exit status 1."""


# argparse's own texts (usage, errors, the help option) in Indonesian. argparse looks them up through its
# module-level gettext functions, which main() swaps for these while it builds the parser and parses.
ARGPARSE_ID = {
    "usage: ": "penggunaan: ",
    "positional arguments": "argumen posisi",
    "options": "opsi",
    "optional arguments": "opsi",
    "show this help message and exit": "tampilkan bantuan ini lalu keluar",
    "argument %(argument_name)s: %(message)s": "argumen %(argument_name)s: %(message)s",
    "unrecognized arguments: %s": "argumen tidak dikenal: %s",
    "the following arguments are required: %s": "argumen berikut wajib diisi: %s",
    "expected one argument": "perlu satu nilai",
    "expected at most one argument": "paling banyak satu nilai",
    "expected at least one argument": "perlu paling sedikit satu nilai",
    "invalid choice: %(value)r (choose from %(choices)s)": "pilihan tidak dikenal: %(value)r (pilih dari %(choices)s)",
    "invalid %(type)s value: %(value)r": "nilai %(type)s tidak sah: %(value)r",
    "%(prog)s: error: %(message)s\n": "%(prog)s: galat: %(message)s\n",
    "ambiguous option: %(option)s could match %(matches)s": "opsi ambigu: %(option)s bisa berarti %(matches)s",
    "not allowed with argument %s": "tidak boleh bersama argumen %s",
    "ignored explicit argument %r": "nilai %r diabaikan",
    "one of the arguments %s is required": "salah satu argumen %s wajib diisi",
    "can't open '%(filename)s': %(error)s": "tidak dapat membuka '%(filename)s': %(error)s",
    "unexpected option string: %s": "opsi tak terduga: %s",
    "expected %s argument": "perlu %s nilai",
    "expected %s arguments": "perlu %s nilai",
}


@contextlib.contextmanager
def _argparse_language() -> Iterator[None]:
    """argparse speaks Indonesian while the interface does (English stays argparse's own)."""
    if current_locale() != "id":
        yield
        return
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]

    def gettext(message: str) -> str:
        return ARGPARSE_ID.get(message, message)

    def ngettext(singular: str, plural: str, n: int) -> str:
        return gettext(singular if n == 1 else plural)

    argparse._, argparse.ngettext = gettext, ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


PAPERS = ["a4", "f4"]


def _stage(value: str) -> Stage | None:
    """A stage by its name as people type it (``diagnose``, ``Drum-up``, ``drum_up``); ``semua``/``all``: None."""
    key = value.strip().lower().replace("-", "_").replace(" ", "_")
    if key in ("semua", "all"):
        return None
    for stage in Stage:
        if key in (stage.value, stage.label.lower().replace("-", "_").replace(" ", "_")):
            return stage
    raise argparse.ArgumentTypeError(
        _("tahap tidak dikenal: {value} (pilih {choices} atau semua)").format(
            value=value, choices=", ".join(s.value.replace("_", "-") for s in Stage)
        )
    )


def build_parser() -> argparse.ArgumentParser:
    # --db and --lang may also follow the command (``labinovasi demo --db X``); SUPPRESS keeps a value
    # given before the command when none is given after it
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="URL",
        default=argparse.SUPPRESS,
        help=_("alamat basis data SQLAlchemy (bawaan: LABINOVASI_DB atau berkas SQLite di folder data)"),
    )
    common.add_argument(
        "--lang", metavar=_("KODE"), default=argparse.SUPPRESS, help=_("bahasa antarmuka (id, en)")
    )

    p = argparse.ArgumentParser(
        prog="labinovasi",
        description=_("Lab Inovasi: menjalankan Laboratorium Inovasi (5D+1) secara luring."),
    )
    p.add_argument(
        "--version",
        action="version",
        version=f"Lab Inovasi {__version__}",
        help=_("tampilkan versi lalu keluar"),
    )
    p.add_argument(
        "--db",
        metavar="URL",
        help=_("alamat basis data SQLAlchemy (bawaan: LABINOVASI_DB atau berkas SQLite di folder data)"),
    )
    p.add_argument("--demo", action="store_true", help=_("buka jendela pada lab demo"))
    p.add_argument("--lab", metavar="ID", help=_("buka jendela pada lab ini"))
    p.add_argument("--lang", metavar=_("KODE"), help=_("bahasa antarmuka (id, en)"))
    p.add_argument("--smoke-test", type=Path, metavar="BERKAS.pdf", help=argparse.SUPPRESS)
    sub = p.add_subparsers(dest="command", metavar=_("PERINTAH"))

    def command(parent: argparse._SubParsersAction, name: str, text: str) -> argparse.ArgumentParser:
        return parent.add_parser(name, help=text, description=text, parents=[common])

    command(sub, "demo", _("buat lab demo di basis data dan cetak id-nya"))
    command(sub, "labs", _("daftar lab (id, nama)"))
    units = command(sub, "units", _("daftar unit sebuah lab (id, nama, jenis)"))
    units.add_argument("--lab", dest="lab_id", required=True, metavar="ID")
    ideas = command(sub, "ideas", _("daftar ide sebuah unit (id, judul, status)"))
    ideas.add_argument("--unit", dest="unit_id", required=True, metavar="ID")
    bukti = command(
        sub, "bukti", _("daftar berkas bukti (LK-4c) sebuah lab dan apakah masih ada di folder bukti lab")
    )
    bukti.add_argument("--lab", dest="lab_id", required=True, metavar="ID")
    bukti.add_argument("--hilang", action="store_true", help=_("hanya berkas yang hilang"))
    sessions = command(sub, "sessions", _("daftar sesi sebuah lab (id, tanggal, tahap, judul)"))
    sessions.add_argument("--lab", dest="lab_id", required=True, metavar="ID")

    def out_pdf(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--out", required=True, type=Path, metavar=_("BERKAS.pdf"))
        parser.add_argument(
            "--paper", default="a4", type=str.lower, choices=PAPERS, help=_("ukuran kertas (bawaan: a4)")
        )

    export = command(sub, "export", _("ekspor PDF"))
    ex = export.add_subparsers(dest="what", metavar=_("JENIS"), required=True)
    plan = command(ex, "plan", _("Rencana Proyek Inovasi satu unit"))
    plan.add_argument("--lab", dest="lab_id", required=True, metavar="ID")
    plan.add_argument("--unit", dest="unit_id", required=True, metavar="ID")
    out_pdf(plan)
    plans = command(
        ex,
        "plans",
        _("Rencana Proyek Inovasi semua unit, satu PDF per unit (atau satu PDF gabungan dengan --combined)"),
    )
    plans.add_argument("--lab", dest="lab_id", required=True, metavar="ID")
    plans.add_argument("--out", required=True, type=Path, metavar=_("FOLDER|BERKAS.pdf"))
    plans.add_argument(
        "--combined",
        action="store_true",
        help=_("satu PDF berisi semua unit, dengan penanda (bookmark) per unit"),
    )
    plans.add_argument(
        "--paper", default="a4", type=str.lower, choices=PAPERS, help=_("ukuran kertas (bawaan: a4)")
    )
    ws = command(ex, "worksheet", _("lembar kerja terisi, atau kosong dengan --blank"))
    ws.add_argument(
        "code", metavar=_("KODE"), help=_("kode lembar kerja, mis. LK-2f (huruf besar/kecil sama)")
    )
    ws.add_argument("--lab", dest="lab_id", required=True, metavar="ID")
    ws.add_argument(
        "--unit", dest="unit_id", metavar="ID", help=_("unit (wajib untuk lembar kerja unit yang terisi)")
    )
    ws.add_argument(
        "--idea", dest="idea_id", metavar="ID", help=_("ide (wajib untuk lembar kerja ide yang terisi)")
    )
    ws.add_argument("--blank", action="store_true", help=_("lembar kosong untuk diisi tangan"))
    out_pdf(ws)
    commit = command(ex, "commitment", _("Pernyataan Komitmen Berinovasi satu unit atau semua unit"))
    commit.add_argument("--lab", dest="lab_id", required=True, metavar="ID")
    commit.add_argument(
        "--unit",
        dest="unit_ids",
        action="append",
        metavar="ID",
        help=_("unit (boleh diulang; bawaan: semua unit)"),
    )
    commit.add_argument(
        "--launched",
        action="store_true",
        help=_("pernyataan saat launching, untuk unit yang inovasinya diluncurkan (LK-4a)"),
    )
    out_pdf(commit)
    mon = command(
        ex, "monev-schedule", _("Jadwal Meja Monev sebuah lab (dari LK-4d): per meja atau per unit")
    )
    mon.add_argument("--lab", dest="lab_id", required=True, metavar="ID")
    mon.add_argument(
        "--by",
        default="desk",
        type=str.lower,
        choices=("desk", "unit"),
        help=_("desk: jadwal tiap meja (bawaan); unit: daftar unit dengan hari, jam dan mejanya"),
    )
    out_pdf(mon)
    rep = command(
        ex,
        "monev-report",
        _("Laporan Kemajuan Unit satu periode monev (dari LK-4b): kegiatan, status, kemajuan, kendala"),
    )
    rep.add_argument("--lab", dest="lab_id", required=True, metavar="ID")
    rep.add_argument("--unit", dest="unit_id", required=True, metavar="ID")
    rep.add_argument(
        "--period", required=True, metavar=_("NAMA"), help=_('nama periode monev, mis. "Monev I"')
    )
    out_pdf(rep)
    ba = command(ex, "berita-acara", _("Berita Acara Peluncuran Inovasi sebuah lab (dari LK-4a)"))
    ba.add_argument("--lab", dest="lab_id", required=True, metavar="ID")
    out_pdf(ba)
    poster = command(
        ex, "poster", _("Poster inovasi yang diluncurkan, satu halaman per inovasi, dalam satu PDF")
    )
    poster.add_argument("--lab", dest="lab_id", required=True, metavar="ID")
    poster.add_argument("--unit", dest="unit_id", metavar="ID", help=_("hanya inovasi unit ini"))
    poster.add_argument("--blank", action="store_true", help=_("satu poster kosong untuk diisi tangan"))
    poster.add_argument("--out", required=True, type=Path, metavar=_("BERKAS.pdf"))
    poster.add_argument(
        "--paper", default="a3", type=str.lower, choices=["a3", "a4"], help=_("ukuran kertas (bawaan: a3)")
    )
    direk = command(ex, "direktori", _("Direktori Inovasi: buku inovasi yang diluncurkan di lokus"))
    direk.add_argument("--lab", dest="lab_id", required=True, metavar="ID")
    out_pdf(direk)
    rekap = command(ex, "rekap", _("Rekap Laboratorium Inovasi sebuah lab, untuk kepala daerah"))
    rekap.add_argument("--lab", dest="lab_id", required=True, metavar="ID")
    out_pdf(rekap)
    pameran = command(
        ex, "pameran", _("Rekap Pameran dan Replikasi Inovasi sebuah lab (dari LK-5b dan LK-5c)")
    )
    pameran.add_argument("--lab", dest="lab_id", required=True, metavar="ID")
    out_pdf(pameran)
    kesiapan = command(
        ex,
        "kesiapan-iid",
        _("Pemeriksaan kesiapan IID dan KIPP inovasi yang diluncurkan (perkiraan aplikasi)"),
    )
    kesiapan.add_argument("--lab", dest="lab_id", required=True, metavar="ID")
    out_pdf(kesiapan)
    att = command(ex, "attendance", _("Daftar Hadir sebuah sesi"))
    att.add_argument(
        "--session",
        dest="session_id",
        required=True,
        metavar="ID",
        help=_("sesi (lihat: labinovasi sessions --lab ID)"),
    )
    att.add_argument("--present-only", action="store_true", help=_("hanya peserta yang ditandai hadir"))
    att.add_argument(
        "--walk-in-rows",
        type=int,
        default=10,
        metavar="N",
        help=_("baris kosong untuk peserta yang datang tanpa terdaftar (bawaan: 10)"),
    )
    out_pdf(att)
    pack = command(ex, "pack", _("paket lembar kerja kosong per unit untuk dicetak, dalam satu PDF"))
    pack.add_argument("--lab", dest="lab_id", required=True, metavar="ID")
    pack.add_argument(
        "--stage",
        dest="stages",
        action="append",
        type=_stage,
        metavar=_("TAHAP"),
        help=_(
            "tahap (boleh diulang): drum-up, diagnose, design, deliver, display, documentation "
            "atau semua (bawaan: semua)"
        ),
    )
    pack.add_argument(
        "--unit",
        dest="unit_ids",
        action="append",
        metavar="ID",
        help=_("unit (boleh diulang; bawaan: semua unit)"),
    )
    out_pdf(pack)
    xl = command(ex, "units-xlsx", _("unit dan peserta sebuah lab ke satu berkas Excel (.xlsx)"))
    xl.add_argument("--lab", dest="lab_id", required=True, metavar="ID")
    xl.add_argument("--out", required=True, type=Path, metavar=_("BERKAS.xlsx"))
    iid = command(
        ex, "iid", _("Profil Inovasi untuk portal Indeks Inovasi Daerah (IID): satu baris per inovasi")
    )
    iid.add_argument("--lab", dest="lab_id", required=True, metavar="ID")
    iid.add_argument(
        "--out",
        required=True,
        type=Path,
        metavar=_("BERKAS.xlsx|BERKAS.csv"),
        help=_("berkas Excel (.xlsx) atau CSV (.csv, dibuka Excel berbahasa Indonesia)"),
    )
    iid.add_argument(
        "--include-lanjut",
        action="store_true",
        help=_("sertakan juga ide berstatus lanjut yang belum diluncurkan (bawaan: hanya yang diluncurkan)"),
    )

    ruang = command(
        sub,
        "ruang",
        _("buka ruang peserta sebuah lab (server web di jaringan lokal) sampai Ctrl+C"),
    )
    ruang.add_argument("--lab", dest="lab_id", required=True, metavar="ID")
    ruang.add_argument(
        "--host",
        metavar=_("ALAMAT"),
        help=_("alamat yang didengarkan (bawaan: alamat Wi-Fi laptop ini; 0.0.0.0 = semua antarmuka lokal)"),
    )
    ruang.add_argument("--port", type=int, default=8765, metavar="N", help=_("port (bawaan: 8765)"))
    ruang.add_argument(
        "--kode",
        type=Path,
        metavar=_("BERKAS.pdf"),
        help=_("tulis lembar kode unit ke berkas ini (bawaan: Kode_Ruang_Peserta.pdf di folder data)"),
    )

    backup = command(sub, "backup", _("buat cadangan basis data sekarang (atau --list: daftar cadangan)"))
    backup.add_argument(
        "--out",
        type=Path,
        metavar=_("BERKAS"),
        help=_("tulis cadangan ke berkas ini (bawaan: folder cadangan di folder data)"),
    )
    backup.add_argument("--list", action="store_true", help=_("daftar cadangan: waktu, alasan, ukuran, isi"))
    restore = command(
        sub, "restore", _("pulihkan basis data dari sebuah cadangan (keadaan sekarang dicadangkan dulu)")
    )
    restore.add_argument("file", type=Path, metavar=_("BERKAS"), help=_("berkas cadangan (.sqlite3)"))

    bundle = command(
        sub, "bundle", _("bundel lab (.labinovasi) untuk dibawa ke laptop lain, dan menggabungkannya")
    )
    bu = bundle.add_subparsers(dest="what", metavar=_("TINDAKAN"), required=True)
    bex = command(bu, "export", _("tulis satu lab, atau unit pilihan, ke satu berkas bundel"))
    bex.add_argument("--lab", dest="lab_id", required=True, metavar="ID")
    bex.add_argument(
        "--unit",
        dest="unit_ids",
        action="append",
        metavar="ID",
        help=_("unit (boleh diulang; bawaan: semua unit)"),
    )
    bex.add_argument(
        "--tanpa-data-pribadi",
        dest="private_data",
        action="store_false",
        help=_("kosongkan NIP, nomor telepon dan surel di bundel"),
    )
    bex.add_argument("--out", required=True, type=Path, metavar=_("BERKAS.labinovasi"))
    bim = command(
        bu,
        "import",
        _("gabungkan bundel ke basis data (lab baru, atau digabung per isian); status 3 bila ada konflik"),
    )
    bim.add_argument("file", type=Path, metavar=_("BERKAS.labinovasi"))
    bim.add_argument("--lab", dest="lab_id", metavar="ID", help=_("lab tujuan; bundel lab lain ditolak"))
    bim.add_argument("--dry-run", action="store_true", help=_("tampilkan laporannya saja, jangan simpan"))
    bim.add_argument(
        "--laporan", type=Path, metavar=_("BERKAS.pdf"), help=_("tulis laporan penggabungan ke PDF")
    )

    imp = command(sub, "import", _("impor unit atau peserta dari berkas Excel (.xlsx) atau CSV"))
    im = imp.add_subparsers(dest="what", metavar=_("JENIS"), required=True)
    for what, text in (
        ("units", _("unit peserta lab (unit dulu, sebelum peserta)")),
        ("people", _("peserta; unitnya harus sudah ada di lab")),
    ):
        one = command(im, what, text)
        one.add_argument("--lab", dest="lab_id", required=True, metavar="ID")
        one.add_argument("file", type=Path, metavar=_("BERKAS"), help=_("berkas .xlsx atau .csv"))
        one.add_argument("--sheet", metavar=_("NAMA"), help=_("nama lembar di berkas Excel"))
        one.add_argument("--dry-run", action="store_true", help=_("periksa saja, jangan simpan"))
        one.add_argument(
            "--kolom",
            action="append",
            default=[],
            metavar=_("ISIAN=KOLOM"),
            help=_(
                "pilih kolom sendiri, mis. nama=B atau telepon=\"No. HP\"; '-' = tidak dipakai. "
                "Isian: {fields}"
            ).format(fields=", ".join(_CLI_FIELDS[what])),
        )
        one.add_argument(
            "--laporan",
            type=Path,
            metavar=_("BERKAS"),
            help=_("tulis baris yang ditolak dan duplikat ke berkas .xlsx atau .csv"),
        )
    return p


# the names of importable fields on the command line (Indonesian) -> the importer's keys
_CLI_FIELDS = {
    "units": {
        "nama": "name",
        "jenis": "unit_type",
        "kepala": "head_name",
        "nip_kepala": "head_nip",
        "alamat": "address",
    },
    "people": {
        "nama": "name",
        "unit": "unit",
        "nip": "nip",
        "jabatan": "jabatan",
        "peran": "role",
        "telepon": "phone",
        "surel": "email",
    },
}


def _cli_mapping(table: RawTable, kind: Kind, choices: list[str]) -> dict[str, int | None]:
    mapping = guess_mapping(table.headers, kind)
    fields = _CLI_FIELDS[kind]
    for item in choices:
        name, sep, column = item.partition("=")
        name, column = name.strip().lower(), column.strip()
        if not sep or name not in fields:
            raise CliError(
                _(
                    "--kolom '{item}' tidak dikenal; tulis ISIAN=KOLOM dengan ISIAN salah satu: {fields}"
                ).format(item=item, fields=", ".join(fields))
            )
        if column in ("", "-"):
            mapping[fields[name]] = None
            continue
        titles = [norm_key(h) for h in table.headers]
        if norm_key(column) in titles:
            index = titles.index(norm_key(column))
        elif column.isalpha() and len(column) <= 3:
            index = sum((ord(c) - 64) * 26**i for i, c in enumerate(reversed(column.upper()))) - 1
        else:
            index = -1
        if not 0 <= index < table.column_count:
            raise CliError(
                _("Kolom '{column}' tidak ada. Kolom berkas: {columns}").format(
                    column=column, columns=_columns(table)
                )
            )
        mapping[fields[name]] = index
    return mapping


def _columns(table: RawTable, limit: int = 12) -> str:
    names = [table.column_name(i) for i in range(min(limit, table.column_count))]
    more = table.column_count - len(names)
    return "; ".join(names) + (_(" dan {n} kolom lain").format(n=more) if more > 0 else "")


def _run_import(args: argparse.Namespace, db: Database, out) -> int:  # noqa: ANN001 - a text stream
    kind: Kind = args.what
    svc.get_lab(db, args.lab_id)
    table = read_table(args.file.expanduser(), args.sheet, kind)
    plan = plan_import(db, args.lab_id, table, _cli_mapping(table, kind, args.kolom), kind)
    if plan.problems:
        raise CliError(
            " ".join(plan.problems) + " " + _("Kolom berkas: {columns}").format(columns=_columns(table))
        )
    for w in plan.warnings:
        print(_("peringatan: {text}").format(text=w), file=out)
    if args.dry_run:
        result_plan, summary = (
            plan,
            _("uji coba, tidak ada yang disimpan: {summary}").format(summary=plan.summary()),
        )
    else:
        result = apply_import(db, args.lab_id, plan)
        result_plan, summary = result.plan, result.summary()
    for line in result_plan.rejected_lines():
        print(line, file=out)
    for d in result_plan.duplicates:
        print(_("baris {n}: duplikat, {reason}").format(n=d.row, reason=d.reason), file=out)
    if args.laporan and (result_plan.rejected or result_plan.duplicates):
        report = args.laporan.expanduser()
        if report.is_dir() or not report.parent.is_dir():
            raise CliError(_("Berkas laporan tidak dapat ditulis di {path}").format(path=report))
        try:
            write_rejected_report(result_plan, report)
        except OSError as exc:
            raise CliError(
                _("Tidak dapat menulis {path}: {err}").format(path=report, err=exc.strerror or exc)
            ) from exc
        print(_("laporan baris ditolak: {path}").format(path=report), file=out)
    print(summary, file=out)
    return 0


def _table_out(path: Path, folder_message: str) -> Path:
    """A spreadsheet's path from the command line, its folder there (``folder_message``: it is a folder)."""
    path = path.expanduser()
    if path.is_dir():
        raise CliError(folder_message.format(path=path))
    if not path.parent.is_dir():
        raise CliError(_("Folder tujuan tidak ada: {folder}").format(folder=path.parent))
    return path


def _writing(path: Path, write: Callable[[], T]) -> T:
    """``write()``, with a disk's refusal said in one plain line."""
    try:
        return write()
    except OSError as exc:
        raise CliError(
            _("Tidak dapat menulis {path}: {err}").format(path=path, err=exc.strerror or exc)
        ) from exc


def _out_file(path: Path) -> Path:
    path = path.expanduser()
    if path.is_dir():
        raise CliError(_("{path} adalah folder; sebutkan nama berkas PDF").format(path=path))
    if not path.parent.is_dir():
        raise CliError(_("Folder tujuan tidak ada: {folder}").format(folder=path.parent))
    return path


def _write(path: Path, pdf: bytes) -> None:
    try:
        write_atomically(path, pdf)
    except OSError as exc:
        raise CliError(
            _("Tidak dapat menulis {path}: {err}").format(path=path, err=exc.strerror or exc)
        ) from exc


def _template(code: str) -> Template:
    """The worksheet ``code`` names, whatever its case (``lk-2F`` is LK-2f)."""
    reg = default_registry()
    found = {t.code.casefold(): t.code for t in reg.all()}.get(code.strip().casefold())
    if found is None:
        raise CliError(
            _("Lembar kerja '{code}' tidak dikenal. Yang ada: {codes}").format(
                code=code, codes=", ".join(t.code for t in reg.all())
            )
        )
    return reg.get(found)


def _export_worksheet(args: argparse.Namespace, db: Database) -> bytes:
    from labinovasi.reports.worksheet_pdf import render_blank_worksheet, render_filled_worksheet  # noqa: PLC0415

    template = _template(args.code)
    lab = svc.get_lab(db, args.lab_id)
    idea = svc.get_idea(db, args.idea_id) if args.idea_id else None
    unit_id = args.unit_id or (idea.unit_id if idea else None)
    unit = svc.get_unit(db, unit_id, lab.id) if unit_id else None
    if idea is not None and unit is not None and idea.unit_id != unit.id:
        raise CliError(_("Ide {idea} bukan milik unit {unit}").format(idea=idea.title, unit=unit.name))
    ctx = WorksheetContext(db, lab.id, unit.id if unit else None, idea.id if idea else None)
    names = (lab.name, unit.name if unit else "", idea.title if idea else "")
    if args.blank:
        return render_blank_worksheet(template, args.paper, *names, ctx=ctx)
    if template.scope is Scope.UNIT and unit is None:
        raise CliError(
            _("{code} diisi per unit: sebutkan --unit ID (atau --blank untuk lembar kosong)").format(
                code=template.code
            )
        )
    if template.scope is Scope.IDEA and idea is None:
        raise CliError(
            _(
                "{code} diisi per ide: sebutkan --idea ID (daftar ide: labinovasi ideas --unit ID), "
                "atau --blank untuk lembar kosong"
            ).format(code=template.code)
        )
    stored = load_worksheet(db, template.code, lab.id, unit.id if unit else None, idea.id if idea else None)
    return render_filled_worksheet(template, stored.data, args.paper, *names, ctx=ctx)


def _export_pdf(args: argparse.Namespace, db: Database) -> bytes:
    """The PDF of an ``export`` command that writes one PDF file."""
    # ReportLab loads for a PDF only: listing labs or units starts without it
    from labinovasi.reports.attendance_pdf import render_daftar_hadir  # noqa: PLC0415
    from labinovasi.reports.berita_acara_pdf import render_berita_acara  # noqa: PLC0415
    from labinovasi.reports.commitment_pdf import (  # noqa: PLC0415
        render_commitments,
        render_launch_commitments,
    )
    from labinovasi.reports.data import unit_plan_data  # noqa: PLC0415
    from labinovasi.reports.rekap_lab import render_rekap_lab  # noqa: PLC0415
    from labinovasi.reports.unit_plan import render_unit_plan  # noqa: PLC0415
    from labinovasi.reports.worksheet_pack import render_worksheet_pack  # noqa: PLC0415

    if args.what == "plan":
        return render_unit_plan(unit_plan_data(db, args.lab_id, args.unit_id), args.paper)
    if args.what == "worksheet":
        return _export_worksheet(args, db)
    if args.what == "commitment":
        svc.get_lab(db, args.lab_id)
        if args.launched:
            if args.unit_ids:
                raise CliError(_("--launched memilih unitnya sendiri: jangan pakai --unit bersamanya"))
            return render_launch_commitments(db, args.lab_id, args.paper)
        return render_commitments(db, args.lab_id, args.unit_ids, args.paper)
    if args.what == "monev-schedule":
        from labinovasi.reports.monev_schedule_pdf import render_monev_schedule  # noqa: PLC0415

        return render_monev_schedule(db, args.lab_id, args.paper, args.by)
    if args.what == "monev-report":
        from labinovasi.reports.monev_report_pdf import render_monev_report  # noqa: PLC0415

        return render_monev_report(db, args.lab_id, args.unit_id, args.period, args.paper)
    if args.what == "berita-acara":
        return render_berita_acara(db, args.lab_id, args.paper)
    if args.what == "direktori":
        from labinovasi.reports.direktori_pdf import render_direktori  # noqa: PLC0415

        return render_direktori(db, args.lab_id, args.paper)
    if args.what == "poster":
        from labinovasi.reports.poster_pdf import poster_pack, render_posters  # noqa: PLC0415

        return render_posters(poster_pack(db, args.lab_id, args.unit_id), args.paper, args.blank)
    if args.what == "rekap":
        return render_rekap_lab(db, args.lab_id, args.paper)
    if args.what == "pameran":
        from labinovasi.reports.display_pdf import render_display_recap  # noqa: PLC0415
        from labinovasi.services.display import display_recap  # noqa: PLC0415

        return render_display_recap(display_recap(db, args.lab_id), args.paper)
    if args.what == "kesiapan-iid":
        from labinovasi.reports.readiness_check_pdf import render_readiness_check  # noqa: PLC0415

        return render_readiness_check(db, args.lab_id, args.paper)
    if args.what == "attendance":
        return render_daftar_hadir(db, args.session_id, args.paper, args.walk_in_rows, args.present_only)
    if args.what == "pack":
        stages = None if not args.stages or None in args.stages else list(dict.fromkeys(args.stages))
        pdf = render_worksheet_pack(db, args.lab_id, args.unit_ids, stages, args.paper)
        assert pdf is not None  # nothing cancels a command-line export
        return pdf
    raise AssertionError(args)  # pragma: no cover - argparse allows nothing else


def _run_command(args: argparse.Namespace, db: Database) -> int:
    out = sys.stdout
    if args.command == "demo":
        lab = create_demo_lab(db)
        print(lab.id, file=out)
        return 0
    if args.command == "labs":
        for lab in svc.list_labs(db):
            print(f"{lab.id}\t{lab.name}", file=out)
        return 0
    if args.command == "units":
        for u in svc.list_units(db, args.lab_id):
            print(f"{u.id}\t{u.name}\t{u.unit_type.label}", file=out)
        return 0
    if args.command == "ideas":
        for i in svc.list_ideas(db, args.unit_id):
            print(f"{i.id}\t{i.title}\t{i.status.label}", file=out)
        return 0
    if args.command == "bukti":
        from labinovasi.services.evidence_check import MISSING, evidence_entries  # noqa: PLC0415

        entries = evidence_entries(db, args.lab_id)
        missing = [e for e in entries if e.state == MISSING]
        for e in missing if args.hilang else entries:
            what = e.name or e.value
            print(f"{e.unit}\t{e.idea}\t{e.jenis}\t{e.uraian}\t{what}\t{e.state_label}", file=out)
        if missing:
            print(
                _(
                    "labinovasi: {n} berkas bukti hilang dari folder bukti lab; tambahkan lagi di LK-4c."
                ).format(n=len(missing)),
                file=sys.stderr,
            )
            return 1
        return 0
    if args.command == "ruang":
        return _run_room(args, db, out)
    if args.command == "bundle":
        return _run_bundle(args, db, out)
    if args.command == "sessions":
        svc.get_lab(db, args.lab_id)
        for x in list_sessions(db, args.lab_id):
            print(f"{x.id}\t{x.date.isoformat() if x.date else '-'}\t{x.stage.label}\t{x.title}", file=out)
        return 0
    if args.command == "import":
        return _run_import(args, db, out)
    if args.command == "export":
        if args.what == "units-xlsx":
            path = _table_out(args.out, _("{path} adalah folder; sebutkan nama berkas .xlsx"))
            if path.suffix.lower() != ".xlsx":
                raise CliError(_("Nama berkas harus berakhiran .xlsx: {path}").format(path=path))
            _writing(path, lambda: export_units_people_xlsx(db, args.lab_id, path))
            print(path, file=out)
            return 0
        if args.what == "iid":
            path = _table_out(args.out, _("{path} adalah folder; sebutkan nama berkas .xlsx atau .csv"))
            check_iid_suffix(path)
            table = _writing(path, lambda: export_iid(db, args.lab_id, path, args.include_lanjut))
            if not table.rows:
                hint = "" if args.include_lanjut else " " + _("(--include-lanjut: juga ide yang lanjut)")
                print(
                    "labinovasi: "
                    + _("belum ada inovasi yang diluncurkan; berkas hanya berisi judul kolom")
                    + hint,
                    file=sys.stderr,
                )
            for line in cut_message(table).splitlines():
                print(f"labinovasi: {line}", file=sys.stderr)
            print(path, file=out)
            return 0
        if args.what == "plans" and args.combined:
            path = _out_file(args.out)
            svc.get_lab(db, args.lab_id)
            try:
                result = export_combined(db, args.db_url, args.lab_id, path, args.paper)
            except ExportError as exc:
                raise CliError(str(exc)) from exc
            return _batch_report(result, out)
        if args.what == "plans":
            folder = args.out.expanduser()
            if folder.suffix.lower() == ".pdf":
                raise CliError(
                    _(
                        "{path} adalah nama berkas PDF: tambahkan --combined untuk satu PDF berisi semua "
                        "unit, atau sebutkan folder untuk satu PDF per unit"
                    ).format(path=folder)
                )
            if folder.exists() and not folder.is_dir():
                raise CliError(_("{path} bukan folder").format(path=folder))
            if not folder.parent.is_dir():
                raise CliError(_("Folder tujuan tidak ada: {folder}").format(folder=folder.parent))
            svc.get_lab(db, args.lab_id)
            try:
                result = export_plans(db, args.db_url, args.lab_id, folder, args.paper)
            except OSError as exc:
                raise CliError(
                    _("Tidak dapat menulis ke {path}: {err}").format(path=folder, err=exc.strerror or exc)
                ) from exc
            return _batch_report(result, out)
        path = _out_file(args.out)
        _write(path, _export_pdf(args, db))
        print(path, file=out)
        return 0
    raise AssertionError(args)  # pragma: no cover - argparse allows nothing else


def _run_room(args: argparse.Namespace, db: Database, out) -> int:  # noqa: ANN001 - a text stream
    """The participants' room without the window, in the foreground until Ctrl+C or SIGTERM."""
    from labinovasi.paths import data_dir  # noqa: PLC0415
    from labinovasi.room.codes import code_sheet  # noqa: PLC0415
    from labinovasi.room.server import RoomError, RoomServer, local_address  # noqa: PLC0415
    from labinovasi.room.writer import DirectWriter  # noqa: PLC0415

    lab = svc.get_lab(db, args.lab_id)
    if not 0 <= args.port <= 65535:
        raise CliError(_("Port harus angka 0–65535."))
    writer = DirectWriter(db)
    try:
        server = RoomServer(db, lab.id, writer, args.host or local_address(), args.port)
    except RoomError as exc:
        raise CliError(str(exc)) from None
    try:
        if args.kode is None:
            data_dir().mkdir(parents=True, exist_ok=True)
        sheet = _out_file(args.kode or data_dir() / "Kode_Ruang_Peserta.pdf")
        _write(sheet, code_sheet(db, lab.id, server.url, writer, "ruang"))
        print(_("Ruang peserta {lab} terbuka di {url}").format(lab=lab.name, url=server.url), file=out)
        print(_("Lembar kode unit: {path}").format(path=sheet), file=out)
        print(_("Tekan Ctrl+C untuk menutup ruang."), file=out, flush=True)
        server.serve_forever()
    finally:
        server.sock.close()
    print(_("Ruang peserta ditutup."), file=out)
    return 0


def _batch_report(result: BatchResult, out) -> int:  # noqa: ANN001 - a text stream
    """Print what a batch wrote (stdout) and what it could not (stderr); status 1 when a unit failed."""
    for w in result.warnings:
        print(f"labinovasi: {w}", file=sys.stderr)
    for path in result.written:
        print(path, file=out)
    if result.failures:
        print(_("labinovasi: {n} unit gagal dicetak:").format(n=len(result.failures)), file=sys.stderr)
        for failure in result.failures:
            print(f"  {failure.line()}", file=sys.stderr)
        return 1
    return 0


def _run_backup(args: argparse.Namespace, out) -> int:  # noqa: ANN001 - a text stream
    """``backup`` and ``restore`` work on the database file itself, without opening it as a lab."""
    from labinovasi.db import backups  # noqa: PLC0415

    file = backups.database_file(args.db_url)
    if args.command == "restore":
        safety = backups.restore(file, args.file.expanduser())
        print(
            _("dipulihkan dari {backup}; keadaan sebelumnya dicadangkan di {safety}").format(
                backup=args.file, safety=safety.path
            ),
            file=out,
        )
        return 0
    if args.list:
        for b in backups.list_backups(file):
            contents = b.contents()
            held = contents.describe() if contents is not None else _("tidak terbaca")
            print(
                f"{b.taken:%Y-%m-%d %H:%M:%S}\t{b.reason_label}\t{_size(b.size)}\t{held}\t{b.path}", file=out
            )
        return 0
    if args.out is not None:
        target = args.out.expanduser()
        if target.is_dir() or not target.parent.is_dir():
            raise CliError(_("Cadangan tidak dapat ditulis di {path}").format(path=target))
        print(backups.take_backup(file, "manual", out=target).path, file=out)
        return 0
    print(backups.backup_and_rotate(file, "manual").path, file=out)
    return 0


def _run_bundle(args: argparse.Namespace, db: Database, out) -> int:  # noqa: ANN001 - a text stream
    from labinovasi.sync.bundle import export_bundle, read_bundle  # noqa: PLC0415
    from labinovasi.sync.merge import merge_bundle, pending_conflicts  # noqa: PLC0415

    if args.what == "export":
        target = args.out.expanduser()
        if target.suffix.lower() != ".labinovasi":
            raise CliError(
                _("Nama berkas bundel harus berakhiran .labinovasi, mis. {name}").format(
                    name=target.with_suffix(".labinovasi").name
                )
            )
        summary = export_bundle(db, args.lab_id, target, args.unit_ids, private_data=args.private_data)
        print(summary.path, file=out)
        print(
            _("{units} unit, {ideas} ide, {sheets} lembar kerja, {files} berkas bukti").format(
                units=summary.units,
                ideas=summary.counts["idea"],
                sheets=summary.counts["worksheet_entry"],
                files=summary.files,
            ),
            file=out,
        )
        if summary.missing_files:
            print(
                _("labinovasi: {n} berkas bukti hilang dari folder bukti lab dan tidak ikut.").format(
                    n=summary.missing_files
                ),
                file=sys.stderr,
            )
        return 0
    bundle = read_bundle(args.file.expanduser())
    if args.lab_id is not None and str(bundle.lab_id) != str(args.lab_id).strip():
        raise CliError(
            _(
                "Bundel ini berisi lab «{name}» ({id}), bukan lab yang dipilih. Tidak ada yang diubah; impor "
                "tanpa --lab untuk menggabungkannya ke labnya sendiri."
            ).format(name=bundle.lab_name, id=bundle.lab_id)
        )
    report, _inverse = merge_bundle(db, bundle, dry_run=args.dry_run)
    for line in report.lines():
        print(line, file=out)
    if args.laporan is not None:
        from labinovasi.reports.merge_report_pdf import render_merge_report  # noqa: PLC0415

        path = _out_file(args.laporan)
        _write(path, render_merge_report(report))
        print(path, file=out)
    waiting = report.conflicts if args.dry_run else pending_conflicts(db, bundle.lab_id)
    if waiting:
        print(
            _(
                "labinovasi: {n} konflik menunggu keputusan; buka lab ini di jendela: Berkas → Bundel lab → "
                "Konflik penggabungan."
            ).format(n=len(waiting)),
            file=sys.stderr,
        )
        return 3
    return 0


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, round(n / 1024))} KB"


def smoke_test(db_url: str, out: Path) -> int:
    """What a packaged build is checked with: open (or create) the demo lab, export one unit's plan to
    ``out``, and start nothing else. Prints the PDF's path; a failure is one line on stderr."""
    from labinovasi.reports.data import unit_plan_data  # noqa: PLC0415
    from labinovasi.reports.unit_plan import render_unit_plan  # noqa: PLC0415

    db = open_database(db_url)
    try:
        lab = find_or_create_demo_lab(db)
        unit = svc.list_units(db, lab.id)[0]
        path = _out_file(out)
        _write(path, render_unit_plan(unit_plan_data(db, lab.id, unit.id)))
        _smoke_room(db, lab.id)
        print(path)
        return 0
    finally:
        db.close()


def _smoke_room(db: Database, lab_id: uuid.UUID) -> None:
    """The room opens on 127.0.0.1, serves its join page and closes (its modules are in the build)."""
    import urllib.request  # noqa: PLC0415

    from labinovasi.room.server import RoomServer  # noqa: PLC0415
    from labinovasi.room.writer import DirectWriter  # noqa: PLC0415

    server = RoomServer(db, lab_id, DirectWriter(db), "127.0.0.1", 0)
    server.start()
    try:
        with urllib.request.urlopen(server.url, timeout=10) as page:  # noqa: S310 - our own loopback
            if b"csrf" not in page.read():
                raise CliError(_("Ruang peserta tidak menampilkan halaman masuk."))
    finally:
        server.stop()


def _lang_option(argv: Sequence[str]) -> str | None:
    """The ``--lang`` of a command line, read before the parser is built so its help is in that language."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
    return None


def main(argv: Sequence[str] | None = None, open_window: OpenWindow | None = None) -> int:
    set_language(_lang_option(sys.argv[1:] if argv is None else argv))
    with _argparse_language():
        args = build_parser().parse_args(argv)
    if args.lang:
        set_language(args.lang)
    args.db_url = args.db or default_db_url()
    try:
        if args.smoke_test is not None and open_window is None:
            return smoke_test(args.db_url, args.smoke_test)
        if args.command is None:  # the window (which runs the smoke test itself when asked to)
            if open_window is None:
                print(_("labinovasi: jendela tidak tersedia (PySide6 belum terpasang)"), file=sys.stderr)
                return 1
            return open_window(args)
        if args.command in ("backup", "restore"):
            return _run_backup(args, sys.stdout)
        db = open_database(args.db_url)
    except DatabaseOpenError as exc:
        print(f"labinovasi: {exc}", file=sys.stderr)
        if isinstance(exc, CorruptDatabaseFile) and exc.backup is not None:
            print(
                _("labinovasi: pulihkan dengan: labinovasi restore {path}").format(path=exc.backup),
                file=sys.stderr,
            )
        if isinstance(exc, EmptyDatabaseFile):
            print(
                _("labinovasi: hapus berkas kosong itu, atau sebutkan berkas lain dengan --db"),
                file=sys.stderr,
            )
        return 1
    except (CliError, NotFoundError, PaperError, ValueError, BackupError) as exc:
        print(f"labinovasi: {_message(exc)}", file=sys.stderr)
        return 1
    try:
        return _run_command(args, db)
    except (CliError, NotFoundError, PaperError, TemplateError, ValueError, BackupError) as exc:
        print(f"labinovasi: {_message(exc)}", file=sys.stderr)
        return 1
    finally:
        db.close()


def _message(exc: Exception) -> str:
    return exc.args[0] if isinstance(exc, NotFoundError) and exc.args else str(exc)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
