"""One task runner: long core functions run off the UI thread, results come back on it.

A task is a plain core function ``fn(progress, cancelled)``; ``progress(done, total, text)``
may be called from the worker; ``cancelled()`` tells the function to stop. Tests use
``TaskRunner(synchronous=True)`` so nothing waits on a thread.

Every failure is written to the log file (:mod:`ui.errors`); a task started without its own
``on_failed`` shows the failure through the window's one error dialog, so none goes unseen.
"""

from __future__ import annotations

import gc
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QWidget

from ui.errors import log_failure, report_error

Progress = Callable[[int, int, str], None]
TaskFn = Callable[[Progress, Callable[[], bool]], Any]


class _Signals(QObject):
    progress = Signal(int, int, str)
    done = Signal(object)
    failed = Signal(object, str)


class TaskHandle(QObject):
    """A running task: connect to its signals; ``cancel()`` asks it to stop."""

    progress = Signal(int, int, str)
    done = Signal(object)
    failed = Signal(object, str)

    def __init__(self) -> None:
        super().__init__()
        self._cancel = threading.Event()
        self.finished = False

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()


class _Job(QRunnable):
    def __init__(self, fn: TaskFn, handle: TaskHandle):
        super().__init__()
        self.fn = fn
        self.signals = _Signals()
        self.handle = handle

    def run(self) -> None:
        # A long job (all plans in one PDF) builds a large object graph; the cyclic garbage collector
        # would then walk all of it while holding the GIL and freeze the window for half a second at a
        # time. Collection waits until the job is done (its objects are freed by reference counting).
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            result = self.fn(self.signals.progress.emit, self.handle.is_cancelled)
        except Exception as exc:  # noqa: BLE001 - delivered to the one error handler
            self.signals.failed.emit(exc, traceback.format_exc())
        else:
            self.signals.done.emit(result)
        finally:
            if was_enabled:
                gc.enable()


class TaskRunner(QObject):
    def __init__(self, synchronous: bool = False, parent: QObject | None = None):
        super().__init__(parent)
        self.synchronous = synchronous
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # one writer; PDFs are built one after another

    def start(
        self,
        fn: TaskFn,
        on_done: Callable[[Any], None] | None = None,
        on_failed: Callable[[Exception, str], None] | None = None,
        on_progress: Progress | None = None,
    ) -> TaskHandle:
        """Run ``fn``; the callbacks are called on the UI thread."""
        handle = TaskHandle()
        handle.done.connect(lambda _r: setattr(handle, "finished", True))
        handle.failed.connect(lambda _e, _t: setattr(handle, "finished", True))
        handle.failed.connect(lambda exc, trace: log_failure(exc, trace))
        if on_done:
            handle.done.connect(on_done)
        if on_failed:
            handle.failed.connect(on_failed)
        else:
            parent = self.parent()
            handle.failed.connect(
                lambda exc, trace: report_error(
                    parent if isinstance(parent, QWidget) else None, exc, trace, log=False
                )
            )
        if on_progress:
            handle.progress.connect(on_progress)
        if self.synchronous:
            try:
                result = fn(handle.progress.emit, handle.is_cancelled)
            except Exception as exc:  # noqa: BLE001
                handle.failed.emit(exc, traceback.format_exc())
            else:
                handle.done.emit(result)
            return handle
        job = _Job(fn, handle)
        job.signals.progress.connect(handle.progress)
        job.signals.done.connect(handle.done)
        job.signals.failed.connect(handle.failed)
        handle._job = job  # keep the signals object alive  # type: ignore[attr-defined]
        self.pool.start(job)
        return handle

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)
