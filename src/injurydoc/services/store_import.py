"""Moving a standalone store into a unit on the unit server (``injurydoc server import-store``, issue 16).

Two people's rights meet here, both checked: the unit manager **of the store** (their password opens it;
the store is only read, never changed) and the unit manager **of the server unit** (their own login role).
The server lets a manager insert rows in the names of the unit's accounts only under an *open store
import* (server schema 0008, ``open_store_import``), and only for the patients of that import.

What moves, through the same rows (:mod:`injurydoc.services.unit_queue`, the one codec) and the same
push (:func:`injurydoc.sync.push.push`: resumable photo upload, SHA-256 checked by the server) that unit
mode uses:

- **accounts**: every account of the store that made records or log rows must exist on the server under
  **the store's own account id** — the signed content names its examiner by that id, and a signature is
  never re-made.  An account of the same user name (or HSA id) with that id is used as it is; one that is
  missing is made by the import (``import_account``: the store's user name, name, roles, profession and
  HSA id; a password nobody knows, so the manager sets a password before the person signs in); an
  account of the same name with **another** id that examined or wrote addenda stops the import, named
  (nothing is sent).  An account only in the log is matched by user name or HSA id.
- **keys**: each signer's personal public keys of the generations their signatures use, with the store's
  certificate (from the store's unit key) — so the server accepts the signatures and a workstation can
  check them.
- **records**: patients without protected personal data, examinations (one version each: the content as
  stored), injuries, photos with their original bytes, signatures and addenda with their original bytes;
  the store's access log as client entries (store id, local seq and hash).
- **protected persons** (server schema 0015): as a workstation sends them (``sync/sealed.py``, the same
  code): the identity, every version, injury, addendum and photo's metadata and bytes as ciphertext under
  the person's content key, which the store's manager opens with their own wrap in the store
  (``store/protected.py``; the store is only read).  Their live grants and co-handlers are recorded on
  the server, and the key is wrapped for the importing manager (under the store's manager keys,
  registered as one more key of theirs: the import opens its wraps with them), every unit manager,
  grantee, co-handler and the creator whose key binding holds (``sealed.wrap_for``); an account this
  import made has no key of its own yet: its wrap follows at the next sync of a workstation holding the
  key once its holder connected (``sealed.rewrap``), or at the next run of the import.  A protected
  person whose key the manager does not hold in the store (a store without personal keys) stays, named;
  so does an examination signed over an earlier content version (its signed bytes would go in plain
  text).
- **migrated signatures** (the program's, made with a unit manager's key at the key migration, with the
  marker) and signatures over an **earlier content version** move as they are (server schema 0012: the
  marker, who migrated, the content version and the bytes signed then); never signed again.  The store's
  manager whose key migrated must exist under the store's id: when the server's own manager holds the
  user name, a disabled account of its own is made for that key (``_archive_name``).
- a signed examination whose signature does not check in the store (content changed after signing, a
  broken key), or signed before signatures and not migrated yet, is **not** moved, and is named (case
  number) in the summary.

Running it again sends only what the server lacks (every record has its own id; the log's entries are
matched by seq), so an interrupted import is completed by the next run.  At the end every examination
of the store's moved patients is read back through the server's logged reads and compared with the store:
content SHA-256, signature bytes, photos' SHA-256, addenda, and the number of log entries; a protected
person's examination is opened with the manager's wrap from the server first (and each photo's bytes
fetched, opened and hashed).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import secrets
import sqlite3
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from injurydoc.domain.canonical import canonical_bytes
from injurydoc.domain.models import Account, Examination
from injurydoc.domain.vocab import Role
from injurydoc.server.connection import connect, scram_verifier, server_errors
from injurydoc.server.errors import ServerError
from injurydoc.server.reads import read_examination, read_photo
from injurydoc.services import record_signing, unit_queue
from injurydoc.services.keys import store_unit_key
from injurydoc.services.unit_mode import UnitSettings
from injurydoc.store import accounts as accounts_repo
from injurydoc.store import canonical as store_canonical
from injurydoc.store import examinations as exam_repo
from injurydoc.store import key_registry, protected
from injurydoc.store import patients as patients_repo
from injurydoc.store import photos as photos_repo
from injurydoc.store import record_signatures as sig_repo
from injurydoc.store.database import Database
from injurydoc.store.personal_keys import PersonalKeys, fingerprint
from injurydoc.store.vault import Vault
from injurydoc.sync import migrated_marker, sealed, unit_key
from injurydoc.sync.key_check import certificate_container
from injurydoc.sync.outbox import Entry, Outbox
from injurydoc.sync.push import push

__all__ = ["ImportSummary", "import_store", "version_id"]

#: the import's own namespace for the ids it derives (versions, keys)
_NS: Final = uuid.UUID("6b1f6a52-3f0e-4a55-9a51-7f3c1c2d9e10")

#: reasons an examination stays in the store (text keys ``cli.server.import_reason.*``)
PROTECTED, BROKEN, OLD_FORMAT, FOLLOWS_LEFT = "protected", "broken", "old_format", "follows_left"
#: a protected person whose key the store's manager does not hold there; one signed over an earlier
#: content version (the bytes signed then go along in plain text: not for a protected person)
PROTECTED_NO_KEY, PROTECTED_OLD = "protected_no_key", "protected_old_content"


@dataclass
class ImportSummary:
    """What the import did; no patient data (counts, case numbers and user names only)."""

    moved: Counter[str] = field(default_factory=Counter)  # kind -> records sent now
    already: Counter[str] = field(default_factory=Counter)  # kind -> records the server held already
    protected_patients: int = 0  # protected persons moved (as ciphertext), now or before
    protected_examinations: int = 0  # their examinations that move
    #: user names whose wrap of a protected person's key waits for a workstation of theirs (no bound key
    #: on the server yet: made by this import, or never connected) or for the unit key's certification
    wraps_waiting: list[str] = field(default_factory=list)
    grants: int = 0  # live grants and co-handlers of protected persons recorded on the server now
    left: list[tuple[str, str]] = field(default_factory=list)  # (case number, reason)
    accounts_created: list[str] = field(default_factory=list)  # user names
    #: disabled accounts made only to hold the key of a store manager's migrated signatures (user names)
    key_holders_created: list[str] = field(default_factory=list)
    #: the moved store's unit key's fingerprint (the manager certifies its keys with it, from the paper)
    store_root: str = ""
    verified: int = 0  # examinations read back and found equal
    differences: list[tuple[str, str]] = field(default_factory=list)  # (case number or "log", what)
    log_in_store: int = 0
    log_on_server: int = 0
    refusal: ServerError | None = None

    @property
    def ok(self) -> bool:
        """Everything moved is on the server as in the store; nothing stayed for a broken signature."""
        return not self.differences and self.refusal is None and all(r != BROKEN for _, r in self.left)


def version_id(store_id: str, exam_id: str) -> str:
    """The server id of the one version an examination moves as (the same on every run)."""
    return str(uuid.uuid5(_NS, f"version:{store_id}:{exam_id}"))


def _key_id(store_id: str, subject: str, generation: int, purpose: str) -> str:
    return str(uuid.uuid5(_NS, f"key:{store_id}:{subject}:{generation}:{purpose}"))


def _memory_outbox() -> Outbox:
    """An outbox in memory (never a file: it holds patient data), for one batch."""
    con = sqlite3.connect(":memory:")
    con.execute(
        "CREATE TABLE sync_outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, "
        "item_id TEXT NOT NULL, payload TEXT NOT NULL, blob BLOB, attempts INTEGER NOT NULL DEFAULT 0, "
        "UNIQUE (kind, item_id))"
    )
    con.execute("CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    return Outbox(con)


def _content_sha256(doc: Any) -> str:
    """The SHA-256 of a version's content as the server returns it, in the canonical form signed."""
    text = json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return hashlib.sha256(text.encode("utf-8") + b"\n").hexdigest()


