"""A lab file is open in one window at a time: a second window on the same file is refused with a plain
sentence (both would write over each other), and closing the first window frees the file."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from labinovasi.db.engine import DatabaseOpenError
from ui.app import create_window, lock_database


def test_a_second_window_on_the_same_file_is_refused_until_the_first_closes(
    qapp, qtbot, isolated_home: Path, db_url: str, tmp_path: Path
) -> None:  # noqa: ANN001
    args = argparse.Namespace(db_url=db_url, demo=False, lab=None)
    first = create_window(args)
    qtbot.addWidget(first)
    assert (tmp_path / "lab.sqlite3.terkunci").exists()
    with pytest.raises(DatabaseOpenError) as refused:
        create_window(args)
    message = str(refused.value)
    assert "sedang dibuka di jendela Lab Inovasi lain" in message
    assert "lab.sqlite3" in message and "Traceback" not in message
    first.close()
    first.db.close()
    assert not (tmp_path / "lab.sqlite3.terkunci").exists()
    second = create_window(args)  # the file is free again
    qtbot.addWidget(second)
    assert second.database_lock is not None
    second.close()
    second.db.close()


def test_a_failed_opening_leaves_no_claim_behind(qapp, isolated_home: Path, tmp_path: Path) -> None:  # noqa: ANN001
    foreign = tmp_path / "catatan.sqlite3"
    foreign.write_bytes(b"not a database at all, just some words\n" * 20)
    args = argparse.Namespace(db_url=f"sqlite:///{foreign.as_posix()}", demo=False, lab=None)
    with pytest.raises(DatabaseOpenError):
        create_window(args)
    assert not Path(str(foreign) + ".terkunci").exists()
    claim = lock_database(args.db_url)  # nothing held: the next attempt may claim it
    assert claim is not None
    claim.unlock()


def test_a_server_database_needs_no_file_claim() -> None:
    assert lock_database("postgresql+psycopg://labinov@127.0.0.1/labinov") is None
