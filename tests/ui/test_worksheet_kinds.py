"""Every worksheet kind has an editor that builds, and old-format data reads the same in the editor."""

from __future__ import annotations

from labinovasi.db import models as m
from labinovasi.domain.enums import Scope, UnitType
from labinovasi.ops import spine as spine_ops
from labinovasi.services.context import WorksheetContext
from labinovasi.services.lab_settings import default_readiness_items
from labinovasi.services.readiness import unit_readiness
from labinovasi.services.worksheets import load_worksheet
from labinovasi.worksheets import codes
from labinovasi.worksheets.kinds import KINDS
from labinovasi.worksheets.registry import default_registry
from ui import editors


def test_every_kind_editor_is_a_known_kind_and_every_template_gets_an_editor(qtbot, db) -> None:  # noqa: ANN001
    assert set(editors.EDITORS) <= set(KINDS)
    lab = spine_ops.create_lab(db, "Lab Editor")
    unit = spine_ops.add_unit(db, lab.id, "Dinas", UnitType.DINAS)
    idea = spine_ops.add_idea(db, unit.id, "Ide")
    for template in default_registry().all():
        ctx = WorksheetContext(db, lab.id, unit.id, idea.id if template.scope is Scope.IDEA else None)
        editor = editors.create_editor(ctx.template(template.code), ctx)
        qtbot.addWidget(editor)
        assert hasattr(editor, "changed") and callable(editor.data) and callable(editor.set_data)


def test_version_1_readiness_reads_the_same_in_the_editor(qtbot, db) -> None:  # noqa: ANN001
    lab = spine_ops.create_lab(db, "Lab Lama")
    unit = spine_ops.add_unit(db, lab.id, "Dinas Lama", UnitType.DINAS)
    items = default_readiness_items()
    rows = [
        {"dimensi": i.dimension, "pernyataan": i.statement, "skor": s}
        for i, s in zip(items, (5, 4, 2), strict=False)
    ]
    with db.session() as s:
        s.add(
            m.WorksheetEntry(
                lab_id=lab.id,
                unit_id=unit.id,
                template_code=codes.READINESS,
                template_version=1,
                scope=Scope.UNIT,
                data={"nama_responden": "Sri", "butir": rows},
            )
        )
    ctx = WorksheetContext(db, lab.id, unit.id)
    editor = editors.create_editor(ctx.template(codes.READINESS), ctx)
    qtbot.addWidget(editor)
    editor.set_data(load_worksheet(db, codes.READINESS, lab.id, unit.id).data)
    expected = unit_readiness(db, unit.id)
    assert expected.summary.answers == 3
    assert editor.model.report.mean == expected.mean == round((5 + 4 + 2) / 3, 2)
