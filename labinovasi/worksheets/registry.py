"""Loading worksheet templates from ``resources/worksheets`` (and, later, a lab's own copies).

The files are Indonesian; :func:`default_registry` and :func:`named_lists` give them in the active
language: titles, help texts, labels, units and signers pass through ``_()`` (their msgids are
extracted by :mod:`labinovasi.i18n_extract`). Keys and option values are never translated, so what
is stored does not depend on the language.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from labinovasi.domain.stages import Stage
from labinovasi.i18n import DEFAULT_LOCALE, _, current_locale
from labinovasi.resources import resource_path
from labinovasi.worksheets.schema import Field, Option, Template, TemplateError, parse_template


@cache
def source_lists() -> dict[str, tuple[Option, ...]]:
    """The shared option lists (``resources/lists.toml``) as written, in Indonesian."""
    with resource_path("lists.toml").open("rb") as fh:
        raw = tomllib.load(fh)
    return {name: tuple(Option(value=v, label=lbl) for v, lbl in items) for name, items in raw.items()}


def named_lists() -> dict[str, tuple[Option, ...]]:
    """The shared option lists (``resources/lists.toml``): urusan, bentuk, jenis … in the active language."""
    return _named_lists_in(current_locale())


@cache
def _named_lists_in(lang: str) -> dict[str, tuple[Option, ...]]:
    # keyed by language, so a cached list never keeps another language's labels
    if lang == DEFAULT_LOCALE:
        return source_lists()
    return {name: tuple(_localized_option(o) for o in items) for name, items in source_lists().items()}


def _tr(text: str) -> str:
    return _(text) if text else text  # _("") would be the catalog's header


def _localized_option(option: Option) -> Option:
    return option.model_copy(update={"label": _tr(option.label)})


def _localized_field(f: Field) -> Field:
    return f.model_copy(
        update={
            "label": _tr(f.label),
            "help": _tr(f.help),
            "unit": _tr(f.unit),
            "signer": _tr(f.signer),
            "options": tuple(_localized_option(o) for o in f.options),
            "columns": tuple(_localized_field(c) for c in f.columns),
        }
    )


def localized_template(template: Template) -> Template:
    """``template`` with its texts in the active language (same keys, values and structure)."""
    return template.model_copy(
        update={
            "title": _tr(template.title),
            "help": _tr(template.help),
            "fields": tuple(_localized_field(f) for f in template.fields),
        }
    )


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
    lists = source_lists()
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

    def templates(self) -> list[Template]:
        """Every template, every version."""
        return list(self._by_version.values())

    def all(self) -> list[Template]:
        return sorted(self._latest.values(), key=lambda t: t.sort_key)

    def for_stage(self, stage: Stage) -> list[Template]:
        return [t for t in self.all() if t.stage is stage]


@cache
def source_registry() -> TemplateRegistry:
    """The templates of ``resources/worksheets`` as written, in Indonesian."""
    return TemplateRegistry.from_folder(resource_path("worksheets"))


def default_registry() -> TemplateRegistry:
    """The templates of ``resources/worksheets`` in the active language."""
    return _registry_in(current_locale())


@cache
def _registry_in(lang: str) -> TemplateRegistry:
    # keyed by language, so a cached registry never keeps another language's texts
    if lang == DEFAULT_LOCALE:
        return source_registry()  # the files are written in it: nothing to translate (and no copies to make)
    return TemplateRegistry(localized_template(t) for t in source_registry().templates())
