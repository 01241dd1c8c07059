"""The examination editor's consent page: a decision and a note for each purpose (ConsentScope).

It says when the person changed something (:attr:`ConsentPage.changed`); the editor saves, and reads the
consents back with :meth:`ConsentPage.consents`."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from injurydoc.domain.models import Consent, Examination
from injurydoc.domain.vocab import ConsentDecision, ConsentScope, Lang


class ConsentPage(QScrollArea):
    changed = Signal()  # a decision or a note was changed by the person

    def __init__(self, lang: Lang, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.boxes: dict[ConsentScope, tuple[QComboBox, QLineEdit]] = {}
        form = QFormLayout()
        for scope in ConsentScope:
            combo = QComboBox()
            for d in ConsentDecision:
                combo.addItem(d.label(lang), d)
            note = QLineEdit()
            note.setPlaceholderText(self.tr("Note (e.g. oral consent, interpreter present)"))
            row = QHBoxLayout()
            row.addWidget(combo)
            row.addWidget(note, 1)
            form.addRow(scope.label(lang), row)
            self.boxes[scope] = (combo, note)
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
            note.textChanged.connect(lambda _t: self.changed.emit())
        hint = QLabel(self.tr("Consent comes first, and is recorded separately for each purpose."))
        hint.setWordWrap(True)
        inner = QWidget()
        box = QVBoxLayout(inner)
        box.addWidget(hint)
        box.addLayout(form)
        box.addStretch(1)
        self.setWidgetResizable(True)
        self.setWidget(inner)

    def show_exam(self, exam: Examination | None) -> None:
        """Show the examination's consents (None: every purpose not asked, no notes), without
        :attr:`changed`."""
        for scope, (combo, note) in self.boxes.items():
            c = exam.consent(scope) if exam is not None else None
            combo.blockSignals(True)
            note.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(c.decision if c else ConsentDecision.NOT_ASKED), 0))
            note.setText(c.note if c else "")
            combo.blockSignals(False)
            note.blockSignals(False)

    def set_read_only(self, read_only: bool) -> None:
        for combo, note in self.boxes.values():
            combo.setEnabled(not read_only)
            note.setEnabled(not read_only)

    def consents(self, exam: Examination) -> tuple[Consent, ...]:
        """The consents as shown; a decision unchanged since ``exam`` keeps the time it was recorded."""
        out: list[Consent] = []
        now = dt.datetime.now(dt.UTC)
        for scope, (combo, note) in self.boxes.items():
            decision = ConsentDecision(combo.currentData())
            old = exam.consent(scope)
            when = old.recorded_at if old is not None and old.decision is decision else now
            out.append(Consent(scope, decision, when, note.text().strip()))
        return tuple(out)
