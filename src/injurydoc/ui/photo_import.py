"""Importing photos into an examination: drop files or a camera-card folder, or choose them; a progress
bar with cancel; what was imported, duplicated or refused; clearing the card.

Import runs on the store thread (its decoding on two more threads).  After an import from a folder the
card can be cleared — offered, never done silently, and each file only after its stored copy has been
re-read and compared.  The photos panel (ui/exam_photos.py) owns the examination and shows what was
imported: it starts an import with :meth:`PhotoImport.import_into`, hears of files chosen here by
:attr:`PhotoImport.paths_chosen` and reloads on :attr:`PhotoImport.imported`.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from injurydoc.services.photos import ImportReport, PhotoService
from injurydoc.ui import errors

if TYPE_CHECKING:
    from injurydoc.ui.exam_editor import ExamEditor


class _Relay(QObject):
    progress = Signal(int, int)


class PhotoImport(QWidget):
    paths_chosen = Signal(list)  # files or a folder chosen here (Paths): the panel imports them
    imported = Signal()  # an import finished (whole, cancelled or partly refused): the photos may differ

    def __init__(self, editor: ExamEditor) -> None:
        super().__init__()
        self.editor = editor
        self.cancel_flag = threading.Event()
        self.last_report: ImportReport | None = None
        self.relay = _Relay()
        self.relay.progress.connect(self._progress)
        self._make_controls()
        self._lay_out()

    def _make_controls(self) -> None:
        """Import by choosing; progress with cancel; the outcome; clearing the card."""
        self.drop_hint = QLabel(self.tr("Drop photos or a camera card's folder here, or choose them:"))
        self.files_button = QPushButton(self.tr("Import photos…"))
        self.files_button.clicked.connect(self._choose_files)
        self.folder_button = QPushButton(self.tr("Import folder…"))
        self.folder_button.clicked.connect(self._choose_folder)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel_flag.set)
        self.result = QLabel("")
        self.result.setWordWrap(True)
        self.clear_card_button = QPushButton(self.tr("Remove the imported files from the card…"))
        self.clear_card_button.setVisible(False)
        self.clear_card_button.clicked.connect(self._clear_card)

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.drop_hint, 1)
        top.addWidget(self.files_button)
        top.addWidget(self.folder_button)
        prog = QHBoxLayout()
        prog.addWidget(self.progress, 1)
        prog.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(prog)
        layout.addWidget(self.result)
        layout.addWidget(self.clear_card_button)

    def set_read_only(self, read_only: bool) -> None:
        self.files_button.setEnabled(not read_only)
        self.folder_button.setEnabled(not read_only)

    def clear(self) -> None:
        self.result.clear()
        self.clear_card_button.setVisible(False)
        self.last_report = None

    def _choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Import photos"),
            "",
            self.tr("Images (*.jpg *.jpeg *.png *.tif *.tiff *.heic *.heif)"),
        )
        if files:
            self.paths_chosen.emit([Path(f) for f in files])

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Import folder"))
        if folder:
            self.paths_chosen.emit([Path(folder)])

    def import_into(self, exam_id: str, paths: list[Path]) -> None:
        """Import ``paths`` (files, or folders read as a camera card) into the examination."""
        session = self.editor.session
        if session is None:
            return
        self.cancel_flag.clear()
        self.progress.setVisible(True)
        self.progress.setValue(0)
        self.cancel_button.setVisible(True)
        self.clear_card_button.setVisible(False)
        self.result.setText(self.tr("Importing…"))
        relay, flag = self.relay, self.cancel_flag

        def job() -> ImportReport:
            return PhotoService(session).import_files(
                exam_id, paths, progress=relay.progress.emit, cancelled=flag.is_set
            )

        from_folder = any(p.is_dir() for p in paths)
        self.editor.ops.run(job, lambda r: self._imported(r, from_folder), self._failed)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    def _failed(self, exc: BaseException) -> None:
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        self.result.setText("")
        errors.handle(self, exc)

    def _imported(self, report: ImportReport, from_folder: bool) -> None:
        self.last_report = report
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        lang = errors.current_lang()
        lines = [
            self.tr("Imported: %1. Duplicates: %2. Refused: %3.")
            .replace("%1", str(len(report.imported)))
            .replace("%2", str(len(report.duplicates)))
            .replace("%3", str(len(report.refused)))
        ]
        if report.cancelled:
            lines.append(self.tr("The import was cancelled; the photos stored so far are whole."))
        lines += [f"{o.name}: {o.error.message(lang)}" for o in report.refused if o.error is not None]
        warned = self.tr("imported, but the file is incomplete (decoded with errors; missing parts are grey)")
        lines += [f"{o.name}: {warned}" for o in report.with_warning]
        self.result.setText("\n".join(lines))
        self.clear_card_button.setVisible(from_folder and bool(report.imported or report.duplicates))
        self.imported.emit()

    def _clear_card(self) -> None:
        session, report = self.editor.session, self.last_report
        if session is None or report is None:
            return
        self.clear_card_button.setVisible(False)

        def done(results: list[Any]) -> None:
            removed = sum(1 for r in results if r.status == "removed")
            kept = [r for r in results if r.status != "removed"]
            lang = errors.current_lang()
            text = self.tr("Removed from the card after verification: %1.").replace("%1", str(removed))
            text += "".join(f"\n{r.name}: {r.error.message(lang)}" for r in kept if r.error)
            self.result.setText(text)

        self.editor.ops.run(
            lambda: PhotoService(session).remove_sources(report), done, lambda e: errors.handle(self, e)
        )
