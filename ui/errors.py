"""The window's one error path: a clear sentence, the details behind "Rincian", and a log file.

Every failure of an export, an import or a background task comes here (:func:`report_error`). The
user reads one sentence in Bahasa Indonesia; the technical details (the exception and its traceback)
are behind the "Rincian" button, and every failure is also written to a rotating log file in the data
folder (``<data>/log/labinovasi.log``, at most 1 MB, three old files kept) so it can be sent to
whoever supports the lab. Nothing fails silently.
"""

from __future__ import annotations

import functools
import logging
import logging.handlers
import traceback
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from labinovasi.i18n import _
from labinovasi.paths import data_dir

LOG_BYTES = 1024 * 1024
LOG_BACKUPS = 3


def log_path() -> Path:
    return data_dir() / "log" / "labinovasi.log"


@cache
def _logger_for(path: Path) -> logging.Logger:
    logger = logging.getLogger(f"labinovasi.errors.{path}")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    for old in list(logger.handlers):  # a logger made again for the same file (tests clear the cache)
        logger.removeHandler(old)
        old.close()
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8", delay=True
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    return logger


def error_logger() -> logging.Logger:
    """The logger writing to :func:`log_path` (one per data folder, so tests each get their own)."""
    return _logger_for(log_path())


def details_of(exc: BaseException, trace: str | None = None) -> str:
    return trace or "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))


def log_failure(exc: BaseException, trace: str | None = None, action: str = "") -> None:
    """Write a failure to the log file; a log that cannot be written never adds a failure of its own."""
    try:
        error_logger().error("%s\n%s", action or type(exc).__name__, details_of(exc, trace).rstrip())
    except OSError:
        pass


def user_message(exc: BaseException) -> str:
    """One sentence for the user. The core raises ``ValueError``/``LookupError`` with an Indonesian
    sentence meant to be shown; anything else is described, never dumped."""
    if (
        isinstance(exc, ValueError | LookupError)
        and not isinstance(exc, KeyError | IndexError | UnicodeError)
        and str(exc).strip()
    ):
        return str(exc)
    if isinstance(exc, PermissionError):
        return _(
            "Berkas tidak dapat ditulis atau dibaca karena tidak ada izin (mungkin sedang terbuka di "
            "aplikasi lain): {name}"
        ).format(name=Path(str(exc.filename or "")).name or "?")
    if isinstance(exc, FileNotFoundError):
        return _("Berkas atau folder tidak ditemukan: {name}").format(name=exc.filename or "?")
    if isinstance(exc, OSError):
        return _("Berkas tidak dapat ditulis atau dibaca: {err}").format(
            err=exc.strerror or _("galat sistem")
        )
    if isinstance(exc, MemoryError):
        return _("Memori komputer tidak cukup untuk pekerjaan ini. Tutup aplikasi lain lalu coba lagi.")
    return _(
        "Terjadi kesalahan yang tidak terduga. Tidak ada data yang hilang; rinciannya tercatat di berkas log."
    )


class ErrorDialog(QDialog):
    """The sentence, a "Rincian" button that shows the technical details, and OK."""

    def __init__(self, parent: QWidget | None, sentence: str, details: str):
        super().__init__(parent)
        self.setWindowTitle(_("Lab Inovasi"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.message = QLabel(sentence)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QPlainTextEdit(details + "\n" + _("Log: {path}").format(path=log_path()))
        self.details.setReadOnly(True)
        self.details.setMinimumHeight(180)
        self.details.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.details_button = QPushButton(_("Rincian"))
        self.details_button.setCheckable(True)
        self.details_button.toggled.connect(self.details.setVisible)
        buttons.addButton(self.details_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.details)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)


def report_error(
    parent: QWidget | None, exc: BaseException, trace: str | None = None, action: str = "", log: bool = True
) -> ErrorDialog:
    """Log ``exc`` (unless ``log`` is false: the task runner logged it already) and show it:
    ``action`` (e.g. "Ekspor gagal.") and :func:`user_message` as the sentence, the traceback behind
    "Rincian". The dialog is opened without blocking and returned."""
    details = details_of(exc, trace)
    if log:
        log_failure(exc, details, action)
    sentence = " ".join(part for part in (action, user_message(exc)) if part)
    dialog = ErrorDialog(parent, sentence, details)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


F = TypeVar("F", bound=Callable[..., Any])


def reports_failures(action: Callable[[], str]) -> Callable[[F], F]:
    """A window method that reports any failure through :func:`report_error` (with ``action()`` as
    its first sentence) and returns ``None``, instead of letting it vanish in Qt's event loop."""

    def wrap(method: F) -> F:
        @functools.wraps(method)
        def run(self: QWidget, *args: Any, **kwargs: Any) -> Any:
            try:
                return method(self, *args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - every failure reaches the user and the log
                self.last_error = report_error(self, exc, action=action())  # type: ignore[attr-defined]
                return None

        return run  # type: ignore[return-value]

    return wrap
