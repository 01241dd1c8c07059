"""The unit key: a trust anchor for unit mode that the server's operator does not hold (issues 14, 16).

Without it, a workstation takes an account's encryption key as that account's when the server says the
account registered it and its binding verifies (``sealed.check_binding``) — and the server's superuser can
forge both.  With it:

* **The unit key** is an Ed25519 key made on a **unit manager's workstation** (:func:`create`, the
  manager page's button), never by IT.  Its public half is published once on the server
  (``units.root_key``, server revision 0014: set once, by a unit manager of that unit); its private half
  is sealed to each certified unit manager's encryption key (``unit_key_seals``), so every manager can
  certify; the creating manager's own keys are certified at once.
* **Pinned on every workstation.**  Each cache records the unit key in its ``sync_state`` (inside its
  SQLCipher store): at connect, compared with the fingerprint in IT's connection file or from the
  manager's paper when given (:func:`pin_at_connect`), else on first use; at every sync
  (:func:`check_pin`) a replaced or removed unit key is refused — the sync stops, the sync status names
  it and the cache's access log says ``unit_key_replaced``/``unit_key_gone`` — never re-pinned.
* **Certificates.**  A unit manager certifies an account's registered keys (:func:`certify`) after
  comparing the short fingerprint (:func:`key_fingerprint`) the colleague's workstation shows with the
  one on the list of keys awaiting certification (:func:`pending`).  The certificate
  (:class:`~injurydoc.store.personal_keys.Certificate` for store ``unit:<unit id>``: account, user name,
  roles, both public keys and their generation, who certified and when, the unit key's fingerprint) and
  the unit key's signature over it are stored beside the key (``key_certifications``).
* **The rule** (``sealed.wrap_for``): on a workstation that pinned a unit key, a person's key is wrapped
  only for an encryption key with a certificate that verifies under **that pinned key**
  (:func:`certified`); any other key is refused and named ("awaiting certification").
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import json
import logging
import re
import uuid
from dataclasses import dataclass, replace
from typing import Any, Final

import psycopg
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from injurydoc.server.connection import server_errors
from injurydoc.server.errors import ServerError
from injurydoc.store.database import Database
from injurydoc.store.personal_keys import (
    Certificate,
    KeyFormatError,
    PublicKeys,
    Sealed,
    canonical,
    fingerprint,
    new_unit_key,
    seal,
    unit_key_bytes,
    unit_key_from_bytes,
    unit_public,
    unseal,
    verify_with,
)
from injurydoc.sync import key_check, sealed
from injurydoc.sync.outbox import Outbox

__all__ = [
    "CONFIRMED_SOURCES",
    "PIN",
    "PIN_SOURCE",
    "SERVER_PIN",
    "UNCERTIFIED",
    "DisabledKey",
    "HeldWraps",
    "MovedStore",
    "Pending",
    "certified",
    "certifier_refusal",
    "certify",
    "certify_historical",
    "certify_moved_store",
    "check_pin",
    "confirm",
    "create",
    "disabled_uncertified",
    "key_fingerprint",
    "moved_stores",
    "normalise",
    "open_unit_key",
    "pending",
    "pin_at_connect",
    "pinned",
    "server_key",
    "signing_certified",
    "stale_seals",
    "uncertified_wraps",
    "unconfirmed",
    "withdraw_wraps",
]

log = logging.getLogger(__name__)

#: sync_state: the pinned unit key (base64 of its public half) and how it was pinned
PIN, PIN_SOURCE = "unit_key_pin", "unit_key_pin_source"
#: PIN_SOURCE values of a pin a person compared: made here, compared at connect (IT's file or the
#: manager's paper), or confirmed later (:func:`confirm`).  A pin taken on first use ("first_use") is
#: **unconfirmed** until then: the workstation wraps no person's key for anyone but its own account.
CONFIRMED_SOURCES: Final = frozenset({"created", "paper", "confirmed"})
#: meta: the pinned unit key's fingerprint, written once with the pin (also for a pin made before it
#: existed, at the next check) — what the signature check reads (services/record_signing.py), as it
#: reads only the store's checked tables
SERVER_PIN: Final = "unit_server_pin"
#: sync_state: the unit-key problem already named in the cache's log (so it is named once)
_NAMED = "unit_key_named"
#: the words of a key refused a wrap for want of a certificate (sealed.wrap_for; the manager page)
UNCERTIFIED: Final = "awaiting the unit manager's certification (no certificate under the unit key)"
_HEX32 = re.compile(r"^[0-9A-F]{32}$")


# ----- fingerprints ------------------------------------------------------------------------------------
def key_fingerprint(x25519: bytes, ed25519: bytes) -> str:
    """An account's keys on one workstation as people compare them (both public keys, 128 bits)."""
    return fingerprint(b"account-keys:" + x25519 + ed25519)


