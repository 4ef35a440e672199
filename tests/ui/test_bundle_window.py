"""Lab bundles in the window: export with chosen units, import of a changed copy with a preview, a conflict
decided in the conflict dialog, Ctrl+Z of the merge, and a bundle of another lab asked about."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from labinovasi.db.engine import open_database
from labinovasi.domain.enums import UnitType
from labinovasi.ops import spine as spine_ops
from labinovasi.ops.device import device_id
from labinovasi.services import labs as svc
from labinovasi.sync.bundle import export_bundle, read_bundle
from labinovasi.sync.merge import merge_bundle, pending_conflicts
from tests.ui.test_main_window import make_window, no_dialogs
from ui.bundle_dialogs import BundleExportDialog, ConflictDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _fake(window, monkeypatch, answers: dict[str, Any]) -> dict[str, list]:  # noqa: ANN001
    calls: dict[str, list] = {"report": [], "tell": [], "yes": [], "fail": []}
    b = window.bundles
    monkeypatch.setattr(b, "ask_export_options", lambda name, units: answers["options"](units))
    monkeypatch.setattr(b, "ask_export_path", lambda suggested: answers["export_path"])
    monkeypatch.setattr(b, "ask_import_path", lambda: answers["import_path"])
    monkeypatch.setattr(b, "tell", lambda text: calls["tell"].append(text))
    monkeypatch.setattr(b, "fail", lambda exc, trace="": calls["fail"].append(str(exc)))

    def yes(title: str, text: str, button: str) -> bool:
        calls["yes"].append(text)
        return answers.get("yes", True)

    def report(rep, preview: bool) -> str:  # noqa: ANN001
        calls["report"].append((preview, rep))
        return "merge" if preview else answers.get("after", "")

    monkeypatch.setattr(b, "ask_yes", yes)
    monkeypatch.setattr(b, "show_report", report)
    monkeypatch.setattr(b, "ask_decisions", lambda conflicts: answers["decide"](conflicts))
    return calls


def test_export_import_conflict_and_undo_in_the_window(
    qtbot, monkeypatch, db, db_url, demo_lab, tmp_path: Path
) -> None:  # noqa: ANN001
    monkeypatch.setenv("LABINOVASI_DEVICE", "utama")
    device_id.cache_clear()
    window = make_window(qtbot, db, db_url, demo_lab.id)
    no_dialogs(monkeypatch, window)
    units = svc.list_units(db, demo_lab.id)
    first = units[0]
    out = tmp_path / "dua-unit.labinovasi"
    answers: dict[str, Any] = {
        "options": lambda listed: ([u for u, _n in listed[:2]], False),
        "export_path": out,
        "import_path": tmp_path / "kembali.labinovasi",
    }
    calls = _fake(window, monkeypatch, answers)
    window.bundles.export_bundle()
    window.tasks.wait()
    assert calls["tell"] and "2 unit" in calls["tell"][-1]
    assert [r["name"] for r in read_bundle(out).records["unit"]] == [u.name for u in units[:2]]

    # a co-facilitator's laptop: takes the bundle, changes the first unit's head
    monkeypatch.setenv("LABINOVASI_DEVICE", "laptop-b")
    device_id.cache_clear()
    other = open_database(f"sqlite:///{tmp_path / 'b.sqlite3'}")
    merge_bundle(other, read_bundle(out))
    spine_ops.update_unit(other, first.id, head_name="Kepala dari B")
    export_bundle(other, demo_lab.id, tmp_path / "kembali.labinovasi")
    other.close()
    monkeypatch.setenv("LABINOVASI_DEVICE", "utama")
    device_id.cache_clear()
    # meanwhile here the same field changed: a conflict; the import previews, merges, then decides
    window.ops.run(spine_ops.UpdateUnit(first.id, {"head_name": "Kepala di sini"}))
    window.ops.flush()
    answers["after"] = "conflicts"
    answers["decide"] = lambda conflicts: [(conflicts[0].id, "theirs")]
    window.bundles.import_bundle()
    window.tasks.wait()
    window.ops.flush()
    assert not calls["fail"], calls["fail"]
    previews = [rep for preview, rep in calls["report"] if preview]
    assert previews and previews[0].dry_run and len(previews[0].conflicts) == 1
    assert svc.get_unit(db, first.id).head_name == "Kepala dari B"
    assert pending_conflicts(db, demo_lab.id) == []
    # Ctrl+Z takes the decision back, then the merge itself
    window.undo.stack.undo()
    window.ops.flush()
    assert svc.get_unit(db, first.id).head_name == "Kepala di sini"
    assert len(pending_conflicts(db, demo_lab.id)) == 1
    window.undo.stack.undo()
    window.ops.flush()
    assert pending_conflicts(db, demo_lab.id) == []
    window.bundles.refresh()
    assert not window.bundles.act_conflicts.isEnabled()


def test_a_bundle_of_another_lab_is_asked_about(
    qtbot, monkeypatch, db, db_url, demo_lab, tmp_path: Path
) -> None:  # noqa: ANN001
    other_lab = spine_ops.create_lab(db, "Lab Kota Lain")
    spine_ops.add_unit(db, other_lab.id, "Dinas Lain", UnitType.DINAS)
    out = tmp_path / "lain.labinovasi"
    export_bundle(db, other_lab.id, out)
    window = make_window(qtbot, db, db_url, demo_lab.id)
    no_dialogs(monkeypatch, window)
    answers: dict[str, Any] = {"import_path": out, "yes": False}
    calls = _fake(window, monkeypatch, answers)
    window.bundles.import_bundle()
    window.tasks.wait()
    assert calls["yes"] and "Lab Kota Lain" in calls["yes"][0]
    assert not calls["report"]  # refused: no preview, no merge
    assert window.lab.id == demo_lab.id


def test_the_dialogs_show_units_and_both_sides(qtbot) -> None:  # noqa: ANN001
    import uuid

    from labinovasi.sync.merge import ConflictInfo

    ids = [uuid.uuid4(), uuid.uuid4()]
    dialog = BundleExportDialog("Lab Uji", [(ids[0], "Dinas A"), (ids[1], "Dinas B")])
    qtbot.addWidget(dialog)
    assert dialog.chosen_units() is None
    dialog.some_units.setChecked(True)
    assert dialog.chosen_units() == [] and not dialog.buttons.buttons()[0].isEnabled()
    dialog.unit_list.item(1).setCheckState(Qt.CheckState.Checked)
    assert dialog.chosen_units() == [ids[1]]
    stamp = ["r", 1, "2027-01-05T03:00:00+00:00"]
    conflicts = [
        ConflictInfo(
            uuid.uuid4(),
            "unit",
            ids[0],
            "head_name",
            "Unit Dinas A",
            "Nama kepala",
            "Ani <b>",
            "Budi &",
            stamp,
            stamp,
            "b.labinovasi (laptop-b, 2027-01-05)",
        ),
        ConflictInfo(
            uuid.uuid4(), "unit", ids[0], "sort_order", "Unit Dinas A", "sort_order", 1, 2, stamp, stamp, "b"
        ),
    ]
    cd = ConflictDialog(conflicts)
    qtbot.addWidget(cd)
    assert cd.mine_text.toPlainText() == "Ani <b>" and cd.theirs_text.toPlainText() == "Budi &"
    assert cd.decisions() == [] and not cd.apply_button.isEnabled()
    assert cd.combos[1].findData("both") == -1  # numbers cannot be joined
    assert cd.combos[0].findData("both") >= 0
    cd.all_theirs.click()
    assert cd.decisions() == [(conflicts[0].id, "theirs"), (conflicts[1].id, "theirs")]
    cd.table.selectRow(1)
    assert cd.mine_text.toPlainText() == "1"
