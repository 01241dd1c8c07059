"""The unit manager's page: accounts, access to protected cases, the access log and its exports."""

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from injurydoc.domain.vocab import AuditAction, Profession, Protection, Role
from injurydoc.services.audit_log import AuditService, VerifyResult
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.patients import PatientService
from injurydoc.ui.app import install_translations
from injurydoc.ui.manager_models import ERROR_STYLE, OK_STYLE
from injurydoc.ui.manager_page import ManagerPage
from injurydoc.ui.ops import Ops

from .conftest import DISTINCT_NAME, DISTINCT_PNR, PASSWORD

TIMEOUT = 10000


@pytest.fixture
def protected_case(store):
    s = store.sign_in("anna")
    p = PatientService(s).create(
        personal_id=DISTINCT_PNR, name=DISTINCT_NAME, protection=Protection.SEKRETESSMARKERING
    )
    exam = ExaminationService(s).create(p.id)
    ExaminationService(s).get(exam.id)
    s.close()
    return p.id, exam.case_ref


@pytest.fixture
def page(qtbot, qapp, store, protected_case):
    install_translations(qapp, "sv")
    session = store.sign_in("chef")
    ops = Ops()
    w = ManagerPage(ops)
    qtbot.addWidget(w)
    w.resize(1100, 700)
    w.show()
    w.open_session(session)
    qtbot.waitUntil(lambda: w.accounts_tab.accounts_model.rowCount() == 4, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: w.cases_tab.cases_model.rowCount() == 1, timeout=TIMEOUT)
    yield w
    w.close_session()
    ops.wait()
    session.close()


def _column(model, col):
    return [model.index(r, col).data() for r in range(model.rowCount())]


def _account_id(page, username):
    return next(a.id for a in page.accounts if a.username == username)


def test_accounts_are_listed_with_vocabulary_labels(page):
    assert _column(page.accounts_tab.accounts_model, 0) == ["anna", "chef", "erik", "olle"]
    row = _column(page.accounts_tab.accounts_model, 0).index("anna")
    assert page.accounts_tab.accounts_model.index(row, 2).data() == "Vårdpersonal"
    assert page.accounts_tab.accounts_model.index(row, 3).data() == "Sjuksköterska"
    chef = _column(page.accounts_tab.accounts_model, 0).index("chef")
    assert page.accounts_tab.accounts_model.index(chef, 2).data() == "Enhetschef"
    # the other tabs offer the same accounts
    assert page.cases_tab.grant_account.count() == 4
    assert page.log_tab.log_account.count() == 5  # "all accounts" first


def test_new_account_through_the_dialog(qtbot, page):
    dialog = page.accounts_tab.new_account()
    assert dialog.isVisible()
    assert dialog.profession.itemText(0) == Profession.NURSE.label("sv")
    dialog.username.setText("lisa")
    dialog.display_name.setText("Lisa Läkare")
    dialog.role_boxes[Role.CLINICIAN].setChecked(True)
    dialog.role_boxes[Role.TRAINER].setChecked(True)
    dialog.profession.setCurrentIndex(dialog.profession.findData(Profession.PHYSICIAN.code))
    dialog.hsa_id.setText("SE2321000016-1234")

    # two different passwords: refused in the dialog, nothing is sent to the store
    dialog.password.setText(PASSWORD)
    dialog.password_again.setText(PASSWORD + "x")
    dialog.accept()
    assert dialog.message.text() != ""
    assert dialog.password_again.text() == ""
    assert dialog.isVisible()

    # too short: the service refuses, the dialog stays open with the catalogue's Swedish message
    dialog.password.setText("kort")
    dialog.password_again.setText("kort")
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.message.text().startswith("Lösenordet måste ha minst"), timeout=TIMEOUT)
    assert dialog.isVisible()
    assert dialog.buttons.isEnabled()

    dialog.password.setText(PASSWORD)
    dialog.password_again.setText(PASSWORD)
    dialog.accept()
    qtbot.waitUntil(lambda: page.accounts_tab.accounts_model.rowCount() == 5, timeout=TIMEOUT)
    assert not dialog.isVisible()
    row = _column(page.accounts_tab.accounts_model, 0).index("lisa")
    assert page.accounts_tab.accounts_model.index(row, 1).data() == "Lisa Läkare"
    assert page.accounts_tab.accounts_model.index(row, 2).data() == "Vårdpersonal, Utbildare"
    assert page.accounts_tab.accounts_model.index(row, 3).data() == "Läkare"
    assert page.accounts_tab.accounts_model.index(row, 4).data() == "SE2321000016-1234"
    assert page.cases_tab.grant_account.findData(_account_id(page, "lisa")) >= 0


