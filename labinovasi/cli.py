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
from labinovasi.reports.base import PaperError
from labinovasi.reports.data import unit_plan_data
from labinovasi.reports.unit_plan import export_all_unit_plans, render_unit_plan, write_atomically
from labinovasi.reports.worksheet_pdf import render_blank_worksheet
from labinovasi.services import labs as svc
from labinovasi.services.demo import create_demo_lab
from labinovasi.services.records import NotFoundError
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
    plans = ex.add_parser("plans", help=_("Rencana Proyek Inovasi semua unit, satu PDF per unit"))
    plans.add_argument("--lab", dest="lab_id", required=True, metavar="ID")
    plans.add_argument("--out", required=True, type=Path, metavar="FOLDER")
    plans.add_argument("--paper", default="a4", choices=["a4", "f4"])
    ws = ex.add_parser("worksheet", help=_("lembar kerja kosong"))
    ws.add_argument("code", metavar=_("KODE"))
    ws.add_argument("--lab", dest="lab_id", required=True, metavar="ID")
    ws.add_argument("--unit", dest="unit_id", metavar="ID")
    ws.add_argument("--blank", action="store_true", required=True, help=_("lembar kosong untuk diisi tangan"))
    ws.add_argument("--out", required=True, type=Path, metavar="BERKAS.pdf")
    ws.add_argument("--paper", default="a4", choices=["a4", "f4"])
    return p


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
    if args.command == "export":
        if args.what == "plan":
            path = _out_file(args.out)
            pdf = render_unit_plan(unit_plan_data(db, args.lab_id, args.unit_id), args.paper)
            _write(path, pdf)
            print(path, file=out)
            return 0
        if args.what == "plans":
            folder = args.out.expanduser()
            if folder.exists() and not folder.is_dir():
                raise CliError(_("{path} bukan folder").format(path=folder))
            if not folder.parent.is_dir():
                raise CliError(_("Folder tujuan tidak ada: {folder}").format(folder=folder.parent))
            svc.get_lab(db, args.lab_id)
            try:
                written = export_all_unit_plans(db, args.lab_id, folder, args.paper)
            except OSError as exc:
                raise CliError(_("Tidak dapat menulis ke {path}: {err}").format(
                    path=folder, err=exc.strerror or exc)) from exc
            for path in written:
                print(path, file=out)
            return 0
        if args.what == "worksheet":
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
