"""A Purbalingga-size lab for benchmarks: 86 units, ~350 people, 174 ideas with full LK-2f cards.

Everything goes through the services (``labinovasi.services.labs`` and
``labinovasi.services.worksheets.save_worksheet``), so every card passes the same validation
as data typed in the window. The data is generated from word lists with a seeded RNG, so the
same ``seed`` always gives the same lab.

    python benchmarks/generate_lab.py --db sqlite:////tmp/bench.sqlite3   # prints the lab id
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repo root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from labinovasi.db.engine import Database, open_database
from labinovasi.domain.enums import IdeaStatus, PersonRole, UnitType
from labinovasi.domain.stages import Stage
from labinovasi.ops import spine as spine_ops
from labinovasi.ops.worksheets import save_worksheet
from labinovasi.services import labs as svc
from labinovasi.services.records import LabInfo
from labinovasi.worksheets.registry import default_registry, field_options
from labinovasi.worksheets.schema import FieldType

# --- the units of a Purbalingga-size Pemda ------------------------------------------------------------

# (name, type, urusan) — 35 OPD
OPD = [
    ("Sekretariat Daerah — Bagian Organisasi", UnitType.SETDA, "pemerintahan_umum"),
    ("Sekretariat Daerah — Bagian Hukum", UnitType.SETDA, "pemerintahan_umum"),
    ("Sekretariat Daerah — Bagian Umum", UnitType.SETDA, "pemerintahan_umum"),
    ("Sekretariat Daerah — Bagian Perekonomian dan Sumber Daya Alam", UnitType.SETDA, "perdagangan"),
    ("Sekretariat Daerah — Bagian Pengadaan Barang dan Jasa", UnitType.SETDA, "pemerintahan_umum"),
    ("Sekretariat Daerah — Bagian Tata Pemerintahan", UnitType.SETDA, "pemerintahan_umum"),
    ("Sekretariat Daerah — Bagian Kesejahteraan Rakyat", UnitType.SETDA, "sosial"),
    ("Sekretariat Daerah — Bagian Protokol dan Komunikasi Pimpinan", UnitType.SETDA, "kominfo"),
    ("Inspektorat Daerah", UnitType.INSPEKTORAT, "pemerintahan_umum"),
    ("Dinas Pendidikan dan Kebudayaan", UnitType.DINAS, "pendidikan"),
    ("Dinas Kesehatan", UnitType.DINAS, "kesehatan"),
    ("Dinas Pekerjaan Umum dan Penataan Ruang", UnitType.DINAS, "pupr"),
    ("Dinas Perumahan dan Kawasan Permukiman", UnitType.DINAS, "perkim"),
    ("Satuan Polisi Pamong Praja dan Pemadam Kebakaran", UnitType.DINAS, "trantibum"),
    ("Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak", UnitType.DINAS, "sosial"),
    ("Dinas Tenaga Kerja, Koperasi dan Usaha Kecil Menengah", UnitType.DINAS, "tenaga_kerja"),
    ("Dinas Ketahanan Pangan dan Perikanan", UnitType.DINAS, "pangan"),
    ("Dinas Lingkungan Hidup", UnitType.DINAS, "lingkungan_hidup"),
    ("Dinas Kependudukan dan Pencatatan Sipil", UnitType.DINAS, "adminduk"),
    ("Dinas Pemberdayaan Masyarakat dan Desa", UnitType.DINAS, "pmd"),
    ("Dinas Pengendalian Penduduk dan Keluarga Berencana", UnitType.DINAS, "ppkb"),
    ("Dinas Perhubungan", UnitType.DINAS, "perhubungan"),
    ("Dinas Komunikasi dan Informatika", UnitType.DINAS, "kominfo"),
    ("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", UnitType.DINAS, "penanaman_modal"),
    ("Dinas Kepemudaan, Olahraga dan Pariwisata", UnitType.DINAS, "pariwisata"),
    ("Dinas Arsip dan Perpustakaan Daerah", UnitType.DINAS, "perpustakaan"),
    ("Dinas Pertanian", UnitType.DINAS, "pertanian"),
    ("Dinas Perindustrian dan Perdagangan", UnitType.DINAS, "perdagangan"),
    ("Dinas Statistik dan Persandian", UnitType.DINAS, "statistik"),
    (
        "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah",
        UnitType.BADAN,
        "pemerintahan_umum",
    ),
    ("Badan Pengelolaan Keuangan dan Aset Daerah", UnitType.BADAN, "pemerintahan_umum"),
    ("Badan Pengelolaan Pendapatan Daerah", UnitType.BADAN, "pemerintahan_umum"),
    ("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", UnitType.BADAN, "pemerintahan_umum"),
    ("Badan Penanggulangan Bencana Daerah", UnitType.BADAN, "trantibum"),
    ("Badan Kesatuan Bangsa dan Politik", UnitType.BADAN, "pemerintahan_umum"),
]

KECAMATAN = [
    "Bobotsari",
    "Bojongsari",
    "Bukateja",
    "Kaligondang",
    "Kalimanah",
    "Karanganyar",
    "Karangjambu",
    "Karangmoncol",
    "Karangreja",
    "Kejobong",
    "Kemangkon",
    "Kertanegara",
    "Kutasari",
    "Mrebet",
    "Padamara",
    "Pengadegan",
    "Purbalingga",
    "Rembang",
]

PUSKESMAS = [
    "Bobotsari",
    "Bojongsari",
    "Bukateja",
    "Kaligondang",
    "Kalikajar",
    "Kalimanah",
    "Karanganyar",
    "Karangjambu",
    "Karangmoncol",
    "Karangreja",
    "Kejobong",
    "Kemangkon",
    "Kertanegara",
    "Kutasari",
    "Mrebet",
    "Serayu Larangan",
    "Padamara",
    "Pengadegan",
    "Purbalingga",
    "Rembang",
    "Karangtengah",
    "Panican",
    "Kutawis",
    "Sempor Lor",
    "Bojong",
]

BUMD = [
    ("Perumda Air Minum Tirta Perwira", "pupr"),
    ("Perumda BPR Artha Perwira", "koperasi_ukm"),
    ("PT BPR BKK Purbalingga", "koperasi_ukm"),
    ("Perumda Puspahastama", "perdagangan"),
    ("Perumda Owabong", "pariwisata"),
    ("PT Purbalingga Ventura", "penanaman_modal"),
    ("Perumda Pasar Perwira", "perdagangan"),
    ("PT Jamkrida Perwira", "koperasi_ukm"),
]


def unit_specs(units: int = 86) -> list[tuple[str, UnitType, str]]:
    """86 units in the proportions of Purbalingga (35 OPD, 18 kecamatan, 25 puskesmas, 8 BUMD);
    fewer units keep the same proportions."""
    full = (
        [(n, t, u) for n, t, u in OPD]
        + [(f"Kecamatan {k}", UnitType.KECAMATAN, "pemerintahan_umum") for k in KECAMATAN]
        + [(f"Puskesmas {p}", UnitType.PUSKESMAS, "kesehatan") for p in PUSKESMAS]
        + [(n, UnitType.BUMD, u) for n, u in BUMD]
    )
    if units >= len(full):
        extra = [
            (f"UPTD Pelayanan {i}", UnitType.LAINNYA, "pemerintahan_umum")
            for i in range(1, units - len(full) + 1)
        ]
        return full + extra
    # keep the mix: take an evenly spread subset
    step = len(full) / units
    return [full[int(i * step)] for i in range(units)]


# --- word lists ---------------------------------------------------------------------------------------

FIRST = [
    "Agus",
    "Budi",
    "Dwi",
    "Eko",
    "Endang",
    "Fajar",
    "Hadi",
    "Heru",
    "Indah",
    "Joko",
    "Kurniawati",
    "Lestari",
    "Mulyadi",
    "Nur",
    "Puji",
    "Retno",
    "Rina",
    "Sri",
    "Slamet",
    "Suharti",
    "Teguh",
    "Tri",
    "Wahyu",
    "Yuliana",
    "Ari",
    "Bambang",
    "Catur",
    "Dian",
    "Esti",
    "Galih",
    "Hendra",
    "Ika",
    "Krisna",
    "Lina",
    "Nanang",
    "Rizki",
]
LAST = [
    "Setiawan",
    "Prasetyo",
    "Wibowo",
    "Santoso",
    "Handayani",
    "Rahmawati",
    "Nugroho",
    "Susanti",
    "Kurniawan",
    "Wulandari",
    "Hidayat",
    "Saputra",
    "Purnomo",
    "Lestari",
    "Pratama",
    "Utami",
    "Firmansyah",
    "Suryani",
    "Hartono",
    "Maharani",
    "Wijayanti",
    "Mujiono",
    "Sudarsono",
    "Anggraeni",
]
GELAR_DEPAN = ["", "", "", "Drs. ", "Ir. ", "dr. ", "H. "]
GELAR_BELAKANG = [
    "S.Sos.",
    "S.E.",
    "S.T.",
    "S.Kom.",
    "S.IP.",
    "S.H.",
    "S.Kep., Ns.",
    "A.Md.",
    "S.Pd.",
    "S.Sos., M.Si.",
    "S.E., M.M.",
    "S.T., M.T.",
    "S.H., M.H.",
    "S.KM., M.Kes.",
]
JABATAN = [
    "Kepala Bidang Pelayanan",
    "Kepala Subbagian Umum dan Kepegawaian",
    "Kepala Seksi Pengembangan Layanan",
    "Analis Kebijakan Ahli Muda",
    "Pranata Komputer Ahli Pertama",
    "Perencana Ahli Muda",
    "Pengelola Data",
    "Penata Layanan Operasional",
    "Analis Sumber Daya Manusia Aparatur",
    "Pengadministrasi Perkantoran",
    "Penyuluh Lapangan",
    "Bidan Ahli Pertama",
    "Perawat Terampil",
    "Sekretaris",
    "Kepala Subbagian Perencanaan",
]
HEAD_TITLE = {
    UnitType.SETDA: "Kepala Bagian",
    UnitType.INSPEKTORAT: "Inspektur",
    UnitType.DINAS: "Kepala Dinas",
    UnitType.BADAN: "Kepala Badan",
    UnitType.KECAMATAN: "Camat",
    UnitType.PUSKESMAS: "Kepala Puskesmas",
    UnitType.BUMD: "Direktur Utama",
    UnitType.LAINNYA: "Kepala UPTD",
}

LAYANAN = [
    "pelayanan administrasi kependudukan",
    "layanan perizinan berusaha",
    "pelayanan kesehatan ibu dan anak",
    "pengelolaan arsip dinamis",
    "penyaluran bantuan sosial",
    "penanganan pengaduan masyarakat",
    "pendataan keluarga berisiko stunting",
    "pemeliharaan jalan lingkungan",
    "pengelolaan sampah rumah tangga",
    "pelayanan air bersih",
    "pemungutan pajak daerah",
    "pembinaan usaha mikro",
    "layanan surat keterangan",
    "pemeriksaan kesehatan lansia",
    "pengawasan keuangan desa",
    "pelayanan pengaduan kepegawaian",
    "penyuluhan pertanian",
    "promosi destinasi wisata",
    "pelayanan rekomendasi teknis",
    "pemantauan harga bahan pokok",
    "penanganan kedaruratan bencana",
    "layanan informasi publik",
]
SASARAN = [
    "warga desa di wilayah perbukitan",
    "lansia dan penyandang disabilitas",
    "ibu hamil dan balita",
    "pelaku usaha mikro dan kecil",
    "pelajar SD dan SMP",
    "kelompok tani",
    "aparatur pemerintah desa",
    "ASN di lingkungan Pemerintah Kabupaten Purbalingga",
    "remaja putri usia sekolah",
    "pencari kerja muda",
    "pedagang pasar tradisional",
    "keluarga penerima manfaat",
    "pengunjung objek wisata",
    "kader posyandu",
]
SEBAB = [
    "prosedur yang berbelit dan belum terdokumentasi",
    "data yang tersebar di beberapa aplikasi",
    "keterbatasan jumlah petugas lapangan",
    "jarak tempuh yang jauh ke kantor layanan",
    "rendahnya literasi digital masyarakat",
    "anggaran operasional yang terbatas",
    "koordinasi lintas perangkat daerah yang lemah",
    "belum adanya standar waktu layanan",
    "informasi persyaratan yang tidak mudah diakses",
    "pencatatan yang masih manual",
    "jadwal layanan yang tidak menentu",
    "minimnya pemantauan oleh pimpinan",
]
AKIBAT = [
    "waktu layanan menjadi lama",
    "warga harus datang berulang kali",
    "capaian kinerja berada di bawah target",
    "keluhan masyarakat terus meningkat",
    "biaya yang dikeluarkan warga menjadi besar",
    "data yang dipakai untuk perencanaan tidak akurat",
    "kepercayaan masyarakat menurun",
    "petugas kewalahan pada jam sibuk",
]
KATA_GERAK = [
    "Gerakan",
    "Sistem",
    "Layanan",
    "Sapa",
    "Jemput",
    "Kartu",
    "Pojok",
    "Klinik",
    "Rumah",
    "Aplikasi",
]
KATA_TEMA = [
    "Data",
    "Sehat",
    "Arsip",
    "Warga",
    "Desa",
    "Usaha",
    "Pangan",
    "Tani",
    "Pajak",
    "Sekolah",
    "Bersih",
    "Aman",
    "Wisata",
    "Cepat",
    "Informasi",
    "Perizinan",
    "Keluarga",
    "Pasar",
    "Lansia",
    "Balita",
]
KATA_SIFAT = [
    "Terpadu",
    "Mandiri",
    "Bersama",
    "Digital",
    "Keliling",
    "Sigap",
    "Tuntas",
    "Ramah",
    "Tangguh",
    "Serentak",
    "Prima",
]
SARANA = [
    "tablet untuk petugas lapangan",
    "laptop operator",
    "kendaraan operasional roda dua",
    "langganan layanan pesan WhatsApp Business",
    "server dan ruang penyimpanan awan",
    "bahan sosialisasi cetak",
    "papan informasi",
    "pelatihan operator",
    "honor narasumber",
    "perangkat pemindai dokumen",
    "jaringan internet di titik layanan",
]

DESKRIPSI_TEMPLATES = [
    "{nama} adalah cara baru {unit} untuk memperbaiki {layanan} bagi {sasaran}.",
    "Ide ini lahir dari diagnosis bersama tim yang menemukan bahwa {sebab} membuat {akibat}.",
    "Pada langkah pertama, petugas memetakan seluruh {sasaran} by name by address dan menyusun jadwal layanan yang tetap.",
    "Selanjutnya permohonan dapat diajukan melalui formulir sederhana, baik secara daring maupun langsung di titik layanan terdekat.",
    "Setiap permohonan diberi nomor lacak sehingga warga dapat memantau statusnya tanpa harus datang ke kantor.",
    "Petugas memeriksa kelengkapan berkas paling lambat satu hari kerja dan memberi tahu pemohon bila masih ada yang kurang.",
    "Untuk menjangkau wilayah yang jauh, tim menjadwalkan layanan keliling bersama pemerintah desa dan kader setempat.",
    "Pimpinan memantau capaian melalui dasbor sederhana yang menampilkan jumlah layanan dan lama penyelesaiannya setiap minggu.",
    "Unit akan menyusun SOP baru, melatih {n} petugas, dan menetapkan standar waktu layanan yang diumumkan kepada masyarakat.",
    "Uji coba dilakukan selama tiga bulan di {lokasi} sebelum diterapkan di seluruh wilayah kabupaten.",
    "Hasil uji coba dievaluasi dengan survei kepuasan masyarakat dan rekap pengaduan yang masuk.",
    "Inovasi ini juga melibatkan unsur pentahelix, terutama pemerintah desa, perguruan tinggi dan komunitas warga.",
    "Dengan cara ini diharapkan {akibat_baik}, dan layanan dapat berjalan berkelanjutan tanpa menambah beban anggaran secara berarti.",
]
AKIBAT_BAIK = [
    "waktu layanan berkurang separuhnya",
    "warga cukup datang satu kali",
    "cakupan layanan naik di atas 80 persen",
    "keluhan masyarakat turun secara nyata",
    "data perencanaan menjadi lebih akurat",
]


def _person_name(rng: random.Random) -> str:
    first = rng.choice(FIRST)
    mid = rng.choice(LAST)
    return f"{rng.choice(GELAR_DEPAN)}{first} {mid}, {rng.choice(GELAR_BELAKANG)}"


def _nip(rng: random.Random) -> str:
    y, m, d = rng.randint(1968, 1998), rng.randint(1, 12), rng.randint(1, 28)
    ty, tm = y + rng.randint(22, 28), rng.choice([1, 3, 4, 12])
    return f"{y:04d}{m:02d}{d:02d}{ty:04d}{tm:02d}{rng.randint(1, 2)}{rng.randint(1, 12):03d}"


def _phone(rng: random.Random) -> str:
    return f"08{rng.choice(['12', '13', '21', '57', '78', '95'])}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"


def _email(name: str, rng: random.Random) -> str:
    core = name.split(",")[0].split(". ")[-1].lower().replace(" ", ".")
    return f"{core}{rng.randint(1, 99)}@purbalinggakab.go.id"


def _acronym(words: list[str]) -> str:
    parts = []
    for w in words:
        if w.lower() in {"dan", "bagi", "untuk", "di"}:
            continue
        w = w.upper()
        # up to and including the first vowel after the first letter: "Gerakan" -> "GE", "Arsip" -> "AR"
        cut = next((i for i in range(1, len(w)) if w[i] in "AEIOU"), len(w) - 1)
        parts.append(w[: cut + 1] if w[0] not in "AEIOU" else w[:2])
    return "".join(parts)


def _sentences(rng: random.Random, templates: list[str], words: int, **slots: str) -> str:
    """The templates in order, filled in; random middle ones dropped until about ``words`` words."""
    out = [
        t.format(
            **slots,
            n=rng.randint(4, 40),
            lokasi=f"Kecamatan {rng.choice(KECAMATAN)}",
            akibat_baik=rng.choice(AKIBAT_BAIK),
        )
        for t in templates
    ]
    while len(out) > 3:
        i = rng.randrange(2, len(out) - 1)  # keep the opening, the "why" and the closing sentence
        if sum(len(s.split()) for s in out) - len(out[i].split()) < words:
            break
        del out[i]
    return " ".join(out)


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def _choice_codes() -> dict[str, list[str]]:
    card = default_registry().get("LK-2f")
    return {f.key: [o.value for o in field_options(f)] for f in card.fields if f.type is FieldType.CHOICE}


def idea_card(
    rng: random.Random,
    unit_name: str,
    urusan: str,
    people: list[tuple[str, str, str]],
    codes: dict[str, list[str]],
    taken: set[str],
) -> dict:
    """A full LK-2f card: every non-computed field filled."""
    while True:
        words = [rng.choice(KATA_GERAK), rng.choice(KATA_TEMA), rng.choice(KATA_TEMA), rng.choice(KATA_SIFAT)]
        if words[1] == words[2]:
            continue
        acr = _acronym(words)
        if acr not in taken:
            taken.add(acr)
            break
    kepanjangan = " ".join(words)
    nama = f"{acr} — {kepanjangan}"
    layanan, sasaran = rng.choice(LAYANAN), rng.choice(SASARAN)
    sebab1, sebab2 = rng.sample(SEBAB, 2)
    akibat = rng.choice(AKIBAT)
    n_sasaran = rng.randint(300, 25000)
    jumlah = f"{n_sasaran:,}".replace(",", ".")  # Indonesian thousands: 12.500
    masalah = (
        f"Sepanjang 2025, {layanan} di {unit_name} belum menjangkau {sasaran} secara merata: tercatat "
        f"{jumlah} orang sasaran, dan baru sekitar {rng.randint(25, 65)} persen yang terlayani tepat waktu. "
        f"Akibatnya {akibat}. Akar masalahnya adalah {sebab1} serta {sebab2}."
    )
    deskripsi = _sentences(
        rng,
        DESKRIPSI_TEMPLATES,
        150,
        nama=acr,
        unit=unit_name,
        layanan=layanan,
        sasaran=sasaran,
        sebab=sebab1,
        akibat=akibat,
    )
    inov = rng.sample(people, 2) if len(people) >= 2 else people * 2
    kebaruan = rng.choice(codes["kebaruan"])
    return {
        "nama": nama,
        "akronim_kepanjangan": kepanjangan,
        "inovator": [{"nama": p[0], "nip": p[1], "jabatan": p[2]} for p in inov],
        "inisiator": rng.choice(codes["inisiator"]),
        "masalah": masalah,
        "deskripsi": deskripsi,
        "sasaran": f"{_sentence_case(sasaran)} di wilayah layanan {unit_name}, sekitar {jumlah} orang.",
        "tujuan": f"Memperbaiki {layanan} sehingga {rng.choice(AKIBAT_BAIK)} pada akhir 2027.",
        "manfaat": (
            f"{_sentence_case(sasaran)} memperoleh layanan yang lebih cepat dan pasti; petugas "
            f"bekerja dengan alur yang jelas; pimpinan memperoleh data capaian untuk perbaikan berkelanjutan."
        ),
        "kebaruan": kebaruan,
        "sumber_replikasi": (
            f"Modifikasi praktik baik {rng.choice(LAYANAN)} di Kabupaten "
            f"{rng.choice(['Banyumas', 'Banjarnegara', 'Cilacap', 'Kebumen', 'Wonosobo'])}"
        ),
        "bentuk": rng.choice(codes["bentuk"]),
        "jenis": rng.choice(codes["jenis"]),
        "urusan": urusan if urusan in codes["urusan"] else rng.choice(codes["urusan"]),
        "kebutuhan_sumber_daya": _sentence_case(", ".join(rng.sample(SARANA, 4))) + ".",
        "perkiraan_anggaran": rng.randint(30, 900) * 500_000,
    }


def ideas_per_unit(units: int, ideas: int) -> list[int]:
    """2 ideas per unit for most units; the remainder (±) spread deterministically."""
    counts = [2] * units
    diff = ideas - 2 * units
    i = 0
    while diff > 0:  # a few units with 3 (every 7th unit from the start)
        counts[(i * 7) % units] += 1
        diff -= 1
        i += 1
    i = 0
    while diff < 0:  # or a few with 1 (from the end)
        j = units - 1 - (i * 5) % units
        if counts[j] > 0:
            counts[j] -= 1
            diff += 1
        i += 1
    return counts


WORDS = (
    "layanan warga data antrean dokumen petugas aplikasi desa kecamatan puskesmas jadwal laporan "
    "pendampingan sosialisasi evaluasi mitra anggaran target capaian pengaduan formulir verifikasi "
    "koordinasi pelatihan relawan kader daring luring sekolah posyandu pasar kader"
).split()


def _text(rng: random.Random, words: int) -> str:
    return _sentence_case(" ".join(rng.choice(WORDS) for _ in range(words))) + "."


def fill_worksheet(
    template_code: str, rng: random.Random, rows: int = 6, start: dt.date = dt.date(2027, 1, 4)
) -> dict:
    """A worksheet filled the way a diligent unit fills it, generated from its template: every field and
    ``rows`` rows per table (dates follow each other; ``not_before`` rules hold)."""
    template = default_registry().get(template_code)

    def value(f, i: int, row: dict):  # noqa: ANN001, ANN202
        t = f.type
        if t is FieldType.TEXT or t is FieldType.SIGNATURE:
            return _text(rng, rng.randint(2, 6))[: f.max_length or 200]
        if t is FieldType.PARAGRAPH:
            return " ".join(_text(rng, rng.randint(8, 16)) for _ in range(rng.randint(3, 6)))
        if t is FieldType.NUMBER:
            return rng.randint(1, 50) * 500_000 if f.unit == "Rp" else rng.randint(int(f.minimum or 1), 20)
        if t is FieldType.SCORE:
            return rng.randint(1, 5)
        if t is FieldType.YES_NO:
            return rng.random() < 0.7
        if t is FieldType.DATE:
            if f.not_before and f.not_before in row:
                return (
                    dt.date.fromisoformat(row[f.not_before]) + dt.timedelta(days=rng.randint(7, 45))
                ).isoformat()
            return (start + dt.timedelta(days=14 * i + rng.randint(0, 10))).isoformat()
        if t is FieldType.CHOICE:
            return rng.choice(field_options(f)).value
        if t is FieldType.MULTI_CHOICE:
            return [o.value for o in rng.sample(field_options(f), k=min(2, len(field_options(f))))]
        return None  # refs, computed, tables handled by the caller

    data: dict = {}
    for f in template.fields:
        if f.type is FieldType.TABLE:
            table = []
            for i in range(rows):
                row: dict = {"_id": f"r{i}"}
                for c in f.columns:
                    v = value(c, i, row)
                    if v is not None:
                        row[c.key] = v
                table.append(row)
            data[f.key] = table
        else:
            v = value(f, 0, data)
            if v is not None:
                data[f.key] = v
    return data


DESIGN_SHEETS = ("LK-3", "LK-3a", "LK-3b", "LK-3c", "LK-3d", "LK-3e")


def design_idea(db: Database, lab_id, unit_id, idea_id, rng: random.Random, action_rows: int = 20) -> None:  # noqa: ANN001
    """Every Design worksheet of an idea, with ``action_rows`` rows of rencana aksi."""
    reg = default_registry()
    for code in DESIGN_SHEETS:
        if code in reg:
            rows = action_rows if code == "LK-3b" else 5
            save_worksheet(db, code, fill_worksheet(code, rng, rows), lab_id, unit_id, idea_id)


def diagnose_unit(db: Database, lab_id, unit_id, rng: random.Random) -> None:  # noqa: ANN001
    """Problems, APKL, USG and a fishbone for a unit."""
    problems = fill_worksheet("LK-2b", rng, 5)
    save_worksheet(db, "LK-2b", problems, lab_id, unit_id)
    ids = [r["_id"] for r in problems["masalah"]]
    save_worksheet(
        db,
        "LK-2d",
        {
            "usg": [
                {
                    "masalah": i,
                    "u": rng.randint(2, 5),
                    "s": rng.randint(2, 5),
                    "g": rng.randint(1, 5),
                    "dipilih": n < 2,
                }
                for n, i in enumerate(ids)
            ]
        },
        lab_id,
        unit_id,
    )
    cats = [
        {"_id": f"k{i}", "nama": n}
        for i, n in enumerate(("Manusia", "Metode", "Material", "Anggaran", "Lingkungan"))
    ]
    causes = []
    for i in range(12):
        parent = causes[rng.randrange(len(causes))]["_id"] if causes and rng.random() < 0.5 else None
        cause = {
            "_id": f"p{i}",
            "kategori": cats[i % 5]["_id"],
            "teks": _text(rng, rng.randint(3, 8)),
            "akar": i in (3, 7),
        }
        if parent:
            cause["induk"] = parent
            cause["kategori"] = next(c["kategori"] for c in causes if c["_id"] == parent)
        causes.append(cause)
    save_worksheet(
        db,
        "LK-2e",
        {
            "masalah": ids[0],
            "masalah_utama": problems["masalah"][0]["uraian"],
            "kategori": cats,
            "penyebab": causes,
        },
        lab_id,
        unit_id,
    )


def generate_lab(db: Database, units: int = 86, ideas: int = 174, seed: int = 1) -> LabInfo:
    rng = random.Random(seed)
    codes = _choice_codes()
    lab = spine_ops.create_lab(
        db,
        f"Laboratorium Inovasi Kabupaten Purbalingga 2026 (benchmark {seed})",
        pemda="Kabupaten Purbalingga",
        province="Jawa Tengah",
        year=2026,
        organizer="Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah Kabupaten Purbalingga",
        city="Purbalingga",
        facilitator="Dr. Rina Kusumawardani, S.Sos., M.Si.",
        current_stage=Stage.DIAGNOSE,
    )
    taken: set[str] = set()
    statuses = [IdeaStatus.DRAF, IdeaStatus.DIAJUKAN, IdeaStatus.LANJUT, IdeaStatus.PERBAIKI]
    for (name, utype, urusan), n_ideas in zip(unit_specs(units), ideas_per_unit(units, ideas), strict=True):
        head = _person_name(rng)
        head_nip = _nip(rng)
        unit = spine_ops.add_unit(
            db,
            lab.id,
            name,
            utype,
            head_name=head,
            head_nip=head_nip,
            address=f"Jl. {rng.choice(['Jenderal Sudirman', 'Letjend S. Parman', 'Mayjend Sungkono', 'Ahmad Yani', 'Kolonel Sugiri'])} "
            f"No. {rng.randint(1, 120)}, Purbalingga",
        )
        people = [(head, head_nip, f"{HEAD_TITLE[utype]}")]
        spine_ops.add_person(
            db,
            lab.id,
            head,
            unit.id,
            PersonRole.KEPALA_UNIT,
            nip=head_nip,
            jabatan=people[0][2],
            phone=_phone(rng),
            email=_email(head, rng),
        )
        roles = [PersonRole.KETUA_TIM, PersonRole.INOVATOR, PersonRole.ANGGOTA, PersonRole.ANGGOTA]
        for role in roles[: rng.randint(2, 4)]:  # 3-5 people per unit with the head
            pname, nip, jab = _person_name(rng), _nip(rng), rng.choice(JABATAN)
            spine_ops.add_person(
                db,
                lab.id,
                pname,
                unit.id,
                role,
                nip=nip,
                jabatan=jab,
                phone=_phone(rng),
                email=_email(pname, rng),
            )
            people.append((pname, nip, jab))
        team = people[1:]
        diagnose_unit(db, lab.id, unit.id, rng)
        for _k in range(n_ideas):
            card = idea_card(rng, name, urusan, team, codes, taken)
            status = rng.choice(statuses)
            idea = spine_ops.add_idea(
                db,
                unit.id,
                card["nama"],
                stage=Stage.DESIGN if status is IdeaStatus.LANJUT else Stage.DIAGNOSE,
                status=status,
            )
            save_worksheet(db, "LK-2f", card, lab.id, unit.id, idea.id)
            if status is IdeaStatus.LANJUT:
                design_idea(db, lab.id, unit.id, idea.id, rng, action_rows=rng.randint(8, 20))
    return svc.get_lab(db, lab.id)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", required=True, help="database URL, e.g. sqlite:////tmp/bench.sqlite3")
    p.add_argument("--units", type=int, default=86)
    p.add_argument("--ideas", type=int, default=174)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args(argv)
    db = open_database(a.db)
    try:
        lab = generate_lab(db, a.units, a.ideas, a.seed)
    finally:
        db.close()
    print(lab.id)
    return 0


if __name__ == "__main__":
    sys.exit(main())