# ----- the store side ----------------------------------------------------------------------------------
@contextlib.contextmanager
def _open_store(folder: Path, username: str, password: str) -> Iterator[tuple[Vault, Account]]:
    """The store, opened with its unit manager's password; only read."""
    vault, slot = Vault.open_with_password(folder, username.strip().lower(), password)
    try:
        account = accounts_repo.by_id(vault.db, slot.account_id or "")
        if account is None or not account.active or Role.UNIT_MANAGER not in account.roles:
            raise ServerError("server.import_not_manager")
        yield vault, account
    finally:
        vault.close()


@dataclass
class _Exam:
    exam: Examination
    state: str  # "move" or a reason it stays


def _plan(
    db: Database, keys: dict[str, bytes], summary: ImportSummary
) -> tuple[list[str], dict[str, list[_Exam]]]:
    """(patients to move, their examinations with what to do with each), oldest first.  ``keys``: the
    protected persons' content keys the store's manager opened (one without stays, named)."""
    patients: list[str] = []
    exams: dict[str, list[_Exam]] = {}
    left_ids: set[str] = set()
    for pid, protection in db.all("SELECT id, protection FROM patients ORDER BY created_at, id"):
        ids = [
            str(r[0])
            for r in db.all(
                "SELECT id FROM examinations WHERE patient_id = ? ORDER BY created_at, id", (pid,)
            )
        ]
        is_protected = str(protection) != "none"
        if is_protected and str(pid) not in keys:
            left_ids.update(ids)
            refs = db.all(
                "SELECT case_ref FROM examinations WHERE patient_id = ? ORDER BY created_at, id", (pid,)
            )
            summary.left += [(str(r[0]), PROTECTED_NO_KEY) for r in refs]
            continue
        patients.append(str(pid))
        planned: list[_Exam] = []
        for eid in ids:
            exam = exam_repo.get(db, eid)
            if exam is None:
                continue
            state = _state(db, exam, left_ids)
            if state == "move" and is_protected and _signed_earlier(db, exam):
                state = PROTECTED_OLD
            if is_protected:
                summary.protected_examinations += state == "move"
            if state != "move":
                left_ids.add(exam.id)
                summary.left.append((exam.case_ref, state))
            planned.append(_Exam(exam, state))
        exams[str(pid)] = planned
        summary.protected_patients += is_protected
    return patients, exams


def _signed_earlier(db: Database, exam: Examination) -> bool:
    sig = sig_repo.of_examination(db, exam.id).get(exam.id) if exam.is_signed else None
    return sig is not None and sig.content_version != store_canonical.VERSION


def _state(db: Database, exam: Examination, left_ids: set[str]) -> str:
    if exam.follow_up_of and exam.follow_up_of in left_ids:
        return FOLLOWS_LEFT
    if not exam.is_signed:
        return "move"
    photos = photos_repo.of_examination(db, exam.id)
    try:
        checked = record_signing.check(db, exam, photos)
    except record_signing.UNREADABLE:
        return BROKEN
    if checked.state not in (record_signing.VALID, record_signing.UNCERTIFIED, record_signing.MIGRATED):
        # broken; or legacy: signed before signatures, not migrated yet (a manager's sign-in migrates it)
        return BROKEN if checked.state == record_signing.BROKEN else OLD_FORMAT
    sig = sig_repo.of_examination(db, exam.id).get(exam.id)
    if sig is None or sig.content_version not in store_canonical.KNOWN_VERSIONS:
        return OLD_FORMAT
    return "move"


