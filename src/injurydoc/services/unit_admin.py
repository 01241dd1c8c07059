"""The unit manager's accounts and grants in unit mode: they live on the unit's server, so the manager page
acts there (``create_account``, ``disable_account``, ``set_password``, ``grant_access``,
``withdraw_grant``: server functions that act only within the caller's unit, docs/server.md), not on
the manager's own cache on this workstation.  A change reaches the workstations at their next sync.

The services have the shape of :class:`~injurydoc.services.accounts.AccountService` (list, create,
disable, set_password) so the manager page calls either the same way.  Network only, no store: each
call opens a connection as the signed-in manager (``unit_desktop.server_link``), acts, commits and
closes it.  Without the server a call raises :class:`~injurydoc.server.errors.ServerError` with its
plain message and changes nothing; the manager page keeps what was typed.

A disabled account is enabled again by ``enable`` (server schema 0011), not by a new password
(``set_password`` accepts active accounts only).  What the server does not offer is said, not faked: it
gives a manager no list of protected persons (no ``SELECT`` on patients) — the grants it holds are listed
by patient id.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from injurydoc.domain.errors import ValidationError
from injurydoc.domain.models import Account
from injurydoc.domain.vocab import Profession, Role
from injurydoc.services.session import Session, check_password, check_username

__all__ = ["ServerGrant", "UnitAccountService", "UnitGrantService"]

Connect = Callable[[], Any]


def _profession(code: str) -> Profession:
    try:
        return Profession(code)
    except ValueError:
        return Profession.OTHER


def _uuid(value: str, field: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise ValidationError("field.invalid", field=field) from None


class _OnServer:
    def __init__(self, session: Session, connect: Connect) -> None:
        self.s = session
        self.connect = connect

    def _act(self, fn: Callable[[Any], Any]) -> Any:
        """``fn(conn)`` in one transaction on the server, as the signed-in manager."""
        from injurydoc.server.connection import server_errors

        self.s.require(Role.UNIT_MANAGER)
        with server_errors(), self.connect() as conn:
            result = fn(conn)
            conn.commit()
        return result


def _accounts(conn: Any) -> list[Account]:
    rows = conn.execute(
        "SELECT id, role_name, display_name, roles, profession, hsa_id, active, created_at"
        " FROM injurydoc.accounts ORDER BY role_name"
    ).fetchall()
    return [
        Account(
            id=str(r[0]),
            username=str(r[1]),
            display_name=str(r[2]),
            roles=frozenset(Role(x) for x in r[3] if x in {role.code for role in Role}),
            profession=_profession(str(r[4] or "")),
            hsa_id=str(r[5] or ""),
            active=bool(r[6]),
            created_at=r[7],
        )
        for r in rows
    ]


def _key_holders(conn: Any) -> dict[str, str]:
    import psycopg

    try:
        rows = conn.execute("SELECT account_id, store_user FROM injurydoc.import_key_holders()").fetchall()
    except psycopg.errors.UndefinedFunction:
        conn.rollback()
        return {}
    return {str(r[0]): str(r[1]) for r in rows}


#: the accounts and the import's key holders (:meth:`UnitAccountService.with_key_holders`)
_WithHolders = tuple[list[Account], dict[str, str]]


class UnitAccountService(_OnServer):
    """The unit's accounts on its server."""

    def list(self) -> list[Account]:
        result: list[Account] = self._act(_accounts)
        return result

    def key_holders(self) -> dict[str, str]:
        """The accounts a store import made only to hold the key of a standalone store's unit manager's
        migrated signatures (disabled, ``<store user name>.<6 hex>``; server 0017): account id → the
        store's user name.  Empty from a server before 0017 (it cannot say)."""
        result: dict[str, str] = self._act(_key_holders)
        return result

    def with_key_holders(self) -> _WithHolders:
        """:meth:`list` and :meth:`key_holders` on one connection (what the manager's accounts tab shows:
        one sign-in on the server instead of two)."""
        result: _WithHolders = self._act(lambda conn: (_accounts(conn), _key_holders(conn)))
        return result

    def create(
        self,
        *,
        username: str,
        display_name: str,
        roles: frozenset[Role],
        profession: Profession = Profession.OTHER,
        hsa_id: str = "",
        password: str,
    ) -> str:
        """A new account of the unit: its own login role on the server.  Returns its id."""
        from injurydoc.server import admin

        name = check_username(username)
        display = " ".join(display_name.split())
        if not display:
            raise ValidationError("field.required", field="display_name")
        if not roles:
            raise ValidationError("field.required", field="roles")
        check_password(password)
        account_id = self._act(
            lambda conn: admin.create_account(
                conn,
                username=name,
                display_name=display,
                roles=sorted(r.code for r in roles),
                password=password,
                profession=profession.code,
                hsa_id=hsa_id.strip(),
            )
        )
        return str(account_id)

    def disable(self, account_id: str) -> None:
        from injurydoc.server import admin

        ident = _uuid(account_id, "account")
        self._act(lambda conn: admin.disable_account(conn, ident))

    def enable(self, account_id: str) -> None:
        """A disabled account may sign in again (server schema 0011, logged by the server)."""
        from injurydoc.server import admin

        ident = _uuid(account_id, "account")
        self._act(lambda conn: admin.enable_account(conn, ident))

    def set_password(self, account_id: str, new_password: str) -> None:
        from injurydoc.server import admin

        ident = _uuid(account_id, "account")
        check_password(new_password)

        def act(conn: Any) -> None:
            row = conn.execute("SELECT role_name FROM injurydoc.accounts WHERE id = %s", (ident,)).fetchone()
            if row is None:
                raise ValidationError("field.invalid", field="account")
            admin.set_password(conn, ident, str(row[0]), new_password)

        self._act(act)


