"""The access log: every read and change is in it, and going around the program is detected."""

import io

import pytest

from injurydoc.cli import main
from injurydoc.domain.errors import StoreError
from injurydoc.domain.vocab import AuditAction, Sex
from injurydoc.services.audit_log import AuditFilter, AuditService
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.patients import PatientService
from injurydoc.store.personal_keys import PersonalKeys, verify_with

from .conftest import PASSWORD, make_pnr
from .helpers.insider import colleague_connection


def _populate(store, n=3):
    s = store.sign_in("anna")
    for i in range(n):
        p = PatientService(s).create(personal_id=make_pnr(i), name=f"Patient {i}", sex=Sex.MALE)
        e = ExaminationService(s).create(p.id)
        ExaminationService(s).get(e.id)
    s.close()


def _verify_cli(store, *extra):
    out, err = io.StringIO(), io.StringIO()
    rc = main(
        ["audit", "verify", "--store", str(store.folder), "--user", "chef", "--password-stdin", *extra],
        stdin=io.StringIO(PASSWORD + "\n"),
        stdout=out,
        stderr=err,
    )
    return rc, out.getvalue() + err.getvalue()


def test_whole_chain_verifies(store):
    _populate(store)
    rc, text = _verify_cli(store)
    assert rc == 0, text
    assert "Åtkomstloggen är hel" in text


def test_triggers_refuse_update_and_delete(store):
    _populate(store, 1)
    s = store.sign_in("chef")
    from injurydoc.domain.errors import ImmutableError

    with pytest.raises(ImmutableError):
        s.db.execute("UPDATE audit_log SET username = 'x' WHERE seq = 2")
    with pytest.raises(ImmutableError):
        s.db.execute("DELETE FROM audit_log WHERE seq = 2")
    s.close()


def _tamper(store, *sql):
    con = colleague_connection(store, "chef")
    con.execute("DROP TRIGGER audit_log_refuse_update")
    con.execute("DROP TRIGGER audit_log_refuse_delete")
    for stmt in sql:
        con.execute(stmt)
    # A careful forger puts the triggers back.
    from injurydoc.store.schema import V1

    for stmt in V1:
        if "TRIGGER audit_log_refuse" in stmt:
            con.execute(stmt)
    con.close()


def test_edited_row_is_named(store):
    _populate(store)
    _tamper(store, "UPDATE audit_log SET username = 'erik' WHERE seq = 7")
    rc, text = _verify_cli(store, "--lang", "en")
    assert rc == 1
    assert "row 7" in text and "changed" in text


def test_deleted_row_in_the_middle_is_named(store):
    _populate(store)
    _tamper(store, "DELETE FROM audit_log WHERE seq = 5")
    rc, text = _verify_cli(store, "--lang", "en")
    assert rc == 1
    assert "row 5" in text


def test_deleted_rows_at_the_end_are_found_through_the_anchor(store):
    _populate(store)
    s = store.sign_in("chef")
    last = s.db.scalar("SELECT max(seq) FROM audit_log")
    s.close()
    _tamper(store, f"DELETE FROM audit_log WHERE seq >= {last - 1}")
    rc, text = _verify_cli(store, "--json")
    assert rc == 1
    import json

    doc = json.loads(text)
    assert doc["whole"] is False
    # Signing in to verify appended one row after the cut: the chain itself is intact up to there,
    # but the anchor remembers rows that are gone.
    assert doc["first_broken_row"] is not None


def test_rehashed_forgery_is_caught_by_the_anchor_mac(store):
    """Someone rewrites a row and recomputes every hash after it: the anchor no longer matches."""
    _populate(store)
    from injurydoc.store import audit

    con = colleague_connection(store, "chef")
    con.execute("DROP TRIGGER audit_log_refuse_update")
    rows = con.execute(
        "SELECT seq, at, account_id, username, unit, action, outcome, patient_id, target, details "
        "FROM audit_log ORDER BY seq"
    ).fetchall()
    store_id = con.execute("SELECT value FROM meta WHERE key = 'store_id'").fetchone()[0]
    prev = audit.genesis_hash(store_id)
    for original in rows:
        row = list(original)
        if row[0] == 4:
            row[3] = "someone-else"
        h = audit.row_hash(prev, *row)
        con.execute(
            "UPDATE audit_log SET username = ?, prev_hash = ?, hash = ? WHERE seq = ?",
            (row[3], prev, h, row[0]),
        )
        prev = h
    con.execute(
        "CREATE TRIGGER audit_log_refuse_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'injurydoc: the access log cannot be changed'); END"
    )
    con.close()
    rc, text = _verify_cli(store, "--lang", "en")
    assert rc == 1
    assert "anchor" in text


def test_dropped_protective_trigger_is_reported(store):
    _populate(store, 1)
    con = colleague_connection(store, "chef")
    con.execute("DROP TRIGGER examinations_refuse_update")
    con.close()
    rc, text = _verify_cli(store, "--lang", "en")
    assert rc == 1
    assert "examinations_refuse_update" in text