def test_taken_user_name_is_refused_in_the_dialog(qtbot, page):
    dialog = page.accounts_tab.new_account()
    dialog.username.setText("anna")
    dialog.display_name.setText("Another Anna")
    dialog.password.setText(PASSWORD)
    dialog.password_again.setText(PASSWORD)
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.message.text() == "Användarnamnet finns redan.", timeout=TIMEOUT)
    assert page.accounts_tab.accounts_model.rowCount() == 4
    dialog.reject()


def test_disable_and_enable_again_with_a_new_password(qtbot, page, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    olle = _column(page.accounts_tab.accounts_model, 0).index("olle")
    page.accounts_tab.accounts_view.selectRow(olle)
    page.accounts_tab.disable_button.click()
    qtbot.waitUntil(
        lambda: page.accounts_tab.accounts_model.index(olle, 5).data() == "Nej, avstängt", timeout=TIMEOUT
    )
    assert page.cases_tab.grant_account.findData(_account_id(page, "olle")) == -1  # only active accounts
    assert page.log_tab.log_account.findData(_account_id(page, "olle")) >= 0  # the log keeps everyone
    assert not page.accounts_tab.disable_button.isEnabled()

    dialog = page.accounts_tab.set_password()
    dialog.password.setText("ett nytt långt lösenord")
    dialog.password_again.setText("ett nytt långt lösenord")
    dialog.accept()
    qtbot.waitUntil(lambda: page.accounts_tab.accounts_model.index(olle, 5).data() == "Ja", timeout=TIMEOUT)
    assert not dialog.isVisible()

    # the last unit manager cannot be disabled: the catalogue's message is shown
    page.accounts_tab.accounts_view.selectRow(_column(page.accounts_tab.accounts_model, 0).index("chef"))
    page.accounts_tab.disable_button.click()
    qtbot.waitUntil(lambda: warnings != [], timeout=TIMEOUT)
    assert warnings == ["Det sista aktiva enhetschefskontot kan inte stängas av."]


def test_protected_case_shows_no_name_and_access_can_be_granted_and_revoked(qtbot, page, protected_case):
    patient_id, case_ref = protected_case
    model = page.cases_tab.cases_model
    assert model.index(0, 0).data() == case_ref
    assert model.index(0, 1).data() == "Sekretessmarkering"
    assert model.index(0, 2).data() == "anna"
    shown = " ".join(str(model.index(0, c).data()) for c in range(model.columnCount()))
    assert DISTINCT_NAME not in shown and DISTINCT_PNR not in shown
    assert "erik" not in model.index(0, 4).data()

    page.cases_tab.cases_view.selectRow(0)
    assert page.cases_tab.grant_button.isEnabled()
    page.cases_tab.grant_account.setCurrentIndex(
        page.cases_tab.grant_account.findData(_account_id(page, "erik"))
    )
    page.cases_tab.grant_reason.setText("Vikarierar för anna")
    page.cases_tab.grant_until.setDate(QDate.currentDate().addDays(10))
    page.cases_tab.grant_button.click()
    qtbot.waitUntil(lambda: "erik" in model.index(0, 4).data(), timeout=TIMEOUT)
    assert "erik" in page.cases_tab.cases_message.text()
    # the reason and end date typed are the grant's (issue 18 item 9)
    page.ops.wait()
    until = QDate.currentDate().addDays(10).toString("yyyy-MM-dd")
    assert page.session.db.one(
        "SELECT reason, expires_on FROM access_grants WHERE patient_id = ? AND kind = 'grant'", (patient_id,)
    ) == ("Vikarierar för anna", until)
    assert (
        page.cases_tab.cases_view.selectionModel().selectedRows()[0].row() == 0
    )  # selection survives refresh

    page.cases_tab.revoke_button.click()
    qtbot.waitUntil(lambda: "erik" not in model.index(0, 4).data(), timeout=TIMEOUT)

    # the case's own log: grant and revoke are in it, under the patient id
    page.cases_tab.case_log_button.click()
    assert page.tabs.currentIndex() == 2
    assert page.log_tab.log_patient.text() == patient_id
    qtbot.waitUntil(lambda: page.log_tab.log_model.rowCount() > 0, timeout=TIMEOUT)
    assert set(_column(page.log_tab.log_model, 5)) == {patient_id}
    assert _column(page.log_tab.log_model, 3).count("Behörighet") == 2
    assert "account:erik" in _column(page.log_tab.log_model, 6)
    assert f"examination:{case_ref}" in _column(page.log_tab.log_model, 6)


def test_access_log_filtered_by_action(qtbot, page):
    page.log_tab.log_action.setCurrentIndex(page.log_tab.log_action.findData(AuditAction.READ.code))
    page.log_tab.search_button.click()
    qtbot.waitUntil(lambda: page.log_tab.log_model.rowCount() > 0, timeout=TIMEOUT)
    assert set(_column(page.log_tab.log_model, 3)) == {"Läste"}
    assert set(_column(page.log_tab.log_model, 2)) == {"anna"}

    page.log_tab.log_action.setCurrentIndex(0)
    page.log_tab.log_account.setCurrentIndex(page.log_tab.log_account.findData(_account_id(page, "chef")))
    page.log_tab.search_button.click()
    qtbot.waitUntil(lambda: set(_column(page.log_tab.log_model, 2)) == {"chef"}, timeout=TIMEOUT)
    assert "Loggade in" in _column(page.log_tab.log_model, 3)


def test_export_csv_writes_the_whole_file(qtbot, page, tmp_path, monkeypatch):
    folder = tmp_path / "reports"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(folder / "granskning"), ""))
    page.log_tab.log_action.setCurrentIndex(page.log_tab.log_action.findData(AuditAction.READ.code))
    page.log_tab.csv_button.click()
    target = folder / "granskning.csv"
    qtbot.waitUntil(target.exists, timeout=TIMEOUT)
    page.ops.wait()
    qtbot.waitUntil(lambda: str(target) in page.log_tab.log_status.text(), timeout=TIMEOUT)
    assert [p.name for p in folder.iterdir()] == ["granskning.csv"]  # no temp file left behind
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0].split(";")[:3] == ["Nr", "Tid", "Vårdenhet"]
    assert len(lines) == 2  # anna read the case once
    assert ";anna;Läste;" in lines[1]
    assert DISTINCT_NAME not in data.decode("utf-8-sig")
    assert (target.stat().st_mode & 0o077) == 0  # owner only


