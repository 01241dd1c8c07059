"""Protected persons: only the creator, co-handlers and granted accounts see them; all is logged."""

import datetime as dt
import json

import pytest

from injurydoc.domain.errors import AccessDenied, ValidationError
from injurydoc.domain.models import ContactKind
from injurydoc.domain.vocab import Protection, Sex
from injurydoc.services.accounts import AccountService
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.grants import GrantService
from injurydoc.services.patients import PatientService

from .conftest import make_pnr


@pytest.fixture
def protected(store):
    """anna creates a protected person's case and an ordinary one."""
    s = store.sign_in("anna")
    prot = PatientService(s).create(
        personal_id=make_pnr(1),
        name="Hemlig Hemligsson",
        sex=Sex.FEMALE,
        protection=Protection.SKYDDAD_FOLKBOKFORING,
    )
    exam = ExaminationService(s).create(prot.id)
    plain = PatientService(s).create(personal_id=make_pnr(2), name="Vanlig Vanligsson", sex=Sex.MALE)
    plain_exam = ExaminationService(s).create(plain.id)
    s.close()
    return prot, exam, plain, plain_exam


def _denied_events(store, patient_id):
    m = store.sign_in("chef")
    rows = m.db.all(
        "SELECT username, action, outcome FROM audit_log WHERE patient_id = ? AND outcome = 'denied'",
        (patient_id,),
    )
    m.close()
    return rows


def test_clinician_without_grant_cannot_list_open_or_search(store, protected):
    prot, exam, plain, plain_exam = protected
    s = store.sign_in("erik")
    ex, pa = ExaminationService(s), PatientService(s)
    # search by name and by number: the ordinary patient is found, the protected one is not
    assert [r.patient_id for r in ex.search("Vanlig")] == [plain.id]
    assert ex.search("Hemlig") == []
    assert pa.search("Hemlig") == []
    assert pa.search(make_pnr(1)) == []
    assert pa.search(make_pnr(1).replace("-", "")[2:]) == []
    assert prot.id not in {r.patient_id for r in ex.search("")}
    with pytest.raises(AccessDenied):
        pa.get(prot.id)
    with pytest.raises(AccessDenied):
        ex.get(exam.id)
    with pytest.raises(AccessDenied):
        ex.create(prot.id)
    s.close()
    denied = _denied_events(store, prot.id)
    assert {a for _, a, _ in denied} >= {"searched", "read", "created"}
    assert all(u == "erik" for u, _, _ in denied)
    # the search by her full number (matched by its keyed lookup value) + two opens + one create.
    # Her name and a partial number are encrypted: an account without her key cannot match them, so
    # those searches find (and log) nothing about her (docs/store.md, "Protected persons").
    assert len(denied) >= 4


def test_creator_sees_and_every_read_is_logged(store, protected):
    prot, exam, *_ = protected
    s = store.sign_in("anna")
    assert [p.id for p in PatientService(s).search("hemlig")] == [prot.id]
    ExaminationService(s).get(exam.id)
    s.close()
    m = store.sign_in("chef")
    rows = m.db.all(
        "SELECT action, outcome FROM audit_log WHERE patient_id = ? AND username = 'anna'", (prot.id,)
    )
    m.close()
    assert ("searched", "ok") in rows and ("read", "ok") in rows


def test_co_handler_added_by_creator_gets_access(store, protected):
    prot, exam, *_ = protected
    s = store.sign_in("anna")
    erik = s.db.scalar("SELECT id FROM accounts WHERE username = 'erik'")
    PatientService(s).add_co_handler(prot.id, erik)
    s.close()
    s = store.sign_in("erik")
    assert ExaminationService(s).get(exam.id).id == exam.id
    # erik is not the creator: he cannot add co-handlers himself
    olle = s.db.scalar("SELECT id FROM accounts WHERE username = 'olle'")
    with pytest.raises(AccessDenied):
        PatientService(s).add_co_handler(prot.id, olle)
    s.close()


