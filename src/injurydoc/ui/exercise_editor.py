"""The trainer's exercise authoring: a scenario, a synthetic patient, photos and the answer key, saved as
one ``.injurydoc-exercise`` file (checked exactly as a reader will check it) and, in a training store,
added to it at once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import cast

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
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

from injurydoc.domain.vocab import BodyRegion, InjuryType, LegalBasis, PhotoRole, Protection, Sex, Side, Vocab
from injurydoc.services.session import Session
from injurydoc.training import EXTENSION, Exercise, ExercisePatient, ExercisePhoto, Text
from injurydoc.training.schema import AnswerKey, ExpectedInjury
from injurydoc.ui import errors
from injurydoc.ui.ops import Ops


@dataclass
class _Photo:
    data: bytes
    source: str


def _combo(vocab: type[Vocab], lang: str) -> QComboBox:
    box = QComboBox()
    for v in vocab:
        box.addItem(v.label("en" if lang == "en" else "sv"), v.code)
    return box


def _select(box: QComboBox, value: Vocab) -> None:
    i = box.findData(value.code)
    if i >= 0:
        box.setCurrentIndex(i)


def _spin(value: float) -> QDoubleSpinBox:
    s = QDoubleSpinBox()
    s.setRange(0, 2000)
    s.setDecimals(0)
    s.setSuffix(" mm")
    s.setValue(value)
    return s


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
        tabs.addTab(self._key_tab(), self.tr("Answer key"))
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
        self.patient_sex = _combo(Sex, self.lang)
        self.patient_protection = _combo(Protection, self.lang)
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

    def _key_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        inj_box = QGroupBox(
            self.tr("Expected injuries (matched by region, side and type; size within the range)")
        )
        iv = QVBoxLayout(inj_box)
        self.injury_table = QTableWidget(0, 7)
        self.injury_table.setHorizontalHeaderLabels(
            [
                self.tr("Region"),
                self.tr("Side"),
                self.tr("Type"),
                self.tr("Length from"),
                self.tr("Length to"),
                self.tr("Width from"),
                self.tr("Width to"),
            ]
        )
        self.injury_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.injury_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        add = QPushButton(self.tr("Add expected injury"))
        add.clicked.connect(lambda: self.add_injury_row())  # noqa: PLW0108 - clicked(bool) must not reach the paths argument
        remove = QPushButton(self.tr("Remove selected injury"))
        remove.clicked.connect(lambda: self.injury_table.removeRow(self.injury_table.currentRow()))
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        iv.addWidget(self.injury_table, 1)
        iv.addLayout(row)

        roles_box = QGroupBox(self.tr("Photo roles the documentation should have"))
        rv = QHBoxLayout(roles_box)
        self.role_checks: dict[PhotoRole, QCheckBox] = {}
        for role in PhotoRole:
            cb = QCheckBox(role.label(self.lang))
            cb.setChecked(role in (PhotoRole.ID_SHOT, PhotoRole.OVERVIEW, PhotoRole.CLOSE_UP_SCALE))
            self.role_checks[role] = cb
            rv.addWidget(cb)

        other = QFormLayout()
        self.strangulation = QCheckBox(self.tr("The strangulation questions should be asked"))
        self.concern = QCheckBox(self.tr("An orosanmälan (report of concern for a child) should be made"))
        self.absent = QCheckBox(self.tr("Absent findings should be recorded"))
        self.absent.setChecked(True)
        self.legal_basis = _combo(LegalBasis, self.lang)
        other.addRow(self.strangulation)
        other.addRow(self.concern)
        other.addRow(self.absent)
        other.addRow(self.tr("Right legal basis for a release to the police"), self.legal_basis)
        v.addWidget(inj_box, 1)
        v.addWidget(roles_box)
        v.addLayout(other)
        return w

    # ----- rows ---------------------------------------------------------------------------------
    def add_injury_row(self, exp: ExpectedInjury | None = None) -> int:
        t = self.injury_table
        r = t.rowCount()
        t.insertRow(r)
        region, side, kind = (
            _combo(BodyRegion, self.lang),
            _combo(Side, self.lang),
            _combo(InjuryType, self.lang),
        )
        if exp is not None:
            _select(region, exp.region)
            _select(side, exp.side)
            _select(kind, exp.type)
        lengths = exp.length_mm if exp else (10.0, 40.0)
        widths = exp.width_mm if exp else (5.0, 20.0)
        for c, widget in enumerate(
            [region, side, kind, _spin(lengths[0]), _spin(lengths[1]), _spin(widths[0]), _spin(widths[1])]
        ):
            t.setCellWidget(r, c, widget)
        return r

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
            from injurydoc.media.inspect import Limits, check_size
            from injurydoc.training.authoring import exercise_photo
            from injurydoc.training.exercise import MAX_ENTRY_BYTES, ExerciseError

            out = []
            for f in files:
                try:
                    check_size(f.stat().st_size, Limits(max_bytes=4 * MAX_ENTRY_BYTES))
                    raw = f.read_bytes()
                except Exception:
                    raise ExerciseError("exercise.photo", name=f.name[-80:]) from None
                out.append(_Photo(exercise_photo(raw, f.name), f.name))
            return out

        self.ops.run(job, self._photos_added, lambda e: errors.handle(self, e))

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

        injuries = []
        t = self.injury_table

        def combo(r: int, c: int) -> str:
            return str(cast(QComboBox, t.cellWidget(r, c)).currentData())

        def mm(r: int, c: int) -> float:
            return cast(QDoubleSpinBox, t.cellWidget(r, c)).value()

        for r in range(t.rowCount()):
            injuries.append(
                ExpectedInjury(
                    region=BodyRegion(combo(r, 0)),
                    side=Side(combo(r, 1)),
                    type=InjuryType(combo(r, 2)),
                    length_mm=(mm(r, 3), mm(r, 4)),
                    width_mm=(mm(r, 5), mm(r, 6)),
                )
            )
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
            key=AnswerKey(
                injuries=tuple(injuries),
                photo_roles=tuple(r for r, cb in self.role_checks.items() if cb.isChecked()),
                strangulation_expected=self.strangulation.isChecked(),
                legal_basis=LegalBasis(self.legal_basis.currentData()),
                concern_report_expected=self.concern.isChecked(),
                absent_findings_expected=self.absent.isChecked(),
            ),
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
        _select(self.patient_sex, p.sex)
        _select(self.patient_protection, p.protection)
        self.guardian_threat.setChecked(p.guardian_is_threat)
        self.photos.clear()
        self.photo_table.setRowCount(0)
        for i, ph in enumerate(ex.photos, start=1):
            self._append_photo(_Photo(ph.data, f"{i:02d}.jpg"), ph.caption.sv, ph.caption.en)
        self.injury_table.setRowCount(0)
        for exp in ex.key.injuries:
            self.add_injury_row(exp)
        for role, cb in self.role_checks.items():
            cb.setChecked(role in ex.key.photo_roles)
        self.strangulation.setChecked(ex.key.strangulation_expected)
        self.concern.setChecked(ex.key.concern_report_expected)
        self.absent.setChecked(ex.key.absent_findings_expected)
        _select(self.legal_basis, ex.key.legal_basis)

    def _built(self) -> bytes:
        from injurydoc.training.authoring import build

        return build(self.exercise())

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
        from injurydoc.training import load

        self.ops.run(lambda: load(Path(path)), self.load_exercise, lambda e: errors.handle(self, e))

    def save(self, path: str | None = None) -> None:
        try:
            data = self._built()
        except Exception as exc:  # ExerciseError: shown as a plain message
            errors.handle(self, exc)
            return
        if path is None:
            suggested = str(Path.home() / f"{self.exercise_id.text().strip() or 'ovning'}{EXTENSION}")
            path, _f = QFileDialog.getSaveFileName(
                self, self.tr("Save exercise file"), suggested, self.tr("Exercises (*.injurydoc-exercise)")
            )
        if not path:
            return
        if not path.endswith(EXTENSION):
            path += EXTENSION
        from injurydoc.training import write

        try:
            write(data, Path(path))
        except Exception as exc:
            errors.handle(self, exc)
            return
        self.saved_path = Path(path)
        self.status.setText(self.tr("Saved: %1").replace("%1", Path(path).name))

    def add_to_store(self) -> None:
        session = self.session
        if session is None:
            return
        try:
            data = self._built()
        except Exception as exc:
            errors.handle(self, exc)
            return
        from injurydoc.services.training import TrainingService

        def done(ex: Exercise) -> None:
            self.added_id = ex.id
            self.status.setText(
                self.tr("Added to this training store: %1").replace("%1", ex.title.get(self.lang))
            )

        self.ops.run(
            lambda: TrainingService(session).add_exercise(data), done, lambda e: errors.handle(self, e)
        )
