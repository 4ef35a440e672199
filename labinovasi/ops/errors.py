"""One sentence for people when a write fails: never SQL, JSON or a traceback."""

from __future__ import annotations

import sqlite3

from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm.exc import StaleDataError

from labinovasi.db.backups import BackupError
from labinovasi.i18n import _


def user_message(exc: BaseException) -> str:
    """What to tell the user about a failed write (the change was rolled back: nothing is half-saved)."""
    if isinstance(exc, StaleDataError):  # another writer changed the record first (models.Record)
        return _(
            "Data ini baru saja diubah di tempat lain (jendela atau komputer lain), jadi perubahan Anda "
            "belum tersimpan. Muat ulang lalu ulangi perubahan itu."
        )
    if isinstance(exc, DBAPIError | sqlite3.Error):
        text = str(getattr(exc, "orig", exc)).lower()
        if "locked" in text or "busy" in text:
            return _(
                "Basis data sedang dipakai program lain, jadi perubahan belum tersimpan. Coba lagi sebentar "
                "lagi."
            )
        if "full" in text or "no space" in text:
            return _("Disk penuh, jadi perubahan belum tersimpan. Kosongkan ruang disk lalu coba lagi.")
        if "readonly" in text or "read-only" in text:
            return _("Berkas basis data hanya dapat dibaca, jadi perubahan tidak dapat disimpan.")
        if "malformed" in text or "not a database" in text:
            return _("Berkas basis data rusak, jadi perubahan tidak dapat disimpan. Pulihkan dari cadangan.")
        return _("Perubahan tidak dapat disimpan ke basis data; tidak ada yang tersimpan setengah jalan.")
    if isinstance(exc, SQLAlchemyError):
        return _("Perubahan tidak dapat disimpan ke basis data; tidak ada yang tersimpan setengah jalan.")
    if isinstance(exc, OSError):
        return _("Perubahan tidak dapat disimpan: {reason}").format(
            reason=exc.strerror or _("kesalahan berkas")
        )
    if isinstance(exc, BackupError):  # the backup before an import: nothing was imported
        return _("{reason} Impor dibatalkan; tidak ada yang disimpan.").format(reason=exc)
    if isinstance(exc, ValueError | LookupError) and str(exc):
        return str(exc)  # the core's own messages are written for people
    return _("Terjadi kesalahan tak terduga; perubahan tidak disimpan.")
