"""LK-2a: the readiness questionnaire, a respondents × items grid scored 1–5.

Version 1 stored one respondent with the statements typed out (``butir`` rows); version 2 stores
respondents as rows and answers by the lab's item ids. :func:`upgrade_v1` reads version 1 data as
version 2, for every reader (the editor, the lab comparison, every PDF), without writing it back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from labinovasi.domain.scoring import SCORE_MAX, SCORE_MIN
from labinovasi.i18n import _
from labinovasi.worksheets.codes import READINESS
from labinovasi.worksheets.kinds.base import Kind
from labinovasi.worksheets.validation import ROW_ID, new_row_id

RESPONDENTS = "responden"
ANSWERS = "jawaban"


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def is_score(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and SCORE_MIN <= value <= SCORE_MAX


def upgrade_v1(data: Mapping[str, Any], items: Sequence[Any]) -> dict[str, Any]:
    """LK-2a version 1 data (one respondent, ``butir`` rows with the statement typed out) as version 2
    data: the respondent becomes a row, and each scored statement that matches one of the lab's items
    (anything with ``id`` and ``statement``) becomes an answer. Version 2 data is returned unchanged."""
    if (
        RESPONDENTS in data
        or ANSWERS in data
        or not any(k in data for k in ("nama_responden", "jabatan_responden", "butir"))
    ):
        return dict(data)
    rid = new_row_id()
    person = {ROW_ID: rid, "nama": _text(data.get("nama_responden")).strip() or _("Responden 1")}
    if _text(data.get("jabatan_responden")).strip():
        person["jabatan"] = _text(data.get("jabatan_responden")).strip()
    by_text = {" ".join(i.statement.split()).casefold(): i.id for i in items}
    answers = []
    rows = data.get("butir")
    for row in rows if isinstance(rows, list) else []:
        if isinstance(row, dict) and is_score(row.get("skor")):
            item = by_text.get(" ".join(_text(row.get("pernyataan")).split()).casefold())
            if item:
                answers.append({"responden": rid, "butir": item, "skor": row["skor"]})
    return {RESPONDENTS: [person], ANSWERS: answers}


KIND = Kind("readiness", READINESS, upgrades={1: lambda data, lab: upgrade_v1(data, lab.readiness_items)})
