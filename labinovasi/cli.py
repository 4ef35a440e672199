"""The ``labinovasi`` command line. Works without a display; the window is started through the
``open_window`` callback the Qt launcher passes in (the core never imports Qt)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from labinovasi import __version__
from labinovasi.db.engine import Database, DatabaseOpenError, open_database
from labinovasi.i18n import _, set_language
from labinovasi.paths import default_db_url
from labinovasi.reports.batch import BatchResult, ExportError, export_combined, export_plans
from labinovasi.reports.common import PaperError, write_atomically
from labinovasi.services import labs as svc
from labinovasi.services.demo import create_demo_lab
from labinovasi.services.importing import (
    Kind,
    RawTable,
    apply_import,
    guess_mapping,
    norm_key,
    plan_import,
    read_table,
    write_rejected_report,
)
from labinovasi.services.records import NotFoundError
from labinovasi.services.xlsx_export import export_units_people_xlsx
from labinovasi.worksheets.registry import default_registry
from labinovasi.worksheets.schema import TemplateError

OpenWindow = Callable[[argparse.Namespace], int]


class CliError(Exception):
    """One clear line for the user; exit status 1."""


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="labinovasi",
        description=_("Lab Inovasi: menjalankan Laboratorium Inovasi (5D+1) secara luring."),
    )
    p.add_argument("--version", action="version", version=f"Lab Inovasi {__version__}")
    p.add_argument("--db", metavar="URL",
                   help=_("alamat basis data SQLAlchemy (bawaan: LABINOVASI_DB atau berkas SQLite di folder data)"))
    p.add_argument("--demo", action="store_true", help=_("buka jendela pada lab demo"))
    p.add_argument("--lab", metavar="ID", help=_("buka jendela pada lab ini"))
    p.add_argument("--lang", metavar="KODE", help=_("bahasa antarmuka (id, en)"))
    sub = p.add_subparsers(dest="command", metavar=_("PERINTAH"))

    sub.add_parser("demo", help=_("buat lab demo di basis data dan cetak id-nya"))
    sub.add_parser("labs", help=_("daftar lab (id, nama)"))
    units = sub.add_parser("units", help=_("daftar unit sebuah lab (id, nama, jenis)"))
    units.add_argument("--lab", dest="lab_id", required=True, metavar="ID")

    export = sub.add_parser("export", help=_("ekspor PDF"))
    ex = export.add_subparsers(dest="what", metavar=_("JENIS"), required=True)
    plan = ex.add_parser("plan", help=_("Rencana Proyek Inovasi satu unit"))
    plan.add_argument("--lab", dest="lab_id", required=True, metavar="ID")
    plan.add_argument("--unit", dest="unit_id", required=True, metavar="ID")
    plan.add_argument("--out", required=True, type=Path, metavar="BERKAS.pdf")
    plan.add_argument("--paper", default="a4", choices=["a4", "f4"])
    plans = ex.add_parser("plans", help=_("Rencana Proyek Inovasi semua unit, satu PDF per unit (atau satu PDF "
                                          "gabungan dengan --combined)"))
    plans.add_argument("--lab", dest="lab_id", required=True, metavar="ID")
    plans.add_argument("--out", required=True, type=Path, metavar=_("FOLDER|BERKAS.pdf"))
    plans.add_argument("--combined", action="store_true",
                       help=_("satu PDF berisi semua unit, dengan penanda (bookmark) per unit"))
    plans.add_argument("--paper", default="a4", choices=["a4", "f4"])
    ws = ex.add_parser("worksheet", help=_("lembar kerja kosong"))
    ws.add_argument("code", metavar=_("KODE"))
    ws.add_argument("--lab", dest="lab_id", required=True, metavar="ID")
    ws.add_argument("--unit", dest="unit_id", metavar="ID")
    ws.add_argument("--blank", action="store_true", required=True, help=_("lembar kosong untuk diisi tangan"))
    ws.add_argument("--out", required=True, type=Path, metavar="BERKAS.pdf")
    ws.add_argument("--paper", default="a4", choices=["a4", "f4"])
    xl = ex.add_parser("units-xlsx", help=_("unit dan peserta sebuah lab ke satu berkas Excel (.xlsx)"))
    xl.add_argument("--lab", dest="lab_id", required=True, metavar="ID")
    xl.add_argument("--out", required=True, type=Path, metavar="BERKAS.xlsx")

    imp = sub.add_parser("import", help=_("impor unit atau peserta dari berkas Excel (.xlsx) atau CSV"))
    im = imp.add_subparsers(dest="what", metavar=_("JENIS"), required=True)
    for what, text in (("units", _("unit peserta lab (unit dulu, sebelum peserta)")),
                       ("people", _("peserta; unitnya harus sudah ada di lab"))):
        one = im.add_parser(what, help=text)
        one.add_argument("--lab", dest="lab_id", required=True, metavar="ID")
        one.add_argument("file", type=Path, metavar=_("BERKAS"), help=_("berkas .xlsx atau .csv"))
        one.add_argument("--sheet", metavar=_("NAMA"), help=_("nama lembar di berkas Excel"))
        one.add_argument("--dry-run", action="store_true", help=_("periksa saja, jangan simpan"))
        one.add_argument("--kolom", action="append", default=[], metavar=_("ISIAN=KOLOM"),
                         help=_("pilih kolom sendiri, mis. nama=B atau telepon=\"No. HP\"; '-' = tidak dipakai. "
                                "Isian: {fields}").format(fields=", ".join(_CLI_FIELDS[what])))
        one.add_argument("--laporan", type=Path, metavar=_("BERKAS"),
                         help=_("tulis baris yang ditolak dan duplikat ke berkas .xlsx atau .csv"))
    return p


# the names of importable fields on the command line (Indonesian) -> the importer's keys
_CLI_FIELDS = {
    "units": {"nama": "name", "jenis": "unit_type", "kepala": "head_name", "nip_kepala": "head_nip",
              "alamat": "address"},
    "people": {"nama": "name", "unit": "unit", "nip": "nip", "jabatan": "jabatan", "peran": "role",
               "telepon": "phone", "surel": "email"},
}


def _cli_mapping(table: RawTable, kind: Kind, choices: list[str]) -> dict[str, int | None]:
    mapping = guess_mapping(table.headers, kind)
    fields = _CLI_FIELDS[kind]
    for item in choices:
        name, sep, column = item.partition("=")
        name, column = name.strip().lower(), column.strip()
        if not sep or name not in fields:
            raise CliError(_("--kolom '{item}' tidak dikenal; tulis ISIAN=KOLOM dengan ISIAN salah satu: {fields}")
                           .format(item=item, fields=", ".join(fields)))
        if column in ("", "-"):
            mapping[fields[name]] = None
            continue
        titles = [norm_key(h) for h in table.headers]
        if norm_key(column) in titles:
            index = titles.index(norm_key(column))
        elif column.isalpha() and len(column) <= 3:
            index = sum((ord(c) - 64) * 26 ** i for i, c in enumerate(reversed(column.upper()))) - 1
        else:
            index = -1
        if not 0 <= index < table.column_count:
            raise CliError(_("Kolom '{column}' tidak ada. Kolom berkas: {columns}").format(
                column=column, columns=_columns(table)))
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
        raise CliError(" ".join(plan.problems) + " " + _("Kolom berkas: {columns}").format(columns=_columns(table)))
    for w in plan.warnings:
        print(_("peringatan: {text}").format(text=w), file=out)
    if args.dry_run:
        result_plan, summary = plan, _("uji coba, tidak ada yang disimpan: {summary}").format(summary=plan.summary())
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
            raise CliError(_("Tidak dapat menulis {path}: {err}").format(path=report, err=exc.strerror or exc)) from exc
        print(_("laporan baris ditolak: {path}").format(path=report), file=out)
    print(summary, file=out)
    return 0


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
        raise CliError(_("Tidak dapat menulis {path}: {err}").format(path=path, err=exc.strerror or exc)) from exc


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
    if args.command == "import":
        return _run_import(args, db, out)
    if args.command == "export":
        if args.what == "units-xlsx":
            path = args.out.expanduser()
            if path.is_dir():
                raise CliError(_("{path} adalah folder; sebutkan nama berkas .xlsx").format(path=path))
            if not path.parent.is_dir():
                raise CliError(_("Folder tujuan tidak ada: {folder}").format(folder=path.parent))
            if path.suffix.lower() != ".xlsx":
                raise CliError(_("Nama berkas harus berakhiran .xlsx: {path}").format(path=path))
            try:
                export_units_people_xlsx(db, args.lab_id, path)
            except OSError as exc:
                raise CliError(_("Tidak dapat menulis {path}: {err}").format(path=path, err=exc.strerror or exc)) from exc
            print(path, file=out)
            return 0
        if args.what == "plan":
            from labinovasi.reports.data import unit_plan_data  # noqa: PLC0415 - ReportLab loads for a PDF only
            from labinovasi.reports.unit_plan import render_unit_plan  # noqa: PLC0415

            path = _out_file(args.out)
            pdf = render_unit_plan(unit_plan_data(db, args.lab_id, args.unit_id), args.paper)
            _write(path, pdf)
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
            if folder.exists() and not folder.is_dir():
                raise CliError(_("{path} bukan folder").format(path=folder))
            if not folder.parent.is_dir():
                raise CliError(_("Folder tujuan tidak ada: {folder}").format(folder=folder.parent))
            svc.get_lab(db, args.lab_id)
            try:
                result = export_plans(db, args.db_url, args.lab_id, folder, args.paper)
            except OSError as exc:
                raise CliError(_("Tidak dapat menulis ke {path}: {err}").format(
                    path=folder, err=exc.strerror or exc)) from exc
            return _batch_report(result, out)
        if args.what == "worksheet":
            from labinovasi.reports.worksheet_pdf import render_blank_worksheet  # noqa: PLC0415

            path = _out_file(args.out)
            reg = default_registry()
            if args.code not in reg:
                raise CliError(_("Lembar kerja '{code}' tidak dikenal. Yang ada: {codes}").format(
                    code=args.code, codes=", ".join(t.code for t in reg.all())))
            lab = svc.get_lab(db, args.lab_id)
            unit = svc.get_unit(db, args.unit_id, lab.id).name if args.unit_id else ""
            _write(path, render_blank_worksheet(reg.get(args.code), args.paper, lab.name, unit))
            print(path, file=out)
            return 0
    raise AssertionError(args)  # pragma: no cover - argparse allows nothing else


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


def main(argv: Sequence[str] | None = None, open_window: OpenWindow | None = None) -> int:
    set_language()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.lang:
        set_language(args.lang)
    args.db_url = args.db or default_db_url()
    if args.command is None:
        if open_window is None:
            print(_("labinovasi: jendela tidak tersedia (PySide6 belum terpasang)"), file=sys.stderr)
            return 1
        return open_window(args)
    try:
        db = open_database(args.db_url)
    except DatabaseOpenError as exc:
        print(f"labinovasi: {exc}", file=sys.stderr)
        return 1
    try:
        return _run_command(args, db)
    except (CliError, NotFoundError, PaperError, TemplateError, ValueError) as exc:
        msg = exc.args[0] if isinstance(exc, NotFoundError) and exc.args else str(exc)
        print(f"labinovasi: {msg}", file=sys.stderr)
        return 1
    finally:
        db.close()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