def test_unit_manager_grants_and_revokes_without_seeing_names(store, protected):
    prot, exam, *_ = protected
    m = store.sign_in("chef")
    cases = GrantService(m).protected_cases()
    assert [c.patient_id for c in cases] == [prot.id]
    assert cases[0].case_refs == (exam.case_ref,) and cases[0].created_by == "anna"
    assert not hasattr(cases[0], "name")
    # the manager has no clinical access of her own
    with pytest.raises(AccessDenied):
        ExaminationService(m).get(exam.id)
    olle = AccountService(m).by_username("olle")
    GrantService(m).grant(prot.id, olle.id, reason="Vikarierar", until=dt.date.today())
    m.close()
    s = store.sign_in("olle")
    assert ExaminationService(s).get(exam.id).id == exam.id
    s.close()
    m = store.sign_in("chef")
    assert GrantService(m).revoke(prot.id, olle.id)
    m.close()
    s = store.sign_in("olle")
    with pytest.raises(AccessDenied):
        ExaminationService(s).get(exam.id)
    s.close()


def test_manager_sees_no_clinical_content_of_ordinary_patients(store, protected):
    *_, plain, plain_exam = protected
    m = store.sign_in("chef")
    with pytest.raises(AccessDenied):
        ExaminationService(m).get(plain_exam.id)
    assert ExaminationService(m).search("Vanlig") == []
    with pytest.raises(AccessDenied):
        PatientService(m).create(personal_id=make_pnr(3), name="X")
    m.close()


def test_no_contact_details_for_a_protected_person(store, protected):
    prot, *_ = protected
    s = store.sign_in("anna")
    for kind in ContactKind.ALL:
        with pytest.raises(ValidationError) as err:
            PatientService(s).add_contact(prot.id, kind, "Storgatan 1")
        assert err.value.code == "access.protected_contact"
    # Even going around the service, the database itself refuses.
    with pytest.raises(ValidationError):
        with s.transaction() as db:
            db.execute(
                "INSERT INTO patient_contacts (patient_id, kind, value) VALUES (?, 'address', 'x')",
                (prot.id,),
            )
    assert s.db.scalar("SELECT count(*) FROM patient_contacts") == 0
    s.close()


def test_becoming_protected_removes_stored_contacts(store):
    s = store.sign_in("anna")
    p = PatientService(s).create(personal_id=make_pnr(5), name="Snart Skyddad")
    PatientService(s).add_contact(p.id, ContactKind.ADDRESS, "Storgatan 1")
    PatientService(s).add_contact(p.id, ContactKind.PHONE, "070-1234567")
    assert PatientService(s).set_protection(p.id, Protection.SEKRETESSMARKERING) == 2
    assert PatientService(s).get(p.id).contacts == ()
    s.close()


def test_child_with_guardian_as_threat_gets_no_guardian_side_contacts(store):
    s = store.sign_in("anna")
    child = PatientService(s).create(
        personal_id=make_pnr(6, year=2016), name="Barn Barnsson", guardian_is_threat=True
    )
    for kind in ContactKind.GUARDIAN_SIDE:
        with pytest.raises(ValidationError) as err:
            PatientService(s).add_contact(child.id, kind, "Någon")
        assert err.value.code == "access.guardian_threat_contact"
    with pytest.raises(ValidationError):
        with s.transaction() as db:
            db.execute(
                "INSERT INTO patient_contacts (patient_id, kind, value) VALUES (?, 'school', 'x')",
                (child.id,),
            )
    s.close()


def test_duplicate_of_protected_case_is_refused_and_logged(store, protected):
    prot, *_ = protected
    s = store.sign_in("erik")
    with pytest.raises(AccessDenied):
        PatientService(s).create(personal_id=make_pnr(1), name="Någon Annan")
    s.close()
    assert any(a == "created" for _, a, _ in _denied_events(store, prot.id))


def test_listing_with_protected_rows_logs_each_protected_patient(store, protected):
    prot, *_ = protected
    s = store.sign_in("anna")
    rows = ExaminationService(s).list_mine()
    assert prot.id in {r.patient_id for r in rows}
    # Listed, not searched: one read row per protected patient shown, with the event "listed".
    rows = s.db.all("SELECT action, details FROM audit_log WHERE patient_id = ?", (prot.id,))
    assert [a for a, _ in rows].count("searched") == 0
    assert [(a, json.loads(d).get("event")) for a, d in rows].count(("read", "listed")) == 1
    s.close()


def test_one_letter_name_search_shows_and_logs_nothing(store, protected):
    s = store.sign_in("anna")
    before = s.db.scalar("SELECT count(*) FROM audit_log")
    assert ExaminationService(s).search("H") == []
    assert PatientService(s).search("H") == []
    assert s.db.scalar("SELECT count(*) FROM audit_log") == before
    s.close()


