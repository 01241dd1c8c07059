"""``injurydoc server import-store`` moves a standalone store's migrated signatures (issue 14: signed by the
program with a unit manager's key and a "migrated" marker) and signatures over an earlier content version as
they are (server revision 0012): never re-signed, shown on a workstation exactly as the store shows them,
and an export from the unit verifies and names the marker.  A marker removed or changed on the server, or a
migrated signature claimed by a clinician, is shown broken or refused."""

from __future__ import annotations

import io
import shutil
import uuid
from pathlib import Path
from typing import Any

import psycopg
import pytest

from injurydoc.cli import main
from injurydoc.paths import app_data_dir
from injurydoc.server import admin
from injurydoc.services import record_signing, unit_mode
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.session import Session
from injurydoc.services.signing import SigningService
from injurydoc.services.store_import import import_store
from injurydoc.store import canonical
from injurydoc.store import examinations as exam_repo
from injurydoc.store.keyslots import TEST_KDF
from injurydoc.sync.outbox import Outbox, StoreConnection
from injurydoc.sync.pull import pull
from tests.conftest import make_pnr
from tests.helpers.export_cases import export_case
from tests.helpers.insider import colleague_connection
from tests.helpers.legacy import make_legacy
from tests.server.unit_cases import document
from tests.server.world import PASSWORD, ServerDb

NEW_PASSWORD = "a new password for anna"


def _legacy_then_migrated(store: Any, exam_id: str, legacy: str) -> None:
    """Make the store one from before personal keys, with ``exam_id``'s content hash as an older version
    stored it (``legacy``), and let the unit manager's sign-in migrate it (the program's signature, with
    the marker), as tests/test_record_signing.py does."""
    make_legacy(store.folder, {u: PASSWORD for u in ("chef", "anna", "erik", "olle")}, store.recovery_code)
    shutil.rmtree(app_data_dir() / "pins")
    con = colleague_connection(store, "chef")
    guard = con.execute("SELECT sql FROM sqlite_master WHERE name = 'examinations_refuse_update'").fetchone()[
        0
    ]
    con.execute("DROP TRIGGER examinations_refuse_update")
    con.execute("UPDATE examinations SET content_sha256 = ? WHERE id = ?", (legacy, exam_id))
    con.execute(guard)
    con.close()
    store.sign_in("chef").close()  # migrates