def _needed_accounts(
    db: Database, patients: list[str], exams: dict[str, list[_Exam]]
) -> tuple[set[str], set[str], set[str]]:
    """(accounts whose ids signed content names: examiners and addendum authors; every account the moved
    records or the log name; the unit managers whose keys made migrated signatures)."""
    named: set[str] = set()
    everyone: set[str] = set()
    migrators: set[str] = set()
    for pid in patients:
        row = db.one("SELECT created_by, protection FROM patients WHERE id = ?", (pid,))
        if row and row[0]:
            everyone.add(str(row[0]))
        if row and str(row[1]) != "none":  # the grants and co-handlers of a protected person move too
            everyone.update(g.account_id for g in _live_grants(db, pid))
        for item in exams[pid]:
            if item.state != "move":
                continue
            named.add(item.exam.examiner_id)
            named.update(a.author_id for a in item.exam.addenda)
            if item.exam.is_signed:  # a migrated signature names the manager whose key made it
                migrators.update(
                    s.signer for s in sig_repo.of_examination(db, item.exam.id).values() if s.migrated_from
                )
    for (acc,) in db.all("SELECT DISTINCT account_id FROM audit_log WHERE account_id IS NOT NULL"):
        everyone.add(str(acc))
    return named, everyone | named | migrators, migrators - named


# ----- the server side ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Me:
    id: str
    unit_id: str
    #: the store's unit key, opened with the importing manager's keys: it attests migrated markers (0017)
    unit_key: Any = None


def _who(conn: Any) -> _Me:
    row = conn.execute(
        "SELECT id, unit_id, roles FROM injurydoc.accounts WHERE role_name = current_user AND active"
    ).fetchone()
    conn.commit()
    if row is None or "unit_manager" not in row[2]:
        raise ServerError("server.import_not_manager")
    return _Me(str(row[0]), str(row[1]))


def _with_unit_key(me: _Me, vault: Vault, account: Account, exams: dict[str, list[_Exam]]) -> _Me:
    """``me`` with the store's unit key, which attests each migrated signature's marker (server 0017);
    refused before anything is sent when migrated signatures are to move and the key does not open
    with this manager's keys (they would show broken on every workstation)."""
    opened = store_unit_key(vault.db, vault.store_id, account.id, vault.personal_keys)
    migrated = any(
        s.migrated_from is not None
        for items in exams.values()
        for item in items
        if item.state == "move" and item.exam.is_signed
        for s in sig_repo.of_examination(vault.db, item.exam.id).values()
    )
    if opened is None and migrated:
        raise ServerError("server.import_unit_key_closed")
    return dataclasses.replace(me, unit_key=opened)


def _check_purpose(conn: Any, vault: Vault) -> None:
    """Exercises never become real cases, nor real cases exercises: a training store moves only into a
    training unit and a real store only into a real unit (server schema 0007; before it, every unit is
    real)."""
    row = conn.execute("SELECT coalesce(to_jsonb(u) ->> 'purpose', 'real') FROM injurydoc.units u").fetchone()
    conn.commit()
    training_unit = row is not None and row[0] == "training"
    if training_unit != (vault.purpose.code == "training"):
        raise ServerError("server.import_purpose_training" if training_unit else "server.import_purpose_real")


def _map_accounts(
    conn: Any,
    db: Database,
    me: _Me,
    store_id: str,
    accounts: tuple[set[str], set[str], set[str]],
    summary: ImportSummary,
) -> dict[str, str]:
    """Store account id -> server account id (for the log and who registered a patient); the missing
    ones made (see the module's note).  A manager whose key made migrated signatures must exist under
    the store's id: when the server holds their user name under another id (the server's own manager
    account), the store's manager is made as a disabled account of its own (``_archive_name``)."""
    named, everyone, migrators = accounts
    server = {
        str(r[1]): (str(r[0]), str(r[2] or ""))
        for r in conn.execute(
            "SELECT id, role_name, hsa_id FROM injurydoc.accounts WHERE unit_id = %s", (me.unit_id,)
        )
    }
    by_hsa = {hsa: sid for sid, hsa in server.values() if hsa}
    conn.commit()
    held_ids = {sid for sid, _ in server.values()}
    mapping: dict[str, str] = {}
    clash: list[str] = []
    create: list[Account] = []
    archive: list[Account] = []
    for acc_id in sorted(everyone):
        acc = accounts_repo.by_id(db, acc_id)
        if acc is None:
            continue  # not an account (the recovery code's rows): the log row names no account
        found = server.get(acc.username, (None, ""))[0] or (by_hsa.get(acc.hsa_id) if acc.hsa_id else None)
        if found is None and acc.id in held_ids:
            found = acc.id
        if acc_id in migrators and found is not None and found != acc.id:
            if acc.id not in held_ids:
                archive.append(acc)
            mapping[acc_id] = found  # the log's rows stay with the person's server account
        elif found is None:
            create.append(acc)
        elif acc_id in named and found != acc.id:
            clash.append(acc.username)
        else:
            mapping[acc_id] = found
    if clash:
        raise ServerError("server.import_account_clash", names=", ".join(clash))
    _create_accounts(conn, store_id, create, archive, summary)
    mapping.update((acc.id, acc.id) for acc in create)
    return mapping


def _create_accounts(
    conn: Any, store_id: str, create: list[Account], archive: list[Account], summary: ImportSummary
) -> None:
    """Make the store's missing accounts under their store ids (``archive``: a manager kept only for the
    key of their migrated signatures, under another user name, disabled)."""
    for acc in create:
        with server_errors():
            verifier = scram_verifier(conn, acc.username, secrets.token_urlsafe(32))
            roles = [r.code for r in acc.roles if r.code in ("clinician", "unit_manager", "trainer")]
            conn.execute(
                "SELECT injurydoc.import_account(%s, %s, %s, %s, %s, %s, %s)",
                (
                    acc.id,
                    acc.username,
                    acc.display_name,
                    roles or ["clinician"],
                    acc.profession.code,
                    acc.hsa_id,
                    verifier,
                ),
            )
            if not acc.active:
                conn.execute("SELECT injurydoc.disable_account(%s)", (acc.id,))
            conn.commit()
        summary.accounts_created.append(acc.username)
    for acc in archive:
        name = _archive_name(acc.username, store_id)
        with server_errors():
            verifier = scram_verifier(conn, name, secrets.token_urlsafe(32))
            conn.execute(
                "SELECT injurydoc.import_account(%s, %s, %s, %s, %s, %s, %s)",
                (acc.id, name, acc.display_name, ["unit_manager"], acc.profession.code, "", verifier),
            )
            conn.execute("SELECT injurydoc.disable_account(%s)", (acc.id,))
            conn.commit()
        summary.key_holders_created.append(name)


