"""The offline guide (Bantuan → Panduan): what a Laboratorium Inovasi is and how the app carries it.

The stage sections are built from the same sources the app uses — the stage guidance
(``resources/stages.toml``) and the worksheet templates — so the guide never describes a worksheet the
app does not have. The rest is the app's own text, through the same gettext catalogs.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from labinovasi.domain.stages import Stage, guidance
from labinovasi.i18n import _
from labinovasi.worksheets.registry import TemplateRegistry, default_registry


def _p(text: str) -> str:
    return f"<p>{html.escape(text)}</p>"


def _items(xs: Sequence[str], tag: str = "ul") -> str:
    return f"<{tag}>" + "".join(f"<li>{html.escape(x)}</li>" for x in xs) + f"</{tag}>"


def stage_section(stage: Stage, registry: TemplateRegistry) -> str:
    g = guidance(stage)
    sheets = [f"{t.code} · {t.title}" for t in registry.for_stage(stage)]
    return (
        f"<h2 id='{stage.value}'>{html.escape(stage.number)}. {html.escape(g.name)}</h2>"
        f"<p><i>{html.escape(g.question)}</i></p>"
        + _p(g.purpose)
        + f"<h3>{html.escape(_('Langkah'))}</h3>"
        + _items(g.steps, "ol")
        + f"<h3>{html.escape(_('Lembar kerja di aplikasi'))}</h3>"
        + _items(sheets)
        + f"<h3>{html.escape(_('Keluaran'))}</h3>"
        + _items(g.outputs)
    )


def guide_html(shortcuts: Sequence[tuple[str, str]] = (), registry: TemplateRegistry | None = None) -> str:
    """The whole guide as HTML (Qt's rich text subset); ``shortcuts`` are (command, keys) pairs."""
    reg = registry or default_registry()
    e = html.escape
    toc = "".join(f"<li><a href='#{s.value}'>{e(s.number)}. {e(guidance(s).name)}</a></li>" for s in Stage)
    parts = [
        f"<h1>{e(_('Panduan Lab Inovasi'))}</h1>",
        _p(
            _(
                "Laboratorium Inovasi (Labinov) adalah metode Lembaga Administrasi Negara untuk membantu "
                "pemerintah daerah melahirkan inovasi: setiap unit peserta (OPD, kecamatan, puskesmas, "
                "BUMD …) dibimbing melalui enam tahap 5D+1 hingga inovasinya diluncurkan, dipamerkan dan "
                "didokumentasikan."
            )
        ),
        _p(
            _(
                "Aplikasi ini bekerja tanpa internet. Satu berkas lab menyimpan unit, peserta, ide dan semua "
                "lembar kerja; setiap isian tersimpan sendiri sekitar setengah detik setelah berhenti "
                "mengetik (judul jendela menulis Semua tersimpan), dan setiap perubahan dapat diurungkan "
                "dengan Sunting → Urungkan (Ctrl+Z)."
            )
        ),
        f"<h2>{e(_('Langkah pertama'))}</h2>",
        _items(
            [
                _("Berkas → Lab baru: nama lab, pemerintah daerah, tahun, penyelenggara dan fasilitator."),
                _("Unit → Tambah unit, atau Unit → Impor unit dari Excel/CSV; lalu peserta tiap unit."),
                _("Pilih unit di kiri, pilih tahap di atas, lalu isi lembar kerjanya."),
                _("Berkas → Pengaturan lab: cara skor APKL dan USG, bobot kurasi, logo untuk kop surat."),
                _(
                    "Coba dulu dengan Berkas → Buat lab demo: sebuah lab fiktif yang sudah terisi sampai Display."
                ),
            ],
            "ol",
        ),
        f"<h2>{e(_('Tahap 5D+1'))}</h2>",
        f"<ul>{toc}</ul>",
        *(stage_section(s, reg) for s in Stage),
        f"<h2>{e(_('Mencetak'))}</h2>",
        _p(
            _(
                "Berkas → Ekspor mencetak Rencana Proyek Inovasi tiap unit, lembar kerja kosong atau terisi, "
                "paket lembar kerja untuk percetakan, daftar hadir, pernyataan komitmen, berita acara "
                "peluncuran, poster A3/A4, Direktori Inovasi, rekap lab dan Profil Inovasi untuk portal IID. "
                "Ukuran kertas A4 atau F4 dipilih di Berkas → Ukuran kertas."
            )
        ),
        f"<h2>{e(_('Data tetap aman'))}</h2>",
        _items(
            [
                _(
                    "Cadangan dibuat saat lab dibuka, setiap 15 menit penyuntingan dan sebelum impor "
                    "(Berkas → Cadangan dan pemulihan)."
                ),
                _(
                    "Berkas bukti (foto, SK, SOP) disimpan di folder <nama berkas lab>-berkas di sebelah berkas "
                    "lab: salin folder itu bersama berkas lab saat pindah komputer."
                ),
                _("Satu berkas lab hanya dibuka di satu jendela pada satu waktu."),
            ]
        ),
    ]
    if shortcuts:
        rows = "".join(f"<tr><td>{e(cmd)}</td><td><b>{e(keys)}</b></td></tr>" for cmd, keys in shortcuts)
        parts += [
            f"<h2 id='pintasan'>{e(_('Pintasan papan ketik'))}</h2>",
            f"<table cellpadding='3'>{rows}</table>",
        ]
    return "".join(parts)
