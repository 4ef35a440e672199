"""The one home of worksheet codes (the ``code`` of each template in ``resources/worksheets``)."""

from __future__ import annotations

LAB_PROFILE = "LK-0"  # Profil lokus dan jadwal
DRUM_UP = "LK-1"  # Komitmen dan tim inovasi
READINESS = "LK-2a"  # Kuesioner kesiapan berinovasi
PROBLEMS = "LK-2b"  # Identifikasi masalah
APKL = "LK-2c"  # Uji APKL
USG = "LK-2d"  # Prioritas USG
FISHBONE = "LK-2e"  # Diagram tulang ikan
IDEA_CARD = "LK-2f"  # Kartu ide inovasi
CURATION = "LK-2g"  # Kurasi ide
CANVAS = "LK-3"  # Kanvas inovasi
DESIGN_DOC = "LK-3a"  # Rancang bangun
ACTION_PLAN = "LK-3b"  # Rencana aksi
MILESTONES = "LK-3c"  # Tonggak capaian
RISKS = "LK-3d"  # Pemangku kepentingan dan risiko
REVIEW = "LK-3e"  # Reviu rancangan
LAUNCH = "LK-4a"  # Peluncuran
MONEV = "LK-4b"  # Monitoring dan evaluasi
RESULTS = "LK-4c"  # Hasil dan bukti
MONEV_SCHEDULE = "LK-4d"  # Jadwal meja monev
POSTER = "LK-5a"  # Poster
EXHIBITION = "LK-5b"  # Pameran
REPLICATION = "LK-5c"  # Permintaan replikasi
DOCUMENTATION = "LK-6"  # Dokumentasi

ALL = (
    LAB_PROFILE,
    DRUM_UP,
    READINESS,
    PROBLEMS,
    APKL,
    USG,
    FISHBONE,
    IDEA_CARD,
    CURATION,
    CANVAS,
    DESIGN_DOC,
    ACTION_PLAN,
    MILESTONES,
    RISKS,
    REVIEW,
    LAUNCH,
    MONEV,
    RESULTS,
    MONEV_SCHEDULE,
    POSTER,
    EXHIBITION,
    REPLICATION,
    DOCUMENTATION,
)