def _archive_name(username: str, store_id: str) -> str:
    """The user name of a store's manager made only to hold the key of their migrated signatures (disabled:
    nobody signs in with it), when the server uses their own user name for another account."""
    return f"{username[:24]}.{hashlib.sha256(store_id.encode()).hexdigest()[:6]}"


def _register_keys(
    conn: Any, db: Database, store_id: str, me: _Me, signers: set[tuple[str, int]], summary: ImportSummary
) -> dict[tuple[str, int], str]:
    """(signer, generation) -> the server's key id of that signing key (registered when missing)."""
    out: dict[tuple[str, int], str] = {}
    for subject, generation in sorted(signers):
        rec = key_registry.record(db, subject, generation)
        if rec is None:
            continue
        for purpose, algorithm, raw in (
            ("signing", "ed25519", rec.keys.ed25519),
            ("encryption", "x25519", rec.keys.x25519),
        ):
            kid = _key_id(store_id, subject, generation, purpose)
            held = conn.execute("SELECT 1 FROM injurydoc.account_keys WHERE id = %s", (kid,)).fetchone()
            if held:
                summary.already["key"] += 1
            else:
                with server_errors():
                    # the encryption half is registered retired: its private half stays in the store
                    conn.execute(
                        "INSERT INTO injurydoc.account_keys (id, unit_id, account_id, purpose, algorithm,"
                        " public_key, certificate, created_by, retired_at)"
                        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                        (
                            kid,
                            me.unit_id,
                            subject,
                            purpose,
                            algorithm,
                            raw,
                            _container(db, rec),
                            me.id,
                            dt.datetime.now(dt.UTC) if purpose == "encryption" else _time(rec.retired_at),
                        ),
                    )
                summary.moved["key"] += 1
            conn.commit()
            if purpose == "signing":
                out[(subject, generation)] = kid
    return out


def _container(db: Database, rec: key_registry.KeyRecord) -> bytes | None:
    """The store's certificate of a signer's keys, with its signature and the store's unit key, as the
    workstations check it (sync/key_check.py; the server takes a key for another account only with one)."""
    unit_key = key_registry.unit_key_public(db)
    if rec.certificate is None or rec.signature is None or not unit_key:
        return None
    return certificate_container(rec.certificate, rec.signature, unit_key)


def _time(value: str | None) -> dt.datetime | None:
    return None if not value else dt.datetime.fromisoformat(value)


def _holds(conn: Any, kind: str, item_id: str) -> bool:
    with server_errors():
        row = conn.execute("SELECT injurydoc.import_holds(%s, %s)", (kind, uuid.UUID(item_id))).fetchone()
        conn.commit()
    return bool(row and row[0])


def _settings(me: _Me, account_id: str, key_id: str = "") -> UnitSettings:
    return UnitSettings(
        dsn="", unit_id=me.unit_id, account_id=account_id, signing_key_id=key_id, encryption_key_id=""
    )


def _queue_patient(db: Database, me: _Me, pid: str, mapping: dict[str, str], outbox: Outbox) -> None:
    patient = patients_repo.by_id(db, pid, with_contacts=False, cipher=protected.cipher_of(db, pid))
    row = db.one("SELECT created_by FROM patients WHERE id = ?", (pid,))
    if patient is None:
        return
    created_by = mapping.get(str(row[0]) if row and row[0] else "", me.id)
    payload = unit_queue.patient_row(me.unit_id, patient, created_by)
    if patient.is_protected:  # the identity goes as ciphertext only (sealed.seal_record, at sending)
        payload |= {"protection": patient.protection.code, "identity": None}
    outbox.add("patient", pid, payload)


def _queue_exam(
    conn: Any,
    db: Database,
    store_id: str,
    me: _Me,
    exam: Examination,
    keys: dict[tuple[str, int], str],
    outbox: Outbox,
    summary: ImportSummary,
) -> None:
    """The examination's rows, in the order the server needs them (what it holds is dropped later)."""
    outbox.add("examination", exam.id, unit_queue.examination_row(me.unit_id, exam))
    vid = version_id(store_id, exam.id)
    for rec in photos_repo.of_examination(db, exam.id):
        if _holds(conn, "photo", rec.id):  # before reading its bytes
            summary.already["photo"] += 1
            continue
        original = photos_repo.blob(db, rec.id, "original")
        if original is None:
            raise ServerError("server.import_photo_missing", case=exam.case_ref)
        outbox.add("photo", rec.id, unit_queue.photo_row(me.unit_id, rec, exam.examiner_id), original)
    unit_queue.put_version(_settings(me, exam.examiner_id), db, exam.id, outbox, vid)
    if not exam.is_signed:
        return
    sigs = sig_repo.of_examination(db, exam.id)
    sig = sigs[exam.id]
    settings = _settings(me, sig.signer, keys.get((sig.signer, sig.generation), ""))
    row = unit_queue.signature_row(settings, sig, vid)
    if sig.migrated_from is not None:  # as it is: the manager's signature with its marker (server 0012)
        row |= _migrated_fields(me, exam, sig, settings.signing_key_id)
    if sig.content_version != store_canonical.VERSION:  # the bytes signed then go along (server 0012)
        photos = photos_repo.of_examination(db, exam.id)
        signed = store_canonical.examination_content(exam, photos, sig.content_version)
        row |= {"content_version": sig.content_version, "signed_content": signed.hex()}
    outbox.add("signature", exam.id, row)
    for add in exam.addenda:
        a_sig = sigs.get(add.id)
        if a_sig is not None:
            settings = _settings(me, a_sig.signer, keys.get((a_sig.signer, a_sig.generation), ""))
            a_row = unit_queue.addendum_row(settings, add, sig.content_sha256, a_sig)
            if a_sig.migrated_from is not None:  # the author stays the author; the manager's key signed
                a_row |= {
                    "author_id": add.author_id,
                    "migrated_from": a_sig.migrated_from,
                    "migrated_by": a_sig.signer,
                }
            outbox.add("addendum", add.id, a_row)


