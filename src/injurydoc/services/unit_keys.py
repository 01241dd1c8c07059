"""The unit key in unit mode, for the manager page and the account's own view (sync/unit_key.py has the
design; docs/server.md, "The unit key").  No Qt.

* :func:`pinned` — the unit key this workstation's cache pinned, and how (no network).
* :func:`unconfirmed`, :func:`confirm` — a unit key pinned on first use, and its confirmation with the
  fingerprint from the manager's paper (no network).
* :func:`own_fingerprint` — this account's keys on this workstation as the colleague reads them out to
  the unit manager ("Din nyckel: …", no network).
* :class:`UnitKeyService` — the manager's actions on the server: make the unit key (once per unit),
  list the keys awaiting certification, certify one after comparing its fingerprint.  Each call opens a
  connection as the signed-in manager, acts and closes it; without the server it raises
  :class:`~injurydoc.server.errors.ServerError` and changes nothing.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from injurydoc.domain.vocab import Role
from injurydoc.services import unit_mode
from injurydoc.services.session import Session
from injurydoc.store.personal_keys import fingerprint
from injurydoc.sync import unit_key
from injurydoc.sync.outbox import Outbox, StoreConnection
from injurydoc.sync.unit_key import DisabledKey, HeldWraps, MovedStore, Pending

__all__ = [
    "DisabledKey",
    "HeldWraps",
    "KeyOverview",
    "MovedStore",
    "Pending",
    "PinnedKey",
    "UnitKeyService",
    "confirm",
    "for_manager",
    "own_fingerprint",
    "pinned",
    "unconfirmed",
]

Connect = Callable[[], Any]


@dataclass(frozen=True)
class PinnedKey:
    fingerprint: str
    #: "created" (made here), "paper" (compared with the file or the manager's paper at connect),
    #: "confirmed" (taken on first use, compared since), "first_use" (taken on first use: unconfirmed)
    source: str

    @property
    def unconfirmed(self) -> bool:
        return self.source not in unit_key.CONFIRMED_SOURCES


def _outbox(session: Session) -> Outbox:
    return Outbox(StoreConnection(session.db))


def pinned(session: Session) -> PinnedKey | None:
    """The unit key this cache pinned (None: a standalone store, or the unit has none yet)."""
    if not unit_mode.is_unit(session.db):
        return None
    ob = _outbox(session)
    value = ob.get_state(unit_key.PIN)
    if not value:
        return None
    try:
        raw = base64.b64decode(value, validate=True)
    except ValueError:
        return None
    return PinnedKey(fingerprint(raw), ob.get_state(unit_key.PIN_SOURCE) or "first_use")


def unconfirmed(session: Session) -> bool:
    """The unit key pinned here was taken from the server on first use and not yet compared with the
    manager's paper: until :func:`confirm`, no protected person's key is wrapped here for anyone but
    this account (sync/unit_key.py)."""
    if not unit_mode.is_unit(session.db):
        return False
    return unit_key.unconfirmed(_outbox(session))


def confirm(session: Session, typed: str) -> str:
    """Confirm the unit key pinned on first use with its whole fingerprint as typed from the unit
    manager's paper (no network); another one raises ``server.unit_key_confirm_mismatch`` and changes
    nothing.  Returns the fingerprint."""
    return unit_key.confirm(_outbox(session), typed)


def own_fingerprint(session: Session) -> str | None:
    """This account's keys on this workstation, as compared with the manager's list (None: no keys or
    not unit mode)."""
    if session.keys is None or not unit_mode.is_unit(session.db):
        return None
    pub = session.keys.public()
    return unit_key.key_fingerprint(pub.x25519, pub.ed25519)


@dataclass(frozen=True)
class KeyOverview:
    """The lists of :meth:`UnitKeyService.overview` (each as the method of the same name gives it)."""

    pending: list[Pending]
    stale_seals: list[str]
    uncertified_wraps: list[HeldWraps]
    moved_stores: list[MovedStore]
    disabled_uncertified: list[DisabledKey]


class UnitKeyService:
    """The unit manager's unit-key actions on the server."""

    def __init__(self, session: Session, connect: Connect) -> None:
        self.s = session
        self.connect = connect

    def _act(self, fn: Callable[[Any, Outbox], Any]) -> Any:
        from injurydoc.server.connection import server_errors

        self.s.require(Role.UNIT_MANAGER)
        with server_errors(), self.connect() as conn:
            result = fn(conn, _outbox(self.s))
            conn.commit()
        return result

    def pinned(self) -> PinnedKey | None:
        return pinned(self.s)

    def create(self) -> str:
        """Make the unit key (when the unit has none); its fingerprint, to be written down."""
        return fingerprint(self._act(unit_key.create))

    def pending(self) -> list[Pending]:
        """The unit's keys awaiting certification (empty when the unit has no unit key)."""
        result: list[Pending] = self._act(unit_key.pending)
        return result

    def stale_seals(self) -> list[str]:
        """User names of accounts the unit key is still sealed to though they are no longer active unit
        managers (the server withdraws such seals: one that stays was kept past its rules)."""
        result: list[str] = self._act(lambda conn, _ob: unit_key.stale_seals(conn))
        return result

    def uncertified_wraps(self) -> list[HeldWraps]:
        """Keys holding protected persons' keys without a certificate under the unit key (per account
        and key, never naming the persons)."""
        result: list[HeldWraps] = self._act(unit_key.uncertified_wraps)
        return result

    def overview(self) -> KeyOverview:
        """What the manager's unit-key panel lists, read on one connection (one sign-in on the server
        instead of one per list); the keys awaiting certification first, which compares the server's
        unit key with the pin."""

        def read(conn: Any, ob: Outbox) -> KeyOverview:
            pending = unit_key.pending(conn, ob)
            held = unit_key.uncertified_wraps(conn, ob)
            moved, disabled = unit_key.moved_stores(conn, ob), unit_key.disabled_uncertified(conn, ob)
            return KeyOverview(pending, unit_key.stale_seals(conn), held, moved, disabled)

        result: KeyOverview = self._act(read)
        return result

    def withdraw_wraps(self, key_id: str) -> int:
        """Withdraw the wraps held by one such key (logged on the server and here); how many."""
        result: int = self._act(lambda conn, ob: unit_key.withdraw_wraps(conn, ob, key_id))
        return result

    def moved_stores(self) -> list[MovedStore]:
        """Keys a store import registered (colleagues who never connect, a migrated signer's key
        holder), per moved store, awaiting certification under the unit key."""
        result: list[MovedStore] = self._act(unit_key.moved_stores)
        return result

    def certify_moved_store(self, typed: str) -> int:
        """Certify every key of the moved store whose fingerprint ``typed`` is (from that store's
        paper); another is refused and nothing certified.  How many keys were certified."""
        result: int = self._act(lambda conn, ob: unit_key.certify_moved_store(conn, ob, typed))
        return result

    def disabled_uncertified(self) -> list[DisabledKey]:
        """Disabled colleagues' own bound keys that no certificate under the unit key names (their
        signatures are not valid on workstations, and not exported, until certified historically)."""
        result: list[DisabledKey] = self._act(unit_key.disabled_uncertified)
        return result

    def certify_historical(self, key_id: str, typed: str) -> None:
        """Certify a disabled colleague's key up to the day they were disabled, after the manager typed
        its fingerprint from a report or ``injurydoc verify``; another fingerprint is refused."""
        self._act(lambda conn, ob: unit_key.certify_historical(conn, ob, key_id, typed))

    def certify(self, key_id: str, compared: str) -> None:
        """Certify a key after comparing ``compared`` (what the colleague's workstation shows)."""
        self._act(lambda conn, ob: unit_key.certify(conn, ob, key_id, compared))


def for_manager(session: Session) -> UnitKeyService | None:
    """For a unit manager in unit mode: the unit-key actions on the server.  None otherwise."""
    from injurydoc.services.unit_desktop import server_link

    connect = server_link(session)
    if connect is None or not session.has(Role.UNIT_MANAGER):
        return None
    return UnitKeyService(session, connect)
