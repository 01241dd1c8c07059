"""Unit mode on a workstation: one encrypted cache store per account, and where it is (issue 16).

A workstation of a unit keeps, for each account that works on it, an injurydoc store of its own — the
*cache*.  It is an ordinary SQLCipher store whose **only key slot is that account's own**, opened with
the account's password (Argon2id, store/keyslots.py), never with a key shared with colleagues: two
accounts on one workstation have two cache folders, and neither can open the other's.  There is no
recovery code: a forgotten password is set again on the unit server and the cache is made anew (what
was unsent is lost with it only if it was never sent — the sign-out says so).

The cache records its server (the DSN without any password), the unit and the account's server ids in
its own ``sync_state`` table, inside the encryption.  Outside it, in the OS user's configuration folder,
``unit.json`` lists only which cache folder belongs to which user name on which server, and this
workstation's id; no password and no patient data.

:func:`connect_workstation` makes the cache at the account's first sign-in on this workstation (the
set-up wizard's "connect to the unit's server" and ``injurydoc init --server DSN --user NAME``): it
signs in on the server as the account's own login role, reads the account there, makes the cache with
the account's server id and roles, and registers the account's personal public keys on the server (the
signing key the server accepts signatures under).  :func:`sign_in_unit` opens the cache later, without
the network.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import socket
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from injurydoc.domain.errors import StoreError
from injurydoc.domain.vocab import AuditAction, Profession, Role, StorePurpose
from injurydoc.paths import app_data_dir
from injurydoc.services import workstation
from injurydoc.services.session import Session, check_password, check_username, sign_in
from injurydoc.store import accounts as accounts_repo
from injurydoc.store.atomic import atomic_write_bytes
from injurydoc.store.database import Database
from injurydoc.store.keyslots import KdfParams
from injurydoc.store.layout import is_store
from injurydoc.store.vault import Vault

if TYPE_CHECKING:
    import psycopg

__all__ = [
    "UNIT_FILE",
    "UnitSettings",
    "cache_folder",
    "check_purpose",
    "connect_workstation",
    "is_unit",
    "known_accounts",
    "settings",
    "sign_in_unit",
    "stays_local",
    "strip_password",
    "workstation_id",
    "workstation_name",
]

#: In the OS user's configuration folder (services.workstation.config_dir): which cache is whose.
UNIT_FILE: Final = "unit.json"

# keys in the cache's sync_state table
_MODE, _DSN, _UNIT_ID, _ACCOUNT_ID, _SIGNING_KEY, _ENCRYPTION_KEY, _GENERATION, _PURPOSE = (
    "mode",
    "server_dsn",
    "unit_id",
    "account_id",
    "signing_key_id",
    "encryption_key_id",
    "key_generation",
    "unit_purpose",  # "training": the cache of a training unit (server schema 0007)
)


@dataclass(frozen=True)
class UnitSettings:
    """What a cache store records about its server (inside the encrypted store)."""

    dsn: str  # libpq DSN without password
    unit_id: str
    account_id: str
    signing_key_id: str
    encryption_key_id: str


# ----- what is recorded where ------------------------------------------------------------------------------
def strip_password(dsn: str) -> str:
    """The DSN without a password (a password never leaves the person's head or the encrypted cache)."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    from injurydoc.server.errors import ServerError

    try:
        params = conninfo_to_dict(dsn)
    except Exception:
        raise ServerError("server.connect") from None
    params.pop("password", None)
    return make_conninfo("", **{k: str(v) for k, v in params.items()})


def _state(db: Database, key: str) -> str | None:
    row = db.one("SELECT value FROM sync_state WHERE key = ?", (key,))
    return None if row is None else str(row[0])


def is_unit(db: Database) -> bool:
    return _state(db, _MODE) == "unit"


def settings(db: Database) -> UnitSettings | None:
    if not is_unit(db):
        return None
    return UnitSettings(
        dsn=_state(db, _DSN) or "",
        unit_id=_state(db, _UNIT_ID) or "",
        account_id=_state(db, _ACCOUNT_ID) or "",
        signing_key_id=_state(db, _SIGNING_KEY) or "",
        encryption_key_id=_state(db, _ENCRYPTION_KEY) or "",
    )


def stays_local(session: Session) -> bool:
    """A training store whose records never go to a server: every training store except the cache of a
    training unit.  Exercises reach only a training unit (docs/server.md, "Training units")."""
    return session.is_training and _state(session.db, _PURPOSE) != "training"


def _unit_file() -> Path:
    return workstation.config_dir() / UNIT_FILE


def _read_unit_file() -> dict[str, Any]:
    try:
        doc = json.loads(_unit_file().read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return doc if isinstance(doc, dict) else {}


def _write_unit_file(doc: dict[str, Any]) -> None:
    folder = workstation.config_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    atomic_write_bytes(folder / UNIT_FILE, json.dumps(doc, indent=2, sort_keys=True).encode())


def workstation_id() -> str:
    """This workstation's id on the unit server (made once, kept in unit.json)."""
    doc = _read_unit_file()
    value = doc.get("workstation_id")
    with contextlib.suppress(ValueError, TypeError):
        return str(uuid.UUID(str(value)))
    doc["workstation_id"] = str(uuid.uuid4())
    with contextlib.suppress(OSError):
        _write_unit_file(doc)
    return str(doc["workstation_id"])


def workstation_name() -> str:
    return socket.gethostname()[:100]


def _server_key(dsn: str) -> str:
    """The server part of a DSN (host, port, database), the same for every account."""
    from psycopg.conninfo import conninfo_to_dict

    params = conninfo_to_dict(strip_password(dsn))
    return json.dumps({k: str(params.get(k, "")) for k in ("host", "port", "dbname")}, sort_keys=True)


def cache_folder(dsn: str, username: str, root: Path | None = None) -> Path:
    """Where ``username``'s cache for this server lives: a folder of its own per account."""
    name = hashlib.sha256(f"{_server_key(dsn)}\n{username}".encode()).hexdigest()[:24]
    return (root or app_data_dir() / "unit-cache") / name


def known_accounts() -> dict[str, dict[str, str]]:
    """User name -> {"server": DSN without password, "folder": cache folder} on this workstation."""
    accounts = _read_unit_file().get("accounts")
    if not isinstance(accounts, dict):
        return {}
    return {
        str(k): {"server": str(v.get("server", "")), "folder": str(v.get("folder", ""))}
        for k, v in accounts.items()
        if isinstance(v, dict)
    }


def _remember(username: str, dsn: str, folder: Path, unit_name: str) -> None:
    doc = _read_unit_file()
    doc.setdefault("workstation_id", str(uuid.uuid4()))
    found = doc.get("accounts")
    accounts: dict[str, Any] = found if isinstance(found, dict) else {}
    accounts[username] = {"server": strip_password(dsn), "folder": str(folder), "unit": unit_name}
    doc["accounts"] = accounts
    doc["server"] = strip_password(dsn)
    _write_unit_file(doc)


# ----- connecting a workstation ----------------------------------------------------------------------------
@dataclass(frozen=True)
class _ServerAccount:
    id: str
    unit_id: str
    unit_name: str
    display_name: str
    profession: str
    hsa_id: str
    roles: frozenset[Role]
    training: bool = False  # the account's unit is a training unit


def _read_account(conn: psycopg.Connection[Any]) -> _ServerAccount:
    from injurydoc.server.errors import ServerError

    row = conn.execute(
        "SELECT a.id, a.unit_id, u.name, a.display_name, a.profession, a.hsa_id, a.roles, a.active,"
        # the column exists from schema 0007 on; before it every unit is real
        " coalesce(to_jsonb(u) ->> 'purpose', 'real') = 'training'"
        " FROM injurydoc.accounts a JOIN injurydoc.units u ON u.id = a.unit_id"
        " WHERE a.role_name = current_user"
    ).fetchone()
    conn.commit()
    if row is None or not row[7]:
        raise ServerError("server.no_account")
    roles = frozenset(Role(r) for r in row[6] if r in {x.code for x in Role})
    return _ServerAccount(
        str(row[0]), str(row[1]), str(row[2]), str(row[3]), str(row[4]), str(row[5]), roles, bool(row[8])
    )


def check_purpose(username: str, *, training: bool, unit_training: bool) -> None:
    """A training store connects only to a training unit, a real one only to a real unit: refused with
    what to do (:class:`~injurydoc.services.unit_connection.UnitError`)."""
    from injurydoc.services.unit_connection import UnitError

    if training and not unit_training:
        raise UnitError("unit.training_needs_training_unit", user=username)
    if unit_training and not training:
        raise UnitError("unit.training_unit_needs_training", user=username)


def connect_workstation(
    dsn: str,
    username: str,
    password: str,
    *,
    kdf: KdfParams | None = None,
    root: Path | None = None,
    training: bool = False,
    unit_key: str = "",
) -> Session:
    """Make this account's cache on this workstation and sign in to it (needs the server once).

    ``unit_key``: the unit key's fingerprint from IT's connection file or the manager's paper; the
    server's must be that one (``server.unit_key_mismatch``, nothing made).  Without it the server's
    unit key, if any, is pinned on first use (sync/unit_key.py).

    ``training``: a training store is wanted (``init --training``, the wizard of a training store); the
    account must then be of a training unit, and otherwise of a real unit (``UnitError`` saying what to
    do, nothing made).  The cache of a training unit's account is a training store.

    Raises :class:`~injurydoc.server.errors.ServerError` (bilingual) when the server cannot be reached or
    refuses the account, :class:`StoreError` ``store.exists`` when the account has a cache here already
    (then :func:`sign_in_unit`)."""
    from injurydoc.server.connection import connect, server_errors
    from injurydoc.services import keys as key_service

    name = check_username(username)
    check_password(password)
    dsn = strip_password(dsn)
    folder = cache_folder(dsn, name, root)
    if is_store(folder):
        raise StoreError("store.exists", path=str(folder))
    kdf = kdf or KdfParams()
    with connect(dsn, password=password) as conn:
        with server_errors():
            who = _read_account(conn)
        check_purpose(name, training=training, unit_training=who.training)
        store_purpose = StorePurpose.TRAINING if who.training else StorePurpose.REAL
        vault, _code = Vault.create(folder, purpose=store_purpose, unit_name=who.unit_name, kdf=kdf)
        try:
            session = _first_session(vault, who, name, password, kdf)
            keys = session.keys
            if keys is None:
                raise RuntimeError("a new cache without personal keys")
            signing_id, encryption_id = _register_keys(conn, who, keys)
            _record_server(session, dsn, who, signing_id, encryption_id, keys.generation)
            _pin_unit_key(conn, session, unit_key)
        except BaseException:
            with contextlib.suppress(Exception):
                vault.close()
            _remove(folder)
            raise
    key_service.remember_on_this_computer(session)
    _remember(name, dsn, folder, who.unit_name)
    return session


def _first_session(vault: Vault, who: _ServerAccount, name: str, password: str, kdf: KdfParams) -> Session:
    """The new cache's one account (the server's id and roles) signed in, with its personal keys
    certified by this cache's own unit key, and its slot.  No recovery code for a cache: the account's
    own slot is the only one (docs/server.md)."""
    from injurydoc.services import keys as key_service

    with vault.db.transaction() as db:
        account = accounts_repo.insert(
            db,
            username=name,
            display_name=who.display_name,
            roles=who.roles,
            profession=_profession(who.profession),
            hsa_id=who.hsa_id,
            created_by=None,
            account_id=who.id,
        )
        session = Session(vault=vault, account=account, kdf=kdf)
        key_service.key_new_store(session, password, {"event": "unit_cache_created"}, recovery_code=False)
    return session


def _register_keys(conn: psycopg.Connection[Any], who: _ServerAccount, keys: Any) -> tuple[str, str]:
    """The account registers its public keys on the server itself (the signing key is the one the server
    accepts its signatures under; the encryption key carries its binding to the signing key, which
    protected persons' keys are wrapped for: sync/sealed.py); returns (signing key id, encryption key id)."""
    from injurydoc.server.connection import server_errors
    from injurydoc.sync import sealed

    pub = keys.public()
    signing_id, encryption_id = str(uuid.uuid4()), str(uuid.uuid4())
    bound = sealed.binding(who.unit_id, who.id, who.display_name, keys)
    with server_errors():
        for key_id, purpose, algorithm, raw, cert in (
            (signing_id, "signing", "ed25519", pub.ed25519, None),
            (encryption_id, "encryption", "x25519", pub.x25519, bound),
        ):
            conn.execute(
                "INSERT INTO injurydoc.account_keys"
                " (id, unit_id, account_id, purpose, algorithm, public_key, created_by, certificate)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                (key_id, who.unit_id, who.id, purpose, algorithm, raw, who.id, cert),
            )
        conn.commit()
    return signing_id, encryption_id


def _record_server(
    session: Session, dsn: str, who: _ServerAccount, signing_id: str, encryption_id: str, generation: int
) -> None:
    """The server, unit, account and key ids inside the cache (its ``sync_state``), and the connection
    in its log."""
    with session.transaction() as db:
        for key, value in (
            (_MODE, "unit"),
            (_DSN, dsn),
            (_UNIT_ID, who.unit_id),
            (_ACCOUNT_ID, who.id),
            (_SIGNING_KEY, signing_id),
            (_ENCRYPTION_KEY, encryption_id),
            (_GENERATION, str(generation)),
            (_PURPOSE, "training" if who.training else "real"),
            ("workstation_id", workstation_id()),  # named in the sync's own log rows (sync/client_log.py)
        ):
            db.execute(
                "INSERT INTO sync_state (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
        session.audit(
            AuditAction.ACCOUNT,
            target=f"account:{who.id}",
            details={"event": "unit_workstation_connected", "signing_key": signing_id},
        )


def _pin_unit_key(conn: psycopg.Connection[Any], session: Session, expected: str) -> None:
    """The unit key pinned in the new cache (compared with ``expected`` when given)."""
    from injurydoc.sync import unit_key
    from injurydoc.sync.outbox import Outbox, StoreConnection

    unit_key.pin_at_connect(conn, Outbox(StoreConnection(session.db)), expected)


def _profession(code: str) -> Profession:
    try:
        return Profession(code)
    except ValueError:
        return Profession.OTHER


def _remove(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


def sign_in_unit(
    username: str, password: str, *, dsn: str | None = None, root: Path | None = None
) -> Session:
    """Open this account's cache on this workstation — no network.  ``dsn``: which server's cache (the
    one recorded for the user name in unit.json when not given)."""
    name = check_username(username)
    if dsn is not None:
        folder = cache_folder(dsn, name, root)
    else:
        known = known_accounts().get(name)
        if known is None:
            raise StoreError("unit.no_cache", user=name)
        folder = Path(known["folder"])
    return sign_in(folder, name, password)
