"""The backup taken before a store from before personal keys is migrated (services/keys.py::_migrate):
written before anything changes, a real backup that restores to the store as it was, and a migration
that does not start when it cannot be written."""

from __future__ import annotations

import errno
import json
import shutil
import tempfile
import zipfile

import pytest

from injurydoc.domain.errors import AuthError, StoreError
from injurydoc.export.verify import verify_package
from injurydoc.paths import app_data_dir
from injurydoc.services import backup as backup_service
from injurydoc.services import record_signing
from injurydoc.services.backup import restore
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.session import sign_in
from injurydoc.services.signing import SigningService
from injurydoc.store import examinations as exam_repo
from injurydoc.store.keyslots import KeySlots

from .conftest import PASSWORD
from .helpers.export_cases import documented_case, export_case
from .helpers.insider import colleague_connection
from .helpers.legacy import make_legacy

BACKUP_GLOB = "before-personal-keys-*.injurydoc-backup"


@pytest.fixture
def legacy(store, tmp_path):
    """Anna's signed examination in a store turned into one from before personal keys (as the older
    version wrote it: slots wrapping the data key, no keys, no signatures, the older content hash)."""
    s, draft = documented_case(store, tmp_path)
    e = ExaminationService(s).get(draft.id)  # as signed
    s.close()
    make_legacy(store.folder, {u: PASSWORD for u in ("chef", "anna", "erik", "olle")}, store.recovery_code)
    shutil.rmtree(app_data_dir() / "pins")  # an older version kept no pin
    con = colleague_connection(store, "chef")
    guard = con.execute("SELECT sql FROM sqlite_master WHERE name = 'examinations_refuse_update'").fetchone()
    con.execute("DROP TRIGGER examinations_refuse_update")
    con.execute(
        "UPDATE examinations SET content_sha256 = ? WHERE id = ?", (exam_repo.legacy_content_hash(e), e.id)
    )
    con.execute(guard[0])
    con.close()
    return e


def _keyed_state(folder_store) -> dict[str, object]:
    """What the migration changes, read with raw SQL and from the files (not through the services)."""
    con = colleague_connection(folder_store, "anna")
    try:
        one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
        state = {
            "unit_key": one("SELECT count(*) FROM meta WHERE key IN ('unit_key', 'keyed_at_seq')"),
            "account_keys": one("SELECT count(*) FROM account_keys"),
            "certificates": one("SELECT count(*) FROM unit_key_seals"),
            "record_signatures": one("SELECT count(*) FROM record_signatures"),
            "log_rows": one("SELECT count(*) FROM audit_log"),
            "examinations": con.execute(
                "SELECT id, status, content_sha256, body FROM examinations ORDER BY id"
            ).fetchall(),
        }
    finally:
        con.close()
    slots = KeySlots.load(folder_store.folder / "keyslots.json")
    state["keyed_slots"] = sum(1 for slot in slots.slots if slot.keyed)
    state["keyslots.json"] = (folder_store.folder / "keyslots.json").read_bytes()
    return state


class _Folder:
    def __init__(self, folder) -> None:
        self.folder = folder


