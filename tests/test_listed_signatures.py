"""The start list's signature check, remembered for the session (services/record_signing.py, mark_listed).

A listed signed row is checked in full once a session; afterwards only when a fingerprint over every stored
row its check reads has changed.  The colleague here holds a valid password and the raw data key and edits
the store with sqlcipher3 *while Anna's program runs* (its connection open, the list already said
"signed"): the next refresh of the list and the next opening must show the record as broken, whatever row
the edit touched.  The remembered verdicts live in the session's memory only.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3.dbapi2 as sqlcipher

from injurydoc.domain.errors import ImmutableError
from injurydoc.services import record_signing
from injurydoc.services.examinations import ExaminationService
from injurydoc.store import examinations as exam_repo
from injurydoc.store.personal_keys import PersonalKeys

from .helpers import insider
from .helpers.export_cases import documented_case
from .helpers.insider import colleague_connection


def _colleague(store, username: str = "erik"):
    return colleague_connection(store, username, drop_triggers=True)


@pytest.fixture
def running(store, tmp_path, monkeypatch):
    """Anna's session, open, with a signed examination (photos, links, an addendum) that her list has
    already shown as validly signed; and a record of which examinations the list checked in full."""
    s, e = documented_case(store, tmp_path)
    svc = ExaminationService(s)
    svc.add_addendum(e.id, "Kompletterande fynd.")
    checked: list[str] = []
    full_check = record_signing.check_stored

    def counting(db: Any, exam_id: str, **kw: Any) -> record_signing.SignatureState:
        checked.append(exam_id)
        return full_check(db, exam_id, **kw)

    monkeypatch.setattr(record_signing, "check_stored", counting)
    assert _listed(s, e.id) == record_signing.VALID
    assert checked == [e.id]
    assert _listed(s, e.id) == record_signing.VALID
    assert checked == [e.id], "the second listing re-checked a row nothing had changed"
    con = _colleague(store)
    yield s, e, con, checked
    con.close()
    with contextlib.suppress(sqlcipher.ProgrammingError):
        s.close()


def _listed(s, exam_id: str) -> str | None:
    """The signature state the start list shows for the examination (searching all visible rows)."""
    rows = [r for r in ExaminationService(s).search("") if r.examination_id == exam_id]
    assert len(rows) == 1
    return rows[0].extra.get("signature")


def _opened(s, exam_id: str) -> record_signing.SignatureState:
    svc = ExaminationService(s)
    return svc.signature(svc.get(exam_id))


def _flip(value: bytes) -> bytes:
    return value[:-1] + bytes([value[-1] ^ 1])


def _account(con: sqlcipher.Connection, username: str) -> str:
    return str(con.execute("SELECT id FROM accounts WHERE username = ?", (username,)).fetchone()[0])


def _change_body(con, e, s) -> None:
    body = con.execute("SELECT body FROM examinations WHERE id = ?", (e.id,)).fetchone()[0]
    con.execute("UPDATE examinations SET body = ? WHERE id = ?", (body.replace("Han slog", "Hon slog"), e.id))


def _make_erik_examiner(con, e, s) -> None:
    erik = _account(con, "erik")
    con.execute("UPDATE examinations SET examiner_id = ?, signed_by = ? WHERE id = ?", (erik, erik, e.id))


def _change_injury(con, e, s) -> None:
    con.execute(
        "UPDATE injuries SET side = CASE side WHEN 'left' THEN 'right' ELSE 'left' END "
        "WHERE examination_id = ?",
        (e.id,),
    )


def _change_addendum(con, e, s) -> None:
    con.execute("UPDATE addenda SET text = 'Inga fynd.' WHERE examination_id = ?", (e.id,))


def _change_photo_hash(con, e, s) -> None:
    con.execute("UPDATE photos SET sha256 = ? WHERE examination_id = ? AND number = 1", ("0" * 64, e.id))


def _unlink_photos(con, e, s) -> None:
    con.execute(
        "DELETE FROM photo_injuries WHERE photo_id IN (SELECT id FROM photos WHERE examination_id = ?)",
        (e.id,),
    )


def _flip_signature(con, e, s) -> None:
    sig = con.execute("SELECT signature FROM record_signatures WHERE record_id = ?", (e.id,)).fetchone()[0]
    con.execute("UPDATE record_signatures SET signature = ? WHERE record_id = ?", (_flip(sig), e.id))


def _delete_addendum_signature(con, e, s) -> None:
    con.execute("DELETE FROM record_signatures WHERE examination_id = ? AND kind = 'addendum'", (e.id,))


def _substitute_key(con, e, s) -> None:
    fake = PersonalKeys.generate(1).public().ed25519
    con.execute("UPDATE account_keys SET ed25519 = ? WHERE subject = ?", (fake, s.account.id))


def _flip_certificate_signature(con, e, s) -> None:
    for subject, gen, sig in con.execute(
        "SELECT subject, generation, certificate_sig FROM account_keys WHERE subject = ?", (s.account.id,)
    ).fetchall():
        con.execute(
            "UPDATE account_keys SET certificate_sig = ? WHERE subject = ? AND generation = ?",
            (_flip(sig), subject, gen),
        )


def _rewrite_signed_log_row(con, e, s) -> None:
    con.execute(
        "UPDATE audit_log SET details = ? WHERE target = ? AND action = 'signed'",
        (json.dumps({"content_sha256": "0" * 64}), f"examination:{e.id}"),
    )


def _move_signed_log_row(con, e, s) -> None:
    con.execute(
        "UPDATE audit_log SET target = 'examination:elsewhere' WHERE target = ? AND action = 'signed'",
        (f"examination:{e.id}",),
    )


def _signed_log_row_of_another_person(con, e, s) -> None:
    # the list reads the log's rows once for the page; it must still ask for the examination's own person
    con.execute(
        "UPDATE audit_log SET patient_id = 'someone-else' WHERE target = ? AND action = 'signed'",
        (f"examination:{e.id}",),
    )


def _signed_log_row_refused(con, e, s) -> None:
    con.execute(
        "UPDATE audit_log SET outcome = 'denied' WHERE target = ? AND action = 'signed'",
        (f"examination:{e.id}",),
    )


def _replace_unit_key(con, e, s) -> None:
    other = base64.b64encode(PersonalKeys.generate(1).public().ed25519).decode()
    con.execute("UPDATE meta SET value = ? WHERE key = 'unit_key'", (other,))


ATTACKS = {
    "signed text changed": _change_body,
    "examiner changed to the colleague": _make_erik_examiner,
    "an injury changed": _change_injury,
    "the addendum changed": _change_addendum,
    "a photo's hash replaced": _change_photo_hash,
    "photos unlinked from the injury": _unlink_photos,
    "the signature's bytes changed": _flip_signature,
    "the addendum's signature removed": _delete_addendum_signature,
    "the examiner's public key substituted": _substitute_key,
    "the key's certificate signature changed": _flip_certificate_signature,
    "the log's signed row rewritten": _rewrite_signed_log_row,
    "the log's signed row moved away": _move_signed_log_row,
    "the log's signed row given to another person": _signed_log_row_of_another_person,
    "the log's signed row made a refusal": _signed_log_row_refused,
    "the unit key replaced": _replace_unit_key,
}


@pytest.mark.parametrize("attack", list(ATTACKS), ids=list(ATTACKS))
def test_a_raw_edit_while_the_program_runs_is_broken_at_the_next_refresh_and_at_open(running, attack):
    s, e, con, checked = running
    ATTACKS[attack](con, e, s)
    assert _listed(s, e.id) == record_signing.BROKEN
    assert checked[1:] == [e.id]
    assert _opened(s, e.id).broken
    assert _listed(s, e.id) == record_signing.BROKEN  # and stays so


def test_an_edit_undone_is_checked_again_and_valid_again(running):
    s, e, con, checked = running
    body = con.execute("SELECT body FROM examinations WHERE id = ?", (e.id,)).fetchone()[0]
    _change_body(con, e, s)
    assert _listed(s, e.id) == record_signing.BROKEN
    con.execute("UPDATE examinations SET body = ? WHERE id = ?", (body, e.id))
    assert _listed(s, e.id) == record_signing.VALID
    assert checked == [e.id] * 3


def test_a_signed_record_set_back_to_a_draft_is_broken_and_cannot_be_edited_or_signed_again(running):
    """The status column is the one change that takes a row out of the signed rows: the list, the editor
    and every editing path see that it was signed once (its signature row, the log's signed row)."""
    s, e, con, _checked = running
    con.execute(
        "UPDATE examinations SET status = 'draft', signed_at = NULL, signed_by = NULL WHERE id = ?", (e.id,)
    )
    assert _listed(s, e.id) == record_signing.BROKEN
    state = _opened(s, e.id)
    assert state.broken and "stored as a draft again" in state.text("en")
    assert "utkast igen" in state.text("sv")
    svc = ExaminationService(s)
    for attempt in (lambda: svc.update(e.id, patient_account="Jag föll."), lambda: svc.sign(e.id)):
        with pytest.raises(ImmutableError) as err:
            attempt()
        assert err.value.code == "exam.signature_broken"
    # a draft never signed is listed unmarked and stays editable
    other = svc.create(e.patient_id)
    assert _listed(s, other.id) is None
    svc.update(other.id, patient_account="Utkast.")


# ----- every column of every row the check reads ------------------------------------------------------
#: Columns whose change takes the row out of the list instead (it is then not marked at all): the
#: examination's own id, its patient (the list joins patients), its examiner (joins accounts) — the
#: examiner is changed to a real colleague in ATTACKS instead — and its status (a draft is no signed row).
_LEAVES_THE_LIST = {("examinations", c) for c in ("id", "patient_id", "examiner_id", "status")}


def _rows_read_by_the_check(con: sqlcipher.Connection, exam_id: str, anna: str) -> Iterator[tuple[str, str]]:
    """(table, WHERE clause with the rowid) of each stored row the check of ``exam_id`` reads."""
    queries = {
        "examinations": ("SELECT rowid FROM examinations WHERE id = ?", (exam_id,)),
        "injuries": ("SELECT rowid FROM injuries WHERE examination_id = ?", (exam_id,)),
        "addenda": ("SELECT rowid FROM addenda WHERE examination_id = ?", (exam_id,)),
        "photos": ("SELECT rowid FROM photos WHERE examination_id = ?", (exam_id,)),
        "photo_injuries": (
            "SELECT pi.rowid FROM photo_injuries pi JOIN photos p ON p.id = pi.photo_id "
            "WHERE p.examination_id = ?",
            (exam_id,),
        ),
        "record_signatures": ("SELECT rowid FROM record_signatures WHERE examination_id = ?", (exam_id,)),
        "account_keys": ("SELECT rowid FROM account_keys WHERE subject = ?", (anna,)),
        "audit_log": (
            f"SELECT rowid FROM audit_log WHERE target = ? AND action IN {record_signing.LOG_ACTIONS}",
            (f"examination:{exam_id}",),
        ),
        "meta": ("SELECT rowid FROM meta WHERE key = 'unit_key'", ()),
    }
    for table, (sql, params) in queries.items():
        rowids = [r[0] for r in con.execute(sql, params).fetchall()]
        assert rowids, f"the fixture has no {table} row"
        for rowid in rowids:
            yield table, f"rowid = {rowid}"


def _changed(value: object, declared: str) -> object:
    if isinstance(value, bytes):
        return _flip(value)
    if isinstance(value, int):
        return value + 1000
    if isinstance(value, str):
        with contextlib.suppress(ValueError):  # a time stays a time (the list itself shows some)
            return (dt.datetime.fromisoformat(value) + dt.timedelta(seconds=1)).isoformat()
        return value + "x"
    return {"INTEGER": 7, "BLOB": b"\x00", "REAL": 1.5}.get(declared.upper(), "x")  # a NULL


def test_a_change_to_any_column_of_any_row_the_check_reads_makes_the_list_check_again(running, store):
    """Exhaustive: each column of each row, changed by raw SQL and then put back; each change makes the
    next listing check the row in full, and so does putting it back."""
    s, e, con, checked = running
    con.execute("PRAGMA ignore_check_constraints = ON")  # as the colleague may
    done = 0
    for table, where in list(_rows_read_by_the_check(con, e.id, s.account.id)):
        info = con.execute(f"PRAGMA table_info({table})").fetchall()
        for column, declared, is_rowid in (
            (str(r[1]), str(r[2]), r[5] == 1 and r[2] == "INTEGER") for r in info
        ):
            if (table, column) in _LEAVES_THE_LIST:
                continue
            before = con.execute(f"SELECT {column} FROM {table} WHERE {where}").fetchone()[0]
            # (a rowid moves below zero: the program keeps appending log rows above the highest one)
            after = -before if is_rowid else _changed(before, declared)
            con.execute(f"UPDATE {table} SET {column} = ? WHERE {where}", (after,))
            n = len(checked)
            _listed(s, e.id)
            assert checked[n:] == [e.id], f"{table}.{column} changed, the list did not check again"
            # (an INTEGER PRIMARY KEY is the rowid itself: the row is now found by its new value)
            back = f"rowid = {after}" if is_rowid else where
            con.execute(f"UPDATE {table} SET {column} = ? WHERE {back}", (before,))
            assert _listed(s, e.id) == record_signing.VALID, f"{table}.{column} put back"
            assert checked[n + 1 :] == [e.id], f"{table}.{column} put back, not checked again"
            done += 1
    assert done > 60  # every column of about 15 rows in nine tables


def test_a_row_added_to_any_table_the_check_reads_makes_the_list_check_again(running):
    s, e, con, checked = running
    injury = con.execute("SELECT id FROM injuries WHERE examination_id = ?", (e.id,)).fetchone()[0]
    photo = con.execute("SELECT id FROM photos WHERE examination_id = ? AND number = 2", (e.id,)).fetchone()[
        0
    ]
    rows = [
        (
            "INSERT INTO injuries SELECT 'added', examination_id, 99, type, region, side, body FROM injuries "
            "WHERE id = ?",
            (injury,),
        ),
        (
            "INSERT INTO addenda VALUES ('added', ?, ?, '2026-12-05T10:00:00+00:00', 'Tillagt.')",
            (e.id, s.account.id),
        ),
        ("INSERT INTO photo_injuries VALUES (?, 'added')", (photo,)),
        (
            "INSERT INTO audit_log (at, account_id, username, unit, action, outcome, patient_id, target, "
            "details, prev_hash, hash) SELECT at, account_id, username, unit, action, outcome, patient_id, "
            "target, details, prev_hash, hash FROM audit_log WHERE target = ? AND action = 'signed'",
            (f"examination:{e.id}",),
        ),
    ]
    for sql, params in rows:
        n = len(checked)
        con.execute(sql, params)
        _listed(s, e.id)
        assert checked[n:] == [e.id], sql


# ----- what the check reads is what the fingerprint covers --------------------------------------------
def test_the_fingerprint_covers_every_table_the_check_reads(store, tmp_path):
    """SQLite's authorizer names every table (and column) a statement reads.  If ``check`` ever reads a
    table the fingerprint does not cover, a remembered verdict could outlive a change to it: this fails."""
    from injurydoc.domain.vocab import Protection

    s, e = documented_case(store, tmp_path, protection=Protection.SKYDDAD_FOLKBOKFORING)
    ExaminationService(s).add_addendum(e.id, "Kompletterande fynd.")
    s.close()
    s = store.sign_in("anna")  # a new session: the person's key not yet opened, so its wrap is read too
    read: set[str] = set()

    def authorizer(action: int, arg1: Any, arg2: Any, dbname: Any, source: Any) -> int:
        if action == sqlcipher.SQLITE_READ:
            read.add(str(arg1))
        return sqlcipher.SQLITE_OK

    con = insider.session_connection(s.db)  # the session's own connection
    con.set_authorizer(authorizer)
    try:
        exam = exam_repo.get(s.db, e.id)
        assert exam is not None and record_signing.check(s.db, exam).state == record_signing.VALID
    finally:
        con.set_authorizer(None)
        s.close()
    assert {"examinations", "record_signatures", "account_keys", "audit_log", "person_key_wraps"} <= read
    assert read <= record_signing.FINGERPRINTED, read - record_signing.FINGERPRINTED


def test_a_protected_persons_row_is_remembered_and_a_swapped_ciphertext_is_broken(
    store, tmp_path, monkeypatch
):
    from injurydoc.domain.vocab import Protection

    s, e = documented_case(store, tmp_path, protection=Protection.SKYDDAD_FOLKBOKFORING)
    try:
        other = ExaminationService(s).create(e.patient_id)
        ExaminationService(s).update(other.id, patient_account="Något annat.")
        assert _listed(s, e.id) == record_signing.VALID
        assert e.id in record_signing.remembered(s.db)
        con = _colleague(store)
        # the colleague cannot read it, but can move another record's ciphertext in
        sealed = con.execute("SELECT body FROM examinations WHERE id = ?", (other.id,)).fetchone()[0]
        con.execute("UPDATE examinations SET body = ? WHERE id = ?", (sealed, e.id))
        con.close()
        assert _listed(s, e.id) == record_signing.BROKEN
        with pytest.raises(ImmutableError) as err:
            _opened(s, e.id)
        assert err.value.code == "exam.signature_broken"
        assert "cannot be read" in err.value.message("en") and "går inte att läsa" in err.value.message("sv")
    finally:
        s.close()


# ----- the memory is the session's only ---------------------------------------------------------------
_WRITES: list[str] = []
_WATCHING: list[bool] = [False]


def _watch_writes(event: str, args: tuple[Any, ...]) -> None:
    writing = (
        event == "open" and len(args) > 1 and isinstance(args[1], str) and any(m in args[1] for m in "wax+")
    )
    if _WATCHING[0] and writing:
        _WRITES.append(str(args[0]))


sys.addaudithook(_watch_writes)


def _cells(con: sqlcipher.Connection) -> Iterator[bytes]:
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()]
    for table in tables:
        for row in con.execute(f"SELECT * FROM {table}").fetchall():
            for value in row:
                if isinstance(value, bytes):
                    yield value
                elif isinstance(value, str):
                    yield value.encode("utf-8", "surrogatepass")


