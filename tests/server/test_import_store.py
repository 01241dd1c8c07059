"""``injurydoc server import-store``: a standalone store moved into a unit on the unit server, with its
signatures, photos and log, verified after the move; the store itself untouched."""

from __future__ import annotations

import hashlib
import io
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import psycopg
import pytest

from injurydoc.cli import main
from injurydoc.domain.errors import AuthError
from injurydoc.domain.vocab import Protection
from injurydoc.server import admin
from injurydoc.server.errors import ServerError
from injurydoc.services import record_signing, unit_mode
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.patients import PatientService
from injurydoc.services.photos import PhotoService
from injurydoc.services.store_import import ImportSummary, import_store
from injurydoc.store.keyslots import TEST_KDF
from injurydoc.store.vault import Vault
from injurydoc.sync.outbox import Outbox, StoreConnection
from injurydoc.sync.pull import pull
from tests.conftest import make_pnr
from tests.helpers.insider import colleague_connection
from tests.server.unit_cases import PHOTOS, document
from tests.server.world import PASSWORD, ServerDb

NEW_PASSWORD = "a new password for anna"
#: what _fill's store puts on the server: patients, examinations, versions, injuries, photos, signatures,
#: addenda
MOVED = (3, 3, 3, 4, 4, 1, 1)


def _server(db: ServerDb) -> None:
    admin.init_server(
        db.owner_dsn,
        unit_name="Vårdcentralen Test",
        manager="chef",
        manager_display_name="Chef Testsson",
        manager_password=PASSWORD,
    )


def _fill(store: Any) -> dict[str, Any]:
    """A demo-like store: a signed case with photos and an addendum (anna), a draft (erik), a protected
    person's case (anna)."""
    anna = store.sign_in("anna")
    try:
        signed = document(anna)
        ExaminationService(anna).add_addendum(signed.exam_id, "Kompletterande uppgift.")
        pp = PatientService(anna)
        hidden = pp.create(personal_id=make_pnr(3, 1975), name="Skyddad Person")
        pp.set_protection(hidden.id, Protection.SEKRETESSMARKERING)
        hidden_exam = ExaminationService(anna).create(hidden.id)
    finally:
        anna.close()
    erik = store.sign_in("erik")
    try:
        draft = document(erik, number=make_pnr(2, 1990), sign=False, name="Per Berg")
    finally:
        erik.close()
    return {"signed": signed, "draft": draft, "hidden": hidden, "hidden_exam": hidden_exam}


def _hashes(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file() and p.suffix in (".db", ".json")
    }


def _count(db: ServerDb, sql: str, *params: Any) -> int:
    with db.owner() as o:
        row = o.execute(sql, params).fetchone()
    return int(row[0]) if row else 0


def _counts(db: ServerDb) -> tuple[int, ...]:
    return tuple(
        _count(db, f"SELECT count(*) FROM injurydoc.{t}")
        for t in (
            "patients",
            "examinations",
            "examination_versions",
            "injuries",
            "photos",
            "signatures",
            "addenda",
        )
    )


def _client_log(db: ServerDb) -> int:
    return _count(db, "SELECT count(*) FROM injurydoc.access_log WHERE source = 'client'")


def _run(store: Any, db: ServerDb) -> ImportSummary:
    return import_store(store.folder, db.dsn("chef"), "chef", PASSWORD)


def test_a_store_moves_with_signatures_photos_and_log_and_a_workstation_checks_the_signature(
    store: Any, server_db: ServerDb, tmp_path: Path
) -> None:
    _server(server_db)
    made = _fill(store)
    before = _hashes(store.folder)
    summary = _run(store, server_db)
    assert summary.ok, (summary.differences, summary.left, summary.refusal)
    assert _hashes(store.folder) == before  # the standalone store is not changed
    # the protected person moves, as ciphertext only (tests/server/test_import_store_protected.py)
    assert (summary.protected_patients, summary.protected_examinations) == (1, 1)
    assert (
        _count(
            server_db,
            "SELECT count(*) FROM injurydoc.patients WHERE id = %s AND identity IS NULL"
            " AND identity_ciphertext IS NOT NULL",
            uuid.UUID(made["hidden"].id),
        )
        == 1
    )
    assert (
        _count(
            server_db,
            "SELECT count(*) FROM injurydoc.examination_versions WHERE examination_id = %s"
            " AND content IS NULL AND content_ciphertext IS NOT NULL",
            uuid.UUID(made["hidden_exam"].id),
        )
        == 1
    )
    # patients, examinations (one version each, injuries), photos, the signature and the addendum
    assert _counts(server_db) == MOVED
    assert summary.moved["photo"] == 4 and summary.moved["signature"] == 1 and summary.moved["addendum"] == 1
    assert summary.verified == 3 and summary.left == []
    assert sorted(summary.accounts_created) == ["anna", "erik"]  # made with the store's ids
    vault, _ = Vault.open_with_password(store.folder, "chef", PASSWORD)
    try:
        log_rows = int(vault.db.scalar("SELECT count(*) FROM audit_log") or 0)
        anna_id = str(vault.db.scalar("SELECT id FROM accounts WHERE username = 'anna'"))
    finally:
        vault.close()
    assert _client_log(server_db) == log_rows == summary.log_on_server
    # the signature's original bytes, never re-made
    with server_db.owner() as o:
        sig = o.execute("SELECT signer_id, signature FROM injurydoc.signatures").fetchone()
    assert str(sig[0]) == anna_id

    # anna gets a password from her manager, connects a workstation, and opens the signed case there
    with server_db.connect("chef") as m:
        admin.set_password(m, uuid.UUID(anna_id), "anna", NEW_PASSWORD)
    cache = unit_mode.connect_workstation(
        server_db.dsn("anna", NEW_PASSWORD), "anna", NEW_PASSWORD, kdf=TEST_KDF, root=tmp_path / "ws"
    )
    try:
        with server_db.connect("anna", NEW_PASSWORD, autocommit=False) as conn:
            pull(conn, Outbox(StoreConnection(cache.db)), unit_key=cache.unit_key)
        svc = ExaminationService(cache)
        exam = svc.get(made["signed"].exam_id)
        assert exam.is_signed and len(exam.addenda) == 1
        state = svc.signature(exam)
        assert state.state == record_signing.VALID, state.text("en")
        photos = PhotoService(cache).records(exam.id)
        assert PhotoService(cache).original(photos[0].id) == PHOTOS[0]
    finally:
        cache.close()


