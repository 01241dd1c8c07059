"""About: version, SQLCipher version, where data lives, bundled components and their licences."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from injurydoc import about
from injurydoc.crash import crash_dir


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, store_folder: Path | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("about")
        self.setWindowTitle(self.tr("About Injury documentation"))
        self.resize(780, 560)
        info = about.version_info()
        self._components = about.components()

        title = QLabel(self.tr("Injury documentation"))
        title.setStyleSheet("font-size: 18pt; font-weight: 600;")
        version = QLabel(self.tr("Version %1").replace("%1", info.version))
        version.setObjectName("version")

        self.tabs = QTabWidget()
        self.tabs.addTab(self._overview(info, store_folder), self.tr("Program"))
        self.tabs.addTab(self._component_table(), self.tr("Components"))
        self.licence_text = QPlainTextEdit()
        self.licence_text.setObjectName("licences")
        self.licence_text.setReadOnly(True)
        mono = QFont("DejaVu Sans Mono")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.licence_text.setFont(mono)
        self.licence_text.setAccessibleName(self.tr("Licence texts"))
        self._licences_tab = self.tabs.addTab(self.licence_text, self.tr("Licences"))
        self.tabs.currentChanged.connect(self._tab_changed)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(title)
        box.addWidget(version)
        box.addWidget(self.tabs, 1)
        box.addWidget(buttons)

    # ----- tabs ---------------------------------------------------------------------------------
    def _overview(self, info: about.VersionInfo, store_folder: Path | None) -> QWidget:
        from injurydoc.paths import app_data_dir

        form = QFormLayout()
        self.values: dict[str, QLabel] = {}

        def row(key: str, label: str, value: str) -> None:
            w = QLabel(value)
            w.setObjectName(key)
            w.setWordWrap(True)
            w.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[key] = w
            form.addRow(label, w)

        row(
            "version",
            self.tr("Version"),
            info.version + (self.tr(" (installed build)") if info.frozen else ""),
        )
        row("sqlcipher", self.tr("SQLCipher (database encryption)"), info.sqlcipher)
        row("sqlite", self.tr("SQLite"), info.sqlite)
        row("qt", self.tr("Qt"), info.qt)
        row("python", self.tr("Python"), f"{info.python}, {info.platform}")
        if store_folder is not None:
            row("store", self.tr("Store folder in use"), str(store_folder))
        row("data", self.tr("Default data folder"), str(app_data_dir()))
        row("settings", self.tr("Settings (store folder, language)"), QSettings().fileName())
        row("crash", self.tr("Error reports (no patient data)"), str(crash_dir()))

        note = QLabel(
            self.tr(
                "Patient data is kept only in the encrypted store. The program makes no network "
                "connections, except to an RFC 3161 timestamp service when one is given for an export "
                "from the command line. Back up the store with “injurydoc backup”."
            )
        )
        note.setWordWrap(True)
        note.setObjectName("privacy")
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.addLayout(form)
        lay.addSpacing(8)
        lay.addWidget(note)
        lay.addStretch(1)
        return page

    def _component_table(self) -> QTableView:
        model = QStandardItemModel(0, 4, self)
        model.setHorizontalHeaderLabels([self.tr("Component"), self.tr("Version"), self.tr("Licence"), ""])
        for c in self._components:
            cells = [QStandardItem(x) for x in (c.name, c.version, c.licence, c.note)]
            for cell in cells:
                cell.setEditable(False)
            model.appendRow(cells)
        self.component_model = model
        view = QTableView()
        view.setObjectName("components")
        view.setModel(model)
        view.verticalHeader().setVisible(False)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setAccessibleName(self.tr("Components"))
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        return view

    def _tab_changed(self, index: int) -> None:
        if index == self._licences_tab and not self.licence_text.toPlainText():
            self.show_licences()

    # ----- public -------------------------------------------------------------------------------
    def show_licences(self) -> None:
        """Fill and show the full licence texts (read on first use: a few hundred kilobytes)."""
        if not self.licence_text.toPlainText():
            self.licence_text.setPlainText(about.licence_texts())
        self.tabs.setCurrentIndex(self._licences_tab)

    def component_count(self) -> int:
        return len(self._components)