def normalise(text: str) -> str | None:
    """A unit key's fingerprint as :func:`~injurydoc.store.personal_keys.fingerprint` writes it, from
    one typed with or without dashes or spaces; None when it is not one."""
    cleaned = re.sub(r"[\s:-]", "", text).upper()
    if not _HEX32.match(cleaned):
        return None
    return "-".join(cleaned[i : i + 4] for i in range(0, 32, 4))


# ----- the server's and the pinned unit key ----------------------------------------------------------------
def server_key(conn: psycopg.Connection[Any]) -> bytes | None:
    """The unit key the server publishes for the caller's unit (None: none yet, or a server before
    revision 0014)."""
    with server_errors():
        row = conn.execute(
            "SELECT to_jsonb(u) ->> 'root_key' FROM injurydoc.units u WHERE u.id = injurydoc.my_unit()"
        ).fetchone()
        conn.commit()
    if row is None or not row[0]:
        return None
    text = str(row[0])
    try:
        return bytes.fromhex(text[2:] if text.startswith("\\x") else text)
    except ValueError:
        return b"?"  # not a key: compared with the pin, it is named as replaced


def pinned(outbox: Outbox) -> bytes | None:
    value = outbox.get_state(PIN)
    if not value:
        return None
    try:
        return base64.b64decode(value, validate=True)
    except ValueError:
        return b""


def _pin(outbox: Outbox, public: bytes, source: str) -> None:
    outbox.set_state(PIN, base64.b64encode(public).decode())
    outbox.set_state(PIN_SOURCE, source)
    _mark_pinned(outbox, public)
    _log(outbox, "unit_key_pinned", fingerprint=fingerprint(public), source=source)


def _mark_pinned(outbox: Outbox, public: bytes) -> None:
    """``meta``'s :data:`SERVER_PIN` (a store's outbox only; once)."""
    if _db(outbox) is None:
        return
    outbox.con.execute(
        "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", (SERVER_PIN, fingerprint(public))
    )
    outbox.con.commit()


def _shown(public: bytes | None) -> str:
    return fingerprint(public) if public and len(public) == 32 else "—"


def check_pin(conn: psycopg.Connection[Any], outbox: Outbox) -> bytes | None:
    """The unit key this workstation trusts (None: the unit has none yet).  Pins the server's on first
    use; a pinned key the server no longer has, or has replaced, raises
    :class:`~injurydoc.server.errors.ServerError` (``server.unit_key_gone``/``server.unit_key_replaced``),
    named once in the cache's access log.  Never re-pins."""
    pin = pinned(outbox)
    found = server_key(conn)
    if pin is None:
        if found is not None and len(found) == 32:
            _pin(outbox, found, "first_use")
        return found if found is not None and len(found) == 32 else None
    if found == pin:
        if outbox.get_state(_NAMED):
            outbox.set_state(_NAMED, "")
        _mark_pinned(outbox, pin)  # a pin made before SERVER_PIN existed
        return pin
    expected = _shown(pin)
    if found is None:
        _name_once(outbox, "unit_key_gone", expected=expected)
        raise ServerError("server.unit_key_gone", expected=expected)
    _name_once(outbox, "unit_key_replaced", expected=expected, found=_shown(found))
    raise ServerError("server.unit_key_replaced", expected=expected, found=_shown(found))


def pin_at_connect(conn: psycopg.Connection[Any], outbox: Outbox, expected: str = "") -> bytes | None:
    """At a workstation's first connection: the server's unit key pinned — compared with ``expected``
    (a fingerprint from IT's connection file or the manager's paper) when given, else on first use.
    A mismatch (or no unit key where one is expected) raises ``server.unit_key_mismatch``."""
    found = server_key(conn)
    if expected:
        want = normalise(expected)
        if want is None or found is None or len(found) != 32 or fingerprint(found) != want:
            raise ServerError("server.unit_key_mismatch", expected=want or expected[:40], found=_shown(found))
        _pin(outbox, found, "paper")
        return found
    if found is not None and len(found) == 32:
        _pin(outbox, found, "first_use")
        return found
    return None


def unconfirmed(outbox: Outbox) -> bool:
    """A unit key is pinned here but was taken from the server on first use and nobody has compared it
    with the unit manager's paper yet (:func:`confirm`)."""
    pin = pinned(outbox)
    return pin is not None and (outbox.get_state(PIN_SOURCE) or "first_use") not in CONFIRMED_SOURCES


