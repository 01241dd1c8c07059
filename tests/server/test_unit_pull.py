"""Unit mode, part two: what one workstation documents through the services appears on another through
the change feed, in the cache's ordinary tables — listed, searched, opened, exported and verified there —
with signatures checked against the server's key history; nothing pulled is sent back."""

from __future__ import annotations

import io
import json
import uuid
from pathlib import Path
from typing import Any

import pytest

from injurydoc.cli import main
from injurydoc.services import record_signing
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.patients import PatientService
from injurydoc.services.photos import PhotoService
from injurydoc.services.session import Session
from injurydoc.services.signing import SigningService
from injurydoc.sync import set_aside
from injurydoc.sync.pull import pull
from injurydoc.sync.push import push
from tests.helpers.export_cases import export_case
from tests.server import unit_cases
from tests.server.unit_cases import PHOTOS, document, outbox, outbox_rows, sync
from tests.server.world import PASSWORD, World


@pytest.fixture
def two(world: World, tmp_path: Path) -> Any:
    with unit_cases.workstations(world, tmp_path, ("anna", "erik")) as c:
        yield c["anna"], c["erik"]


def test_signed_on_a_is_listed_searched_opened_and_exported_on_b(
    world: World, two: Any, tmp_path: Path
) -> None:
    a, b = two
    case = document(a)
    sync(world, a, "anna")
    res = sync(world, b, "erik")
    assert res.examinations_read == 1
    assert outbox_rows(b) == []  # nothing pulled is queued back (no echo)
    # the start page and the search of workstation B
    rows = ExaminationService(b).search("")
    assert [r.examination_id for r in rows] == [case.exam_id]
    assert rows[0].status == "signed" and rows[0].extra.get("signature") != "broken"
    assert [p.id for p in PatientService(b).search("Lisa")] == [case.patient_id]
    # opened: the same content, byte for byte what anna signed, and shown as signed: the key checked
    # against the server's key history and certified by B's own unit key
    on_b = ExaminationService(b).get(case.exam_id)
    on_a = ExaminationService(a).get(case.exam_id)
    assert on_b.is_signed and on_b.patient_account == on_a.patient_account
    state = ExaminationService(b).signature(on_b)
    assert state.state == record_signing.VALID, state.text("en")
    assert [(i.number, i.description, i.marks) for i in on_b.injuries] == [
        (i.number, i.description, i.marks) for i in on_a.injuries
    ]
    photos = PhotoService(b).records(case.exam_id)
    assert [p.sha256 for p in photos] == [p.sha256 for p in PhotoService(a).records(case.exam_id)]
    assert PhotoService(b).original(photos[0].id) == PHOTOS[0]
    assert photos[0].caption == "Överarm vänster" and len(PhotoService(b).thumbnails(case.exam_id)) == 2
    assert on_b.content_sha256 == on_a.content_sha256
    # exported on B, and the package verifies
    SigningService(b).create_self_signed(PASSWORD)
    result = export_case(b, on_b, SigningService(b).identity(PASSWORD), tmp_path / "out")
    assert result.verdict.intact, [c for c in result.verdict.checks if not c.ok]
    out = io.StringIO()
    assert main(["verify", str(result.path)], stdout=out, stderr=io.StringIO()) in (0, 1)  # 1: self-signed
    assert "intact" in out.getvalue().lower() or "oförändrat" in out.getvalue().lower()
    # pulled again: nothing changed, nothing read (or logged) again
    assert sync(world, b, "erik").examinations_read == 0


def test_an_addendum_written_on_b_appears_on_a(world: World, two: Any) -> None:
    a, b = two
    case = document(a)
    sync(world, a, "anna")
    sync(world, b, "erik")
    ExaminationService(b).add_addendum(case.exam_id, "Tillägg från rum 5.")
    assert [k for k, _ in outbox_rows(b)] == ["addendum"]
    sync(world, b, "erik")
    res = sync(world, a, "anna")
    assert res.examinations_read == 1  # the feed named the examination: its addendum is new
    on_a = ExaminationService(a).get(case.exam_id)
    assert [x.text for x in on_a.addenda] == ["Tillägg från rum 5."]
    assert not ExaminationService(a).signature(on_a).broken
    assert outbox_rows(a) == []