def _migrated_fields(me: _Me, exam: Examination, sig: Any, key_id: str) -> dict[str, Any]:
    """A migrated signature's marker and record time, and the store's unit key's word on them (server
    0017, sync/migrated_marker.py)."""
    marked = exam.signed_at or exam.created_at
    return {
        "migrated_from": sig.migrated_from,
        "record_signed_at": marked.isoformat(),
        "migration_attestation": migrated_marker.attest(
            me.unit_key,
            examination_id=exam.id,
            signer_id=sig.signer,
            key_id=key_id,
            content_sha256=sig.content_sha256,
            migrated_from=sig.migrated_from,
            record_signed_at=marked,
        ).hex(),
    }


def _drop_held(conn: Any, outbox: Outbox, summary: ImportSummary) -> None:
    """Remove from the batch what the server holds already (sent by an earlier, interrupted run)."""
    for seq, kind, item_id in outbox.con.execute("SELECT seq, kind, item_id FROM sync_outbox").fetchall():
        if kind != "photo" and _holds(conn, str(kind), str(item_id)):
            outbox.con.execute("DELETE FROM sync_outbox WHERE seq = ?", (seq,))
            if kind != "injury":
                summary.already[str(kind)] += 1


def _seal_batch(db: Database, outbox: Outbox) -> None:
    """A protected person's records in the batch as the server gets them: ciphertext under the person's
    key (``sealed.seal_record``, what a workstation's push does with its outbox; in memory only)."""
    rows = outbox.con.execute("SELECT seq, kind, item_id, payload, blob FROM sync_outbox ORDER BY seq")
    for seq, kind, item_id, payload, blob in rows.fetchall():
        entry = Entry(
            int(seq), str(kind), str(item_id), json.loads(payload), None if blob is None else bytes(blob)
        )
        sealed_entry = sealed.seal_record(db, entry)
        if sealed_entry is not entry:
            outbox.con.execute(
                "UPDATE sync_outbox SET payload = ?, blob = ? WHERE seq = ?",
                (json.dumps(sealed_entry.payload, sort_keys=True), sealed_entry.blob, seq),
            )


def _send(
    conn: Any, outbox: Outbox, summary: ImportSummary, *, check: bool = True, db: Database | None = None
) -> bool:
    """Push the batch (``db``: the store its records are from, for a protected person's ciphertext);
    False when the server refused an entry (kept in the summary)."""
    if check:
        _drop_held(conn, outbox, summary)
    if db is not None:
        _seal_batch(db, outbox)
    kinds = Counter(str(r[0]) for r in outbox.con.execute("SELECT kind FROM sync_outbox").fetchall())
    result = push(conn, outbox)
    if result.refused:
        summary.refusal = result.refusal
        return False
    for kind, n in kinds.items():
        if kind != "injury":
            summary.moved[kind] += n
    return True


def _logged_seqs(conn: Any, me: _Me, store_id: str) -> set[int]:
    """The seq of every entry of this store's log the server holds already."""
    seqs: set[int] = set()
    rows = conn.execute(
        "SELECT convert_from(client_entry, 'UTF8') FROM injurydoc.access_log"
        " WHERE unit_id = %s AND source = 'client' AND client_entry IS NOT NULL"
        " AND position(%s in convert_from(client_entry, 'UTF8')) > 0",
        (me.unit_id, json.dumps(store_id)),
    ).fetchall()
    conn.commit()
    for (raw,) in rows:
        with contextlib.suppress(ValueError, TypeError, KeyError):
            doc = json.loads(raw)
            if doc.get("store") == store_id:
                seqs.add(int(doc["seq"]))
    return seqs


def _queue_log(
    conn: Any, db: Database, store_id: str, me: _Me, mapping: dict[str, str], summary: ImportSummary
) -> bool:
    held = _logged_seqs(conn, me, store_id)
    summary.log_in_store = int(db.scalar("SELECT count(*) FROM audit_log") or 0)
    batch = _memory_outbox()
    count = 0
    for seq, at, account_id, action, outcome, patient_id, target, details, row_hash in db.all(
        "SELECT seq, at, account_id, action, outcome, patient_id, target, details, hash"
        " FROM audit_log ORDER BY seq"
    ):
        if int(seq) in held:
            summary.already["log"] += 1
            continue
        try:
            parsed = json.loads(details) if details else {}
        except ValueError:
            parsed = {}
        row = unit_queue.log_row(
            me.unit_id,
            mapping.get(str(account_id or ""), ""),
            (store_id, int(seq), str(row_hash)),
            (
                str(action),
                str(outcome),
                None if patient_id is None else str(patient_id),
                str(target),
                parsed if isinstance(parsed, dict) else {},
            ),
            None,
            str(at),
        )
        batch.add("log", f"{store_id}:{seq}", row)
        count += 1
        if count % 500 == 0 and not _send(conn, batch, summary, check=False):
            return False
    return _send(conn, batch, summary, check=False)


