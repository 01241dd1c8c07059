"""Binding form widgets to examination fields: each widget knows its field path and how to read and
write its value; a change marks the top-level field dirty for the editor's autosave."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from injurydoc.domain.vocab import Lang, Vocab


class Binding(QObject):
    """One field: ``path`` is "patient_account" or "strangulation.could_breathe"."""

    changed = Signal(str)  # top-level field name

    def __init__(
        self, path: str, widget: QWidget, get: Callable[[], Any], put: Callable[[Any], None]
    ) -> None:
        super().__init__(widget)
        self.path = path
        self.widget = widget
        self._get, self._put = get, put
        self._loading = False

    @property
    def field(self) -> str:
        return self.path.split(".", 1)[0]

    def value(self) -> Any:
        return self._get()

    def load(self, obj: Any) -> None:
        value = obj
        for part in self.path.split("."):
            value = getattr(value, part)
        self._loading = True
        try:
            self._put(value)
        finally:
            self._loading = False

    def reset(self) -> None:
        """Show the empty value; the widget keeps its choices (a combo box keeps its items)."""
        self._loading = True
        try:
            self._put(None)
        finally:
            self._loading = False

    def notify(self, *_: Any) -> None:
        if not self._loading:
            self.changed.emit(self.field)


def apply(obj: Any, bindings: list[Binding], field: str) -> Any:
    """The new value of top-level ``field`` of ``obj`` from the widgets bound to it."""
    current = getattr(obj, field)
    nested: dict[str, Any] = {}
    for b in bindings:
        if b.field != field:
            continue
        if b.path == field:
            return b.value()
        nested[b.path.split(".", 1)[1]] = b.value()
    return dataclasses.replace(current, **nested) if nested else current


def text(path: str, placeholder: str = "") -> Binding:
    w = QLineEdit()
    w.setPlaceholderText(placeholder)
    b = Binding(path, w, lambda: w.text().strip(), lambda v: w.setText(v or ""))
    w.textChanged.connect(b.notify)
    return b


def multiline(path: str, placeholder: str = "", height: int = 90) -> Binding:
    w = QPlainTextEdit()
    w.setPlaceholderText(placeholder)
    w.setTabChangesFocus(True)  # keyboard users move on with Tab
    w.setMinimumHeight(height)
    b = Binding(path, w, lambda: w.toPlainText().strip(), lambda v: w.setPlainText(v or ""))
    w.textChanged.connect(b.notify)
    return b


def vocab(path: str, cls: type[Vocab], lang: Lang, empty: str | None = None) -> Binding:
    w = QComboBox()
    if empty is not None:
        w.addItem(empty, None)
    for member in cls:
        w.addItem(member.label(lang), member)

    def put(v: Any) -> None:
        i = w.findData(v)
        w.setCurrentIndex(max(i, 0))

    def get() -> Vocab | None:
        # Qt hands a str-based enum back as a plain str: turn it into the vocabulary term again.
        data = w.currentData()
        return None if data is None else cls(data)

    b = Binding(path, w, get, put)
    w.currentIndexChanged.connect(b.notify)
    return b


def check(path: str, label: str) -> Binding:
    w = QCheckBox(label)
    b = Binding(path, w, w.isChecked, lambda v: w.setChecked(bool(v)))
    w.toggled.connect(b.notify)
    return b


def multi_vocab(path: str, cls: type[Vocab], lang: Lang, columns: int = 2) -> Binding:
    box = QWidget()
    grid = QGridLayout(box)
    grid.setContentsMargins(0, 0, 0, 0)
    boxes: list[tuple[QCheckBox, Vocab]] = []
    for i, member in enumerate(cls):
        cb = QCheckBox(member.label(lang))
        grid.addWidget(cb, i // columns, i % columns)
        boxes.append((cb, member))

    def get() -> tuple[Vocab, ...]:
        return tuple(m for cb, m in boxes if cb.isChecked())

    def put(v: Any) -> None:
        chosen = set(v or ())
        for cb, m in boxes:
            cb.setChecked(m in chosen)

    b = Binding(path, box, get, put)
    for cb, _ in boxes:
        cb.toggled.connect(b.notify)
    return b


def form(rows: list[tuple[str, Binding]]) -> QFormLayout:
    layout = QFormLayout()
    layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
    for label, binding in rows:
        layout.addRow(label, binding.widget)
    return layout


class _WheelGuard(QObject):
    """The mouse wheel scrolls the page; it changes a value only in the field that has focus."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Wheel and isinstance(obj, QWidget) and not obj.hasFocus():
            event.ignore()  # passed on to the parent: the scroll area scrolls
            return True
        return False


@functools.cache
def _wheel_guard() -> _WheelGuard:
    return _WheelGuard()


def guard_wheel(root: QWidget) -> None:
    """Spin boxes and combo boxes in ``root`` (and ``root`` itself) ignore the wheel unless focused,
    and the wheel no longer gives them focus: a measurement never changes while the page scrolls."""
    guard = _wheel_guard()
    widgets: list[QWidget] = [root, *root.findChildren(QAbstractSpinBox), *root.findChildren(QComboBox)]
    for w in widgets:
        if isinstance(w, QAbstractSpinBox | QComboBox):
            w.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            w.removeEventFilter(guard)
            w.installEventFilter(guard)