def test_the_remembered_verdicts_are_never_written_to_disk(store, tmp_path, isolated_env):
    s, e = documented_case(store, tmp_path)
    try:
        _listed(s, e.id)
        _WRITES.clear()
        _WATCHING[0] = True
        try:
            _listed(s, e.id)  # answered from memory
        finally:
            _WATCHING[0] = False
        # the only file the program itself opens to write while listing is the access log's anchor
        assert all(Path(p).name.startswith((".audit-anchor.json", "audit-anchor.json")) for p in _WRITES), (
            _WRITES
        )
        memo = record_signing.remembered(s.db)
        assert set(memo) == {e.id}
        fingerprint = memo[e.id][0]
    finally:
        s.close()
    forms = (fingerprint, fingerprint.hex().encode(), base64.b64encode(fingerprint))
    for root in (tmp_path, isolated_env):
        for path in Path(root).rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                assert not any(f in data for f in forms), path
    con = _colleague(store)
    try:
        assert not any(f in cell for cell in _cells(con) for f in forms)
    finally:
        con.close()
    # a new session (a new connection) remembers nothing and checks every listed row again
    s = store.sign_in("anna")
    try:
        assert record_signing.remembered(s.db) == {}
        _listed(s, e.id)
        assert set(record_signing.remembered(s.db)) == {e.id}
    finally:
        s.close()