def test_export_pdf_and_verify(qtbot, page, tmp_path, monkeypatch):
    target = tmp_path / "logg.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page.log_tab.pdf_button.click()
    qtbot.waitUntil(target.exists, timeout=20000)
    assert target.read_bytes().startswith(b"%PDF")

    page.log_tab.verify_button.click()
    qtbot.waitUntil(lambda: page.log_tab.verify_result.styleSheet() == OK_STYLE, timeout=TIMEOUT)
    assert any(ch.isdigit() for ch in page.log_tab.verify_result.text())


def test_broken_log_names_the_first_broken_row(qtbot, page, monkeypatch):
    from injurydoc.services.audit_log import BreakLine

    line = BreakLine(
        7,
        "2026-12-05 10:03:12 UTC",
        "2026-12-05 10:03:12 UTC",
        "innehållet i rad 7 har ändrats",
        "the content of row 7 has been changed",
    )
    broken = VerifyResult(rows=9, whole=False, first_broken_seq=7, problem=line.what_en, lines=(line,))
    monkeypatch.setattr(AuditService, "verify", lambda self: broken)
    page.log_tab.verify_button.click()
    qtbot.waitUntil(lambda: page.log_tab.verify_result.styleSheet() == ERROR_STYLE, timeout=TIMEOUT)
    assert (
        "Rad 7 (2026-12-05 10:03:12 UTC): innehållet i rad 7 har ändrats" in page.log_tab.verify_result.text()
    )
    # Many breaks: the first few are listed, the rest counted (the command line lists them all).
    import dataclasses

    many = dataclasses.replace(broken, lines=(line,) * 11)
    monkeypatch.setattr(AuditService, "verify", lambda self: many)
    page.log_tab.verify_result.clear()
    page.log_tab.verify_button.click()
    qtbot.waitUntil(lambda: "och 3 till" in page.log_tab.verify_result.text(), timeout=TIMEOUT)
    assert page.log_tab.verify_result.text().count("• Rad 7") == 8


def test_export_that_cannot_be_written_shows_why_and_leaves_nothing(qtbot, page, tmp_path, monkeypatch):
    gone = tmp_path / "removed meanwhile"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(gone / "x.csv"), ""))
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    page.log_tab.csv_button.click()
    qtbot.waitUntil(lambda: warnings != [], timeout=TIMEOUT)
    assert warnings[0].startswith("Filen kunde inte skrivas")
    assert not gone.exists()


