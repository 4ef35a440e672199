"""A check of a ZIP archive (an .xlsx workbook, later a bundle) before anything in it is read.

A "zip bomb" is a small file that unpacks to gigabytes: a 1 MB workbook whose sheet is 1 GiB of
XML takes minutes and gigabytes of memory to read. :func:`check_zip` looks only at the archive's
directory (no member is unpacked) and refuses an archive with too many members, a member or a total
too large once unpacked, or a member that unpacks to far more than its packed size. Python's
``zipfile`` never unpacks more than a member's declared size (it stops there and reports a broken
archive), so checking the declared sizes is enough for anything read through ``zipfile`` later.

The limits follow Apache POI's ``ZipSecureFile`` (a member may grow at most 100 times once it is
larger than a small allowance), with sizes fitting the app's own limits.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from labinovasi.i18n import _, format_number

MIB = 1024 * 1024


@dataclass(frozen=True)
class ZipLimits:
    max_members: int = 10_000
    max_member_bytes: int = 256 * MIB
    max_total_bytes: int = 512 * MIB
    max_ratio: float = 100.0
    ratio_allowance: int = 1 * MIB  # a member smaller than this unpacked is never refused for its ratio


DEFAULT_LIMITS = ZipLimits()


class UnsafeZipError(ValueError):
    """The archive is refused; ``str(exc)`` is one Indonesian sentence for the user."""


def _mb(n: int) -> str:
    return format_number(round(n / MIB))


def check_zip(
    source: str | Path | IO[bytes] | zipfile.ZipFile, name: str = "", limits: ZipLimits = DEFAULT_LIMITS
) -> None:
    """Raise :class:`UnsafeZipError` when the archive at ``source`` is not safe to unpack.
    ``name`` is how the message calls the file (default: its file name). A file that is not a ZIP
    archive at all raises ``zipfile.BadZipFile`` (the caller says what it expected instead)."""
    if isinstance(source, zipfile.ZipFile):
        infos = source.infolist()
    else:
        with zipfile.ZipFile(source) as archive:
            infos = archive.infolist()
    label = name or (Path(source).name if isinstance(source, str | Path) else _("Arsip"))
    if len(infos) > limits.max_members:
        raise UnsafeZipError(
            _("{name} berisi terlalu banyak bagian ({n}; batasnya {limit}) dan tidak dibuka.").format(
                name=label, n=format_number(len(infos)), limit=format_number(limits.max_members)
            )
        )
    total = 0
    for info in infos:
        size = info.file_size
        total += size
        if size > limits.max_member_bytes:
            raise UnsafeZipError(
                _(
                    "{name} tidak dibuka: satu bagiannya berukuran {mb} MB setelah dibuka "
                    "(batasnya {limit} MB)."
                ).format(name=label, mb=_mb(size), limit=_mb(limits.max_member_bytes))
            )
        if size > limits.ratio_allowance and size > limits.max_ratio * max(1, info.compress_size):
            raise UnsafeZipError(
                _(
                    "{name} tidak dibuka: isinya membesar {ratio} kali lipat saat dibuka, "
                    "tanda berkas berbahaya (bom zip)."
                ).format(name=label, ratio=format_number(round(size / max(1, info.compress_size))))
            )
        if total > limits.max_total_bytes:
            raise UnsafeZipError(
                _("{name} tidak dibuka: isinya lebih dari {limit} MB setelah dibuka.").format(
                    name=label, limit=_mb(limits.max_total_bytes)
                )
            )
