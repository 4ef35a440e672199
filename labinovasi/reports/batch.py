"""Unit plans printed in worker processes, one unit per task, on every core.

The window and the command line hand over the database URL, not the database: each worker opens it
read-only (a SQLite file through a ``mode=ro`` URI) and prints whole units, the longest first. Results
come back in the order of the units, with ``progress(done, total, unit)`` after each one as it is done;
``cancelled()`` is polled while waiting, and a cancel drops the units not yet started. The workers are
started with the ``spawn`` method on every platform, so what works here works on Windows.

``background=True`` (the window) starts the workers at a lower priority (POSIX ``nice``), so the
window's own process gets the CPU first; the command line prints at normal priority.

A unit whose plan fails does not stop the batch: the other units are written and the failed ones
come back in :attr:`BatchResult.failures`, each with one sentence saying why.

The combined PDF is stitched (in a worker too) from per-unit parts that were laid out exactly as
:func:`labinovasi.reports.unit_plan.render_combined_plans` lays them out: each part starts on its
cover, numbers its own pages ("Halaman X dari Y") and brings its bookmarks, the unit's name on top.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import tempfile
import traceback
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from labinovasi import __version__
from labinovasi.db.engine import Database, open_database_readonly
from labinovasi.i18n import _, current_locale, set_language
from labinovasi.reports.common import PLAN_TITLE, PaperError, plan_filename, write_atomically
from labinovasi.services.context import LabWide, read_lab_wide
from labinovasi.services.labs import get_lab, list_units, unit_sheet_counts
from labinovasi.services.records import NotFoundError, parse_id
from labinovasi.worksheets.schema import TemplateError

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]

POLL_S = 0.05  # how often a waiting batch looks at cancelled()


class ExportError(RuntimeError):
    """The batch as a whole could not be written; ``str(exc)`` is one clear Indonesian sentence."""


@dataclass(frozen=True)
class UnitFailure:
    """A unit whose plan could not be written, and why (one sentence for the person exporting)."""

    unit_id: str
    unit_name: str
    reason: str

    def line(self) -> str:
        return _("{unit}: {reason}").format(unit=self.unit_name, reason=self.reason)


@dataclass
class BatchResult:
    written: list[Path] = field(default_factory=list)  # in the order of the units (or the one combined PDF)
    failures: list[UnitFailure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # problems that did not stop a plan (a broken logo …)
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return not self.failures and not self.cancelled


@dataclass(frozen=True)
class _Job:
    unit_id: str
    unit_name: str
    out: str
    weight: int = 0  # how long its plan is expected to be (the unit's stored worksheets)


@dataclass(frozen=True)
class _Done:
    """What a worker sends back for one unit (small and always picklable)."""

    warnings: tuple[str, ...] = ()
    reason: str | None = None  # set when the unit failed
    detail: str = ""  # the traceback, for a log; never shown in a message


# --- the worker side -------------------------------------------------------------------------------

_worker_db: Database | None = None
# the lab-wide part of every unit's data (the lab's ideas, the curation standings), read once per worker:
# a worker lives for one batch, so every unit of the batch sees the same standings, however large the lab
_worker_lab_wide: dict[str, LabWide] = {}


BACKGROUND_NICENESS = 10  # workers of the window: its own process keeps the CPU it needs to stay smooth


def _init_worker(db_url: str, lang: str, niceness: int) -> None:
    global _worker_db
    if niceness and hasattr(os, "nice"):  # POSIX; on Windows the workers keep the normal priority
        os.nice(niceness)
    set_language(lang)
    _worker_db = open_database_readonly(db_url)
    # The collector: a plan makes a few hundred thousand short-lived objects (ReportLab's fragments,
    # lines, cells), and the automatic collections walked them again and again (a tenth of a worker's
    # time). In a worker it is off; what the imports made is frozen out of its reach, and the cycles a
    # plan leaves are collected once after each unit (_print_unit), so memory stays flat.
    import labinovasi.reports.data  # noqa: F401, PLC0415 - imported now, so frozen with the rest
    import labinovasi.reports.unit_plan  # noqa: F401, PLC0415

    gc.freeze()
    gc.disable()


def failure_reason(exc: BaseException) -> str:
    """One Indonesian sentence for a plan that failed: no traceback, SQL or JSON reaches the user."""
    if isinstance(exc, NotFoundError | PaperError | TemplateError):
        return str(exc.args[0] if exc.args else exc).splitlines()[0]
    if isinstance(exc, OSError):
        return _("Berkas tidak dapat ditulis: {err}.").format(err=exc.strerror or exc)
    if isinstance(exc, BrokenProcessPool):
        return _("Proses pencetak berhenti mendadak (memori habis atau dihentikan).")
    from sqlalchemy.exc import SQLAlchemyError  # noqa: PLC0415

    if isinstance(exc, SQLAlchemyError):
        return _("Data unit ini tidak dapat dibaca dari basis data.")
    if isinstance(exc, json.JSONDecodeError):
        return _("Data lembar kerja unit ini rusak dan tidak dapat dibaca.")
    return _("Rencana unit ini tidak dapat disusun karena kesalahan tak terduga pada datanya.")


def _print_unit(lab_id: str, job: _Job, paper: str, part: bool, db: Database | None = None) -> _Done:
    """Print one unit's plan to ``job.out``; a failure is returned, not raised."""
    try:
        return _print_and_write(lab_id, job, paper, part, db)
    finally:
        if db is None:  # a worker process: the collector is off there (_init_worker)
            gc.collect(1)


