"""The handler of a protected case adds a co-handler in the GUI (issue 18 item 9)."""

from __future__ import annotations

from injurydoc.domain.errors import AccessDenied
from injurydoc.domain.vocab import Protection
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.patients import PatientService
from injurydoc.ui import errors as ui_errors
from injurydoc.ui.app import install_translations
from injurydoc.ui.main_window import MainWindow

from .conftest import make_pnr
from .ui_steps import idle, sign_in


def test_case_handler_adds_a_co_handler(qtbot, qapp, store, monkeypatch):
    install_translations(qapp, "sv")
    s = store.sign_in("anna")
    p = PatientService(s).create(
        personal_id=make_pnr(51), name="Med Medsson", protection=Protection.SKYDDAD_FOLKBOKFORING
    )
    e = ExaminationService(s).create(p.id)
    plain = PatientService(s).create(personal_id=make_pnr(52), name="Vanlig Vansson")
    plain_exam = ExaminationService(s).create(plain.id)
    s.close()
    s = store.sign_in("erik")
    try:
        ExaminationService(s).get(e.id)
        raise AssertionError("erik should not see the case yet")
    except AccessDenied:
        pass
    s.close()
    w = MainWindow(store.folder, lock_ms=60_000)
    qtbot.addWidget(w)
    w.show()
    sign_in(qtbot, w)
    w.open_exam(plain_exam.id)
    qtbot.waitUntil(lambda: w.editor.exam is not None, timeout=5000)
    assert not w.editor.header.co_handler_button.isVisible()  # not a protected case
    w.editor.close_editor()
    w.open_exam(e.id)
    qtbot.waitUntil(lambda: w.editor.exam is not None and w.editor.exam.id == e.id, timeout=5000)
    assert w.editor.header.co_handler_button.isVisible()
    dlg = w.editor.open_co_handlers()
    shown = []
    monkeypatch.setattr(ui_errors, "show_known", lambda _p, exc: shown.append(exc.code))
    dlg.username.setText("ingen-sadan")
    dlg.submit()
    idle(qtbot, w)
    assert shown == ["account.not_found"] and dlg.added is None
    dlg.username.setText("erik")
    dlg.submit()
    idle(qtbot, w)
    assert dlg.added == "Erik" and "Erik" in dlg.message.text()
    w.editor.close_editor()
    w.close()
    s = store.sign_in("erik")
    assert ExaminationService(s).get(e.id).id == e.id
    s.close()
