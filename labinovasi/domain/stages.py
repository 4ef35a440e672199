"""The 5D+1 stages and their guidance (domain doc §2), loaded from ``resources/stages.toml``."""

from __future__ import annotations

import enum
import tomllib
from dataclasses import dataclass
from functools import cache

from labinovasi.i18n import _
from labinovasi.resources import resource_path


class Stage(enum.StrEnum):
    DRUM_UP = "drum_up"
    DIAGNOSE = "diagnose"
    DESIGN = "design"
    DELIVER = "deliver"
    DISPLAY = "display"
    DOCUMENTATION = "documentation"

    @property
    def index(self) -> int:  # type: ignore[override]  # the stage's place in 5D+1, not str.index
        return list(Stage).index(self)

    @property
    def label(self) -> str:
        return guidance(self).name

    @property
    def number(self) -> str:
        """The stage's mark in the 5D+1 bar: 1…5, then +1."""
        return "+1" if self is Stage.DOCUMENTATION else str(self.index + 1)


@dataclass(frozen=True)
class StageGuidance:
    stage: Stage
    name: str
    question: str
    purpose: str
    steps: tuple[str, ...]
    outputs: tuple[str, ...]
    checklist: tuple[str, ...]


@cache
def _load() -> dict[Stage, StageGuidance]:
    with resource_path("stages.toml").open("rb") as fh:
        raw = tomllib.load(fh)
    result = {}
    for stage in Stage:
        item = raw[stage.value]
        result[stage] = StageGuidance(
            stage=stage,
            name=item["name"],
            question=item["question"],
            purpose=item["purpose"],
            steps=tuple(item["steps"]),
            outputs=tuple(item["outputs"]),
            checklist=tuple(item["checklist"]),
        )
    return result


def guidance(stage: Stage) -> StageGuidance:
    g = _load()[stage]
    return StageGuidance(
        stage=g.stage,
        name=_(g.name),
        question=_(g.question),
        purpose=_(g.purpose),
        steps=tuple(_(s) for s in g.steps),
        outputs=tuple(_(s) for s in g.outputs),
        checklist=tuple(_(s) for s in g.checklist),
    )