def _print_and_write(lab_id: str, job: _Job, paper: str, part: bool, db: Database | None) -> _Done:
    from labinovasi.reports.data import unit_plan_data  # noqa: PLC0415 - ReportLab loads in the worker
    from labinovasi.reports.unit_plan import render_plan_part, render_unit_plan  # noqa: PLC0415

    try:
        database = db or _worker_db
        assert database is not None, "worker not initialised"
        lab_wide = None
        if db is None:  # a worker process
            lab_wide = _worker_lab_wide.get(lab_id)
            if lab_wide is None:
                lab_wide = _worker_lab_wide[lab_id] = read_lab_wide(database, lab_id)
        data = unit_plan_data(database, lab_id, job.unit_id, lab_wide=lab_wide)
        pdf = render_plan_part(data, paper) if part else render_unit_plan(data, paper)
    except Exception as exc:  # noqa: BLE001 - one unit's failure is reported, the batch goes on
        return _Done(reason=failure_reason(exc), detail=traceback.format_exc())
    try:
        write_atomically(Path(job.out), pdf)
    except OSError as exc:
        return _Done(
            reason=_("Berkas {path} tidak dapat ditulis: {err}.").format(
                path=job.out, err=exc.strerror or exc
            ),
            detail=traceback.format_exc(),
        )
    return _Done(warnings=tuple(data.warnings))


def _stitch(parts: Sequence[str], out: str, title: str, lab_name: str) -> None:
    """One PDF from ``parts``, their bookmarks (outline) and page labels kept, written atomically."""
    from pypdf import PdfWriter  # noqa: PLC0415

    writer = PdfWriter()
    for part in parts:
        writer.append(part, import_outline=True)
    writer.add_metadata(
        {
            "/Title": title,
            "/Author": lab_name,
            "/Subject": title,
            "/Creator": f"Lab Inovasi {__version__}",
            "/Producer": f"Lab Inovasi {__version__}",
        }
    )
    writer.page_mode = "/UseOutlines"
    tmp = Path(out).with_name(Path(out).name + ".part")
    try:
        with tmp.open("wb") as fh:
            writer.write(fh)
        tmp.replace(out)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise


# --- the calling side ------------------------------------------------------------------------------


