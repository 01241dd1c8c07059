"""The answer key of an exercise, as the trainer fills it in: expected injuries with size ranges, the photo
roles, the strangulation questions, orosanmälan, absent findings and the right legal basis."""

from __future__ import annotations

from typing import cast

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from injurydoc.domain.fields import Field, Kind
from injurydoc.domain.vocab import Lang, LegalBasis, PhotoRole, Vocab
from injurydoc.services.exercise_files import KEY_FIELDS, AnswerKey, ExpectedInjury

# A new expected injury's size ranges (mm), by field; a size field not named here starts open-ended.
DEFAULT_RANGES = {"length_mm": (10.0, 40.0), "width_mm": (5.0, 20.0)}


def combo_box(vocab: type[Vocab], lang: str) -> QComboBox:
    box = QComboBox()
    for v in vocab:
        box.addItem(v.label("en" if lang == "en" else "sv"), v.code)
    return box


def select(box: QComboBox, value: Vocab) -> None:
    i = box.findData(value.code)
    if i >= 0:
        box.setCurrentIndex(i)


MAX_MM = 2000.0


def _spin(value: float) -> QDoubleSpinBox:
    s = QDoubleSpinBox()
    s.setRange(0, MAX_MM)
    s.setDecimals(0)
    s.setSuffix(" mm")
    s.setValue(value)
    return s


def _choice(f: Field, lang: Lang, value: Vocab | None) -> QComboBox:
    box = combo_box(cast(type[Vocab], f.options), lang)  # an expected injury holds choices and sizes only
    if value is not None:
        select(box, value)
    return box


class AnswerKeyTab(QWidget):
    def __init__(self, lang: Lang, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        v = QVBoxLayout(self)
        inj_box = QGroupBox(
            self.tr("Expected injuries (matched by region, side and type; size within the range)")
        )
        iv = QVBoxLayout(inj_box)
        # the columns are the expected injury's fields in the registry (domain/fields.py): a choice is
        # one column, a size two (the accepted range)
        headers = []
        for f in KEY_FIELDS:
            if f.kind is Kind.MM:
                label = f.label(self.lang)
                headers += [self.tr("%1 from").replace("%1", label), self.tr("%1 to").replace("%1", label)]
            else:
                headers.append(f.label(self.lang))
        self.injury_table = QTableWidget(0, len(headers))
        self.injury_table.setHorizontalHeaderLabels(headers)
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
        self.legal_basis = combo_box(LegalBasis, self.lang)
        other.addRow(self.strangulation)
        other.addRow(self.concern)
        other.addRow(self.absent)
        other.addRow(self.tr("Right legal basis for a release to the police"), self.legal_basis)
        v.addWidget(inj_box, 1)
        v.addWidget(roles_box)
        v.addLayout(other)

    def add_injury_row(self, exp: ExpectedInjury | None = None) -> int:
        t = self.injury_table
        r = t.rowCount()
        t.insertRow(r)
        widgets: list[QWidget] = []
        for f in KEY_FIELDS:
            value = getattr(exp, f.code) if exp is not None else None
            if f.kind is Kind.MM:
                low, high = value or DEFAULT_RANGES.get(f.code, (0.0, MAX_MM))
                widgets += [_spin(low), _spin(high)]
            else:
                widgets.append(_choice(f, self.lang, value))
        for c, widget in enumerate(widgets):
            t.setCellWidget(r, c, widget)
        return r

    def _expected(self, r: int) -> ExpectedInjury:
        """The expected injury of row ``r``."""
        t = self.injury_table
        values: dict[str, object] = {}
        c = 0
        for f in KEY_FIELDS:
            if f.kind is Kind.MM:
                low, high = (cast(QDoubleSpinBox, t.cellWidget(r, c + i)).value() for i in (0, 1))
                values[f.code] = (low, high)
                c += 2
            else:
                options = cast(type[Vocab], f.options)
                values[f.code] = options(cast(QComboBox, t.cellWidget(r, c)).currentData())
                c += 1
        return ExpectedInjury(**values)  # type: ignore[arg-type]

    def key(self) -> AnswerKey:
        injuries = tuple(self._expected(r) for r in range(self.injury_table.rowCount()))
        return AnswerKey(
            injuries=injuries,
            photo_roles=tuple(r for r, cb in self.role_checks.items() if cb.isChecked()),
            strangulation_expected=self.strangulation.isChecked(),
            legal_basis=LegalBasis(self.legal_basis.currentData()),
            concern_report_expected=self.concern.isChecked(),
            absent_findings_expected=self.absent.isChecked(),
        )

    def load(self, key: AnswerKey) -> None:
        self.injury_table.setRowCount(0)
        for exp in key.injuries:
            self.add_injury_row(exp)
        for role, cb in self.role_checks.items():
            cb.setChecked(role in key.photo_roles)
        self.strangulation.setChecked(key.strangulation_expected)
        self.concern.setChecked(key.concern_report_expected)
        self.absent.setChecked(key.absent_findings_expected)
        if key.legal_basis is not None:
            select(self.legal_basis, key.legal_basis)