def test_a_row_whose_dates_or_protection_no_longer_read_is_listed_damaged_and_the_rest_still_shows(running):
    """Raw SQL can put text that is no date, or an unknown protection level, in a listed row: the start
    list still opens with every row, the damaged one marked (and a level that cannot be read shown as the
    strictest), and opening it says what is wrong instead of showing it."""
    s, e, con, _checked = running
    svc = ExaminationService(s)
    other = svc.create(svc.get(e.id).patient_id)
    con.execute("UPDATE examinations SET created_at = 'igår' WHERE id = ?", (other.id,))
    con.execute("UPDATE examinations SET signed_at = 'not a date' WHERE id = ?", (e.id,))
    rows = {r.examination_id: r for r in svc.list_mine()}
    assert set(rows) == {e.id, other.id}
    assert rows[other.id].extra.get("damaged") and rows[e.id].extra.get("damaged")
    from injurydoc.domain.errors import KnownError

    with pytest.raises(KnownError):
        svc.get(other.id)
    patient = rows[other.id].patient_id
    con.execute("UPDATE patients SET protection = 'nonsense' WHERE id = ?", (patient,))
    rows = {r.examination_id: r for r in svc.list_mine()}
    assert set(rows) == {e.id, other.id}
    assert all(r.protection.is_protected and r.extra.get("damaged") for r in rows.values())
