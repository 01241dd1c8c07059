"""Connecting to the unit server with psycopg 3, and the password verifier made on the client.

Every account connects as its own PostgreSQL login role.  Connection failures and refusals become
:class:`~injurydoc.server.errors.ServerError`; the DSN itself never appears in a message (it may hold a
password).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict

from injurydoc.server.errors import translate

__all__ = ["connect", "scram_verifier", "server_errors"]

CONNECT_TIMEOUT_S = 10


@contextmanager
def server_errors() -> Iterator[None]:
    """Turn psycopg errors raised inside the block into ServerError (the cause is dropped: no DSN leaks)."""
    try:
        yield
    except psycopg.Error as exc:
        raise translate(exc) from None


def connect(dsn: str, *, autocommit: bool = False, password: str | None = None) -> psycopg.Connection[Any]:
    """A connection to the unit server (libpq DSN or URI; PG* environment variables apply as usual)."""
    try:
        params = conninfo_to_dict(dsn)
    except psycopg.ProgrammingError:
        from injurydoc.server.errors import ServerError

        raise ServerError("server.connect") from None
    extra: dict[str, Any] = {"application_name": params.get("application_name", "injurydoc")}
    if "connect_timeout" not in params:
        extra["connect_timeout"] = CONNECT_TIMEOUT_S
    if password is not None:
        extra["password"] = password
    with server_errors():
        return psycopg.connect(dsn, autocommit=autocommit, **extra)


def scram_verifier(conn: psycopg.Connection[Any], username: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier of ``password`` for ``username``, computed here by libpq
    (PQencryptPasswordConn): the server stores it and never sees the password."""
    raw = conn.pgconn.encrypt_password(password.encode("utf-8"), username.encode("utf-8"), b"scram-sha-256")
    return raw.decode("ascii")
