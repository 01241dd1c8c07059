"""Encryption keys that got no wrap of a protected person's key because their binding does not hold
(``sync/sealed.py``), for the unit manager's page in unit mode: one row per account, newest first.  Read
from this cache — the refusals its syncs made (``sync_state``) and named in its access log — never from
the server.  No Qt."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Final

from injurydoc.domain.vocab import Role
from injurydoc.services import unit_mode
from injurydoc.services.session import Session
from injurydoc.sync import sealed, unit_key
from injurydoc.sync.outbox import Outbox, StoreConnection

__all__ = ["NOT_OWN", "UNBOUND", "UNCERTIFIED", "RefusedKey", "refused_keys"]

#: the key was registered before key bindings: the account holder's next sign-in and sync binds it
UNBOUND: Final = "unbound"
#: the key was not registered by the account itself, or its binding does not verify: possibly substituted
NOT_OWN: Final = "not_own"
#: the unit has a unit key and this key has no certificate from it yet (sync/unit_key.py): compare the
#: fingerprint with the holder and certify it
UNCERTIFIED: Final = "uncertified"


@dataclass(frozen=True)
class RefusedKey:
    username: str
    kind: str  # UNBOUND, NOT_OWN or UNCERTIFIED
    key_ids: tuple[str, ...]
    problem: str  # the check's own words (English, for IT)


def _kind(problem: str) -> str:
    if "before bindings" in problem:
        return UNBOUND
    return UNCERTIFIED if problem == unit_key.UNCERTIFIED else NOT_OWN


def refused_keys(session: Session) -> list[RefusedKey]:
    """Keys refused by this cache's syncs and not made good since (a key registered before bindings
    leaves the list once its holder's workstation registered it again, bound: ``sealed.wrap_for``).
    Empty outside unit mode or for an account that does not manage the unit."""
    if not unit_mode.is_unit(session.db) or not session.has(Role.UNIT_MANAGER):
        return []
    outbox = Outbox(StoreConnection(session.db))
    refused = sealed.refusals(outbox)
    if not refused:
        return []
    rows = session.db.all(
        "SELECT target, details FROM audit_log WHERE target LIKE 'key:%' AND details LIKE ?"
        " ORDER BY seq DESC",
        ("%key_refused_no_wrap%",),
    )
    by_account: dict[str, RefusedKey] = {}
    for target, details in rows:
        key_id = str(target)[len("key:") :]
        if key_id not in refused:
            continue
        try:
            said = json.loads(details)
        except (TypeError, ValueError):
            continue
        if not isinstance(said, dict) or said.get("event") != "key_refused_no_wrap":
            continue
        problem = refused[key_id]
        username = str(said.get("account") or "?")
        known = by_account.get(username)
        if known is None:
            by_account[username] = RefusedKey(username, _kind(problem), (key_id,), problem)
        elif key_id not in known.key_ids:
            kinds = (known.kind, _kind(problem))
            kind = next(k for k in (NOT_OWN, UNCERTIFIED, UNBOUND) if k in kinds)
            by_account[username] = RefusedKey(username, kind, (*known.key_ids, key_id), known.problem)
    return sorted(by_account.values(), key=lambda r: r.username)
