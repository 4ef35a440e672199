"""The worksheet template format.

A template is a TOML file in ``resources/worksheets/`` (one per worksheet), validated by the
pydantic models below. One template drives the Qt form, the validation of stored data, the
blank printable worksheet and the filled worksheet.

Example (abridged)::

    code = "LK-2f"
    version = 1
    stage = "diagnose"
    scope = "idea"
    title = "Ide Inovasi"
    help = "..."

    [[fields]]
    key = "nama"
    type = "text"
    label = "Nama/judul inovasi"
    required = true
    bind = "idea.title"

    [[fields]]
    key = "inovator"
    type = "table"
    label = "Inisiator / inovator"
    blank_rows = 4
      [[fields.columns]]
      key = "nama"
      type = "text"
      label = "Nama"
"""

from __future__ import annotations

import enum
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator
from pydantic import Field as PydField

from labinovasi.domain.enums import Scope
from labinovasi.domain.stages import Stage


class TemplateError(ValueError):
    """A template file that cannot be used; the message is for people (Indonesian)."""


class FieldType(enum.StrEnum):
    TEXT = "text"
    PARAGRAPH = "paragraph"
    NUMBER = "number"
    DATE = "date"
    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"
    YES_NO = "yes_no"
    SCORE = "score"
    TABLE = "table"
    SIGNATURE = "signature"
    COMPUTED = "computed"
    REF = "ref"  # the ``_id`` of a row of another table (or a list of them with ``multiple``)


KEY_RE = r"^[a-z][a-z0-9_]{0,47}$"
REF_RE = r"^(idea|LK-[0-9][a-z]?\.[a-z][a-z0-9_]{0,47})$"
SOURCE_RE = r"^LK-[0-9][a-z]?\.([a-z][a-z0-9_]{0,47}|\*)$"

ComputeOp = Literal["word_count", "sum", "all_yes", "count_rows", "average", "product"]