def test_cancelled_save_dialog_writes_nothing(qtbot, page, tmp_path, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    page.log_tab.csv_button.click()
    page.ops.wait()
    assert list(tmp_path.glob("*.csv")) == []


def test_close_session_empties_every_model(qtbot, page):
    page.log_tab.search_button.click()
    qtbot.waitUntil(lambda: page.log_tab.log_model.rowCount() > 0, timeout=TIMEOUT)
    dialog = page.accounts_tab.new_account()
    page.close_session()
    assert page.accounts_tab.accounts_model.rowCount() == 0
    assert page.cases_tab.cases_model.rowCount() == 0
    assert page.log_tab.log_model.rowCount() == 0
    assert page.accounts == []
    assert page.cases_tab.grant_account.count() == 0
    assert page.log_tab.log_account.count() == 1
    assert not dialog.isVisible()
    assert not page.log_tab.search_button.isEnabled()
    assert not page.accounts_tab.new_button.isEnabled()
    # a refresh that was under way when the session closed does not bring rows back
    page.ops.wait()
    qtbot.wait(50)
    assert page.accounts_tab.accounts_model.rowCount() == 0


def _visible_text(widget) -> str:
    """Every label and button text of the widget that is on screen now."""
    from PySide6.QtWidgets import QAbstractButton, QLabel

    parts = [
        w.text() for w in widget.findChildren(QLabel) + widget.findChildren(QAbstractButton) if w.isVisible()
    ]
    return "\n".join(parts)


def _distinct_colours(image, step: int = 7) -> int:
    return len(
        {image.pixel(x, y) for x in range(0, image.width(), step) for y in range(0, image.height(), step)}
    )


def test_render_each_tab(qtbot, page, protected_case):
    """Each tab, when chosen, is the one on screen (and only it) and shows its own content, in Swedish."""
    _patient_id, case_ref = protected_case
    page.cases_tab.cases_view.selectRow(0)
    page.log_tab.log_action.setCurrentIndex(0)
    page.log_tab.search_button.click()
    qtbot.waitUntil(lambda: page.log_tab.log_model.rowCount() > 0, timeout=TIMEOUT)
    page.log_tab.verify_button.click()
    qtbot.waitUntil(lambda: page.log_tab.verify_result.styleSheet() == OK_STYLE, timeout=TIMEOUT)
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert titles == ["Konton", "Skyddade ärenden", "Åtkomstlogg", "Stödkontakter", "Statistik"]
    own = {  # widgets that belong to one tab only
        0: (
            page.accounts_tab.accounts_view,
            page.accounts_tab.new_button,
            page.accounts_tab.disable_button,
            page.accounts_tab.password_button,
        ),
        1: (
            page.cases_tab.cases_view,
            page.cases_tab.grant_button,
            page.cases_tab.revoke_button,
            page.cases_tab.case_log_button,
        ),
        2: (
            page.log_tab.log_view,
            page.log_tab.search_button,
            page.log_tab.verify_button,
            page.log_tab.verify_result,
        ),
        3: (page.contacts_editor,),
        4: (page.statistics,),
    }
    for index in range(page.tabs.count()):
        page.tabs.setCurrentIndex(index)
        qtbot.waitUntil(lambda index=index: all(w.isVisible() for w in own[index]), timeout=TIMEOUT)
        for other, widgets in own.items():
            if other != index:
                assert not any(w.isVisible() for w in widgets), (index, other)
        image = page.grab()
        assert (image.width(), image.height()) == (1100, 700)
        assert _distinct_colours(image.toImage()) > 5, f"tab {titles[index]} renders blank"
        text = _visible_text(page.tabs.currentWidget())
        if index == 0:
            assert _column(page.accounts_tab.accounts_model, 0) == ["anna", "chef", "erik", "olle"]
            headers = [
                page.accounts_tab.accounts_model.headerData(c, Qt.Orientation.Horizontal) for c in range(2)
            ]
            assert all(headers), headers
            assert (
                page.accounts_tab.new_button.text() in text and "konto" in page.accounts_tab.new_button.text()
            )
        elif index == 1:
            assert page.cases_tab.cases_model.rowCount() == 1
            assert page.cases_tab.cases_model.index(0, 0).data() == case_ref
            assert page.cases_tab.cases_view.selectionModel().selectedRows()[0].row() == 0
            shown = [
                page.cases_tab.cases_model.index(0, c).data()
                for c in range(page.cases_tab.cases_model.columnCount())
            ]
            assert DISTINCT_NAME not in " ".join(str(v) for v in shown)
            assert "Ge behörighet" in text and page.cases_tab.grant_button.text() == "Ge behörighet"
        elif index == 2:
            assert page.log_tab.log_model.rowCount() > 0
            assert page.log_tab.verify_result.text() and page.log_tab.verify_result.text() in text
            assert page.log_tab.search_button.text() == "Sök" and "Sök" in text.split("\n")
    page.tabs.setCurrentIndex(0)
    assert page.accounts_tab.accounts_view.isVisible() and not page.log_tab.log_view.isVisible()
