"""The start page: the account's examinations (drafts first) and a search over those it may see."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from injurydoc.domain.models import SummaryRow
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.session import Session
from injurydoc.ui import errors
from injurydoc.ui.models import ExaminationListModel
from injurydoc.ui.ops import Ops


class StartPage(QWidget):
    sign_out_requested = Signal()

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.session: Session | None = None
        self.setObjectName("start")

        self.banner = QLabel(self.tr("EXERCISE – NOT A REAL PATIENT RECORD"))
        self.banner.setObjectName("training_banner")
        self.banner.setStyleSheet(
            "background: #ffd54f; color: #3e2723; font-weight: 700; padding: 6px; letter-spacing: 1px;"
        )
        self.banner.setVisible(False)

        self.who = QLabel("")
        self.who.setObjectName("who")
        sign_out = QPushButton(self.tr("Sign out"))
        sign_out.clicked.connect(self.sign_out_requested.emit)
        top = QHBoxLayout()
        top.addWidget(self.who, 1)
        top.addWidget(sign_out)

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search by name or personal number"))
        self.search.setAccessibleName(self.tr("Search"))
        self.search.setClearButtonEnabled(True)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(300)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._debounce.start())

        self.heading = QLabel(self.tr("My examinations"))
        self.heading.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.model = ExaminationListModel(errors.current_lang())
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.empty = QLabel(self.tr("No examinations yet."))

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(top)
        layout.addWidget(self.search)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)

    def open_session(self, session: Session) -> None:
        self.session = session
        acc = session.account
        self.banner.setVisible(session.is_training)
        self.who.setText(f"{acc.display_name} ({acc.username}) · {session.unit}")
        self.search.clear()
        self.refresh()

    def close_session(self) -> None:
        """Hide every trace of patient data (used by sign-out and auto-lock)."""
        self.session = None
        self.model.clear()
        self.search.clear()
        self.who.clear()

    def refresh(self) -> None:
        session = self.session
        if session is None:
            return
        text = self.search.text()
        svc = ExaminationService(session)
        if text.strip():
            self.heading.setText(self.tr("Search results"))
            job = lambda: svc.search(text)  # noqa: E731
        else:
            self.heading.setText(self.tr("My examinations"))
            job = svc.list_mine
        self.ops.run(job, self._show, lambda exc: errors.handle(self, exc))

    def _show(self, rows: list[SummaryRow]) -> None:
        if self.session is None:  # signed out while the query ran
            return
        self.model.set_rows(rows)
        self.empty.setVisible(not rows)
