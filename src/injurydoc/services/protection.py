"""Who holds a protected person's content key, and opening it for a signed-in account.

The mechanism is in ``store/protected.py``; the rules here follow ``services/access.py``:
the creating clinician, co-handlers, accounts a unit manager granted, and the unit managers hold a wrap.
A wrap is only ever sealed to a key this session holds itself or to a key certified by the unit key
(a substituted public key in the table gets no wrap).
"""

from __future__ import annotations

import datetime as dt
import weakref
from typing import Any

from injurydoc.domain.errors import AccessDenied
from injurydoc.domain.vocab import AuditAction
from injurydoc.services.session import Session
from injurydoc.store import key_registry
from injurydoc.store import protected as repo
from injurydoc.store.key_registry import Trust, UntrustedKey
from injurydoc.store.personal_keys import PublicKeys
from injurydoc.store.vault import Vault
from injurydoc.sync import sealed

#: content keys opened, per open store and account, dropped with the store (None: no wrap)
_OPENED: weakref.WeakKeyDictionary[Vault, dict[str, dict[str, bytes | None]]] = weakref.WeakKeyDictionary()
#: the same as field ciphers (one AES-GCM object per person key, not one per field)
_CIPHERS: weakref.WeakKeyDictionary[Vault, dict[str, dict[str, repo.FieldCipher]]] = (
    weakref.WeakKeyDictionary()
)
#: keys opened from their wraps and not yet kept in the account's keychain (:func:`remember_opened`)
_FRESH: weakref.WeakKeyDictionary[Vault, dict[str, dict[str, repo.Opened]]] = weakref.WeakKeyDictionary()


def _cache(s: Session) -> dict[str, bytes | None]:
    return _OPENED.setdefault(s.vault, {}).setdefault(s.account.id, {})


def _fresh(s: Session) -> dict[str, repo.Opened]:
    return _FRESH.setdefault(s.vault, {}).setdefault(s.account.id, {})


def forget(s: Session, patient_id: str | None = None) -> None:
    if patient_id is None:
        for table in (_OPENED, _CIPHERS, _FRESH):
            table.pop(s.vault, None)
    else:
        for table in (_OPENED, _CIPHERS, _FRESH):
            for per_account in table.get(s.vault, {}).values():
                per_account.pop(patient_id, None)


def attach(s: Session) -> None:
    """Let the repositories open a protected person's records with this session's keys."""
    ref = weakref.ref(s)

    def provider(patient_id: str) -> repo.FieldCipher | None:
        session = ref()
        return None if session is None else cipher(session, patient_id)

    repo.register(s.db, provider)

    def holder() -> sealed.Holder | None:  # for the unit server's sync of this store (sync/sealed.py)
        session = ref()
        if session is None or session.keys is None:
            return None
        lookup = repo.lookup_key(session.vault.data_key, session.vault.store_id)
        return sealed.Holder(session.account.id, session.keys, lookup, lambda pid: forget(session, pid))

    sealed.register(s.db, holder)


def is_keyed(s: Session) -> bool:
    """A store with personal keys, and this session holds its own: protected persons are encrypted."""
    return s.keys is not None and key_registry.unit_key_public(s.db) is not None


def _trust(s: Session) -> Trust:
    raw = key_registry.unit_key_public(s.db)
    if raw is None:
        raise AccessDenied("access.no_key")
    return Trust(s.db, s.vault.store_id, raw)


def _public_of(s: Session, account_id: str) -> PublicKeys | None:
    """The account's current, certified, not withdrawn public keys; None when it has none usable."""
    if s.keys is not None and account_id == s.account.id:
        return s.keys.public()
    rec = key_registry.current(s.db, account_id)
    if rec is None or rec.retired:
        return None
    try:
        return _trust(s).keys(account_id, rec.keys.generation).keys
    except UntrustedKey:
        return None


def content_key(s: Session, patient_id: str) -> bytes | None:
    """This account's opening of the person's content key (None: it holds no wrap)."""
    cache = _cache(s)
    if patient_id in cache:
        return cache[patient_id]
    key = None
    if s.keys is not None:
        opened: list[repo.Opened] = []
        key = repo.open_wraps(s.db, s.vault.store_id, [patient_id], s.account.id, s.keys, opened)[patient_id]
        _fresh(s).update((o.patient_id, o) for o in opened)
    cache[patient_id] = key
    return key


def prefetch(s: Session, patient_ids: list[str]) -> None:
    """Open the keys of many listed persons at once (one query instead of one per row)."""
    cache = _cache(s)
    todo = sorted({p for p in patient_ids if p not in cache})
    if not todo:
        return
    if s.keys is None:
        cache.update(dict.fromkeys(todo))
        return
    opened: list[repo.Opened] = []
    cache.update(repo.open_wraps(s.db, s.vault.store_id, todo, s.account.id, s.keys, opened))
    _fresh(s).update((o.patient_id, o) for o in opened)


