"""Injuries: the body map, the list of injuries and the form of the selected one.

A click on the figure adds a numbered injury with region and the patient's side filled in from the
drawing; the clinician corrects them if needed.  The selected mark and the list row follow each other.
There is no field for the age of a bruise: colour is described as seen.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from injurydoc.domain.fields import INJURY_FIELDS, Field, Kind, Show, shown
from injurydoc.domain.models import BodyMark, Examination, Injury
from injurydoc.domain.vocab import BodyRegion, BodyView, InjuryType, Lang, Side
from injurydoc.services.examinations import ExaminationService
from injurydoc.ui import errors, forms
from injurydoc.ui.bodymap_items import MarkItem
from injurydoc.ui.bodymap_view import BodyMapView

if TYPE_CHECKING:
    from injurydoc.ui.exam_editor import ExamEditor


def _size(path: str) -> forms.Binding:
    w = QDoubleSpinBox()
    w.setRange(0, 2000)
    w.setDecimals(0)
    w.setSuffix(" mm")
    w.setSpecialValueText("–")  # 0 = not measured
    b = forms.Binding(path, w, lambda: w.value() or None, lambda v: w.setValue(float(v or 0)))
    w.valueChanged.connect(b.notify)
    return b


def _binding(f: Field, lang: Lang) -> forms.Binding:
    """The editor's widget for a registry injury field, chosen by its kind."""
    if f.kind is Kind.MM:
        return _size(f.code)
    if f.kind is Kind.CHOICE and f.options is not None:
        return forms.vocab(f.code, f.options, lang)
    if f.kind is Kind.MULTILINE:
        return forms.multiline(f.code, f.help(lang), height=70)
    return forms.text(f.code, f.help(lang))


