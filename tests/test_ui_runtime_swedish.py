"""No English at run time in the Swedish UI (issue 18 item 10).

The catalogue test (test_translations.py) checks the .ts; this one walks every widget of every screen
with the Swedish translator loaded and flags text that is still English: a string that is the English
source of a catalogue entry (a context mismatch: lupdate filed it under another context than the one
used at run time) or that contains common English words.  Allowed: names and terms that are the same
in both languages."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTabWidget,
    QWidget,
)

from injurydoc.domain.vocab import BodyRegion, InjuryType, Side
from injurydoc.resources import resource_path
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.patients import PatientService
from injurydoc.ui.app import install_qt_translations, install_translations
from injurydoc.ui.export_dialog import ExportDialog
from injurydoc.ui.main_window import MainWindow
from injurydoc.ui.signing_key_dialog import SigningKeyDialog

from .conftest import PASSWORD, make_pnr
from .ui_steps import idle, sign_in

_ENGLISH = re.compile(
    r"\b(the|and|with|your|this|that|of|to|is|are|not|for|from|add|remove|choose|select|search|"
    r"photos?|injur(?:y|ies)|sign(?:ed)?|patient's|examination|report|none|yes|no|cancel|close|"
    r"open|save|new|back)\b",
    re.IGNORECASE,
)
#: Same in both languages, or data rather than UI text.
ALLOWED = {"Region", "Kind", "PDF", "CSV", "SITHS", "Net iD", "OpenSC", "SoftHSM", "PKCS#11", "GPS", "SIP"}


def _sources() -> set[str]:
    root = ET.parse(resource_path("translations", "injurydoc_sv.ts")).getroot()
    out = set()
    for msg in root.iter("message"):
        src, tr = msg.findtext("source") or "", msg.findtext("translation") or ""
        if src.strip() and src != tr:
            out.add(src)
    return out


def _texts(root: QWidget) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []

    def add(w: QWidget, text: str) -> None:
        if text and text.strip():
            found.append((f"{type(w).__name__}:{w.objectName()}", text))

    for w in [root, *root.findChildren(QWidget)]:
        add(w, w.toolTip())
        add(w, w.accessibleName())
        if w.isWindow():
            add(w, w.windowTitle())
        is_plain_label = isinstance(w, QLabel) and w.textFormat() != Qt.TextFormat.RichText
        if is_plain_label or isinstance(w, QAbstractButton):
            add(w, w.text())
        elif isinstance(w, QLineEdit | QPlainTextEdit):
            add(w, w.placeholderText())
        elif isinstance(w, QGroupBox):
            add(w, w.title())
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                add(w, w.itemText(i))
        elif isinstance(w, QTabWidget):
            for i in range(w.count()):
                add(w, w.tabText(i))
        if isinstance(w, QListWidget):
            for i in range(w.count()):
                add(w, w.item(i).text())
        elif isinstance(w, QAbstractItemView) and w.model() is not None:
            m = w.model()
            try:
                columns = m.columnCount(QModelIndex())
            except TypeError:  # list models have one column and no header
                columns = 0
            for c in range(columns):
                add(w, str(m.headerData(c, Qt.Orientation.Horizontal) or ""))
    return found


def _english(found: list[tuple[str, str]], sources: set[str], data: set[str]) -> list[tuple[str, str]]:
    bad = []
    for where, text in found:
        for raw in text.splitlines():
            line = raw.strip()
            if not line or line in ALLOWED or any(d in line for d in data):
                continue
            if line in sources or _ENGLISH.search(line):
                bad.append((where, line))
    return bad


def test_every_screen_is_swedish_at_run_time(qtbot, qapp, store, tmp_path):
    install_translations(qapp, "sv")
    install_qt_translations(qapp, "sv")  # the program does this once the window shows
    s = store.sign_in("anna")
    p = PatientService(s).create(personal_id=make_pnr(45), name="Svensk Svensson")
    svc = ExaminationService(s)
    e = svc.create(p.id)
    svc.add_injury(e.id, type=InjuryType.BRUISE, region=BodyRegion.THIGH, side=Side.LEFT)
    s.close()
    data = {"Svensk Svensson", make_pnr(45), "Vårdcentralen Test", "anna", "Anna", "chef", "Chef Testsson"}
    sources = _sources()
    w = MainWindow(store.folder, lock_ms=600_000)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    screens: dict[str, list[tuple[str, str]]] = {}
    screens["signin"] = _texts(w.signin)
    sign_in(qtbot, w)
    idle(qtbot, w)
    screens["start"] = _texts(w.start)
    w.open_exam(e.id)
    qtbot.waitUntil(lambda: w.editor.exam is not None, timeout=5000)
    ed = w.editor
    ed.absent.add_button.click()
    for row in range(ed.nav.count()):
        ed.nav.setCurrentRow(row)
        idle(qtbot, w)
    screens["editor"] = _texts(ed)
    dlg = ed.review.sign()
    idle(qtbot, w)
    screens["sign"] = _texts(dlg)
    dlg.reject()
    ed.review.sign(password=PASSWORD)
    qtbot.waitUntil(lambda: ed.exam is not None and ed.exam.is_signed, timeout=10000)
    export = ExportDialog(w.ops, ed.session, ed.exam, ed.patient, ed)
    qtbot.addWidget(export)
    screens["export"] = _texts(export)
    key = SigningKeyDialog(w.ops, ed.session, export)
    idle(qtbot, w)
    screens["signing key"] = _texts(key)
    key.reject()
    export.reject()
    ed.close_editor()
    w.start.new_button.click()
    idle(qtbot, w)
    screens["new examination"] = _texts(w.new_dialog)
    w.new_dialog.reject()
    w.sign_out()
    sign_in(qtbot, w, user="chef")
    w.start.manager_button.click()
    idle(qtbot, w)
    screens["manager"] = _texts(w.manager)
    bad = {name: _english(found, sources, data) for name, found in screens.items()}
    bad = {k: v for k, v in bad.items() if v}
    assert bad == {}
    w.close()
