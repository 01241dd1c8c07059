"""Examinations: drafts saved field by field, signing makes them immutable in the database itself."""

import dataclasses

import pytest

from injurydoc.domain.errors import AccessDenied, ImmutableError, ValidationError
from injurydoc.domain.models import (
    AbsentFinding,
    BodyMark,
    ConcernReport,
    Consent,
    PersonPresent,
    SipRecord,
    StrangulationAnswers,
)
from injurydoc.domain.vocab import (
    Answer,
    BodyRegion,
    BodyView,
    ConsentDecision,
    ConsentScope,
    InjuryType,
    LegalBasis,
    PresentRole,
    Side,
    StrangulationMethod,
)
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.patients import PatientService
from injurydoc.store import examinations as repo
from injurydoc.store.audit import now_utc

from .conftest import make_pnr


@pytest.fixture
def draft(store):
    s = store.sign_in("anna")
    p = PatientService(s).create(personal_id=make_pnr(1), name="Test Testsson")
    svc = ExaminationService(s)
    e = svc.create(p.id)
    yield s, svc, e
    s.close()


def test_every_field_round_trips(draft):
    s, svc, e = draft
    now = now_utc()
    svc.update(
        e.id,
        consents=(Consent(ConsentScope.PHOTOGRAPHY, ConsentDecision.GIVEN, now, "muntligt"),),
        persons_present=(PersonPresent(PresentRole.INTERPRETER, "Tolk T", "arabiska"),),
        patient_account="”Han slog mig.”",
        strangulation=StrangulationAnswers(
            asked=True, methods=(StrangulationMethod.LIGATURE,), loss_of_consciousness=Answer.UNKNOWN
        ),
        absent_findings=(AbsentFinding(BodyRegion.NECK_ANTERIOR, "Inga synliga skador på halsen."),),
        concern_report=ConcernReport(made=True, office="Soc", grounds="Barn", made_at=now.date()),
        sip=SipRecord(called=True, consent=True, date=now.date()),
    )
    inj = svc.add_injury(
        e.id,
        type=InjuryType.BRUISE,
        region=BodyRegion.FOREARM,
        side=Side.LEFT,
        marks=(BodyMark(BodyView.FRONT, 0.25, 0.5),),
        length_mm=12.5,
        width_mm=8,
        colour="blålila",
    )
    got = svc.get(e.id)
    assert got.consents[0].note == "muntligt" and got.consents[0].recorded_at == now
    assert got.persons_present[0].language == "arabiska"
    assert got.strangulation.methods == (StrangulationMethod.LIGATURE,)
    assert got.strangulation.loss_of_consciousness is Answer.UNKNOWN
    assert got.absent_findings[0].region is BodyRegion.NECK_ANTERIOR
    assert got.concern_report.made_at == now.date()
    assert got.sip.called
    assert got.injuries == (inj,)
    assert got.injuries[0].marks[0] == BodyMark(BodyView.FRONT, 0.25, 0.5)
    assert got.injuries[0].number == 1


def test_injury_numbers_and_size_limits(draft):
    s, svc, e = draft
    a = svc.add_injury(e.id, type=InjuryType.BRUISE, region=BodyRegion.THIGH, side=Side.RIGHT)
    b = svc.add_injury(e.id, type=InjuryType.SCRATCH, region=BodyRegion.NECK_LATERAL, side=Side.LEFT)
    assert (a.number, b.number) == (1, 2)
    with pytest.raises(ValidationError):
        svc.update_injury(a.id, length_mm=-3)
    svc.update_injury(a.id, side=Side.LEFT)
    assert svc.get(e.id).injuries[0].side is Side.LEFT
    svc.delete_injury(a.id)
    assert [i.number for i in svc.get(e.id).injuries] == [2]


def test_there_is_no_bruise_age_field():
    from injurydoc.domain.models import Injury

    names = {f.name for f in dataclasses.fields(Injury)}
    assert not any("age" in n for n in names)