def confirm(outbox: Outbox, typed: str) -> str:
    """Confirm the unit key pinned on first use: ``typed`` is its whole fingerprint as it stands on the
    unit manager's paper (eight groups: two would be 32 bits, which a server's operator can match with a
    key of their own in hours).  Another one raises ``server.unit_key_mismatch`` (logged, the pin stays
    unconfirmed — and is never replaced: a different key is IT's matter).  Returns the fingerprint."""
    pin = pinned(outbox)
    if pin is None or len(pin) != 32:
        raise ServerError("server.unit_key_not_pinned")
    shown = fingerprint(pin)
    if not unconfirmed(outbox):
        return shown
    want = normalise(typed)
    if want != shown:
        _log(outbox, "unit_key_confirm_refused", fingerprint=shown)
        raise ServerError(
            "server.unit_key_confirm_mismatch", expected=want or typed.strip()[:40] or "—", found=shown
        )
    outbox.set_state(PIN_SOURCE, "confirmed")
    _log(outbox, "unit_key_confirmed", fingerprint=shown)
    return shown


# ----- the cache's access log ------------------------------------------------------------------------------
def _db(outbox: Outbox) -> Database | None:
    db = getattr(outbox.con, "db", None)
    return db if isinstance(db, Database) else None


def _log(outbox: Outbox, event: str, **details: str) -> None:
    from injurydoc.domain.vocab import AuditAction, AuditOutcome
    from injurydoc.store import audit

    db = _db(outbox)
    if db is None:
        return
    meta = {str(k): str(v) for k, v in db.all("SELECT key, value FROM meta")}
    me = outbox.get_state("account_id") or ""
    found = db.scalar("SELECT username FROM accounts WHERE id = ?", (me,))
    outcome = AuditOutcome.DENIED if event in ("unit_key_gone", "unit_key_replaced") else AuditOutcome.OK
    with db.transaction():
        audit.append_row(
            db,
            store_id=meta.get("store_id", ""),
            account_id=me or None,
            username="" if found is None else str(found),
            unit=meta.get("unit_name", ""),
            action=AuditAction.ACCOUNT,
            outcome=outcome,
            target=f"unit:{outbox.get_state('unit_id') or ''}",
            details={"event": event, **details},
        )


def _name_once(outbox: Outbox, event: str, **details: str) -> None:
    said = json.dumps({"event": event, **details}, sort_keys=True)
    if outbox.get_state(_NAMED) == said:
        return
    _log(outbox, event, **details)
    outbox.set_state(_NAMED, said)
    log.warning("the unit key on the server does not match the one pinned here (%s)", event)


# ----- certificates ----------------------------------------------------------------------------------------
def _seal_context(unit_id: str, account_id: str, key_id: str) -> bytes:
    return canonical({"purpose": "unit-key", "unit": unit_id, "holder": account_id, "key": key_id})


def _certificate(
    unit_id: str,
    account_id: str,
    username: str,
    roles: tuple[str, ...],
    keys: PublicKeys,
    by: str,
    unit: bytes,
    basis: str = "",
) -> Certificate:
    return Certificate(
        store_id=f"unit:{unit_id}",
        subject=account_id,
        username=username,
        roles=tuple(sorted(roles)),
        keys=keys,
        issued_at=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        issued_by=by,
        issuer=fingerprint(unit),
        basis=basis,
    )


@dataclass(frozen=True)
class Certified:
    key_id: str
    account_id: str
    certificate: Certificate


@dataclass(frozen=True)
class _Certifier:
    roles: tuple[str, ...]
    active: bool
    disabled_at: dt.datetime | None


def _certifiers(conn: psycopg.Connection[Any]) -> dict[str, _Certifier]:
    with server_errors():
        rows = conn.execute("SELECT id, roles, active, disabled_at FROM injurydoc.accounts").fetchall()
        conn.commit()
    return {str(r[0]): _Certifier(tuple(str(x) for x in r[1] or ()), bool(r[2]), r[3]) for r in rows}


def _when(text: str) -> dt.datetime | None:
    try:
        found = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return found if found.tzinfo else found.replace(tzinfo=dt.UTC)


def certifier_refusal(
    cert: Certificate, certified_by: Any, created_at: Any, who: dict[str, _Certifier]
) -> str | None:
    """None when the certificate's certifier could make it, as far as the server's history tells: the
    row's certifier is the one the certificate names, a unit manager of the unit now, and either active
    or disabled only **after** the certificate was made (both the certificate's own time and the time the
    server stamped on its row, revision 0016).  Else why not (a short English code)."""
    if str(certified_by) != cert.issued_by:
        return "certifier_not_named"
    found = who.get(cert.issued_by)
    if found is None or "unit_manager" not in found.roles:
        return "certifier_not_a_manager"
    if found.active:
        return None
    issued = _when(cert.issued_at)
    stamped = created_at if isinstance(created_at, dt.datetime) else None
    if (
        found.disabled_at is None
        or issued is None
        or stamped is None
        or issued >= found.disabled_at
        or stamped >= found.disabled_at
    ):
        return "certifier_disabled"
    return None


