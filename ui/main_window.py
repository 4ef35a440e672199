"""The main window: the 5D+1 stage bar, the unit list, the stage page, team and progress matrix."""

from __future__ import annotations

import argparse
import datetime as dt
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QLockFile, QModelIndex, QSortFilterProxyModel, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QCommandLinkButton,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from labinovasi import __version__
from labinovasi.db.backups import BackupError, database_file
from labinovasi.db.engine import Database, DatabaseOpenError
from labinovasi.domain.enums import PersonRole, UnitType
from labinovasi.domain.stages import Stage
from labinovasi.i18n import _
from labinovasi.ops import Changes, Op, Sequence
from labinovasi.ops.spine import (
    AddPerson,
    AddUnit,
    CreateLab,
    RemoveIdea,
    RemovePerson,
    RemoveUnit,
    UpdateLab,
    UpdatePerson,
    UpdateUnit,
)
from labinovasi.reports.common import combined_filename, plan_filename, write_atomically
from labinovasi.services import labs as svc
from labinovasi.services.records import LabInfo, UnitInfo
from labinovasi.services.sessions import room_agenda
from labinovasi.services.worksheets import load_worksheet, progress_matrix
from labinovasi.settings import RecentLab, Settings, save_settings
from labinovasi.worksheets import codes
from ui import theme
from ui.backup_dialog import BackupDialog, BackupKeeper
from ui.bundle_dialogs import BundleActions
from ui.dialogs import LabDialog, PersonDialog, UnitDialog, confirm
from ui.errors import report_error, reports_failures
from ui.idea_board import IdeaBoard
from ui.lab_files import LAB_FILE_PATTERNS, ask_to_recover, open_locked, sqlite_url
from ui.lazy import lazy
from ui.models import ID_ROLE, SORT_ROLE, PeopleModel, ProgressMatrixModel, UnitListModel
from ui.ops import ROOM, OpRunner
from ui.panes import WindowPanes
from ui.readiness_comparison import ReadinessComparison
from ui.sessions_page import SessionsPage
from ui.stage_page import GUIDE_WIDTH, StagePage
from ui.tasks import TaskRunner
from ui.toolbar import MainToolBar
from ui.undo import UndoStack

if TYPE_CHECKING:
    from labinovasi.reports.batch import BatchResult
    from labinovasi.services.search import SearchHit
    from ui.import_dialog import ImportDialog
    from ui.lab_settings_dialog import LabSettingsDialog
    from ui.projector import ProjectorWindow
    from ui.room import RoomController
    from ui.room_dialog import RoomDialog
    from ui.search_dialog import SearchDialog

# The PDFs (ReportLab), the spreadsheets (openpyxl), the demo lab and the dialogs of rarely used menus
# load on first use: the first screen draws none of them.
commitment_filename = lazy("labinovasi.reports.commitment_pdf:commitment_filename")
export_commitments = lazy("labinovasi.reports.commitment_pdf:export_commitments")
render_commitments = lazy("labinovasi.reports.commitment_pdf:render_commitments")
render_launch_commitments = lazy("labinovasi.reports.commitment_pdf:render_launch_commitments")
render_monev_schedule = lazy("labinovasi.reports.monev_schedule_pdf:render_monev_schedule")
render_monev_report = lazy("labinovasi.reports.monev_report_pdf:render_monev_report")
render_berita_acara = lazy("labinovasi.reports.berita_acara_pdf:render_berita_acara")
poster_pack = lazy("labinovasi.reports.poster_pdf:poster_pack")
export_direktori = lazy("labinovasi.reports.direktori_pdf:export_direktori")
direktori_filename = lazy("labinovasi.reports.direktori_pdf:direktori_filename")
render_posters = lazy("labinovasi.reports.poster_pdf:render_posters")
poster_filename = lazy("labinovasi.reports.poster_pdf:poster_filename")
render_lab_readiness = lazy("labinovasi.reports.readiness_pdf:render_lab_readiness")
rekap_filename = lazy("labinovasi.reports.rekap_diagnose:rekap_filename")
render_rekap_diagnose = lazy("labinovasi.reports.rekap_diagnose:render_rekap_diagnose")
rekap_lab_filename = lazy("labinovasi.reports.rekap_lab:rekap_lab_filename")
render_rekap_lab = lazy("labinovasi.reports.rekap_lab:render_rekap_lab")
readiness_check_filename = lazy("labinovasi.reports.readiness_check_pdf:readiness_check_filename")
render_readiness_check = lazy("labinovasi.reports.readiness_check_pdf:render_readiness_check")
render_blank_worksheet = lazy("labinovasi.reports.worksheet_pdf:render_blank_worksheet")
render_filled_worksheet = lazy("labinovasi.reports.worksheet_pdf:render_filled_worksheet")
batch_export_plan = lazy("labinovasi.reports.batch:export_plan")
batch_export_plans = lazy("labinovasi.reports.batch:export_plans")
batch_export_combined = lazy("labinovasi.reports.batch:export_combined")
create_demo_lab = lazy("labinovasi.ops.demo:create_demo_lab")
pack_filename = lazy("labinovasi.reports.worksheet_pack:pack_filename")
render_worksheet_pack = lazy("labinovasi.reports.worksheet_pack:render_worksheet_pack")
export_units_people_xlsx = lazy("labinovasi.services.xlsx_export:export_units_people_xlsx")
ImportDialog = lazy("ui.import_dialog:ImportDialog")  # noqa: F811 - the class, imported on first use
ask_xlsx_save_path = lazy("ui.import_dialog:ask_xlsx_save_path")
LabSettingsDialog = lazy("ui.lab_settings_dialog:LabSettingsDialog")  # noqa: F811
ProjectorWindow = lazy("ui.projector:ProjectorWindow")  # noqa: F811 - with segno, on first use
TIMER_PRESETS = (3, 5, 10, 15, 30)  # minutes, in Ruang → Pengatur waktu
ROOM_GATHER_MS = 400  # the phones' saves of this long refresh the views once (well within a second)


class _Cancelled(Exception):
    """The lab list of a file was closed without a choice."""


def recent_description(entry: RecentLab) -> str:
    """ "lab.sqlite3 · /media/usb · dibuka 4 Des 2025 09.15" for a recent lab."""
    where = f"{Path(entry.path).name} · {Path(entry.path).parent}" if entry.path else entry.db_url
    try:
        when = dt.datetime.fromisoformat(entry.opened_at).strftime("%d-%m-%Y %H.%M")
    except ValueError:
        when = ""
    text = where + (" · " + _("dibuka {when}").format(when=when) if when else "")
    return text + (" " + _("(berkas tidak ditemukan)") if entry.missing else "")