class Option(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    value: str
    label: str


class Compute(BaseModel):
    """A computed value: ``op`` applied to the values of other fields (or table columns)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    op: ComputeOp
    of: tuple[str, ...] = PydField(min_length=1)
    minimum: float | None = None  # a rule: warn when the value is below this (e.g. 300 words)


class Field(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    key: Annotated[str, PydField(pattern=KEY_RE)]
    type: FieldType
    label: Annotated[str, PydField(min_length=1, max_length=200)]
    help: str = ""
    required: bool = False
    # text / paragraph
    max_length: int | None = PydField(default=None, ge=1)
    lines: int = PydField(default=4, ge=1, le=40)  # ruled lines on the blank print
    # number / score
    minimum: float | None = None
    maximum: float | None = None
    integer: bool = False
    unit: str = ""  # e.g. "Rp"
    # choice / multi_choice
    options: tuple[Option, ...] = ()
    options_from: str | None = None  # a named list in resources/lists.toml
    # table
    columns: tuple[Field, ...] = ()
    blank_rows: int = PydField(default=5, ge=1, le=60)
    width: float = PydField(default=1.0, gt=0)  # relative column width inside a table
    # a number column of a table that holds the row's number (1, 2, 3 …), kept in order by the app
    auto_number: bool = False
    # computed
    compute: Compute | None = None
    # signature: the role printed under the box
    signer: str = ""
    # write this field's value to a record attribute as well, e.g. "idea.title"
    # (or, in a lab-scope sheet, to the lab's own record: one source of truth with Berkas → Profil lab)
    bind: Literal["idea.title", "lab.pemda", "lab.province", "lab.year", "lab.organizer"] | None = None
    # in an idea-scope sheet: the value is another worksheet's of the same idea, shown and printed from
    # there and never stored here ("LK-2f.tujuan"; "LK-3a.*" is every written section of LK-3a under its
    # label); see labinovasi.worksheets.sources
    source: Annotated[str, PydField(pattern=SOURCE_RE)] | None = None
    # ref: rows of which table ("LK-2b.masalah"), which of their columns names them, one or many
    ref: Annotated[str, PydField(pattern=REF_RE)] | None = None
    ref_label: str = ""
    multiple: bool = False
    # only part of the worksheet when the lab's setting says so, e.g. "apkl=skor" (see LabSettings.modes)
    mode: Annotated[str, PydField(pattern=r"^[a-z_]+=[a-z_]+$")] | None = None
    # date: a soft rule, "must not be before the date in this sibling field/column"
    not_before: str | None = None

    @model_validator(mode="after")
    def _check_kind(self) -> Field:
        t = self.type
        if t in (FieldType.CHOICE, FieldType.MULTI_CHOICE) and not (self.options or self.options_from):
            raise ValueError(
                f"isian '{self.key}' bertipe pilihan tetapi tidak punya 'options' atau 'options_from'"
            )
        if t is FieldType.TABLE:
            if not self.columns:
                raise ValueError(f"tabel '{self.key}' tidak punya kolom")
            for col in self.columns:
                if col.type in (FieldType.TABLE, FieldType.SIGNATURE):
                    raise ValueError(
                        f"kolom '{col.key}' di tabel '{self.key}' tidak boleh bertipe {col.type.value}"
                    )
            _unique([c.key for c in self.columns], f"kolom tabel '{self.key}'")
            siblings = {c.key for c in self.columns}
            for col in self.columns:  # a computed column works on the other columns of its row
                if col.compute and any(ref not in siblings or ref == col.key for ref in col.compute.of):
                    raise ValueError(
                        f"kolom terhitung '{col.key}' merujuk kolom yang tidak ada di tabel '{self.key}'"
                    )
        elif self.columns:
            raise ValueError(f"isian '{self.key}' bukan tabel tetapi punya 'columns'")
        if self.auto_number and t is not FieldType.NUMBER:
            raise ValueError(f"isian '{self.key}': nomor otomatis hanya untuk kolom angka")
        if t is FieldType.REF and not self.ref:
            raise ValueError(f"isian rujukan '{self.key}' tidak punya 'ref'")
        if t is FieldType.COMPUTED and self.compute is None:
            raise ValueError(f"isian terhitung '{self.key}' tidak punya 'compute'")
        if t is FieldType.SCORE:
            lo = 1 if self.minimum is None else self.minimum
            hi = 5 if self.maximum is None else self.maximum
            object.__setattr__(self, "minimum", lo)
            object.__setattr__(self, "maximum", hi)
            object.__setattr__(self, "integer", True)
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise ValueError(f"isian '{self.key}': minimum lebih besar dari maksimum")
        return self


def _unique(keys: list[str], what: str) -> None:
    seen: set[str] = set()
    for k in keys:
        if k in seen:
            raise ValueError(f"kunci '{k}' dipakai dua kali di {what}")
        seen.add(k)


CODE_RE = r"^LK-[0-9][a-z]?$"


class Template(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: Annotated[str, PydField(pattern=CODE_RE)]
    version: Annotated[int, PydField(ge=1)]
    stage: Stage
    scope: Scope
    title: Annotated[str, PydField(min_length=1, max_length=200)]
    help: str = ""
    orientation: Literal["portrait", "landscape"] = "portrait"
    # what the worksheet does beyond a form (its own editor, print, after-save effect); see
    # labinovasi.worksheets.kinds. None: the generic form, print and save.
    kind: Annotated[str, PydField(pattern=r"^[a-z][a-z0-9_]{0,31}$")] | None = None
    fields: tuple[Field, ...] = PydField(min_length=1)

    @model_validator(mode="after")
    def _check_refs(self) -> Template:
        _unique([f.key for f in self.fields], f"lembar kerja {self.code}")
        keys = {f.key: f for f in self.fields}
        for f in self.fields:
            if f.compute:
                for ref in f.compute.of:
                    base, _, col = ref.partition(".")
                    if base not in keys or base == f.key:
                        raise ValueError(f"isian terhitung '{f.key}' merujuk isian yang tidak ada: '{ref}'")
                    if col and col not in {c.key for c in keys[base].columns}:
                        raise ValueError(f"isian terhitung '{f.key}' merujuk kolom yang tidak ada: '{ref}'")
            if f.bind and f.bind.startswith("idea.") and self.scope is not Scope.IDEA:
                raise ValueError(f"isian '{f.key}' terikat ke ide, tetapi lembar kerja ini bukan lingkup ide")
            if f.bind and f.bind.startswith("lab.") and self.scope is not Scope.LAB:
                raise ValueError(f"isian '{f.key}' terikat ke lab, tetapi lembar kerja ini bukan lingkup lab")
            if f.source and (self.scope is not Scope.IDEA or f.bind or f.source.startswith(self.code + ".")):
                raise ValueError(
                    f"isian '{f.key}' diambil dari lembar kerja lain: hanya untuk lembar kerja lingkup ide, "
                    "tanpa 'bind', dari lembar kerja yang lain"
                )
        return self

    def field(self, key: str) -> Field:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)

    def for_modes(self, modes: dict[str, str]) -> Template:
        """This template as a lab with these settings sees it: fields and columns whose ``mode``
        does not match are left out (``modes`` maps a setting to its value, e.g. ``{"apkl": "skor"}``)."""

        def keep(f: Field) -> bool:
            if f.mode is None:
                return True
            name, _sep, value = f.mode.partition("=")
            return modes.get(name, "") == value

        def strip(f: Field) -> Field:
            if f.columns:
                return f.model_copy(update={"columns": tuple(c for c in f.columns if keep(c))})
            return f

        return self.model_copy(update={"fields": tuple(strip(f) for f in self.fields if keep(f))})

    @property
    def data_fields(self) -> tuple[Field, ...]:
        """Fields that hold stored data (not computed, not signature boxes)."""
        return tuple(f for f in self.fields if f.type not in (FieldType.COMPUTED, FieldType.SIGNATURE))

    @property
    def sort_key(self) -> tuple[int, str]:
        m = re.match(r"LK-(\d)([a-z]?)", self.code)
        assert m
        return int(m.group(1)), m.group(2)


def parse_template(raw: dict[str, Any], source: str = "") -> Template:
    """Validate a template's raw mapping; raise :class:`TemplateError` with an Indonesian message."""
    try:
        return Template.model_validate(raw)
    except ValidationError as exc:
        where = f" ({source})" if source else ""
        lines = []
        for err in exc.errors():
            loc = ".".join(str(p) for p in err["loc"])
            msg = err["msg"].removeprefix("Value error, ")
            lines.append(f"{loc}: {msg}" if loc else msg)
        raise TemplateError(f"Templat lembar kerja tidak valid{where}:\n" + "\n".join(lines)) from exc