def test_grant_needs_a_reason_and_an_end_date_and_stops_after_it(store, protected):
    """Issue 18 item 9: a grant has a reason and an end date; the day after, access is gone (also when
    the end date is moved back with raw SQL, as a hostile insider with the key could)."""
    prot, exam, *_ = protected
    m = store.sign_in("chef")
    olle = AccountService(m).by_username("olle")
    with pytest.raises(ValidationError):
        GrantService(m).grant(prot.id, olle.id, reason="  ", until=dt.date.today())
    with pytest.raises(ValidationError) as err:
        GrantService(m).grant(prot.id, olle.id, reason="Vikarierar", until=dt.date.today() - dt.timedelta(1))
    assert err.value.code == "grant.ended"
    until = dt.date.today() + dt.timedelta(days=7)
    GrantService(m).grant(prot.id, olle.id, reason="Vikarierar vecka 49", until=until)
    g = next(g for c in GrantService(m).protected_cases() for g in c.grants if g.account_id == olle.id)
    assert g.reason == "Vikarierar vecka 49" and g.expires_on == until
    granted = [
        json.loads(d)
        for (d,) in m.db.all("SELECT details FROM audit_log WHERE action = 'grant'")
        for (d,) in m.db.all("SELECT details FROM audit_log WHERE action = 'grant' ORDER BY seq")
    ]
    granted = [d for d in granted if d.get("event") == "granted"]
    m.close()
    s = store.sign_in("olle")
    assert ExaminationService(s).get(exam.id).id == exam.id
    assert prot.id in {p.id for p in PatientService(s).search("hemlig")}
    # The end date passes.
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    s.db.execute("UPDATE access_grants SET expires_on = ? WHERE account_id = ?", (yesterday, olle.id))
    with pytest.raises(AccessDenied):
        ExaminationService(s).get(exam.id)
    assert prot.id not in {p.id for p in PatientService(s).search("hemlig")}
    assert prot.id not in {r.patient_id for r in ExaminationService(s).search("")}
    s.close()
    assert granted[-1]["until"] == until.isoformat() and granted[-1]["reason"] == "Vikarierar vecka 49"


def _fullwidth(text: str) -> str:
    """Digits and the hyphen typed as full-width characters (as some input methods do)."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() or c == "-" else c for c in text)


def test_wildcards_in_a_search_are_literal_and_do_not_count_towards_the_minimum(store, protected):
    prot, exam, plain, plain_exam = protected
    s = store.sign_in("erik")
    pa = PatientService(s)
    for text in ("__", "%%", "_%_", "% %", "V_nlig", "Va%"):
        assert pa.search(text) == [], text
    assert [p.id for p in pa.search("Vanlig")] == [plain.id]
    s.close()


def test_every_patient_a_search_returns_is_logged_by_id(store, protected):
    prot, exam, plain, plain_exam = protected
    s = store.sign_in("anna")
    found = PatientService(s).search("ligsson")
    assert {p.id for p in found} == {prot.id, plain.id}
    s.close()
    m = store.sign_in("chef")
    logged = {
        pid
        for (pid,) in m.db.all(
            "SELECT patient_id FROM audit_log WHERE username = 'anna' AND action = 'searched' "
            "AND patient_id IS NOT NULL"
        )
    }
    m.close()
    assert logged == {prot.id, plain.id}


def test_full_width_digits_do_not_slip_past_the_duplicate_check(store, protected):
    prot, *_ = protected
    s = store.sign_in("anna")
    with pytest.raises((ValidationError, AccessDenied)):
        PatientService(s).create(personal_id=_fullwidth(make_pnr(1)), name="Någon Annan", sex=Sex.FEMALE)
    # the same number in full width is found by number search as well
    assert [p.id for p in PatientService(s).search(_fullwidth(make_pnr(1)))] == [prot.id]
    s.close()


def test_report_preview_of_a_protected_case_is_refused_and_logged(store, protected):
    from injurydoc.services.export import ExportService

    prot, exam, *_ = protected
    s = store.sign_in("erik")
    with pytest.raises(AccessDenied):
        ExportService(s).preview(exam.id)
    s.close()
    assert ("erik", "read", "denied") in _denied_events(store, prot.id)
