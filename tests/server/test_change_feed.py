"""The change feed (``changes_since``) and ``holds`` on a real PostgreSQL, asked by each kind of account
with plain SQL: only ids of rows the caller may open, a cursor that loses nothing committed late, stamps
no client can choose, and "do you hold row X" that tells nothing about other people's rows."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from typing import Any

import psycopg

from injurydoc.server.feed import changes_since, holds
from tests.server.world import World, refused


def _feed(world: World, user: str, cursor: int = 0) -> tuple[int, set[tuple[str, uuid.UUID]]]:
    rows = world.as_(user).execute("SELECT * FROM injurydoc.changes_since(%s)", (cursor,)).fetchall()
    assert rows[-1][0] == "cursor" and rows[-1][1] is None
    return int(rows[-1][4]), {(r[0], r[1]) for r in rows[:-1]}


def _signed_case(world: World, user: str = "anna", protection: str = "none") -> dict[str, Any]:
    patient = world.add_patient(user, protection=protection)
    exam = world.add_exam(user, patient)
    version = world.add_version(user, exam, encrypted=protection != "none")
    injury = world.add_injury(user, version, encrypted=protection != "none")
    world.sign(user, exam, version)
    return {"patient": patient, "exam": exam, "version": version, "injury": injury}


def _addendum(world: World, user: str, exam: uuid.UUID, *, encrypted: bool = False) -> uuid.UUID:
    aid = uuid.uuid4()
    world.as_(user).execute(
        "INSERT INTO injurydoc.addenda (id, unit_id, examination_id, author_id, key_id, written_at, content,"
        " content_ciphertext, content_sha256, signature) VALUES (%s, %s, %s, %s, %s, now(), %s, %s, %s, %s)",
        (
            aid,
            world.unit_of(user),
            exam,
            world.ids[user],
            world.keys[user],
            None if encrypted else '{"text": "senare uppgift"}',
            os.urandom(40) if encrypted else None,
            os.urandom(32),
            os.urandom(64),
        ),
    )
    return aid


def test_feed_lists_exactly_what_each_role_may_open(world: World) -> None:
    open_case = _signed_case(world)
    hidden = _signed_case(world, protection="skyddad_folkbokforing")
    expected_open = {
        ("patient", open_case["patient"]),
        ("examination", open_case["exam"]),
        ("version", open_case["version"]),
        ("injury", open_case["injury"]),
        ("signature", open_case["exam"]),
    }
    _cur, anna = _feed(world, "anna")
    assert expected_open <= anna and ("patient", hidden["patient"]) in anna  # her own protected case
    _cur, erik = _feed(world, "erik")
    assert erik == expected_open  # a clinician: the unprotected case, nothing of the protected one
    for outsider in ("chef", "tove", "bo", "berit"):  # manager without grant, trainer, the other unit
        assert _feed(world, outsider)[1] == set(), outsider


def test_cursor_returns_only_what_changed_and_addenda_to_signed_examinations(world: World) -> None:
    case = _signed_case(world)
    cursor, first = _feed(world, "erik")
    assert ("signature", case["exam"]) in first
    cursor, nothing = _feed(world, "erik", cursor)
    assert nothing == set()
    addendum = _addendum(world, "erik", case["exam"])  # written later on another workstation
    cursor, later = _feed(world, "anna", cursor)
    assert later == {("addendum", addendum)}
    assert _feed(world, "anna", cursor)[1] == set()


def test_a_transaction_committed_after_a_later_one_is_not_lost(world: World) -> None:
    patient = world.add_patient("anna")
    exam = world.add_exam("anna", patient)
    slow = world.db.connect("anna", autocommit=False)
    try:
        slow_version = uuid.uuid4()
        slow.execute(  # begins first, commits last
            "INSERT INTO injurydoc.examination_versions (id, unit_id, examination_id, author_id,"
            " client_saved_at, content) VALUES (%s, %s, %s, %s, now(), '{}')",
            (slow_version, world.unit_a, exam, world.ids["anna"]),
        )
        fast_version = world.add_version("anna", exam)  # begins and commits meanwhile
        cursor, seen = _feed(world, "erik")
        assert ("version", fast_version) in seen and ("version", slow_version) not in seen
        slow.commit()
    finally:
        slow.close()
    _cursor, seen = _feed(world, "erik", cursor)
    assert ("version", slow_version) in seen  # the cursor stayed below the open transaction


def test_grants_made_and_withdrawn_reach_the_grantee(world: World) -> None:
    case = _signed_case(world, protection="sekretessmarkering")
    cursor, before = _feed(world, "erik")
    assert before == set()
    grant = world.grant("chef", case["patient"], "erik")
    conn = world.db.connect("erik", autocommit=False)
    try:  # the grant row names the patient to read, with all its examinations
        assert changes_since(conn, cursor).patients == {case["patient"]}
    finally:
        conn.close()
    cursor, after = _feed(world, "erik", cursor)
    assert after == {("grant", grant)}
    # a content-key wrap for erik's key shows too (so the cache can open the ciphertext)
    erik_enc = world.add_key("erik", "encryption")
    world.as_("chef").execute(
        "INSERT INTO injurydoc.patient_key_wraps (unit_id, patient_id, account_id, key_id, wrapped_key,"
        " wrapped_by) VALUES (%s, %s, %s, %s, %s, %s)",
        (world.unit_a, case["patient"], world.ids["erik"], erik_enc, os.urandom(80), world.ids["chef"]),
    )
    cursor, wrapped = _feed(world, "erik", cursor)
    assert wrapped == {("wrap", erik_enc)}
    world.as_("chef").execute("SELECT injurydoc.withdraw_grant(%s)", (grant,))
    cursor, withdrawn = _feed(world, "erik", cursor)
    assert withdrawn == {("grant", grant)}  # his own grant row, nothing of the case
    _addendum(world, "anna", case["exam"], encrypted=True)
    assert _feed(world, "erik", cursor)[1] == set()
    assert ("addendum",) in {(k,) for k, _ in _feed(world, "anna", cursor)[1]}


def test_stamps_cannot_be_chosen_by_the_client(world: World) -> None:
    patient = uuid.uuid4()
    world.as_("anna").execute(
        "INSERT INTO injurydoc.patients (id, unit_id, protection, lookup, identity, created_by, change_xid)"
        " VALUES (%s, %s, 'none', %s, '{}', %s, '99999999')",
        (patient, world.unit_a, os.urandom(32), world.ids["anna"]),
    )
    with world.db.owner() as o:
        stamp = o.execute("SELECT change_xid::text::bigint FROM injurydoc.patients WHERE id = %s", (patient,))
        assert stamp.fetchone()[0] < 99999999
    # a client's direct SELECT or UPDATE of the stamps is refused as before
    with refused("42501"):
        world.as_("anna").execute("SELECT change_xid FROM injurydoc.patients")
    with refused("42501"):
        world.as_("anna").execute("UPDATE injurydoc.patients SET change_xid = '1'")
    with refused("ID003"):
        world.as_("anna").execute("SELECT * FROM injurydoc.changes_since(-1)")


def test_withdrawing_a_grant_still_works_under_the_stamp(world: World) -> None:
    patient = world.add_patient("anna", protection="sekretessmarkering")
    grant = world.grant("chef", patient, "erik")
    world.as_("chef").execute("SELECT injurydoc.withdraw_grant(%s)", (grant,))
    with world.db.owner() as o:
        row = o.execute("SELECT withdrawn_at IS NOT NULL FROM injurydoc.grants WHERE id = %s", (grant,))
        assert row.fetchone()[0]
        with refused("ID001"):  # and a second change is still refused by the guard
            o.execute("UPDATE injurydoc.grants SET reason = 'annat' WHERE id = %s", (grant,))


def test_holds_recognises_own_rows_after_the_examination_was_signed(world: World) -> None:
    patient = world.add_patient("anna")
    exam = world.add_exam("anna", patient)
    version = world.add_version("anna", exam)
    world.sign("anna", exam, version)
    with refused("ID001"):  # a resend of the version now meets the signed-examination trigger
        world.as_("anna").execute(
            "INSERT INTO injurydoc.examination_versions (id, unit_id, examination_id, author_id,"
            " client_saved_at, content) VALUES (%s, %s, %s, %s, %s, '{}')",
            (version, world.unit_a, exam, world.ids["anna"], dt.datetime.now(dt.UTC)),
        )
    conn = world.db.connect("anna", autocommit=False)
    try:
        assert holds(conn, "version", version) and holds(conn, "examination", exam)
        assert holds(conn, "patient", patient) and holds(conn, "signature", exam)
        assert not holds(conn, "version", uuid.uuid4())
        assert changes_since(conn, 0).cursor > 0
    finally:
        conn.close()
    # someone else's row, or a row of another unit: "no", without telling whether it exists
    erik = world.as_("erik")
    assert erik.execute("SELECT injurydoc.holds('version', %s)", (version,)).fetchone()[0] is False
    assert erik.execute("SELECT injurydoc.holds('patient', %s)", (patient,)).fetchone()[0] is False
    bo_patient = world.add_patient("bo")
    anna = world.as_("anna")
    assert anna.execute("SELECT injurydoc.holds('patient', %s)", (bo_patient,)).fetchone()[0] is False
    with refused("ID003"):
        erik.execute("SELECT injurydoc.holds('access_log', %s)", (version,))


def test_a_disabled_account_gets_no_feed(world: World) -> None:
    _signed_case(world)
    erik = world.db.connect("erik")
    try:
        world.as_("chef").execute("SELECT injurydoc.disable_account(%s)", (world.ids["erik"],))
        try:
            erik.execute("SELECT * FROM injurydoc.changes_since(0)")
        except psycopg.Error as exc:
            assert exc.sqlstate in ("ID008", "57P01"), exc.sqlstate
        else:
            raise AssertionError("a disabled account read the feed")
    finally:
        erik.close()
