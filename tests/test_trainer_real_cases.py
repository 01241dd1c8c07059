"""One rule for trainers and real cases, standalone and on the unit server (docs/server.md, "Training
units"): in a real store or unit, a trainer who is not also a clinician opens no clinical content — not
as co-handler, not by a grant.  A grant or co-handler role for such an account is refused with words
saying why; a grant written past the services (raw SQL) opens nothing either.  In a training store the
trainer works like a clinician, as before."""

from __future__ import annotations

import datetime as dt

import pytest

from injurydoc.domain.errors import AccessDenied, ValidationError
from injurydoc.domain.vocab import AuditAction, Profession, Protection, Role
from injurydoc.services import access
from injurydoc.services.accounts import AccountService
from injurydoc.services.grants import GrantService
from injurydoc.services.patients import PatientService
from injurydoc.store import patients as patients_repo
from tests.conftest import PASSWORD, StoreInfo


def _trainer(store: StoreInfo, roles: frozenset[Role] = frozenset({Role.TRAINER})) -> str:
    mgr = store.sign_in("chef")
    try:
        return (
            AccountService(mgr)
            .create(
                username="tove",
                display_name="Tove",
                password=PASSWORD,
                roles=roles,
                profession=Profession.NURSE,
            )
            .id
        )
    finally:
        mgr.close()


def _protected(store: StoreInfo) -> str:
    anna = store.sign_in("anna")
    try:
        return (
            PatientService(anna)
            .create(personal_id="19800101-0001", name="Lisa Ek", protection=Protection.SEKRETESSMARKERING)
            .id
        )
    finally:
        anna.close()


def test_a_grant_to_a_trainer_only_account_is_refused_in_words(store: StoreInfo) -> None:
    tove = _trainer(store)
    pid = _protected(store)
    mgr = store.sign_in("chef")
    try:
        with pytest.raises(ValidationError) as info:
            GrantService(mgr).grant(pid, tove, reason="uppföljning", until=dt.date.today())
        assert "tove" in info.value.message("sv") and "kliniker" in info.value.message("sv")
        assert "clinician" in info.value.message("en")
    finally:
        mgr.close()
    anna = store.sign_in("anna")
    try:
        with pytest.raises(ValidationError):
            PatientService(anna).add_co_handler(pid, tove)
    finally:
        anna.close()


def test_a_grant_written_past_the_services_opens_nothing(store: StoreInfo) -> None:
    tove = _trainer(store)
    pid = _protected(store)
    mgr = store.sign_in("chef")
    try:  # a hostile insider writes the grant row by hand
        with mgr.transaction() as db:
            patients_repo.add_grant(db, pid, tove, "grant", mgr.account.id, reason="x", expires_on=None)
    finally:
        mgr.close()
    t = store.sign_in("tove")
    try:
        assert access.has_grant(t, pid)
        assert access.trainer_only(t)
        with pytest.raises(AccessDenied):
            PatientService(t).get(pid)
        assert PatientService(t).search("") == []
        denied = t.db.all(
            "SELECT action, outcome FROM audit_log WHERE patient_id = ? AND account_id = ?", (pid, tove)
        )
        assert (AuditAction.READ.code, "denied") in [(str(a), str(o)) for a, o in denied]
    finally:
        t.close()


def test_a_trainer_who_is_also_a_clinician_is_granted_as_any_clinician(store: StoreInfo) -> None:
    tove = _trainer(store, frozenset({Role.TRAINER, Role.CLINICIAN}))
    pid = _protected(store)
    mgr = store.sign_in("chef")
    try:
        GrantService(mgr).grant(pid, tove, reason="uppföljning", until=dt.date.today())
    finally:
        mgr.close()
    t = store.sign_in("tove")
    try:
        assert PatientService(t).get(pid).id == pid
    finally:
        t.close()
