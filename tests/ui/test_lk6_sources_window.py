"""LK-6 shows what LK-2f and LK-3a say, read-only, with where it comes from and a way there."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QPlainTextEdit

from labinovasi.domain.stages import Stage
from labinovasi.ops.worksheets import save_worksheet
from labinovasi.services import labs as svc
from labinovasi.services.curation import design_ideas
from tests.ui.test_main_window import make_window, no_dialogs


def test_lk6_says_where_its_values_come_from_and_leads_there(
    qtbot, monkeypatch, db, db_url, demo_lab
) -> None:  # noqa: ANN001
    window = make_window(qtbot, db, db_url, demo_lab.id)
    no_dialogs(monkeypatch, window)
    unit = next(u for u in svc.list_units(db, demo_lab.id) if design_ideas(db, u.id))
    idea = design_ideas(db, unit.id)[0]
    save_worksheet(
        db, "LK-2f", {"nama": idea.title, "tujuan": "Tujuan dari kartu ide."}, demo_lab.id, unit.id, idea.id
    )
    window.select_unit(unit.id)
    window.go_to_worksheet(Stage.DOCUMENTATION, "LK-6")
    page = window.stage_page
    assert page.template is not None and page.template.code == "LK-6" and page.idea_id == idea.id
    form = page.form
    goal = form.fields["tujuan"]
    assert goal.source_label is not None and goal.source_label.text() == "dari LK-2f: Ide Inovasi"
    assert goal.source_label.isVisibleTo(form)
    editor = goal.editor
    assert isinstance(editor, QPlainTextEdit) and editor.isReadOnly()
    assert editor.toPlainText() == "Tujuan dari kartu ide."
    kind = form.fields["jenis"].editor
    assert isinstance(kind, QComboBox) and not kind.isEnabled()
    assert form.fields["rancang_bangun"].source_button.text() == "Ubah di LK-3a"
    own = form.fields["hasil"]  # LK-6's own fields stay editable and say nothing of a source
    assert own.source_button is None and not own.editor.isReadOnly()

    qtbot.mouseClick(goal.source_button, Qt.MouseButton.LeftButton)
    assert window.stage is Stage.DIAGNOSE
    assert page.template is not None and page.template.code == "LK-2f" and page.idea_id == idea.id
    card = page.form
    card.editor("tujuan").setPlainText("Tujuan yang baru.")
    page.save_now()

    window.go_to_worksheet(Stage.DOCUMENTATION, "LK-6")
    assert page.idea_id == idea.id
    assert page.form.fields["tujuan"].editor.toPlainText() == "Tujuan yang baru."
    qtbot.mouseClick(page.form.fields["rancang_bangun"].source_button, Qt.MouseButton.LeftButton)
    assert window.stage is Stage.DESIGN and page.template.code == "LK-3a" and page.idea_id == idea.id
