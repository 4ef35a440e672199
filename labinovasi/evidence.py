"""The lab's evidence files (LK-4c): photos, scans of an SK, SOPs, screenshots, PDFs, budget documents.

A file the user adds is checked, then copied into the lab's store under the SHA-256 of its content
(the same file twice is stored once), beside the database: ``<lab file>-berkas/ab/abcdef….jpg``, with
a small JSON of what it is (name, type, size, pixels or pages) and, for an image, a thumbnail. The
worksheet keeps only the reference ``sha256:<hex>`` and the name, so removing evidence is an ordinary,
undoable worksheet edit: a stored file is never deleted by the app.

Checks, each with one Indonesian sentence: a file over :data:`MAX_BYTES` (a long video), a file named
like an image that is not one, an image too large in pixels (a decompression bomb), a file that cannot
be read, a store that cannot be written (read-only or full disk).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from labinovasi.i18n import _
from labinovasi.images import MAX_PIXELS, image_problem
from labinovasi.paths import data_dir

PREFIX = "sha256:"
MAX_BYTES = 50 * 1024 * 1024  # a photo, a scan or a PDF; a long video is kept outside and linked
THUMB_SIDE = 256
CHUNK = 1024 * 1024
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".jpe", ".jfif", ".gif", ".bmp", ".webp", ".heic", ".tif", ".tiff"}
_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"PK\x03\x04", "application/zip", ".zip"),  # .docx, .xlsx, .pptx, .odt
    (b"\xd0\xcf\x11\xe0", "application/x-ole", ".doc"),  # .doc, .xls of old Office
)
_OFFICE = {".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".doc", ".xls", ".ppt"}
Progress = Callable[[int, int], None]  # bytes done, bytes in all


class EvidenceError(ValueError):
    """A file that cannot be added, in one sentence for the user."""


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    name: str  # as the user knows it (the original file name, made safe to show)
    media_type: str
    suffix: str
    size: int
    width: int = 0
    height: int = 0
    pages: int = 0  # of a PDF (0: not a PDF, or not countable)

    @property
    def ref(self) -> str:
        return PREFIX + self.sha256

    @property
    def is_image(self) -> bool:
        return self.media_type in ("image/png", "image/jpeg")

    @property
    def is_pdf(self) -> bool:
        return self.media_type == "application/pdf"


def is_ref(value: object) -> bool:
    return isinstance(value, str) and bool(re.fullmatch(PREFIX + r"[0-9a-f]{64}", value))


def safe_name(name: str) -> str:
    """The last part of a file name as the user gave it, without control characters or folders
    (``../../etc/passwd`` → ``passwd``), at most 150 characters; "berkas" when nothing is left."""
    base = re.split(r"[\\/]", str(name))[-1]
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if unicodedata.category(ch)[0] != "C")
    base = base.strip().strip(".") or _("berkas")
    return base[:150]


def describe_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1024))} KB"


def _sniff(head: bytes, suffix: str) -> tuple[str, str]:
    for magic, media_type, ext in _SIGNATURES:
        if head.startswith(magic):
            if ext == ".zip" and suffix in _OFFICE:
                return "application/vnd.openxmlformats", suffix
            if ext == ".doc" and suffix in _OFFICE:
                return "application/msoffice", suffix
            return media_type, ext
    if head[4:8] == b"ftyp":
        return "video/mp4", ".mp4"
    return "application/octet-stream", suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ".bin"


def _pdf_pages(path: Path) -> int:
    from pypdf import PdfReader  # noqa: PLC0415

    try:
        return len(PdfReader(str(path), strict=False).pages)
    except Exception:  # noqa: BLE001 - any damage in a PDF only means the pages are not counted
        return 0


class EvidenceStore:
    """Content-addressed files of one lab database (see the module's text)."""

    def __init__(self, root: Path):
        self.root = Path(root)

    @classmethod
    def beside(cls, database_file: Path | None) -> EvidenceStore:
        """The store of a lab file (a folder beside it), or the data folder's for a server database."""
        if database_file is None:
            return cls(data_dir() / "berkas")
        file = Path(database_file)
        return cls(file.with_name(file.stem + "-berkas"))

    # --- where things are -------------------------------------------------------------------------
    def _folder(self, sha: str) -> Path:
        return self.root / sha[:2]

    def _meta_path(self, sha: str) -> Path:
        return self._folder(sha) / f"{sha}.json"

    def info(self, ref: str) -> StoredFile | None:
        """What the store knows of ``ref`` (None when it was never stored here or its record is gone)."""
        if not is_ref(ref):
            return None
        sha = ref[len(PREFIX) :]
        try:
            raw = json.loads(self._meta_path(sha).read_text(encoding="utf-8"))
            return StoredFile(**{k: raw[k] for k in StoredFile.__dataclass_fields__ if k in raw})
        except (OSError, ValueError, TypeError, KeyError):
            return None

    def path(self, ref: str) -> Path | None:
        """The stored file of ``ref``, or None when it is missing (deleted or moved by hand)."""
        info = self.info(ref)
        if info is None:
            return None
        p = self._folder(info.sha256) / f"{info.sha256}{info.suffix}"
        return p if p.is_file() else None

    def thumbnail(self, ref: str) -> Path | None:
        info = self.info(ref)
        if info is None or not info.is_image:
            return None
        p = self._folder(info.sha256) / f"{info.sha256}.thumb.png"
        return p if p.is_file() else None

    def missing(self, refs: list[str]) -> list[str]:
        """The references among ``refs`` whose file is not in the store."""
        return [r for r in refs if is_ref(r) and self.path(r) is None]

    # --- adding -------------------------------------------------------------------------------------
    def add(self, source: str | Path, progress: Progress | None = None) -> StoredFile:
        """Check ``source`` and copy it into the store (once per content); what was stored."""
        src = Path(str(source)).expanduser()
        name = safe_name(src.name)
        try:
            if not src.is_file():
                raise EvidenceError(_("Berkas tidak ditemukan: {name}").format(name=name))
            size = src.stat().st_size
        except OSError as exc:
            raise EvidenceError(
                _("Berkas {name} tidak dapat dibaca: {err}").format(name=name, err=exc.strerror or exc)
            ) from exc
        if size > MAX_BYTES:
            raise EvidenceError(
                _(
                    "Berkas {name} terlalu besar ({size}; maksimal {limit}). Simpan video atau berkas besar "
                    "di luar aplikasi dan tulis tautannya di uraian bukti."
                ).format(name=name, size=describe_size(size), limit=describe_size(MAX_BYTES))
            )
        if size == 0:
            raise EvidenceError(_("Berkas {name} kosong (0 bita).").format(name=name))
        suffix = src.suffix.lower()
        try:
            with src.open("rb") as fh:
                head = fh.read(16)
        except OSError as exc:
            raise EvidenceError(
                _("Berkas {name} tidak dapat dibaca: {err}").format(name=name, err=exc.strerror or exc)
            ) from exc
        media_type, ext = _sniff(head, suffix)
        width = height = pages = 0
        if media_type in ("image/png", "image/jpeg") or suffix in IMAGE_SUFFIXES:
            problem = image_problem(src, _("Foto"))
            if problem is not None:
                raise EvidenceError(problem)
            width, height = self._pixels(src)
        sha = self._hash(src, size, progress)
        info = StoredFile(sha, name, media_type, ext, size, width, height)
        folder = self._folder(sha)
        target = folder / f"{sha}{ext}"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if not target.is_file() or target.stat().st_size != size:
                part = target.with_name(target.name + ".part")
                shutil.copyfile(src, part)
                os.replace(part, target)
            if info.is_pdf:
                pages = _pdf_pages(target)
                info = StoredFile(sha, name, media_type, ext, size, pages=pages)
            if info.is_image:
                self._make_thumbnail(target, folder / f"{sha}.thumb.png")
            meta = self._meta_path(sha)
            if self.info(info.ref) is None:  # the same content again keeps the name it was first stored under
                part_meta = meta.with_name(meta.name + ".part")
                part_meta.write_text(json.dumps(asdict(info), ensure_ascii=False), encoding="utf-8")
                os.replace(part_meta, meta)
        except OSError as exc:
            raise EvidenceError(
                _(
                    "Berkas {name} tidak dapat disimpan ke folder bukti lab ({folder}): {err}. Periksa ruang "
                    "disk dan izin menulis."
                ).format(name=name, folder=self.root, err=exc.strerror or exc)
            ) from exc
        return info

    @staticmethod
    def _hash(src: Path, size: int, progress: Progress | None) -> str:
        digest = hashlib.sha256()
        done = 0
        try:
            with src.open("rb") as fh:
                while chunk := fh.read(CHUNK):
                    digest.update(chunk)
                    done += len(chunk)
                    if progress is not None:
                        progress(done, size)
        except OSError as exc:
            raise EvidenceError(
                _("Berkas {name} tidak dapat dibaca: {err}").format(
                    name=safe_name(src.name), err=exc.strerror or exc
                )
            ) from exc
        return digest.hexdigest()

    @staticmethod
    def _pixels(src: Path) -> tuple[int, int]:
        from PIL import Image  # noqa: PLC0415

        Image.MAX_IMAGE_PIXELS = MAX_PIXELS * 4
        with Image.open(src) as img:
            w, h = img.size
            if img.getexif().get(0x0112, 1) in (5, 6, 7, 8):
                w, h = h, w  # shown turned a quarter, as the camera meant
            return w, h

    @staticmethod
    def _make_thumbnail(src: Path, target: Path) -> None:
        if target.is_file():
            return
        from PIL import Image, ImageOps  # noqa: PLC0415

        Image.MAX_IMAGE_PIXELS = MAX_PIXELS * 4
        try:
            with Image.open(src) as img:
                if img.format == "JPEG":
                    img.draft("RGB", (THUMB_SIDE * 2, THUMB_SIDE * 2))  # decode at a fraction of the size
                small = ImageOps.exif_transpose(img)
                small.thumbnail((THUMB_SIDE, THUMB_SIDE))
                if small.mode not in ("RGB", "RGBA", "L", "LA"):
                    small = small.convert("RGBA")
                part = target.with_name(target.name + ".part")
                small.save(part, "PNG")
                os.replace(part, target)
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
            return  # no thumbnail: the list shows the type's icon instead