@pytest.fixture
def moved_store(store: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """A standalone store with a migrated examination and addendum (anna's, migrated by chef) and an
    examination anna signed under content version 1; its states as the store shows them."""
    anna = store.sign_in("anna")
    try:
        migrated = document(anna)
        ExaminationService(anna).add_addendum(migrated.exam_id, "Kompletterande uppgift.")
        legacy = exam_repo.legacy_content_hash(ExaminationService(anna).get(migrated.exam_id))
    finally:
        anna.close()
    _legacy_then_migrated(store, migrated.exam_id, legacy)
    current = canonical.VERSION
    monkeypatch.setattr(canonical, "VERSION", 1)
    anna = store.sign_in("anna")
    try:
        older = document(anna, number=make_pnr(4, 1970), name="Eva Lind")
    finally:
        anna.close()
    monkeypatch.setattr(canonical, "VERSION", current)
    store.sign_in("chef").close()  # certifies anna's new keys
    anna = store.sign_in("anna")
    try:
        svc = ExaminationService(anna)
        states = {k: svc.signature(svc.get(c.exam_id)) for k, c in (("migrated", migrated), ("older", older))}
        case_refs = {k: svc.get(c.exam_id).case_ref for k, c in (("migrated", migrated), ("older", older))}
        row = anna.db.one(
            "SELECT content_version FROM record_signatures WHERE record_id = ?", (older.exam_id,)
        )
    finally:
        anna.close()
    assert row is not None and row[0] == 1
    assert states["migrated"].state == record_signing.MIGRATED and states["migrated"].migrated_from
    assert states["older"].state == record_signing.VALID
    return {"migrated": migrated, "older": older, "states": states, "case_refs": case_refs}


def _server(db: ServerDb) -> None:
    admin.init_server(
        db.owner_dsn,
        unit_name="Vårdcentralen Test",
        manager="chef",
        manager_display_name="Chef Testsson",
        manager_password=PASSWORD,
    )


def _anna_cache(store: Any, server_db: ServerDb, root: Path) -> Session:
    """anna's workstation, connected once her manager set her password on the server, after one pull."""
    vault_anna = store.sign_in("anna")
    try:
        anna_id = vault_anna.account.id
    finally:
        vault_anna.close()
    with server_db.connect("chef") as m:
        admin.set_password(m, uuid.UUID(anna_id), "anna", NEW_PASSWORD)
    cache = unit_mode.connect_workstation(
        server_db.dsn("anna", NEW_PASSWORD), "anna", NEW_PASSWORD, kdf=TEST_KDF, root=root
    )
    with server_db.connect("anna", NEW_PASSWORD, autocommit=False) as conn:
        pull(conn, Outbox(StoreConnection(cache.db)), unit_key=cache.unit_key)
    return cache


def test_migrated_and_older_version_signatures_move_as_they_are_and_verify_on_a_workstation(
    store: Any, server_db: ServerDb, moved_store: dict[str, Any], tmp_path: Path
) -> None:
    _server(server_db)
    summary = import_store(store.folder, server_db.dsn("chef"), "chef", PASSWORD)
    assert summary.ok and summary.left == [], (summary.differences, summary.left, summary.refusal)
    assert summary.verified == 2 and summary.moved["signature"] == 2 and summary.moved["addendum"] == 1
    # the store's chef (whose key migrated) is an account of its own: the server's chef has another id
    archive = summary.key_holders_created
    assert len(archive) == 1 and archive[0].startswith("chef.") and "chef" not in summary.accounts_created
    migrated, older = moved_store["migrated"], moved_store["older"]
    with server_db.owner() as o:
        sig = o.execute(
            "SELECT s.migrated_from, a.role_name, a.active, s.content_version, s.signed_content IS NULL"
            " FROM injurydoc.signatures s JOIN injurydoc.accounts a ON a.id = s.signer_id"
            " WHERE s.examination_id = %s",
            (uuid.UUID(migrated.exam_id),),
        ).fetchone()
        add = o.execute("SELECT migrated_from, migrated_by IS NOT NULL FROM injurydoc.addenda").fetchone()
        old = o.execute(
            "SELECT content_version, migrated_from, length(signed_content) > 0 FROM injurydoc.signatures"
            " WHERE examination_id = %s",
            (uuid.UUID(older.exam_id),),
        ).fetchone()
    assert sig == (moved_store["states"]["migrated"].migrated_from, archive[0], False, 2, True)
    assert add[0] is not None and add[1]
    assert old == (1, None, True)
    # a second run sends nothing again
    again = import_store(store.folder, server_db.dsn("chef"), "chef", PASSWORD)
    assert again.ok and sum(again.moved.values()) == 0
    assert again.accounts_created == [] and again.key_holders_created == []
    # anna's workstation shows each case as the standalone store did, and an export verifies
    cache = _anna_cache(store, server_db, tmp_path / "ws")
    try:
        svc = ExaminationService(cache)
        for key in ("migrated", "older"):
            exam = svc.get(moved_store[key].exam_id)
            state = svc.signature(exam)
            expected = moved_store["states"][key]
            assert (state.state, state.migrated_from) == (expected.state, expected.migrated_from), state.text(
                "en"
            )
            assert exam.case_ref == moved_store["case_refs"][key]
        exam = svc.get(migrated.exam_id)
        assert len(exam.addenda) == 1 and exam.signed_by == exam.examiner_id
        SigningService(cache).create_self_signed(NEW_PASSWORD)
        ident = SigningService(cache).identity(NEW_PASSWORD)
        for key in ("migrated", "older"):
            result = export_case(cache, svc.get(moved_store[key].exam_id), ident, tmp_path / f"out-{key}")
            assert result.verdict.intact, [c for c in result.verdict.checks if not c.ok]
            out = io.StringIO()
            assert main(["--lang", "en", "verify", str(result.path)], stdout=out, stderr=io.StringIO()) in (
                0,
                1,
            )
            if key == "migrated":
                assert "migrated: content hash from" in out.getvalue()
    finally:
        cache.close()


@pytest.mark.parametrize("change", ["removed", "changed"])
def test_a_marker_removed_or_changed_on_the_server_shows_the_case_broken(
    store: Any, server_db: ServerDb, moved_store: dict[str, Any], tmp_path: Path, change: str
) -> None:
    _server(server_db)
    assert import_store(store.folder, server_db.dsn("chef"), "chef", PASSWORD).ok
    value = None if change == "removed" else "2001-01-01"
    with server_db.owner() as o:
        o.execute("ALTER TABLE injurydoc.signatures DISABLE TRIGGER USER")
        o.execute(
            "UPDATE injurydoc.signatures SET migrated_from = %s,"
            " record_signed_at = CASE WHEN %s::text IS NULL THEN NULL ELSE record_signed_at END"
            " WHERE examination_id = %s",
            (value, value, uuid.UUID(moved_store["migrated"].exam_id)),
        )
        o.execute("ALTER TABLE injurydoc.signatures ENABLE TRIGGER USER")
        o.commit()
    cache = _anna_cache(store, server_db, tmp_path / "ws")
    try:
        svc = ExaminationService(cache)
        state = svc.signature(svc.get(moved_store["migrated"].exam_id))
        assert state.state == record_signing.BROKEN, state.text("en")
        older = svc.signature(svc.get(moved_store["older"].exam_id))
        assert older.state == record_signing.VALID  # the other case is untouched
    finally:
        cache.close()


def test_a_migrated_signature_by_a_clinician_is_refused_by_the_server(
    store: Any, server_db: ServerDb, moved_store: dict[str, Any]
) -> None:
    _server(server_db)
    out = io.StringIO()  # through the command: exit 0, the key holder named apart from the accounts to set up
    args = [
        "--lang",
        "en",
        "server",
        "import-store",
        "--store",
        str(store.folder),
        "--dsn",
        server_db.dsn("chef"),
    ]
    rc = main([*args, "--user", "chef", "--password-stdin"], stdin=io.StringIO(PASSWORD + "\n"), stdout=out)
    assert rc == 0, out.getvalue()
    assert (
        "Disabled accounts made on the server: chef." in out.getvalue() and "Not moved" not in out.getvalue()
    )
    older = uuid.UUID(moved_store["older"].exam_id)
    with server_db.owner() as o:
        row = o.execute(
            "SELECT version_id, signer_id, key_id, content_sha256, signature FROM injurydoc.signatures"
            " WHERE examination_id = %s",
            (older,),
        ).fetchone()
        # the row as the owner can see it, then gone: the manager tries it again, as a migrated one
        o.execute("ALTER TABLE injurydoc.signatures DISABLE TRIGGER USER")
        o.execute("DELETE FROM injurydoc.signatures WHERE examination_id = %s", (older,))
        o.execute("ALTER TABLE injurydoc.signatures ENABLE TRIGGER USER")
        o.commit()
    with server_db.connect("chef", autocommit=False) as m:
        m.execute("SELECT injurydoc.open_store_import(%s)", (_store_id(store),))
        m.commit()
        with pytest.raises(psycopg.DatabaseError) as refused:
            m.execute(
                "INSERT INTO injurydoc.signatures (examination_id, unit_id, version_id, signer_id, key_id,"
                " signed_at, content_sha256, signature, migrated_from)"
                " VALUES (%s, injurydoc.my_unit(), %s, %s, %s, now(), %s, %s, '2020-01-01')",
                (older, *row),
            )
        assert refused.value.sqlstate == "ID002" and "unit manager" in str(refused.value)
        m.rollback()


def _store_id(store: Any) -> str:
    s = store.sign_in("chef")
    try:
        return str(s.vault.store_id)
    finally:
        s.close()


def test_a_signature_marked_migrated_in_the_store_by_raw_sql_is_broken_and_stays(
    store: Any, server_db: ServerDb, moved_store: dict[str, Any]
) -> None:
    """A colleague with the store's key marks anna's own signature as a migrated one (which would excuse it
    from the access log's record): a clinician's key never makes a migrated signature, so it is broken in
    the store, and the import leaves it there, named."""
    older = moved_store["older"].exam_id
    con = colleague_connection(store, "erik")
    guard = con.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'record_signatures_refuse_update'"
    ).fetchone()[0]
    con.execute("DROP TRIGGER record_signatures_refuse_update")
    con.execute(
        "UPDATE record_signatures SET migrated_from = (SELECT substr(signed_at, 1, 10) FROM examinations"
        " WHERE id = ?) WHERE record_id = ?",
        (older, older),
    )
    con.execute(guard)
    con.close()
    anna = store.sign_in("anna")
    try:
        svc = ExaminationService(anna)
        state = svc.signature(svc.get(older))
    finally:
        anna.close()
    assert state.state == record_signing.BROKEN and "not a unit manager" in state.text("en")
    _server(server_db)
    summary = import_store(store.folder, server_db.dsn("chef"), "chef", PASSWORD)
    assert (moved_store["case_refs"]["older"], "broken") in summary.left and not summary.ok