def _certificates(
    conn: psycopg.Connection[Any], anchor: bytes, unit_id: str, purpose: str
) -> list[tuple[str, str, bytes, Certificate]]:
    """(key id, account id, the key's public half, certificate) of every certificate on the server that
    verifies under ``anchor``, names that very account and that very key of ``purpose`` (the encryption
    key the row is about, or the signing key the same certificate names) and whose certifier could make
    it (:func:`certifier_refusal`).  Anything else is ignored."""
    with server_errors():
        rows = conn.execute(
            "SELECT c.key_id, c.account_id, c.certificate, c.signature, k.account_id, k.public_key,"
            " k.purpose, c.certified_by, c.created_at"
            " FROM injurydoc.key_certifications c JOIN injurydoc.account_keys k ON k.id = c.key_id"
        ).fetchall()
        conn.commit()
    issuer = fingerprint(anchor)
    who = _certifiers(conn) if rows else {}
    out = []
    for kid, acc, cert_raw, signature, key_acc, public, kind, by, at in rows:
        cert = _verified(anchor, bytes(cert_raw), bytes(signature)) if kind == "encryption" else None
        if cert is None:
            continue
        if (
            cert.store_id != f"unit:{unit_id}"
            or cert.subject != str(acc)
            or str(acc) != str(key_acc)
            or cert.keys.x25519 != bytes(public)
            or cert.issuer != issuer
            or certifier_refusal(cert, by, at, who) is not None
        ):
            continue
        named = cert.keys.x25519 if purpose == "encryption" else cert.keys.ed25519
        out.append((str(kid), str(acc), named, cert))
    return out


def certified(conn: psycopg.Connection[Any], anchor: bytes, unit_id: str) -> dict[str, Certified]:
    """Encryption key id -> its certificate, for every certificate on the server that verifies under
    ``anchor`` (the pinned unit key), names that very key and account, and whose certifier could make it
    (an active unit manager, or one disabled only after it was made)."""
    return {
        kid: Certified(kid, acc, cert)
        for kid, acc, _public, cert in _certificates(conn, anchor, unit_id, "encryption")
    }


def signing_certified(
    conn: psycopg.Connection[Any], anchor: bytes, unit_id: str
) -> dict[tuple[str, bytes], str]:
    """(account id, Ed25519 public key) -> its bound, of every signing key a certificate under
    ``anchor`` names (the rule of :func:`certified`): a pulled signature counts as the unit's only under
    one of these.  A certificate covers the key, not a time: one made later makes an earlier signature by
    it good.  The bound is "" (no limit) or a historical certificate's ``valid_before`` (the key holds only
    for what it signed before then); of several certificates of a key, the widest counts."""
    out: dict[tuple[str, bytes], str] = {}
    for _kid, acc, public, cert in _certificates(conn, anchor, unit_id, "signing"):
        found = out.get((acc, public))
        if found == "":
            continue
        bound = cert.valid_before
        if found is None or bound == "" or (_when(bound) or _EPOCH) > (_when(found) or _EPOCH):
            out[(acc, public)] = bound
    return out


_EPOCH: Final = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@functools.lru_cache(maxsize=4096)
def _verified(anchor: bytes, raw: bytes, signature: bytes) -> Certificate | None:
    """The certificate when ``signature`` over it verifies under ``anchor`` (each checked once: a pull
    asks for every protected person it holds)."""
    if not verify_with(anchor, signature, raw):
        return None
    try:
        return Certificate.from_bytes(raw)
    except KeyFormatError:
        return None


def _holder(outbox: Outbox) -> sealed.Holder:
    who = sealed.holder(_db(outbox))
    if who is None:
        raise ServerError("server.unit_key_not_held")
    return who


def _insert_seal(
    conn: psycopg.Connection[Any],
    unit_id: str,
    account_id: str,
    key_id: str,
    x25519: bytes,
    key: Ed25519PrivateKey,
    me: str,
) -> None:
    box = seal(unit_key_bytes(key), x25519, _seal_context(unit_id, account_id, key_id))
    conn.execute(
        "INSERT INTO injurydoc.unit_key_seals (unit_id, account_id, key_id, sealed, sealed_by)"
        " VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
        (unit_id, account_id, key_id, canonical(box.to_json()), me),
    )


def _insert_certificate(
    conn: psycopg.Connection[Any], unit_id: str, key_id: str, cert: Certificate, key: Ed25519PrivateKey
) -> None:
    conn.execute(
        "INSERT INTO injurydoc.key_certifications (key_id, unit_id, account_id, certificate, signature,"
        " certified_by) VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
        (key_id, unit_id, cert.subject, cert.to_bytes(), cert.sign(key), cert.issued_by),
    )


def _account(conn: psycopg.Connection[Any], account_id: str) -> tuple[str, tuple[str, ...]]:
    row = conn.execute(
        "SELECT role_name, roles FROM injurydoc.accounts WHERE id = %s AND active", (uuid.UUID(account_id),)
    ).fetchone()
    if row is None:
        raise ServerError("server.no_account")
    return str(row[0]), tuple(str(r) for r in row[1])


