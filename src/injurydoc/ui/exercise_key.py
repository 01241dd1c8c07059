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

from injurydoc.domain.vocab import BodyRegion, InjuryType, Lang, LegalBasis, PhotoRole, Side, Vocab
from injurydoc.services.exercise_files import AnswerKey, ExpectedInjury


def combo_box(vocab: type[Vocab], lang: str) -> QComboBox:
    box = QComboBox()
    for v in vocab:
        box.addItem(v.label("en" if lang == "en" else "sv"), v.code)
    return box


def select(box: QComboBox, value: Vocab) -> None:
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


class AnswerKeyTab(QWidget):
    def __init__(self, lang: Lang, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        v = QVBoxLayout(self)
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
        region, side, kind = (
            combo_box(BodyRegion, self.lang),
            combo_box(Side, self.lang),
            combo_box(InjuryType, self.lang),
        )
        if exp is not None:
            select(region, exp.region)
            select(side, exp.side)
            select(kind, exp.type)
        lengths = (exp.length_mm if exp else None) or (10.0, 40.0)
        widths = (exp.width_mm if exp else None) or (5.0, 20.0)
        for c, widget in enumerate(
            [region, side, kind, _spin(lengths[0]), _spin(lengths[1]), _spin(widths[0]), _spin(widths[1])]
        ):
            t.setCellWidget(r, c, widget)
        return r

    def key(self) -> AnswerKey:
        t = self.injury_table

        def code(r: int, c: int) -> str:
            return str(cast(QComboBox, t.cellWidget(r, c)).currentData())

        def mm(r: int, c: int) -> float:
            return cast(QDoubleSpinBox, t.cellWidget(r, c)).value()

        injuries = tuple(
            ExpectedInjury(
                region=BodyRegion(code(r, 0)),
                side=Side(code(r, 1)),
                type=InjuryType(code(r, 2)),
                length_mm=(mm(r, 3), mm(r, 4)),
                width_mm=(mm(r, 5), mm(r, 6)),
            )
            for r in range(t.rowCount())
        )
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
