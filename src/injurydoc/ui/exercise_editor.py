"""The trainer's exercise authoring: a scenario, a synthetic patient, photos and the answer key, saved as
one ``.injurydoc-exercise`` file (checked exactly as a reader will check it) and, in a training store,
added to it at once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from injurydoc.domain.vocab import Protection, Sex
from injurydoc.services.exercise_files import EXTENSION, Exercise, ExercisePatient, ExercisePhoto, Text
from injurydoc.services.session import Session
from injurydoc.ui import errors
from injurydoc.ui.exercise_key import AnswerKeyTab, combo_box, select
from injurydoc.ui.files import ask_save_path
from injurydoc.ui.ops import Ops


@dataclass
class _Photo:
    data: bytes
    source: str


class ExerciseEditor(QDialog):
    def __init__(self, ops: Ops, session: Session | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.session = ops, session
        self.lang = errors.current_lang()
        self.setWindowTitle(self.tr("New documentation exercise"))
        self.resize(960, 720)
        self.photos: list[_Photo] = []
        self.saved_path: Path | None = None
        self.added_id: str | None = None

        tabs = QTabWidget()
        tabs.addTab(self._scenario_tab(), self.tr("Scenario"))
        tabs.addTab(self._patient_tab(), self.tr("Patient"))
        tabs.addTab(self._photos_tab(), self.tr("Photos"))
        self.key_tab = AnswerKeyTab(self.lang)
        tabs.addTab(self.key_tab, self.tr("Answer key"))
        self.tabs = tabs

        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.open_button = QPushButton(self.tr("Open exercise file…"))
        self.open_button.clicked.connect(lambda: self.open_file())  # noqa: PLW0108 - clicked(bool) must not reach the paths argument
        self.save_button = QPushButton(self.tr("Save exercise file…"))
        self.save_button.clicked.connect(lambda: self.save())  # noqa: PLW0108 - clicked(bool) must not reach the paths argument
        self.add_button = QPushButton(self.tr("Add to this training store"))
        self.add_button.clicked.connect(self.add_to_store)
        self.add_button.setVisible(session is not None and session.is_training)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        for b in (self.open_button, self.save_button, self.add_button):
            buttons.addButton(b, QDialogButtonBox.ButtonRole.ActionRole)

        layout = QVBoxLayout(self)
        layout.addWidget(tabs, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

    # ----- tabs ---------------------------------------------------------------------------------
    def _scenario_tab(self) -> QWidget:
        w = QWidget()
        form = QFormLayout(w)
        self.exercise_id = QLineEdit()
        self.exercise_id.setPlaceholderText(self.tr("e.g. ipv-arm-bruises (a–z, 0–9 and -)"))
        self.title_sv = QLineEdit()
        self.title_en = QLineEdit()
        self.scenario_sv = QPlainTextEdit()
        self.scenario_en = QPlainTextEdit()
        self.follow_up_of = QLineEdit()
        self.follow_up_of.setPlaceholderText(self.tr("Only for a follow-up: the id of the first exercise"))
        form.addRow(self.tr("Exercise id"), self.exercise_id)
        form.addRow(self.tr("Title (Swedish)"), self.title_sv)
        form.addRow(self.tr("Title (English)"), self.title_en)
        form.addRow(self.tr("Scenario (Swedish)"), self.scenario_sv)
        form.addRow(self.tr("Scenario (English)"), self.scenario_en)
        form.addRow(self.tr("Follow-up of"), self.follow_up_of)
        return w

    def _patient_tab(self) -> QWidget:
        w = QWidget()
        form = QFormLayout(w)
        note = QLabel(self.tr("A made-up person. Use a synthetic personal number that belongs to nobody."))
        note.setWordWrap(True)
        self.patient_name = QLineEdit()
        self.patient_pnr = QLineEdit()
        self.patient_pnr.setPlaceholderText("YYYYMMDD-NNNN")
        self.patient_sex = combo_box(Sex, self.lang)
        self.patient_protection = combo_box(Protection, self.lang)
        self.guardian_threat = QCheckBox(self.tr("A guardian is the threat (child)"))
        form.addRow(note)
        form.addRow(self.tr("Name"), self.patient_name)
        form.addRow(self.tr("Personal number"), self.patient_pnr)
        form.addRow(self.tr("Sex"), self.patient_sex)
        form.addRow(self.tr("Protected personal data"), self.patient_protection)
        form.addRow(self.guardian_threat)
        return w

    def _photos_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        hint = QLabel(
            self.tr(
                "Photos are stored upright, at most 2000 px, with all metadata removed (camera, time, GPS). "
                "Captions must not give the answer away."
            )
        )
        hint.setWordWrap(True)
        self.photo_table = QTableWidget(0, 3)
        self.photo_table.setHorizontalHeaderLabels(
            [self.tr("Photo"), self.tr("Caption (Swedish)"), self.tr("Caption (English)")]
        )
        self.photo_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.photo_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        add = QPushButton(self.tr("Add photos…"))
        add.clicked.connect(lambda: self.add_photos())  # noqa: PLW0108 - clicked(bool) must not reach the paths argument
        remove = QPushButton(self.tr("Remove selected photo"))
        remove.clicked.connect(self._remove_photo)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        v.addWidget(hint)
        v.addWidget(self.photo_table, 1)
        v.addLayout(row)
        return w

    # ----- rows ---------------------------------------------------------------------------------
    def add_photos(self, paths: list[str] | None = None) -> None:
        if paths is None:
            paths, _f = QFileDialog.getOpenFileNames(
                self,
                self.tr("Add photos"),
                str(Path.home()),
                self.tr("Photos (*.jpg *.jpeg *.png *.tif *.tiff *.heic *.heif)"),
            )
        if not paths:
            return
        files = [Path(p) for p in paths]

        def job() -> list[_Photo]:
            from injurydoc.services.exercise_files import read_exercise_photo

            return [_Photo(read_exercise_photo(f), f.name) for f in files]

        self.ops.run(job, self._photos_added)

    def _photos_added(self, photos: list[_Photo]) -> None:
        for ph in photos:
            n = len(self.photos) + 1  # a neutral caption to start from: it must not give the answer away
            self._append_photo(ph, f"Bild {n}", f"Photo {n}")

    def _append_photo(self, ph: _Photo, sv: str, en: str) -> None:
        self.photos.append(ph)
        r = self.photo_table.rowCount()
        self.photo_table.insertRow(r)
        name = QTableWidgetItem(ph.source)
        name.setFlags(name.flags() & ~name.flags().ItemIsEditable)
        self.photo_table.setItem(r, 0, name)
        self.photo_table.setItem(r, 1, QTableWidgetItem(sv))
        self.photo_table.setItem(r, 2, QTableWidgetItem(en))

    def _remove_photo(self) -> None:
        r = self.photo_table.currentRow()
        if 0 <= r < len(self.photos):
            self.photo_table.removeRow(r)
            del self.photos[r]

    # ----- to and from an Exercise --------------------------------------------------------------
    def exercise(self) -> Exercise:
        def cell(r: int, c: int) -> str:
            item = self.photo_table.item(r, c)
            return item.text().strip() if item is not None else ""

        return Exercise(
            id=self.exercise_id.text().strip(),
            title=Text(self.title_sv.text().strip(), self.title_en.text().strip()),
            scenario=Text(self.scenario_sv.toPlainText().strip(), self.scenario_en.toPlainText().strip()),
            patient=ExercisePatient(
                name=" ".join(self.patient_name.text().split()),
                personal_id=self.patient_pnr.text().strip(),
                sex=Sex(self.patient_sex.currentData()),
                protection=Protection(self.patient_protection.currentData()),
                guardian_is_threat=self.guardian_threat.isChecked(),
            ),
            follow_up_of=self.follow_up_of.text().strip() or None,
            photos=tuple(
                ExercisePhoto(f"photos/{i:02d}.jpg", Text(cell(i - 1, 1), cell(i - 1, 2)), ph.data)
                for i, ph in enumerate(self.photos, start=1)
            ),
            key=self.key_tab.key(),
        )

    def load_exercise(self, ex: Exercise) -> None:
        self.exercise_id.setText(ex.id)
        self.title_sv.setText(ex.title.sv)
        self.title_en.setText(ex.title.en)
        self.scenario_sv.setPlainText(ex.scenario.sv)
        self.scenario_en.setPlainText(ex.scenario.en)
        self.follow_up_of.setText(ex.follow_up_of or "")
        p = ex.patient
        self.patient_name.setText(p.name)
        self.patient_pnr.setText(p.personal_id)
        select(self.patient_sex, p.sex)
        select(self.patient_protection, p.protection)
        self.guardian_threat.setChecked(p.guardian_is_threat)
        self.photos.clear()
        self.photo_table.setRowCount(0)
        for i, ph in enumerate(ex.photos, start=1):
            self._append_photo(_Photo(ph.data, f"{i:02d}.jpg"), ph.caption.sv, ph.caption.en)
        self.key_tab.load(ex.key)

    # ----- actions ------------------------------------------------------------------------------
    def open_file(self, path: str | None = None) -> None:
        if path is None:
            path, _f = QFileDialog.getOpenFileName(
                self,
                self.tr("Open exercise file"),
                str(Path.home()),
                self.tr("Exercises (*.injurydoc-exercise)"),
            )
        if not path:
            return
        from injurydoc.services.exercise_files import load

        self.ops.run(lambda: load(Path(path)), self.load_exercise)

    def save(self, path: str | None = None) -> None:
        """Build the file on the store thread (every photo is decoded to check it) and write it."""
        exercise = self.exercise()
        target = (
            Path(path)
            if path
            else ask_save_path(
                self,
                self.tr("Save exercise file"),
                Path.home() / f"{exercise.id or 'ovning'}{EXTENSION}",
                self.tr("Exercises (*.injurydoc-exercise)"),
                EXTENSION,
            )
        )
        if target is None:
            return
        if not target.name.endswith(EXTENSION):
            target = target.with_name(target.name + EXTENSION)
        chosen = target

        def job() -> Path:
            from injurydoc.services.exercise_files import save_exercise

            return save_exercise(exercise, chosen)  # ExerciseError, a plain message, when anything is wrong

        def done(saved: Path) -> None:
            self.saved_path = saved
            self.status.setText(self.tr("Saved: %1").replace("%1", saved.name))

        self.ops.run(job, done, lambda e: errors.handle(self, e))

    def add_to_store(self) -> None:
        session = self.session
        if session is None:
            return
        exercise = self.exercise()

        def job() -> Exercise:
            from injurydoc.services.exercise_files import build
            from injurydoc.services.training import TrainingService

            return TrainingService(session).add_exercise(build(exercise))

        def done(ex: Exercise) -> None:
            self.added_id = ex.id
            self.status.setText(
                self.tr("Added to this training store: %1").replace("%1", ex.title.get(self.lang))
            )

        self.ops.run(job, done, lambda e: errors.handle(self, e))