def test_a_draft_follows_its_examiner_to_another_workstation(world: World, tmp_path: Path) -> None:
    """anna drafts in room 3, continues in room 5, signs there; room 3 shows it signed."""
    a = unit_cases.cache(world, "anna", tmp_path / "ws-a")
    a2 = unit_cases.cache(world, "anna", tmp_path / "ws-a2")
    try:
        case = document(a, sign=False)
        sync(world, a, "anna")
        sync(world, a2, "anna")
        ex = ExaminationService(a2)
        assert ex.get(case.exam_id).patient_account == unit_cases.ACCOUNT
        ex.update(case.exam_id, patient_account="Fortsatt i rum 5.")
        ex.sign(case.exam_id)
        sync(world, a2, "anna")
        sync(world, a, "anna")
        on_a = ExaminationService(a).get(case.exam_id)
        assert on_a.is_signed and on_a.patient_account == "Fortsatt i rum 5."
        assert ExaminationService(a).signature(on_a).state == record_signing.VALID
    finally:
        a.close()
        a2.close()


def test_a_signature_that_does_not_verify_shows_as_broken(world: World, two: Any) -> None:
    """The server (or someone with its owner's rights) swaps the signature: B stores it as it came and
    shows the case as broken — never as a draft, never as signed."""
    a, b = two
    case = document(a)
    ob = outbox(a)
    row = a.db.one("SELECT seq, payload FROM sync_outbox WHERE kind = 'signature'")

    payload = json.loads(row[1])
    payload["signature"] = bytes(64).hex()
    a.db.execute(
        "UPDATE sync_outbox SET payload = ? WHERE seq = ?", (json.dumps(payload, sort_keys=True), row[0])
    )
    with world.db.connect("anna", autocommit=False) as conn:
        assert push(conn, ob).remaining == 0
    sync(world, b, "erik")
    on_b = ExaminationService(b).get(case.exam_id)
    assert on_b.is_signed
    assert ExaminationService(b).signature(on_b).broken
    (row_b,) = ExaminationService(b).search("")
    assert row_b.extra.get("signature") == "broken"


def _tables(session: Session) -> dict[str, int]:
    return {
        t: int(session.db.scalar(f"SELECT count(*) FROM {t}"))
        for t in ("patients", "examinations", "injuries", "photos", "photo_originals", "record_signatures")
    }


def test_a_version_whose_content_does_not_parse_is_refused_and_nothing_local_changes(
    world: World, two: Any
) -> None:
    from injurydoc.server.errors import ServerError

    a, b = two
    case = document(a, sign=False)
    sync(world, a, "anna")
    sync(world, b, "erik")
    before, exam_before = _tables(b), ExaminationService(b).get(case.exam_id)
    leaf = a.db.scalar("SELECT value FROM sync_state WHERE key = ?", (f"draft:{case.exam_id}",))

    head = json.loads(leaf)["head"]
    # anna's login role writes a version by hand, as psql would let her
    world.add_version("anna", uuid.UUID(case.exam_id), parent=uuid.UUID(head), content={"fields": "nonsense"})
    with pytest.raises(ServerError) as info:
        sync(world, b, "erik")
    assert info.value.code == "server.bad_content"
    assert "cannot be read" in info.value.message("en")
    assert "Enhetsservern skickade" in info.value.message("sv")
    assert _tables(b) == before
    assert ExaminationService(b).get(case.exam_id).patient_account == exam_before.patient_account
    # it is said again at the next pull (not forgotten), and the cache still opens and lists
    with pytest.raises(ServerError):
        sync(world, b, "erik")
    assert [r.examination_id for r in ExaminationService(b).search("")] == [case.exam_id]


def test_a_photo_whose_bytes_do_not_match_is_refused_and_nothing_of_the_case_is_stored(
    world: World, two: Any
) -> None:
    from injurydoc.server.errors import ServerError

    a, b = two
    case = document(a)
    sync(world, a, "anna")
    # someone with the superuser's rights goes around the server's triggers and changes a stored chunk
    with world.db.superuser() as su:
        su.execute("SET session_replication_role = replica")
        su.execute(
            "UPDATE injurydoc.photo_chunks SET data = overlay(data placing '\\x00'::bytea from 100)"
            " WHERE sha256 = %s AND idx = 0",
            (bytes.fromhex(PhotoService(a).records(case.exam_id)[0].sha256),),
        )
    before = _tables(b)
    with pytest.raises(ServerError) as info:
        sync(world, b, "erik")
    assert info.value.code == "server.bad_content"
    after = _tables(b)
    assert after["examinations"] == before["examinations"] == 0 and after["photos"] == 0
    assert after["patients"] == 1  # the person came in; the case did not