# ----- verifying ---------------------------------------------------------------------------------------
def _verify_exam(
    conn: Any,
    db: Database,
    store_id: str,
    exam: Examination,
    summary: ImportSummary,
    opener: tuple[bytes, str] | None = None,
) -> None:
    """``opener``: a protected person's (content key from the manager's wrap on the server, unit id)."""

    def differs(what: str) -> None:
        summary.differences.append((exam.case_ref, what))

    got = read_examination(conn, uuid.UUID(exam.id))
    if got is None:
        differs("missing")
        return
    photos = photos_repo.of_examination(db, exam.id)
    if opener is not None:
        try:
            got = _opened(conn, got, photos, opener)
        except ServerError as exc:
            differs(str(exc.params.get("what") or "content"))
            return
    expected = hashlib.sha256(canonical_bytes(exam, photos)).hexdigest()
    versions = {str(v["id"]): v for v in got.get("versions") or []}
    version = versions.get(version_id(store_id, exam.id))
    if version is None or _content_sha256(version.get("content")) != expected:
        differs("content")
    if str(got.get("examiner_id")) != exam.examiner_id:
        differs("examiner")
    server_photos = {int(p["number"]): str(p["sha256"]) for p in got.get("photos") or []}
    if server_photos != {p.number: p.sha256 for p in photos}:
        differs("photos")
    sigs = sig_repo.of_examination(db, exam.id)
    if _signature_differs(got.get("signature"), sigs.get(exam.id), version_id(store_id, exam.id)):
        differs("signature")
    server_addenda = {
        str(a["id"]): (
            str(a.get("content_sha256")),
            _b64(a.get("signature")),
            a.get("migrated_from"),
            str(a.get("migrated_by") or a.get("author_id")),
        )
        for a in got.get("addenda") or []
    }
    local_addenda = {
        a.id: (sigs[a.id].content_sha256, sigs[a.id].signature, sigs[a.id].migrated_from, sigs[a.id].signer)
        for a in exam.addenda
        if a.id in sigs
    }
    if server_addenda != local_addenda:
        differs("addenda")
    if all(case != exam.case_ref for case, _ in summary.differences):
        summary.verified += 1


def _signature_differs(server_sig: Any, sig: Any, vid: str) -> bool:
    """The server's signature row (None: none) is not the store's signature ``sig`` (None: unsigned)."""
    if sig is None or server_sig is None:
        return sig is not server_sig
    return (
        str(server_sig.get("content_sha256")) != sig.content_sha256
        or _b64(server_sig.get("signature")) != sig.signature
        or str(server_sig.get("version_id")) != vid
        or str(server_sig.get("signer_id")) != sig.signer
        or server_sig.get("migrated_from") != sig.migrated_from
        or int(server_sig.get("content_version") or 0) != sig.content_version
        or (
            sig.content_version != store_canonical.VERSION
            and hashlib.sha256(_b64(server_sig.get("signed_content"))).hexdigest() != sig.content_sha256
        )
    )


def _opened(conn: Any, got: dict[str, Any], photos: list[Any], opener: tuple[bytes, str]) -> dict[str, Any]:
    """A protected person's examination as read from the server, opened with the key: every part was
    ciphertext (``server.bad_content`` otherwise, or when a part does not open), and each photo's bytes,
    fetched through the server's logged read, open to the store's photo."""
    key, unit = opener
    plain = [*(got.get("versions") or []), *(got.get("addenda") or [])]
    plain += [i for v in got.get("versions") or [] for i in v.get("injuries") or []]
    if any(x.get("content") is not None for x in plain) or any(
        ph.get("metadata") is not None for ph in got.get("photos") or []
    ):
        raise ServerError("server.bad_content", what="plain text")
    opened, stored = sealed.open_examination(got, key, unit)
    for rec in photos:
        blob = read_photo(conn, uuid.UUID(rec.id))
        if blob is None or hashlib.sha256(blob).hexdigest() != stored.get(rec.id):
            raise ServerError("server.bad_content", what="photos")
        if hashlib.sha256(sealed.open_photo(key, unit, rec.id, blob)).hexdigest() != rec.sha256:
            raise ServerError("server.bad_content", what="photos")
    return opened


def _b64(value: Any) -> bytes:
    import base64

    try:
        # PostgreSQL's encode(…, 'base64') breaks lines every 76 characters
        return base64.b64decode("".join(str(value or "").split()), validate=True)
    except ValueError:
        return b""


# ----- protected persons -------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Sealing:
    """Moving protected persons: their content keys (opened in the store with its manager's wrap) and the
    importing manager's server account holding the store manager's keys (None: no protected person
    moves)."""

    keys: dict[str, bytes]
    who: sealed.Holder | None
    #: the run's memory outbox for ``sealed.wrap_for``: the manager's account id and the unit key pinned
    #: (compared with the fingerprint given, or taken on first use: then wraps go to the manager only)
    outbox: Outbox


def _open_keys(vault: Vault, account: Account) -> dict[str, bytes]:
    """Every protected person's content key the store's manager holds a wrap of (only read); while the
    import runs, the store's repositories open the person's records with it (``protected.register``:
    held in memory, nothing written)."""
    db, keys, store_id = vault.db, vault.personal_keys, vault.store_id
    if keys is None:
        return {}
    pids = [str(r[0]) for r in db.all("SELECT id FROM patients WHERE protection <> 'none' ORDER BY id")]
    found = {p: k for p, k in protected.open_wraps(db, store_id, pids, account.id, keys).items() if k}
    ciphers = {p: protected.FieldCipher(k, store_id) for p, k in found.items()}
    protected.register(db, ciphers.get)
    return found


