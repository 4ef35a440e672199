"""Fields that repeat another worksheet of the same idea: typed once, shown everywhere.

A field with ``source = "LK-2f.tujuan"`` (LK-6's *Tujuan inovasi*) holds no value of its own: its value
is the source sheet's, read whenever the sheet is shown, printed or checked, and it is never stored
with the sheet (a save drops it), so there is one place to change it. ``"LK-3a.*"`` stands for every
written section of LK-3a, each under its label (the *rancang bangun* of the IID profile). Pure
functions over stored data, shared by the loader, the save, the editor and the readiness check.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from labinovasi.worksheets.registry import TemplateRegistry
from labinovasi.worksheets.schema import Field, FieldType, Template

SECTIONS = "*"  # the key of a source that stands for every written section of the sheet


def source_of(field: Field) -> tuple[str, str]:
    """``"LK-2f.tujuan"`` -> ``("LK-2f", "tujuan")`` (the field must have a source)."""
    assert field.source is not None
    code, _sep, key = field.source.partition(".")
    return code, key


def sourced_fields(template: Template) -> tuple[Field, ...]:
    return tuple(f for f in template.fields if f.source)


def source_codes(template: Template) -> frozenset[str]:
    """The worksheets ``template`` takes values from."""
    return frozenset(source_of(f)[0] for f in sourced_fields(template))


def section_fields(template: Template) -> tuple[tuple[str, str], ...]:
    """``(key, label)`` of the written sections of a sheet: its texts and paragraphs (file locations,
    ``berkas_…``, are no part of the text)."""
    return tuple(
        (f.key, f.label)
        for f in template.fields
        if f.type in (FieldType.PARAGRAPH, FieldType.TEXT) and not f.key.startswith("berkas")
    )


def sections_text(sections: Sequence[tuple[str, str]], data: Mapping[str, Any]) -> str:
    """Every written section of a sheet, each under its label (LK-3a's rancang bangun)."""
    parts = []
    for key, label in sections:
        v = data.get(key)
        if isinstance(v, str) and v.strip():
            parts.append(f"{label}:\n{v.strip()}")
    return "\n\n".join(parts)


def source_values(
    template: Template, sheets: Mapping[str, Mapping[str, Any]], registry: TemplateRegistry
) -> dict[str, Any]:
    """The values of ``template``'s sourced fields, from ``sheets`` (worksheet code -> the same idea's
    data); a source with nothing written gives no value."""
    out: dict[str, Any] = {}
    for f in sourced_fields(template):
        code, key = source_of(f)
        data = sheets.get(code) or {}
        if key == SECTIONS:
            value: Any = sections_text(section_fields(registry.get(code)), data)
        else:
            value = data.get(key)
        if value not in (None, "", []):
            out[f.key] = value
    return out


def without_sourced(template: Template, data: Mapping[str, Any]) -> dict[str, Any]:
    """``data`` less the sourced fields (what a save stores)."""
    keys = {f.key for f in sourced_fields(template)}
    return {k: v for k, v in data.items() if k not in keys}


def with_sources(
    template: Template,
    data: Mapping[str, Any],
    sheets: Mapping[str, Mapping[str, Any]],
    registry: TemplateRegistry,
) -> dict[str, Any]:
    """``data`` as it is shown: its sourced fields hold the sources' values; what an older sheet stored
    under such a key shows only while its source has nothing written."""
    if not sourced_fields(template):
        return dict(data)
    return {**data, **source_values(template, sheets, registry)}


def all_with_sources(
    sheets: Mapping[str, Mapping[str, Any]], registry: TemplateRegistry, codes: Iterable[str] | None = None
) -> dict[str, Mapping[str, Any]]:
    """One idea's ``sheets`` (code -> data) with every sheet's sourced fields filled from the others."""
    out: dict[str, Mapping[str, Any]] = dict(sheets)
    for code in codes if codes is not None else sheets:
        if code in registry:
            out[code] = with_sources(registry.get(code), sheets.get(code) or {}, sheets, registry)
    return out
