"""Test helpers for the unit server: a database handle, and a small world of two units whose accounts act
by plain SQL on their own login roles (never through a privileged shortcut)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import psycopg
import pytest

from injurydoc.server import admin
from injurydoc.server.localcluster import LocalCluster

OWNER = "idoc_owner"
OWNER_PASSWORD = "owner-password-for-tests"
TEMPLATE = "injurydoc_template"
PASSWORD = "correct horse battery"


@dataclass
class ServerDb:
    cluster: LocalCluster
    name: str

    @property
    def owner_dsn(self) -> str:
        return self.cluster.dsn(self.name, OWNER, OWNER_PASSWORD)

    def dsn(self, user: str, password: str = PASSWORD) -> str:
        return self.cluster.dsn(self.name, user, password)

    def connect(
        self, user: str, password: str = PASSWORD, autocommit: bool = True
    ) -> psycopg.Connection[Any]:
        return psycopg.connect(self.dsn(user, password), autocommit=autocommit)

    def owner(self) -> psycopg.Connection[Any]:
        return psycopg.connect(self.owner_dsn, autocommit=True)

    def superuser(self) -> psycopg.Connection[Any]:
        return psycopg.connect(self.cluster.dsn(self.name), autocommit=True)


@contextmanager
def refused(sqlstate: str) -> Iterator[None]:
    """The block must fail on the server with exactly this SQLSTATE (42501: no privilege or a row-level
    security check; ID001…: the schema's own refusals)."""
    with pytest.raises(psycopg.Error) as info:
        yield
    assert info.value.sqlstate == sqlstate, (info.value.sqlstate, str(info.value))


def lookup_value(number: str) -> bytes:
    """What a workstation would send: a keyed hash of the identity number (key made up for the test)."""
    return hashlib.blake2b(number.encode(), key=b"unit-lookup-key", digest_size=32).digest()


@dataclass
class World:
    db: ServerDb
    unit_a: uuid.UUID
    unit_b: uuid.UUID
    ids: dict[str, uuid.UUID] = field(default_factory=dict)
    keys: dict[str, uuid.UUID] = field(default_factory=dict)
    unit_by_user: dict[str, uuid.UUID] = field(default_factory=dict)  # accounts of units added later
    _conns: dict[str, psycopg.Connection[Any]] = field(default_factory=dict)

    @classmethod
    def build(cls, db: ServerDb) -> World:
        init = admin.init_server(
            db.owner_dsn,
            unit_name="Vårdcentralen A",
            manager="chef",
            manager_display_name="Chef A",
            manager_password=PASSWORD,
        )
        unit_b = admin.add_unit(
            db.owner_dsn,
            unit_name="Vårdcentralen B",
            manager="berit",
            manager_display_name="Berit B",
            manager_password=PASSWORD,
        )
        w = cls(db, init.unit_id, unit_b)
        for manager, accounts in (
            ("chef", (("anna", ["clinician"]), ("erik", ["clinician"]), ("tove", ["trainer"]))),
            ("berit", (("bo", ["clinician"]),)),
        ):
            with db.connect(manager) as m:
                for username, roles in accounts:
                    admin.create_account(
                        m, username=username, display_name=username.title(), roles=roles, password=PASSWORD
                    )
        with db.owner() as o:
            for role_name, acc_id in o.execute("SELECT role_name, id FROM injurydoc.accounts"):
                w.ids[role_name] = acc_id
        for name in ("chef", "anna", "erik", "bo", "berit"):
            w.keys[name] = w.add_key(name)
        return w

    def in_copy(self, db: ServerDb) -> World:
        """This world in ``db``, a copy of its database (``CREATE DATABASE … TEMPLATE``): the same units,
        accounts and keys, its own connections."""
        return dataclasses.replace(
            self,
            db=db,
            ids=dict(self.ids),
            keys=dict(self.keys),
            unit_by_user=dict(self.unit_by_user),
            _conns={},
        )

    def add_training_unit(
        self,
        accounts: tuple[tuple[str, list[str]], ...] = (("elin", ["clinician"]), ("tina", ["trainer"])),
        *,
        name: str = "Övningsenheten",
        manager: str = "trudi",
    ) -> uuid.UUID:
        """A training unit on the same server (schema 0007), its manager and accounts, each with a key."""
        unit = admin.add_unit(
            self.db.owner_dsn,
            unit_name=name,
            manager=manager,
            manager_display_name=manager.title(),
            manager_password=PASSWORD,
            training=True,
        )
        with self.db.connect(manager) as m:
            for username, roles in accounts:
                admin.create_account(
                    m, username=username, display_name=username.title(), roles=roles, password=PASSWORD
                )
        with self.db.owner() as o:
            for role_name, acc_id in o.execute(
                "SELECT role_name, id FROM injurydoc.accounts WHERE unit_id = %s", (unit,)
            ):
                self.ids[role_name] = acc_id
                self.unit_by_user[role_name] = unit
        for username in (manager, *(u for u, _r in accounts)):
            self.keys[username] = self.add_key(username)
        return unit

    def close(self) -> None:
        for c in self._conns.values():
            c.close()

    # ----- acting as an account ------------------------------------------------------------------------
    def as_(self, user: str) -> psycopg.Connection[Any]:
        """A cached autocommit connection of that account's own login role."""
        if user not in self._conns or self._conns[user].closed:
            self._conns[user] = self.db.connect(user)
        return self._conns[user]

    def unit_of(self, user: str) -> uuid.UUID:
        if user in self.unit_by_user:
            return self.unit_by_user[user]
        return self.unit_b if user in ("berit", "bo") else self.unit_a

    def add_key(self, user: str, purpose: str = "signing") -> uuid.UUID:
        key_id = uuid.uuid4()
        self.as_(user).execute(
            "INSERT INTO injurydoc.account_keys (id, unit_id, account_id, purpose, algorithm, public_key, "
            "created_by) VALUES (%s, %s, %s, %s, 'ed25519', %s, %s)",
            (key_id, self.unit_of(user), self.ids[user], purpose, os.urandom(32), self.ids[user]),
        )
        return key_id

    def add_patient(
        self, user: str, *, protection: str = "none", name: str = "Test Person", number: str | None = None
    ) -> uuid.UUID:
        pid = uuid.uuid4()
        number = number or str(pid.int)[:12]
        identity = json.dumps({"name": name, "number": number}) if protection == "none" else None
        ciphertext = None if protection == "none" else os.urandom(64)
        self.as_(user).execute(
            "INSERT INTO injurydoc.patients (id, unit_id, protection, lookup, identity, identity_ciphertext, "
            "created_by) VALUES (%s, %s, %s, %s, %s, %s, %s)",
            (pid, self.unit_of(user), protection, lookup_value(number), identity, ciphertext, self.ids[user]),
        )
        return pid

    def add_exam(self, user: str, patient: uuid.UUID) -> uuid.UUID:
        eid = uuid.uuid4()
        self.as_(user).execute(
            "INSERT INTO injurydoc.examinations (id, unit_id, patient_id, examiner_id)"
            " VALUES (%s, %s, %s, %s)",
            (eid, self.unit_of(user), patient, self.ids[user]),
        )
        return eid

    def add_version(
        self,
        user: str,
        exam: uuid.UUID,
        *,
        parent: uuid.UUID | None = None,
        content: dict[str, Any] | None = None,
        encrypted: bool = False,
    ) -> uuid.UUID:
        vid = uuid.uuid4()
        plain = None if encrypted else json.dumps(content or {"account": "Patienten berättar …"})
        self.as_(user).execute(
            "INSERT INTO injurydoc.examination_versions (id, unit_id, examination_id, parent_id, author_id, "
            "client_saved_at, content, content_ciphertext) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            (
                vid,
                self.unit_of(user),
                exam,
                parent,
                self.ids[user],
                dt.datetime.now(dt.UTC),
                plain,
                os.urandom(48) if encrypted else None,
            ),
        )
        return vid

    def add_injury(
        self, user: str, version: uuid.UUID, number: int = 1, *, encrypted: bool = False
    ) -> uuid.UUID:
        iid = uuid.uuid4()
        self.as_(user).execute(
            "INSERT INTO injurydoc.injuries (id, unit_id, version_id, number, content, content_ciphertext) "
            "VALUES (%s, %s, %s, %s, %s, %s)",
            (
                iid,
                self.unit_of(user),
                version,
                number,
                None if encrypted else json.dumps({"type": "bruise"}),
                os.urandom(32) if encrypted else None,
            ),
        )
        return iid

    def sign(self, user: str, exam: uuid.UUID, version: uuid.UUID) -> None:
        self.as_(user).execute(
            "INSERT INTO injurydoc.signatures (examination_id, unit_id, version_id, signer_id, key_id,"
            " signed_at, content_sha256, signature) VALUES (%s, %s, %s, %s, %s, now(), %s, %s)",
            (
                exam,
                self.unit_of(user),
                version,
                self.ids[user],
                self.keys[user],
                os.urandom(32),
                os.urandom(64),
            ),
        )

    def grant(
        self, manager: str, patient: uuid.UUID, to: str, *, kind: str = "grant", days: int = 30
    ) -> uuid.UUID:
        until = dt.datetime.now(dt.UTC) + dt.timedelta(days=days)
        row = (
            self.as_(manager)
            .execute(
                "SELECT injurydoc.grant_access(%s, %s, %s, %s, %s)",
                (patient, self.ids[to], kind, "uppföljning", until),
            )
            .fetchone()
        )
        assert row is not None
        return row[0]  # type: ignore[no-any-return]
