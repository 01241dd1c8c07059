"""First-start set-up as a state machine, driven without a screen (like Electrum's tests/test_wizard.py)."""

import re

import pytest

from injurydoc.domain.errors import MESSAGES
from injurydoc.domain.texts import TEXTS
from injurydoc.domain.vocab import Profession, Role, StorePurpose
from injurydoc.services.session import sign_in, sign_in_with_recovery
from injurydoc.services.setup_flow import (
    FORM,
    FlowError,
    Problem,
    SetupFlow,
    SetupState,
)
from injurydoc.store.keyslots import TEST_KDF
from injurydoc.store.vault import is_store

from .conftest import PASSWORD

S = SetupState


def _fill_store(flow, folder, unit="Vårdcentralen Norr", purpose=StorePurpose.REAL):
    flow.data.folder = str(folder)
    flow.data.unit_name = unit
    flow.data.purpose = purpose


def _fill_manager(flow, username="Chef.Norr", password=PASSWORD, again=None):
    flow.data.username = username
    flow.data.display_name = "Karin Chef"
    flow.data.profession = Profession.DISTRICT_NURSE
    flow.data.hsa_id = "se2321000016-7k3a"
    flow.data.password = password
    flow.data.password_again = password if again is None else again


def _to_manager(tmp_path, **kw):
    flow = SetupFlow(kdf=TEST_KDF)
    assert flow.next() is S.STORE
    _fill_store(flow, tmp_path / "stores" / "norr", **kw)
    assert flow.next() is S.MANAGER
    return flow


def _to_recovery(tmp_path, **kw):
    flow = _to_manager(tmp_path, **kw)
    _fill_manager(flow)
    assert flow.next() is S.CREATING
    assert flow.next() is S.RECOVERY
    return flow


@pytest.fixture
def done(tmp_path):
    flow = _to_recovery(tmp_path)
    code = flow.recovery_code
    assert flow.next() is S.CONFIRM_RECOVERY
    flow.data.recovery_typed = code
    assert flow.next() is S.DONE
    yield flow, code
    flow.result.close()


def test_the_whole_path_creates_a_store_the_manager_can_sign_in_to(tmp_path, done):
    flow, code = done
    folder = tmp_path / "stores" / "norr"
    assert is_store(folder)
    assert flow.errors == {}
    session = flow.result
    assert session is not None
    assert session.account.username == "chef.norr"  # as check_username made it
    assert session.account.display_name == "Karin Chef"
    assert session.account.profession is Profession.DISTRICT_NURSE
    assert session.account.hsa_id == "SE2321000016-7K3A"
    assert session.has(Role.UNIT_MANAGER)
    assert session.unit == "Vårdcentralen Norr"
    assert not session.is_training
    # the code is gone from the flow once it has been confirmed
    assert flow.recovery_code is None
    assert flow.data.recovery_typed == ""
    # the manager signs in with the password; the code opens the store too
    again = sign_in(folder, "chef.norr", PASSWORD)
    assert again.account.id == session.account.id
    again.close()
    sign_in_with_recovery(folder, code).close()


def test_training_store(tmp_path):
    flow = _to_recovery(tmp_path, purpose=StorePurpose.TRAINING)
    session = flow.abandon()  # the store is complete: the manager's session is handed back
    assert session.is_training
    session.close()


def test_password_is_not_kept_after_creation(tmp_path):
    flow = _to_manager(tmp_path)
    _fill_manager(flow)
    flow.next()
    flow.next()
    assert flow.state is S.RECOVERY
    assert flow.data.password == ""
    assert flow.data.password_again == ""
    assert PASSWORD not in repr(flow.data)
    flow.abandon().close()


def test_existing_store_is_refused_and_not_touched(tmp_path, store):
    before = (store.folder / "keyslots.json").read_bytes()
    flow = SetupFlow(kdf=TEST_KDF)
    flow.next()
    _fill_store(flow, store.folder)
    assert flow.next() is S.STORE
    assert flow.errors == {"folder": "store.exists"}
    assert str(store.folder) in flow.message("folder", "en")
    assert flow.message("folder", "sv").startswith("Det finns redan en databas")
    assert (store.folder / "keyslots.json").read_bytes() == before


def test_empty_folder_and_empty_unit_are_refused_together(tmp_path):
    flow = SetupFlow(kdf=TEST_KDF)
    flow.next()
    flow.data.folder = "  "
    flow.data.unit_name = "   "
    assert flow.next() is S.STORE
    assert flow.errors == {"folder": "setup.folder_required", "unit_name": "setup.unit_required"}
    assert flow.message("unit_name", "sv") == TEXTS["setup.unit_required"][0]
    assert flow.message("purpose") == ""


