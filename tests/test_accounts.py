"""Accounts: password change rewraps one slot, disabling removes it, the recovery code resets."""

import io
import json

import pytest

from injurydoc.cli import main
from injurydoc.domain.errors import AccessDenied, AuthError, ValidationError
from injurydoc.domain.vocab import Profession, Role
from injurydoc.services.accounts import AccountService
from injurydoc.services.session import sign_in, sign_in_with_recovery

from .conftest import PASSWORD


def _slots(store):
    return {
        s["username"] or "recovery": s
        for s in json.loads((store.folder / "keyslots.json").read_text())["slots"]
    }


def test_password_change_rewraps_only_that_slot(store):
    before = _slots(store)
    s = store.sign_in("anna")
    AccountService(s).change_own_password(PASSWORD, "a whole new secret")
    s.close()
    after = _slots(store)
    assert after["anna"] != before["anna"]
    for name in ("chef", "erik", "olle", "recovery"):
        assert after[name] == before[name]
    with pytest.raises(AuthError):
        sign_in(store.folder, "anna", PASSWORD)
    sign_in(store.folder, "anna", "a whole new secret").close()


def test_password_change_needs_the_old_password(store):
    s = store.sign_in("anna")
    with pytest.raises(AuthError):
        AccountService(s).change_own_password("not the old one", "a whole new secret")
    with pytest.raises(ValidationError):
        AccountService(s).change_own_password(PASSWORD, "short")
    s.close()


def test_disabling_removes_the_slot(store):
    m = store.sign_in("chef")
    erik = AccountService(m).by_username("erik")
    AccountService(m).disable(erik.id)
    m.close()
    assert "erik" not in _slots(store)
    with pytest.raises(AuthError) as err:
        sign_in(store.folder, "erik", PASSWORD)
    assert err.value.code == "auth.failed"


def test_last_manager_cannot_be_disabled(store):
    m = store.sign_in("chef")
    with pytest.raises(ValidationError):
        AccountService(m).disable(m.account.id)
    m.close()


def test_only_managers_administer_accounts(store):
    s = store.sign_in("anna")
    with pytest.raises(AccessDenied):
        AccountService(s).create(
            username="x1",
            display_name="X",
            password=PASSWORD,
            roles=frozenset({Role.CLINICIAN}),
            profession=Profession.NURSE,
        )
    with pytest.raises(AccessDenied):
        AccountService(s).list()
    s.close()


def test_usernames_are_checked(store):
    m = store.sign_in("chef")
    svc = AccountService(m)
    for bad in ("", "a", "Anna Berg", "x" * 40, "../x"):
        with pytest.raises(ValidationError):
            svc.create(
                username=bad,
                display_name="X",
                password=PASSWORD,
                roles=frozenset({Role.CLINICIAN}),
                profession=Profession.NURSE,
            )
    with pytest.raises(ValidationError) as err:
        svc.create(
            username="anna",
            display_name="X",
            password=PASSWORD,
            roles=frozenset({Role.CLINICIAN}),
            profession=Profession.NURSE,
        )
    assert err.value.code == "username.taken"
    m.close()


def test_recovery_code_resets_any_password_and_is_logged(store):
    r = sign_in_with_recovery(store.folder, store.recovery_code.lower(), "chef")
    svc = AccountService(r)
    svc.set_password(svc.by_username("chef").id, "the chef's new password")
    r.close(log_out=False)
    s = sign_in(store.folder, "chef", "the chef's new password")
    rows = [
        (who, json.loads(details))
        for who, details in s.db.all(
            "SELECT username, details FROM audit_log"
            " WHERE action = 'account' AND username LIKE 'recovery-code:%' ORDER BY seq"
        )
    ]
    # A reset issues new personal keys (the account's second generation), withdraws the old ones and
    # records the new set of valid key slots.
    assert [who for who, _ in rows] == ["recovery-code:chef"] * 3
    assert rows[0][1] == {"event": "password_reset", "via_recovery_code": True, "generation": 2}
    assert rows[1][1]["event"] == "keys_withdrawn" and rows[1][1]["generation"] == 1
    assert rows[2][1]["event"] == "key_slots" and rows[2][1]["reason"] == "reset"
    s.close()


def test_wrong_recovery_code(store):
    with pytest.raises(AuthError) as err:
        sign_in_with_recovery(store.folder, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH")
    assert err.value.code == "auth.recovery_failed"


def test_recovery_session_cannot_read_patient_data(store):
    from injurydoc.services.examinations import ExaminationService

    r = sign_in_with_recovery(store.folder, store.recovery_code)
    assert ExaminationService(r).search("") == []
    r.close(log_out=False)


def test_reset_password_cli(store):
    out, err = io.StringIO(), io.StringIO()
    rc = main(
        [
            "reset-password",
            "--store",
            str(store.folder),
            "--user",
            "erik",
            "--manager",
            "chef",
            "--password-stdin",
            "--lang",
            "en",
        ],
        stdin=io.StringIO(store.recovery_code + "\nerik's brand new pw\n"),
        stdout=out,
        stderr=err,
    )
    assert rc == 0, err.getvalue()
    assert "New password set for erik" in out.getvalue()
    sign_in(store.folder, "erik", "erik's brand new pw").close()


def test_disabled_account_can_be_given_a_new_password_and_is_enabled(store):
    m = store.sign_in("chef")
    svc = AccountService(m)
    olle = svc.by_username("olle")
    svc.disable(olle.id)
    svc.set_password(olle.id, "olle is back again")
    assert svc.by_username("olle").active
    m.close()
    sign_in(store.folder, "olle", "olle is back again").close()
