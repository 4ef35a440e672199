"""Enumerations of the Labinov domain (domain doc §7). Values are stable codes; labels are Indonesian."""

from __future__ import annotations

import enum

from labinovasi.i18n import _


class LabeledEnum(enum.StrEnum):
    """A string enum whose members carry an Indonesian label."""

    @property
    def label(self) -> str:
        return _(self._labels()[self.value])

    @classmethod
    def _labels(cls) -> dict[str, str]:  # pragma: no cover - overridden
        raise TypeError

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(m.value, m.label) for m in cls]


class UnitType(LabeledEnum):
    SETDA = "setda"
    SETWAN = "setwan"
    INSPEKTORAT = "inspektorat"
    DINAS = "dinas"
    BADAN = "badan"
    KECAMATAN = "kecamatan"
    KELURAHAN = "kelurahan"
    DESA = "desa"
    PUSKESMAS = "puskesmas"
    RSUD = "rsud"
    BUMD = "bumd"
    LAINNYA = "lainnya"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "setda": "Sekretariat Daerah/Bagian",
            "setwan": "Sekretariat DPRD",
            "inspektorat": "Inspektorat",
            "dinas": "Dinas",
            "badan": "Badan",
            "kecamatan": "Kecamatan",
            "kelurahan": "Kelurahan",
            "desa": "Desa",
            "puskesmas": "Puskesmas/UPT/UPTD",
            "rsud": "RSUD",
            "bumd": "BUMD",
            "lainnya": "Lainnya",
        }

    @property
    def short_label(self) -> str:
        """A short name for narrow lists (e.g. "Puskesmas" instead of "Puskesmas/UPT/UPTD")."""
        short = {"setda": "Setda", "setwan": "Setwan", "puskesmas": "Puskesmas", "lainnya": "Lainnya"}
        return _(short[self.value]) if self.value in short else self.label


class PersonRole(LabeledEnum):
    KEPALA_UNIT = "kepala_unit"
    KETUA_TIM = "ketua_tim"
    INOVATOR = "inovator"
    ANGGOTA = "anggota"
    FASILITATOR = "fasilitator"
    PANITIA = "panitia"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "kepala_unit": "Kepala Unit",
            "ketua_tim": "Ketua Tim Inovasi",
            "inovator": "Inovator",
            "anggota": "Anggota Tim",
            "fasilitator": "Fasilitator",
            "panitia": "Panitia/Tim Pelaksana",
        }

    @property
    def rank(self) -> int:
        """Order in team lists: head of unit first, then the team leader, innovators, members."""
        return list(PersonRole).index(self)


class IdeaStatus(LabeledEnum):
    DRAF = "draf"
    DIAJUKAN = "diajukan"
    DIREVIEW = "direview"
    LANJUT = "lanjut"
    PERBAIKI = "perbaiki"
    DIGABUNG = "digabung"
    DITUNDA = "ditunda"
    DILUNCURKAN = "diluncurkan"
    DITERAPKAN = "diterapkan"
    DIHENTIKAN = "dihentikan"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "draf": "Draf",
            "diajukan": "Diajukan",
            "direview": "Direview",
            "lanjut": "Lanjut",
            "perbaiki": "Perbaiki",
            "digabung": "Digabung",
            "ditunda": "Ditunda",
            "diluncurkan": "Diluncurkan",
            "diterapkan": "Diterapkan",
            "dihentikan": "Dihentikan",
        }


class Scope(LabeledEnum):
    LAB = "lab"
    UNIT = "unit"
    IDEA = "idea"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"lab": "Lab", "unit": "Unit", "idea": "Ide"}
