"""Cleaning text where it enters the app.

Every text a user types, imports or pastes goes through :func:`clean_text` before it is stored, so
what is stored can always be written to a spreadsheet (XML 1.0 forbids most control characters),
a PDF or a CSV file. :func:`clean_line` is the same for one-line values (names, titles).
"""

from __future__ import annotations

import re

# C0 controls except tab and newline (carriage returns are turned into newlines first), DEL, lone
# UTF-16 surrogates (they cannot be encoded as UTF-8) and the two non-characters U+FFFE and U+FFFF
# (forbidden in XML).
_UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def has_controls(value: str) -> bool:
    """Whether :func:`clean_text` would remove something from ``value`` (line ends aside)."""
    return _UNWANTED.search(value) is not None


def clean_text(value: str) -> str:
    """``value`` without control characters: tab and newline stay, CR LF and a lone CR become a
    newline, every other C0 control, DEL, lone surrogates and U+FFFE/U+FFFF are removed."""
    if not value:
        return ""
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _UNWANTED.sub("", value)


def clean_line(value: str) -> str:
    """One line of text: controls removed, any run of white space (tabs, newlines) one space, no
    space at either end."""
    return " ".join(clean_text(value).split())