def test_folder_that_cannot_be_created_is_refused_and_nothing_is_written(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    flow = SetupFlow(kdf=TEST_KDF)
    flow.next()
    _fill_store(flow, blocker / "store")
    assert flow.next() is S.STORE
    assert flow.errors == {"folder": "setup.folder_is_file"}
    assert str(blocker) in flow.message("folder", "en")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_folder_that_cannot_be_written_is_refused(tmp_path, monkeypatch):
    """As root a chmod does not stop writes, so the probe's verdict is simulated."""
    from injurydoc.domain.errors import StoreError
    from injurydoc.services import setup_flow

    def refuse(folder):
        raise StoreError("store.read_only", path=str(folder))

    monkeypatch.setattr(setup_flow, "check_writable", refuse)
    flow = SetupFlow(kdf=TEST_KDF)
    flow.next()
    _fill_store(flow, tmp_path / "new" / "deeper")
    assert flow.next() is S.STORE
    assert flow.errors == {"folder": "store.read_only"}
    # the nearest existing folder was probed; nothing was created on the way
    assert str(tmp_path) in flow.message("folder", "en")
    assert not (tmp_path / "new").exists()


def test_store_step_writes_nothing(tmp_path):
    flow = _to_manager(tmp_path)
    assert not (tmp_path / "stores").exists()
    assert flow.state is S.MANAGER


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"username": "Å ngström!"}, "username", "username.invalid"),
        ({"username": "x"}, "username", "username.invalid"),
        ({"display_name": "  "}, "display_name", "setup.name_required"),
        ({"hsa_id": "12345"}, "hsa_id", "setup.hsa_invalid"),
        ({"password": "short", "password_again": "short"}, "password", "password.too_short"),
        ({"password_again": PASSWORD + "!"}, "password_again", "setup.passwords_differ"),
    ],
)
def test_manager_refusals_keep_the_step_and_name_the_field(tmp_path, changes, field, code):
    flow = _to_manager(tmp_path)
    _fill_manager(flow)
    for name, value in changes.items():
        setattr(flow.data, name, value)
    assert flow.next() is S.MANAGER
    assert flow.errors == {field: code}
    assert flow.message(field, "sv")
    assert flow.message(field, "en")
    assert not (tmp_path / "stores").exists()


def test_short_password_message_names_the_minimum(tmp_path):
    flow = _to_manager(tmp_path)
    _fill_manager(flow, password="kort", again="annat")
    flow.next()
    assert flow.errors == {"password": "password.too_short", "password_again": "setup.passwords_differ"}
    assert flow.message("password", "sv") == "Lösenordet måste ha minst 10 tecken."


def test_empty_hsa_id_is_fine(tmp_path):
    flow = _to_manager(tmp_path)
    _fill_manager(flow)
    flow.data.hsa_id = ""
    assert flow.next() is S.CREATING


@pytest.mark.parametrize("typed", ["wrong", "", "AAAA-BBBB"])
def test_wrong_recovery_code_keeps_the_step(tmp_path, typed):
    flow = _to_recovery(tmp_path)
    code = flow.recovery_code
    flow.next()
    flow.data.recovery_typed = typed
    assert flow.next() is S.CONFIRM_RECOVERY
    assert flow.errors == {"recovery_typed": "setup.recovery_mismatch"}
    assert flow.recovery_code == code
    assert flow.result is None
    flow.abandon().close()


def test_only_the_whole_code_is_accepted(tmp_path):
    flow = _to_recovery(tmp_path)
    code = flow.recovery_code
    flow.next()
    flow.data.recovery_typed = code[-9:]  # the last two groups are not enough
    assert flow.next() is S.CONFIRM_RECOVERY
    flow.data.recovery_typed = code[:-1] + ("A" if code[-1] != "A" else "B")  # one character wrong
    assert flow.next() is S.CONFIRM_RECOVERY
    flow.abandon().close()


def test_recovery_code_as_written_by_hand_is_accepted(tmp_path):
    flow = _to_recovery(tmp_path)
    code = flow.recovery_code
    assert re.fullmatch(r"([A-Z2-7]{4}-){7}[A-Z2-7]{4}", code)
    flow.next()
    # lower case, spaces instead of hyphens, 0 for O and 1 for I
    typed = " ".join(code.split("-")).lower().replace("o", "0").replace("i", "1")
    flow.data.recovery_typed = typed
    assert flow.recovery_typed_complete
    assert flow.next() is S.DONE
    flow.result.close()


