"""The window on a lab file that cannot be written: a banner says so, typing is not stored (and says so),
a write is refused with one sentence, and nothing in the file changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from labinovasi.db.engine import open_database
from labinovasi.domain.enums import UnitType
from labinovasi.ops.spine import AddUnit
from labinovasi.services import labs as svc
from tests.core.test_read_only_file import _digest, frozen  # noqa: F401 - the fixture
from tests.ui.test_main_window import make_window, no_dialogs

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_the_window_shows_a_read_only_file_with_a_banner(qtbot, monkeypatch, frozen) -> None:  # noqa: ANN001, F811
    file, lab_id = frozen
    before = _digest(file)
    url = f"sqlite:///{file}"
    db = open_database(url)
    try:
        window = make_window(qtbot, db, url, lab_id)
        calls = no_dialogs(monkeypatch, window)
        window.show()
        assert window.read_only_banner.isVisible()
        assert "hanya dapat dibaca" in window.read_only_banner.text()
        unit = svc.list_units(db, lab_id)[0]
        window.open_worksheet(unit.id, "LK-2b")
        page = window.stage_page
        page._on_form_changed()  # what typing does
        assert not page.dirty and "Hanya-baca" in page.status.text()
        assert "Hanya-baca" in window.windowTitle()
        failures: list[str] = []
        window.ops.run(
            AddUnit(db_lab(lab_id), "Unit Baru", UnitType.BADAN), on_failed=lambda e: failures.append(str(e))
        )
        window.ops.flush()
        assert failures and "hanya dapat dibaca" in failures[0]
        assert not window.backups.available  # nothing to back up: the file cannot change
        assert calls["error"] == []
        window.close()
    finally:
        db.close()
    assert _digest(file) == before
    assert sorted(p.name for p in Path(file).parent.iterdir()) == ["lab.sqlite3"]


def db_lab(lab_id: str):  # noqa: ANN201
    import uuid

    return uuid.UUID(lab_id)