def test_run_twice_nothing_doubles(store: Any, server_db: ServerDb) -> None:
    _server(server_db)
    _fill(store)
    first = _run(store, server_db)
    assert first.ok
    counts, log = _counts(server_db), _client_log(server_db)
    again = _run(store, server_db)
    assert again.ok, again.differences
    assert _counts(server_db) == counts and _client_log(server_db) == log
    assert sum(again.moved.values()) == 0
    assert again.already["examination"] == 3 and again.already["signature"] == 1
    assert again.already["log"] == first.log_in_store


KILLER = """
import os, signal, sys
from pathlib import Path
import injurydoc.sync.push as push_mod
from injurydoc.services.store_import import import_store
left = [int(sys.argv[3])]
real = push_mod.insert_entry
def insert(conn, entry):
    real(conn, entry)
    left[0] -= 1
    if left[0] <= 0:
        os.kill(os.getpid(), signal.SIGKILL)
push_mod.insert_entry = insert
import_store(Path(sys.argv[1]), sys.argv[2], "chef", sys.argv[4])
print("finished", flush=True)
"""


#: records sent before the kill: 3 and 9 in the first case; 10 right after the protected person's row
#: (before its key is wrapped), 11 after the wraps and their examination's row
@pytest.mark.parametrize("kill_after", [3, 9, 10, 11])
def test_killed_mid_import_the_next_run_completes(store: Any, server_db: ServerDb, kill_after: int) -> None:
    _server(server_db)
    made = _fill(store)
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLER, str(store.folder), server_db.dsn("chef"), str(kill_after), PASSWORD],
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    proc.wait(timeout=120)
    assert proc.stdout is not None
    out = proc.stdout.read()
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL and b"finished" not in out
    assert _counts(server_db) != MOVED  # really cut short
    wraps = "SELECT count(*) FROM injurydoc.patient_key_wraps WHERE patient_id = %s"
    hidden = uuid.UUID(made["hidden"].id)
    if kill_after == 10:  # between the protected person's row and their key's wraps
        assert _count(server_db, "SELECT count(*) FROM injurydoc.patients WHERE id = %s", hidden) == 1
        assert _count(server_db, wraps, hidden) == 0
    summary = _run(store, server_db)
    assert summary.ok, (summary.differences, summary.refusal)
    assert _counts(server_db) == MOVED
    assert _client_log(server_db) == summary.log_in_store
    # the protected person's key: wrapped once, for the manager's key (verified with it by the run)
    assert _count(server_db, wraps, hidden) == 1


def test_wrong_password_or_a_clinician_is_refused_and_nothing_is_sent(
    store: Any, server_db: ServerDb
) -> None:
    _server(server_db)
    _fill(store)
    with pytest.raises(AuthError):
        import_store(store.folder, server_db.dsn("chef"), "chef", "not the password at all")
    with pytest.raises(ServerError) as refused:
        import_store(store.folder, server_db.dsn("chef"), "anna", PASSWORD)  # a clinician of the store
    assert refused.value.code == "server.import_not_manager"
    assert _counts(server_db) == (0,) * 7 and _client_log(server_db) == 0
    # through the command: a plain message, no traceback, exit 1
    err = io.StringIO()
    rc = main(
        [
            "server",
            "import-store",
            "--store",
            str(store.folder),
            "--dsn",
            server_db.dsn("chef"),
            "--user",
            "anna",
            "--password-stdin",
            "--lang",
            "en",
        ],
        stdin=io.StringIO(PASSWORD + "\n"),
        stdout=io.StringIO(),
        stderr=err,
    )
    assert rc != 0 and "unit manager" in err.getvalue() and "Traceback" not in err.getvalue()
    assert _counts(server_db) == (0,) * 7


