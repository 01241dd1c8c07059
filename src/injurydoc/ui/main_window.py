"""The main window: sign-in, start page, examination editor, unit-manager page; auto-lock."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QStackedWidget, QWidget

from injurydoc.ui import errors
from injurydoc.ui.ops import Ops
from injurydoc.ui.signin import SignInPage
from injurydoc.ui.unit_cases import UnitCases

if TYPE_CHECKING:
    from injurydoc.services.session import Session
    from injurydoc.ui.exam_editor import ExamEditor
    from injurydoc.ui.manager_page import ManagerPage
    from injurydoc.ui.start_page import StartPage
    from injurydoc.ui.sync_status import RunnerLike, SyncStatusLine

DEFAULT_LOCK_MINUTES = 10


class _ActivityFilter(QObject):
    """Restarts the idle timer on any keyboard or mouse input anywhere in the program."""

    EVENTS = (
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    )

    def __init__(self, timer: QTimer) -> None:
        super().__init__()
        self.timer = timer

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in self.EVENTS and self.timer.isActive():
            self.timer.start()
        return False


def _warm_up_export() -> None:
    import importlib

    for name in (
        "lxml.etree",
        "svglib.svglib",
        "injurydoc.export.identity",
        "injurydoc.services.export",
        "injurydoc.export.report",
        "injurydoc.export.package",
        "injurydoc.export.verify",
    ):
        try:
            importlib.import_module(name)
        except ImportError:  # the export will say what is missing when it is used
            return


def _closer(runner: RunnerLike | None, session: Session) -> Callable[[], None]:
    """Stop the background sync (it uses the store), then close the session: on the store's thread."""

    def close() -> None:
        if runner is not None:
            runner.stop()
        session.close()

    return close