@dataclass(frozen=True, slots=True)
class ServerGrant:
    """A grant or co-handler role the unit's server holds: patient *id* only, no name."""

    id: str
    patient_id: str
    account_id: str
    username: str
    kind: str  # 'grant' | 'co_handler'
    reason: str
    valid_until: dt.datetime | None
    granted_at: dt.datetime
    withdrawn_at: dt.datetime | None

    def live(self, now: dt.datetime) -> bool:
        return self.withdrawn_at is None and (self.valid_until is None or self.valid_until > now)


class UnitGrantService(_OnServer):
    """The unit's grants on its server."""

    def list(self) -> list[ServerGrant]:
        rows = self._act(
            lambda conn: conn.execute(
                "SELECT g.id, g.patient_id, g.account_id, a.role_name, g.kind, g.reason, g.valid_until,"
                " g.granted_at, g.withdrawn_at FROM injurydoc.grants g"
                " JOIN injurydoc.accounts a ON a.id = g.account_id ORDER BY g.granted_at DESC, g.id"
            ).fetchall()
        )
        return [
            ServerGrant(str(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]), str(r[5]), r[6], r[7], r[8])
            for r in rows
        ]

    def grant(self, patient_id: str, account_id: str, *, reason: str, until: dt.date) -> str:
        """Access to the case for ``reason`` through ``until`` (inclusive), on the server."""
        reason = " ".join(reason.split())
        if not reason:
            raise ValidationError("field.required", field="reason")
        if until < dt.date.today():
            raise ValidationError("field.invalid", field="until")
        patient, account = _uuid(patient_id, "patient"), _uuid(account_id, "account")
        end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time()).astimezone()

        def act(conn: Any) -> Any:
            # a trainer without the clinician role opens no real case (the server's _may_open): refused
            # in words, as in a standalone store, instead of a grant given in vain
            who = conn.execute(
                "SELECT role_name, roles FROM injurydoc.accounts WHERE id = %s", (account,)
            ).fetchone()
            if (
                who is not None
                and "trainer" in who[1]
                and "clinician" not in who[1]
                and not self.s.is_training
            ):
                raise ValidationError("grant.trainer_only", username=str(who[0]))
            return conn.execute(
                "SELECT injurydoc.grant_access(%s, %s, 'grant', %s, %s)", (patient, account, reason, end)
            ).fetchone()

        row = self._act(act)
        self.wrap_granted(patient_id, account_id)
        return str(row[0])

    def wrap_granted(self, patient_id: str, account_id: str) -> Any:
        """A protected person's content key wrapped for the grantee, with this manager's own wrap of it
        (``sync/sealed.py``); nothing for a person without protection (the manager holds no wrap).
        Returns the grantee's keys refused a wrap (their binding does not hold; named in the log)."""
        from injurydoc.sync import sealed
        from injurydoc.sync.outbox import Outbox, StoreConnection

        outbox = Outbox(StoreConnection(self.s.db))

        def act(conn: Any) -> Any:
            key = sealed.content_key(conn, outbox, patient_id)
            if key is None:
                return []
            return sealed.wrap_for(conn, outbox, patient_id, key, {account_id})

        return self._act(act)

    def withdraw(self, grant_id: str) -> None:
        ident = _uuid(grant_id, "grant")
        self._act(lambda conn: conn.execute("SELECT injurydoc.withdraw_grant(%s)", (ident,)))