def _own_key(conn: Any, store_id: str, me: _Me, keys: PersonalKeys, summary: ImportSummary) -> sealed.Holder:
    """The store manager's personal keys registered (once) as one more key of the importing manager's
    server account, by the manager's own login role and bound as a workstation binds its key
    (``sealed.binding``): the manager's wrap of each protected person is sealed to it, and the import
    opens that wrap to verify.  Its private half stays in the store."""
    pub = keys.public()
    with server_errors():
        row = conn.execute("SELECT display_name FROM injurydoc.accounts WHERE id = %s", (me.id,)).fetchone()
        bound = sealed.binding(me.unit_id, me.id, str(row[0] if row else ""), keys)
        for purpose, algorithm, raw, cert in (
            ("signing", "ed25519", pub.ed25519, None),
            ("encryption", "x25519", pub.x25519, bound),
        ):
            kid = str(uuid.uuid5(_NS, f"manager-key:{store_id}:{me.id}:{pub.generation}:{purpose}"))
            if conn.execute("SELECT 1 FROM injurydoc.account_keys WHERE id = %s", (kid,)).fetchone():
                summary.already["key"] += 1
            else:
                conn.execute(
                    "INSERT INTO injurydoc.account_keys (id, unit_id, account_id, purpose, algorithm,"
                    " public_key, created_by, certificate) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                    (kid, me.unit_id, me.id, purpose, algorithm, raw, me.id, cert),
                )
                summary.moved["key"] += 1
            conn.commit()
    return sealed.Holder(me.id, keys)


@dataclass(frozen=True)
class _Grant:
    account_id: str
    kind: str
    reason: str
    until: dt.date | None


def _wrap_outbox(conn: Any, me: _Me, expected: str) -> Outbox:
    """The run's outbox for the wraps: the manager's account, and the unit's key (if it has one) pinned
    as a workstation pins it at connect — compared with ``expected`` (the fingerprint on the manager's
    paper, ``--unit-key``; ``server.unit_key_mismatch`` when it differs, nothing sent), else on first
    use."""
    ob = _memory_outbox()
    ob.set_state("account_id", me.id)
    ob.set_state("unit_id", me.unit_id)
    unit_key.pin_at_connect(conn, ob, expected)
    conn.commit()
    return ob


def _live_grants(db: Database, patient_id: str) -> list[_Grant]:
    """The person's co-handlers and the grants not ended (a grant works through its end date)."""
    today = dt.date.today()
    out = []
    for acc, kind, reason, expires in db.all(
        "SELECT account_id, kind, reason, expires_on FROM access_grants WHERE patient_id = ?"
        " ORDER BY granted_at, account_id",
        (patient_id,),
    ):
        until = dt.date.fromisoformat(str(expires)) if expires else None
        if until is None or until >= today:
            out.append(_Grant(str(acc), str(kind), " ".join(str(reason).split()), until))
    return out


def _record_grants(
    conn: Any, db: Database, pid: str, mapping: dict[str, str], summary: ImportSummary
) -> set[str]:
    """The person's live co-handlers (``import_co_handler``, server 0015: in the creator's name) and grants
    (``grant_access``, the importing manager's) on the server, each once; returns their server accounts.
    A grant without an end date (made before grants had one) is not recorded: the server's grants end;
    its holder is named as waiting."""
    patient = uuid.UUID(pid)
    held = {
        (str(r[0]), str(r[1]))
        for r in conn.execute(
            "SELECT account_id, kind FROM injurydoc.grants WHERE patient_id = %s AND withdrawn_at IS NULL"
            " AND (valid_until IS NULL OR valid_until > now())",
            (patient,),
        ).fetchall()
    }
    active = {str(r[0]) for r in conn.execute("SELECT id FROM injurydoc.accounts WHERE active").fetchall()}
    conn.commit()
    accounts: set[str] = set()
    for g in _live_grants(db, pid):
        acc = mapping.get(g.account_id)
        if acc is None or acc not in active:
            continue
        if g.kind == "grant" and g.until is None:
            holder = accounts_repo.by_id(db, g.account_id)
            summary.wraps_waiting.append(holder.username if holder is not None else acc)
            continue
        accounts.add(acc)
        if (acc, g.kind) in held:
            continue
        if g.kind == "co_handler" or g.until is None:
            conn.execute(
                "SELECT injurydoc.import_co_handler(%s, %s, %s)",
                (patient, uuid.UUID(acc), g.reason or "medhandläggare"),
            )
        else:  # through the end date, as UnitGrantService.grant gives it
            end = dt.datetime.combine(g.until + dt.timedelta(days=1), dt.time()).astimezone()
            conn.execute(
                "SELECT injurydoc.grant_access(%s, %s, %s, %s, %s)",
                (
                    patient,
                    uuid.UUID(acc),
                    g.kind,
                    g.reason or "åtkomst beviljad i den fristående databasen",
                    end,
                ),
            )
        conn.commit()
        summary.grants += 1
    return accounts


def _wrap(
    conn: Any,
    db: Database,
    me: _Me,
    pid: str,
    key: bytes,
    sealing: _Sealing,
    accounts: tuple[dict[str, str], set[str]],
    summary: ImportSummary,
) -> None:
    """The person's key wrapped (``sealed.wrap_for``, as a workstation does it) for the importing manager,
    every unit manager and the live grants, then for the creator; who is allowed and has no key that
    holds yet (no bound key: an account this import made; or one the unit key has not certified) is
    named in the summary — their wrap follows at a sync of a workstation holding the key."""
    mapping, grantees = accounts
    row = db.one("SELECT created_by FROM patients WHERE id = ?", (pid,))
    creator = mapping.get(str(row[0]) if row and row[0] else "", me.id)
    ob = sealing.outbox
    refused = sealed.wrap_for(conn, ob, pid, key, who=sealing.who)
    if creator != me.id:
        refused += sealed.wrap_for(conn, ob, pid, key, {creator}, who=sealing.who)
    _unit, keys, _signing = sealed.keys_of_unit(conn)
    holding = {k.account_id for k in keys}
    names = {
        str(r[0]): str(r[1])
        for r in conn.execute("SELECT id, role_name FROM injurydoc.accounts WHERE active").fetchall()
    }
    conn.commit()
    waiting = {names[a] for a in {creator, *grantees} if a in names and a not in holding}
    if unit_key.unconfirmed(ob):  # the unit key taken on first use: wraps went to the manager only
        waiting |= {names[a] for a in {creator, *grantees} if a in names and a != me.id}
    waiting |= {r.username for r in refused}
    summary.wraps_waiting = sorted(set(summary.wraps_waiting) | waiting)