class InjuriesPanel(QWidget):
    #: an injury was added or removed: the examination with its new list (photos and review follow)
    injuries_listed = Signal(object)
    #: one injury's details were saved: the examination with them (the review follows)
    injury_saved = Signal(object)

    def __init__(self, editor: ExamEditor) -> None:
        super().__init__()
        self.editor = editor
        self.exam: Examination | None = None
        self.current: Injury | None = None
        self.dirty: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self.save_now)
        lang = editor.lang

        self.map = BodyMapView()
        self.map.mark_requested.connect(self._add_at)
        self.map.mark_moved.connect(self._moved)
        self.map.mark_selected.connect(self.select)

        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Injuries"))
        self.list.currentItemChanged.connect(self._row_changed)
        # Keyboard users add a mark at the centre of the view shown, then move it with the arrow keys;
        # region and side follow the mark.
        self.add_button = QPushButton(self.tr("Add injury at the centre (then move it with the arrow keys)"))
        self.add_button.clicked.connect(self._add_centre)
        self.delete_button = QPushButton(self.tr("Remove injury"))
        self.delete_button.clicked.connect(self._delete)
        hint = QLabel(self.tr("Click on the figure where the injury is. Side is the patient's side."))
        hint.setWordWrap(True)

        registry = shown(INJURY_FIELDS, Show.EDITOR)
        self.fields: list[forms.Binding] = [_binding(f, lang) for f in registry]
        labels = [f.label(lang) for f in registry]
        for b in self.fields:
            b.changed.connect(self._mark_dirty)
        self.form_box = QWidget()
        self.form_box.setLayout(forms.form(list(zip(labels, self.fields, strict=True))))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form_box)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.addWidget(hint)
        lv.addWidget(self.map, 1)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.delete_button)
        rv.addLayout(buttons)
        rv.addWidget(scroll, 2)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([420, 520])
        QVBoxLayout(self).addWidget(split)
        self._enable_form(False)

    # ----- showing --------------------------------------------------------------------------------
    def load(self, exam: Examination) -> None:
        keep = self.current.id if self.current else None
        self.exam = exam
        self.list.blockSignals(True)
        self.list.clear()
        for inj in exam.injuries:
            item = QListWidgetItem(self._label(inj))
            item.setData(256, inj.id)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.map.set_marks(
            [MarkItem(i.id, i.number, m.view.code, m.x, m.y) for i in exam.injuries for m in i.marks]
        )
        ro = self.editor.read_only if hasattr(self.editor, "read_only") else False
        self.map.set_read_only(ro)
        self.add_button.setEnabled(not ro)
        self.delete_button.setEnabled(not ro)
        if keep and any(i.id == keep for i in exam.injuries):
            self.select(keep)
        elif exam.injuries:
            self.select(exam.injuries[0].id)
        else:
            self.current = None
            self._enable_form(False)

    def _label(self, inj: Injury) -> str:
        lang = self.editor.lang
        return f"{inj.number}. {inj.type.label(lang)} – {inj.region.label(lang)}, {inj.side.label(lang)}"

    def _enable_form(self, enabled: bool) -> None:
        ro = getattr(self.editor, "read_only", False)
        for b in self.fields:
            b.widget.setEnabled(enabled and not ro)

    def select(self, injury_id: str) -> None:
        if self.exam is None:
            return
        for row in range(self.list.count()):
            if self.list.item(row).data(256) == injury_id:
                self.list.setCurrentRow(row)
        self.map.select(injury_id)

    def _row_changed(self, item: QListWidgetItem | None, _prev: Any = None) -> None:
        self.save_now()
        if item is None or self.exam is None:
            self.current = None
            self._enable_form(False)
            return
        self.current = next(i for i in self.exam.injuries if i.id == item.data(256))
        for b in self.fields:
            b.load(self.current)
        self._enable_form(True)
        self.map.select(self.current.id)

    # ----- changing -------------------------------------------------------------------------------
    def _run(self, fn: Any) -> None:
        session = self.editor.session
        if session is None or self.exam is None:
            return
        exam_id = self.exam.id

        def job() -> tuple[Examination, Any]:
            made = fn(ExaminationService(session))
            return ExaminationService(session).get(exam_id), made

        self.editor.ops.run(job, lambda r: self._reloaded(*r), lambda exc: errors.handle(self, exc))

    def _reloaded(self, exam: Examination, made: Any = None) -> None:
        self.load(exam)
        if isinstance(made, Injury) and made.examination_id == exam.id:
            self.select(made.id)  # a new injury is the one the next size or colour goes to
        self.injuries_listed.emit(exam)

    def _add_at(self, view: str, nx: float, ny: float, region: Any, side: Any) -> None:
        if self.exam is None or getattr(self.editor, "read_only", False):
            return
        marks = (BodyMark(BodyView(view), nx, ny),) if nx >= 0 else ()
        reg = BodyRegion(region) if region else BodyRegion.OTHER
        sd = Side(side) if side else Side.MIDLINE
        exam_id = self.exam.id
        self._run(
            lambda svc: svc.add_injury(exam_id, type=InjuryType.OTHER, region=reg, side=sd, marks=marks)
        )

    def _add_centre(self) -> None:
        from injurydoc import bodymap

        view = self.map.current_view()
        hit = bodymap.load_view(view).hit(0.5, 0.5)
        self._add_at(view, 0.5, 0.5, hit.code if hit else None, hit.side if hit else None)

    def _moved(self, injury_id: str, view: str, nx: float, ny: float) -> None:
        if self.exam is None:
            return
        from injurydoc import bodymap

        hit = bodymap.load_view(view).hit(nx, ny)
        changes: dict[str, Any] = {"marks": (BodyMark(BodyView(view), nx, ny),)}
        if hit is not None:
            changes.update(region=BodyRegion(hit.code), side=Side(hit.side))
        self._run(lambda svc: svc.update_injury(injury_id, **changes))

    def _delete(self) -> None:
        if self.current is None:
            return
        injury_id = self.current.id
        self.current = None
        self.dirty.clear()
        self._run(lambda svc: svc.delete_injury(injury_id))

    def _mark_dirty(self, field: str) -> None:
        if self.current is None or getattr(self.editor, "read_only", False):
            return
        self.dirty.add(field)
        self._timer.start()

    def save_now(self) -> None:
        self._timer.stop()
        if self.current is None or not self.dirty or self.editor.session is None:
            return
        changes = {f: forms.apply(self.current, self.fields, f) for f in self.dirty}
        self.dirty.clear()
        injury_id, session = self.current.id, self.editor.session
        self.current = dataclasses.replace(self.current, **changes)
        item = self.list.currentItem()
        if item is not None:
            item.setText(self._label(self.current))

        def job() -> Injury:
            return ExaminationService(session).update_injury(injury_id, **changes)

        self.editor.ops.run(job, self._saved_one, lambda exc: errors.handle(self, exc))

    def _saved_one(self, inj: Injury) -> None:
        if self.exam is not None:
            injuries = tuple(inj if i.id == inj.id else i for i in self.exam.injuries)
            self.exam = dataclasses.replace(self.exam, injuries=injuries)
            self.injury_saved.emit(self.exam)

    def flush(self) -> None:
        self.save_now()

    def clear(self) -> None:
        self._timer.stop()
        self.exam = self.current = None
        self.dirty.clear()
        self.list.clear()
        self.map.set_marks([])
        for b in self.fields:
            b.reset()
