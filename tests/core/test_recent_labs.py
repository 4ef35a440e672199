"""Berkas → Buka lab terakhir: the last eight labs, newest first, each once, kept in the settings file
under LABINOVASI_HOME; a lab whose file is gone is marked, damaged entries are dropped."""

from __future__ import annotations

import json
from pathlib import Path

from labinovasi.settings import RECENT_LIMIT, RecentLab, Settings, load_settings, save_settings, settings_path


def entry(n: int, path: Path, lab: str = "") -> RecentLab:
    return RecentLab(
        f"sqlite:///{path.as_posix()}",
        str(path),
        lab or f"lab-{n}",
        f"Lab {n}",
        f"2026-01-0{n % 9 + 1}T09:00:00",
    )


def test_newest_first_each_once_at_most_eight_and_kept_under_home(
    tmp_path: Path, isolated_home: Path
) -> None:
    files = []
    for n in range(10):
        f = tmp_path / f"lab{n}.sqlite3"
        f.write_bytes(b"x")
        files.append(f)
    s = Settings()
    for n in range(10):
        s.remember_recent(entry(n, files[n]))
    assert [r.lab_name for r in s.recent()] == [f"Lab {n}" for n in range(9, 1, -1)]
    assert len(s.recent()) == RECENT_LIMIT
    s.remember_recent(entry(5, files[5]))  # opened again: first, and listed once
    assert [r.lab_name for r in s.recent()][:2] == ["Lab 5", "Lab 9"] and len(s.recent()) == RECENT_LIMIT
    s.remember_recent(entry(9, files[9], lab="other-lab"))  # another lab of the same file: its own line
    assert [r.lab_id for r in s.recent()][:2] == ["other-lab", "lab-5"]
    save_settings(s)
    assert settings_path().is_relative_to(isolated_home)
    again = load_settings()
    assert again.recent() == s.recent()
    files[5].unlink()
    assert again.recent()[1].missing and not again.recent()[0].missing
    again.forget_recent(again.recent()[1].db_url, "lab-5")
    assert "lab-5" not in [r.lab_id for r in again.recent()]
    again.forget_recent()
    assert again.recent() == []


def test_damaged_entries_are_dropped(isolated_home: Path) -> None:
    raw = {
        "recent_labs": [
            {
                "db_url": "sqlite:////x.sqlite3",
                "path": "/x.sqlite3",
                "lab_id": "a",
                "lab_name": "A",
                "opened_at": "",
            },
            {"db_url": "sqlite:////y.sqlite3"},
            "not an entry",
            {"db_url": "", "path": "", "lab_id": "b", "lab_name": "B", "opened_at": ""},
        ]
    }
    settings_path().write_text(json.dumps(raw), encoding="utf-8")
    assert [r.lab_id for r in load_settings().recent()] == ["a"]
    settings_path().write_text(json.dumps({"recent_labs": "nonsense"}), encoding="utf-8")
    assert load_settings().recent() == []
