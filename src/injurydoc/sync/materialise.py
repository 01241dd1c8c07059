"""Pulled rows into the cache's ordinary tables, so that every screen (start page, search, editor,
report, export) works on a case documented on another workstation (issue 16).

Called by :func:`injurydoc.sync.pull.pull` for a unit-mode cache store.  Everything is read from the
server first (through the logged reads), checked, and only then written in **one store transaction per
examination** — a crash or a refusal leaves the cache as it was.  Nothing written here goes into the
outbox (these are the server's rows already: no echo), and nothing goes around the store's triggers: an
examination arrives as a draft with its injuries and photos and is then marked signed with the
signature the server holds, exactly as local signing does, so a signed one is immutable from then on.

What is checked before anything is written, each failure the server error ``server.bad_content``:
the version's content parses (:func:`~injurydoc.domain.canonical.examination_from_content`) and names
this examination, patient and examiner; each photo's bytes have the SHA-256 the content names.

**Signatures.** A pulled signature is verified before the case is shown as signed: the key id must be a
signing key the server holds **for the signer** (the examiner), not retired before the signature was
made, and the Ed25519 signature must verify over the canonical bytes recomputed from what was stored
here. Then the public key is added to the cache's key history under a generation from
``key_registry.PULLED_GENERATIONS`` on (never this cache's "current" key), certified by the cache's own
unit key — the cache vouches that the unit server, over the account's own authenticated connection, holds
it as the signer's key (the server has no unit-wide key whose certificate every workstation could check)
— and the access log records that a verified signature was received (``record_signing`` accepts that row
in place of the local ``signed`` row). Without the unit key at hand the key waits, uncertified (the case
shows as *uncertified*), for the account's next sign-in. A signature that fails any check is still stored
— so the case shows as **broken**, never as a draft and never as signed.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

import psycopg
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from injurydoc.domain.canonical import (
    ADDENDUM_VERSION,
    CANONICAL_FORMAT,
    CANONICAL_VERSION,
    ContentError,
    addendum_bytes,
    canonical_dict,
    examination_from_content,
    photo_parts,
)
from injurydoc.domain.errors import KnownError
from injurydoc.domain.identity import PersonalId, parse_personal_id
from injurydoc.domain.models import Addendum, Examination, PhotoRecord
from injurydoc.domain.vocab import (
    AuditAction,
    AuditOutcome,
    IdKind,
    PhotoRole,
    Profession,
    Protection,
    Role,
    Sex,
)
from injurydoc.media.derivatives import process
from injurydoc.server import reads
from injurydoc.server.connection import server_errors
from injurydoc.server.errors import ServerError
from injurydoc.store import accounts as accounts_repo
from injurydoc.store import audit, key_registry
from injurydoc.store import canonical as store_canonical
from injurydoc.store import examinations as exam_repo
from injurydoc.store import patients as patients_repo
from injurydoc.store import photos as photos_repo
from injurydoc.store import protected as sealing
from injurydoc.store import record_signatures as sig_repo
from injurydoc.store.audit import iso, now_utc
from injurydoc.store.codec import from_dict
from injurydoc.store.database import Database
from injurydoc.store.personal_keys import Certificate, PublicKeys, fingerprint, unit_public
from injurydoc.sync import key_check, migrated_marker, sealed, set_aside
from injurydoc.sync import unit_key as unit_trust
from injurydoc.sync.outbox import RECEIVED_EVENT, Outbox

__all__ = ["RECEIVED_EVENT", "UNVERIFIED_GENERATION", "Cache", "cache_for"]

#: The key generation recorded for a pulled signature whose key the server did not vouch for: no key of
#: that generation exists, so the record shows as broken.
UNVERIFIED_GENERATION: Final = 999_999_999


def _bad(what: str) -> ServerError:
    return ServerError("server.bad_content", what=what)


def _time(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    try:
        parsed = dt.datetime.fromisoformat(str(value))
    except ValueError:
        raise _bad("time") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _b64(value: Any) -> bytes:
    try:
        # PostgreSQL's encode(…, 'base64') breaks lines every 76 characters
        return base64.b64decode("".join(str(value).split()), validate=True)
    except ValueError:
        raise _bad("signature") from None


@dataclass(frozen=True)
class _Photo:
    record: PhotoRecord
    original: bytes | None  # None: stored here already
    preview: bytes = b""
    thumbnail: bytes = b""


@dataclass(frozen=True)
class _Verdict:
    generation: int
    public_key: bytes | None  # the signer's key, when the server vouches for it and it verifies
    encryption_key: bytes | None
    #: False: the workstation pinned a unit key and no certificate under it names this signing key
    unit_certified: bool = True
    #: a historical certificate's ``valid_before`` (the key holds only for what it signed before it)
    valid_before: str = ""


class Cache:
    """A unit-mode cache store, written by the pull (the runner's own connection to the store)."""

    def __init__(self, db: Database, outbox: Outbox, unit_key: Ed25519PrivateKey | None = None) -> None:
        self.db = db
        self.outbox = outbox
        self.unit_key = unit_key
        meta = {str(k): str(v) for k, v in db.all("SELECT key, value FROM meta")}
        self.store_id = meta.get("store_id", "")
        self.unit = meta.get("unit_name", "")
        self.account_id = outbox.get_state("account_id") or ""
        #: photo id -> how its bytes from the server are opened (set for a protected person's photos)
        self.photo_openers: dict[str, Callable[[bytes], bytes]] = {}
        row = db.one("SELECT username FROM accounts WHERE id = ?", (self.account_id,))
        self.username = "" if row is None else str(row[0])
        #: (account, Ed25519 key) certified under the pinned unit key, read once per pull when needed
        self._unit_signing: dict[tuple[str, bytes], str] | None = None

    # ----- the access log ----------------------------------------------------------------------------
    def _audit(self, action: AuditAction, **kw: Any) -> None:
        audit.append_row(
            self.db,
            store_id=self.store_id,
            account_id=self.account_id or None,
            username=self.username,
            unit=self.unit,
            action=action,
            **kw,
        )

    # ----- accounts and keys -------------------------------------------------------------------------
    def _ensure_account(self, conn: psycopg.Connection[Any], account_id: str) -> None:
        if self.db.one("SELECT 1 FROM accounts WHERE id = ?", (account_id,)) is not None:
            return
        with server_errors():
            row = conn.execute(
                "SELECT role_name, display_name, profession, hsa_id, roles FROM injurydoc.accounts"
                " WHERE id = %s",
                (uuid.UUID(account_id),),
            ).fetchone()
            conn.commit()
        if row is None:
            raise _bad("account")
        try:
            profession = Profession(str(row[2]))
        except ValueError:
            profession = Profession.OTHER
        roles = frozenset(Role(r) for r in row[4] or [] if r in {x.code for x in Role})
        accounts_repo.insert(
            self.db,
            username=str(row[0]),
            display_name=str(row[1]),
            roles=roles,
            profession=profession,
            hsa_id=str(row[3] or ""),
            created_by=None,
            account_id=account_id,
        )

    def _verdict(
        self,
        conn: psycopg.Connection[Any],
        signer: str,
        key_id: Any,
        signed_at: dt.datetime,
        content: bytes,
        signature: bytes,
    ) -> _Verdict:
        """Whether the server vouches for ``key_id`` as ``signer``'s signing key at ``signed_at`` and the
        signature verifies over ``content``."""
        try:
            kid = uuid.UUID(str(key_id))
        except ValueError:
            return _Verdict(UNVERIFIED_GENERATION, None, None)
        row, enc = self._server_key(conn, kid)
        if row is None:
            return _Verdict(UNVERIFIED_GENERATION, None, None)
        if (
            row is None
            or str(row[0]) != signer
            or row[1] != "signing"
            or row[2] != "ed25519"
            or (row[5] is not None and row[5] <= signed_at)
        ):
            return _Verdict(UNVERIFIED_GENERATION, None, None)
        public = bytes(row[3])
        try:
            Ed25519PublicKey.from_public_bytes(public).verify(signature, content)
        except (InvalidSignature, ValueError):
            return _Verdict(UNVERIFIED_GENERATION, None, None)
        known = self.db.one(
            "SELECT generation FROM account_keys WHERE subject = ? AND ed25519 = ?", (signer, public)
        )
        if known is not None:
            return _Verdict(int(known[0]), public, None)
        highest = self.db.scalar(
            "SELECT max(generation) FROM account_keys WHERE subject = ? AND generation >= ?",
            (signer, key_registry.PULLED_GENERATIONS),
        )
        generation = key_registry.PULLED_GENERATIONS if highest is None else int(highest) + 1
        bound = self._unit_certified(conn, signer, public)
        enc_key = bytes(enc[0]) if enc else bytes(32)
        return _Verdict(generation, public, enc_key, bound is not None, bound or "")

    def _unit_certified(self, conn: psycopg.Connection[Any], signer: str, public: bytes) -> str | None:
        """The bound of the certificate under the unit key pinned here that names ``signer`` and this
        signing key (``unit_trust.signing_certified``): "" for none, a historical certificate's
        ``valid_before``, None when no certificate names it; "" when nothing is pinned (the unit has no
        unit key: the server's listing is all there is, as before)."""
        anchor = unit_trust.pinned(self.outbox)
        if anchor is None:
            return ""
        if self._unit_signing is None:
            unit = self.outbox.get_state("unit_id") or ""
            self._unit_signing = unit_trust.signing_certified(conn, anchor, unit) if len(anchor) == 32 else {}
        return self._unit_signing.get((signer, public))

    def certify_pulled(self, conn: psycopg.Connection[Any]) -> list[str]:
        """Pulled signing keys this cache holds uncertified (the unit had not certified them, or the
        unit key was not at hand): certified here now when a certificate under the pinned unit key names
        them — a certificate covers the key, so what it signed before is then good too — or, with no
        unit key pinned, because the server lists them.  Returns whose."""
        if self.unit_key is None:
            return []
        rows = self.db.all(
            "SELECT subject, generation, x25519, ed25519 FROM account_keys"
            " WHERE generation >= ? AND certificate IS NULL AND retired_at IS NULL",
            (key_registry.PULLED_GENERATIONS,),
        )
        done: list[str] = []
        for subject, generation, x25519, ed25519 in rows:
            bound = self._unit_certified(conn, str(subject), bytes(ed25519))
            if bound is None:
                continue
            with self.db.transaction():
                keys = PublicKeys(bytes(x25519), bytes(ed25519), int(generation))
                self._certify_here(str(subject), keys, bound)
            done.append(str(subject))
        return done

    def _server_key(self, conn: psycopg.Connection[Any], kid: uuid.UUID) -> tuple[Any, Any]:
        """The server's row of key ``kid`` and the account's encryption key nearest it in time, each only
        when :mod:`key_check` takes it as the account's (a refused signing key is logged)."""
        with server_errors():
            row = conn.execute(
                "SELECT account_id, purpose, algorithm, public_key, created_at, retired_at, created_by,"
                " certificate FROM injurydoc.account_keys WHERE id = %s",
                (kid,),
            ).fetchone()
            encs: list[Any] = []
            if row is not None:
                encs = conn.execute(
                    "SELECT public_key, created_by, certificate FROM injurydoc.account_keys"
                    " WHERE account_id = %s AND purpose = 'encryption'"
                    " ORDER BY abs(extract(epoch FROM created_at - %s))",
                    (row[0], row[4]),
                ).fetchall()
            conn.commit()
        if row is None or self._key_refused(kid, row[0], row[6], str(row[1]), bytes(row[3]), row[7]):
            return None, None
        owner = str(row[0])
        enc = next(
            (
                e
                for e in encs
                if key_check.key_refusal(
                    account_id=owner,
                    created_by=str(e[1]),
                    purpose="encryption",
                    public_key=bytes(e[0]),
                    certificate=None if e[2] is None else bytes(e[2]),
                )
                is None
            ),
            None,
        )
        return row, enc

    def _key_refused(
        self, key_id: uuid.UUID, account: Any, created_by: Any, purpose: str, public: bytes, cert: Any
    ) -> bool:
        """Whether the server's key row fails :func:`key_check.key_refusal`; a refusal is logged, naming
        the key, whose it claims to be and who registered it."""
        reason = key_check.key_refusal(
            account_id=str(account),
            created_by=str(created_by),
            purpose=purpose,
            public_key=public,
            certificate=None if cert is None else bytes(cert),
        )
        if reason is None:
            return False
        in_tx = self.db.in_transaction
        with contextlib.nullcontext() if in_tx else self.db.transaction():
            self._refusal_logged(key_id, account, created_by, reason)
        return True

    def _refusal_logged(self, key_id: uuid.UUID, account: Any, created_by: Any, reason: str) -> None:
        self._audit(
            AuditAction.ACCOUNT,
            outcome=AuditOutcome.DENIED,
            target=f"account:{account}",
            details={
                "event": "server_key_refused",
                "key": str(key_id),
                "by": str(created_by),
                "reason": reason,
            },
        )

    def _register_key(self, signer: str, verdict: _Verdict) -> None:
        """A signer's key the server vouched for, into the cache's key history (generations from
        ``PULLED_GENERATIONS``); certified at once by the cache's own unit key when the caller
        holds it, else at the account's next sign-in (``keys.certify_pending``)."""
        if verdict.public_key is None or verdict.encryption_key is None:
            return  # unverified, or in the key history already
        self.db.execute(
            "INSERT INTO account_keys (subject, generation, x25519, ed25519, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (signer, verdict.generation, verdict.encryption_key, verdict.public_key, iso(now_utc())),
        )
        keys = PublicKeys(verdict.encryption_key, verdict.public_key, verdict.generation)
        if not verdict.unit_certified:
            # kept uncertified: its signatures show as "signed by a key the unit has not certified",
            # until a certificate under the pinned unit key names it (certify_pulled at a later pull)
            self._audit(
                AuditAction.ACCOUNT,
                outcome=AuditOutcome.DENIED,
                target=f"account:{signer}",
                details={"event": "key_not_unit_certified", "key": keys.signing_fingerprint},
            )
            return
        if self.unit_key is None:
            return
        self._certify_here(signer, keys, verdict.valid_before)

    def _certify_here(self, signer: str, keys: PublicKeys, valid_before: str = "") -> None:
        """The cache's own unit key certifies a pulled key (inside the caller's transaction), with the
        bound of the unit's certificate (a historical one's ``valid_before``) when it has one."""
        if self.unit_key is None:
            return
        row = self.db.one("SELECT username FROM accounts WHERE id = ?", (signer,))
        roles = tuple(
            str(r[0])
            for r in self.db.all(
                "SELECT role FROM account_roles WHERE account_id = ? ORDER BY role", (signer,)
            )
        )
        cert = Certificate(
            store_id=self.store_id,
            subject=signer,
            username="" if row is None else str(row[0]),
            roles=roles,
            keys=keys,
            issued_at=iso(now_utc()),
            issued_by=self.account_id,
            issuer=fingerprint(unit_public(self.unit_key)),
            valid_before=valid_before,
        )
        key_registry.certify(self.db, signer, keys.generation, cert.to_bytes(), cert.sign(self.unit_key))
        self._audit(
            AuditAction.ACCOUNT,
            target=f"account:{signer}",
            details={"event": "key_certified", "generation": keys.generation, "from": "unit_server"},
        )

    # ----- patients ----------------------------------------------------------------------------------
    def apply_patient(
        self, conn: psycopg.Connection[Any], patient: dict[str, Any], content_key: bytes | None = None
    ) -> bool:
        """The patient in the cache's tables: a person without protection with the identity in plain
        text; a protected person (``content_key``: opened from this account's wrap, the identity opened
        by ``sync/sealed.py``) sealed under that key as ``store/protected.py`` seals a local one, with a
        wrap for this account.  False for a protected person without the key (kept in ``sync_cache``)."""
        pid = str(patient.get("id"))
        identity = patient.get("identity")
        protected_person = patient.get("protection") != "none"
        if (protected_person and content_key is None) or not isinstance(identity, dict):
            return False
        personal, sex, name, creator, protection = _identity(patient, identity)
        if self.db.one("SELECT 1 FROM patients WHERE id = ?", (pid,)) is not None:
            threat = bool(identity.get("guardian_is_threat"))
            self._refresh_patient(pid, (name, sex, protection, threat), content_key)
            return True
        who = sealed.holder(self.db) if protected_person else None
        if protected_person and who is None:
            return False
        with self.db.transaction() as db:
            self._ensure_account(conn, creator)
            patients_repo.insert(
                db,
                personal_id=personal,
                name=name,
                sex=sex,
                protection=protection,
                guardian_is_threat=bool(identity.get("guardian_is_threat", False)),
                created_by=creator,
                patient_id=pid,
                cipher=None if content_key is None else sealing.FieldCipher(content_key, self.store_id),
                lookup=None
                if who is None or who.lookup_key is None
                else sealing.lookup_value(who.lookup_key, personal.digits),
            )
            if content_key is not None and who is not None:
                self._own_grants(conn, db, pid)
                self._keep_own_wrap(db, pid, content_key, who)
            self._audit(
                AuditAction.CREATED,
                patient_id=pid,
                target=f"patient:{pid}",
                details={"event": "received_from_server"},
            )
        return True

    def _keep_own_wrap(self, db: Database, pid: str, content_key: bytes, who: sealed.Holder) -> None:
        """The person's key wrapped here for this account (as a local protected person's is); the
        account's memory of opened keys forgets the person, to open it anew under the wrap."""
        sealing.put_wrap(
            db,
            self.store_id,
            pid,
            content_key,
            who.account_id,
            who.keys.public(),
            reason="unit_server",
            wrapped_by=who.account_id,
        )
        if who.forget is not None:
            who.forget(pid)

    def _refresh_patient(
        self, pid: str, now: tuple[str, Sex, Protection, bool], content_key: bytes | None
    ) -> None:
        """A person the cache holds, changed on another workstation (``update_patient()``): name, sex and
        protection level as the server has them now.  Became protected: sealed here in place under the
        person's key (with this account's wrap); protection lifted: opened again, wraps dropped."""
        name, sex, protection, threat = now
        row = self.db.one(
            "SELECT protection, guardian_is_threat, name, id_digits FROM patients WHERE id = ?", (pid,)
        )
        if row is None:
            return
        who = sealed.holder(self.db)
        with self.db.transaction() as db:
            if str(row[0]) != protection.code or bool(row[1]) != threat:
                patients_repo.set_protection(db, pid, protection, threat)
            if content_key is not None and who is not None and not sealing.is_sealed_text(row[2]):
                fc = sealing.FieldCipher(content_key, self.store_id)
                lookup = None if who.lookup_key is None else sealing.lookup_value(who.lookup_key, str(row[3]))
                patients_repo.seal_identity(db, pid, fc, lookup)
                sealing.reseal_content(db, pid, fc, seal=True)
                self._keep_own_wrap(db, pid, content_key, who)
            elif not protection.is_protected and sealing.is_sealed_text(row[2]):
                opener = sealing.cipher_of(db, pid)
                if opener is not None:
                    sealing.reseal_content(db, pid, opener, seal=False)
                    patients_repo.unseal_identity(db, pid, opener)
                    db.execute("DELETE FROM person_key_wraps WHERE patient_id = ?", (pid,))
            fc_now = sealing.cipher_of(db, pid) if sealing.person_is_sealed(db, pid) else None
            if fc_now is not None or not sealing.person_is_sealed(db, pid):
                patients_repo.update_identity(db, pid, name=name, sex=sex, cipher=fc_now)
            self._audit(
                AuditAction.CHANGED,
                patient_id=pid,
                target=f"patient:{pid}",
                details={"event": "received_from_server", "protection": protection.code},
            )

    def _own_grants(self, conn: psycopg.Connection[Any], db: Database, patient_id: str) -> None:
        """This account's live grants of a protected person, as the server holds them, into the cache's
        ``access_grants`` (the local access rule, services/access.py, reads them)."""
        with server_errors():
            rows = conn.execute(
                "SELECT kind, granted_by, reason, valid_until FROM injurydoc.grants WHERE patient_id = %s"
                " AND account_id = %s AND withdrawn_at IS NULL"
                " AND (valid_until IS NULL OR valid_until > now())",
                (uuid.UUID(patient_id), uuid.UUID(self.account_id)),
            ).fetchall()
            conn.commit()
        for kind, granted_by, reason, until in rows:
            self._ensure_account(conn, str(granted_by))
            last_day = None if until is None else (until.astimezone() - dt.timedelta(seconds=1)).date()
            patients_repo.add_grant(
                db,
                patient_id,
                self.account_id,
                str(kind),
                str(granted_by),
                reason=str(reason),
                expires_on=last_day,
            )

    def remove_patient(self, patient_id: str) -> int:
        """The account may no longer open this person: their examinations (signed ones too, through
        ``sync_purge``: store schema version 14), photos and the person leave the cache in one
        transaction; the access log keeps that they were here.  An examination released from this
        workstation (its export and legal basis are records of their own) stays; returns how many."""
        kept = 0
        with self.db.transaction() as db:
            for (eid,) in db.all(  # follow-ups before what they follow
                "SELECT id FROM examinations WHERE patient_id = ? ORDER BY created_at DESC", (patient_id,)
            ):
                released = any(
                    db.one(f"SELECT 1 FROM {t} WHERE examination_id = ?", (eid,))
                    for t in ("exports", "disclosure_bases", "export_attempts")
                )
                if released:
                    kept += 1
                    continue
                db.execute("INSERT INTO sync_purge (examination_id) VALUES (?)", (eid,))
                for (ph,) in db.all("SELECT id FROM photos WHERE examination_id = ?", (eid,)):
                    photos_repo.delete(db, str(ph))
                db.execute("DELETE FROM injuries WHERE examination_id = ?", (eid,))
                db.execute("DELETE FROM record_signatures WHERE examination_id = ?", (eid,))
                db.execute("DELETE FROM addenda WHERE examination_id = ?", (eid,))
                db.execute("DELETE FROM examinations WHERE id = ?", (eid,))
                db.execute("DELETE FROM sync_purge WHERE examination_id = ?", (eid,))
                self._drop_queued(str(eid))
            if not kept:
                db.execute("DELETE FROM patient_contacts WHERE patient_id = ?", (patient_id,))
                db.execute("DELETE FROM access_grants WHERE patient_id = ?", (patient_id,))
                db.execute("DELETE FROM person_key_wraps WHERE patient_id = ?", (patient_id,))
                db.execute("DELETE FROM patients WHERE id = ?", (patient_id,))
            self._audit(
                AuditAction.GRANT,
                patient_id=patient_id,
                target=f"patient:{patient_id}",
                details={"event": "removed_access_ended", "released_kept": kept},
            )
        return kept

    def _drop_queued(self, exam_id: str) -> int:
        """Entries of an examination the server would refuse now (signed elsewhere, or not ours to
        open): dropped, so they never stall the outbox.  Returns how many versions were dropped."""
        rows = [
            (int(seq), str(kind), str(item), json.loads(raw))
            for seq, kind, item, raw in self.db.all(
                "SELECT seq, kind, item_id, payload FROM sync_outbox"
                " WHERE kind IN ('version', 'injury', 'photo')"
            )
        ]
        versions = {
            item for _s, kind, item, p in rows if kind == "version" and p.get("examination_id") == exam_id
        }
        for seq, _kind, _item, payload in rows:
            if payload.get("examination_id") == exam_id or payload.get("version_id") in versions:
                self.db.execute("DELETE FROM sync_outbox WHERE seq = ?", (seq,))
        self.db.execute("DELETE FROM sync_state WHERE key = ?", (f"draft:{exam_id}",))
        return len(versions)

    # ----- examinations ------------------------------------------------------------------------------
    def apply_examination(self, conn: psycopg.Connection[Any], exam: dict[str, Any], tips: list[str]) -> None:
        """One examination as the server holds it (see the module's note)."""
        eid = str(exam.get("id"))
        set_aside.settle_from_server(self.outbox, exam, self.account_id)
        local = exam_repo.get(self.db, eid)
        if local is not None and local.is_signed:
            self._apply_addenda(conn, exam, local)
            return
        sig = exam.get("signature") if isinstance(exam.get("signature"), dict) else None
        versions = {str(v.get("id")): v for v in exam.get("versions") or [] if isinstance(v, dict)}
        target = self._target(eid, local, sig, versions, tips)
        if target is None:
            return
        version = versions.get(target)
        if version is None:
            raise _bad("version")
        content = version.get("content")
        if content is None:
            return  # ciphertext (a protected person): not materialised
        if self.db.one("SELECT 1 FROM patients WHERE id = ?", (str(exam.get("patient_id")),)) is None:
            return  # the person is not in the cache (protected)
        model, parts = _model(exam, version, target)
        if sig is not None and _content_version(sig) != CANONICAL_VERSION:
            model = _as_signed_then(model, content, sig)
        photos = self._photos(conn, exam, model, parts)
        records = [p.record for p in photos]
        verdict, digest = (None, "") if sig is None else self._check_signature(conn, model, records, sig)
        with self.db.transaction() as db:
            self._ensure_account(conn, model.examiner_id)
            if sig is not None and str(sig.get("signer_id")) != model.examiner_id:
                # a migrated signature's manager (or a signature shown broken: signed by someone else)
                self._ensure_account(conn, str(sig.get("signer_id")))
            self._write_draft(db, model, local, photos)
            _numbers_taken(db, eid, exam)
            if sig is not None and verdict is not None:
                self._mark_signed(db, model, sig, verdict, digest, _content_version(sig))
            else:
                self.outbox.set_draft_head(eid, target)
                self._audit(
                    AuditAction.CHANGED if local is not None else AuditAction.CREATED,
                    patient_id=model.patient_id,
                    target=f"examination:{eid}",
                    details={"event": "received_from_server", "version": target},
                )
        signed = exam_repo.get(self.db, eid)
        if signed is not None and signed.is_signed:
            self._apply_addenda(conn, exam, signed)

    def _check_signature(
        self,
        conn: psycopg.Connection[Any],
        model: Examination,
        records: list[PhotoRecord],
        sig: dict[str, Any],
    ) -> tuple[_Verdict, str]:
        """(the verdict on the server's signature, the SHA-256 of the content as stored here).

        The content is recomputed from what is stored here in the content version the signature names
        (an earlier version: a standalone store's record moved by an import, server 0012).  Signed by the
        examiner; or — a migrated signature (marker ``migrated_from``, moved by an import) — by an account
        the server lists as a unit manager of the unit, exactly what ``record_signing`` accepts."""
        version = _content_version(sig)
        known = version in store_canonical.KNOWN_VERSIONS
        signed_bytes = store_canonical.examination_content(
            model, records, version if known else CANONICAL_VERSION
        )
        digest = hashlib.sha256(signed_bytes).hexdigest()
        verdict = _Verdict(UNVERIFIED_GENERATION, None, None)
        if not known:  # made by a newer program: shown as broken, naming the version (record_signing)
            return verdict, digest
        signer = str(sig.get("signer_id"))
        if sig.get("migrated_from") is None:
            allowed = signer == model.examiner_id
        else:  # and its marker attested by the unit key that certified its key (server 0017)
            allowed = self._is_manager(conn, signer) and self._marker_attested(conn, model, sig)
        if allowed and str(sig.get("content_sha256")) == digest:
            signed_at, signature = _time(sig.get("signed_at")), _b64(sig.get("signature"))
            verdict = self._verdict(conn, signer, sig.get("key_id"), signed_at, signed_bytes, signature)
        return verdict, digest

    def _marker_attested(
        self, conn: psycopg.Connection[Any], model: Examination, sig: dict[str, Any]
    ) -> bool:
        """Whether a migrated signature's marker and record time are as the store attested them
        (``migrated_marker``); if not, the case is named in the access log and shows as broken."""
        reason = migrated_marker.refusal(conn, model.id, sig)
        if reason is None:
            return True
        with contextlib.nullcontext() if self.db.in_transaction else self.db.transaction():
            self._audit(
                AuditAction.SIGNED,
                outcome=AuditOutcome.DENIED,
                patient_id=model.patient_id,
                target=f"examination:{model.id}",
                details={"event": migrated_marker.EVENT, "reason": reason},
            )
        return False

    def _is_manager(self, conn: psycopg.Connection[Any], account_id: str) -> bool:
        """Whether the server lists ``account_id`` as a unit manager (a migrated signature's signer)."""
        try:
            aid = uuid.UUID(account_id)
        except ValueError:
            return False
        with server_errors():
            row = conn.execute("SELECT roles FROM injurydoc.accounts WHERE id = %s", (aid,)).fetchone()
            conn.commit()
        return row is not None and Role.UNIT_MANAGER.code in (row[0] or [])

    def _target(
        self,
        eid: str,
        local: Examination | None,
        sig: dict[str, Any] | None,
        versions: dict[str, Any],
        tips: list[str],
    ) -> str | None:
        """The version to show: the signed one; else the draft's tip (the one continued here when the
        draft is in conflict, or the newest); None when the cache has it or holds unsent work."""
        if sig is not None:
            return str(sig.get("version_id"))
        if local is not None and self.outbox.draft_pending(eid):
            return None  # unsent work here: kept; a fork is recorded as a conflict by the caller
        if not tips:
            return None
        head = self.outbox.draft_head(eid)
        target = head if head in tips else max(tips, key=lambda t: str(versions[t].get("received_at")))
        if local is not None and head == target:
            return None  # the cache holds this version already
        return target

    def _mark_signed(
        self,
        db: Database,
        model: Examination,
        sig: dict[str, Any],
        verdict: _Verdict,
        digest: str,
        version: int,
    ) -> None:
        """The signature the server holds, as local signing stores it (the triggers hold from now on)."""
        eid = model.id
        signed_at = _time(sig.get("signed_at"))
        set_aside.set_aside(self.outbox, eid)  # what was typed here and not sent is kept, not dropped
        dropped = self._drop_queued(eid)
        if dropped:  # edits made here after it was signed on another workstation cannot be sent
            self._audit(
                AuditAction.CHANGED,
                patient_id=model.patient_id,
                target=f"examination:{eid}",
                details={"event": "unsent_edits_dropped_signed_elsewhere", "versions": dropped},
            )
        signer = str(sig.get("signer_id"))
        migrated = sig.get("migrated_from")
        self._register_key(signer, verdict)
        sig_repo.insert(
            db,
            sig_repo.RecordSignature(
                record_id=eid,
                kind="examination",
                examination_id=eid,
                signer=signer,
                generation=verdict.generation,
                content_version=version,
                content_sha256=str(sig.get("content_sha256")),
                signed_at=iso(signed_at),
                signature=_b64(sig.get("signature")),
                migrated_from=None if migrated is None else str(migrated),
            ),
        )
        # a migrated record was marked signed by its examiner, before signatures existed, at that time
        record_at = signed_at if migrated is None else _time(sig.get("record_signed_at") or signed_at)
        db.execute(
            "UPDATE examinations SET status = 'signed', signed_at = ?, signed_by = ?,"
            " content_sha256 = ?, updated_at = ? WHERE id = ? AND status = 'draft'",
            (iso(record_at), model.examiner_id, digest, iso(now_utc()), eid),
        )
        if verdict.public_key is not None:
            self._audit(
                AuditAction.CREATED,
                patient_id=model.patient_id,
                target=f"examination:{eid}",
                details={
                    "event": RECEIVED_EVENT,
                    "signer": signer,
                    "content_sha256": digest,
                    "key_id": str(sig.get("key_id")),
                },
            )

    def _photos(
        self,
        conn: psycopg.Connection[Any],
        exam: dict[str, Any],
        model: Examination,
        parts: list[dict[str, Any]],
    ) -> list[_Photo]:
        """The photos the content names: the server's row of each (by SHA-256), bytes fetched, checked
        and made into derivatives — before anything is written."""
        rows = {str(p.get("sha256")): p for p in exam.get("photos") or [] if isinstance(p, dict)}
        by_number = {i.number: i.id for i in model.injuries}
        out = []
        for part in parts:
            row = rows.get(part["sha256"])
            if row is None:
                raise _bad("photo")
            pid = str(row.get("id"))
            try:
                # a merged draft may name an injury its own list no longer has: that link is dropped
                links = tuple(by_number[n] for n in part["injuries"] if n in by_number)
                role = PhotoRole(part["role"]) if part["role"] else None
            except (KeyError, ValueError):
                raise _bad("photo") from None
            existing = photos_repo.get(self.db, pid)
            if existing is not None:
                if existing.sha256 != part["sha256"]:
                    raise _bad("photo")
                out.append(
                    _Photo(_replace(existing, role=role, caption=part["caption"], injury_ids=links), None)
                )
                continue
            described = _replace(_BLANK, id=pid, role=role, caption=part["caption"], injury_ids=links)
            out.append(self._fetch_photo(conn, row, part, model, described))
        return out

    def _fetch_photo(
        self,
        conn: psycopg.Connection[Any],
        row: dict[str, Any],
        part: dict[str, Any],
        model: Examination,
        described: PhotoRecord,
    ) -> _Photo:
        """A photo's bytes from the server (a logged read), checked against the content's SHA-256 and
        size, with its preview and thumbnail made as a local import makes them."""
        data = reads.read_photo(conn, uuid.UUID(described.id))
        opener = self.photo_openers.pop(described.id, None)  # a protected person's: ciphertext
        if data is not None and opener is not None:
            data = opener(data)
        if data is None or len(data) != part["size"] or hashlib.sha256(data).hexdigest() != part["sha256"]:
            raise _bad("photo bytes")
        try:
            processed = process(data)
        except KnownError:
            raise _bad("photo bytes") from None
        info = processed.info
        found = row.get("metadata")
        meta: dict[str, Any] = found if isinstance(found, dict) else {}
        record = _replace(
            described,
            examination_id=model.id,
            number=int(part["number"]),
            sha256=part["sha256"],
            original_name=str(meta.get("original_name") or f"{part['number']}.jpg")[:255],
            size=len(data),
            media_type=part["media_type"],
            imported_by=model.examiner_id,
            imported_at=_time(meta.get("imported_at") or row.get("added_at") or now_utc()),
            captured_at=info.captured_at,
            camera=info.camera,
            orientation=info.orientation,
            has_gps=info.has_gps,
            width=info.width,
            height=info.height,
            file_time=meta.get("file_time") if isinstance(meta.get("file_time"), str) else None,
            decode_warning=info.decode_warning,
        )
        return _Photo(record, data, processed.preview, processed.thumbnail)

    def _write_draft(
        self, db: Database, model: Examination, local: Examination | None, photos: list[_Photo]
    ) -> None:
        if local is None:
            exam_repo.insert(db, model)
        else:
            exam_repo.update_body(db, model)
        keep = {i.id for i in model.injuries}
        wanted = {p.record.id for p in photos}
        for (ph,) in db.all("SELECT id FROM photos WHERE examination_id = ?", (model.id,)):
            if str(ph) not in wanted:
                photos_repo.delete(db, str(ph))
        for inj in exam_repo.injuries_of(db, model.id):
            if inj.id not in keep:
                exam_repo.delete_injury(db, inj.id)
        for n, inj in enumerate(sorted(model.injuries, key=lambda i: i.number)):
            # numbers are unique per examination: park the rows first, then give each its number
            db.execute("UPDATE injuries SET number = ? WHERE id = ?", (-1 - n, inj.id))
        for inj in model.injuries:
            exam_repo.save_injury(db, inj)
            db.execute("UPDATE injuries SET number = ? WHERE id = ?", (inj.number, inj.id))
        for p in photos:
            if p.original is not None:
                photos_repo.insert(
                    db, p.record, original=p.original, preview=p.preview, thumbnail=p.thumbnail
                )
            else:
                photos_repo.set_role(db, p.record.id, p.record.role)
                photos_repo.set_caption(db, p.record.id, p.record.caption)
            photos_repo.set_links(db, p.record.id, p.record.injury_ids)

    def adopt(self, exam_id: str, version_id: str, parent_id: str, content: dict[str, Any]) -> None:
        """The examiner's resolution of a conflict (canonical content, queued as ``version_id``) becomes
        the local draft, inside the caller's transaction: fields, consents and injuries as the content
        says; photos the content names that are stored here keep their bytes and take its role, caption
        and links; photos it does not name leave the draft."""
        local = exam_repo.get(self.db, exam_id)
        if local is None or local.is_signed:
            return
        by_number = {i.number: i.id for i in local.injuries}
        try:
            model = examination_from_content(
                content,
                created_at=local.created_at,
                injury_id=lambda n: by_number.get(n) or str(uuid.uuid5(uuid.UUID(version_id), str(n))),
                started_at=local.started_at,
            )
            parts = photo_parts(content)
        except (ContentError, ValueError):
            raise _bad("version content") from None
        numbers = {i.number: i.id for i in model.injuries}
        photos = []
        for part in parts:
            found = photos_repo.by_hash(self.db, exam_id, part["sha256"])
            existing = None if found is None else photos_repo.get(self.db, found)
            if existing is None:
                continue
            role = PhotoRole(part["role"]) if part["role"] else None
            links = tuple(numbers[n] for n in part["injuries"] if n in numbers)
            photos.append(
                _Photo(_replace(existing, role=role, caption=part["caption"], injury_ids=links), None)
            )
        self._write_draft(self.db, model, local, photos)
        self.outbox.adopt_version(exam_id, version_id, parent_id)

    # ----- addenda -----------------------------------------------------------------------------------
    def _apply_addenda(self, conn: psycopg.Connection[Any], exam: dict[str, Any], local: Examination) -> None:
        have = {a.id for a in local.addenda}
        sig = sig_repo.of_examination(self.db, local.id).get(local.id)
        if sig is None:
            return
        for item in exam.get("addenda") or []:
            if not isinstance(item, dict) or str(item.get("id")) in have:
                continue
            add, content = self._addendum(item, local, sig.content_sha256)
            signature = _b64(item.get("signature"))
            written = _time(item.get("written_at"))
            verdict = _Verdict(UNVERIFIED_GENERATION, None, None)
            # migrated (server 0012): signed by a unit manager's key, the author stays the author
            migrated = item.get("migrated_from")
            signer = add.author_id if migrated is None else str(item.get("migrated_by"))
            allowed = migrated is None or self._is_manager(conn, signer)
            if allowed and hashlib.sha256(content).hexdigest() == str(item.get("content_sha256")):
                verdict = self._verdict(conn, signer, item.get("key_id"), written, content, signature)
            with self.db.transaction() as db:
                self._ensure_account(conn, add.author_id)
                if verdict.public_key is not None and signer != add.author_id:
                    self._ensure_account(conn, signer)
                self._register_key(signer, verdict)
                db.execute(
                    "INSERT INTO addenda (id, examination_id, author_id, created_at, text)"
                    " VALUES (?,?,?,?,?)",
                    (
                        add.id,
                        add.examination_id,
                        add.author_id,
                        iso(add.created_at),
                        sealing.text_in(db, local.patient_id, "addenda", add.id, "text", add.text),
                    ),
                )
                sig_repo.insert(
                    db,
                    sig_repo.RecordSignature(
                        record_id=add.id,
                        kind="addendum",
                        examination_id=local.id,
                        signer=signer if verdict.public_key is not None else add.author_id,
                        generation=verdict.generation,
                        content_version=ADDENDUM_VERSION,
                        content_sha256=str(item.get("content_sha256")),
                        signed_at=iso(written),
                        signature=signature,
                        migrated_from=None if migrated is None else str(migrated),
                    ),
                )
                self._audit(
                    AuditAction.CHANGED,
                    patient_id=local.patient_id,
                    target=f"addendum:{add.id}",
                    details={"event": "received_from_server", "verified": verdict.public_key is not None},
                )

    def _addendum(self, item: dict[str, Any], local: Examination, exam_sha256: str) -> tuple[Addendum, bytes]:
        doc = item.get("content")
        part = doc.get("addendum") if isinstance(doc, dict) else None
        if (
            not isinstance(doc, dict)
            or doc.get("format") != CANONICAL_FORMAT
            or doc.get("kind") != "addendum"
            or doc.get("version") != ADDENDUM_VERSION
            or not isinstance(part, dict)
            or part.get("id") != str(item.get("id"))
            or part.get("examination_id") != local.id
            or part.get("author_id") != str(item.get("author_id"))
            or not isinstance(part.get("text"), str)
        ):
            raise _bad("addendum")
        add = Addendum(
            id=str(part["id"]),
            examination_id=local.id,
            author_id=str(part["author_id"]),
            created_at=_time(part.get("created_at")),
            text=part["text"],
        )
        if add.created_at.isoformat() != part.get("created_at"):
            raise _bad("addendum")
        return add, addendum_bytes(add, exam_sha256)


def _model(
    exam: dict[str, Any], version: dict[str, Any], target: str
) -> tuple[Examination, list[dict[str, Any]]]:
    """The examination and its photos' parts as the version's content holds them, checked to name this
    examination, patient and examiner."""
    content = version.get("content")
    injury_ids = {
        int(i["number"]): str(i["id"]) for i in version.get("injuries") or [] if isinstance(i, dict)
    }
    try:
        model = examination_from_content(
            content,
            created_at=_time(exam.get("created_at")),
            injury_id=lambda n: injury_ids.get(n) or str(uuid.uuid5(uuid.UUID(target), str(n))),
            started_at=_time(exam.get("created_at")),
        )
        parts = photo_parts(content)
    except (ContentError, ValueError):
        raise _bad("version content") from None
    if (
        model.id != str(exam.get("id"))
        or model.patient_id != str(exam.get("patient_id"))
        or model.examiner_id != str(exam.get("examiner_id"))
    ):
        raise _bad("version identity")
    return model, parts


def _content_version(sig: dict[str, Any]) -> int:
    """The content version a pulled signature was made under (before server 0012: always the current)."""
    found = sig.get("content_version")
    return found if isinstance(found, int) and not isinstance(found, bool) else CANONICAL_VERSION


def _as_signed_then(model: Examination, content: dict[str, Any], sig: dict[str, Any]) -> Examination:
    """The examination as the bytes signed under an earlier content version hold it (server 0012: a
    standalone store's record moved by an import; version 1 is the store codec's form, with the record's
    own ids and times), checked to be the record the version's content describes.  The signature is then
    checked over these bytes recomputed from what is stored here (``_check_signature``)."""
    version = _content_version(sig)
    try:
        signed = _b64(sig.get("signed_content"))
        doc = json.loads(signed)
        if version != 1 or not isinstance(doc, dict) or not isinstance(doc.get("examination"), dict):
            raise ValueError
        then = from_dict(Examination, doc["examination"], status="draft", addenda=())
    except (ServerError, ValueError, TypeError, KeyError, AttributeError):
        return model  # not readable: the signature does not verify over what is stored (broken)
    if (
        then.id != model.id
        or then.patient_id != model.patient_id
        or then.examiner_id != model.examiner_id
        or canonical_dict(then, ()) | {"photos": []} != content | {"photos": []}
    ):
        raise _bad("version content")
    return then


def _identity(
    patient: dict[str, Any], identity: dict[str, Any]
) -> tuple[PersonalId, Sex, str, str, Protection]:
    """(personal id, sex, name, creator, protection) of a person as the server sent them."""
    try:
        kind = IdKind(str(identity.get("id_kind")))
        personal = parse_personal_id(str(identity.get("id_value")), kind)
        sex = Sex(str(identity.get("sex", Sex.UNKNOWN.code)))
        name = str(identity["name"])
        creator = str(uuid.UUID(str(patient.get("created_by"))))
        protection = Protection(str(patient.get("protection")))
    except (KnownError, KeyError, ValueError):
        raise _bad("patient") from None
    if not name.strip():
        raise _bad("patient")
    return personal, sex, name, creator, protection


#: A photo record to be filled in (_fetch_photo)
_BLANK: Final = PhotoRecord("", "", 0, "", "", 0, "", None, "", "", dt.datetime(1970, 1, 1, tzinfo=dt.UTC))


def _replace(rec: PhotoRecord, **changes: Any) -> PhotoRecord:
    import dataclasses

    return dataclasses.replace(rec, **changes)


def cache_for(outbox: Outbox, unit_key: Ed25519PrivateKey | None = None) -> Cache | None:
    """The cache behind an outbox on a unit-mode store (None for an outbox on a plain connection).
    ``unit_key``: the cache's own unit key, to certify the keys of signatures verified on the server."""
    db = getattr(outbox.con, "db", None)
    if not isinstance(db, Database) or outbox.get_state("mode") != "unit":
        return None
    return Cache(db, outbox, unit_key)


def _numbers_taken(db: Database, exam_id: str, exam: dict[str, Any]) -> None:
    """Every photo number the server holds for the examination stays taken here, also of photos the
    version shown no longer has (store version 17: a number never names two pictures)."""
    for row in exam.get("photos") or []:
        if isinstance(row, dict) and isinstance(row.get("number"), int):
            photos_repo.retire_number(db, exam_id, int(row["number"]))
