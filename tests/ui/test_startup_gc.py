"""The launcher holds the garbage collector off while the window starts; building the window (or failing
to) turns it on again, so a failed start never leaves a process without it."""

from __future__ import annotations

import argparse
import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from labinovasi.db.engine import DatabaseOpenError
from ui.app import create_window
from ui.startup import pause_gc, resume_gc


@pytest.fixture
def gc_restored() -> Iterator[None]:
    yield
    resume_gc()
    gc.enable()
    gc.unfreeze()


def test_the_window_turns_the_collector_on_again(
    qapp, qtbot, isolated_home: Path, db_url: str, gc_restored
) -> None:  # noqa: ANN001
    pause_gc()
    assert not gc.isenabled()
    window = create_window(argparse.Namespace(db_url=db_url, demo=False, lab=None))
    qtbot.addWidget(window)
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0  # the start-up's objects are out of later collections' way
    window.close()
    window.db.close()


def test_a_failed_start_turns_it_on_too(qapp, isolated_home: Path, tmp_path: Path, gc_restored) -> None:  # noqa: ANN001
    foreign = tmp_path / "catatan.sqlite3"
    foreign.write_bytes(b"not a database at all\n" * 20)
    pause_gc()
    with pytest.raises(DatabaseOpenError):
        create_window(argparse.Namespace(db_url=f"sqlite:///{foreign.as_posix()}", demo=False, lab=None))
    assert gc.isenabled()


def test_a_collector_someone_else_turned_off_stays_off(gc_restored) -> None:  # noqa: ANN001
    gc.disable()
    pause_gc()
    resume_gc()
    assert not gc.isenabled()