def test_recovery_typed_complete_counts_characters_not_separators(tmp_path):
    flow = _to_recovery(tmp_path)
    code = flow.recovery_code
    flow.next()
    flow.data.recovery_typed = code.replace("-", "")[:-1] + "----"
    assert not flow.recovery_typed_complete
    flow.data.recovery_typed = code.replace("-", " ")
    assert flow.recovery_typed_complete
    flow.abandon().close()


def test_back_before_creation_keeps_what_was_entered(tmp_path):
    flow = _to_manager(tmp_path)
    _fill_manager(flow, again="different")
    flow.next()
    assert flow.errors
    assert flow.back() is S.STORE
    assert flow.errors == {}
    assert flow.data.unit_name == "Vårdcentralen Norr"
    assert flow.back() is S.WELCOME
    with pytest.raises(FlowError):
        flow.back()


def test_back_after_creation_is_refused(tmp_path):
    flow = _to_recovery(tmp_path)
    assert not flow.can_go_back
    with pytest.raises(FlowError):
        flow.back()
    assert flow.state is S.RECOVERY
    flow.next()
    # from typing the code back, only to reading it again
    assert flow.can_go_back
    assert flow.back() is S.RECOVERY
    with pytest.raises(FlowError):
        flow.back()
    flow.next()
    flow.data.recovery_typed = flow.recovery_code
    flow.next()
    with pytest.raises(FlowError):
        flow.back()
    with pytest.raises(FlowError):
        flow.next()
    flow.result.close()


def test_recovery_code_only_while_shown_or_typed_back(tmp_path):
    flow = _to_manager(tmp_path)
    assert flow.recovery_code is None
    _fill_manager(flow)
    flow.next()
    assert flow.recovery_code is None
    flow.next()
    assert flow.recovery_code
    flow.abandon().close()


def test_store_created_between_steps_sends_the_manager_back_to_the_folder(tmp_path, store):
    flow = SetupFlow(kdf=TEST_KDF)
    flow.next()
    _fill_store(flow, tmp_path / "later")
    flow.next()
    _fill_manager(flow)
    flow.next()
    # someone else makes a store there before the creation runs
    (tmp_path / "later").mkdir()
    (tmp_path / "later" / "keyslots.json").write_bytes((store.folder / "keyslots.json").read_bytes())
    assert flow.next() is S.STORE
    assert flow.errors == {"folder": "store.exists"}
    assert not flow.store_exists
    assert flow.data.password == ""  # to be typed again
    # fix the folder: the manager step needs the password again
    flow.data.folder = str(tmp_path / "elsewhere")
    assert flow.next() is S.MANAGER
    assert flow.next() is S.MANAGER
    assert flow.errors["password"] == "password.too_short"


def test_threaded_creation_api(tmp_path):
    """What the UI does: take the job, run it elsewhere, report back."""
    flow = _to_manager(tmp_path)
    _fill_manager(flow)
    flow.next()
    job = flow.creation_job()
    assert flow.data.password == ""
    with pytest.raises(FlowError):
        flow.creation_job()  # one job at a time
    setup = job()
    assert flow.created(setup) is S.RECOVERY
    with pytest.raises(FlowError):
        flow.created(setup)
    flow.abandon().close()


def test_creation_failure_from_a_bug_returns_to_the_manager_step(tmp_path):
    flow = _to_manager(tmp_path)
    _fill_manager(flow)
    flow.next()
    assert flow.creation_failed(None) is S.MANAGER
    assert flow.errors == {}
    flow.state = S.CREATING
    from injurydoc.domain.errors import StoreError

    assert flow.creation_failed(StoreError("store.disk_full")) is S.STORE
    assert flow.errors == {"folder": "store.disk_full"}
    flow.state = S.CREATING
    from injurydoc.domain.errors import AuthError

    assert flow.creation_failed(AuthError("auth.failed")) is S.MANAGER
    assert flow.errors == {FORM: "auth.failed"}


def test_abandon_hands_back_the_session_to_close(tmp_path):
    flow = _to_recovery(tmp_path)
    session = flow.abandon()
    assert session is not None
    session.close()
    assert flow.recovery_code is None
    assert SetupFlow().abandon() is None


def test_new_messages_have_both_languages_and_the_same_placeholders():
    own = {code: pair for code, pair in TEXTS.items() if code.startswith("setup.")}
    assert len(own) >= 7
    for code, (sv, en) in own.items():
        assert code not in MESSAGES
        assert sv.strip()
        assert en.strip()
        assert sorted(re.findall(r"\{\w*\}", sv)) == sorted(re.findall(r"\{\w*\}", en)), code
    assert Problem("setup.folder_is_file", {"path": "/x"}).message("en") == (
        "/x is a file, not a folder. Choose a folder."
    )
