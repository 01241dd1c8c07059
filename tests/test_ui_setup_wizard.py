"""The first-start wizard, driven as a unit manager would: fields, Next, the code typed back, Finish."""

import pytest
from PySide6.QtWidgets import QMessageBox

from injurydoc.domain.vocab import Profession, StorePurpose
from injurydoc.services.session import sign_in
from injurydoc.services.setup_flow import SetupFlow, SetupState
from injurydoc.store.keyslots import TEST_KDF
from injurydoc.store.vault import is_store
from injurydoc.ui.app import install_translations
from injurydoc.ui.ops import Ops
from injurydoc.ui.setup_wizard import SetupWizard

from .conftest import PASSWORD

TIMEOUT = 10000
S = SetupState


def _closed(session) -> bool:
    """The session's vault is closed: its data key is gone (asking for it is refused)."""
    try:
        session.vault.data_key  # noqa: B018 - asked only to see whether it is refused
    except RuntimeError:
        return True
    return False


@pytest.fixture
def ops():
    ops = Ops()
    yield ops
    ops.wait()


@pytest.fixture
def wizard(qtbot, qapp, tmp_path, ops):
    install_translations(qapp, "sv")
    w = SetupWizard(tmp_path / "stores" / "norr", ops=ops, kdf=TEST_KDF)
    qtbot.addWidget(w)
    w.show()
    yield w
    session = w.flow.result or w.flow.abandon()
    ops.wait()
    if session is not None and not _closed(session):
        session.close()


def _snap(w, step):
    """The step renders (not blank); nothing is written to disk (scripts/screenshots.py makes pictures)."""
    image = w.grab().toImage()
    assert not image.isNull() and image.width() > 0, step
    colours = {image.pixel(x, y) for x in range(0, image.width(), 9) for y in range(0, image.height(), 9)}
    assert len(colours) > 3, f"step {step} renders blank"


def _to_manager(w, unit="Vårdcentralen Norr"):
    w.next_button.click()
    assert w.flow.state is S.STORE
    w.unit_edit.setText(unit)
    w.next_button.click()
    assert w.flow.state is S.MANAGER


def _fill_manager(w, again=None):
    w.username_edit.setText("karin.berg")
    w.name_edit.setText("Karin Berg")
    w.profession_combo.setCurrentIndex(w.profession_combo.findData(Profession.DISTRICT_NURSE.code))
    w.hsa_edit.setText("SE2321000016-1234")
    w.password_edit.setText(PASSWORD)
    w.password_again_edit.setText(PASSWORD if again is None else again)


def _create(qtbot, w):
    w.next_button.click()
    qtbot.waitUntil(lambda: w.flow.state is S.RECOVERY, timeout=TIMEOUT)


def test_the_whole_path_hands_over_a_signed_in_manager(qtbot, wizard, tmp_path):
    w = wizard
    folder = tmp_path / "stores" / "norr"
    assert w.stack.currentWidget() is w.pages[S.WELCOME]
    assert not w.back_button.isVisible()
    _snap(w, "welcome")
    w.next_button.click()
    assert w.folder_edit.text() == str(folder)
    assert w.real_radio.isChecked()
    _snap(w, "store")
    w.unit_edit.setText("Vårdcentralen Norr")
    w.next_button.click()
    assert w.stack.currentWidget() is w.pages[S.MANAGER]
    _fill_manager(w)
    _snap(w, "manager")
    w.next_button.click()
    # creation runs off the GUI thread: the page says so and the buttons wait
    assert w.flow.state is S.CREATING
    assert w.stack.currentWidget() is w.pages[S.CREATING]
    assert not w.next_button.isEnabled()
    assert not w.back_button.isVisible()
    _snap(w, "creating")
    qtbot.waitUntil(lambda: w.flow.state is S.RECOVERY, timeout=TIMEOUT)
    assert is_store(folder)

    # the code is shown large, monospaced, and the passwords are gone from the form
    code = w.code_label.text().replace("\n", "-")
    assert code == w.flow.recovery_code
    assert len(code) == 39
    assert w.code_label.text().count("\n") == 1  # two rows of four groups
    assert w.code_label.font().pointSize() >= 18
    assert w.code_label.font().fixedPitch() or w.code_label.font().styleHint().name == "Monospace"
    assert w.code_label.isVisible()
    assert w.password_edit.text() == ""
    assert w.password_again_edit.text() == ""
    assert not w.back_button.isVisible()
    # with it, the unit key's fingerprint to write on the same paper (in Swedish)
    shown_fingerprint = w.fingerprint_label.text()
    assert "enhetsnyckelns fingeravtryck" in shown_fingerprint and w.fingerprint_label.isVisible()
    _snap(w, "recovery")

    w.next_button.click()
    assert w.stack.currentWidget() is w.pages[S.CONFIRM_RECOVERY]
    assert w.code_label.text() == ""  # not on screen while it is typed back
    assert not w.next_button.isEnabled()  # typing it back is the only way to Finish
    w.confirm_edit.setText(code[:20])
    assert not w.next_button.isEnabled()
    w.confirm_edit.setText(code.lower().replace("-", " "))
    assert w.next_button.isEnabled()
    _snap(w, "confirm_recovery")
    w.next_button.click()
    assert w.flow.state is S.DONE
    assert w.confirm_edit.text() == ""
    assert "Karin Berg" in w.done_label.text()
    assert not w.cancel_button.isVisible()
    _snap(w, "done")

    with qtbot.waitSignal(w.finished_with_session, timeout=TIMEOUT) as blocker:
        w.next_button.click()
    session = blocker.args[0]
    assert session is w.flow.result
    assert session.account.username == "karin.berg"
    assert session.account.profession is Profession.DISTRICT_NURSE
    assert session.unit == "Vårdcentralen Norr"
    assert not w.isVisible()
    from injurydoc.services.keys import unit_fingerprint

    fingerprint = unit_fingerprint(session)
    assert fingerprint and fingerprint in shown_fingerprint
    # and the manager can sign in again with the password
    again = sign_in(folder, "karin.berg", PASSWORD)
    assert again.account.id == session.account.id
    again.close()