def test_a_withdrawn_grant_removes_the_case_from_the_cache(world: World, tmp_path: Path) -> None:
    """The unit manager sees a case only under a grant; withdrawn, the case (signed examination, draft,
    photos, the person) leaves the manager's cache at the next pull, and the log says so."""
    a = unit_cases.cache(world, "anna", tmp_path / "ws-a")
    m = unit_cases.cache(world, "chef", tmp_path / "ws-m")
    try:
        case = document(a)
        ExaminationService(a).create(case.patient_id)  # and a draft of a follow-up visit
        sync(world, a, "anna")
        grant = world.grant("chef", uuid.UUID(case.patient_id), "chef")
        sync(world, m, "chef")
        assert m.db.scalar("SELECT count(*) FROM examinations") == 2
        assert m.db.scalar("SELECT count(*) FROM photos") == 2
        world.as_("chef").execute("SELECT injurydoc.withdraw_grant(%s)", (grant,))
        res = sync(world, m, "chef")
        assert res.removed == [case.patient_id]
        for table in ("patients", "examinations", "injuries", "photos", "photo_originals", "addenda"):
            assert m.db.scalar(f"SELECT count(*) FROM {table}") == 0, table
        assert m.db.scalar("SELECT count(*) FROM record_signatures WHERE kind = 'examination'") == 0
        assert m.db.scalar("SELECT count(*) FROM sync_cache") == 0
        assert m.db.scalar("SELECT count(*) FROM sync_purge") == 0
        logged = m.db.scalar("SELECT count(*) FROM audit_log WHERE details LIKE '%removed_access_ended%'")
        assert logged == 1
        # the manager's access log, with every row the pulls wrote, is whole (chain, checkpoints, keys)
        from injurydoc.services.keys import check_log

        report = check_log(m)
        assert report.whole, report.problem
        # outside that one transaction the triggers hold as before: anna's signed case cannot be deleted
        from injurydoc.domain.errors import KnownError

        for sql in (
            "DELETE FROM examinations WHERE id = ?",
            "DELETE FROM record_signatures WHERE examination_id = ?",
            "DELETE FROM photos WHERE examination_id = ?",
        ):
            with pytest.raises(KnownError, match=r"signed|signature"):
                a.db.execute(sql, (case.exam_id,))
    finally:
        a.close()
        m.close()


def test_keys_pulled_without_the_unit_key_are_certified_at_the_next_sign_in(
    world: World, tmp_path: Path
) -> None:
    """A pull without the cache's unit key at hand stores the signer's key uncertified (the case shows
    as uncertified, never as valid); the account's next sign-in opens its cache's unit key and certifies
    it."""
    from injurydoc.services import unit_mode

    a = unit_cases.cache(world, "anna", tmp_path / "ws-a")
    try:
        case = document(a)
        sync(world, a, "anna")
    finally:
        a.close()
    b = unit_cases.cache(world, "erik", tmp_path / "ws-b")
    try:
        with world.db.connect("erik", autocommit=False) as conn:
            pull(conn, outbox(b))  # no unit key given
        state = ExaminationService(b).signature(ExaminationService(b).get(case.exam_id))
        assert state.state == record_signing.UNCERTIFIED
    finally:
        b.close()
    b = unit_mode.sign_in_unit("erik", PASSWORD, dsn=world.db.dsn("erik"), root=tmp_path / "ws-b")
    try:
        state = ExaminationService(b).signature(ExaminationService(b).get(case.exam_id))
        assert state.state == record_signing.VALID, state.text("en")
    finally:
        b.close()


def test_edits_queued_after_the_draft_was_signed_elsewhere_do_not_stall_the_outbox(
    world: World, tmp_path: Path
) -> None:
    """anna signs in room 5 while room 3, offline, still types into the same draft: the server refuses
    room 3's version, which is set aside (kept, logged: sync/set_aside.py) so the outbox flows on; the
    next pull shows the signed examination."""
    a = unit_cases.cache(world, "anna", tmp_path / "ws-a")
    a2 = unit_cases.cache(world, "anna", tmp_path / "ws-a2")
    try:
        case = document(a, sign=False)
        sync(world, a, "anna")
        sync(world, a2, "anna")
        ExaminationService(a2).sign(case.exam_id)
        sync(world, a2, "anna")
        ExaminationService(a).update(case.exam_id, patient_account="Skrivet för sent.")
        with world.db.connect("anna", autocommit=False) as conn:
            first = push(conn, outbox(a))
            assert first.refused == [] and first.set_aside == [case.exam_id]
            pull(conn, outbox(a), unit_key=a.unit_key)
            assert [k for k, _ in outbox_rows(a)] == []
            assert push(conn, outbox(a)).remaining == 0
        on_a = ExaminationService(a).get(case.exam_id)
        assert on_a.is_signed and on_a.patient_account == unit_cases.ACCOUNT
        assert a.db.scalar("SELECT count(*) FROM audit_log WHERE details LIKE '%signed_elsewhere%'") == 1
        assert "Skrivet för sent." in str(set_aside.pending(outbox(a))[0]["entries"])
    finally:
        a.close()
        a2.close()
