"""The window's one error path: a sentence, "Rincian" with the details, a rotating log file."""

from __future__ import annotations

from pathlib import Path

import pytest

from labinovasi.domain.enums import UnitType
from labinovasi.ops import spine as spine_ops
from labinovasi.settings import Settings
from ui import errors
from ui.errors import ErrorDialog, log_path, report_error, user_message
from ui.main_window import MainWindow
from ui.tasks import TaskRunner

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")  # offscreen dialogs


def _boom() -> None:
    raise RuntimeError("internal detail 0xdead")


def test_the_dialog_shows_a_sentence_and_hides_the_details_behind_rincian(qtbot) -> None:  # noqa: ANN001
    try:
        _boom()
    except RuntimeError as exc:
        dialog = report_error(None, exc, action="Ekspor gagal.")
    qtbot.addWidget(dialog)
    text = dialog.message.text()
    assert text.startswith("Ekspor gagal. Terjadi kesalahan yang tidak terduga.")
    assert "0xdead" not in text and "Traceback" not in text  # no technical text in the sentence
    assert dialog.details.isHidden()
    assert dialog.details_button.text() == "Rincian"
    dialog.details_button.click()
    assert not dialog.details.isHidden()
    assert "RuntimeError: internal detail 0xdead" in dialog.details.toPlainText()
    assert str(log_path()) in dialog.details.toPlainText()
    log = log_path().read_text(encoding="utf-8")
    assert "Ekspor gagal." in log and "_boom" in log and "RuntimeError: internal detail 0xdead" in log
    dialog.close()


@pytest.mark.parametrize(
    ("exc", "sentence"),
    [
        (ValueError("Lab dengan id 'x' tidak ditemukan"), "Lab dengan id 'x' tidak ditemukan"),
        (KeyError("xl/workbook.xml"), "Terjadi kesalahan yang tidak terduga."),
        (PermissionError(13, "Permission denied", "/tmp/a/rencana.pdf"), "tidak ada izin"),
        (MemoryError(), "Memori komputer tidak cukup"),
    ],
)
def test_user_messages_never_carry_raw_exception_text(exc: BaseException, sentence: str) -> None:
    message = user_message(exc)
    assert sentence in message
    assert "xl/workbook.xml" not in message and "Errno" not in message


def test_the_log_file_rotates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(errors, "LOG_BYTES", 2000)
    errors._logger_for.cache_clear()
    try:
        for i in range(40):
            errors.log_failure(RuntimeError(f"kegagalan {i}"), "x" * 200, "Uji")
    finally:
        errors._logger_for.cache_clear()
    files = sorted(p.name for p in log_path().parent.iterdir())
    assert files == ["labinovasi.log", "labinovasi.log.1", "labinovasi.log.2", "labinovasi.log.3"]
    assert all(p.stat().st_size <= 2500 for p in log_path().parent.iterdir())


def test_a_task_without_its_own_handler_is_reported(qtbot) -> None:  # noqa: ANN001
    shown: list[ErrorDialog] = []
    runner = TaskRunner(synchronous=True)
    real = errors.report_error

    def spy(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        shown.append(real(*args, **kwargs))
        return shown[-1]

    import ui.tasks

    ui.tasks.report_error = spy
    try:
        runner.start(lambda progress, cancelled: _boom())
    finally:
        ui.tasks.report_error = real
    assert len(shown) == 1
    qtbot.addWidget(shown[0])
    assert "Terjadi kesalahan yang tidak terduga" in shown[0].message.text()
    assert log_path().read_text(encoding="utf-8").count(" ERROR ") == 1  # logged once


def test_an_export_that_fails_inside_shows_the_error_and_logs_it(
    qtbot,
    monkeypatch,
    db,
    db_url,  # noqa: ANN001
    tmp_path: Path,
) -> None:
    lab = spine_ops.create_lab(db, "Lab Uji")
    spine_ops.add_unit(db, lab.id, "Dinas Kesehatan", UnitType.DINAS)
    window = MainWindow(db, db_url, Settings(), lab.id, tasks=TaskRunner(synchronous=True))
    qtbot.addWidget(window)
    monkeypatch.setattr(window, "_ask_save_path", lambda title, suggested: tmp_path / "rencana.pdf")
    monkeypatch.setattr(window, "_offer_open", lambda path: pytest.fail("nothing was written"))

    def broken(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise TypeError("'>' not supported between instances of 'NoneType' and 'float'")

    monkeypatch.setattr("ui.main_window.batch_export_plan", broken)
    assert window.export_plan() is None
    dialog = window.last_error
    assert isinstance(dialog, ErrorDialog) and dialog.isVisible()
    assert dialog.message.text().startswith("Ekspor gagal. Terjadi kesalahan yang tidak terduga.")
    assert "NoneType" not in dialog.message.text() and "NoneType" in dialog.details.toPlainText()
    assert "NoneType" in log_path().read_text(encoding="utf-8")
    assert not (tmp_path / "rencana.pdf").exists()
    dialog.close()
