"""Field bindings of the examination editor that need more than one widget: dates, absent findings,
persons present."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from injurydoc.domain.models import AbsentFinding
from injurydoc.domain.vocab import (
    BodyRegion,
)
from injurydoc.ui import forms


def date_field(path: str) -> forms.Binding:
    w = QLineEdit()
    w.setPlaceholderText("ÅÅÅÅ-MM-DD")
    w.setInputMask("0000-00-00;_")

    def get() -> dt.date | None:
        try:
            return dt.date.fromisoformat(w.text())
        except ValueError:
            return None

    b = forms.Binding(path, w, get, lambda v: w.setText(v.isoformat() if v else ""))
    w.textChanged.connect(b.notify)
    return b


def datetime_field(path: str) -> forms.Binding:
    """A local date and time, minute precision, stored with the workstation's UTC offset; empty: None."""
    w = QLineEdit()
    w.setPlaceholderText("ÅÅÅÅ-MM-DD TT:MM")
    w.setInputMask("0000-00-00 00:00;_")

    def get() -> dt.datetime | None:
        try:
            return dt.datetime.strptime(w.text(), "%Y-%m-%d %H:%M").astimezone()
        except ValueError:
            return None

    def put(v: dt.datetime | None) -> None:
        w.setText(v.astimezone().strftime("%Y-%m-%d %H:%M") if v else "")

    b = forms.Binding(path, w, get, put)
    w.textChanged.connect(b.notify)
    return b


class AbsentBinding(forms.Binding):
    """Absent findings: rows of (region, text) with add and remove."""

    def __init__(self, editor: Any) -> None:
        self.box = QWidget()
        self.rows_layout = QVBoxLayout(self.box)
        self.rows: list[tuple[QWidget, QComboBox, QLineEdit]] = []
        self.lang = editor.lang
        add = QPushButton(QCoreApplication.translate("ExamEditor", "Add absent finding"))
        add.clicked.connect(lambda: self._add_row(None, ""))
        self.add_button = add
        self.rows_layout.addWidget(add)
        super().__init__("absent_findings", self.box, self._get, self._put)

    def _add_row(self, region: BodyRegion | None, text: str) -> None:
        row = QWidget()
        h = QHBoxLayout(row)
        h.setContentsMargins(0, 0, 0, 0)
        combo = QComboBox()
        for r in BodyRegion:
            combo.addItem(r.label(self.lang), r)
        combo.setCurrentIndex(max(combo.findData(region or BodyRegion.NECK_ANTERIOR), 0))
        forms.guard_wheel(combo)
        edit = QLineEdit(text)
        remove = QPushButton("×")
        remove.setMaximumWidth(30)
        h.addWidget(combo)
        h.addWidget(edit, 1)
        h.addWidget(remove)
        self.rows_layout.insertWidget(len(self.rows), row)
        entry = (row, combo, edit)
        self.rows.append(entry)
        combo.currentIndexChanged.connect(self.notify)
        edit.textChanged.connect(self.notify)
        remove.clicked.connect(lambda: self._remove(entry))
        if not self._loading:
            edit.setFocus()
            self.notify()

    def _remove(self, entry: tuple[QWidget, QComboBox, QLineEdit]) -> None:
        self.rows.remove(entry)
        entry[0].deleteLater()
        self.notify()

    def _get(self) -> tuple[AbsentFinding, ...]:
        return tuple(
            AbsentFinding(BodyRegion(c.currentData()), e.text().strip())
            for _, c, e in self.rows
            if e.text().strip()
        )

    def _put(self, value: Any) -> None:
        for row, _, _ in self.rows:
            row.deleteLater()
        self.rows.clear()
        for a in value or ():
            self._add_row(a.region, a.text)


class PresentBinding(forms.Binding):
    """Persons present as one line each: "role: name (language)" kept simple to type."""

    def __init__(self, editor: Any) -> None:
        from PySide6.QtWidgets import QPlainTextEdit

        from injurydoc.domain.models import PersonPresent
        from injurydoc.domain.vocab import PresentRole

        w = QPlainTextEdit()
        w.setPlaceholderText(
            QCoreApplication.translate("ExamEditor", "One per line, e.g. Interpreter: Name (Arabic)")
        )
        w.setMaximumHeight(80)
        w.setTabChangesFocus(True)
        roles = {r.label(editor.lang).lower(): r for r in PresentRole}

        def get() -> tuple[Any, ...]:
            out = []
            for line in w.toPlainText().splitlines():
                if not line.strip():
                    continue
                role_text, _, rest = line.partition(":")
                role = roles.get(role_text.strip().lower(), PresentRole.OTHER)
                name, _, lang_part = (rest if rest else role_text).partition("(")
                out.append(
                    PersonPresent(
                        role, name.strip() if rest else line.strip(), lang_part.rstrip(") ").strip()
                    )
                )
            return tuple(out)

        def put(v: Any) -> None:
            w.setPlainText(
                "\n".join(
                    f"{p.role.label(editor.lang)}: {p.name}" + (f" ({p.language})" if p.language else "")
                    for p in v or ()
                )
            )

        super().__init__("persons_present", w, get, put)
        w.textChanged.connect(self.notify)