class MainWindow(QMainWindow):
    def __init__(
        self,
        db: Database,
        db_url: str,
        settings: Settings,
        lab_id: uuid.UUID | None = None,
        tasks: TaskRunner | None = None,
        ops: OpRunner | None = None,
    ):
        super().__init__()
        self.db = db
        self.db_url = db_url
        self.settings = settings
        self.tasks = tasks or TaskRunner(parent=self)
        # the one writer (off the UI thread; synchronous where the tasks are, i.e. in tests) and the one undo
        self.ops = ops or OpRunner(db, synchronous=self.tasks.synchronous, parent=self)
        self.undo = UndoStack(self.ops, self)
        self._room_changes = Changes()
        self._room_refresh = QTimer(self)
        self._room_refresh.setSingleShot(True)
        self._room_refresh.setInterval(ROOM_GATHER_MS)
        self._room_refresh.timeout.connect(self._follow_room_changes)
        self.ops.opDidExecute.connect(self._on_changes)
        self.backups = BackupKeeper(db, self.tasks, self)  # on opening, then every 15 minutes of edits
        self.ops.opDidExecute.connect(self.backups.note_edit)
        self.ops.failed.connect(self._on_op_failed)
        self.ops.busyChanged.connect(lambda _busy: self._update_title())
        self.database_lock: QLockFile | None = None  # the claim on a SQLite file (ui.lab_files.lock_database)
        self.successor: MainWindow | None = None  # the window that took this one's place (another file)
        self.search_dialog: SearchDialog | None = None
        self.lab: LabInfo | None = None
        self.unit: UnitInfo | None = None
        self.stage = Stage.DRUM_UP
        self._save_state = "saved"
        self._stale_views: set[QWidget] = set()
        self.setMinimumSize(900, 560)
        screen = QGuiApplication.primaryScreen()
        avail = screen.availableGeometry() if screen else None
        if avail is not None and (avail.width() < 1300 or avail.height() < 820):
            self.resize(avail.width(), avail.height())
            self._start_maximized = True
        else:
            self.resize(1280, 800)
            self._start_maximized = False

        self._build_actions()
        self._build_central()
        self._narrow: bool | None = None  # laid out for a narrow window (a 1024-px projector) or not
        self.panes = WindowPanes(
            self,
            self.unit_panel,
            self.stage_page,
            self.tabs,
            (self.matrix_view, self.sessions_page, self.readiness_page, self.idea_board),
        )
        self.toolbar = MainToolBar(self)
        self.addToolBar(self.toolbar)
        self.panes.add_toolbar(self.toolbar)
        self.panes.add_to(self.menu_view)
        self.statusBar().showMessage(_("Siap"))
        if lab_id:
            self.open_lab(lab_id)
        else:
            self._show_welcome()
        self.backups.start()

    # --- building ---
    def _action(self, text: str, slot, shortcut: QKeySequence | str | None = None) -> QAction:  # noqa: ANN001
        a = QAction(text, self)
        if shortcut:
            a.setShortcut(QKeySequence(shortcut))
        a.triggered.connect(lambda _checked=False: slot())
        return a

    def _build_actions(self) -> None:
        mb = self.menuBar()
        m_file = mb.addMenu(_("&Berkas"))
        self.act_new_lab = self._action(_("Lab &baru…"), self.new_lab, QKeySequence.StandardKey.New)
        self.act_open_lab = self._action(_("&Buka lab…"), self.choose_lab, QKeySequence.StandardKey.Open)
        self.act_open_file = self._action(_("Buka &berkas lab…"), self.open_file, "Ctrl+Shift+O")
        self.menu_recent = QMenu(_("Buka lab &terakhir"), self)
        self.menu_recent.aboutToShow.connect(self._fill_recent_menu)
        self.act_demo_lab = self._action(_("Buat lab &demo"), self.new_demo_lab)
        self.act_lab_profile = self._action(_("&Profil dan nama lab…"), self.edit_lab)
        self.act_lab_settings = self._action(_("Pe&ngaturan lab…"), self.edit_lab_settings)
        m_file.addActions([self.act_new_lab, self.act_open_lab, self.act_open_file])
        m_file.addMenu(self.menu_recent)
        self._fill_recent_menu()
        m_file.addActions([self.act_demo_lab, self.act_lab_profile, self.act_lab_settings])
        self.act_backups = self._action(_("Ca&dangan dan pemulihan…"), self.show_backups)
        m_file.addAction(self.act_backups)
        self.bundles = BundleActions(self)  # Berkas → Bundel lab: to another laptop and back, merged
        m_file.addMenu(self.bundles.menu)
        m_file.addSeparator()
        m_export = m_file.addMenu(_("&Ekspor"))
        self.act_export_plan = self._action(_("Rencana Proyek Inovasi unit ini…"), self.export_plan, "Ctrl+E")
        self.act_export_plans = self._action(
            _("Rencana Proyek Inovasi semua unit…"), self.export_all_plans, "Ctrl+Shift+E"
        )
        self.act_export_combined = self._action(
            _("Rencana Proyek Inovasi semua unit dalam satu PDF…"), self.export_combined_plans
        )
        # Ctrl+P prints the worksheet on screen as it is filled in; Ctrl+Shift+P the blank sheet for paper
        self.act_export_filled = self._action(
            _("Lembar kerja terisi…"), self.export_filled_worksheet, "Ctrl+P"
        )
        self.act_export_blank = self._action(
            _("Lembar kerja kosong…"), self.export_blank_worksheet, "Ctrl+Shift+P"
        )
        m_export.addActions([self.act_export_plan, self.act_export_plans, self.act_export_combined])
        m_export.addSeparator()
        m_export.addActions([self.act_export_blank, self.act_export_filled])
        m_export.addAction(
            self._action(_("Paket lembar kerja kosong untuk dicetak…"), self.export_worksheet_pack)
        )
        m_export.addSeparator()
        self.act_export_commitment = self._action(_("Pernyataan komitmen unit ini…"), self.export_commitment)
        self.act_export_commitments = self._action(
            _("Pernyataan komitmen semua unit…"), self.export_all_commitments
        )
        self.act_export_attendance = self._action(
            _("Daftar hadir sesi terpilih…"), lambda: self.sessions_page.print_attendance()
        )
        m_export.addActions(
            [self.act_export_commitment, self.act_export_commitments, self.act_export_attendance]
        )
        self.act_export_monev_desks = self._action(
            _("Jadwal meja monev per meja…"), lambda: self.export_monev_schedule("desk")
        )
        self.act_export_monev_units = self._action(
            _("Jadwal meja monev per unit…"), lambda: self.export_monev_schedule("unit")
        )
        self.act_export_monev_report = self._action(
            _("Laporan kemajuan unit per periode monev…"), lambda: self.export_monev_report()
        )
        m_export.addActions(
            [self.act_export_monev_desks, self.act_export_monev_units, self.act_export_monev_report]
        )
        self.act_export_berita_acara = self._action(
            _("Berita acara peluncuran inovasi…"), self.export_berita_acara
        )
        self.act_export_launch_commitments = self._action(
            _("Pernyataan komitmen unit yang diluncurkan…"), self.export_launch_commitments
        )
        m_export.addActions([self.act_export_berita_acara, self.act_export_launch_commitments])
        self.act_export_posters = self._action(_("Poster inovasi (A3/A4)…"), self.export_posters)
        m_export.addAction(self.act_export_posters)
        self.act_export_direktori = self._action(_("Direktori Inovasi…"), self.export_direktori)
        m_export.addAction(self.act_export_direktori)
        self.act_display = self._action(_("Pameran dan replikasi inovasi…"), self.show_display)
        m_export.addAction(self.act_display)
        self.act_export_readiness = self._action(
            _("Kesiapan berinovasi semua unit…"), self.export_lab_readiness
        )
        self.act_export_rekap = self._action(_("Rekap hasil Diagnose…"), self.export_rekap_diagnose)
        self.act_export_rekap_lab = self._action(_("Rekap lab (untuk kepala daerah)…"), self.export_rekap_lab)
        m_export.addActions([self.act_export_readiness, self.act_export_rekap, self.act_export_rekap_lab])
        self.act_export_iid = self._action(
            _("Profil Inovasi untuk IID (.xlsx/.csv)…"), self.export_iid_profile
        )
        m_export.addAction(self.act_export_iid)
        self.act_readiness_check = self._action(
            _("Pemeriksaan kesiapan IID/KIPP…"), self.show_readiness_check
        )
        m_export.addAction(self.act_readiness_check)
        m_paper = m_file.addMenu(_("&Ukuran kertas"))
        group = QActionGroup(self)
        self.paper_actions = {}
        for code, label in (("a4", "A4"), ("f4", _("F4 (215 × 330 mm)"))):
            a = QAction(label, self, checkable=True)
            a.setChecked(self.settings.paper == code)
            a.triggered.connect(lambda _c=False, code=code: self._set_paper(code))
            group.addAction(a)
            m_paper.addAction(a)
            self.paper_actions[code] = a
        m_file.addSeparator()
        # Ctrl+Q on every platform (Cmd+Q on a Mac): Windows has no standard key to quit
        self.act_quit = self._action(_("&Keluar"), self.close, "Ctrl+Q")
        self.act_quit.setMenuRole(QAction.MenuRole.QuitRole)
        m_file.addAction(self.act_quit)

        m_edit = mb.addMenu(_("&Sunting"))
        self.act_undo = self._action(_("&Urungkan"), self.undo_step, QKeySequence.StandardKey.Undo)
        self.act_redo = self._action(_("U&langi"), self.redo_step)
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        for act in (self.act_undo, self.act_redo):
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        m_edit.addActions([self.act_undo, self.act_redo])
        m_edit.addSeparator()
        self.act_cut = self._action(
            _("Po&tong"), lambda: self._edit_focus("cut"), QKeySequence.StandardKey.Cut
        )
        self.act_copy = self._action(
            _("&Salin"), lambda: self._edit_focus("copy"), QKeySequence.StandardKey.Copy
        )
        self.act_paste = self._action(
            _("T&empel"), lambda: self._edit_focus("paste"), QKeySequence.StandardKey.Paste
        )
        for act in (self.act_cut, self.act_copy, self.act_paste):
            act.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # the field's own keys stay in charge
        m_edit.addActions([self.act_cut, self.act_copy, self.act_paste])
        m_edit.addSeparator()
        self.act_search = self._action(_("&Cari di seluruh lab…"), self.show_search, "Ctrl+K")
        self.act_search.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        m_edit.addAction(self.act_search)
        self.undo.stack.indexChanged.connect(self._update_undo_actions)
        self._local_undo = False  # the focus is in an editor with an undo history of its own
        app = QApplication.instance()
        if app is not None:
            app.focusChanged.connect(self._on_focus_changed)
        self._update_undo_actions()

        m_unit = mb.addMenu(_("&Unit"))
        self.act_add_unit = self._action(_("&Tambah unit…"), self.add_unit, "Ctrl+Shift+N")
        self.act_edit_unit = self._action(_("&Ubah unit…"), self.edit_unit, "F2")
        self.act_remove_unit = self._action(_("&Hapus unit…"), self.remove_unit)
        self.act_add_person = self._action(_("Tambah &peserta…"), self.add_person, "Ctrl+Shift+A")
        self.act_new_idea = self._action(_("&Ide baru"), self.new_idea, "Ctrl+I")
        m_unit.addActions([self.act_add_unit, self.act_edit_unit, self.act_remove_unit])
        m_unit.addSeparator()
        m_unit.addActions([self.act_add_person, self.act_new_idea])
        m_unit.addSeparator()
        self.act_import_units = self._action(
            _("Impor &unit dari Excel/CSV…"), lambda: self.import_file("units")
        )
        self.act_import_people = self._action(
            _("Impor peserta dari E&xcel/CSV…"), lambda: self.import_file("people")
        )
        self.act_export_xlsx = self._action(_("Ekspor unit dan peserta ke Excel…"), self.export_units_xlsx)
        m_unit.addActions([self.act_import_units, self.act_import_people, self.act_export_xlsx])

        m_view = self.menu_view = mb.addMenu(_("&Tampilan"))
        self.act_show_stage = self._action(
            _("Halaman &tahap"), lambda: self.tabs.setCurrentIndex(0), "Ctrl+1"
        )
        self.act_show_team = self._action(
            _("Tim dan &peserta"), lambda: self.tabs.setCurrentIndex(1), "Ctrl+2"
        )
        self.act_show_matrix = self._action(
            _("&Matriks kemajuan"), lambda: self.tabs.setCurrentIndex(2), "Ctrl+3"
        )
        self.act_show_sessions = self._action(
            _("&Sesi dan kehadiran"), lambda: self.tabs.setCurrentIndex(3), "Ctrl+4"
        )
        self.act_show_readiness = self._action(
            _("&Kesiapan unit"), lambda: self.tabs.setCurrentIndex(4), "Ctrl+5"
        )
        self.act_show_board = self._action(_("&Papan ide"), lambda: self.tabs.setCurrentIndex(5), "Ctrl+6")
        self.act_set_current_stage = self._action(
            _("Tetapkan sebagai tahap &berjalan"), self.mark_current_stage
        )
        m_view.addActions(
            [
                self.act_show_stage,
                self.act_show_team,
                self.act_show_matrix,
                self.act_show_sessions,
                self.act_show_readiness,
                self.act_show_board,
            ]
        )
        m_view.addSeparator()
        m_view.addAction(self.act_set_current_stage)
        self.act_large_theme = QAction(_("Tampilan &besar (proyektor)"), self, checkable=True)
        self.act_large_theme.setChecked(self.settings.theme == theme.LARGE)
        self.act_large_theme.triggered.connect(self.set_large_theme)
        m_view.addAction(self.act_large_theme)

        self._build_room_menu()

        m_help = mb.addMenu(_("Ba&ntuan"))
        self.act_guide = self._action(_("&Panduan Lab Inovasi"), self.show_guide, "F1")
        self.act_shortcuts = self._action(
            _("Pintasan papan &ketik"), lambda: self.show_guide("pintasan"), "Ctrl+F1"
        )
        m_help.addActions([self.act_guide, self.act_shortcuts])
        m_help.addSeparator()
        m_help.addAction(self._action(_("&Tentang Lab Inovasi"), self.about))

    def _build_room_menu(self) -> None:
        """Ruang: the projector view and the room's countdown. A later part of the room (the participants'
        phones) adds its commands to ``menu_room`` and shows on ``projector``."""
        self.projector: ProjectorWindow | None = None  # made on first opening, kept (with its countdown)
        m_room = self.menu_room = self.menuBar().addMenu(_("&Ruang"))
        self.act_projector = QAction(_("Tampilan &proyektor"), self, checkable=True)
        self.act_projector.setShortcut(QKeySequence("F5"))
        self.act_projector.triggered.connect(self.show_projector)
        m_room.addAction(self.act_projector)
        m_timer = self.menu_timer = m_room.addMenu(_("Pengatur &waktu"))
        self.timer_preset_actions: dict[int, QAction] = {}
        for minutes in TIMER_PRESETS:
            a = self._action(_("{n} menit").format(n=minutes), lambda m=minutes: self.start_timer(m * 60))
            m_timer.addAction(a)
            self.timer_preset_actions[minutes] = a
        m_timer.addSeparator()
        self.act_timer_other = self._action(_("Durasi &lain…"), self.start_timer_other)
        m_timer.addAction(self.act_timer_other)
        self.act_timer_toggle = self._action(_("&Mulai/Jeda"), self.toggle_timer, "Ctrl+Shift+Space")
        self.act_timer_add = self._action(_("&Tambah 1 menit"), self.add_timer_minute, "Ctrl+Shift+M")
        self.act_timer_reset = self._action(_("&Atur ulang"), self.reset_timer)
        m_room.addActions([self.act_timer_toggle, self.act_timer_add, self.act_timer_reset])
        m_room.addSeparator()
        self.room: RoomController | None = None  # made when the room is first opened
        self.room_dialog: RoomDialog | None = None
        self.act_room = self._action(_("Buka &ruang peserta…"), self.show_room, "Ctrl+Shift+R")
        self.act_room_close = self._action(_("&Tutup ruang peserta"), self.close_room)
        m_room.addActions([self.act_room, self.act_room_close])
        self._update_room_actions()

    def _build_central(self) -> None:
        # the stage bar
        bar = self.stage_bar = QWidget(self)
        hb = QHBoxLayout(bar)
        hb.setContentsMargins(6, 6, 6, 2)
        hb.setSpacing(4)
        self.stage_buttons = QButtonGroup(self)
        self.stage_buttons.setExclusive(True)
        for i, stage in enumerate(Stage):
            b = QToolButton(bar)
            b.setText(f"{stage.number}  {stage.label}")
            b.setCheckable(True)
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            b.setMinimumHeight(34)
            b.setSizePolicy(b.sizePolicy().horizontalPolicy().Expanding, b.sizePolicy().verticalPolicy())
            b.setShortcut(QKeySequence(f"Alt+{i + 1}"))
            b.setToolTip(_("Tahap {stage} (Alt+{n})").format(stage=stage.label, n=i + 1))
            self.stage_buttons.addButton(b, i)
            hb.addWidget(b, 1)
        self.stage_buttons.idClicked.connect(lambda i: self.show_stage(list(Stage)[i]))
        self._style_stage_bar()

        # the unit panel
        unit_panel = self.unit_panel = QWidget(self)
        ul = QVBoxLayout(unit_panel)
        ul.setContentsMargins(4, 4, 0, 4)
        self.unit_search = QLineEdit(unit_panel)
        self.unit_search.setPlaceholderText(_("Cari unit…"))
        self.unit_search.setClearButtonEnabled(True)
        self.units_model = UnitListModel(self)
        self.units_proxy = QSortFilterProxyModel(self)
        self.units_proxy.setSourceModel(self.units_model)
        self.units_proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.units_proxy.setFilterKeyColumn(-1)
        self.units_proxy.setSortRole(SORT_ROLE)
        self.unit_search.textChanged.connect(self.units_proxy.setFilterFixedString)
        self.unit_view = QTableView(unit_panel)
        self.unit_view.setModel(self.units_proxy)
        self.unit_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.unit_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.unit_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.unit_view.setSortingEnabled(True)
        self.unit_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.unit_view.verticalHeader().hide()
        self.unit_view.setAlternatingRowColors(True)
        self.unit_view.setAccessibleName(_("Daftar unit"))
        self.unit_view.setWordWrap(False)
        self.unit_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        hh = self.unit_view.horizontalHeader()
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        hh.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.unit_view.selectionModel().currentRowChanged.connect(self._on_unit_row)
        self.unit_view.doubleClicked.connect(lambda _i: self.edit_unit())
        ub = QHBoxLayout()
        self.add_unit_button = QPushButton(_("Tambah unit"), unit_panel)
        self.add_unit_button.clicked.connect(self.add_unit)
        self.edit_unit_button = QPushButton(_("Ubah"), unit_panel)
        self.edit_unit_button.clicked.connect(self.edit_unit)
        self.remove_unit_button = QPushButton(_("Hapus"), unit_panel)
        self.remove_unit_button.clicked.connect(self.remove_unit)
        for b in (self.add_unit_button, self.edit_unit_button, self.remove_unit_button):
            ub.addWidget(b)
        self.lab_label = QLabel("", unit_panel)
        self.lab_label.setWordWrap(True)
        lf = self.lab_label.font()
        lf.setBold(True)
        self.lab_label.setFont(lf)
        ul.addWidget(self.lab_label)
        ul.addWidget(self.unit_search)
        ul.addWidget(self.unit_view, 1)
        ul.addLayout(ub)
        unit_panel.setMinimumWidth(260)

        # the tabs: stage page, team, matrix
        self.stage_page = StagePage(self.db, self, undo=self.undo)
        self.stage_page.saveStateChanged.connect(self._on_save_state)
        self.stage_page.read_only = self.db.read_only
        self.stage_page.on_error = self._error
        self.stage_page.print_blank_button.clicked.connect(self.export_blank_worksheet)
        self.stage_page.print_filled_button.clicked.connect(self.export_filled_worksheet)
        self.stage_page.remove_idea_button.clicked.connect(self.remove_idea)
        self.stage_page.goToWorksheet.connect(self.go_to_worksheet)
        self.stage_page.showDisplay.connect(self.show_display)

        self.team_page = QWidget(self)
        tl = QVBoxLayout(self.team_page)
        self.team_title = QLabel("", self.team_page)
        self.people_model = PeopleModel(self)
        self.people_view = QTableView(self.team_page)
        self.people_view.setModel(self.people_model)
        self.people_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.people_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.people_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.people_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.people_view.doubleClicked.connect(lambda _i: self.edit_person())
        pb = QHBoxLayout()
        self.add_person_button = QPushButton(_("Tambah peserta"), self.team_page)
        self.add_person_button.clicked.connect(self.add_person)
        self.edit_person_button = QPushButton(_("Ubah"), self.team_page)
        self.edit_person_button.clicked.connect(self.edit_person)
        self.remove_person_button = QPushButton(_("Hapus"), self.team_page)
        self.remove_person_button.clicked.connect(self.remove_person)
        for b in (self.add_person_button, self.edit_person_button, self.remove_person_button):
            pb.addWidget(b)
        pb.addStretch(1)
        tl.addWidget(self.team_title)
        tl.addWidget(self.people_view, 1)
        tl.addLayout(pb)

        self.matrix_model = ProgressMatrixModel(self)
        self.matrix_view = QTableView(self)
        self.matrix_view.setModel(self.matrix_model)
        self.matrix_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.matrix_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.matrix_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.matrix_view.doubleClicked.connect(self._on_matrix_double_click)
        self.matrix_view.setAccessibleName(_("Matriks kemajuan unit × tahap"))

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.stage_page, _("Tahap"))
        self.tabs.addTab(self.team_page, _("Tim dan peserta"))
        self.tabs.addTab(self.matrix_view, _("Matriks kemajuan"))
        self.sessions_page = SessionsPage(self.db, self, undo=self.undo)
        self.sessions_page.paper = self.settings.paper
        self.tabs.addTab(self.sessions_page, _("Sesi dan kehadiran"))
        self.readiness_page = ReadinessComparison(self.db, self)
        self.readiness_page.unitActivated.connect(
            lambda unit_id: self.open_worksheet(unit_id, codes.READINESS)
        )
        self.tabs.addTab(self.readiness_page, _("Kesiapan unit"))
        self.idea_board = IdeaBoard(self)
        self.idea_board.openIdea.connect(
            lambda unit_id, idea_id: self.open_worksheet(unit_id, codes.IDEA_CARD, idea_id)
        )
        self.tabs.addTab(self.idea_board, _("Papan ide"))
        self.tabs.currentChanged.connect(self._on_tab)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(unit_panel)
        split.addWidget(self.tabs)
        split.setStretchFactor(1, 1)
        split.setSizes([330, 950])
        split.setChildrenCollapsible(False)
        self.main_split = split

        work = QWidget(self)
        wl = QVBoxLayout(work)
        wl.setContentsMargins(0, 0, 0, 0)
        wl.setSpacing(0)
        # a file that cannot be written: said on top, always; reading and printing work
        self.read_only_banner = QLabel(
            _(
                "Berkas lab ini hanya dapat dibaca (media hanya-baca atau tanpa izin menulis): lihat dan ekspor "
                "saja, perubahan tidak disimpan. Untuk mengubahnya, salin berkas ke folder yang dapat ditulisi, "
                "lalu buka salinannya (Berkas → Buka berkas lab…)."
            ),
            work,
        )
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.setObjectName("readOnlyBanner")
        theme.style(self.read_only_banner, lambda: theme.css_note("warn", "#readOnlyBanner"))
        self.read_only_banner.setVisible(self.db.read_only)
        wl.addWidget(self.read_only_banner)
        wl.addWidget(bar)
        wl.addWidget(split, 1)

        # the welcome page, shown when there is no lab yet
        welcome = QWidget(self)
        vl = QVBoxLayout(welcome)
        vl.addStretch(1)
        title = QLabel(_("Selamat datang di Lab Inovasi"), welcome)
        tf = title.font()
        tf.setPointSizeF(tf.pointSizeF() * 1.8)
        tf.setBold(True)
        title.setFont(tf)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(
            _(
                "Buat lab baru untuk pemerintah daerah yang Anda dampingi, buka berkas lab yang sudah ada, "
                "atau coba lab demo."
            ),
            welcome,
        )
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setWordWrap(True)
        row = QHBoxLayout()
        row.addStretch(1)
        self.welcome_new = QPushButton(_("Lab baru…"), welcome)
        self.welcome_new.clicked.connect(self.new_lab)
        self.welcome_open = QPushButton(_("Buka lab…"), welcome)
        self.welcome_open.setToolTip(_("Buka berkas lab dari folder lain atau flashdisk (Ctrl+Shift+O)"))
        self.welcome_open.clicked.connect(self.open_file)
        self.welcome_demo = QPushButton(_("Coba lab demo"), welcome)
        self.welcome_demo.clicked.connect(self.new_demo_lab)
        for b in (self.welcome_new, self.welcome_open, self.welcome_demo):
            row.addWidget(b)
        row.addStretch(1)
        # the labs opened lately, one click each (filled by _show_welcome)
        self.welcome_recent = QWidget(welcome)
        self.welcome_recent.setMaximumWidth(640)
        QVBoxLayout(self.welcome_recent).setContentsMargins(0, 12, 0, 0)
        recent_row = QHBoxLayout()
        recent_row.addStretch(1)
        recent_row.addWidget(self.welcome_recent, 3)
        recent_row.addStretch(1)
        vl.addWidget(title)
        vl.addWidget(text)
        vl.addLayout(row)
        vl.addLayout(recent_row)
        vl.addStretch(2)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(welcome)
        self.stack.addWidget(work)
        self.setCentralWidget(self.stack)

    NARROW_WIDTH = 1200

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's name
        super().resizeEvent(event)
        narrow = self.width() < self.NARROW_WIDTH
        if narrow != self._narrow:
            self._narrow = narrow
            self.fit_width(narrow)

    def fit_width(self, narrow: bool) -> None:
        """On a narrow window (1024 px) the unit list and the guidance start narrower, so the worksheet
        editor is not squeezed into a horizontal scroll; on a wide one they get their usual width. Each
        can still be dragged or folded away."""
        width = max(self.width(), 1)
        unit_list, guide = (240, 220) if narrow else (330, GUIDE_WIDTH)
        self.main_split.setSizes([unit_list, max(1, width - unit_list)])
        if self.stage_page.guide.isVisibleTo(self.stage_page):
            self.stage_page.split.setSizes([guide, max(1, width - unit_list - guide)])

    def _style_stage_bar(self) -> None:
        theme.style(self, theme.css_stage_bar)
        theme.style(self.stage_bar, theme.css_current_stage)

    # --- state ---
    def _show_welcome(self) -> None:
        self.lab = None
        self._fill_welcome_recent()
        self.stack.setCurrentIndex(0)
        self._update_projector()
        self._update_title()
        self._update_actions()

    def _fill_welcome_recent(self) -> None:
        layout = self.welcome_recent.layout()
        while layout.count():
            item = layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        entries = self.settings.recent()
        if not entries:
            self.welcome_recent.hide()
            return
        heading = QLabel(_("Lab terakhir dibuka"), self.welcome_recent)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        for entry in entries:
            button = QCommandLinkButton(
                entry.lab_name.replace("&", "&&"), recent_description(entry), self.welcome_recent
            )  # "&" in a name is no accelerator
            button.setEnabled(not entry.missing)
            button.setToolTip(entry.path or entry.db_url)
            button.clicked.connect(lambda _c=False, e=entry: self.open_recent(e))
            layout.addWidget(button)
        self.welcome_recent.show()

    def _update_actions(self) -> None:
        has_lab = self.lab is not None
        has_unit = self.unit is not None
        for a in (
            self.act_lab_profile,
            self.act_add_unit,
            self.act_export_plans,
            self.act_export_combined,
            self.act_export_readiness,
            self.act_export_rekap,
            self.act_export_rekap_lab,
            self.act_readiness_check,
            self.act_lab_settings,
            self.act_export_commitments,
            self.act_export_attendance,
            self.act_export_monev_desks,
            self.act_export_monev_units,
            self.act_export_berita_acara,
            self.act_export_launch_commitments,
            self.act_export_posters,
            self.act_export_direktori,
            self.act_display,
            self.act_import_units,
            self.act_import_people,
            self.act_export_xlsx,
            self.act_export_blank,
            self.act_set_current_stage,
        ):
            a.setEnabled(has_lab)
        for a in (
            self.act_edit_unit,
            self.act_remove_unit,
            self.act_add_person,
            self.act_new_idea,
            self.act_export_plan,
            self.act_export_filled,
            self.act_export_commitment,
            self.act_export_monev_report,
        ):
            a.setEnabled(has_unit)
        self.edit_unit_button.setEnabled(has_unit)
        self.remove_unit_button.setEnabled(has_unit)
        self.add_person_button.setEnabled(has_unit)
        self.edit_person_button.setEnabled(has_unit)
        self.remove_person_button.setEnabled(has_unit)

    def _update_title(self) -> None:
        if self.lab is None:
            self.setWindowTitle(_("Lab Inovasi"))
            return
        state = self._save_state
        if state == "saved" and self.ops.busy:
            state = "pending"  # typed, but the writer has not stored it yet
        state = {
            "saved": _("Semua tersimpan"),
            "pending": _("Menyimpan…"),
            "invalid": _("Ada isian belum valid"),
            "failed": _("Belum tersimpan"),
            "readonly": _("Hanya-baca"),
            "conflict": _("Belum tersimpan (bentrok)"),
        }[state]
        self.setWindowTitle(f"{self.lab.name} — {state} — {_('Lab Inovasi')}")

    def _on_save_state(self, state: str) -> None:
        self._save_state = state
        self._update_title()

    def open_lab(self, lab_id: uuid.UUID | str) -> None:
        self.stage_page.save_now()
        self.ops.flush()
        self.undo.clear()  # the history is of the lab that was open
        new_lab = svc.get_lab(self.db, lab_id)
        if self.room is not None and self.room.state is not None and self.room.state.lab_id != new_lab.id:
            self.close_room()  # a room serves one lab
        self.lab = new_lab
        self.settings.remember_lab(self.db_url, str(self.lab.id))
        file = self.db.file
        self.settings.remember_recent(
            RecentLab(
                self.db_url,
                str(file.resolve()) if file is not None else "",
                str(self.lab.id),
                self.lab.name,
                dt.datetime.now().isoformat(timespec="seconds"),
            )
        )
        self._save_settings()
        self.stack.setCurrentIndex(1)
        self.lab_label.setText(self.lab.name)
        self.unit = None
        self.stage = self.lab.current_stage
        self.stage_buttons.button(list(Stage).index(self.stage)).setChecked(True)
        self._mark_current_stage_button()
        self._reload_units()
        self.sessions_page.show_lab(self.lab.id)
        self._refresh_lab_views()
        self.tabs.setCurrentIndex(0)
        if self.units_proxy.rowCount() > 0:
            self.unit_view.setCurrentIndex(self.units_proxy.index(0, 0))  # shows the stage for that unit
        else:
            self._show_unit()
        self._update_projector()
        self._update_title()
        self._update_actions()

    def _reload_units(self, select: uuid.UUID | None = None) -> None:
        assert self.lab is not None
        units = svc.list_units(self.db, self.lab.id)
        progress = progress_matrix(self.db, self.lab.id)
        self.units_model.set_units(units, progress)
        self.matrix_model.set_data(units, progress)
        if select is not None:
            self.select_unit(select)

    def _refresh_progress(self) -> None:
        if self.lab is None:
            return
        progress = progress_matrix(self.db, self.lab.id)
        if progress == self.units_model.progress:
            return  # most edits change no sheet's completeness: the lists and the matrix stay as they are
        self.units_model.set_progress(progress)
        self._mark_current_stage_button()
        units = [self.units_model.unit(i) for i in range(self.units_model.rowCount())]
        self.matrix_model.set_data(units, progress)

    def select_unit(self, unit_id: uuid.UUID) -> None:
        row = self.units_model.row_of(unit_id)
        if row >= 0:
            idx = self.units_proxy.mapFromSource(self.units_model.index(row, 0))
            self.unit_view.setCurrentIndex(idx)
            self.unit_view.selectRow(idx.row())

    def _on_unit_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.unit = None
        else:
            src = self.units_proxy.mapToSource(current)
            self.unit = self.units_model.unit(src.row())
        self._show_unit()

    def _show_unit(self) -> None:
        if self.lab is None:
            return
        self._mark_current_stage_button()
        self.stage_page.show_stage(self.lab.id, self.unit, self.stage)
        self._reload_people()
        self._update_actions()

    def _reload_people(self) -> None:
        if self.unit is None:
            self.people_model.set_people([])
            self.team_title.setText(_("Pilih unit untuk melihat timnya."))
            return
        self.people_model.set_people(svc.list_people(self.db, self.unit.id))
        self.team_title.setText(_("Tim inovasi dan peserta: {unit}").format(unit=self.unit.name))

    def show_stage(self, stage: Stage) -> None:
        self.stage = stage
        self.stage_buttons.button(list(Stage).index(stage)).setChecked(True)
        if self.lab is not None:
            self.stage_page.show_stage(self.lab.id, self.unit, stage)
        self.tabs.setCurrentIndex(0)

    def go_to_worksheet(self, stage: Stage, code: str) -> None:
        """Open a worksheet of another stage for the unit on screen (e.g. LK-2g from an empty Design)."""
        self.show_stage(stage)
        self.stage_page.select_worksheet(code)

    def _mark_current_stage_button(self) -> None:
        """The stage bar: the lab's current stage marked •, and for the unit on screen how many of each
        stage's worksheets are filled ("3  Design  2/7"), so a button says what it still waits for."""
        current = self.lab.current_stage if self.lab else None
        per = self.units_model.progress.get(self.unit.id, {}) if self.unit is not None else {}
        for i, stage in enumerate(Stage):
            b = self.stage_buttons.button(i)
            b.setProperty("current", stage is current)
            label = f"{stage.number}  {stage.label}" + (" •" if stage is current else "")
            tip = _("Tahap {stage} (Alt+{n})").format(stage=stage.label, n=i + 1)
            progress = per.get(stage)
            if progress is not None and progress.total:
                label += f"   {progress.done}/{progress.total}"
                tip += "\n" + _("{done} dari {total} lembar kerja {unit} terisi").format(
                    done=progress.done, total=progress.total, unit=self.unit.name if self.unit else ""
                )
            b.setText(label)
            b.setToolTip(tip)
        # the bar's sheet again: its buttons are polished anew and read "current" (cheaper than QStyle's
        # unpolish/polish from Python, whose first use builds all of QStyle's enums on the way to the
        # first screen)
        self.stage_bar.setStyleSheet(self.stage_bar.styleSheet())

    def mark_current_stage(self) -> None:
        if self.lab is None:
            return
        stage = self.stage
        self.undo.do(
            UpdateLab(self.lab.id, {"current_stage": stage}),
            _("tetapkan tahap berjalan {stage}").format(stage=stage.label),
            self,
            on_done=lambda _c, _i: self.statusBar().showMessage(
                _("Tahap berjalan: {stage}").format(stage=stage.label), 4000
            ),
        )

    # --- what changed ---
    def _on_changes(self, changes: Changes, initiator: object) -> None:
        """Every view follows what an op changed (from this window, an undo, or any other writer).

        The participants' phones may save many times a second: their changes are gathered for a moment
        (ROOM_GATHER_MS) and the views refresh once for all of them, so the window stays responsive."""
        if initiator == ROOM:
            self._room_changes = self._room_changes | changes
            if not self._room_refresh.isActive():
                self._room_refresh.start()
            return
        self._follow_changes(changes, initiator)

    def _follow_room_changes(self) -> None:
        changes, self._room_changes = self._room_changes, Changes()
        if changes:
            self._follow_changes(changes, ROOM)

    def _follow_changes(self, changes: Changes, initiator: object) -> None:
        if self.lab is None:
            return
        lab_id = self.lab.id
        if lab_id in changes.labs or lab_id in changes.settings:
            try:
                self.lab = svc.get_lab(self.db, lab_id)
            except LookupError:
                self._show_welcome()
                return
            self.lab_label.setText(self.lab.name)
            self._mark_current_stage_button()
            self._update_title()
            self._update_projector()
        elif changes.sessions:
            self._update_projector()
        if changes.units:
            keep = self.unit.id if self.unit is not None else None
            self._reload_units()
            if keep is not None and self.units_model.row_of(keep) >= 0:
                self.select_unit(keep)
                if keep in changes.units:
                    self.unit = self.units_model.unit(self.units_model.row_of(keep))
            elif self.units_proxy.rowCount():
                self.unit_view.setCurrentIndex(self.units_proxy.index(0, 0))
            else:
                self.unit = None
                self._show_unit()
        elif changes.worksheets:
            self._refresh_progress()
        if changes.people or changes.units:
            self._reload_people()
        self.stage_page.on_changes(changes, initiator)
        self.sessions_page.on_changes(changes, initiator)
        if changes.worksheets or changes.ideas or changes.units or changes.settings:
            self._refresh_lab_views()
        self._update_actions()

    def _on_op_failed(self, message: str, _details: str) -> None:
        self._error(message)

    def undo_step(self) -> None:
        """Ctrl+Z: first store what is being typed (so it is a step of its own), then undo."""
        self.stage_page.save_now()
        self.ops.flush()
        if self.undo.stack.canUndo():
            self.undo.stack.undo()

    def redo_step(self) -> None:
        self.stage_page.save_now()
        self.ops.flush()
        if self.undo.stack.canRedo():
            self.undo.stack.redo()

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        """The rencana aksi keeps its row-by-row undo while it has the focus: the window's Ctrl+Z steps
        aside (two actions on one key would cancel each other out); its saves are window steps too."""
        w, local = new, False
        while w is not None:
            if getattr(w, "owns_undo", False):
                local = True
                break
            w = w.parentWidget()
        if local != self._local_undo:
            self._local_undo = local
            self._update_undo_actions()

    def _update_undo_actions(self, _index: int = 0) -> None:
        st = self.undo.stack
        if not shiboken6.isValid(st) or not shiboken6.isValid(self.act_undo):  # the window is being torn down
            return
        self.act_undo.setEnabled(st.canUndo() and not self._local_undo)
        self.act_redo.setEnabled(st.canRedo() and not self._local_undo)
        self.act_undo.setText(
            _("&Urungkan: {step}").format(step=st.undoText()) if st.canUndo() else _("&Urungkan")
        )
        self.act_redo.setText(
            _("U&langi: {step}").format(step=st.redoText()) if st.canRedo() else _("U&langi")
        )

    def _edit_focus(self, slot: str) -> None:
        """Cut, copy or paste in the text field that has the focus."""
        w = QApplication.focusWidget()
        if w is not None and hasattr(w, slot):
            getattr(w, slot)()

    def _refresh_lab_views(self) -> None:
        """The lab-wide views (readiness of every unit, the idea board with possibly thousands of ideas)
        follow what was stored; they are reloaded when shown, not on every autosave."""
        self._stale_views = {self.readiness_page, self.idea_board}
        self._on_tab(self.tabs.currentIndex())

    def _on_tab(self, _index: int) -> None:
        page = self.tabs.currentWidget()
        if self.lab is None or page not in self._stale_views:
            return
        self._stale_views.discard(page)
        self.stage_page.save_now()
        if page is self.idea_board:
            self.idea_board.show_lab(self.db, self.lab.id)
        else:
            self.readiness_page.show_lab(self.lab.id)

    def open_worksheet(self, unit_id: uuid.UUID, code: str, idea_id: uuid.UUID | None = None) -> None:
        """Go to one worksheet of one unit (and idea): from the idea board, the readiness comparison …"""
        template = self.stage_page.registry.get(code)
        self.stage_page.save_now()
        if idea_id is not None:
            self.stage_page.idea_id = idea_id
        self.stage = template.stage
        self.select_unit(unit_id)
        self.show_stage(template.stage)
        self.stage_page.select_worksheet(code)
        self.tabs.setCurrentIndex(0)

    def _on_matrix_double_click(self, index: QModelIndex) -> None:
        unit = self.matrix_model.unit(index.row())
        stage = self.matrix_model.stage(index.column())
        self.stage = stage
        self.select_unit(unit.id)
        self.show_stage(stage)

    # --- labs ---
    def new_lab(self) -> None:
        dlg = LabDialog(None, self)
        if dlg.exec():
            v = dlg.values()
            op = CreateLab(v.pop("name"), v)
            self.ops.run(op, self, on_done=lambda _c, _i: self.open_lab(op.id))

    def new_demo_lab(self) -> None:
        made: list[uuid.UUID] = []

        def work() -> tuple[Changes, Op]:
            lab = create_demo_lab(self.db)
            made.append(lab.id)
            return Changes(labs=frozenset({lab.id})), Sequence(())

        self.statusBar().showMessage(_("Membuat lab demo…"))
        self.ops.submit(work, self, on_done=lambda _c, _i: self.open_lab(made[0]))

    def choose_lab(self) -> None:
        labs = svc.list_labs(self.db)
        if not labs:
            self.new_lab()
            return
        names = [lab.name for lab in labs]
        current = names.index(self.lab.name) if self.lab and self.lab.name in names else 0
        name, ok = QInputDialog.getItem(self, _("Buka lab"), _("Pilih lab:"), names, current, False)
        if ok:
            self.open_lab(labs[names.index(name)].id)

    # --- lab files ---
    def _ask_lab_file(self) -> Path | None:
        """Ask for a lab file anywhere (a USB stick …)."""
        start = str(self.db.file.parent) if self.db.file is not None else str(Path.home())
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Buka berkas lab"),
            start,
            _("Berkas lab Lab Inovasi ({patterns});;Semua berkas (*)").format(patterns=LAB_FILE_PATTERNS),
        )
        return Path(path) if path else None

    def open_file(self) -> MainWindow | None:
        """Berkas → Buka berkas lab…: the window on that file (see :meth:`open_database_url`)."""
        path = self._ask_lab_file()
        return None if path is None else self.open_database_url(sqlite_url(path))

    def open_recent(self, entry: RecentLab) -> MainWindow | None:
        """A lab from Buka lab terakhir or the welcome page."""
        if entry.missing:
            self._error(_("Berkas lab tidak ditemukan: {path}").format(path=entry.path))
            self._fill_recent_menu()
            return None
        return self.open_database_url(entry.db_url, entry.lab_id)

    def _is_open(self, db_url: str) -> bool:
        file = self.db.file
        if file is None:
            return db_url == self.db_url
        try:
            return Path(database_file(db_url)).resolve() == file.resolve()
        except BackupError:
            return False

    def open_database_url(self, db_url: str, lab_id: str | None = None) -> MainWindow | None:
        """Open another lab database with the same checks and sentences as at start-up (a file held by
        another window is refused by its claim), then its lab: ``lab_id``, else the one lab in it, else
        the one chosen from its list. The file of this window: only the lab changes.

        Another file gets a new window in this one's place, built on the new database, and this window
        closes (its edits stored, its database closed, its claim let go). A window is built around one
        database — every page, the writer, the backups hold it — so a fresh window leaves no view on the
        old file; the old one is let go only once the new one is open, so a refused file changes nothing.
        Returns the window that shows the lab (None when nothing was opened)."""
        if self._is_open(db_url):
            labs = {str(lab.id) for lab in svc.list_labs(self.db)}
            if lab_id in labs:
                self.open_lab(lab_id)
            else:
                self.choose_lab()
            return self
        args = argparse.Namespace(db_url=db_url, create_in_empty=False)
        while True:
            try:
                db, lock = open_locked(db_url, create_in_empty=args.create_in_empty)
                break
            except DatabaseOpenError as exc:
                if ask_to_recover(exc, args):
                    continue
                self._error(str(exc))
                return None
        try:
            labs = svc.list_labs(db)
            ids = [str(lab.id) for lab in labs]
            chosen: str | None
            if lab_id in ids:
                chosen = lab_id
            elif len(labs) > 1:
                remembered = self.settings.lab_for(db_url)
                chosen = self._pick_lab(labs, ids.index(remembered) if remembered in ids else 0)
                if chosen is None:
                    raise _Cancelled
            else:
                chosen = ids[0] if ids else None
            window = self._successor(db, db_url, uuid.UUID(chosen) if chosen else None)
        except BaseException as exc:
            db.close()
            if lock is not None:
                lock.unlock()
            if isinstance(exc, _Cancelled):
                return None
            raise
        window.database_lock = lock
        self._hand_over_to(window)
        return window

    def _pick_lab(self, labs: list[LabInfo], current: int) -> str | None:
        """The lab list of a file that holds several (tests replace this)."""
        names = [lab.name for lab in labs]
        name, ok = QInputDialog.getItem(self, _("Buka lab"), _("Pilih lab:"), names, current, False)
        return str(labs[names.index(name)].id) if ok else None

    def _successor(self, db: Database, db_url: str, lab_id: uuid.UUID | None) -> MainWindow:
        return MainWindow(
            db, db_url, self.settings, lab_id, tasks=TaskRunner(synchronous=self.tasks.synchronous)
        )

    def _hand_over_to(self, window: MainWindow) -> None:
        """Put ``window`` where this one is, then close this one and its database."""
        window.restoreGeometry(self.saveGeometry())
        if self.isVisible():
            if self.isMaximized():
                window.showMaximized()
            else:
                window.show()
        self.successor = window
        self.close()  # stores what is typed, lets the file's claim go
        self.tasks.wait()  # a backup in progress finishes first
        self.db.close()
        self.deleteLater()

    def _fill_recent_menu(self) -> None:
        """Berkas → Buka lab terakhir: the labs opened lately (a file that is gone is shown greyed)."""
        menu = self.menu_recent
        menu.clear()
        entries = self.settings.recent()
        for n, entry in enumerate(entries, start=1):
            label = f"{entry.lab_name} — {Path(entry.path).name if entry.path else entry.db_url}"
            if entry.missing:
                label += " " + _("(berkas tidak ditemukan)")
            action = menu.addAction(f"&{n} " + label.replace("&", "&&"))  # "&" in a name is no accelerator
            action.setEnabled(not entry.missing)
            action.setToolTip(recent_description(entry))
            action.setStatusTip(recent_description(entry))
            action.triggered.connect(lambda _c=False, e=entry: self.open_recent(e))
        if not entries:
            empty = menu.addAction(_("(belum ada)"))
            empty.setEnabled(False)
        menu.addSeparator()
        clear = menu.addAction(_("&Kosongkan daftar"))
        clear.setEnabled(bool(entries))
        clear.triggered.connect(self.clear_recent)

    def clear_recent(self) -> None:
        self.settings.forget_recent()
        self._save_settings()
        self._fill_recent_menu()
        if self.lab is None:
            self._fill_welcome_recent()

    # --- search everywhere ---
    def show_search(self) -> SearchDialog | None:
        """Ctrl+K: one box that finds units, people, ideas and worksheet text of the lab."""
        from ui.search_dialog import SearchDialog  # noqa: PLC0415 - built on first use

        if self.lab is None:
            return None
        self.stage_page.save_now()
        if self.search_dialog is None or not shiboken6.isValid(self.search_dialog):
            self.search_dialog = SearchDialog(self.db, self.ops, self.open_search_hit, self)
        self.search_dialog.show_for(self.lab.id)
        return self.search_dialog

    def open_search_hit(self, hit: SearchHit) -> None:
        """Go to what the search found: the unit, the person in Tim dan peserta, the idea card, or the
        worksheet in its stage page."""
        if hit.kind == "idea" and hit.unit_id is not None:
            self.open_worksheet(hit.unit_id, codes.IDEA_CARD, hit.idea_id)
        elif hit.kind == "worksheet" and hit.code is not None:
            if hit.unit_id is not None:
                self.open_worksheet(hit.unit_id, hit.code, hit.idea_id)
            else:  # a worksheet of the whole lab
                self.show_stage(self.stage_page.registry.get(hit.code).stage)
                self.stage_page.select_worksheet(hit.code)
        elif hit.kind == "person":
            if hit.unit_id is not None:
                self.select_unit(hit.unit_id)
            self.tabs.setCurrentIndex(1)
            for row in range(self.people_model.rowCount()):
                if self.people_model.person(row).id == hit.id:
                    self.people_view.selectRow(row)
                    self.people_view.setFocus()
                    break
        elif hit.kind == "unit":
            self.select_unit(hit.id)
            self.tabs.setCurrentIndex(0)
            self.unit_view.setFocus()

    def edit_lab(self) -> None:
        if self.lab is None:
            return
        dlg = LabDialog(self.lab, self)
        if dlg.exec():
            self.undo.do(UpdateLab(self.lab.id, dlg.values()), _("ubah profil lab"), self)

    # --- units ---
    def add_unit(self) -> None:
        if self.lab is None:
            return
        dlg = UnitDialog(None, self)
        if dlg.exec():
            v = dlg.values()
            op = AddUnit(self.lab.id, v.pop("name"), UnitType(v.pop("unit_type")), v)

            def done(_c: Changes, _i: Op) -> None:
                self.select_unit(op.id)
                self.statusBar().showMessage(_("Unit ditambahkan: {unit}").format(unit=op.name), 4000)

            self.undo.do(op, op.label, self, on_done=done)

    def edit_unit(self) -> None:
        if self.unit is None:
            return
        dlg = UnitDialog(self.unit, self)
        if dlg.exec():
            op = UpdateUnit(self.unit.id, dlg.values(), self.unit.name)
            self.undo.do(op, op.label, self)

    def remove_unit(self) -> None:
        if self.unit is None:
            return
        text = _(
            "Hapus unit \u201c{unit}\u201d beserta peserta, ide, dan semua lembar kerjanya? "
            "Penghapusan dapat diurungkan dengan Sunting \u2192 Urungkan (Ctrl+Z)."
        ).format(unit=self.unit.name)
        if not self._confirm(_("Hapus unit"), text):
            return
        self.stage_page.save_now()
        op = RemoveUnit(self.unit.id, self.unit.name)
        self.undo.do(op, op.label, self)

    def new_idea(self) -> None:
        if self.unit is None:
            return
        if self.stage is not Stage.DIAGNOSE:
            self.show_stage(Stage.DIAGNOSE)
        self.stage_page.select_worksheet(codes.IDEA_CARD)
        self.stage_page.new_idea()

    def remove_idea(self) -> None:
        idea_id = self.stage_page.idea_id
        if idea_id is None:
            return
        idea = svc.get_idea(self.db, idea_id)
        text = _("Hapus ide \u201c{idea}\u201d beserta semua lembar kerjanya?").format(
            idea=idea.title or _("(ide tanpa judul)")
        )
        if not self._confirm(_("Hapus ide"), text):
            return
        self.stage_page.discard_pending()
        op = RemoveIdea(idea_id, idea.title)
        self.undo.do(op, op.label, self)

    # --- people ---
    def _selected_person_id(self) -> uuid.UUID | None:
        idx = self.people_view.currentIndex()
        return self.people_model.data(idx, ID_ROLE) if idx.isValid() else None

    def add_person(self) -> None:
        if self.unit is None or self.lab is None:
            return
        dlg = PersonDialog(None, self)
        if dlg.exec():
            v = dlg.values()
            op = AddPerson(self.lab.id, v.pop("name"), self.unit.id, PersonRole(v.pop("role")), v)
            self.undo.do(op, op.label, self, on_done=lambda _c, _i: self.tabs.setCurrentIndex(1))

    def edit_person(self) -> None:
        pid = self._selected_person_id()
        if pid is None:
            return
        person = self.people_model.person(self.people_view.currentIndex().row())
        dlg = PersonDialog(person, self)
        if dlg.exec():
            op = UpdatePerson(pid, dlg.values(), person.name)
            self.undo.do(op, op.label, self)

    def remove_person(self) -> None:
        pid = self._selected_person_id()
        if pid is None:
            return
        person = self.people_model.person(self.people_view.currentIndex().row())
        if self._confirm(
            _("Hapus peserta"), _("Hapus \u201c{name}\u201d dari tim unit ini?").format(name=person.name)
        ):
            op = RemovePerson(pid, person.name)
            self.undo.do(op, op.label, self)

    # --- export ---
    def _set_paper(self, code: str) -> None:
        self.settings.paper = code
        self.sessions_page.paper = code
        self._save_settings()

    def _save_settings(self) -> None:
        try:
            save_settings(self.settings)
        except OSError:
            pass  # settings are a convenience; the lab's data is in the database

    def _ask_save_path(self, title: str, suggested: str) -> Path | None:
        """Ask where to save a PDF (tests replace this)."""
        start = str(Path.home() / suggested)
        path, _filter = QFileDialog.getSaveFileName(self, title, start, _("Dokumen PDF (*.pdf)"))
        if not path:
            return None
        p = Path(path)
        return p if p.suffix.lower() == ".pdf" else p.with_suffix(".pdf")

    def _ask_xlsx_path(self, title: str, suggested: str) -> Path | None:
        """Ask where to save a workbook (tests replace this)."""
        return ask_xlsx_save_path(self, title, suggested)

    def _ask_folder(self, title: str) -> Path | None:
        path = QFileDialog.getExistingDirectory(self, title, str(Path.home()))
        return Path(path) if path else None

    def _offer_open(self, path: Path) -> None:
        """Tell where the PDF went and offer to open it (tests replace this)."""
        box = QMessageBox(
            QMessageBox.Icon.Information,
            _("PDF tersimpan"),
            _("PDF tersimpan di:\n{path}\n\nBuka sekarang?").format(path=path),
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close,
            self,
        )
        box.button(QMessageBox.StandardButton.Open).setText(_("Buka"))
        box.button(QMessageBox.StandardButton.Close).setText(_("Tutup"))
        if box.exec() == QMessageBox.StandardButton.Open:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _confirm(self, title: str, text: str) -> bool:
        return confirm(self, title, text)

    def _error(self, text: str) -> None:
        QMessageBox.warning(self, _("Lab Inovasi"), text)

    def _write_pdf(self, path: Path, pdf: bytes) -> bool:
        try:
            write_atomically(path, pdf)
        except OSError as exc:
            self._error(_("Tidak dapat menulis {path}: {err}").format(path=path, err=exc.strerror or exc))
            return False
        return True

    @reports_failures(lambda: _("Impor gagal."))
    def import_file(self, kind: str) -> ImportDialog | None:
        """Units or participants from a spreadsheet, through the preview and mapping dialog."""
        if self.lab is None:
            return None
        dialog = self._import_dialog(kind)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.import_result is not None:
            self._reload_units(self.unit.id if self.unit else None)
            self._reload_people()
            self.statusBar().showMessage(dialog.import_result.summary(), 10000)
        return dialog

    def _import_dialog(self, kind: str) -> ImportDialog:
        assert self.lab is not None
        return ImportDialog(self.db, self.lab.id, kind, self, tasks=self.tasks, undo=self.undo)

    @reports_failures(lambda: _("Ekspor gagal."))
    def export_units_xlsx(self) -> Path | None:
        if self.lab is None:
            return None
        suggested = (
            plan_filename(0, f"Unit dan peserta {self.lab.name}").removeprefix("000_").removesuffix(".pdf")
        )
        path = self._ask_xlsx_path(_("Ekspor unit dan peserta ke Excel"), suggested + ".xlsx")
        if path is None:
            return None
        try:
            export_units_people_xlsx(self.db, self.lab.id, path)
        except OSError as exc:
            self._error(_("Tidak dapat menulis {path}: {err}").format(path=path, err=exc.strerror or exc))
            return None
        self._offer_open(path)
        return path

    @reports_failures(lambda: _("Ekspor gagal."))
    def _export_lab_pdf(self, title: str, suggested: str, render) -> Path | None:  # noqa: ANN001
        """Ask where, render ``render(db, lab_id, paper)`` and offer to open it."""
        if self.lab is None:
            return None
        self.stage_page.save_now()
        path = self._ask_save_path(title, suggested)
        if path is None:
            return None
        self.setCursor(Qt.CursorShape.WaitCursor)
        try:
            pdf = render(self.db, self.lab.id, self.settings.paper)
        except (ValueError, LookupError) as exc:
            self._error(str(exc))
            return None
        finally:
            self.unsetCursor()
        if self._write_pdf(path, pdf):
            self._offer_open(path)
            return path
        return None

    def edit_lab_settings(self) -> None:
        if self.lab is None:
            return
        self.stage_page.save_now()
        if self._lab_settings_dialog().exec():
            self.lab = svc.get_lab(self.db, self.lab.id)
            self._show_unit()  # forms and tables pick up the new APKL/USG columns and items
            self._refresh_lab_views()

    def _lab_settings_dialog(self) -> LabSettingsDialog:
        assert self.lab is not None
        return LabSettingsDialog(self.db, self.lab.id, self, undo=self.undo)

    def export_commitment(self) -> Path | None:
        if self.lab is None or self.unit is None:
            return None
        unit_id = self.unit.id
        return self._export_lab_pdf(
            _("Simpan pernyataan komitmen"),
            commitment_filename(self.unit.name),
            lambda db, lab_id, paper: render_commitments(db, lab_id, [unit_id], paper),
        )

    def export_all_commitments(self) -> None:
        if self.lab is None:
            return
        self.stage_page.save_now()
        path = self._ask_save_path(_("Simpan pernyataan komitmen semua unit"), commitment_filename(None))
        if path is None:
            return
        lab_id, paper, db = self.lab.id, self.settings.paper, self.db

        def job(progress, cancelled):  # noqa: ANN001, ANN202
            return export_commitments(db, lab_id, path, None, paper, progress, cancelled)

        self._run_batch(_("Ekspor pernyataan komitmen"), job, self._one_file_written)

    def export_berita_acara(self) -> Path | None:
        return self._export_lab_pdf(
            _("Simpan berita acara peluncuran inovasi"),
            "Berita_Acara_Peluncuran_Inovasi.pdf",
            lambda db, lab_id, paper: render_berita_acara(db, lab_id, paper),
        )

    def export_posters(self, choice: int | None = None) -> Path | None:
        """Posters: of every launched innovation, of the innovation on screen, or a blank one; A3 or A4."""
        if self.lab is None:
            return None
        idea_id = self.stage_page.idea_id if self.unit is not None else None
        choices = [
            (_("Semua inovasi yang diluncurkan, A3"), "all", "a3"),
            (_("Semua inovasi yang diluncurkan, A4"), "all", "a4"),
        ]
        if idea_id is not None:
            choices += [
                (_("Inovasi yang sedang dibuka, A3"), "one", "a3"),
                (_("Inovasi yang sedang dibuka, A4"), "one", "a4"),
            ]
        choices += [(_("Poster kosong untuk diisi tangan, A3"), "blank", "a3")]
        if choice is None:
            name, ok = QInputDialog.getItem(
                self, _("Poster inovasi"), _("Cetak poster:"), [c[0] for c in choices], 0, False
            )
            if not ok:
                return None
            choice = [c[0] for c in choices].index(name)
        _label, what, paper = choices[choice]
        ideas = [idea_id] if what == "one" and idea_id is not None else None
        title = (
            self.stage_page.idea_title() if what == "one" and hasattr(self.stage_page, "idea_title") else None
        )
        return self._export_lab_pdf(
            _("Simpan poster inovasi"),
            poster_filename(title if what == "one" else None, paper),
            lambda db, lab_id, _paper: render_posters(
                poster_pack(db, lab_id, None, ideas), paper, what == "blank"
            ),
        )

    def export_direktori(self) -> None:
        """The Direktori Inovasi of the lab, laid out off the window's thread with a progress dialog."""
        if self.lab is None:
            return
        self.stage_page.save_now()
        path = self._ask_save_path(_("Simpan Direktori Inovasi"), direktori_filename(self.lab.name))
        if path is None:
            return
        lab_id, paper, db = self.lab.id, self.settings.paper, self.db

        def job(progress, cancelled):  # noqa: ANN001, ANN202
            return export_direktori(db, lab_id, path, paper, progress, cancelled)

        self._run_batch(_("Direktori Inovasi"), job, self._one_file_written)

    def export_launch_commitments(self) -> Path | None:
        return self._export_lab_pdf(
            _("Simpan pernyataan komitmen unit yang diluncurkan"),
            "Pernyataan_Komitmen_saat_launching.pdf",
            lambda db, lab_id, paper: render_launch_commitments(db, lab_id, paper),
        )

    def export_monev_schedule(self, by: str = "desk") -> Path | None:
        """The Jadwal Meja Monev (LK-4d) with the kop, per desk or per unit."""
        from labinovasi.services.monev_schedule import schedule_filename  # noqa: PLC0415

        return self._export_lab_pdf(
            _("Simpan jadwal meja monev"),
            schedule_filename(by),
            lambda db, lab_id, paper: render_monev_schedule(db, lab_id, paper, by),
        )

    def export_monev_report(self, period: str | None = None) -> Path | None:
        """The unit's progress report (LK-4b) for one monev period, chosen from the periods its ideas have
        (the latest first)."""
        from labinovasi.services.monev import period_names, report_filename  # noqa: PLC0415

        if self.lab is None or self.unit is None:
            return None
        self.stage_page.save_now()
        self.ops.flush()
        unit = self.unit
        names = period_names(self.db, self.lab.id, unit.id)
        if not names:
            self._error(
                _(
                    "{unit} belum punya laporan kemajuan (LK-4b): tambahkan periode monev di tahap Deliver."
                ).format(unit=unit.name)
            )
            return None
        if period is None:
            latest = names[::-1]
            name, ok = QInputDialog.getItem(
                self, _("Laporan kemajuan unit"), _("Periode monev:"), latest, 0, False
            )
            if not ok:
                return None
            period = name
        chosen = period
        return self._export_lab_pdf(
            _("Simpan laporan kemajuan unit"),
            report_filename(unit.name, chosen),
            lambda db, lab_id, paper: render_monev_report(db, lab_id, unit.id, chosen, paper),
        )

    def export_rekap_diagnose(self) -> Path | None:
        if self.lab is None:
            return None
        return self._export_lab_pdf(
            _("Simpan rekap hasil Diagnose"),
            rekap_filename(self.lab),
            lambda db, lab_id, paper: render_rekap_diagnose(db, lab_id, paper),
        )

    def export_rekap_lab(self) -> Path | None:
        if self.lab is None:
            return None
        return self._export_lab_pdf(_("Simpan rekap lab"), rekap_lab_filename(self.lab), render_rekap_lab)

    @reports_failures(lambda: _("Pemeriksaan kesiapan gagal dibuka."))
    def show_readiness_check(self) -> QDialog | None:
        """The IID/KIPP readiness self-check of the launched innovations, on screen; its "Simpan PDF…"
        prints the same."""
        from ui.readiness_check_dialog import ReadinessCheckDialog  # noqa: PLC0415

        if self.lab is None:
            return None
        self.stage_page.save_now()
        lab = self.lab
        dialog = ReadinessCheckDialog(
            self.db,
            lab.id,
            self,
            select=self.stage_page.idea_id if self.unit is not None else None,
            on_pdf=lambda: self._export_lab_pdf(
                _("Simpan pemeriksaan kesiapan IID/KIPP"),
                readiness_check_filename(lab),
                render_readiness_check,
            ),
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    @reports_failures(lambda: _("Daftar pameran dan replikasi gagal dibuka."))
    def show_display(self) -> QDialog | None:
        """The exhibitions and replication requests of the lab (the innovation on screen chosen); its
        "Simpan PDF…" prints the Rekap Pameran dan Replikasi Inovasi."""
        from labinovasi.reports.display_pdf import render_display_recap  # noqa: PLC0415
        from labinovasi.services.display import display_filename, display_recap  # noqa: PLC0415
        from ui.display_dialog import DisplayDialog  # noqa: PLC0415

        if self.lab is None:
            return None
        self.stage_page.save_now()
        self.ops.flush()
        lab, page = self.lab, self.stage_page
        on_idea = page.template is not None and page.template.scope.value == "idea" and self.unit is not None
        dialog = DisplayDialog(
            self.db,
            lab.id,
            self,
            select=page.idea_id if on_idea else None,
            on_pdf=lambda: self._export_lab_pdf(
                _("Simpan rekap pameran dan replikasi"),
                display_filename(lab),
                lambda db, lab_id, paper: render_display_recap(display_recap(db, lab_id), paper),
            ),
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def export_lab_readiness(self) -> Path | None:
        return self._export_lab_pdf(
            _("Simpan kesiapan berinovasi semua unit"), "Kesiapan_berinovasi.pdf", render_lab_readiness
        )

    def _warn(self, text: str) -> None:
        QMessageBox.warning(self, _("Perhatian"), text)

    @reports_failures(lambda: _("Ekspor gagal."))
    def export_plan(self) -> Path | None:
        """The unit's plan, printed in a worker process while the window stays responsive. Returns the
        written path when the export finished at once (a synchronous task runner), else ``None``: the
        path then arrives in ``last_export`` and the offer to open it."""
        if self.lab is None or self.unit is None:
            return None
        self.stage_page.save_now()
        path = self._ask_save_path(
            _("Simpan Rencana Proyek Inovasi"), plan_filename(1, self.unit.name).removeprefix("001_")
        )
        if path is None:
            return None
        lab_id, unit_id, paper, db, db_url = (
            self.lab.id,
            self.unit.id,
            self.settings.paper,
            self.db,
            self.db_url,
        )
        self.last_export: Path | None = None

        def job(progress, cancelled):  # noqa: ANN001, ANN202, ARG001 - one unit: nothing to report or cancel
            return batch_export_plan(db, db_url, lab_id, unit_id, path, paper, background=True)

        def on_result(result: BatchResult) -> None:
            if result.warnings:
                self._warn("\n".join(result.warnings))
            if result.failures:
                self._error(result.failures[0].reason)
                return
            self.last_export = path
            self._offer_open(path)

        self._run_batch(_("Ekspor Rencana Proyek Inovasi"), job, on_result, total=1)
        return self.last_export

    def _one_file_written(self, written: Path | None) -> None:
        """After a background export of one file: offer to open it, or say it was cancelled."""
        self.last_batch = [written] if written else []
        if written is None:
            self.statusBar().showMessage(_("Ekspor dibatalkan"), 5000)
            return
        self._offer_open(written)

    def _run_batch(self, title: str, job, on_result, total: int | None = None) -> None:  # noqa: ANN001 - see TaskRunner.start
        """Run ``job(progress, cancelled)`` off the UI thread with a progress dialog that can cancel it."""
        maximum = max(1, total if total is not None else self.units_model.rowCount())
        dialog = QProgressDialog(_("Menyiapkan…"), _("Batal"), 0, maximum, self)
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        # shown now, in answer to the click: Qt's own timer would show it only after 4 s, in the middle of
        # the export, and laying it out then stalls the window once
        dialog.show()

        def on_progress(done: int, total: int, unit: str) -> None:
            dialog.setMaximum(total)
            dialog.setValue(done)
            dialog.setLabelText(_("{done} dari {total}: {unit}").format(done=done, total=total, unit=unit))

        def on_done(result) -> None:  # noqa: ANN001
            dialog.reset()
            dialog.hide()
            dialog.deleteLater()
            on_result(result)

        def on_failed(exc: Exception, _tb: str) -> None:
            dialog.reset()
            dialog.hide()
            dialog.deleteLater()
            self.last_error = report_error(self, exc, _tb, _("Ekspor gagal."), log=False)

        handle = self.tasks.start(job, on_done=on_done, on_failed=on_failed, on_progress=on_progress)
        dialog.canceled.connect(handle.cancel)
        self.batch_handle = handle

    def _report_failures(self, result: BatchResult) -> None:
        """Tell which units were not printed, and why (the others were)."""
        if result.warnings:
            self._warn("\n".join(result.warnings))
        if result.failures:
            lines = [
                _("{n} unit tidak dapat dicetak; unit lainnya tetap tersimpan.").format(
                    n=len(result.failures)
                )
            ]
            lines += [f"• {f.line()}" for f in result.failures]
            self._warn("\n".join(lines))

    def export_all_plans(self) -> None:
        if self.lab is None:
            return
        self.stage_page.save_now()
        folder = self._ask_folder(_("Pilih folder untuk Rencana Proyek Inovasi semua unit"))
        if folder is None:
            return
        lab_id, paper, db, db_url = self.lab.id, self.settings.paper, self.db, self.db_url

        def job(progress, cancelled):  # noqa: ANN001, ANN202
            return batch_export_plans(
                db, db_url, lab_id, folder, paper, progress=progress, cancelled=cancelled, background=True
            )

        def on_result(result: BatchResult) -> None:
            self.last_batch = result.written
            self.last_failures = result.failures
            self._report_failures(result)
            if result.cancelled:
                self.statusBar().showMessage(
                    _("Ekspor dibatalkan; {n} rencana sudah tersimpan di {folder}").format(
                        n=len(result.written), folder=folder
                    ),
                    8000,
                )
                return
            self.statusBar().showMessage(
                _("{n} rencana tersimpan di {folder}").format(n=len(result.written), folder=folder), 8000
            )
            if result.written:
                self._offer_open(folder)

        self._run_batch(_("Ekspor semua rencana"), job, on_result)

    def export_combined_plans(self) -> None:
        if self.lab is None:
            return
        self.stage_page.save_now()
        path = self._ask_save_path(
            _("Simpan Rencana Proyek Inovasi semua unit"), combined_filename(self.lab.name)
        )
        if path is None:
            return
        lab_id, paper, db, db_url = self.lab.id, self.settings.paper, self.db, self.db_url

        def job(progress, cancelled):  # noqa: ANN001, ANN202
            return batch_export_combined(
                db, db_url, lab_id, path, paper, progress=progress, cancelled=cancelled, background=True
            )

        def on_result(result: BatchResult) -> None:
            self.last_batch = result.written
            self.last_failures = result.failures
            if result.cancelled:
                self.statusBar().showMessage(_("Ekspor dibatalkan"), 5000)
                return
            self._report_failures(result)
            if not result.written:
                return
            self.statusBar().showMessage(_("Rencana semua unit tersimpan di {path}").format(path=path), 8000)
            self._offer_open(path)

        self._run_batch(_("Ekspor rencana gabungan"), job, on_result)

    def _worksheet_context(self) -> tuple[str, str, str]:
        lab = self.lab.name if self.lab else ""
        unit = self.unit.name if self.unit else ""
        idea = ""
        if (
            self.stage_page.idea_id
            and self.stage_page.template
            and self.stage_page.template.scope.value == "idea"
        ):
            idea = svc.get_idea(self.db, self.stage_page.idea_id).title
        return lab, unit, idea

    @reports_failures(lambda: _("Ekspor gagal."))
    def export_blank_worksheet(self) -> Path | None:
        template = self.stage_page.template
        if template is None or self.lab is None:
            return None
        lab, unit, idea = self._worksheet_context()
        path = self._ask_save_path(_("Simpan lembar kerja kosong"), f"{template.code}_kosong.pdf")
        if path is None:
            return None
        pdf = render_blank_worksheet(
            template, self.settings.paper, lab, unit, idea, self.stage_page.context()
        )
        if self._write_pdf(path, pdf):
            self._offer_open(path)
            return path
        return None

    @reports_failures(lambda: _("Ekspor gagal."))
    def export_filled_worksheet(self) -> Path | None:
        template = self.stage_page.template
        if template is None or self.lab is None:
            return None
        self.stage_page.save_now()
        lab, unit, idea = self._worksheet_context()
        stored = load_worksheet(
            self.db, template.code, self.lab.id, self.unit.id if self.unit else None, self.stage_page.idea_id
        )
        path = self._ask_save_path(_("Simpan lembar kerja terisi"), f"{template.code}.pdf")
        if path is None:
            return None
        pdf = render_filled_worksheet(
            template, stored.data, self.settings.paper, lab, unit, idea, self.stage_page.context()
        )
        if self._write_pdf(path, pdf):
            self._offer_open(path)
            return path
        return None

    def show_guide(self, anchor: str = "") -> QDialog:
        """The offline guide, with the window's shortcuts at its end (F1; Ctrl+F1 opens at the shortcuts)."""
        from ui.help_dialog import GuideDialog, window_shortcuts  # noqa: PLC0415

        dialog = GuideDialog(window_shortcuts(self.menuBar()), self, anchor)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def about(self) -> None:
        QMessageBox.about(
            self,
            _("Tentang Lab Inovasi"),
            _(
                "Lab Inovasi {v}\n\nAplikasi luring untuk menjalankan Laboratorium Inovasi (5D+1): "
                "Drum-up, Diagnose, Design, Deliver, Display, Documentation."
            ).format(v=__version__),
        )

    # --- backups ---
    def show_backups(self) -> BackupDialog:
        dialog = BackupDialog(self.db, self.backups, self.restore_backup, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def restore_backup(self, path: Path) -> bool:
        """Put a backup in place of the open database (the current state is backed up first), then show
        what it holds: the open lab when it is there, else the welcome page. The undo history goes."""
        from labinovasi.db import backups  # noqa: PLC0415

        file = self.db.file
        if file is None:
            return False
        self.stage_page.save_now()
        self.ops.flush()
        self.tasks.wait()  # a backup in progress finishes first
        self.db.close()  # every pooled connection goes; the engine opens new ones afterwards
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            backups.restore(file.resolve(), path)
        finally:
            QApplication.restoreOverrideCursor()
        self.undo.clear()
        lab_id = self.lab.id if self.lab is not None else None
        labs = {lab.id for lab in svc.list_labs(self.db)}
        if lab_id in labs:
            self.open_lab(lab_id)
        else:
            self._show_welcome()
        self.statusBar().showMessage(_("Dipulihkan dari cadangan {name}").format(name=path.name), 10000)
        return True

    # --- closing ---
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.stage_page.save_now()
        self.ops.flush()
        self._save_settings()
        if self.room is not None:  # the room never outlives the window
            self.room.close()
        if self.projector is not None:  # the hall's screen goes with the window
            self.projector.shut_down()
        if self.database_lock is not None:
            self.database_lock.unlock()  # another window may open the file now
            self.database_lock = None
        super().closeEvent(event)

    def export_worksheet_pack(self) -> Path | None:
        """Every blank worksheet of a stage (or of all stages) for every unit, as one PDF for the print shop."""
        if self.lab is None:
            return None
        stages = [None, *Stage]
        names = [_("Semua tahap"), *(s.label for s in Stage)]
        name, ok = QInputDialog.getItem(
            self,
            _("Paket lembar kerja kosong"),
            _("Lembar kerja tahap:"),
            names,
            stages.index(self.stage) if self.stage in stages else 0,
            False,
        )
        chosen = [stages[names.index(name)]] if ok and name != names[0] else None
        path = (
            self._ask_save_path(_("Simpan paket lembar kerja"), pack_filename(self.lab.name, chosen))
            if ok
            else None
        )
        if path is None:
            return None
        lab_id, paper, db = self.lab.id, self.settings.paper, self.db

        def job(progress, cancelled):  # noqa: ANN001, ANN202
            pdf = render_worksheet_pack(db, lab_id, None, chosen, paper, progress, cancelled)
            if pdf is not None:
                write_atomically(path, pdf)
            return None if pdf is None else path

        self._run_batch(_("Paket lembar kerja kosong"), job, self._one_file_written)
        return path

    def export_iid_profile(self) -> Path | None:
        """Profil Inovasi for the IID portal: one row per launched innovation, as .xlsx or .csv (the name
        chosen says which), gathered and written off the UI thread."""
        from labinovasi.services.iid_export import cut_message, export_iid  # noqa: PLC0415

        if self.lab is None:
            return None
        suggested = plan_filename(0, f"Profil Inovasi IID {self.lab.name}").removeprefix("000_")
        path = ask_xlsx_save_path(
            self, _("Simpan Profil Inovasi untuk IID"), suggested.removesuffix(".pdf") + ".xlsx", csv=True
        )
        if path is None:
            return None
        lab_id, db = self.lab.id, self.db

        def job(progress, cancelled):  # noqa: ANN001, ANN202
            progress(0, 1, _("Profil Inovasi untuk IID"))
            return export_iid(db, lab_id, path)

        def on_result(table) -> None:  # noqa: ANN001 - an IidTable
            self.last_batch = [path]
            notes = (
                [_("Belum ada inovasi yang diluncurkan: berkas hanya berisi judul kolom.")]
                if not table.rows
                else []
            )
            if cut_message(table):
                notes.append(cut_message(table))
            if notes:
                self._warn("\n\n".join(notes))
            self._offer_open(path)

        self._run_batch(_("Profil Inovasi untuk IID"), job, on_result, total=1)
        return path

    # --- the theme ---
    def set_large_theme(self, large: bool) -> None:
        """Tampilan → Tampilan besar: switch the whole window's theme now and remember it."""
        self.settings.theme = theme.LARGE if large else theme.NORMAL
        theme.apply(QApplication.instance(), self.settings.theme)
        self.act_large_theme.setChecked(large)
        self._save_settings()

    # --- the room: the projector and its countdown ---
    def show_projector(self, on: bool = True) -> ProjectorWindow | None:
        """Ruang → Tampilan proyektor (F5): open the projector window (full screen on a second screen when
        there is one) or close it. Closed, it keeps its countdown running; it is made on first use."""
        if not on:
            if self.projector is not None:
                self.projector.close()
            self.act_projector.setChecked(False)
            return self.projector
        if self.projector is None:
            projector = self.projector = ProjectorWindow()
            projector.closed.connect(lambda: self.act_projector.setChecked(False))
            projector.countdownChanged.connect(self._update_room_actions)
            # the room's keys work while the projector window has the focus too
            projector.addActions([self.act_projector, self.act_timer_toggle, self.act_timer_add])
            self._update_projector()
        if not self.projector.isVisible():
            self.projector.show_on_projector(avoid=self)
        self.act_projector.setChecked(True)
        self._update_room_actions()
        return self.projector

    # --- the room: participants on their phones ---
    def show_room(self) -> RoomDialog | None:
        """Ruang → Buka ruang peserta: the room's window (address, QR, codes, phones, locks, the vote)."""
        if self.lab is None:
            QMessageBox.information(self, _("Ruang peserta"), _("Buka sebuah lab dulu."))
            return None
        from ui.room import RoomController  # noqa: PLC0415 - the web server loads only when used
        from ui.room_dialog import RoomDialog  # noqa: PLC0415

        if self.room is None:
            self.room = RoomController(self.db, self.ops, self.undo, self)
            self.room.changed.connect(self._room_changed)
        if self.room_dialog is None or self.room_dialog.lab_id != self.lab.id:
            if self.room_dialog is not None:
                self.room_dialog.deleteLater()
            self.room_dialog = RoomDialog(self.room, self.lab.id, self)
            self.room_dialog.joinChanged.connect(self._room_join_changed)
            self.room_dialog.voteResults.connect(self._room_vote_results)
        self.room_dialog.show()
        self.room_dialog.raise_()
        self.room_dialog.activateWindow()
        return self.room_dialog

    def close_room(self) -> None:
        if self.room is not None:
            self.room.close()
        if self.room_dialog is not None:
            self.room_dialog.refresh()

    def _room_changed(self) -> None:
        state = self.room.state if self.room is not None else None
        if self.room is None:
            return
        if self.projector is not None:
            if state is None:
                self.projector.set_counts(None)
            else:
                self.projector.set_counts(len(state.connected()), len(state.canvases))
        self.act_room_close.setEnabled(state is not None)
        self.statusBar().showMessage(
            _("Ruang peserta terbuka di {url}").format(url=self.room.server.url)
            if self.room is not None and self.room.server is not None
            else _("Ruang peserta tertutup"),
            5000,
        )

    def _room_join_changed(self, url: str | None) -> None:
        # with a projector attached (a second screen) the hall sees the join address at once; on the
        # laptop alone the projector view waits for F5, so it does not cover the facilitator's window
        if url is not None and self.projector is None and len(QGuiApplication.screens()) > 1:
            self.show_projector(True)
        if self.projector is not None:
            self.projector.set_join(url)
            self._room_changed()

    def _room_vote_results(self, title: str, rows: list[tuple[str, int]]) -> None:
        self.show_projector(True)
        if self.projector is not None:
            self.projector.show_vote_results(title, rows)

    def _update_projector(self) -> None:
        """The projector follows the window: the open lab, the stage it is in, the agenda."""
        if self.projector is None:
            return
        if self.lab is None:
            self.projector.show_lab(None)
            return
        today = dt.date.today()
        agenda = room_agenda(self.db, self.lab.id, self.lab.current_stage, today)
        self.projector.show_lab(self.lab.name, self.lab.current_stage, agenda, today)
        server = self.room.server if self.room is not None else None
        self.projector.set_join(server.url if server is not None else None)
        self._room_changed()

    def start_timer(self, seconds: float) -> None:
        """A preset of Pengatur waktu: count down on the projector (opened when it is closed)."""
        projector = self.show_projector(True)
        assert projector is not None
        projector.start_countdown(seconds)
        self.statusBar().showMessage(_("Pengatur waktu: {n} menit").format(n=round(seconds / 60)), 4000)

    def _ask_minutes(self) -> int | None:
        """Ask for a duration in minutes, 1–180 (tests replace this)."""
        minutes, ok = QInputDialog.getInt(
            self, _("Pengatur waktu"), _("Durasi (menit, 1–180):"), 10, 1, 180, 1
        )
        return minutes if ok else None

    def start_timer_other(self) -> None:
        minutes = self._ask_minutes()
        if minutes is not None:
            self.start_timer(max(1, min(180, minutes)) * 60)

    def toggle_timer(self) -> None:
        if self.projector is not None and self.projector.countdown.started:
            self.projector.toggle_countdown()

    def add_timer_minute(self) -> None:
        if self.projector is not None and self.projector.countdown.started:
            self.projector.add_minute()

    def reset_timer(self) -> None:
        if self.projector is not None and self.projector.countdown.started:
            self.projector.reset_countdown()

    def _update_room_actions(self) -> None:
        started = self.projector is not None and self.projector.countdown.started
        for a in (self.act_timer_toggle, self.act_timer_add, self.act_timer_reset):
            a.setEnabled(started)
        self.act_room_close.setEnabled(self.room is not None and self.room.is_open)
