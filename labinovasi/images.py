"""The one check for images the app takes from the user (the lab's logo; later evidence photos).

* Only PNG and JPEG files that Pillow can read are accepted; anything else gets one sentence.
* The size in pixels is read from the file's header before any pixel is decoded, and an image over
  :data:`MAX_PIXELS` is refused (a "decompression bomb": a 13,000 × 13,000 logo is a few megabytes on
  disk and over half a gigabyte in memory). Pillow's own bomb guard stays behind it as a backstop.
* What is printed is a copy scaled down once to at most :data:`PRINT_SIDE` pixels on its long side,
  kept in the data folder (``gambar/``) and reused while the original is unchanged, so a document
  never decodes a large photo again.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from labinovasi.i18n import _, format_number
from labinovasi.paths import data_dir, write_atomically

FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "MPO": "JPEG"}  # MPO: a JPEG written by many phone cameras
MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 50_000_000  # about 8,000 × 6,000, the largest phone camera photo
PRINT_SIDE = 1200  # 10 cm at 300 dpi: more than a letterhead or a cover logo needs


def _pil():  # noqa: ANN202 - PIL.Image, imported late (Pillow comes with ReportLab)
    from PIL import Image

    # Pillow warns past this and refuses past twice this; the check below refuses past MAX_PIXELS with
    # the image's size in its sentence, so Pillow's guard stays only as a backstop
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS * 4
    return Image


def image_problem(path: str | Path, what: str | None = None) -> str | None:
    """Why the file at ``path`` cannot be used as an image (one Indonesian sentence), or ``None``."""
    Image = _pil()  # noqa: N806
    from PIL import UnidentifiedImageError

    what = what or _("Gambar")
    if not str(path).strip():
        return _("Berkas {what} belum dipilih.").format(what=what.lower())
    p = Path(str(path)).expanduser()
    if not p.exists():
        return _("Berkas {what} tidak ditemukan: {path}").format(what=what.lower(), path=p)
    if not p.is_file():
        return _("{what} harus berupa berkas gambar, bukan folder: {path}").format(what=what, path=p)
    try:
        if p.stat().st_size > MAX_BYTES:
            return _("Berkas {what} terlalu besar (maksimal 20 MB).").format(what=what.lower())
        with Image.open(p) as img:  # reads the header only
            fmt = img.format or ""
            width, height = img.size
            if width * height > MAX_PIXELS:
                return _too_many_pixels(what, width, height)
            img.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return _("{what} terlalu besar ukurannya dalam piksel; perkecil dulu gambarnya.").format(what=what)
    except (UnidentifiedImageError, SyntaxError, ValueError, EOFError):
        return _("Berkas ini bukan gambar PNG atau JPEG yang dapat dibaca: {path}").format(path=p.name)
    except OSError as exc:
        return _("Berkas {what} tidak dapat dibaca: {err}").format(what=what.lower(), err=exc.strerror or exc)
    if fmt not in FORMATS:
        return _("{what} harus berformat PNG atau JPEG (berkas ini {fmt}).").format(
            what=what, fmt=fmt or _("tidak dikenal")
        )
    if width <= 0 or height <= 0:
        return _("Berkas ini bukan gambar PNG atau JPEG yang dapat dibaca: {path}").format(path=p.name)
    return None


def _too_many_pixels(what: str, width: int, height: int) -> str:
    return _(
        "{what} berukuran {w} × {h} piksel, terlalu besar (maksimal {limit} juta piksel). Perkecil dulu "
        "gambarnya, misalnya menjadi {side} piksel di sisi terpanjang."
    ).format(
        what=what,
        w=format_number(width),
        h=format_number(height),
        limit=MAX_PIXELS // 1_000_000,
        side=format_number(PRINT_SIDE),
    )


def print_copy(path: str | Path) -> tuple[Path, tuple[int, int]] | None:
    """A copy of the image at ``path`` scaled down once to :data:`PRINT_SIDE` pixels (the file itself
    when it is already that small), and its size in pixels; ``None`` when :func:`image_problem`
    finds a problem or the pixels cannot be decoded."""
    if image_problem(path) is not None:
        return None
    Image = _pil()  # noqa: N806
    from PIL import ImageOps

    p = Path(str(path)).expanduser()
    stat = p.stat()
    key = hashlib.sha256(
        f"{p.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{PRINT_SIDE}".encode()
    ).hexdigest()[:24]
    folder = data_dir() / "gambar"
    try:
        with Image.open(p) as img:
            if max(img.size) <= PRINT_SIDE and img.getexif().get(0x0112, 1) == 1:
                return p, img.size
            # a photo stays a JPEG (ReportLab embeds its bytes as they are: no decoding, no recompressing,
            # a tenth of the memory of a PNG); a picture with transparency (a logo) stays a PNG
            as_jpeg = img.format == "JPEG"
            cached = folder / f"{key}.{'jpg' if as_jpeg else 'png'}"
            if cached.exists():
                with Image.open(cached) as done:
                    return cached, done.size
            if img.format == "JPEG":
                img.draft("RGB", (PRINT_SIDE, PRINT_SIDE))  # decode a JPEG at a fraction of its size
            small = ImageOps.exif_transpose(img)
            small.thumbnail((PRINT_SIDE, PRINT_SIDE))
            if small.mode not in ("RGB", "RGBA", "L", "LA", "P"):
                small = small.convert("RGBA")
            buf = _jpeg_bytes(small) if as_jpeg else _png_bytes(small)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
    folder.mkdir(parents=True, exist_ok=True)
    write_atomically(cached, buf)
    return cached, small.size


def _jpeg_bytes(img) -> bytes:  # noqa: ANN001 - PIL.Image.Image
    import io

    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=85, optimize=False)
    return buf.getvalue()


def _png_bytes(img) -> bytes:  # noqa: ANN001 - PIL.Image.Image
    import io

    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=True)
    return buf.getvalue()
