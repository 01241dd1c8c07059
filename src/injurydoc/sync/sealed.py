"""A protected person's case through the unit server: ciphertext and wrapped keys (issues 14 and 16).

What the server gets of a person with protected personal data is ciphertext under that person's
**content key** — the key ``store/protected.py`` seals the cache's own copy with — and, for each account
allowed to open the case, that key sealed to the account's encryption key (``patient_key_wraps``).

* **Ciphertext.** The identity (``patients.identity_ciphertext``), each version's content, each injury and
  each addendum (``content_ciphertext``) and each photo's metadata (``metadata_ciphertext``, with the
  photo's plain SHA-256 inside): AES-256-GCM, the associated data binding unit, table, row and column
  (:class:`~injurydoc.store.protected.FieldCipher` with the store ``unit:<unit id>``).  A photo's bytes:
  AES-256-GCM with a nonce derived from the key, the photo's id and its plain SHA-256, so one photo
  always encrypts to the same bytes — the server addresses them by the SHA-256 of the ciphertext, checks
  it on arrival, and an interrupted upload resumes.  Signatures stay over the plain canonical content (the
  server keeps them; it cannot read what was signed).  The outbox keeps the plain records (inside the
  cache's SQLCipher store, whose only slot is its account's) and they are encrypted as they are sent
  (:func:`for_server`), so a draft's version rewritten or renumbered while unsent stays one record.
* **Key binding.** An account's encryption key on the server carries a *binding* in its ``certificate``
  column: a :class:`~injurydoc.store.personal_keys.Certificate` (store ``unit:<unit id>``) naming the
  account and both its public keys, signed with its signing key (:func:`binding`).  A content key is
  wrapped only for a key whose binding verifies under a signing key of the same account, **both rows
  registered by that account's own login role** (``created_by``; row-level security lets nobody register a
  key in another's name — a unit manager who inserts a key "for" a colleague is its ``created_by``).  A key
  that fails gets no wrap and is named (:class:`Refusal`; the cache's access log says whose key and why).
* **Wraps.** The creating clinician's workstation wraps the key, right after the person's row is sent,
  for itself, the unit managers, and the accounts of the live grants it can see; a unit manager's grant
  wraps it for the grantee (:func:`wrap_for`).  Each pull looks again (:func:`rewrap`): for every person
  this account holds a wrap of on the server, accounts allowed since (a manager connected later, new
  keys) get theirs.  The server's own rule (``wraps_insert``) accepts a wrap only for an account that may
  open the case or manages the unit; ``withdraw_grant()`` deletes the grantee's wrap.
* **Pull.** :func:`content_key` opens this account's wrap from the server with its personal key;
  :func:`open_identity` and :func:`open_examination` turn the server's ciphertext into what
  :mod:`injurydoc.sync.materialise` takes in, which seals the cache's copy again under the same key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import uuid
import weakref
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Final

import psycopg
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from injurydoc.server.connection import server_errors
from injurydoc.server.errors import ServerError
from injurydoc.store import protected
from injurydoc.store.database import Database
from injurydoc.store.personal_keys import (
    Certificate,
    KeyFormatError,
    PersonalKeys,
    Sealed,
    canonical,
    fingerprint,
    seal,
    unseal,
    verify_with,
)
from injurydoc.sync import training_rows
from injurydoc.sync.outbox import Entry, Outbox

__all__ = [
    "CALLS",
    "Holder",
    "Refusal",
    "ServerKey",
    "add_co_handler",
    "attach",
    "binding",
    "check_binding",
    "content_key",
    "ensure_binding",
    "for_server",
    "holder",
    "is_protected",
    "keys_of_unit",
    "open_examination",
    "open_identity",
    "open_photo",
    "refusals",
    "register",
    "rewrap",
    "seal_photo",
    "seal_record",
    "sent",
    "server_cipher",
    "update_patient",
    "wrap_for",
]

log = logging.getLogger(__name__)

#: the prefix of a photo's bytes encrypted for the server
PHOTO_PREFIX: Final = b"INJURYDOC-PHOTO1\x00"
_NONCE: Final = 12
#: sync_state: wraps made from this cache ("patient/account/key"), and keys refused (named)
_WRAPPED, _REFUSED = "wraps_made", "wraps_refused"


# ----- whose keys a cache connection holds -------------------------------------------------------------
@dataclass(frozen=True)
class Holder:
    """The signed-in account's private keys and the store's lookup key, for the sync of its cache."""

    account_id: str
    keys: PersonalKeys
    lookup_key: bytes | None = None
    #: forget what the session remembers of a person's key (None: no key) once the pull wrapped it here
    forget: Callable[[str], None] | None = None


_HOLDERS: weakref.WeakKeyDictionary[Database, Callable[[], Holder | None]] = weakref.WeakKeyDictionary()


def register(db: Database, provider: Callable[[], Holder | None]) -> None:
    """Let the sync of ``db`` (the session's connection, or the runner's own) use these keys."""
    _HOLDERS[db] = provider


def holder(db: Any) -> Holder | None:
    provider = _HOLDERS.get(db) if isinstance(db, Database) else None
    return None if provider is None else provider()


def attach(db: Database, who: Holder) -> None:
    """A connection of its own to the cache (the sync runner's): the account's keys for the sync, and
    the repositories open the persons this account holds a wrap of (``store/protected.py``)."""
    store_id = str(db.scalar("SELECT value FROM meta WHERE key = 'store_id'") or "")

    def provider(patient_id: str) -> protected.FieldCipher | None:
        key = protected.open_wrap(db, store_id, patient_id, who.account_id, who.keys)
        return None if key is None else protected.FieldCipher(key, store_id)

    protected.register(db, provider)
    register(db, lambda: who)


def _store(outbox: Outbox) -> Database | None:
    db = getattr(outbox.con, "db", None)
    return db if isinstance(db, Database) else None


# ----- ciphertext for the server ---------------------------------------------------------------------
def server_cipher(key: bytes, unit_id: str) -> protected.FieldCipher:
    return protected.FieldCipher(key, f"unit:{unit_id}")


def _seal_json(key: bytes, unit_id: str, where: tuple[str, str, str], value: Any) -> str:
    table, row, column = where
    plain = json.dumps(value, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return server_cipher(key, unit_id).seal_bytes(table, row, column, plain).hex()


def _b64(value: Any) -> bytes:
    try:  # PostgreSQL's encode(…, 'base64') breaks lines every 76 characters
        return base64.b64decode("".join(str(value).split()), validate=True)
    except ValueError:
        raise ServerError("server.bad_content", what="ciphertext") from None


def _open_json(key: bytes, unit_id: str, where: tuple[str, str, str], stored: Any) -> Any:
    table, row, column = where
    try:
        plain = server_cipher(key, unit_id).open_bytes(table, row, column, _b64(stored))
        return json.loads(plain.decode("utf-8"))
    except (KeyFormatError, ValueError):
        raise ServerError("server.bad_content", what=table) from None


def _photo_aad(unit_id: str, photo_id: str) -> bytes:
    return canonical({"v": 1, "purpose": "photo", "unit": unit_id, "photo": photo_id})


def seal_photo(key: bytes, unit_id: str, photo_id: str, data: bytes) -> bytes:
    """The photo's bytes as the server stores them (the same every time for one photo)."""
    nonce = hmac.new(key, b"photo-nonce\x00" + photo_id.encode() + hashlib.sha256(data).digest(), "sha256")
    iv = nonce.digest()[:_NONCE]
    return PHOTO_PREFIX + iv + AESGCM(key).encrypt(iv, data, _photo_aad(unit_id, photo_id))


def open_photo(key: bytes, unit_id: str, photo_id: str, blob: bytes) -> bytes:
    if not blob.startswith(PHOTO_PREFIX):
        raise ServerError("server.bad_content", what="photo bytes")
    body = blob[len(PHOTO_PREFIX) :]
    try:
        return AESGCM(key).decrypt(body[:_NONCE], body[_NONCE:], _photo_aad(unit_id, photo_id))
    except (InvalidTag, ValueError):
        raise ServerError("server.bad_content", what="photo bytes") from None


# ----- push: what the server gets of a queued record ------------------------------------------------------
def is_protected(db: Database, patient_id: str | None) -> bool:
    if patient_id is None:
        return False
    row = db.one("SELECT protection FROM patients WHERE id = ?", (patient_id,))
    return row is not None and str(row[0]) != "none"


def _patient_of(db: Database, entry: Entry) -> str | None:
    p = entry.payload
    if entry.kind in ("patient", "patient_update"):
        return str(p.get("id"))
    exam = p.get("examination_id")
    if exam is None and entry.kind == "injury":
        found = db.scalar("SELECT examination_id FROM injuries WHERE id = ?", (str(p.get("local_id")),))
        exam = None if found is None else str(found)
    if exam is None:
        return None
    return protected.patient_of_exam(db, str(exam))


def _key_of(db: Database, patient_id: str) -> bytes:
    fc = protected.cipher_of(db, patient_id)
    if fc is None:  # never plain text instead: the entry waits until the key is open
        raise ServerError("server.protected_no_key")
    return fc.key


def for_server(outbox: Outbox, entry: Entry) -> Entry:
    """The entry as the server gets it: unchanged, or for a protected person its ciphertext (see the
    module's note).  :class:`ServerError` ``server.protected_no_key`` when the person's key is not open
    here (the entry stays queued; nothing is sent in plain text)."""
    return seal_record(_store(outbox), entry)


def seal_record(db: Database | None, entry: Entry) -> Entry:
    """:func:`for_server` of a record kept in ``db`` — the cache behind an outbox, or a standalone store
    being moved into the unit (``services/store_import.py``, which only reads it): the person's key is the
    one ``protected.cipher_of(db, …)`` opens."""
    if db is None or entry.kind in ("log", "signature", "examination", *training_rows.KINDS):
        return entry
    pid = _patient_of(db, entry)
    if pid is None or not is_protected(db, pid):
        return _plain_patient(db, entry) if entry.kind == "patient_update" else entry
    key = _key_of(db, pid)
    p, unit = dict(entry.payload), str(entry.payload.get("unit_id"))
    if entry.kind in ("patient", "patient_update"):
        p.update(protection=_protection(db, pid), identity=None)
        p["identity_ciphertext"] = _seal_json(key, unit, ("patients", pid, "identity"), _identity(db, pid))
        return replace(entry, payload=p)
    if entry.kind == "photo":
        if entry.blob is None:
            return entry
        blob = seal_photo(key, unit, str(p["id"]), entry.blob)
        meta = dict(p.get("metadata") or {}) | {"sha256": p["sha256"]}
        p["metadata_ciphertext"] = _seal_json(key, unit, ("photos", str(p["id"]), "metadata"), meta)
        p.update(metadata=None, sha256=hashlib.sha256(blob).hexdigest())
        return replace(entry, payload=p, blob=blob)
    table = {"version": "examination_versions", "injury": "injuries", "addendum": "addenda"}[entry.kind]
    p["content_ciphertext"] = _seal_json(key, unit, (table, str(p["id"]), "content"), p.get("content"))
    p["content"] = None
    return replace(entry, payload=p)


def _protection(db: Database, patient_id: str) -> str:
    return str(db.scalar("SELECT protection FROM patients WHERE id = ?", (patient_id,)))


def _identity(db: Database, patient_id: str) -> dict[str, Any]:
    """The person's identity as stored now (opened with the person's key when sealed)."""
    from injurydoc.store import patients as patients_repo

    patient = patients_repo.by_id(db, patient_id, cipher=protected.cipher_of(db, patient_id))
    if patient is None:
        raise ServerError("server.protected_no_key")
    return {
        "name": patient.name,
        "id_kind": patient.personal_id.kind.code,
        "id_value": patient.personal_id.value,
        "sex": patient.sex.code,
        "guardian_is_threat": patient.guardian_is_threat,
        "contacts": [{"kind": c.kind, "value": c.value} for c in patient.contacts],
    }


def _plain_patient(db: Database, entry: Entry) -> Entry:
    """An identity change of a person without protection: the identity in plain text, as stored now."""
    pid = str(entry.payload.get("id"))
    return replace(entry, payload=entry.payload | {"protection": "none", "identity": _identity(db, pid)})


def sent(conn: psycopg.Connection[Any], outbox: Outbox, entry: Entry) -> list[Refusal]:
    """After the server took ``entry``: a protected person's row just sent gets its wraps."""
    db = _store(outbox)
    if db is not None and entry.kind == "co_handler":
        pid = str(entry.payload["patient_id"])
        if not is_protected(db, pid) or protected.cipher_of(db, pid) is None:
            return []
        return wrap_for(conn, outbox, pid, _key_of(db, pid), {str(entry.payload["account_id"])})
    if db is None or entry.kind not in ("patient", "patient_update"):
        return []
    if entry.payload.get("identity_ciphertext") is None:
        return []
    pid = str(entry.payload["id"])
    return wrap_for(conn, outbox, pid, _key_of(db, pid))


def update_patient(conn: psycopg.Connection[Any], entry: Entry) -> None:
    """Send an identity, contact or protection change (``for_server`` made the payload): the server's
    ``update_patient()`` replaces the identity — plain for a person without protection, ciphertext only
    for a protected one (the plain identity the server held before is gone from its table)."""
    p = entry.payload
    cipher = p.get("identity_ciphertext")
    conn.execute(
        "SELECT injurydoc.update_patient(%s, %s, %s, %s)",
        (
            uuid.UUID(str(p["id"])),
            str(p["protection"]),
            None if p.get("identity") is None else json.dumps(p["identity"]),
            None if cipher is None else bytes.fromhex(str(cipher)),
        ),
    )
    conn.commit()


def add_co_handler(conn: psycopg.Connection[Any], entry: Entry) -> None:
    """A co-handler the creator added: a live ``co_handler`` grant on the server (once: one already there
    counts as sent)."""
    p = entry.payload
    pid, acc = uuid.UUID(str(p["patient_id"])), uuid.UUID(str(p["account_id"]))
    held = conn.execute(
        "SELECT 1 FROM injurydoc.grants WHERE patient_id = %s AND account_id = %s AND kind = 'co_handler'"
        " AND withdrawn_at IS NULL",
        (pid, acc),
    ).fetchone()
    if held is None:
        conn.execute(
            "SELECT injurydoc.grant_access(%s, %s, 'co_handler', %s, NULL)", (pid, acc, str(p["reason"]))
        )
    conn.commit()


#: outbox kinds sent by calling a server function, not by an INSERT (sync/push.py)
CALLS: Final[dict[str, Callable[[psycopg.Connection[Any], Entry], None]]] = {
    "patient_update": update_patient,
    "co_handler": add_co_handler,
}


# ----- key bindings ---------------------------------------------------------------------------------------
def binding(unit_id: str, account_id: str, username: str, keys: PersonalKeys) -> bytes:
    """The binding of an account's encryption key, for its row's ``certificate`` (see the module's note)."""
    pub = keys.public()
    cert = Certificate(
        store_id=f"unit:{unit_id}",
        subject=account_id,
        username=username,
        roles=(),
        keys=pub,
        issued_at="",
        issued_by=account_id,
        issuer=fingerprint(pub.ed25519),
    )
    body = cert.to_bytes()
    return canonical({"certificate": base64.b64encode(body).decode(), "signature": keys.sign(body).hex()})


@dataclass(frozen=True)
class Refusal:
    """A key that gets no wrap: whose (user name), which key id, and what is wrong with it."""

    username: str
    key_id: str
    problem: str


@dataclass(frozen=True)
class ServerKey:
    account_id: str
    username: str
    key_id: str
    public: bytes
    created_by: str
    certificate: bytes | None


def check_binding(key: ServerKey, signing: dict[bytes, str], unit_id: str) -> str | None:
    """What is wrong with an encryption key (None: its binding holds).  ``signing``: the account's
    signing keys on the server, public key -> who registered it."""
    if key.created_by != key.account_id:
        return "registered by another account (substituted)"
    if key.certificate is None:
        return "no binding to the account's signing key (registered before bindings)"
    try:
        doc = json.loads(key.certificate.decode("utf-8"))
        body = base64.b64decode(str(doc["certificate"]), validate=True)
        signature = bytes.fromhex(str(doc["signature"]))
        cert = Certificate.from_bytes(body)
    except (ValueError, KeyError, TypeError, KeyFormatError):
        return "the binding cannot be read"
    if cert.store_id != f"unit:{unit_id}" or cert.subject != key.account_id:
        return "the binding names another account or unit"
    if cert.keys.x25519 != key.public:
        return "the public key differs from the bound one (substituted)"
    if signing.get(cert.keys.ed25519) != key.account_id:
        return "the binding's signing key is not one the account registered itself"
    if not verify_with(cert.keys.ed25519, signature, body):
        return "the binding's signature does not verify (substituted)"
    return None


# ----- wraps ---------------------------------------------------------------------------------------------
def _wrap_context(unit_id: str, patient_id: str, account_id: str, key_id: str) -> bytes:
    return canonical(
        {
            "purpose": "unit-person-key",
            "unit": unit_id,
            "patient": patient_id,
            "holder": account_id,
            "key": key_id,
        }
    )


def keys_of_unit(conn: psycopg.Connection[Any]) -> tuple[str, list[ServerKey], dict[str, dict[bytes, str]]]:
    """(unit id, every unretired encryption key of an active account, signing keys per account)."""
    with server_errors():
        unit = conn.execute("SELECT injurydoc.my_unit()").fetchone()
        rows = conn.execute(
            "SELECT k.account_id, a.role_name, k.id, k.purpose, k.public_key, k.created_by, k.certificate"
            " FROM injurydoc.account_keys k JOIN injurydoc.accounts a ON a.id = k.account_id"
            " WHERE a.active AND k.retired_at IS NULL ORDER BY k.created_at, k.id"
        ).fetchall()
        conn.commit()
    keys: list[ServerKey] = []
    signing: dict[str, dict[bytes, str]] = {}
    for acc, name, kid, purpose, public, by, cert in rows:
        if purpose == "signing":
            signing.setdefault(str(acc), {})[bytes(public)] = str(by)
        else:
            keys.append(
                ServerKey(
                    str(acc),
                    str(name),
                    str(kid),
                    bytes(public),
                    str(by),
                    None if cert is None else bytes(cert),
                )
            )
    return str(unit[0]) if unit else "", keys, signing


def _allowed(conn: psycopg.Connection[Any], patient_id: str, me: str, db: Database | None) -> set[str]:
    """The accounts allowed the person's key that this account can see: itself, the unit's managers,
    the live grants it can see (its own co-handlers; a manager sees every grant of the unit), and the
    person's creator — as this cache holds the person, or as the server tells a holder of the key
    (``key_creator``, 0015: a manager's workstation holds the key, not the case).  The server's
    ``_may_open`` lets the creator open the case, so ``wraps_insert`` takes their wrap: a creator whose
    key was not bound when the case arrived (an account a store import made, before its holder
    connected) gets it at such a sweep."""
    with server_errors():
        rows = conn.execute(
            "SELECT id FROM injurydoc.accounts WHERE active AND 'unit_manager' = ANY (roles)"
            " UNION SELECT account_id FROM injurydoc.grants WHERE patient_id = %s AND withdrawn_at IS NULL"
            " AND (valid_until IS NULL OR valid_until > now())",
            (uuid.UUID(patient_id),),
        ).fetchall()
        conn.commit()
    creator = None if db is None else db.scalar("SELECT created_by FROM patients WHERE id = ?", (patient_id,))
    return {str(r[0]) for r in rows} | {me} | {str(c) for c in (creator, _key_creator(conn, patient_id)) if c}


def _key_creator(conn: psycopg.Connection[Any], patient_id: str) -> Any:
    """Who created the case, as the server tells a holder of the person's key (server 0015; None before
    it, or without a wrap)."""
    with server_errors():
        found = conn.execute("SELECT to_regprocedure('injurydoc.key_creator(uuid)') IS NOT NULL").fetchone()
        row = None
        if found and found[0]:
            row = conn.execute("SELECT injurydoc.key_creator(%s)", (uuid.UUID(patient_id),)).fetchone()
        conn.commit()
    return row[0] if row else None


def _lifted(db: Database, patient_id: str) -> bool:
    """The person is held here without protection (taken away; their earlier records on the server are
    ciphertext still)."""
    row = db.one("SELECT protection FROM patients WHERE id = ?", (patient_id,))
    return row is not None and str(row[0]) == "none"


def _clinicians(conn: psycopg.Connection[Any]) -> set[str]:
    """Every active clinician of the unit: each may open a person without protection, so each gets the
    key of the earlier ciphertext (the server's ``wraps_insert`` refuses any that may not open it)."""
    with server_errors():
        rows = conn.execute(
            "SELECT id FROM injurydoc.accounts WHERE active AND 'clinician' = ANY (roles)"
        ).fetchall()
        conn.commit()
    return {str(r[0]) for r in rows}


def wrap_for(
    conn: psycopg.Connection[Any],
    outbox: Outbox,
    patient_id: str,
    key: bytes,
    accounts: set[str] | None = None,
    *,
    who: Holder | None = None,
) -> list[Refusal]:
    """Wrap ``key`` for every allowed account (``accounts``: only these) whose key binding holds and that
    has no wrap from here yet; returns the keys refused, which the cache's log names.  ``who``: whose
    keys wrap (default: the cache's holder; a store import's outbox has no cache behind it).

    What this cache wrapped is remembered so a pull's sweep does not wrap again; an explicit grant
    (``accounts``) wraps regardless (the server deletes a wrap at withdrawal, so a grant made again must
    wrap again; an existing wrap is a no-op), and a sweep forgets an account no longer allowed."""
    from injurydoc.sync import unit_key

    db = _store(outbox)
    me = outbox.get_state("account_id") or ""
    anchor = unit_key.check_pin(conn, outbox)  # a replaced or removed unit key: refused here, named
    unit, keys, signing = keys_of_unit(conn)
    targets = _allowed(conn, patient_id, me, db) if accounts is None else accounts
    if accounts is None and db is not None and _lifted(db, patient_id):
        targets = targets | _clinicians(conn)
    targets = targets & {me} if anchor is not None and unit_key.unconfirmed(outbox) else targets
    made = set(json.loads(outbox.get_state(_WRAPPED) or "[]"))
    problems = {k.key_id: check_binding(k, signing.get(k.account_id, {}), unit) for k in keys}
    bound = {(k.account_id, k.public) for k in keys if problems[k.key_id] is None}
    if anchor is not None:  # the unit key's rule: only keys it certified (this workstation's own: known)
        _uncertified(conn, (anchor, unit), keys, problems, (me, who or holder(db)))
    refused: list[Refusal] = []
    superseded: set[str] = set()
    for k in keys:
        tag = f"{patient_id}/{k.account_id}/{k.key_id}"
        if k.account_id not in targets:
            if accounts is None:
                made.discard(tag)  # no longer allowed: its wrap is gone; a later grant wraps again
            continue
        if tag in made and accounts is None:
            continue  # a sweep skips what it wrapped; a grant (``accounts``) always wraps (withdrawn before?)
        problem = problems[k.key_id]
        if problem is not None and k.certificate is None and (k.account_id, k.public) in bound:
            superseded.add(k.key_id)  # registered again, bound (ensure_binding): the bound one is wrapped
            continue
        if problem is not None:
            refused.append(Refusal(k.username, k.key_id, problem))
            continue
        superseded.add(k.key_id)  # holds now (bound, certified): no longer named as refused
        if _insert_wrap(conn, unit, patient_id, k, key, me):
            made.add(tag)
    outbox.set_state(_WRAPPED, json.dumps(sorted(made)))
    known = json.loads(outbox.get_state(_REFUSED) or "{}")
    if superseded & set(known):  # made good: no longer named as refused
        outbox.set_state(_REFUSED, json.dumps({k: v for k, v in known.items() if k not in superseded}))
    if db is not None and refused:
        _name_refusals(db, outbox, patient_id, refused)
    return refused


def _uncertified(
    conn: psycopg.Connection[Any],
    unit_key_of: tuple[bytes, str],
    keys: list[ServerKey],
    problems: dict[str, str | None],
    own: tuple[str, Holder | None],
) -> None:
    """Mark each bound key the unit key has not certified (but the wrapping account's own)."""
    from injurydoc.sync import unit_key

    certs = unit_key.certified(conn, *unit_key_of)
    me, who = own
    mine = (me, who.keys.public().x25519) if who is not None else None
    for k in keys:
        if problems[k.key_id] is None and k.key_id not in certs and (k.account_id, k.public) != mine:
            problems[k.key_id] = unit_key.UNCERTIFIED


def _insert_wrap(
    conn: psycopg.Connection[Any], unit: str, patient_id: str, k: ServerKey, key: bytes, me: str
) -> bool:
    """One wrap; True when the server holds it (now or already), False when its rule refuses it (the
    account may not open the case any more)."""
    sealed = seal(key, k.public, _wrap_context(unit, patient_id, k.account_id, k.key_id))
    try:
        with conn.transaction():
            conn.execute(
                "INSERT INTO injurydoc.patient_key_wraps (unit_id, patient_id, account_id, key_id,"
                " wrapped_key, wrapped_by) VALUES (%s, %s, %s, %s, %s, %s)",
                (unit, patient_id, k.account_id, k.key_id, canonical(sealed.to_json()), me),
            )
    except psycopg.errors.UniqueViolation:
        pass
    except psycopg.errors.InsufficientPrivilege:
        conn.commit()
        return False
    except psycopg.Error as exc:
        from injurydoc.server.errors import translate

        raise translate(exc) from None
    conn.commit()
    return True


def _name_refusals(db: Database, outbox: Outbox, patient_id: str, refused: list[Refusal]) -> None:
    """Each refused key once, in the cache's access log and in ``sync_state`` (never a patient's name)."""
    from injurydoc.domain.vocab import AuditAction
    from injurydoc.sync import client_log

    known = json.loads(outbox.get_state(_REFUSED) or "{}")
    new = [r for r in refused if known.get(r.key_id) != r.problem]
    if not new:
        return
    with db.transaction():
        for r in new:
            known[r.key_id] = r.problem
            client_log.append(  # and in the unit's log, naming this workstation (the manager's list)
                db,
                outbox,
                action=AuditAction.ACCOUNT,
                patient_id=patient_id,
                target=f"key:{r.key_id}",
                details={"event": "key_refused_no_wrap", "account": r.username, "problem": r.problem},
            )
        outbox.set_state(_REFUSED, json.dumps(known, sort_keys=True))
    log.info("a content key was not wrapped for %d key(s) whose binding does not hold", len(new))


def refusals(outbox: Outbox) -> dict[str, str]:
    """Key id -> what is wrong with it, for every key refused a wrap from this cache."""
    return dict(json.loads(outbox.get_state(_REFUSED) or "{}"))


def content_key(
    conn: psycopg.Connection[Any], outbox: Outbox, patient_id: str, *, who: Holder | None = None
) -> bytes | None:
    """The person's content key, from this account's wrap on the server (None: no wrap it can open).
    ``who``: whose keys open it (default: the cache's holder)."""
    who = who or holder(_store(outbox))
    if who is None:
        return None
    mine = who.keys.public().x25519
    with server_errors():
        rows = conn.execute(
            "SELECT w.unit_id, w.key_id, w.wrapped_key, k.public_key FROM injurydoc.patient_key_wraps w"
            " JOIN injurydoc.account_keys k ON k.id = w.key_id WHERE w.patient_id = %s",
            (uuid.UUID(patient_id),),
        ).fetchall()
        conn.commit()
    for unit, kid, wrapped, public in rows:
        if bytes(public) != mine:
            continue
        try:
            sealed = Sealed.from_json(json.loads(bytes(wrapped).decode("utf-8")))
            key = unseal(
                sealed, who.keys.x25519, _wrap_context(str(unit), patient_id, who.account_id, str(kid))
            )
        except (KeyFormatError, ValueError):
            continue
        if len(key) == 32:
            return key
    return None


def ensure_binding(conn: psycopg.Connection[Any], outbox: Outbox) -> bool:
    """A cache made before key bindings (its encryption key on the server has none) registers its key
    again, bound, under a new id, so that protected persons' keys can be wrapped for it.  True when it
    did."""
    who = holder(_store(outbox))
    key_id = outbox.get_state("encryption_key_id")
    if who is None or not key_id or outbox.get_state("encryption_key_bound") == key_id:
        return False
    with server_errors():
        row = conn.execute(
            "SELECT k.certificate, k.unit_id, a.display_name FROM injurydoc.account_keys k"
            " JOIN injurydoc.accounts a ON a.id = k.account_id WHERE k.id = %s AND k.public_key = %s",
            (uuid.UUID(key_id), who.keys.public().x25519),
        ).fetchone()
        conn.commit()
        if row is None or row[0] is not None:
            outbox.set_state("encryption_key_bound", key_id)
            return False
        new_id = str(uuid.uuid4())
        bound = binding(str(row[1]), who.account_id, str(row[2]), who.keys)
        conn.execute(
            "INSERT INTO injurydoc.account_keys (id, unit_id, account_id, purpose, algorithm, public_key,"
            " created_by, certificate) VALUES (%s, %s, %s, 'encryption', 'x25519', %s, %s, %s)",
            (new_id, row[1], who.account_id, who.keys.public().x25519, who.account_id, bound),
        )
        conn.commit()
    outbox.set_state("encryption_key_id", new_id)
    outbox.set_state("encryption_key_bound", new_id)
    return True


def rewrap(conn: psycopg.Connection[Any], outbox: Outbox) -> list[Refusal]:
    """For every person this account holds a wrap of on the server: wrap for accounts allowed since."""
    if holder(_store(outbox)) is None:
        return []
    ensure_binding(conn, outbox)
    with server_errors():
        pids = [
            str(r[0])
            for r in conn.execute(
                "SELECT DISTINCT patient_id FROM injurydoc.patient_key_wraps ORDER BY 1"
            ).fetchall()
        ]
        conn.commit()
    refused: list[Refusal] = []
    for pid in pids:
        key = content_key(conn, outbox, pid)
        if key is not None:
            refused += wrap_for(conn, outbox, pid, key)
    return refused


# ----- pull: the server's ciphertext opened -----------------------------------------------------------------
def open_identity(patient: dict[str, Any], key: bytes, unit_id: str) -> dict[str, Any]:
    """The person as the server sent it, with the identity opened (``server.bad_content`` when it does
    not open)."""
    pid = str(patient.get("id"))
    identity = _open_json(key, unit_id, ("patients", pid, "identity"), patient.get("identity_ciphertext"))
    if not isinstance(identity, dict):
        raise ServerError("server.bad_content", what="patient")
    return patient | {"identity": identity}


def open_examination(exam: dict[str, Any], key: bytes, unit_id: str) -> tuple[dict[str, Any], dict[str, str]]:
    """The examination with its versions, injuries, addenda and photo metadata opened, each photo row
    under its plain SHA-256; and photo id -> the SHA-256 its ciphertext is stored under."""
    out = dict(exam)
    versions = []
    for v in exam.get("versions") or []:
        if not isinstance(v, dict) or v.get("content_ciphertext") is None:
            versions.append(v)
            continue
        vid = str(v.get("id"))
        opened = v | {
            "content": _open_json(
                key, unit_id, ("examination_versions", vid, "content"), v["content_ciphertext"]
            )
        }
        opened["injuries"] = [
            i
            | {
                "content": _open_json(
                    key, unit_id, ("injuries", str(i.get("id")), "content"), i["content_ciphertext"]
                )
            }
            if isinstance(i, dict) and i.get("content_ciphertext") is not None
            else i
            for i in v.get("injuries") or []
        ]
        versions.append(opened)
    out["versions"] = versions
    out["addenda"] = [
        a
        | {
            "content": _open_json(
                key, unit_id, ("addenda", str(a.get("id")), "content"), a["content_ciphertext"]
            )
        }
        if isinstance(a, dict) and a.get("content_ciphertext") is not None
        else a
        for a in exam.get("addenda") or []
    ]
    stored: dict[str, str] = {}
    photos = []
    for row in exam.get("photos") or []:
        ph = row
        if isinstance(ph, dict) and ph.get("metadata_ciphertext") is not None:
            meta = _open_json(
                key, unit_id, ("photos", str(ph.get("id")), "metadata"), ph["metadata_ciphertext"]
            )
            if not isinstance(meta, dict) or not isinstance(meta.get("sha256"), str):
                raise ServerError("server.bad_content", what="photo")
            stored[str(ph.get("id"))] = str(ph.get("sha256"))
            ph = ph | {"metadata": meta, "sha256": meta["sha256"]}
        photos.append(ph)
    out["photos"] = photos
    return out, stored