def test_accounts_an_import_made_before_0011_are_recognised_after_0012(
    store: Any, server_db: ServerDb, tmp_path: Path
) -> None:
    """0011 records the accounts an import makes (only for them may it register keys); those made before
    were not.  0012 recognises them from the server's own log, unless their holder registered a key of
    their own (connected a workstation)."""
    from injurydoc.server import migrate
    from injurydoc.server.errors import ServerError

    _server(server_db)
    anna = store.sign_in("anna")
    try:
        document(anna, sign=False)
    finally:
        anna.close()
    erik = store.sign_in("erik")
    erik.close()
    assert import_store(store.folder, server_db.dsn("chef"), "chef", PASSWORD).ok
    with server_db.owner() as o:  # as a server before 0011 left it
        o.execute("DELETE FROM injurydoc.store_import_accounts")
        erik_id = o.execute("SELECT id FROM injurydoc.accounts WHERE role_name = 'erik'").fetchone()[0]
    with server_db.connect("chef") as m:
        admin.set_password(m, erik_id, "erik", PASSWORD)
    unit_mode.connect_workstation(
        server_db.dsn("erik"), "erik", PASSWORD, kdf=TEST_KDF, root=tmp_path / "ws"
    ).close()
    anna = store.sign_in("anna")
    try:
        document(anna, number=make_pnr(5, 1985), name="Ny Patient")  # signed: anna's key must be registered
    finally:
        anna.close()
    with pytest.raises(ServerError):
        import_store(store.folder, server_db.dsn("chef"), "chef", PASSWORD)
    revs = migrate.revisions()
    migrate.migrate(server_db.owner_dsn, revs[revs.index("0012") - 1])
    migrate.migrate(server_db.owner_dsn, "head")
    with server_db.owner() as o:
        recorded = {
            r[0]
            for r in o.execute(
                "SELECT a.role_name FROM injurydoc.store_import_accounts s"
                " JOIN injurydoc.accounts a ON a.id = s.account_id"
            )
        }
    assert "anna" in recorded and "erik" not in recorded and "chef" not in recorded
    summary = import_store(store.folder, server_db.dsn("chef"), "chef", PASSWORD)
    assert summary.ok and summary.moved["signature"] == 1, (summary.refusal, summary.differences)