def test_the_backup_is_written_first_and_restores_the_store_as_it_was(store, legacy, tmp_path, monkeypatch):
    e = legacy
    before = _keyed_state(store)
    assert before["unit_key"] == before["account_keys"] == before["record_signatures"] == 0
    assert before["keyed_slots"] == 0
    seen_at_backup: list[dict[str, object]] = []
    real_backup = backup_service.backup

    def watched(session, out):
        # the moment the backup is made: nothing of the migration has happened yet
        assert session.db.scalar("SELECT count(*) FROM account_keys") == 0
        assert session.db.scalar("SELECT value FROM meta WHERE key = 'unit_key'") is None
        seen_at_backup.append({"keyslots.json": (store.folder / "keyslots.json").read_bytes()})
        return real_backup(session, out)

    monkeypatch.setattr(backup_service, "backup", watched)
    store.sign_in("chef").close()
    assert len(seen_at_backup) == 1 and seen_at_backup[0]["keyslots.json"] == before["keyslots.json"]

    # the store is migrated now ...
    after = _keyed_state(store)
    assert after["unit_key"] == 2 and after["account_keys"] >= 1 and after["record_signatures"] == 1
    s = store.sign_in("anna")
    try:
        svc = ExaminationService(s)
        assert svc.signature(svc.get(e.id)).state == record_signing.MIGRATED
        created = s.db.one(
            "SELECT details FROM audit_log WHERE details LIKE '%personal_keys_created%' ORDER BY seq"
        )
        copied = s.db.all("SELECT details FROM audit_log WHERE action = 'copied'")
    finally:
        s.close()
    # ... and the backup taken first is next to it, private to the OS user, named in the log
    copies = sorted(store.folder.glob(BACKUP_GLOB))
    assert len(copies) == 1 and copies[0].stat().st_mode & 0o777 == 0o600
    assert created is not None and json.loads(created[0])["backup"] == copies[0].name
    assert any(json.loads(d[0]).get("event") == "backup" for d in copied)
    with zipfile.ZipFile(copies[0]) as z:
        assert z.read("keyslots.json") == before["keyslots.json"]
    assert not list(store.folder.glob(".injurydoc-backup-*"))

    # a real backup: restored through the public restore path, it is the store before the migration
    restored = restore(copies[0], tmp_path / "restored", recovery_code=store.recovery_code)
    old = _keyed_state(_Folder(restored.folder))
    assert old["unit_key"] == old["account_keys"] == old["certificates"] == old["record_signatures"] == 0
    assert old["keyed_slots"] == 0
    assert old["examinations"] == before["examinations"]  # the signed examination with its older hash
    assert old["keyslots.json"] == before["keyslots.json"]
    r = sign_in(restored.folder, "anna", PASSWORD)  # a clinician's sign-in does not migrate it
    try:
        svc = ExaminationService(r)
        assert svc.signature(svc.get(e.id)).state == record_signing.LEGACY
    finally:
        r.close()


def _full_disk(monkeypatch):
    real = zipfile.ZipFile.write

    def write(self, filename, arcname=None, *args, **kwargs):
        if str(arcname) == "injurydoc.db":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, filename, arcname, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "write", write)
    return "Disken är full", "The disk is full"


def _unwritable_folder(monkeypatch):
    real = tempfile.mkdtemp

    def mkdtemp(suffix=None, prefix=None, dir=None):
        if prefix == ".injurydoc-backup-":
            raise PermissionError(errno.EACCES, "Permission denied", str(dir))
        return real(suffix, prefix, dir)

    monkeypatch.setattr(tempfile, "mkdtemp", mkdtemp)
    return "går inte att skriva i", "cannot be written to"


@pytest.mark.parametrize("fault", [_full_disk, _unwritable_folder], ids=["disk_full", "folder_unwritable"])
def test_a_backup_that_cannot_be_written_stops_the_migration(store, legacy, monkeypatch, fault):
    e = legacy
    before = _keyed_state(store)
    files = sorted(p.name for p in store.folder.iterdir())
    with monkeypatch.context() as m:
        sv, en = fault(m)
        with pytest.raises(StoreError) as err:
            store.sign_in("chef")
    assert err.value.code == "keys.migration_backup_failed"
    assert sv in err.value.message("sv") and en in err.value.message("en")
    assert "ingenting i databasen har ändrats" in err.value.message("sv")
    assert "nothing in the store has been changed" in err.value.message("en")
    # nothing changed: no keys, no signatures, no slots rewritten, no log rows, no files left behind
    assert _keyed_state(store) == before
    assert sorted(p.name for p in store.folder.iterdir()) == files
    # with the fault gone, the next sign-in backs up and migrates
    store.sign_in("chef").close()
    assert len(list(store.folder.glob(BACKUP_GLOB))) == 1
    s = store.sign_in("anna")
    try:
        svc = ExaminationService(s)
        assert svc.signature(svc.get(e.id)).state == record_signing.MIGRATED
    finally:
        s.close()