def create(conn: psycopg.Connection[Any], outbox: Outbox) -> bytes:
    """Make the unit key on this (a unit manager's) workstation, publish its public half, seal it to
    this account's encryption key and certify this account's keys — one server transaction, so a
    published unit key always has a manager who holds it.  Returns the unit key in force (another
    manager's, if theirs came first; then nothing is made here)."""
    who = _holder(outbox)
    current = check_pin(conn, outbox)
    if current is not None:
        return current
    unit_id = outbox.get_state("unit_id") or ""
    key_id = outbox.get_state("encryption_key_id") or ""
    key = new_unit_key()
    public = unit_public(key)
    mine = who.keys.public()
    try:
        with server_errors():
            username, roles = _account(conn, who.account_id)
            if "unit_manager" not in roles:
                conn.rollback()
                raise ServerError("server.denied")
            with conn.transaction():
                _insert_seal(conn, unit_id, who.account_id, key_id, mine.x25519, key, who.account_id)
                cert = _certificate(unit_id, who.account_id, username, roles, mine, who.account_id, public)
                _insert_certificate(conn, unit_id, key_id, cert, key)
                made = conn.execute("SELECT injurydoc.set_unit_key(%s)", (public,)).fetchone()
                if not (made and made[0]):
                    raise _Lost()
            conn.commit()
    except _Lost:
        conn.rollback()
        found = check_pin(conn, outbox)
        if found is None:
            raise ServerError("server.denied") from None
        return found
    _pin(outbox, public, "created")
    _log(outbox, "unit_key_created", fingerprint=fingerprint(public))
    return public


class _Lost(Exception):
    """Another manager's unit key came first: this transaction is rolled back."""


def open_unit_key(conn: psycopg.Connection[Any], outbox: Outbox) -> Ed25519PrivateKey:
    """The unit key's private half, from this account's seal on the server — only when it is the unit
    key pinned here (a key sealed to this account by someone else is never taken)."""
    who = _holder(outbox)
    anchor = check_pin(conn, outbox)
    if anchor is None:
        raise ServerError("server.unit_key_not_held")
    mine = who.keys.public().x25519
    with server_errors():
        _username, roles = _account(conn, who.account_id)  # an account not active: server.no_account
        if "unit_manager" not in roles:  # a seal left to one no longer a manager is never used
            conn.rollback()
            raise ServerError("server.unit_key_not_held")
        rows = conn.execute(
            "SELECT s.unit_id, s.key_id, s.sealed, k.public_key FROM injurydoc.unit_key_seals s"
            " JOIN injurydoc.account_keys k ON k.id = s.key_id WHERE s.account_id = %s",
            (uuid.UUID(who.account_id),),
        ).fetchall()
        conn.commit()
    for unit, kid, box, public in rows:
        if bytes(public) != mine:
            continue
        try:
            raw = unseal(
                Sealed.from_json(json.loads(bytes(box).decode("utf-8"))),
                who.keys.x25519,
                _seal_context(str(unit), who.account_id, str(kid)),
            )
            key = unit_key_from_bytes(raw)
        except (KeyFormatError, ValueError):
            continue
        if unit_public(key) == anchor:
            return key
    raise ServerError("server.unit_key_not_held")


@dataclass(frozen=True)
class Pending:
    """An encryption key awaiting certification: whose, which, its fingerprint, when registered."""

    key_id: str
    account_id: str
    username: str
    display_name: str
    fingerprint: str
    registered_at: dt.datetime


def _bound_keys(conn: psycopg.Connection[Any]) -> tuple[str, list[tuple[sealed.ServerKey, PublicKeys, Any]]]:
    """(unit id, every unretired encryption key of an active account whose binding holds, with the
    public keys its binding names and when it was registered)."""
    unit, keys, signing = sealed.keys_of_unit(conn)
    with server_errors():
        when = {
            str(r[0]): r[1]
            for r in conn.execute(
                "SELECT id, created_at FROM injurydoc.account_keys WHERE purpose = 'encryption'"
            ).fetchall()
        }
        conn.commit()
    out = []
    for k in keys:
        if sealed.check_binding(k, signing.get(k.account_id, {}), unit) is not None or k.certificate is None:
            continue
        doc = json.loads(k.certificate.decode("utf-8"))
        cert = Certificate.from_bytes(base64.b64decode(str(doc["certificate"]), validate=True))
        out.append((k, cert.keys, when.get(k.key_id)))
    return unit, out