def worker_count(jobs: int) -> int:
    """As many workers as the cores this process may use, never more than there are jobs."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # Windows, macOS
        cores = os.cpu_count() or 1
    return max(1, min(cores, jobs))


class _Pool:
    """Workers in their own processes, or (``processes=0``) the calling thread, behind one interface."""

    def __init__(self, db_url: str, processes: int, background: bool = False):
        self.db_url = db_url
        self.executor: ProcessPoolExecutor | None = None
        self.local_db: Database | None = None
        if processes > 0:
            self.executor = ProcessPoolExecutor(
                max_workers=processes,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_worker,
                initargs=(db_url, current_locale(), BACKGROUND_NICENESS if background else 0),
            )
        else:
            self.local_db = open_database_readonly(db_url)

    def submit(self, fn: Callable, *args: object) -> Future:  # type: ignore[type-arg]
        if self.executor is not None:
            return self.executor.submit(fn, *args)
        kwargs = {"db": self.local_db} if fn is _print_unit else {}
        return _InThread(lambda: fn(*args, **kwargs))

    def close(self, cancel: bool = False) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=cancel)
        if self.local_db is not None:
            self.local_db.close()


class _InThread(Future):  # type: ignore[type-arg]
    """A future run in the calling thread when it is first waited on (so a cancel stops what has not
    run yet, as with the processes)."""

    def __init__(self, call: Callable[[], object]):
        super().__init__()
        self._call: Callable[[], object] | None = call

    def _run(self) -> None:
        call, self._call = self._call, None
        if call is None or not self.set_running_or_notify_cancel():
            return
        try:
            self.set_result(call())
        except Exception as exc:  # noqa: BLE001 - delivered through the future, as from a process
            self.set_exception(exc)

    def exception(self, timeout: float | None = None) -> BaseException | None:
        self._run()
        return super().exception(timeout)

    def result(self, timeout: float | None = None) -> object:
        self._run()
        return super().result(timeout)


def _wait(fut: Future, cancelled: Cancelled | None) -> bool:  # type: ignore[type-arg]
    """Wait for ``fut``; ``False`` when ``cancelled()`` said stop first."""
    while True:
        if cancelled and cancelled():
            return False
        try:
            fut.exception(timeout=POLL_S)
            return True
        except FutureTimeout:
            continue


def _print_units(
    pool: _Pool,
    lab_id: str,
    jobs: list[_Job],
    paper: str,
    part: bool,
    total: int,
    result: BatchResult,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> list[_Job]:
    """Print ``jobs`` on ``pool``; fills ``result`` and returns the jobs that succeeded, in order."""
    if cancelled and cancelled():
        result.cancelled = True
        return []
    # the longest plans start first, so no worker is left printing a long one while the others idle;
    # progress follows them as they finish, the results keep the order of the units
    order = sorted(range(len(jobs)), key=lambda i: -jobs[i].weight) if pool.executor else range(len(jobs))
    futures = {i: pool.submit(_print_unit, lab_id, jobs[i], paper, part) for i in order}
    good: list[int] = []
    failed: list[tuple[int, UnitFailure]] = []

    def in_order() -> list[_Job]:
        result.failures.extend(f for _i, f in sorted(failed, key=lambda x: x[0]))
        return [jobs[i] for i in sorted(good)]

    for done_count, (i, fut) in enumerate(futures.items(), start=1):
        job = jobs[i]
        if not _wait(fut, cancelled):
            for f in futures.values():
                f.cancel()
            result.cancelled = True
            return in_order()
        exc = fut.exception()
        done = _Done(reason=failure_reason(exc)) if exc is not None else fut.result()
        if done.reason is None:
            good.append(i)
            result.warnings.extend(w for w in done.warnings if w not in result.warnings)
        else:
            failed.append((i, UnitFailure(job.unit_id, job.unit_name, done.reason)))
        if progress:
            progress(done_count, total, job.unit_name)
    return in_order()


def _lab_jobs(
    db: Database, lab_id: uuid.UUID | str, folder: Path, unit_ids: Sequence[uuid.UUID | str] | None = None
) -> tuple[str, list[_Job]]:
    lab = get_lab(db, lab_id)
    units = list_units(db, lab.id)
    if unit_ids is not None:
        wanted = {parse_id(u, _("Unit")) for u in unit_ids}
        units = [u for u in units if u.id in wanted]
    sheets = unit_sheet_counts(db, lab.id) if len(units) > 1 else {}
    jobs = [
        _Job(str(u.id), u.name, str(folder / plan_filename(i, u.name)), sheets.get(u.id, 0))
        for i, u in enumerate(units, start=1)
    ]
    return lab.name, jobs


def export_plans(
    db: Database,
    db_url: str,
    lab_id: uuid.UUID | str,
    folder: Path,
    paper: str = "a4",
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    processes: int | None = None,
    background: bool = False,
) -> BatchResult:
    """One PDF per unit in ``folder``. ``db`` (the caller's connection) only lists the units; the
    plans are printed by ``processes`` workers (default: one per core; 0 prints in this thread)."""
    _lab_name, jobs = _lab_jobs(db, lab_id, folder)
    folder.mkdir(parents=True, exist_ok=True)
    result = BatchResult()
    if not jobs:
        return result
    pool = _Pool(db_url, worker_count(len(jobs)) if processes is None else processes, background)
    try:
        good = _print_units(pool, str(lab_id), jobs, paper, False, len(jobs), result, progress, cancelled)
    finally:
        pool.close(cancel=result.cancelled)
    result.written = [Path(j.out) for j in good]
    return result


def export_plan(
    db: Database,
    db_url: str,
    lab_id: uuid.UUID | str,
    unit_id: uuid.UUID | str,
    out: Path,
    paper: str = "a4",
    processes: int = 1,
    background: bool = False,
) -> BatchResult:
    """One unit's plan to ``out``, printed in a worker process (``processes=0``: in this thread)."""
    unit_uuid = parse_id(unit_id, _("Unit"))
    _lab_name, jobs = _lab_jobs(db, lab_id, out.parent, [unit_uuid])
    if not jobs:
        raise NotFoundError(_("Unit dengan id '{id}' tidak ditemukan di lab ini").format(id=unit_id))
    jobs = [_Job(jobs[0].unit_id, jobs[0].unit_name, str(out))]
    result = BatchResult()
    pool = _Pool(db_url, processes, background)
    try:
        good = _print_units(pool, str(lab_id), jobs, paper, False, 1, result, None, None)
    finally:
        pool.close()
    result.written = [Path(j.out) for j in good]
    return result


def export_combined(
    db: Database,
    db_url: str,
    lab_id: uuid.UUID | str,
    out: Path,
    paper: str = "a4",
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    processes: int | None = None,
    background: bool = False,
) -> BatchResult:
    """Every unit's plan in one PDF at ``out``, a bookmark per unit. Units that fail are left out and
    listed in the result; ``out`` is written only when at least one unit printed and nobody cancelled."""
    result = BatchResult()
    with tempfile.TemporaryDirectory(prefix="labinovasi-gabungan-") as tmp:
        lab_name, jobs = _lab_jobs(db, lab_id, Path(tmp))
        if not jobs:
            return result
        total = len(jobs) + 1  # the last step: stitching
        pool = _Pool(db_url, worker_count(len(jobs)) if processes is None else processes, background)
        try:
            good = _print_units(pool, str(lab_id), jobs, paper, True, total, result, progress, cancelled)
            if result.cancelled or not good:
                return result
            stitched = pool.submit(_stitch, [j.out for j in good], str(out), _(PLAN_TITLE), lab_name)
            if not _wait(stitched, cancelled):
                result.cancelled = True
                return result
            exc = stitched.exception()
            if exc is not None:
                raise ExportError(
                    _("PDF gabungan tidak dapat ditulis: {reason}").format(reason=failure_reason(exc))
                ) from exc
        finally:
            pool.close(cancel=result.cancelled)
    result.written = [out]
    if progress:
        progress(total, total, _("PDF gabungan"))
    return result