def test_the_store_swapped_for_that_backup_is_refused_on_a_computer_that_knew_it(store, legacy):
    """The colleague copies the files of the backup before personal keys (their old password opens it)
    over the store's: protected persons in the clear, no signatures, no unit key.  The store itself cannot
    tell — it is a whole copy — but this computer pinned the unit key at the migration."""
    store.sign_in("chef").close()  # migrated; this OS user's pin of the unit key
    (copy,) = store.folder.glob(BACKUP_GLOB)
    pinned = _keyed_state(store)
    assert pinned["unit_key"] == 2
    with zipfile.ZipFile(copy) as z:
        for name in ("injurydoc.db", "keyslots.json"):
            (store.folder / name).write_bytes(z.read(name))
    for leftover in ("injurydoc.db-wal", "injurydoc.db-shm"):
        (store.folder / leftover).unlink(missing_ok=True)
    swapped = _keyed_state(store)
    assert swapped["unit_key"] == swapped["record_signatures"] == swapped["keyed_slots"] == 0
    for who in ("anna", "chef"):  # neither a clinician's sign-in nor a manager's (which would re-key it)
        with pytest.raises(AuthError) as err:
            sign_in(store.folder, who, PASSWORD)
        assert err.value.code == "keys.unit_key_gone"
        assert "ersatts med en kopia" in err.value.message("sv")
        assert "replaced with a copy from before personal keys" in err.value.message("en")
    after = _keyed_state(store)
    assert after["unit_key"] == after["account_keys"] == after["record_signatures"] == 0  # not re-keyed
    assert len(list(store.folder.glob(BACKUP_GLOB))) == 1  # no second migration started
    con = colleague_connection(store, "anna")
    try:
        refused = con.execute(
            "SELECT username, details FROM audit_log WHERE action = 'signed_in' AND outcome = 'denied'"
        ).fetchall()
    finally:
        con.close()
    assert [(u, json.loads(d)["refused"]) for u, d in refused] == [
        ("anna", "unit_key_gone"),
        ("chef", "unit_key_gone"),
    ]


def test_a_migrated_examination_with_an_addendum_is_released_with_its_marker(store, tmp_path):
    """An examination and its addendum signed before signatures existed: after the manager's sign-in both
    carry the program's "migrated" signature, the record is not broken, and the package it is released in
    passes ``verify`` with the marker named — never as if the examiner had signed it then."""
    s, draft = documented_case(store, tmp_path)
    svc = ExaminationService(s)
    add = svc.add_addendum(draft.id, "Kompletterande fynd.")
    e = svc.get(draft.id)
    s.close()
    make_legacy(store.folder, {u: PASSWORD for u in ("chef", "anna", "erik", "olle")}, store.recovery_code)
    shutil.rmtree(app_data_dir() / "pins")
    con = colleague_connection(store, "chef")
    guard = con.execute("SELECT sql FROM sqlite_master WHERE name = 'examinations_refuse_update'").fetchone()
    con.execute("DROP TRIGGER examinations_refuse_update")
    con.execute(
        "UPDATE examinations SET content_sha256 = ? WHERE id = ?", (exam_repo.legacy_content_hash(e), e.id)
    )
    con.execute(guard[0])
    con.close()
    store.sign_in("chef").close()
    con = colleague_connection(store, "anna")
    try:
        rows = dict(
            con.execute(
                "SELECT record_id, migrated_from FROM record_signatures WHERE examination_id = ?", (e.id,)
            ).fetchall()
        )
    finally:
        con.close()
    assert rows == {e.id: e.signed_at.date().isoformat(), add.id: add.created_at.date().isoformat()}
    s = store.sign_in("anna")
    try:
        svc = ExaminationService(s)
        state = svc.signature(svc.get(e.id))
        assert state.state == record_signing.MIGRATED, state.text("en")
        ident = SigningService(s)
        ident.create_self_signed(PASSWORD)
        out = export_case(s, svc.get(e.id), ident.identity(PASSWORD), tmp_path / "out")
    finally:
        s.close()
    check = {c.code: c for c in verify_package(out.path).checks}["signed_content"]
    assert check.ok, check.detail
    assert f"migrated: content hash from {e.signed_at.date().isoformat()}" in check.detail
    # the addendum's marker is named too, with its own date (not only the examination's)
    assert (
        f": migrated, content hash from {add.created_at.date().isoformat()} confirmed by the program"
        in check.detail
    )
    with zipfile.ZipFile(out.path) as z:
        records = json.loads(z.read("signed/signatures.json"))["records"]
    assert {(r["kind"], r["migrated_from"]) for r in records} == {
        ("examination", e.signed_at.date().isoformat()),
        ("addendum", add.created_at.date().isoformat()),
    }
