"""Photos: drop files or a camera-card folder, see the thumbnails, set role and injuries, view.

The import itself (choosing, progress with cancel, the outcome, clearing the card) is
ui/photo_import.py; this panel owns the examination, starts an import and shows and describes what is
stored: the thumbnails, the selected photos' role and linked injuries, viewing and removing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from injurydoc.domain.models import Examination, PhotoRecord
from injurydoc.domain.vocab import Lang, PhotoRole
from injurydoc.services.photos import PhotoService
from injurydoc.ui import errors
from injurydoc.ui.photo_import import PhotoImport
from injurydoc.ui.photo_viewer import PhotoViewer
from injurydoc.ui.photo_views import PhotoListModel

if TYPE_CHECKING:
    from injurydoc.ui.exam_editor import ExamEditor

_Index = QModelIndex | QPersistentModelIndex


class PhotosPanel(QWidget):
    #: the examination's photos as now stored (the review's checklist follows)
    photos_listed = Signal(object)

    def __init__(self, editor: ExamEditor) -> None:
        super().__init__()
        self.editor = editor
        self.exam: Examination | None = None
        self.setAcceptDrops(True)
        self.importer = PhotoImport(editor)
        self.importer.paths_chosen.connect(self.import_paths)
        self.importer.imported.connect(self.reload)
        self._make_grid()
        self._make_selection_controls(editor.lang)
        self._lay_out()

    def _make_grid(self) -> None:
        """The photos as thumbnails; several may be selected."""
        self.model = PhotoListModel()
        self.grid = QListView()
        self.grid.setModel(self.model)
        self.grid.setViewMode(QListView.ViewMode.IconMode)
        self.grid.setIconSize(QSize(180, 140))
        self.grid.setGridSize(QSize(200, 175))
        self.grid.setResizeMode(QListView.ResizeMode.Adjust)
        self.grid.setMovement(QListView.Movement.Static)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.grid.setAccessibleName(self.tr("Photos"))
        self.grid.doubleClicked.connect(self._view)
        self.grid.selectionModel().selectionChanged.connect(self._selection_changed)

    def _make_selection_controls(self, lang: Lang) -> None:
        """What can be done to the selected photos: role, linked injuries, view, remove."""
        self.role = QComboBox()
        self.role.addItem(self.tr("Choose role…"), None)
        for r in PhotoRole:
            self.role.addItem(r.label(lang), r)
        self.role.activated.connect(self._apply_role)
        self.injury_list = QListWidget()
        self.injury_list.setMaximumHeight(110)
        self.link_button = QPushButton(self.tr("Save the links of the selected photos"))
        self.link_button.setToolTip(
            self.tr(
                "Ticked: linked. Unticked: not linked (untick to unlink). Half-ticked: linked to some of "
                "the selected photos; left as it is."
            )
        )
        self.link_button.clicked.connect(self._apply_links)
        self.remove_button = QPushButton(self.tr("Remove the selected photos…"))
        self.remove_button.setToolTip(self.tr("For a wrong file in a draft, e.g. another patient's photo."))
        self.remove_button.clicked.connect(self._ask_remove)
        self.view_button = QPushButton(self.tr("View"))
        self.view_button.clicked.connect(lambda: self._view(self.grid.currentIndex()))

    def _lay_out(self) -> None:
        """Import controls on top, the grid with the selection's controls beside it."""
        side = QVBoxLayout()
        side.addWidget(QLabel(self.tr("Role of the selected photos")))
        side.addWidget(self.role)
        side.addWidget(QLabel(self.tr("Injuries shown")))
        side.addWidget(self.injury_list)
        side.addWidget(self.link_button)
        side.addWidget(self.view_button)
        side.addWidget(self.remove_button)
        side.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.grid, 1)
        side_w = QWidget()
        side_w.setLayout(side)
        side_w.setMaximumWidth(300)
        body.addWidget(side_w)
        layout = QVBoxLayout(self)
        layout.addWidget(self.importer)
        layout.addLayout(body, 1)

    # ----- loading ---------------------------------------------------------------------------------
    def load(self, exam: Examination) -> None:
        self.exam = exam
        ro = getattr(self.editor, "read_only", False)
        self.importer.set_read_only(ro)
        for w in (self.role, self.link_button, self.remove_button):
            w.setEnabled(not ro)
        self.setAcceptDrops(not ro)
        self.refresh_injuries(exam)
        self.reload()

    def refresh_injuries(self, exam: Examination) -> None:
        self.exam = exam
        self.injury_list.clear()
        for inj in exam.injuries:
            item = QListWidgetItem(
                f"{inj.number}. {inj.type.label(self.editor.lang)} – {inj.region.label(self.editor.lang)}"
            )
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(256, inj.id)
            self.injury_list.addItem(item)
        self.model.set_injury_numbers({i.id: i.number for i in exam.injuries})
        self._selection_changed()

    def reload(self) -> None:
        session, exam = self.editor.session, self.exam
        if session is None or exam is None:
            return
        svc = PhotoService(session)
        self.editor.ops.run(
            lambda: (svc.records(exam.id), svc.thumbnails(exam.id)),
            lambda r: self._show(*r),
            lambda exc: errors.handle(self, exc),
        )

    def _show(self, records: list[PhotoRecord], thumbs: dict[str, bytes]) -> None:
        if self.exam is None:
            return
        self.model.set_rows(records, thumbs)
        self.photos_listed.emit(records)
        self._selection_changed()

    def clear(self) -> None:
        self.exam = None
        self.model.set_rows([], {})
        self.injury_list.clear()
        self.importer.clear()

    # ----- import --------------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    def import_paths(self, paths: list[Path]) -> None:
        """Import files, or folders read as a camera card, into the open examination."""
        if self.exam is not None:
            self.importer.import_into(self.exam.id, paths)

    # ----- describing ---------------------------------------------------------------------------
    def selected_ids(self) -> list[str]:
        return [str(i.data(Qt.ItemDataRole.UserRole)) for i in self.grid.selectionModel().selectedIndexes()]

    def _apply_role(self, _index: int) -> None:
        data, ids, session = self.role.currentData(), self.selected_ids(), self.editor.session
        role = PhotoRole(data) if data else None
        if role is None or not ids or session is None:
            return
        self.editor.ops.run(
            lambda: PhotoService(session).set_role(ids, role),
            lambda _r: self.reload(),
            lambda e: errors.handle(self, e),
        )
        self.role.setCurrentIndex(0)

    def _selection_changed(self, *_: Any) -> None:
        """The ticks show the links of the selected photos: ticked if all of them show the injury,
        half-ticked if some do."""
        selected = set(self.selected_ids())
        records = [r for r in self.model.rows if r.id in selected]
        for i in range(self.injury_list.count()):
            item = self.injury_list.item(i)
            n = sum(1 for r in records if item.data(256) in r.injury_ids)
            state = (
                Qt.CheckState.Unchecked
                if n == 0
                else Qt.CheckState.Checked
                if n == len(records)
                else Qt.CheckState.PartiallyChecked
            )
            item.setCheckState(state)

    def _apply_links(self) -> None:
        """Ticked injuries are added to each selected photo's links, unticked ones removed, half-ticked
        ones left as each photo has them: other links of a photo are never dropped."""
        ids, session, exam = self.selected_ids(), self.editor.session, self.exam
        if not ids or session is None or exam is None:
            return
        add, drop = set(), set()
        for i in range(self.injury_list.count()):
            item = self.injury_list.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                add.add(str(item.data(256)))
            elif item.checkState() == Qt.CheckState.Unchecked:
                drop.add(str(item.data(256)))
        exam_id = exam.id

        def job() -> None:
            svc = PhotoService(session)
            current = {r.id: r.injury_ids for r in svc.records(exam_id)}
            for pid in ids:
                old = current.get(pid, ())
                new = [i for i in old if i not in drop] + sorted(add - set(old))
                if tuple(new) != tuple(old):
                    svc.link_injuries([pid], new)

        self.editor.ops.run(job, lambda _r: self.reload(), lambda e: errors.handle(self, e))

    def _ask_remove(self) -> None:
        self.remove_selected()

    def remove_selected(self, confirmed: bool | None = None) -> None:
        """Remove wrongly imported photos from a draft, after a confirmation (default: No)."""
        ids, session = self.selected_ids(), self.editor.session
        if not ids or session is None or getattr(self.editor, "read_only", False):
            return
        if confirmed is None:
            numbers = ", ".join(str(r.number) for r in self.model.rows if r.id in set(ids))
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                self.tr("Remove photos?"),
                self.tr(
                    "Remove photo %1 from this examination? The stored copy is deleted; the access log "
                    "records the removal. Use this only for a wrong file, e.g. another patient's photo."
                ).replace("%1", numbers),
                QMessageBox.StandardButton.Cancel,
                self,
            )
            remove = box.addButton(self.tr("Remove"), QMessageBox.ButtonRole.DestructiveRole)
            box.setDefaultButton(QMessageBox.StandardButton.Cancel)
            box.exec()
            confirmed = box.clickedButton() is remove
        if not confirmed:
            return

        def job() -> None:
            svc = PhotoService(session)
            for pid in ids:
                svc.delete(pid)

        self.editor.ops.run(job, lambda _r: self.reload(), lambda e: errors.handle(self, e))

    def focus_injury(self, injury_id: str) -> None:
        """Select the photos that show the injury (their ticks then show their links)."""
        sel = self.grid.selectionModel()
        sel.clearSelection()
        for row, rec in enumerate(self.model.rows):
            if injury_id in rec.injury_ids:
                sel.select(self.model.index(row), sel.SelectionFlag.Select)
        self._selection_changed()
        if not sel.hasSelection():  # none yet: tick it, ready for the photos the user selects next
            for i in range(self.injury_list.count()):
                item = self.injury_list.item(i)
                if item.data(256) == injury_id:
                    item.setCheckState(Qt.CheckState.Checked)

    def _view(self, index: QModelIndex) -> None:
        session = self.editor.session
        if not index.isValid() or session is None:
            return
        rec = self.model.rows[index.row()]
        self.editor.ops.run(
            lambda: PhotoService(session).preview(rec.id),
            lambda data: PhotoViewer(data, f"{rec.number}. {rec.original_name}", self).show(),
            lambda e: errors.handle(self, e),
        )
