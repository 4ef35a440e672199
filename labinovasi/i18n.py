"""The one translation mechanism: GNU gettext catalogs, read with Babel.

Source strings are written in Bahasa Indonesia, the app's default language; other languages
are ``resources/translations/<lang>/LC_MESSAGES/labinovasi.po`` catalogs, compiled in memory
at start-up so only the editable ``.po`` files are shipped. Qt code uses the same ``_``
(no Qt Linguist), so the core, the PDFs and the window share one catalog.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import math
import os
from decimal import Decimal

from labinovasi.resources import resource_path

DOMAIN = "labinovasi"
DEFAULT_LOCALE = "id"
LANG_ENV = "LABINOVASI_LANG"

_translations: gettext.NullTranslations = gettext.NullTranslations()
_locale = DEFAULT_LOCALE


def available_languages() -> list[str]:
    root = resource_path("translations")
    langs = [DEFAULT_LOCALE]
    if root.is_dir():
        langs += sorted(p.name for p in root.iterdir() if (p / "LC_MESSAGES" / f"{DOMAIN}.po").is_file())
    return langs


def set_language(lang: str | None = None) -> str:
    """Activate a language (default: ``LABINOVASI_LANG`` or Indonesian). Returns the active code."""
    global _translations, _locale
    lang = lang or os.environ.get(LANG_ENV) or DEFAULT_LOCALE
    po_file = resource_path("translations", lang, "LC_MESSAGES", f"{DOMAIN}.po")
    if lang == DEFAULT_LOCALE or not po_file.is_file():
        _translations = gettext.NullTranslations()
        _locale = DEFAULT_LOCALE if lang == DEFAULT_LOCALE or not po_file.is_file() else lang
        return _locale
    from babel.messages.mofile import write_mo  # noqa: PLC0415 - only for a language other than Indonesian
    from babel.messages.pofile import read_po  # noqa: PLC0415

    with po_file.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    _translations = gettext.GNUTranslations(buf)
    _locale = lang
    return _locale


def current_locale() -> str:
    return _locale


def _(message: str) -> str:
    """Translate ``message`` into the active language."""
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def format_date(value: dt.date | dt.datetime | None, pattern: str = "d MMMM y") -> str:
    """A date as people write it: ``22 November 2026``. Empty string for no date."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    from babel.dates import format_date as babel_format_date  # noqa: PLC0415 - not needed to start

    return babel_format_date(value, pattern, locale=_locale)


def format_rupiah(value: float | int | Decimal | None) -> str:
    """``Rp 1.234.567`` (Indonesian grouping, no decimals unless there are cents)."""
    if value is None:
        return ""
    dec = Decimal(str(value))
    fmt = "#,##0" if dec == dec.to_integral_value() else "#,##0.00"
    from babel.numbers import format_decimal  # noqa: PLC0415 - not needed to start

    return "Rp " + format_decimal(dec, format=fmt, locale="id")


# the decimal sign of the app's own languages (their minus sign is "-"); any other goes through Babel
_DECIMAL_SIGN = {"id": ",", "en": "."}


def format_fixed(value: float, places: int) -> str:
    """``value`` with exactly ``places`` decimals and no grouping, as the active language writes it
    (``3,47``): Babel's ``0.00`` pattern, without loading Babel's locale data for the app's own
    languages (the first screen shows such numbers)."""
    value = round(value, places)
    sign = _DECIMAL_SIGN.get(_locale)
    if sign is not None and math.isfinite(value):
        # str() first, as Babel reads a float: the shortest decimal that is the float, then half-even
        text = f"{Decimal(str(value)):.{places}f}"
        return text.replace(".", sign) if places else text
    from babel.numbers import format_decimal  # noqa: PLC0415 - not needed to start

    return format_decimal(value, format="0." + "0" * places if places else "0", locale=_locale)


def format_number(value: float | int | None) -> str:
    if value is None:
        return ""
    from babel.numbers import format_decimal  # noqa: PLC0415 - not needed to start

    return format_decimal(value, locale=_locale)