def remember_opened(s: Session) -> int:
    """Keep the person keys this session opened from their wraps in its keychain, so that its next
    session opens them without the X25519 exchange (``store/protected.py``).  Inside the caller's
    transaction (a listing's, with its log rows); a session without keys writes nothing."""
    fresh = _FRESH.get(s.vault, {}).pop(s.account.id, None)
    if not fresh or s.keys is None:
        return 0
    return repo.remember(s.db, s.vault.store_id, s.account.id, s.keys, list(fresh.values()))


def cipher(s: Session, patient_id: str) -> repo.FieldCipher | None:
    key = content_key(s, patient_id)
    if key is None:
        return None
    ciphers = _CIPHERS.setdefault(s.vault, {}).setdefault(s.account.id, {})
    fc = ciphers.get(patient_id)
    if fc is None or fc.key != key:
        fc = ciphers[patient_id] = repo.FieldCipher(key, s.vault.store_id)
    return fc


def managers(s: Session) -> list[str]:
    return [
        str(r[0])
        for r in s.db.all(
            "SELECT a.id FROM accounts a JOIN account_roles r ON r.account_id = a.id "
            "WHERE r.role = 'unit_manager' AND a.active = 1 ORDER BY a.id"
        )
    ]


def wrap_to(s: Session, patient_id: str, key: bytes, account_id: str, reason: str) -> bool:
    public = _public_of(s, account_id)
    if public is None:
        return False
    repo.put_wrap(
        s.db, s.vault.store_id, patient_id, key, account_id, public, reason=reason, wrapped_by=s.account.id
    )
    return True


def share(s: Session, patient_id: str, account_id: str, reason: str) -> bool:
    """Wrap the person's key for ``account_id`` with this session's own opening of it (a grant, a
    co-handler).  False when the store has no personal keys or the grantee has no certified keys yet.
    :class:`AccessDenied` when this account holds no wrap itself."""
    if key_registry.unit_key_public(s.db) is None:
        return False
    key = content_key(s, patient_id)
    if key is None:
        if not s.db.scalar("SELECT 1 FROM person_key_wraps WHERE patient_id = ? LIMIT 1", (patient_id,)):
            return False  # not (yet) encrypted: nothing to share
        raise AccessDenied("access.no_key")
    return wrap_to(s, patient_id, key, account_id, reason)


def withdraw(s: Session, patient_id: str, account_id: str) -> bool:
    """Remove the account's wrap (the creator and unit managers keep theirs)."""
    forget(s, patient_id)
    return repo.drop_wrap(s.db, patient_id, account_id)


def drop_all(s: Session, patient_id: str) -> int:
    """Remove every wrap of a person whose data is stored in the clear again."""
    forget(s, patient_id)
    return int(s.db.execute("DELETE FROM person_key_wraps WHERE patient_id = ?", (patient_id,)).rowcount)


def seal_unsealed(s: Session) -> int:
    """Encrypt every protected person still stored in the clear (a store from before, at a unit
    manager's sign-in).  Inside the caller's transaction; returns how many."""
    if not is_keyed(s):
        return 0
    done = 0
    for (pid,) in s.db.all("SELECT id FROM patients WHERE protection <> 'none' AND name NOT LIKE 'enc1:%'"):
        done += int(seal_person(s, str(pid)))
    if done:
        s.audit(AuditAction.CHANGED, target="patients", details={"event": "protected_sealed", "n": done})
    return done


def reissue_for(s: Session, account_id: str) -> dict[str, int]:
    """After new keys for ``account_id`` (a password reset, first keys, a new manager): wrap again, for
    the new keys, every person the account is allowed and this session holds a wrap of.

    Inside the caller's transaction.  Returns counts for the log (never names).  The account's keychain
    is dropped: its rows were made with the old keys (and no longer open with the new ones)."""
    repo.forget_keychain(s.db, account_id)
    allowed = {
        str(r[0])
        for r in s.db.all(
            "SELECT p.id FROM patients p WHERE p.protection <> 'none' AND (p.created_by = ? OR EXISTS "
            "(SELECT 1 FROM access_grants g WHERE g.patient_id = p.id AND g.account_id = ? AND "
            "(g.expires_on IS NULL OR g.expires_on >= date('now', 'localtime'))))",
            (account_id, account_id),
        )
    }
    if account_id in managers(s):
        allowed |= {str(r[0]) for r in s.db.all("SELECT DISTINCT patient_id FROM person_key_wraps")}
    done = missing = 0
    for pid in sorted(allowed):
        key = content_key(s, pid)
        if key is None:
            missing += 1
            continue
        reason = str(
            s.db.scalar(
                "SELECT reason FROM person_key_wraps WHERE patient_id = ? AND holder = ?", (pid, account_id)
            )
            or "reissued"
        )
        done += int(wrap_to(s, pid, key, account_id, reason))
    return {"rewrapped": done, "not_held": missing}