# ----- the command -------------------------------------------------------------------------------------
def import_store(
    folder: Path,
    dsn: str,
    username: str,
    store_password: str,
    server_password: str | None = None,
    *,
    progress: Callable[[str], None] | None = None,
    expected_unit_key: str = "",
) -> ImportSummary:
    """Move the store at ``folder`` into the server unit of the manager ``username`` (see the module's
    note).  ``server_password``: the manager's password on the server (default: the store's).  Raises
    the project's errors for a refusal before anything is sent (password, not a manager, accounts);
    returns the summary otherwise (``ok`` False when anything stayed, was refused or differs).
    ``expected_unit_key``: the unit key's fingerprint from the manager's paper (see :func:`_wrap_outbox`)."""
    summary = ImportSummary()
    with _open_store(folder, username, store_password) as (vault, account):
        db, store_id = vault.db, vault.store_id
        root = key_registry.unit_key_public(db)
        summary.store_root = fingerprint(root) if root else ""
        password = store_password if server_password is None else server_password
        with connect(dsn, password=password) as conn:
            with server_errors():
                me = _who(conn)
                _check_purpose(conn, vault)
                wraps = _wrap_outbox(conn, me, expected_unit_key)  # a unit key not the expected: stop here
            content_keys = _open_keys(vault, account)
            patients, exams = _plan(db, content_keys, summary)
            me = _with_unit_key(me, vault, account, exams)
            accounts = _needed_accounts(db, patients, exams)
            with server_errors():
                opened = conn.execute("SELECT injurydoc.open_store_import(%s)", (store_id,)).fetchone()
                conn.commit()
                if opened is None:
                    raise ServerError("server.error", sqlstate="-")
            try:
                with server_errors():
                    mapping = _map_accounts(conn, db, me, store_id, accounts, summary)
                    keys = _register_keys(conn, db, store_id, me, _signers(db, patients, exams), summary)
                    moving = {pid: k for pid, k in content_keys.items() if pid in set(patients)}
                    who = None
                    if moving and vault.personal_keys is not None:
                        who = _own_key(conn, store_id, me, vault.personal_keys, summary)
                    sealing = _Sealing(moving, who, wraps)
                if _move_records(
                    conn, db, store_id, me, (patients, exams), (mapping, keys), summary, progress, sealing
                ):
                    _queue_log(conn, db, store_id, me, mapping, summary)
                _verify(conn, db, store_id, me, patients, exams, summary, sealing)
            finally:
                _close_import(conn, opened[0])
    return summary


def _close_import(conn: Any, import_id: Any) -> None:
    """End the open import (also after a refusal); a lost connection leaves it for the next run."""
    with contextlib.suppress(ServerError), server_errors():
        conn.rollback()
        conn.execute("SELECT injurydoc.close_store_import(%s)", (import_id,))
        conn.commit()


def _signers(db: Database, patients: list[str], exams: dict[str, list[_Exam]]) -> set[tuple[str, int]]:
    """(account, key generation) of every signature that moves."""
    signers: set[tuple[str, int]] = set()
    for pid in patients:
        for item in exams[pid]:
            if item.state == "move" and item.exam.is_signed:
                signers.update(
                    (s.signer, s.generation) for s in sig_repo.of_examination(db, item.exam.id).values()
                )
    return signers


def _move_records(
    conn: Any,
    db: Database,
    store_id: str,
    me: _Me,
    plan: tuple[list[str], dict[str, list[_Exam]]],
    ids: tuple[dict[str, str], dict[tuple[str, int], str]],
    summary: ImportSummary,
    progress: Callable[[str], None] | None,
    sealing: _Sealing,
) -> bool:
    """Each patient, then each of their examinations, as a batch of its own; False at a refusal.  A
    protected person's grants and wraps follow their row (each run: what the server holds is kept)."""
    patients, exams = plan
    mapping, keys = ids
    for pid in patients:
        batch = _memory_outbox()
        _queue_patient(db, me, pid, mapping, batch)
        if not _send(conn, batch, summary, db=db):
            return False
        key = sealing.keys.get(pid)
        if key is not None and sealing.who is not None:
            with server_errors():
                grantees = _record_grants(conn, db, pid, mapping, summary)
                _wrap(conn, db, me, pid, key, sealing, (mapping, grantees), summary)
        for item in exams[pid]:
            if item.state != "move":
                continue
            if progress is not None:
                progress(item.exam.case_ref)
            batch = _memory_outbox()
            _queue_exam(conn, db, store_id, me, item.exam, keys, batch, summary)
            if not _send(conn, batch, summary, db=db):
                return False
    return True


def _verify(
    conn: Any,
    db: Database,
    store_id: str,
    me: _Me,
    patients: list[str],
    exams: dict[str, list[_Exam]],
    summary: ImportSummary,
    sealing: _Sealing,
) -> None:
    """Read back what moved, through the server's logged reads, and count the log's entries; a protected
    person's examinations opened with the key from the manager's own wrap on the server."""
    for pid in patients:
        opener = None
        if pid in sealing.keys:
            key = None
            if sealing.who is not None:
                ob = _memory_outbox()
                key = sealed.content_key(conn, ob, pid, who=sealing.who)
            if key != sealing.keys[pid]:
                summary.differences += [(i.exam.case_ref, "key") for i in exams[pid] if i.state == "move"]
                continue
            opener = (key, me.unit_id)
        for item in exams[pid]:
            if item.state == "move":
                _verify_exam(conn, db, store_id, item.exam, summary, opener)
    summary.log_on_server = len(_logged_seqs(conn, me, store_id))
    if summary.log_on_server != summary.log_in_store:
        summary.differences.append(("log", "entries"))