def test_signed_examination_is_immutable(draft):
    s, svc, e = draft
    inj = svc.add_injury(e.id, type=InjuryType.BRUISE, region=BodyRegion.THIGH, side=Side.RIGHT)
    signed = svc.sign(e.id)
    assert signed.is_signed and svc.signature(signed).state == "valid"
    assert signed.ended_at is not None
    for attempt in (
        lambda: svc.update(e.id, assessment="ändrat"),
        lambda: svc.add_injury(e.id, type=InjuryType.BURN, region=BodyRegion.HIP, side=Side.LEFT),
        lambda: svc.update_injury(inj.id, colour="grön"),
        lambda: svc.delete_injury(inj.id),
        lambda: svc.sign(e.id),
    ):
        with pytest.raises(ImmutableError):
            attempt()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE examinations SET body = '{}' WHERE id = :e",
        "UPDATE examinations SET status = 'draft' WHERE id = :e",
        "DELETE FROM examinations WHERE id = :e",
        "UPDATE injuries SET body = '{}' WHERE examination_id = :e",
        "DELETE FROM injuries WHERE examination_id = :e",
        "INSERT INTO injuries (id, examination_id, number, type, region, side, body) "
        "VALUES ('x', :e, 9, 'bruise', 'hip', 'left', '{}')",
    ],
)
def test_database_itself_refuses_changes_to_a_signed_examination(draft, sql):
    s, svc, e = draft
    svc.add_injury(e.id, type=InjuryType.BRUISE, region=BodyRegion.THIGH, side=Side.RIGHT)
    svc.sign(e.id)
    before = repo.legacy_content_hash(svc.get(e.id))
    with pytest.raises(ImmutableError):
        with s.transaction() as db:
            db.execute(sql, {"e": e.id})
    assert repo.legacy_content_hash(svc.get(e.id)) == before


def test_addenda_after_signing_and_they_cannot_change(draft):
    s, svc, e = draft
    with pytest.raises(ValidationError):
        svc.add_addendum(e.id, "för tidigt")
    svc.sign(e.id)
    a = svc.add_addendum(e.id, "Patienten hörde av sig dagen efter.")
    assert svc.get(e.id).addenda == (a,)
    with pytest.raises(ImmutableError):
        with s.transaction() as db:
            db.execute("UPDATE addenda SET text = 'x' WHERE id = ?", (a.id,))


def test_only_the_examiner_edits_and_signs(store, draft):
    s, svc, e = draft
    other = store.sign_in("erik")
    with pytest.raises(AccessDenied):
        ExaminationService(other).update(e.id, assessment="x")
    with pytest.raises(ValidationError):
        ExaminationService(other).sign(e.id)
    other.close()


def test_follow_up_links_to_the_earlier_examination(draft):
    s, svc, e = draft
    svc.sign(e.id)
    f = svc.create(svc.get(e.id).patient_id, follow_up_of=e.id)
    assert svc.get(f.id).follow_up_of == e.id
    other = PatientService(s).create(personal_id=make_pnr(9), name="Annan Person")
    with pytest.raises(ValidationError):
        svc.create(other.id, follow_up_of=e.id)


def test_legal_basis_recorded_with_who_and_when(draft):
    s, svc, e = draft
    with pytest.raises(ValidationError):
        svc.record_legal_basis(e.id, LegalBasis.RATTSINTYG_REQUEST)
    rec = svc.record_legal_basis(e.id, LegalBasis.RATTSINTYG_REQUEST, reference="5000-K123456-26")
    assert rec.decided_by == s.account.id and rec.decided_at
    assert svc.legal_bases(e.id) == [rec]


def test_list_mine_puts_drafts_first(store):
    s = store.sign_in("anna")
    p = PatientService(s).create(personal_id=make_pnr(3), name="Lista Listsson")
    svc = ExaminationService(s)
    first = svc.create(p.id)
    svc.sign(first.id)
    second = svc.create(p.id)
    rows = svc.list_mine()
    assert [r.examination_id for r in rows] == [second.id, first.id]
    assert rows[0].status == "draft" and rows[1].status == "signed"
    assert rows[0].personal_id_masked.endswith("••••")
    s.close()


def test_case_refs_are_unique_and_marked_in_training(store, training_store):
    from injurydoc.domain.vocab import Profession, Role
    from injurydoc.services.accounts import AccountService

    m = training_store.sign_in("chef")
    AccountService(m).create(
        username="elev",
        display_name="Elev",
        password="correct horse battery",
        roles=frozenset({Role.CLINICIAN}),
        profession=Profession.NURSE,
    )
    m.close()
    t = training_store.sign_in("elev")
    p = PatientService(t).create(personal_id=make_pnr(4), name="Övning Övningsson")
    assert ExaminationService(t).create(p.id).case_ref.startswith("OVN-")
    t.close()