def test_a_tampered_signed_record_is_not_moved_and_is_named(store: Any, server_db: ServerDb) -> None:
    _server(server_db)
    made = _fill(store)
    con = colleague_connection(store, "chef")
    guard = con.execute("SELECT sql FROM sqlite_master WHERE name = 'examinations_refuse_update'").fetchone()[
        0
    ]
    con.execute("DROP TRIGGER examinations_refuse_update")
    con.execute(
        "UPDATE examinations SET body = json_set(body, '$.patient_account', 'Ändrat i efterhand.')"
        " WHERE id = ?",
        (made["signed"].exam_id,),
    )
    con.execute(guard)
    case_ref = con.execute(
        "SELECT case_ref FROM examinations WHERE id = ?", (made["signed"].exam_id,)
    ).fetchone()[0]
    con.close()
    summary = _run(store, server_db)
    assert (case_ref, "broken") in summary.left and not summary.ok
    assert (
        _count(
            server_db,
            "SELECT count(*) FROM injurydoc.examinations WHERE id = %s",
            uuid.UUID(made["signed"].exam_id),
        )
        == 0
    )
    assert _count(server_db, "SELECT count(*) FROM injurydoc.signatures") == 0
    # the draft moved
    assert (
        _count(
            server_db,
            "SELECT count(*) FROM injurydoc.examinations WHERE id = %s",
            uuid.UUID(made["draft"].exam_id),
        )
        == 1
    )
    out = io.StringIO()
    rc = main(
        [
            "server",
            "import-store",
            "--store",
            str(store.folder),
            "--dsn",
            server_db.dsn("chef"),
            "--user",
            "chef",
            "--password-stdin",
            "--lang",
            "sv",
        ],
        stdin=io.StringIO(PASSWORD + "\n"),
        stdout=out,
        stderr=(err := io.StringIO()),
    )
    assert rc == 1, err.getvalue()
    assert f"Inte flyttad: {case_ref}" in out.getvalue() and "Lisa" not in out.getvalue()


def test_0008_goes_down_and_up_again_and_without_an_open_import_a_manager_inserts_nothing(
    store: Any, server_db: ServerDb
) -> None:
    from injurydoc.server import migrate

    _server(server_db)
    _fill(store)
    assert _run(store, server_db).ok
    revs = migrate.revisions()
    down = migrate.migrate(server_db.owner_dsn, revs[revs.index("0008") - 1])
    assert "0008" in down.ran
    with server_db.owner() as o:
        assert not o.execute("SELECT to_regprocedure('injurydoc.open_store_import(text)')").fetchone()[0]
        assert not o.execute("SELECT to_regclass('injurydoc.store_imports')").fetchone()[0]
    migrate.migrate(server_db.owner_dsn, "head")
    assert _counts(server_db) == MOVED  # what moved stays
    # the import is closed: the manager can neither insert in another's name nor read the cases
    with server_db.connect("chef") as m:
        anna = m.execute("SELECT id FROM injurydoc.accounts WHERE role_name = 'anna'").fetchone()[0]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            m.execute(
                "INSERT INTO injurydoc.patients (id, unit_id, protection, identity, created_by)"
                " VALUES (gen_random_uuid(), injurydoc.my_unit(), 'none', '{}', %s)",
                (anna,),
            )
        exam = m.execute("SELECT count(*) FROM injurydoc.store_imports WHERE closed_at IS NULL").fetchone()[0]
        assert exam == 0
        assert (
            m.execute("SELECT injurydoc.request_read('examination', %s)", (uuid.uuid4(),)).fetchone()[0]
            is None
        )


def test_a_server_clinician_or_an_account_of_another_identity_is_refused_before_anything_is_sent(
    store: Any, server_db: ServerDb
) -> None:
    _server(server_db)
    _fill(store)
    with server_db.connect("chef") as m:
        # anna exists on the server already, made there: another id than the store's anna
        admin.create_account(m, username="anna", display_name="Anna", roles=["clinician"], password=PASSWORD)
    with pytest.raises(ServerError) as refused:  # the server login is a clinician's, not a manager's
        import_store(store.folder, server_db.dsn("anna"), "chef", PASSWORD)
    assert refused.value.code == "server.import_not_manager"
    with pytest.raises(ServerError) as clash:
        _run(store, server_db)
    assert clash.value.code == "server.import_account_clash" and clash.value.params["names"] == "anna"
    assert "anna" in clash.value.message("sv") and "Ingenting har skickats" in clash.value.message("sv")
    assert _counts(server_db) == (0,) * 7 and _client_log(server_db) == 0
    assert _count(server_db, "SELECT count(*) FROM injurydoc.store_imports WHERE closed_at IS NULL") == 0
