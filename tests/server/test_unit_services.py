"""Unit mode, part one: every write through the services queues its server rows in the same store
transaction, and what a workstation sends is what the server keeps (issue 16)."""

from __future__ import annotations

import hashlib
import json
import uuid
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from injurydoc.services import unit_mode, unit_queue
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.patients import PatientService
from injurydoc.sync.push import push
from tests.server import unit_cases
from tests.server.unit_cases import document, outbox, outbox_rows, server_rows
from tests.server.world import World


def _dump(content: dict) -> bytes:
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def test_services_queue_and_push_delivers_a_signed_case_the_server_can_check(
    world: World, tmp_path: Path
) -> None:
    a = unit_cases.cache(world, "anna", tmp_path / "ws-a")
    try:
        case = document(a)
        ExaminationService(a).add_addendum(case.exam_id, "Tillägg: röntgen visade ingen fraktur.")
        kinds = [k for k, _ in outbox_rows(a)]
        # one patient, one header, ONE version (rewritten in place while unsent), its two injuries,
        # two photos, and the signature last
        assert kinds.count("patient") == 1 and kinds.count("examination") == 1
        assert kinds.count("version") == 1 and kinds.count("injury") == 2 and kinds.count("photo") == 2
        assert kinds[-2:] == ["signature", "addendum"] and kinds.index("photo") > kinds.index("examination")
        with world.as_("anna") as conn:
            result = push(conn, outbox(a))
        assert result.refused == [] and result.remaining == 0
    finally:
        a.close()
    (version,) = server_rows(world, "examination_versions", examination_id=uuid.UUID(case.exam_id))
    (sig,) = server_rows(world, "signatures", examination_id=uuid.UUID(case.exam_id))
    assert sig["version_id"] == version["id"]
    content = version["content"]
    assert content["identity"]["id"] == case.exam_id and content["version"] == 2
    assert [p["caption"] for p in content["photos"]] == ["Överarm vänster", ""]
    # the signature verifies over the version's canonical bytes, with the key the server holds
    data = _dump(content)
    assert hashlib.sha256(data).digest() == bytes(sig["content_sha256"])
    (key,) = server_rows(world, "account_keys", id=sig["key_id"])
    Ed25519PublicKey.from_public_bytes(bytes(key["public_key"])).verify(bytes(sig["signature"]), data)
    injuries = server_rows(world, "injuries", version_id=version["id"])
    assert sorted(i["number"] for i in injuries) == [1, 2]
    assert {
        str(p["id"]) for p in server_rows(world, "photos", examination_id=uuid.UUID(case.exam_id))
    } == set(case.photo_ids)
    (add,) = server_rows(world, "addenda", examination_id=uuid.UUID(case.exam_id))
    add_bytes = json.dumps(add["content"], sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    assert add["content"]["examination_sha256"] == bytes(sig["content_sha256"]).hex()
    Ed25519PublicKey.from_public_bytes(bytes(key["public_key"])).verify(bytes(add["signature"]), add_bytes)
    (patient,) = server_rows(world, "patients", id=uuid.UUID(case.patient_id))
    assert patient["identity"]["name"] == "Lisa Ek" and patient["identity"]["id_value"] == "19800101-0001"


def test_an_edit_after_sending_is_a_new_version_whose_parent_is_the_sent_one(
    world: World, tmp_path: Path
) -> None:
    a = unit_cases.cache(world, "anna", tmp_path / "ws-a")
    try:
        case = document(a, sign=False)
        with world.as_("anna") as conn:
            push(conn, outbox(a))
            ExaminationService(a).update(case.exam_id, patient_account="Ändrat efteråt")
            ExaminationService(a).update(case.exam_id, patient_account="Ändrat igen")
            assert [k for k, _ in outbox_rows(a)].count("version") == 1
            assert push(conn, outbox(a)).remaining == 0
    finally:
        a.close()
    versions = server_rows(world, "examination_versions", examination_id=uuid.UUID(case.exam_id))
    assert len(versions) == 2
    first, second = sorted(versions, key=lambda v: v["received_at"])
    assert second["parent_id"] == first["id"]
    assert second["content"]["fields"]["patient_account"] == "Ändrat igen"
    assert len(server_rows(world, "injuries", version_id=second["id"])) == 2


def test_the_local_write_and_its_entry_commit_together(world: World, tmp_path: Path, monkeypatch) -> None:
    a = unit_cases.cache(world, "anna", tmp_path / "ws-a")
    try:
        case = document(a, sign=False)
        before = a.db.all("SELECT seq, payload FROM sync_outbox ORDER BY seq")
        body_before = a.db.scalar("SELECT body FROM examinations WHERE id = ?", (case.exam_id,))

        def crash(*_a, **_k):
            raise RuntimeError("crash after queuing, before commit")

        with monkeypatch.context() as m, pytest.raises(RuntimeError):
            m.setattr(a, "audit", crash)
            ExaminationService(a).update(case.exam_id, patient_account="lost")
        assert a.db.all("SELECT seq, payload FROM sync_outbox ORDER BY seq") == before
        assert a.db.scalar("SELECT body FROM examinations WHERE id = ?", (case.exam_id,)) == body_before
    finally:
        a.close()


def test_a_standalone_store_queues_nothing(store) -> None:
    s = store.sign_in("anna")
    try:
        document(s)
        assert s.db.scalar("SELECT count(*) FROM sync_outbox") == 0
        assert not unit_mode.is_unit(s.db)
    finally:
        s.close()


def test_a_protected_person_is_queued_without_a_plain_identity(world: World, tmp_path: Path) -> None:
    """Queued like anyone's (sent as ciphertext: tests/server/test_unit_protected.py), the person's row
    without an identity; "only on this workstation" until sent."""
    from injurydoc.domain.vocab import Protection

    a = unit_cases.cache(world, "anna", tmp_path / "ws-a")
    try:
        p = PatientService(a).create(
            personal_id="19750505-0000", name="Hemlig Person", protection=Protection.SKYDDAD_FOLKBOKFORING
        )
        ex = ExaminationService(a)
        exam = ex.create(p.id)
        ex.update(exam.id, patient_account="skyddad text")
        ex.sign(exam.id)
        kinds = [k for k, _ in outbox_rows(a)]
        assert kinds[:2] == ["patient", "examination"] and "signature" in kinds
        assert unit_queue.queued_payload(a.db, "patient", p.id)["identity"] is None
        # and the start page says so
        from injurydoc.services.unit_desktop import HERE_ONLY, with_origins

        (row,) = [r for r in with_origins(a, ex.list_mine()) if r.examination_id == exam.id]
        assert row.extra["origin"] == HERE_ONLY
    finally:
        a.close()


def test_a_draft_changed_while_its_version_is_in_flight_sends_the_newer_content_too(
    world: World, tmp_path: Path
) -> None:
    """The push read the version, the examiner typed and signed before the server confirmed it: the
    newer content becomes a child version, and the signature names that one."""
    a = unit_cases.cache(world, "anna", tmp_path / "ws-a")
    try:
        case = document(a, sign=False)
        ob = outbox(a)
        with world.as_("anna") as conn:
            entries = list(ob.pending())
            in_flight = next(e for e in entries if e.kind == "version")
            # the server takes everything up to and including the version (as push would) ...
            from injurydoc.sync import push as push_mod

            for e in entries[: entries.index(in_flight) + 1]:
                push_mod.insert_entry(conn, e)
            # ... while the examiner types and signs
            ExaminationService(a).update(case.exam_id, patient_account="skrivet under sändningen")
            ExaminationService(a).sign(case.exam_id)
            for e in entries[: entries.index(in_flight)]:
                ob.sent(e.seq, e.payload)
            ob.sent(in_flight.seq, in_flight.payload)  # the confirmation of what was sent
            result = push(conn, ob)
            assert result.refused == [] and result.remaining == 0
    finally:
        a.close()
    versions = server_rows(world, "examination_versions", examination_id=uuid.UUID(case.exam_id))
    first = next(v for v in versions if str(v["id"]) == in_flight.item_id)
    (second,) = [v for v in versions if v["id"] != first["id"]]
    assert second["parent_id"] == first["id"]
    assert second["content"]["fields"]["patient_account"] == "skrivet under sändningen"
    (sig,) = server_rows(world, "signatures", examination_id=uuid.UUID(case.exam_id))
    assert sig["version_id"] == second["id"]
    assert hashlib.sha256(_dump(second["content"])).digest() == bytes(sig["content_sha256"])


def test_the_workstation_log_reaches_the_unit_log(world: World, tmp_path: Path) -> None:
    """What was done on a workstation — also reading a case from the cache, which the server never sees —
    is in the unit's log on the server, in the account's name, marked as the client's."""
    a = unit_cases.cache(world, "anna", tmp_path / "ws-a")
    try:
        case = document(a)
        ExaminationService(a).get(case.exam_id)  # a read of the cache only
        local = a.db.scalar("SELECT count(*) FROM audit_log")
        assert [k for k, _ in outbox_rows(a, log=True)].count("log") > 0
        with world.as_("anna") as conn:
            assert push(conn, outbox(a)).remaining == 0
        # local rows written after the push (none by the push itself) are not yet sent
        sent = a.db.scalar("SELECT count(*) FROM audit_log")
        assert sent == local
    finally:
        a.close()
    rows = server_rows(world, "access_log", source="client", account_id=world.ids["anna"])
    targets = {(r["action"], r["target"]) for r in rows}
    assert ("signed", f"examination:{case.exam_id}") in targets
    assert ("read", f"examination:{case.exam_id}") in targets
    assert all(r["role_name"] == "anna" and r["client_entry"] for r in rows)
    # each local row once
    entries = [bytes(r["client_entry"]) for r in rows]
    assert len(entries) == len(set(entries))