class MainWindow(QMainWindow):
    def __init__(
        self, store_folder: Path, parent: QWidget | None = None, *, lock_ms: int | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Injury documentation"))
        self.resize(1200, 780)
        self.ops = Ops(self)
        self.session: Session | None = None
        self.stack = QStackedWidget()
        # Only the sign-in page is built at start: the other pages (and their imports) come on first use,
        # so the window appears fast (benchmarks/bench_gui.py).
        self.signin = SignInPage(self.ops, store_folder)
        self._pages: dict[str, Any] = {}
        self.stack.addWidget(self.signin)
        self.setCentralWidget(self.stack)
        self.signin.signed_in.connect(self._signed_in)
        self.signin.demo_requested.connect(self._create_demo)
        self.signin.setup_requested.connect(lambda folder: self.open_setup(Path(folder)))

        minutes = QSettings().value("lock/minutes", DEFAULT_LOCK_MINUTES)
        self.lock_timer = QTimer(self)
        self.lock_timer.setSingleShot(True)
        self.lock_timer.setInterval(lock_ms if lock_ms is not None else int(float(str(minutes)) * 60_000))
        self.lock_timer.timeout.connect(self.lock)
        # Installed at sign-in, removed at sign-out: a Python event filter sees every event of every
        # widget, and before sign-in there is nothing to lock (it cost ≈45 ms of the first paint).
        self._activity = _ActivityFilter(self.lock_timer)
        # Unit mode: the background sync and its quiet status line (built at the first unit sign-in).
        self.sync_runner: RunnerLike | None = None
        self.sync_status: SyncStatusLine | None = None
        self.unit_cases = UnitCases(self.ops, lambda: self.session, self)
        self.unit_cases.open_requested.connect(self._open_in_editor)
        self.unit_cases.addendum_requested.connect(self._start_addendum)

    # ----- pages, built on first use ----------------------------------------------------------------
    @property
    def start(self) -> StartPage:
        if "start" not in self._pages:
            from injurydoc.ui.start_page import StartPage

            page = StartPage(self.ops)
            page.sign_out_requested.connect(self.confirm_sign_out)
            page.open_requested.connect(self.open_exam)
            page.new_requested.connect(self._new_exam)
            page.follow_up_requested.connect(self._follow_up)
            page.manager_requested.connect(self._show_manager)
            self._add("start", page)
        return self._pages["start"]  # type: ignore[no-any-return]

    @property
    def editor(self) -> ExamEditor:
        if "editor" not in self._pages:
            from injurydoc.ui.exam_editor import ExamEditor

            page = ExamEditor(self.ops)
            page.closed.connect(self._back_to_start)
            page.set_aside_requested.connect(self.unit_cases.open_set_aside)
            self._add("editor", page)
        return self._pages["editor"]  # type: ignore[no-any-return]

    @property
    def manager(self) -> ManagerPage:
        if "manager" not in self._pages:
            from injurydoc.ui.manager_page import ManagerPage

            page = ManagerPage(self.ops)
            page.back_requested.connect(self._back_to_start)
            page.sign_out_requested.connect(self.confirm_sign_out)
            self._add("manager", page)
        return self._pages["manager"]  # type: ignore[no-any-return]

    def _add(self, name: str, page: QWidget) -> None:
        self._pages[name] = page
        self.stack.addWidget(page)

    # ----- session ------------------------------------------------------------------------------
    def _signed_in(self, session: Session) -> None:
        import gc

        self.session = session
        QSettings().setValue("store/last_folder", str(session.vault.folder))  # not patient data
        self.start.open_session(session)
        self.stack.setCurrentWidget(self.start)
        self.lock_timer.start()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self._activity)
        gc.freeze()  # the program's long-lived objects: spare them from full collections later
        # After the start page's first query, on the store thread: load the export code (pyHanko,
        # reportlab, svglib with lxml, the verifier).  Loading C extensions holds the GIL for up to
        # ≈80 ms at a time; here that passes while the start page appears, not as stalls in the
        # middle of the first export (benchmarks/bench_gui.py).
        self.ops.run(_warm_up_export, lambda _r: None, lambda _e: None)
        self._start_sync(session)

    # ----- unit mode: background sync ---------------------------------------------------------------
    def _start_sync(self, session: Session) -> None:
        from injurydoc.services.unit_desktop import sync_runner_for

        runner = sync_runner_for(session)  # None for a standalone or a training store
        if runner is None:
            return
        if self.sync_status is None:
            from injurydoc.ui.sync_status import SyncStatusLine

            self.sync_status = SyncStatusLine()
            self.sync_status.set_aside_requested.connect(self.unit_cases.open_pending_set_aside)
            self.statusBar().addPermanentWidget(self.sync_status, 1)
        self.sync_runner = runner
        self.sync_status.attach(runner)
        from injurydoc.services import unit_keys
        from injurydoc.services.unit_keys import own_fingerprint

        self.sync_status.set_own_key(own_fingerprint(session))
        self.sync_status.set_unit_key(
            lambda: unit_keys.unconfirmed(session), lambda typed: unit_keys.confirm(session, typed)
        )
        self.statusBar().show()
        runner.start()

    def _stop_sync(self) -> RunnerLike | None:
        """Detach the status line; the caller stops the returned runner off the GUI thread."""
        runner, self.sync_runner = self.sync_runner, None
        if self.sync_status is not None:
            self.sync_status.detach()
            self.statusBar().hide()
        return runner

    def _unsent_text(self, status: Any) -> str:
        """What signing out leaves behind, and where it stays ("" when nothing is unsent)."""
        if not status.unsent:
            return ""
        records = status.unsent - status.photos_to_send
        if records > 0 and status.photos_to_send:
            what = self.tr("%1 changes and %2 photos").replace("%1", str(records))
            what = what.replace("%2", str(status.photos_to_send))
        elif status.photos_to_send:
            what = self.tr("%1 photos").replace("%1", str(status.photos_to_send))
        else:
            what = self.tr("%1 changes").replace("%1", str(records))
        return self.tr(
            "%1 have not reached the unit's server yet. They stay safe in the encrypted cache on this "
            "computer and are sent the next time you sign in here."
        ).replace("%1", what)

    def confirm_sign_out(self) -> None:
        """Sign-out asked for by the person: say what is not yet on the server, and where it stays."""
        runner = self.sync_runner
        if runner is not None:
            summary = self._unsent_text(runner.status())
            if summary:
                box = QMessageBox(QMessageBox.Icon.Information, self.tr("Sign out"), summary, parent=self)
                box.setObjectName("unsent_on_sign_out")
                box.addButton(self.tr("Sign out"), QMessageBox.ButtonRole.AcceptRole)
                stay = box.addButton(self.tr("Stay signed in"), QMessageBox.ButtonRole.RejectRole)
                box.setDefaultButton(stay)
                self.unsent_box = box

                def answered(_r: int) -> None:
                    if box.clickedButton() is not stay:
                        self.sign_out()

                box.finished.connect(answered)
                box.open()
                return
        self.sign_out()

    def _hide_patient_data(self) -> None:
        if "editor" in self._pages:
            self.editor.flush()
            self.editor.clear()
        if "start" in self._pages:
            self.start.close_session()
        if "manager" in self._pages:
            self.manager.close_session()

    def sign_out(self, message: str = "") -> None:
        self.lock_timer.stop()
        self._remove_activity_filter()
        self._hide_patient_data()
        session, self.session = self.session, None
        runner = self._stop_sync()
        self.stack.setCurrentWidget(self.signin)
        self.signin.reset()
        self.signin.message.setText(message)
        if session is not None:
            self.ops.run(_closer(runner, session), lambda _r: None, lambda exc: errors.handle(self, exc))

    def lock(self) -> None:
        """Auto-lock after inactivity: save, hide all patient data, drop the key, back to sign-in."""
        if self.session is None:
            return
        self.sign_out(self.tr("Locked after inactivity. Sign in again to continue."))

    # ----- navigation ------------------------------------------------------------------------------
    def _back_to_start(self) -> None:
        self.stack.setCurrentWidget(self.start)
        self.start.refresh()

    def open_exam(self, exam_id: str) -> None:
        session = self.session
        if session is None:
            return
        if self.sync_runner is None:  # standalone: no other workstation can have edited it
            self._open_in_editor(exam_id)
            return
        self.unit_cases.open_exam(exam_id)  # a draft edited elsewhere too, or records set aside here

    def _open_in_editor(self, exam_id: str) -> None:
        if self.session is None:
            return
        self.editor.open(self.session, exam_id)
        self.stack.setCurrentWidget(self.editor)

    # ----- unit mode: the addendum asked for in the set-aside comparison (unit_cases.py) ----------------
    def _start_addendum(self, exam_id: str) -> None:
        """The addendum to the unit's record: the editor on that record, at the addendum box."""
        if self.session is None:
            return
        editor = self.editor
        if editor.exam is None or editor.exam.id != exam_id or self.stack.currentWidget() is not editor:
            self._open_in_editor(exam_id)
        editor.start_addendum()

    def _new_exam(self) -> None:
        if self.session is None:
            return
        from injurydoc.ui.new_exam_dialog import NewExamDialog

        dlg = NewExamDialog(self.ops, self.session, self)

        def opened() -> None:
            if dlg.created is not None:
                self.open_exam(dlg.created.id)

        dlg.accepted.connect(opened)
        self.new_dialog = dlg
        dlg.open()

    def _follow_up(self, exam_id: str) -> None:
        session = self.session
        if session is None:
            return
        from injurydoc.services.examinations import ExaminationService

        def job() -> str:
            svc = ExaminationService(session)
            earlier = svc.get(exam_id)
            return svc.create(earlier.patient_id, follow_up_of=exam_id).id

        self.ops.run(job, self.open_exam)

    def _show_manager(self) -> None:
        if self.session is None:
            return
        self.manager.open_session(self.session)
        self.stack.setCurrentWidget(self.manager)

    def open_setup(self, folder: Path) -> None:
        """First start: the set-up wizard creates the store and its first unit manager."""
        from injurydoc.ui.setup_wizard import SetupWizard

        wizard = SetupWizard(folder, ops=self.ops, parent=self)
        wizard.finished_with_session.connect(self._signed_in)
        wizard.connect_requested.connect(self.open_unit_connect)
        self.setup_wizard = wizard
        wizard.open()

    def open_unit_connect(self, training: bool = False) -> None:
        """Connect this workstation to the unit's server (IT's connection file or the address).
        ``training``: a training store was chosen in the set-up wizard, so a training unit it is (shown
        ticked and fixed in the connect wizard)."""
        from injurydoc.services.unit_desktop import first_sign_in, sync_runner_for
        from injurydoc.ui.unit_connect_wizard import UnitConnectWizard

        wizard = UnitConnectWizard(
            first_sign_in,
            ops=self.ops,
            runner_for=sync_runner_for,
            training=training,
            training_fixed=training,
            parent=self,
        )
        wizard.finished_with_session.connect(self._signed_in)
        self.unit_connect_wizard = wizard
        wizard.open()

    def _create_demo(self, folder: str) -> None:
        from injurydoc.services.demo import create_demo

        target = Path(folder).expanduser()
        self.signin.set_busy(True)

        def done(result: object) -> None:
            self.signin.set_busy(False)
            self.signin.reset()
            lines = "\n".join(f"{a.username}  /  {a.password}" for a in result.accounts)  # type: ignore[attr-defined]
            QMessageBox.information(
                self,
                self.tr("Training store created"),
                self.tr("A training store with synthetic examples was created. Accounts:") + "\n\n" + lines,
            )

        def failed(exc: BaseException) -> None:
            self.signin.set_busy(False)
            errors.handle(self, exc)

        self.ops.run(lambda: create_demo(target), done, failed)

    def _remove_activity_filter(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self._activity)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.lock_timer.stop()
        if self.session is not None:
            self._hide_patient_data()
            session, self.session = self.session, None
            self.ops.run(_closer(self._stop_sync(), session), lambda _r: None, lambda _e: None)
        self.ops.wait(10000)
        self._remove_activity_filter()
        super().closeEvent(event)