def pending(conn: psycopg.Connection[Any], outbox: Outbox) -> list[Pending]:
    """The unit's keys awaiting certification under the pinned unit key (empty without one)."""
    anchor = check_pin(conn, outbox)
    if anchor is None:
        return []
    unit, keys = _bound_keys(conn)
    done = certified(conn, anchor, unit)
    with server_errors():
        names = {
            str(r[0]): str(r[1])
            for r in conn.execute("SELECT id, display_name FROM injurydoc.accounts").fetchall()
        }
        conn.commit()
    return [
        Pending(
            k.key_id,
            k.account_id,
            k.username,
            names.get(k.account_id, k.username),
            key_fingerprint(pub.x25519, pub.ed25519),
            at,
        )
        for k, pub, at in keys
        if k.key_id not in done
    ]


def certify(conn: psycopg.Connection[Any], outbox: Outbox, key_id: str, compared: str) -> None:
    """Certify an account's key with the unit key, after the manager compared ``compared`` (the
    fingerprint the colleague's workstation shows) with the key's own: a different one is refused
    (``server.unit_key_mismatch``).  A unit manager's key also gets the unit key sealed to it."""
    who = _holder(outbox)
    key = open_unit_key(conn, outbox)
    if unconfirmed(outbox):  # compare the unit key with the paper first: it may not be the unit's
        raise ServerError("server.unit_key_unconfirmed")
    anchor = unit_public(key)
    unit, keys = _bound_keys(conn)
    match = next(((k, pub) for k, pub, _at in keys if k.key_id == key_id), None)
    if match is None:
        raise ServerError("server.denied")
    k, pub = match
    if normalise(compared) != normalise(key_fingerprint(pub.x25519, pub.ed25519)):
        raise ServerError("server.key_fingerprint_mismatch", user=k.username)
    with server_errors():
        username, roles = _account(conn, k.account_id)
        with conn.transaction():
            cert = _certificate(unit, k.account_id, username, roles, pub, who.account_id, anchor)
            _insert_certificate(conn, unit, k.key_id, cert, key)
            if "unit_manager" in roles:
                _insert_seal(conn, unit, k.account_id, k.key_id, pub.x25519, key, who.account_id)
        conn.commit()
    _log(outbox, "key_certified", key=k.key_id, account=username)


# ----- keys of a moved store ---------------------------------------------------------------------------
#: a certificate's basis for a key certified as a moved store's (followed by that store's fingerprint)
MOVED_STORE_BASIS: Final = "moved-store:"


@dataclass(frozen=True)
class MovedStore:
    """Keys a store import registered whose store certificate holds, not yet certified under the unit
    key, of one moved store (its own unit key's fingerprint, as the store's paper and the import's
    summary show it): how many keys, and the user names of their accounts."""

    fingerprint: str
    usernames: tuple[str, ...]
    keys: int


@dataclass(frozen=True)
class _MovedKey:
    key_id: str
    account_id: str
    username: str
    roles: tuple[str, ...]
    keys: PublicKeys


def _moved_keys(conn: psycopg.Connection[Any], anchor: bytes, unit: str) -> dict[str, list[_MovedKey]]:
    """Store fingerprint -> the encryption keys registered by a store import (another account's
    ``created_by``, disabled accounts' and retired keys included) whose container's certificate verifies
    under that store's unit key and names that very account and key (sync/key_check.py), that no
    certificate under ``anchor`` covers yet.  A key planted with any other container is left out."""
    with server_errors():
        rows = conn.execute(
            "SELECT k.id, k.account_id, k.created_by, k.public_key, k.certificate, a.role_name, a.roles"
            " FROM injurydoc.account_keys k JOIN injurydoc.accounts a ON a.id = k.account_id"
            " WHERE k.purpose = 'encryption' AND k.certificate IS NOT NULL AND k.created_by <> k.account_id"
        ).fetchall()
        conn.commit()
    done = certified(conn, anchor, unit) if rows else {}
    out: dict[str, list[_MovedKey]] = {}
    for kid, acc, by, public, container, name, roles in rows:
        if str(kid) in done:
            continue
        found = key_check.store_certificate(
            account_id=str(acc), created_by=str(by), public_key=bytes(public), certificate=bytes(container)
        )
        if found is None:
            continue
        root, cert = found
        moved = _MovedKey(str(kid), str(acc), str(name), tuple(str(r) for r in roles or ()), cert.keys)
        out.setdefault(fingerprint(root), []).append(moved)
    return out


def moved_stores(conn: psycopg.Connection[Any], outbox: Outbox) -> list[MovedStore]:
    """The moved stores whose keys await certification under the pinned unit key (empty without one)."""
    anchor = check_pin(conn, outbox)
    if anchor is None:
        return []
    groups = _moved_keys(conn, anchor, outbox.get_state("unit_id") or "")
    return [
        MovedStore(fp, tuple(sorted({k.username for k in keys})), len(keys))
        for fp, keys in sorted(groups.items())
    ]


