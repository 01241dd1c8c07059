"""Signatures that mean something: an examination (and each addendum) is signed with its signer's personal
Ed25519 key over its canonical content (domain/canonical.py; store/canonical.py keeps the earlier versions)
at the moment of signing, and every read checks it again, in the content version it was signed in.

The states a record's signature can be in, checked from the database alone (no trust in service code):

- ``valid``: the content is what was signed, by the examiner's key, and the unit key certifies that key;
- ``uncertified``: as valid, but the key is not yet certified by a unit manager (a new account's or a
  reset account's first keys, until a manager's next sign-in) — shown, never hidden;
- ``migrated``: signed before signatures existed; at a unit manager's sign-in the program signed the
  content whose stored hash was still intact, with a marker naming that hash's date — never pretending
  the examiner signed it then;
- ``legacy``: signed before signatures existed and not yet migrated, the stored content hash intact;
- ``unit_uncertified`` (unit mode): the signature verifies under the key the unit server lists for the
  signer, but no certificate under the unit key this workstation pinned names that key (sync/unit_key.py,
  ``signing_certified``): "signed by a key the unit has not certified", naming the key — not called
  forged, never shown as valid, not exported; a later certificate of the same key makes it valid at the
  next pull.  Also a signature whose signed-at time is at or after a historical certificate's
  ``valid_before`` (a colleague's key certified as theirs up to the day their account was disabled);
- ``broken``: anything else — content changed, signature missing or wrong, key unknown, a certificate
  that the unit key did not make, signed by someone else than the author. A broken record is marked in
  the list, the editor and the report, and cannot be exported.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import threading
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from injurydoc.domain.canonical import ADDENDUM_VERSION
from injurydoc.domain.errors import Both, KnownError
from injurydoc.domain.models import Addendum, Examination, PhotoRecord, SummaryRow
from injurydoc.domain.texts import Lang, text
from injurydoc.domain.vocab import Role
from injurydoc.services.session import Session
from injurydoc.store import canonical, key_registry
from injurydoc.store import examinations as exam_repo
from injurydoc.store import photos as photos_repo
from injurydoc.store import protected as sealing
from injurydoc.store import record_signatures as sig_repo
from injurydoc.store.audit import iso, now_utc
from injurydoc.store.database import Database
from injurydoc.store.personal_keys import Certificate, KeyFormatError, PersonalKeys, b64, verify_with
from injurydoc.sync.outbox import RECEIVED_EVENT
from injurydoc.sync.unit_key import SERVER_PIN

VALID, UNCERTIFIED, MIGRATED, LEGACY, BROKEN, DRAFT = (
    "valid",
    "uncertified",
    "migrated",
    "legacy",
    "broken",
    "draft",
)

#: A pulled signature whose key no certificate under the pinned unit key names (unit mode).
UNIT_UNCERTIFIED = "unit_uncertified"

#: The states in which a signed record may be shown without a warning and released.
RELEASABLE = frozenset({VALID, UNCERTIFIED, MIGRATED, LEGACY})


class SigningKeyMissing(KnownError):
    """The account has no personal key yet (a store from before personal keys, not yet migrated)."""


@dataclass(frozen=True, slots=True)
class SignatureState:
    state: str
    problems: tuple[Both, ...] = ()
    signer: str | None = None
    migrated_from: str | None = None

    @property
    def broken(self) -> bool:
        return self.state == BROKEN

    def text(self, lang: str) -> str:
        chosen: Lang = "en" if lang == "en" else "sv"
        words = text(f"signature.state.{self.state}", chosen, date=self.migrated_from)
        if self.problems:
            words += ": " + "; ".join(p.get(chosen) for p in self.problems)
        return words


def _problem(key: str, **fmt: object) -> Both:
    return Both(text(key, "sv", **fmt), text(key, "en", **fmt))


def _keys(s: Session) -> PersonalKeys:
    if s.keys is None:
        raise SigningKeyMissing("sign.no_personal_key")
    return s.keys


# ----- signing ------------------------------------------------------------------------------------
def sign_examination(s: Session, db: Database, exam: Examination, photos: Sequence[PhotoRecord]) -> str:
    """Sign ``exam`` (its draft content as it will be stored) with this session's personal key, inside the
    caller's transaction.  Returns the content's SHA-256 (what the record's ``content_sha256`` becomes)."""
    keys = _keys(s)
    version = canonical.VERSION
    content = canonical.examination_content(exam, photos, version)
    digest = canonical.sha256(content)
    sig_repo.insert(
        db,
        sig_repo.RecordSignature(
            record_id=exam.id,
            kind="examination",
            examination_id=exam.id,
            signer=s.account.id,
            generation=keys.generation,
            content_version=version,
            content_sha256=digest,
            signed_at=iso(now_utc()),
            signature=keys.sign(content),
        ),
    )
    return digest


def sign_addendum(s: Session, db: Database, add: Addendum, exam_sha256: str) -> None:
    keys = _keys(s)
    content = canonical.addendum_content(add, exam_sha256)
    sig_repo.insert(
        db,
        sig_repo.RecordSignature(
            record_id=add.id,
            kind="addendum",
            examination_id=add.examination_id,
            signer=s.account.id,
            generation=keys.generation,
            content_version=ADDENDUM_VERSION,
            content_sha256=canonical.sha256(content),
            signed_at=iso(now_utc()),
            signature=keys.sign(content),
        ),
    )


def content_sha256(db: Database, exam: Examination) -> str:
    """The SHA-256 of ``exam``'s canonical content as the store holds it now, in the content version its
    signature was made under (what addenda are bound to)."""
    sig = sig_repo.of_examination(db, exam.id).get(exam.id)
    version = sig.content_version if sig is not None else canonical.VERSION
    photos = photos_repo.of_examination(db, exam.id)
    return canonical.sha256(canonical.examination_content(exam, photos, version))


# ----- checking -----------------------------------------------------------------------------------
@dataclass
class _Listing:
    """What one listing (``mark_listed``, inside one read snapshot) reads once for all its rows: each
    signer's key record, and the access log's rows of ``LOG_ACTIONS`` for the listed examinations (read
    by the fingerprints already).  Lives for that one call only."""

    keys: dict[tuple[str, int], key_registry.KeyRecord | None]
    log: dict[str, list[tuple[Any, ...]]]
    pinned: bool | None = None  # whether the cache pinned the unit server's unit key (read once)

    def key(self, db: Database, signer: str, generation: int) -> key_registry.KeyRecord | None:
        found = (signer, generation)
        if found not in self.keys:
            self.keys[found] = key_registry.record(db, signer, generation)
        return self.keys[found]


def _check_key(
    db: Database,
    sig: sig_repo.RecordSignature,
    content: bytes,
    unit_public: bytes | None,
    listing: _Listing | None = None,
) -> tuple[str, list[Both]]:
    """(state, problems) for ``sig`` over ``content``: the signature, and the key's certificate."""
    if listing is not None:
        key = listing.key(db, sig.signer, sig.generation)
    else:
        key = key_registry.record(db, sig.signer, sig.generation)
    if key is None:
        return BROKEN, [_problem("signature.problem.key_missing")]
    if not key.keys.verify(sig.signature, content):
        return BROKEN, [_problem("signature.problem.mismatch")]
    if key.certificate is None or key.signature is None:
        if key.keys.generation >= key_registry.PULLED_GENERATIONS and _server_pinned(db, listing):
            # pulled, and the pull found no certificate under the unit key this cache pinned
            return UNIT_UNCERTIFIED, [
                _problem("signature.problem.unit_uncertified", fingerprint=key.keys.signing_fingerprint)
            ]
        return UNCERTIFIED, []
    try:
        cert = Certificate.from_bytes(key.certificate)
    except KeyFormatError:
        return BROKEN, [_problem("signature.problem.cert_unreadable")]
    if (
        unit_public is None
        or not _certified(unit_public, key.signature, key.certificate)
        or cert.subject != sig.signer
        or cert.keys != key.keys
    ):
        return BROKEN, [_problem("signature.problem.cert_not_unit")]
    if not cert.covers(sig.signed_at):
        # a historical certificate: the key is the signer's only for what it signed before they left
        return UNIT_UNCERTIFIED, [
            _problem(
                "signature.problem.after_valid_before",
                fingerprint=key.keys.signing_fingerprint,
                bound=cert.valid_before,
            )
        ]
    return VALID, []


def _server_pinned(db: Database, listing: _Listing | None) -> bool:
    """The cache pinned the unit server's unit key (``meta``, written once by sync/unit_key.py)."""
    if listing is not None and listing.pinned is not None:
        return listing.pinned
    found = db.scalar("SELECT 1 FROM meta WHERE key = ?", (SERVER_PIN,)) is not None
    if listing is not None:
        listing.pinned = found
    return found


@functools.lru_cache(maxsize=256)
def _certified(unit_public: bytes, signature: bytes, certificate: bytes) -> bool:
    """The unit key's signature over a key certificate (a pure function of the bytes: a list of many
    records by the same signers checks each certificate once)."""
    return verify_with(unit_public, signature, certificate)


def clear_certificate_cache() -> None:
    """Forget which key certificates were found good (bench_start_list.py measures a first list cold)."""
    _certified.cache_clear()


def _unknown_version(version: int) -> Both:
    return _problem("signature.problem.unknown_version", version=version)


#: The access-log actions whose rows (target ``examination:<id>``) the check reads: the signing, and in unit
#: mode the pull's record of a verified signature (a ``created`` row).  The list's fingerprint covers
#: every row of these actions for the examination, whatever their outcome or details.
LOG_ACTIONS = ("signed", "created")


def _check_log(
    db: Database, exam: Examination, sig: sig_repo.RecordSignature, listing: _Listing | None = None
) -> list[Both]:
    """The access log (hash-chained, checkpoints signed) recorded who signed and the content's hash then:
    a signature re-made later by someone else, over other content, disagrees with it."""
    if listing is not None and exam.id in listing.log:
        # the same rows as the query below, read once for the whole listing (in the same snapshot)
        rows = [
            (account_id, details, action)
            for account_id, details, action, patient_id, outcome in listing.log[exam.id]
            if patient_id == exam.patient_id and outcome == "ok"
        ]
    else:
        rows = db.all(
            "SELECT account_id, details, action FROM audit_log WHERE patient_id = ? "
            f"AND action IN {LOG_ACTIONS} AND outcome = 'ok' AND target = ? ORDER BY seq",
            (exam.patient_id, f"examination:{exam.id}"),
        )
    for account_id, details, action in rows:
        try:
            found = json.loads(details)
            digest = found.get("content_sha256")
        except (ValueError, AttributeError):
            continue
        if action == "signed" and account_id == sig.signer and digest == sig.content_sha256:
            return []
        # unit mode: the pull verified this signature against the server's key history and said so
        if (
            found.get("event") == RECEIVED_EVENT
            and found.get("signer") == sig.signer
            and digest == sig.content_sha256
        ):
            return []
    return [_problem("signature.problem.not_logged")]


def _signed_once(db: Database, exam_ids: Sequence[str]) -> set[str]:
    """Those of ``exam_ids`` that were signed once — a signature row, or the access log's ``signed`` row —
    whatever their status says now (the program never makes a signed record a draft again)."""
    found: set[str] = set()
    for start in range(0, len(exam_ids), _CHUNK):
        ids = list(exam_ids[start : start + _CHUNK])
        marks = ",".join("?" * len(ids))
        found.update(
            str(r[0])
            for r in db.all(
                f"SELECT examination_id FROM record_signatures WHERE examination_id IN ({marks}) "
                f"UNION SELECT substr(target, 13) FROM audit_log WHERE target IN ({marks}) "
                "AND action = 'signed'",
                [*ids, *(f"examination:{i}" for i in ids)],
            )
        )
    return found


def check(
    db: Database,
    exam: Examination,
    photos: Sequence[PhotoRecord] | None = None,
    *,
    listing: _Listing | None = None,
) -> SignatureState:
    """The signature state of ``exam`` and its addenda, recomputed from what the store holds now.
    ``listing``: what ``mark_listed`` already read in the same snapshot (the same rows, read once)."""
    if not exam.is_signed:
        if _signed_once(db, [exam.id]):  # a signed record set back to a draft outside the program
            return SignatureState(
                BROKEN, (_problem("signature.problem.signed_as_draft"),), signer=exam.signed_by
            )
        return SignatureState(DRAFT)
    if photos is None:
        photos = photos_repo.of_examination(db, exam.id)
    sigs = sig_repo.of_examination(db, exam.id)
    return _check(db, exam, photos, sigs, key_registry.unit_key_public(db), listing)


def _check(
    db: Database,
    exam: Examination,
    photos: Sequence[PhotoRecord],
    sigs: Mapping[str, sig_repo.RecordSignature],
    unit_public: bytes | None,
    listing: _Listing | None = None,
) -> SignatureState:
    sig = sigs.get(exam.id)
    if sig is not None and sig.content_version not in canonical.KNOWN_VERSIONS:
        return SignatureState(BROKEN, (_unknown_version(sig.content_version),), signer=sig.signer)
    content = canonical.examination_content(exam, photos, sig.content_version if sig else canonical.VERSION)
    digest = canonical.sha256(content)
    problems: list[Both] = []
    if sig is None:
        if exam.content_sha256 and exam.content_sha256 == exam_repo.legacy_content_hash(exam) and not sigs:
            return SignatureState(LEGACY, signer=exam.signed_by)
        return SignatureState(
            BROKEN,
            (_problem("signature.problem.missing"),),
            signer=exam.signed_by,
        )
    if sig.content_sha256 != digest:
        problems.append(_problem("signature.problem.content_changed"))
    if exam.content_sha256 != digest and sig.migrated_from is None:
        problems.append(_problem("signature.problem.hash_mismatch"))
    if sig.migrated_from is None:
        problems += _check_log(db, exam, sig, listing)
    state, key_problems = _check_key(db, sig, content, unit_public, listing)
    problems, notes = (problems, key_problems) if state == UNIT_UNCERTIFIED else (problems + key_problems, [])
    if sig.migrated_from is not None:
        problems += _migrated(db, sig, exam.signed_at or exam.created_at, listing)
    author = exam.examiner_id
    if sig.migrated_from is None and sig.signer != author:
        problems.append(_problem("signature.problem.other_signer"))
    for add in exam.addenda:
        a_sig = sigs.get(add.id)
        if a_sig is None:
            if sig.migrated_from is None or add.created_at.isoformat() > sig.signed_at:
                problems.append(_problem("signature.problem.addendum_unsigned"))
            continue
        a_content = canonical.addendum_content(add, digest)
        a_state, a_problems = _check_key(db, a_sig, a_content, unit_public, listing)
        if a_sig.content_sha256 != canonical.sha256(a_content):
            problems.append(_problem("signature.problem.addendum_changed"))
        elif a_state == BROKEN:
            problems += a_problems
        elif a_state == UNIT_UNCERTIFIED:
            notes += [p for p in a_problems if p not in notes]
        if a_sig.migrated_from is not None:
            problems += _migrated(db, a_sig, add.created_at, listing)
        if a_sig.migrated_from is None and a_sig.signer != add.author_id:
            problems.append(_problem("signature.problem.addendum_other_signer"))
    if problems:
        return SignatureState(BROKEN, tuple(problems), signer=sig.signer)
    if notes:
        return SignatureState(UNIT_UNCERTIFIED, tuple(notes), signer=sig.signer)
    if sig.migrated_from is not None:
        return SignatureState(MIGRATED, signer=sig.signer, migrated_from=sig.migrated_from)
    return SignatureState(state, signer=sig.signer)


def _migrated(
    db: Database, sig: sig_repo.RecordSignature, since: dt.datetime, listing: _Listing | None
) -> list[Both]:
    """A migrated signature is a unit manager's (the role named in the key's certificate: a key not
    certified yet does not show it), and its marker names the date the record was signed (what the
    migration wrote: signature_migration.py)."""
    problems: list[Both] = []
    if sig.migrated_from != since.date().isoformat():
        problems.append(_problem("signature.problem.migrated_date"))
    if listing is not None:
        key = listing.key(db, sig.signer, sig.generation)
    else:
        key = key_registry.record(db, sig.signer, sig.generation)
    roles: tuple[str, ...] = ()
    if key is not None and key.certificate is not None:
        try:
            roles = tuple(Certificate.from_bytes(key.certificate).roles)
        except KeyFormatError:
            roles = ()
    if Role.UNIT_MANAGER.code not in roles:
        problems.append(_problem("signature.problem.migrated_not_manager"))
    return problems


#: What reading a stored record that was altered or damaged past reading raises (JSON, dates, enums, a
#: sealed field that does not open): the record is then broken, never a crash of the list.
UNREADABLE = (ValueError, TypeError, KeyError, AttributeError)


def unreadable() -> SignatureState:
    return SignatureState(BROKEN, (_problem("signature.problem.unreadable"),))


def check_stored(db: Database, exam_id: str, *, listing: _Listing | None = None) -> SignatureState:
    """``check`` of the examination as stored now, loaded here; one whose stored rows no longer read as
    an examination is broken ("cannot be read")."""
    try:
        exam = exam_repo.get(db, exam_id)
        if exam is None:
            return unreadable()
        return check(db, exam, listing=listing)
    except UNREADABLE:
        return unreadable()


# ----- the list's check, remembered for the session -----------------------------------------------
#: Every table ``check`` reads, and so what a listed row's fingerprint covers (each whole row, every
#: column): the examination, its injuries, addenda, photos and their links to injuries, its signatures,
#: the signers' key rows, the log's rows for it of ``LOG_ACTIONS``, the unit key (``meta``), and whether
#: the person is sealed (``patients``).  tests/test_listed_signatures.py fails when ``check`` reads another
#: table.
FINGERPRINTED = frozenset(
    {
        "examinations",
        "injuries",
        "addenda",
        "photos",
        "photo_injuries",
        "record_signatures",
        "account_keys",
        "audit_log",
        "meta",
        "patients",
        "person_key_wraps",
        "person_key_cache",  # with the wraps: whether this session opens the person's key ("opened")
    }
)

_CHUNK = 400  # ids per query (SQLite's limit on parameters is far above)

#: Per session (its connection), for each examination id: (fingerprint, state) of the last full check.
#: Only in this process's memory, gone with the connection; never written anywhere.
_VERDICTS: weakref.WeakKeyDictionary[Database, dict[str, tuple[bytes, str]]] = weakref.WeakKeyDictionary()
_VERDICTS_LOCK = threading.Lock()


def _digest_rows(out: dict[str, Any], tag: bytes, rows: Sequence[Sequence[Any]]) -> None:
    """Feed each row (its first value the examination id it belongs to) to that examination's hash."""
    for row in rows:
        h = out.get(str(row[0]))
        if h is not None:
            h.update(tag + repr(tuple(row)).encode("utf-8", "surrogatepass") + b"\n")


#: The rows of an examination's injuries, addenda, photos and photo links, each whole, in a fixed order per
#: examination (``{marks}``: the ids' placeholders).
_CHILD_ROWS = (
    (
        b"i",
        "SELECT examination_id, * FROM injuries WHERE examination_id IN ({marks}) "
        "ORDER BY examination_id, id",
    ),
    (
        b"a",
        "SELECT examination_id, * FROM addenda WHERE examination_id IN ({marks}) ORDER BY examination_id, id",
    ),
    (
        b"p",
        "SELECT examination_id, * FROM photos WHERE examination_id IN ({marks}) ORDER BY examination_id, id",
    ),
    (
        b"l",
        "SELECT p.examination_id, pi.* FROM photo_injuries pi JOIN photos p ON p.id = pi.photo_id "
        "WHERE p.examination_id IN ({marks}) ORDER BY pi.photo_id, pi.injury_id",
    ),
)


def _fingerprints(
    db: Database, exam_ids: Sequence[str], log: dict[str, list[tuple[Any, ...]]] | None = None
) -> dict[str, bytes]:
    """For each examination, a SHA-256 over every stored row its signature check reads — the raw rows, as
    SQL returns them, not the program's reading of them — so that a change to any of them by anyone (raw
    SQL included) gives another fingerprint.  Examinations that do not exist are left out.  ``log``: gets,
    for each examination, the (account, details, action, patient, outcome) of its log rows read here, in
    order, for the check of the same listing."""
    unit = db.scalar("SELECT value FROM meta WHERE key = 'unit_key'")
    keys = {
        (str(r[0]), r[1]): hashlib.sha256(repr(tuple(r)).encode("utf-8", "surrogatepass")).digest()
        for r in db.all("SELECT subject, generation, * FROM account_keys")
    }
    found: dict[str, bytes] = {}
    for start in range(0, len(exam_ids), _CHUNK):
        ids = list(exam_ids[start : start + _CHUNK])
        marks = ",".join("?" * len(ids))
        out: dict[str, Any] = {}
        for r in db.all(
            f"SELECT e.id, p.name, e.* FROM examinations e LEFT JOIN patients p ON p.id = e.patient_id "
            f"WHERE e.id IN ({marks})",
            ids,
        ):
            h = out[str(r[0])] = hashlib.sha256(b"unit:" + repr(unit).encode("utf-8", "surrogatepass"))
            sealed = sealing.is_sealed_text(r[1])
            # a sealed person's content reads as what this session's key opens (or as locked without one)
            opened = sealed and sealing.cipher_of(db, str(r[4])) is not None
            h.update(repr((sealed, opened, tuple(r[2:]))).encode("utf-8", "surrogatepass") + b"\n")
        for tag, sql in _CHILD_ROWS:
            _digest_rows(out, tag, db.all(sql.format(marks=marks), ids))
        sigs = db.all(
            f"SELECT examination_id, signer, generation, * FROM record_signatures "
            f"WHERE examination_id IN ({marks}) ORDER BY record_id",
            ids,
        )
        _digest_rows(out, b"s", sigs)
        # the key row of each signature's signer and generation (missing: None)
        _digest_rows(out, b"k", [(r[0], r[1], r[2], keys.get((str(r[1]), r[2]))) for r in sigs])
        log_rows = db.all(
            f"SELECT substr(target, 13), account_id, details, action, patient_id, outcome, * FROM audit_log "
            f"WHERE target IN ({marks}) AND action IN {LOG_ACTIONS} ORDER BY seq",
            [f"examination:{i}" for i in ids],
        )
        _digest_rows(out, b"g", log_rows)
        if log is not None:
            for r in log_rows:
                log.setdefault(str(r[0]), []).append(tuple(r[1:6]))
        found.update((k, h.digest()) for k, h in out.items())
    return found


def mark_listed(db: Database, rows: Sequence[SummaryRow]) -> None:
    """Put each signed row's signature state in ``row.extra["signature"]`` (the list marks broken ones).

    A row is checked in full (``check``) unless this session already checked it and nothing it depends on
    has changed since: each listed row's fingerprint (``_fingerprints``: every stored row the check reads,
    hashed raw) is computed at every listing, in the same read snapshot as any check, and compared with
    the one remembered with the verdict.  The memory is this process's only (per connection), so an edit
    by raw SQL from another process — or in another session — is caught at the next listing."""
    signed = [r for r in rows if r.status == "signed"]
    drafts = [r for r in rows if r.status != "signed"]
    with _VERDICTS_LOCK:
        memo = _VERDICTS.setdefault(db, {})
    with db.snapshot():
        # a draft that was signed once was set back by hand: broken (drafts are few; not remembered)
        once = _signed_once(db, [r.examination_id for r in drafts]) if drafts else set()
        for row in drafts:
            if row.examination_id in once:
                row.extra["signature"] = check_stored(db, row.examination_id).state
        listing = _Listing(keys={}, log={})
        prints = _fingerprints(db, [r.examination_id for r in signed], listing.log) if signed else {}
        for row in signed:  # an examination with no log rows at all: none to find, not "not read"
            listing.log.setdefault(row.examination_id, [])
        for row in signed:
            fingerprint = prints.get(row.examination_id)
            if fingerprint is None:
                continue
            known = memo.get(row.examination_id)
            if known is not None and known[0] == fingerprint:
                row.extra["signature"] = known[1]
                continue
            state = check_stored(db, row.examination_id, listing=listing).state
            row.extra["signature"] = state
            memo[row.examination_id] = (fingerprint, state)


def remembered(db: Database) -> dict[str, tuple[bytes, str]]:
    """A copy of what this session remembers of listed rows: examination id → (fingerprint, state).
    For tests and benchmarks; the program itself reads it only in ``mark_listed``."""
    with _VERDICTS_LOCK:
        return dict(_VERDICTS.get(db, {}))


# ----- evidence ------------------------------------------------------------------------------------
def evidence(db: Database, exam: Examination, photos: Sequence[PhotoRecord]) -> dict[str, Any]:
    """What an evidence package carries so that a reader outside the program can check that the released
    content is what was signed then: each record's canonical content, its signature, the signer's public
    key and the unit key's certificate for it, and the unit key."""
    sigs = sig_repo.of_examination(db, exam.id)
    exam_sig = sigs.get(exam.id)
    version = exam_sig.content_version if exam_sig is not None else canonical.VERSION
    exam_content = canonical.examination_content(exam, photos, version)
    digest = canonical.sha256(exam_content)
    records: list[dict[str, Any]] = []
    contents: dict[str, bytes] = {}
    pairs: list[tuple[str, bytes]] = [(exam.id, exam_content)] + [
        (a.id, canonical.addendum_content(a, digest)) for a in exam.addenda
    ]
    for n, (record_id, content) in enumerate(pairs):
        sig = sigs.get(record_id)
        if sig is None:
            continue
        name = "signed/examination.json" if n == 0 else f"signed/addendum-{n}.json"
        contents[name] = content
        key = key_registry.record(db, sig.signer, sig.generation)
        records.append(
            {
                "content": name,
                "kind": sig.kind,
                "signer": sig.signer,
                "signed_at": sig.signed_at,
                "migrated_from": sig.migrated_from,
                "algorithm": "Ed25519",
                "signature": b64(sig.signature),
                "public_key": b64(key.keys.ed25519) if key else None,
                "certificate": b64(key.certificate) if key and key.certificate else None,
                "certificate_signature": b64(key.signature) if key and key.signature else None,
            }
        )
    unit = key_registry.unit_key_public(db)
    doc = {"unit_key": b64(unit) if unit else None, "records": records}
    return {"document": doc, "contents": contents}


__all__ = [
    "BROKEN",
    "DRAFT",
    "FINGERPRINTED",
    "LEGACY",
    "LOG_ACTIONS",
    "MIGRATED",
    "RELEASABLE",
    "UNCERTIFIED",
    "UNIT_UNCERTIFIED",
    "UNREADABLE",
    "VALID",
    "SignatureState",
    "SigningKeyMissing",
    "check",
    "check_stored",
    "clear_certificate_cache",
    "content_sha256",
    "evidence",
    "mark_listed",
    "remembered",
    "sign_addendum",
    "sign_examination",
    "unreadable",
]