@pytest.mark.parametrize("trigger", ["export_attempts_refuse_update", "export_attempts_refuse_delete"])
def test_dropped_export_attempt_trigger_is_named(store, trigger):
    """Someone drops the guard of the export records and rewrites or removes one: the check names it."""
    _populate(store, 1)
    con = colleague_connection(store, "chef")
    con.execute(f"DROP TRIGGER {trigger}")
    con.close()
    rc, text = _verify_cli(store, "--lang", "en")
    assert rc == 1
    assert trigger in text
    s = store.sign_in("chef")
    report = AuditService(s).verify()
    s.close()
    assert not report.whole and trigger in report.problem


def test_every_refusing_trigger_of_the_schema_is_watched():
    """A guard trigger added by a migration but left out of PROTECTIVE_TRIGGERS could be dropped unseen."""
    import re

    from injurydoc.store.schema import MIGRATIONS, PROTECTIVE_TRIGGERS

    made = [
        m.group(1)
        for _version, statements in MIGRATIONS
        for stmt in statements
        if (m := re.search(r"CREATE TRIGGER (\w+)", stmt))
    ]
    guards = {n for n in made if re.search(r"_refuse_(insert|update|delete|replace)$|_fixed_", n)}
    assert guards - set(PROTECTIVE_TRIGGERS) == set()
    assert set(PROTECTIVE_TRIGGERS) - set(made) == set()


def test_only_a_unit_manager_verifies_or_reads_the_log(store):
    s = store.sign_in("anna")
    from injurydoc.domain.errors import AccessDenied

    with pytest.raises(AccessDenied):
        AuditService(s).verify()
    with pytest.raises(AccessDenied):
        AuditService(s).events()
    s.close()


def test_events_record_who_what_when_unit_and_patient(store):
    s = store.sign_in("anna")
    p = PatientService(s).create(personal_id=make_pnr(40), name="Loggad Person", sex=Sex.FEMALE)
    e = ExaminationService(s).create(p.id)
    ExaminationService(s).update(e.id, patient_account="Han slog mig.")
    ExaminationService(s).get(e.id)
    s.close()
    m = store.sign_in("chef")
    events = AuditService(m).events(AuditFilter(patient_id=p.id))
    actions = [ev.action for ev in reversed(events)]
    assert actions == [AuditAction.CREATED, AuditAction.CREATED, AuditAction.CHANGED, AuditAction.READ]
    for ev in events:
        assert ev.username == "anna" and ev.unit == "Vårdcentralen Test" and ev.at.tzinfo
    # The changed event names the field, never its content.
    changed = [ev for ev in events if ev.action is AuditAction.CHANGED][0]
    assert changed.details == {"fields": ["patient_account"]}
    # Reading the log is itself logged.
    assert m.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'log_review'") == 1
    m.close()


def test_audit_event_outside_a_transaction_is_a_bug(store):
    s = store.sign_in("anna")
    with pytest.raises(RuntimeError):
        s.audit(AuditAction.READ)
    s.close()


def test_verify_refuses_wrong_password_with_exit_1(store):
    out, err = io.StringIO(), io.StringIO()
    rc = main(
        ["audit", "verify", "--store", str(store.folder), "--user", "chef", "--password-stdin"],
        stdin=io.StringIO("nope nope nope\n"),
        stdout=out,
        stderr=err,
    )
    assert rc == 1
    assert "Fel användarnamn eller lösenord" in err.getvalue()
    _ = StoreError


def test_autosaved_changes_are_logged_once_per_minute_not_per_keystroke(store, monkeypatch):
    import time

    s = store.sign_in("anna")
    p = PatientService(s).create(personal_id=make_pnr(60), name="Skriv Skrivsson", sex=Sex.FEMALE)
    e = ExaminationService(s).create(p.id)
    clock = [1000.0]
    monkeypatch.setattr(time, "monotonic", lambda: clock[0])
    count = lambda: s.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'changed'")  # noqa: E731
    for text in ("H", "Ha", "Han", "Han slog"):
        ExaminationService(s).update(e.id, patient_account=text)
    assert count() == 1
    ExaminationService(s).update(e.id, assessment="x")  # another field: logged
    assert count() == 2
    clock[0] += 61
    ExaminationService(s).update(e.id, patient_account="Han slog mig")
    assert count() == 3
    assert ExaminationService(s).get(e.id).patient_account == "Han slog mig"  # every save was kept
    s.close()


def test_a_signature_verified_once_still_answers_only_for_its_own_message_and_key():
    """Verifications are remembered in the process (a unit manager's sign-in checks every checkpoint):
    a remembered answer is never given for another message, signature or key."""
    keys, other = PersonalKeys.generate(), PersonalKeys.generate()
    message = b'{"t":"injurydoc-audit-checkpoint"}'
    signature = keys.sign(message)
    public = keys.public()
    assert public.verify(signature, message)
    assert public.verify(signature, message)  # again: from memory, the same answer
    assert not public.verify(signature, message + b" ")
    assert not other.public().verify(signature, message)
    assert not public.verify(bytes([signature[0] ^ 1]) + signature[1:], message)
    assert not verify_with(public.ed25519, signature[:-1] + bytes([signature[-1] ^ 1]), message)
    assert public.verify(bytearray(signature), message)  # not remembered (not bytes): checked as before
    long = b"x" * 10_000
    assert public.verify(keys.sign(long), long) and not public.verify(keys.sign(long), long + b"x")