def certify_moved_store(conn: psycopg.Connection[Any], outbox: Outbox, typed: str) -> int:
    """Certify with the unit key every key of the moved store whose fingerprint the manager typed from
    the paper of that store (its unit key: shown when the store was made, by ``injurydoc audit`` and in
    the import's summary).  Each certificate names the account, both public keys and, as its basis,
    ``moved-store:<fingerprint>``.  A fingerprint that is no listed store's is refused
    (``server.moved_store_mismatch``, logged ``moved_store_certify_refused``) and nothing is certified.
    Returns how many keys were certified."""
    who = _holder(outbox)
    key = open_unit_key(conn, outbox)
    if unconfirmed(outbox):
        raise ServerError("server.unit_key_unconfirmed")
    anchor = unit_public(key)
    unit = outbox.get_state("unit_id") or ""
    groups = _moved_keys(conn, anchor, unit)
    wanted = normalise(typed)
    if wanted is None or wanted not in groups:
        _log(outbox, "moved_store_certify_refused", typed=wanted or "(not a fingerprint)")
        raise ServerError("server.moved_store_mismatch")
    keys = groups[wanted]
    with server_errors():
        with conn.transaction():
            for k in keys:
                cert = _certificate(
                    unit,
                    k.account_id,
                    k.username,
                    k.roles,
                    k.keys,
                    who.account_id,
                    anchor,
                    basis=MOVED_STORE_BASIS + wanted,
                )
                _insert_certificate(conn, unit, k.key_id, cert, key)
        conn.commit()
    _log(
        outbox,
        "moved_store_certified",
        store=wanted,
        keys=str(len(keys)),
        accounts=", ".join(sorted({k.username for k in keys})),
    )
    return len(keys)


# ----- historical certificates: colleagues disabled before their key was certified ---------------------
@dataclass(frozen=True)
class DisabledKey:
    """An account disabled before any certificate under the unit key named its key: whose, and when the
    server disabled it (the bound a historical certificate gets).  The key's fingerprint is not shown:
    the manager types it from a report or ``injurydoc verify`` of a package that colleague signed."""

    key_id: str
    account_id: str
    username: str
    display_name: str
    disabled_at: dt.datetime


def _disabled_keys(
    conn: psycopg.Connection[Any], anchor: bytes
) -> tuple[str, list[tuple[DisabledKey, PublicKeys, tuple[str, ...]]]]:
    """(unit id, every encryption key of a disabled account that the account registered itself, whose
    binding to its own signing key holds (``sealed.check_binding``) and that no certificate under
    ``anchor`` covers yet, with the public keys its binding names and the account's roles).
    ``sealed.keys_of_unit`` lists active accounts only, hence this query of its own."""
    with server_errors():
        unit_row = conn.execute("SELECT injurydoc.my_unit()").fetchone()
        rows = conn.execute(
            "SELECT k.account_id, a.role_name, k.id, k.purpose, k.public_key, k.created_by, k.certificate,"
            " a.display_name, a.disabled_at, a.roles"
            " FROM injurydoc.account_keys k JOIN injurydoc.accounts a ON a.id = k.account_id"
            " WHERE NOT a.active AND a.disabled_at IS NOT NULL ORDER BY k.created_at, k.id"
        ).fetchall()
        conn.commit()
    unit = str(unit_row[0]) if unit_row else ""
    signing: dict[str, dict[bytes, str]] = {}
    for acc, _name, _kid, purpose, public, by, *_rest in rows:
        if purpose == "signing":
            signing.setdefault(str(acc), {})[bytes(public)] = str(by)
    done = certified(conn, anchor, unit) if rows else {}
    out = []
    for acc, name, kid, purpose, public, by, cert_raw, shown_name, disabled_at, roles in rows:
        if purpose != "encryption" or str(kid) in done:
            continue
        k = sealed.ServerKey(
            str(acc),
            str(name),
            str(kid),
            bytes(public),
            str(by),
            None if cert_raw is None else bytes(cert_raw),
        )
        if k.certificate is None or sealed.check_binding(k, signing.get(k.account_id, {}), unit) is not None:
            continue
        doc = json.loads(k.certificate.decode("utf-8"))
        bound = Certificate.from_bytes(base64.b64decode(str(doc["certificate"]), validate=True))
        entry = DisabledKey(k.key_id, k.account_id, k.username, str(shown_name or k.username), disabled_at)
        out.append((entry, bound.keys, tuple(str(r) for r in roles or ())))
    return unit, out


def disabled_uncertified(conn: psycopg.Connection[Any], outbox: Outbox) -> list[DisabledKey]:
    """Disabled colleagues' own bound keys no certificate under the pinned unit key names (empty without
    one): their signatures show as not certified by the unit, and are not exported, until certified."""
    anchor = check_pin(conn, outbox)
    if anchor is None:
        return []
    return [entry for entry, _keys, _roles in _disabled_keys(conn, anchor)[1]]