def purge_expired(s: Session, today: dt.date | None = None) -> int:
    """Remove the wraps of grants that have ended (anyone may delete a row; no key is needed)."""
    day = (today or dt.date.today()).isoformat()
    ended = s.db.all(
        "SELECT w.patient_id, w.holder FROM person_key_wraps w JOIN access_grants g "
        "ON g.patient_id = w.patient_id AND g.account_id = w.holder "
        "WHERE g.kind = 'grant' AND g.expires_on IS NOT NULL AND g.expires_on < ?",
        (day,),
    )
    for pid, holder in ended:
        repo.drop_wrap(s.db, str(pid), str(holder))
    if ended:
        s.audit(
            AuditAction.GRANT,
            target="protected_cases",
            details={"event": "ended_wraps_removed", "n": len(ended)},
        )
    return len(ended)


def lookup(s: Session, digits: str) -> str | None:
    """The keyed lookup value of a full number (None for anything but twelve digits)."""
    if len(digits) != 12 or not digits.isdigit():
        return None
    return repo.lookup_value(repo.lookup_key(s.vault.data_key, s.vault.store_id), digits)


def search_clause(
    s: Session, cond: str, params: list[Any], *, name: str = "", digits: str = ""
) -> tuple[str, list[Any]]:
    """Widen a search condition over alias ``p`` to the sealed persons it matches.

    A full number matches by its lookup value (so a search by a protected person's number is still
    found, and logged as refused for an account without access).  Names and partial numbers of sealed
    persons are matched here, in memory, among the persons this account holds a key of only."""
    extra: list[str] = []
    wide: list[Any] = []
    value = lookup(s, digits) if digits else None
    if value is not None:
        extra.append("p.id_lookup = ?")
        wide.append(value)
    ids = sealed_matches(s, name=name, digits=digits)
    if ids:
        extra.append(f"p.id IN ({','.join('?' * len(ids))})")
        wide.extend(ids)
    if not extra:
        return cond, params
    return f"({cond} OR {' OR '.join(extra)})", [*params, *wide]


def sealed_matches(s: Session, *, name: str = "", digits: str = "") -> list[str]:
    """Ids of sealed persons whose name contains ``name`` (folded) or whose number contains ``digits``,
    among those this account holds a key of."""
    from injurydoc.store.patients import fold

    out: list[str] = []
    rows = s.db.all(
        "SELECT p.id, p.name, p.id_value FROM patients p JOIN person_key_wraps w ON w.patient_id = p.id "
        "WHERE w.holder = ?",
        (s.account.id,),
    )
    prefetch(s, [str(r[0]) for r in rows])  # their keys in one query, not one per person
    for pid, stored_name, stored_id in rows:
        fc = cipher(s, str(pid))
        if fc is None or not repo.is_sealed_text(stored_name):
            continue
        if name and name in fold(fc.open_text("patients", str(pid), "name", str(stored_name))):
            out.append(str(pid))
            continue
        number = fc.open_text("patients", str(pid), "id_value", str(stored_id)).replace("-", "")
        if digits and digits in number:
            out.append(str(pid))
    return out


def cipher_for_row(s: Session, patient_id: str, stored_name: object) -> repo.FieldCipher | None:
    """The cipher of a listed row, looked up only when its fields are sealed."""
    return cipher(s, patient_id) if repo.is_sealed_text(stored_name) else None


def seal_person(s: Session, patient_id: str) -> bool:
    """Encrypt a stored protected person in place (became protected, or a store from before) with a
    new content key wrapped for the allowed accounts.  Inside the caller's transaction."""
    from injurydoc.store import patients as patients_repo

    row = s.db.one("SELECT id_kind, id_digits, created_by FROM patients WHERE id = ?", (patient_id,))
    if row is None:
        return False
    key = repo.new_content_key()
    fc = repo.FieldCipher(key, s.vault.store_id)
    if not patients_repo.seal_identity(s.db, patient_id, fc, lookup(s, str(row[1]))):
        return False
    repo.reseal_content(s.db, patient_id, fc, seal=True)
    wrap_all(s, patient_id, key, str(row[2]))
    return True


def wrap_all(s: Session, patient_id: str, key: bytes, creator: str) -> None:
    """Wrap a new content key for everyone allowed: creator, co-handlers and valid grants, managers."""
    wrap_to(s, patient_id, key, creator, "creator")
    for manager in managers(s):
        if manager != creator:
            wrap_to(s, patient_id, key, manager, "unit_manager")
    for account_id, kind in s.db.all(
        "SELECT account_id, kind FROM access_grants WHERE patient_id = ? AND "
        "(expires_on IS NULL OR expires_on >= date('now', 'localtime'))",
        (patient_id,),
    ):
        wrap_to(s, patient_id, key, str(account_id), str(kind))
    _cache(s)[patient_id] = key
