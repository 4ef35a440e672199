"""Loading worksheet templates from ``resources/worksheets`` (and, later, a lab's own copies)."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from labinovasi.domain.stages import Stage
from labinovasi.resources import resource_path
from labinovasi.worksheets.schema import Field, Option, Template, TemplateError, parse_template


@cache
def named_lists() -> dict[str, tuple[Option, ...]]:
    """The shared option lists (``resources/lists.toml``): urusan, bentuk, jenis …"""
    with resource_path("lists.toml").open("rb") as fh:
        raw = tomllib.load(fh)
    return {name: tuple(Option(value=v, label=lbl) for v, lbl in items) for name, items in raw.items()}


def field_options(field: Field) -> tuple[Option, ...]:
    if field.options:
        return field.options
    if field.options_from:
        return named_lists()[field.options_from]
    return ()


def load_template_file(path: Path) -> Template:
    try:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"Templat lembar kerja tidak dapat dibaca ({path.name}): {exc}") from exc
    except OSError as exc:
        raise TemplateError(f"Templat lembar kerja tidak dapat dibuka ({path.name}): {exc.strerror}") from exc
    template = parse_template(raw, path.name)
    lists = named_lists()
    for f in _all_fields(template.fields):
        if f.options_from and f.options_from not in lists:
            raise TemplateError(
                f"Templat lembar kerja tidak valid ({path.name}):\n"
                f"isian '{f.key}' memakai daftar '{f.options_from}' yang tidak ada"
            )
    return template


def _all_fields(fields: Iterable[Field]) -> Iterable[Field]:
    for f in fields:
        yield f
        yield from f.columns


class TemplateRegistry:
    """All known templates, by code and version."""

    def __init__(self, templates: Iterable[Template]):
        self._by_version: dict[tuple[str, int], Template] = {}
        self._latest: dict[str, Template] = {}
        for t in templates:
            if (t.code, t.version) in self._by_version:
                raise TemplateError(f"Templat {t.code} versi {t.version} ada dua kali")
            self._by_version[(t.code, t.version)] = t
            if t.code not in self._latest or self._latest[t.code].version < t.version:
                self._latest[t.code] = t

    @classmethod
    def from_folder(cls, folder: Path) -> TemplateRegistry:
        return cls(load_template_file(p) for p in sorted(folder.rglob("*.toml")))

    def get(self, code: str, version: int | None = None) -> Template:
        if version is None:
            try:
                return self._latest[code]
            except KeyError:
                raise KeyError(f"Lembar kerja '{code}' tidak dikenal") from None
        try:
            return self._by_version[(code, version)]
        except KeyError:
            raise KeyError(f"Lembar kerja '{code}' versi {version} tidak dikenal") from None

    def __contains__(self, code: str) -> bool:
        return code in self._latest

    def all(self) -> list[Template]:
        return sorted(self._latest.values(), key=lambda t: t.sort_key)

    def for_stage(self, stage: Stage) -> list[Template]:
        return [t for t in self.all() if t.stage is stage]


@cache
def default_registry() -> TemplateRegistry:
    return TemplateRegistry.from_folder(resource_path("worksheets"))