def certify_historical(conn: psycopg.Connection[Any], outbox: Outbox, key_id: str, typed: str) -> None:
    """Certify a disabled colleague's key as theirs up to the day the server disabled them, after the
    manager typed its signing fingerprint from a report or ``injurydoc verify`` of a package that
    colleague signed.  Another fingerprint is refused (``server.key_fingerprint_mismatch``, logged
    ``historical_certify_refused``), nothing certified.  The certificate's ``valid_before`` is the
    account's ``disabled_at`` as the server records it: a signature dated at or after it does not count."""
    who = _holder(outbox)
    key = open_unit_key(conn, outbox)
    if unconfirmed(outbox):
        raise ServerError("server.unit_key_unconfirmed")
    anchor = unit_public(key)
    unit, keys = _disabled_keys(conn, anchor)
    match = next(((e, pub, roles) for e, pub, roles in keys if e.key_id == key_id), None)
    if match is None:
        raise ServerError("server.denied")
    entry, pub, roles = match
    if normalise(typed) != pub.signing_fingerprint:
        _log(outbox, "historical_certify_refused", key=entry.key_id, account=entry.username)
        raise ServerError("server.key_fingerprint_mismatch", user=entry.username)
    bound = entry.disabled_at.astimezone(dt.UTC).isoformat()
    cert = replace(
        _certificate(unit, entry.account_id, entry.username, roles, pub, who.account_id, anchor),
        valid_before=bound,
    )
    with server_errors():
        with conn.transaction():
            _insert_certificate(conn, unit, entry.key_id, cert, key)
        conn.commit()
    _log(outbox, "key_certified_historical", key=entry.key_id, account=entry.username, valid_before=bound)


def stale_seals(conn: psycopg.Connection[Any]) -> list[str]:
    """User names of the accounts the unit key is still sealed to that are not active unit managers —
    the server withdraws such a seal when the account is disabled or stops managing the unit (revision
    0016), so one that stays was kept past the server's rules.  Empty before revision 0016."""
    with server_errors():
        try:
            holders = {str(r[0]) for r in conn.execute("SELECT injurydoc.unit_key_seal_holders()").fetchall()}
        except psycopg.errors.UndefinedFunction:
            conn.rollback()
            return []
        rows = conn.execute("SELECT id, role_name, active, roles FROM injurydoc.accounts").fetchall()
        conn.commit()
    return sorted(
        str(name)
        for acc, name, active, roles in rows
        if str(acc) in holders and not (active and "unit_manager" in (roles or ()))
    )


@dataclass(frozen=True)
class HeldWraps:
    """Protected persons' keys wrapped for one key that no certificate under the pinned unit key names
    (wraps made before the unit key existed, or by a workstation that had none pinned): whose key, how
    many persons — never which."""

    key_id: str
    account_id: str
    username: str
    wraps: int


def uncertified_wraps(conn: psycopg.Connection[Any], outbox: Outbox) -> list[HeldWraps]:
    """For a unit manager: the keys of the unit holding wraps without a certificate under the unit key
    pinned here (empty without a unit key, or before revision 0016)."""
    anchor = check_pin(conn, outbox)
    if anchor is None:
        return []
    unit = outbox.get_state("unit_id") or ""
    with server_errors():
        try:
            rows = conn.execute(
                "SELECT account_id, key_id, wraps FROM injurydoc.unit_wrap_holders()"
            ).fetchall()
        except psycopg.errors.UndefinedFunction:
            conn.rollback()
            return []
        names = {str(r[0]): str(r[1]) for r in conn.execute("SELECT id, role_name FROM injurydoc.accounts")}
        conn.commit()
    done = certified(conn, anchor, unit)
    return sorted(
        (
            HeldWraps(str(kid), str(acc), names.get(str(acc), "?"), int(n))
            for acc, kid, n in rows
            if str(kid) not in done
        ),
        key=lambda h: (h.username, h.key_id),
    )


def withdraw_wraps(conn: psycopg.Connection[Any], outbox: Outbox, key_id: str) -> int:
    """Withdraw every wrap held by ``key_id`` — only a key :func:`uncertified_wraps` lists (a certified
    key's wraps are refused here, ``server.denied``).  The server logs it; so does this cache.  Returns
    how many.  Reversible: once the key is certified, the next sweep of a workstation holding a
    person's key wraps it again for every account still allowed."""
    held = next((h for h in uncertified_wraps(conn, outbox) if h.key_id == key_id), None)
    if held is None:
        raise ServerError("server.denied")
    with server_errors():
        row = conn.execute("SELECT injurydoc.withdraw_key_wraps(%s)", (uuid.UUID(key_id),)).fetchone()
        conn.commit()
    count = int(row[0]) if row else 0
    _log(outbox, "key_wraps_withdrawn", key=key_id, account=held.username, wraps=str(count))
    return count
