"""Babel extraction methods for the one gettext catalog: the TOML resources' texts, and the
``_()`` calls that Babel's own Python extractor does not see (inside f-strings before Python 3.12).

Worksheet templates, option lists, stage guidance and the scoring and readiness rules are data,
written in Bahasa Indonesia. Their texts are msgids like the ``_()`` calls of the code: Babel's
extractor :func:`extract_toml` (registered in ``babel.cfg``) puts them into the catalog, and the
loaders pass them through ``_()`` at run time. Keys and option values are never texts.

Which texts a file holds is said in ``babel.cfg``, per file pattern:

``keys``   the names whose string values (or lists of strings) are texts, at any depth
           (``keys = title help label``);
``pairs``  ``true`` for a file of ``[value, label]`` lists (``resources/lists.toml``): the labels.
"""

from __future__ import annotations

import ast
import io
import tomllib
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any, cast

from babel.messages.extract import extract_python as _babel_extract_python

Message = tuple[int, str | None, str | tuple[str | None, ...], list[str]]  # Babel's method result


def texts(raw: Mapping[str, Any], keys: Collection[str], pairs: bool = False) -> Iterator[str]:
    """The texts of a parsed TOML document, in document order (repeats included)."""
    if pairs:
        for items in raw.values():
            if isinstance(items, list):
                for item in items:
                    if isinstance(item, list) and len(item) == 2 and isinstance(item[1], str):
                        yield item[1]
        return
    yield from _walk(raw, frozenset(keys))


def _walk(node: Any, keys: frozenset[str]) -> Iterator[str]:
    if isinstance(node, Mapping):
        for name, value in node.items():
            if name in keys:
                if isinstance(value, str):
                    yield value
                    continue
                if isinstance(value, list) and all(isinstance(v, str) for v in value):
                    yield from value
                    continue
            yield from _walk(value, keys)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value, keys)


def extract_toml(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Mapping[str, Any]
) -> Iterator[Message]:
    """Babel extraction method: ``(lineno, funcname, message, comments)`` for each non-empty text."""
    source = fileobj.read()
    raw = tomllib.loads(source.decode("utf-8"))
    keys = str(options.get("keys", "")).split()
    pairs = str(options.get("pairs", "")).lower() in ("1", "true", "yes")
    lines = source.decode("utf-8").splitlines()
    for text in texts(raw, keys, pairs):
        if text.strip():
            yield _line_of(lines, text), None, text, []


def _line_of(lines: list[str], text: str) -> int:
    """The first line that holds the start of ``text`` (1-based; 0 when not found as written)."""
    head = text.split("\n", 1)[0][:40]
    for n, line in enumerate(lines, start=1):
        if head and head in line:
            return n
    return 0


def extract_python(
    fileobj: IO[bytes], keywords: Collection[str], comment_tags: Collection[str], options: Mapping[str, Any]
) -> Iterator[Message]:
    """Babel's Python extraction, plus the keyword calls inside f-strings (``f"<b>{_('Langkah')}</b>"``),
    which its tokenizer skips before Python 3.12. A message found twice is merged by the catalog."""
    source = fileobj.read()
    babel_messages = _babel_extract_python(
        io.BytesIO(source), cast(Any, keywords), comment_tags, cast(Any, options)
    )
    yield from cast(Iterator[Message], babel_messages)
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr):
            for call in ast.walk(node):
                if not isinstance(call, ast.Call):
                    continue
                message = _literal_call(call, keywords)
                if message is not None:
                    yield call.lineno, message[0], message[1], []


def _literal_call(
    node: ast.Call, keywords: Collection[str]
) -> tuple[str, str | tuple[str | None, ...]] | None:
    """``(funcname, arguments)`` of a keyword call whose first argument is a literal text; the other
    arguments are texts or None, as Babel's own extractor gives them (it applies the keyword's spec)."""
    if not (isinstance(node.func, ast.Name) and node.func.id in keywords):
        return None
    args = tuple(
        a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None for a in node.args
    )
    if not args or args[0] is None:
        return None
    return node.func.id, args[0] if len(args) == 1 else args