def test_refusals_are_shown_in_swedish_next_to_the_field(qtbot, wizard, store):
    w = wizard
    w.next_button.click()
    w.folder_edit.setText(str(store.folder))
    w.unit_edit.setText("  ")
    w.next_button.click()
    assert w.flow.state is S.STORE
    folder_error = w.error_labels["folder"]
    assert folder_error.isVisible()
    assert folder_error.text().startswith("Det finns redan en databas")
    assert w.error_labels["unit_name"].text() == (
        "Skriv vårdenhetens namn. Det står i rapporter och bevispaket."
    )
    _snap(w, "store_refused")
    w.folder_edit.setText(str(store.folder.parent / "new"))
    w.unit_edit.setText("Vårdcentralen Norr")
    w.next_button.click()
    assert w.flow.state is S.MANAGER
    assert not w.error_labels["folder"].isVisible()

    _fill_manager(w, again="something else entirely")
    w.username_edit.setText("Karin Berg")
    w.password_edit.setText("kort")
    w.next_button.click()
    assert w.flow.state is S.MANAGER
    assert w.error_labels["username"].text().startswith("Användarnamnet får bara")
    assert w.error_labels["password"].text() == "Lösenordet måste ha minst 10 tecken."
    assert w.error_labels["password_again"].text().startswith("Lösenorden är inte lika")
    assert not w.error_labels["display_name"].isVisible()
    assert w.username_edit.hasFocus()
    _snap(w, "manager_refused")
    assert not (store.folder.parent / "new").exists()

    # Back keeps what was typed
    w.back_button.click()
    assert w.flow.state is S.STORE
    assert w.unit_edit.text() == "Vårdcentralen Norr"


def test_wrong_code_typed_back_is_refused_and_the_code_can_be_shown_again(qtbot, wizard):
    w = wizard
    _to_manager(w)
    _fill_manager(w)
    _create(qtbot, w)
    code = w.flow.recovery_code
    w.next_button.click()
    wrong = ("B" if code[0] != "B" else "C") + code[1:]
    w.confirm_edit.setText(wrong)
    assert w.next_button.isEnabled()
    w.next_button.click()
    assert w.flow.state is S.CONFIRM_RECOVERY
    assert w.error_labels["recovery_typed"].text().startswith("Koden stämmer inte")
    _snap(w, "confirm_refused")
    # "show the code again" is the only way back
    assert w.back_button.isVisible()
    w.back_button.click()
    assert w.flow.state is S.RECOVERY
    assert w.code_label.text().replace("\n", "-") == code
    assert not w.back_button.isVisible()
    w.next_button.click()
    w.confirm_edit.setText(code)
    w.next_button.click()
    assert w.flow.state is S.DONE


def test_training_store_and_creation_failure_back_to_the_folder(qtbot, wizard, tmp_path, store):
    w = wizard
    w.next_button.click()
    w.training_radio.setChecked(True)
    w.unit_edit.setText("Övning")
    w.next_button.click()
    _fill_manager(w)
    # another program makes a store in the folder between the steps
    folder = tmp_path / "stores" / "norr"
    folder.mkdir(parents=True)
    (folder / "keyslots.json").write_bytes((store.folder / "keyslots.json").read_bytes())
    w.next_button.click()
    qtbot.waitUntil(lambda: w.flow.state is not S.CREATING, timeout=TIMEOUT)
    assert w.flow.state is S.STORE
    assert w.error_labels["folder"].text().startswith("Det finns redan en databas")
    w.folder_edit.setText(str(tmp_path / "stores" / "other"))
    w.next_button.click()
    assert w.password_edit.text() == PASSWORD  # kept in the form for the second attempt
    _create(qtbot, w)
    assert w.flow.store_exists
    w.next_button.click()
    w.confirm_edit.setText(w.flow.recovery_code)
    w.next_button.click()
    assert w.flow.result.vault.purpose is StorePurpose.TRAINING


def test_closing_after_creation_asks_and_closes_the_session(qtbot, wizard, monkeypatch, ops):
    w = wizard
    _to_manager(w)
    _fill_manager(w)
    _create(qtbot, w)
    handed_back = []  # the manager's session the wizard gets back from the flow when it is left
    abandon = SetupFlow.abandon
    monkeypatch.setattr(
        SetupFlow, "abandon", lambda flow: handed_back.append(abandon(flow)) or handed_back[-1]
    )
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    w.reject()
    assert w.isVisible()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.assertNotEmitted(w.finished_with_session):
        w.reject()
    assert not w.isVisible()
    ops.wait()
    assert handed_back and handed_back[-1] is not None
    qtbot.waitUntil(lambda: _closed(handed_back[-1]), timeout=TIMEOUT)


def test_cancel_before_creation_writes_nothing(qtbot, wizard, tmp_path):
    w = wizard
    _to_manager(w)
    w.cancel_button.click()
    assert not w.isVisible()
    assert not (tmp_path / "stores").exists()
