"""Connecting to the unit server with psycopg 3, and the password verifier made on the client.

Every account connects as its own PostgreSQL login role.  Connection failures and refusals become
:class:`~injurydoc.server.errors.ServerError`; the DSN itself never appears in a message (it may hold a
password).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import stringprep
import unicodedata
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


def scram_verifier(
    conn: psycopg.Connection[Any], username: str, password: str, *, iterations: int | None = None
) -> str:
    """The SCRAM-SHA-256 verifier of ``password`` for ``username``, computed here by libpq
    (PQencryptPasswordConn, PostgreSQL's 4096 PBKDF2 iterations): the server stores it and never sees the
    password.

    ``iterations`` is for the tests only (tests/server/conftest.py, ``_cheap_scram``): a verifier with
    that count, made here as libpq makes it (RFC 5802, RFC 7677), so that a test's logins skip the 4096
    iterations every client pays per connection.  The program never passes it."""
    if iterations is None:
        user = username.encode("utf-8")
        raw = conn.pgconn.encrypt_password(password.encode("utf-8"), user, b"scram-sha-256")
        return raw.decode("ascii")
    return _scram_sha_256(password, iterations)


def _saslprep(password: str) -> bytes:
    """The password as PostgreSQL's SCRAM hashes it (pg_saslprep, RFC 4013): ASCII as it is; otherwise
    mapped and NFKC-normalized, or the raw bytes when it has a prohibited character or bad bidi text."""
    raw = password.encode("utf-8")
    if password.isascii():
        return raw
    mapped = "".join(
        " " if stringprep.in_table_c12(c) else "" if stringprep.in_table_b1(c) else c for c in password
    )
    norm = unicodedata.normalize("NFKC", mapped)
    prohibited = (
        stringprep.in_table_c12, stringprep.in_table_c21_c22, stringprep.in_table_c3, stringprep.in_table_c4,
        stringprep.in_table_c5, stringprep.in_table_c6, stringprep.in_table_c7, stringprep.in_table_c8,
        stringprep.in_table_c9, stringprep.in_table_a1,
    )  # fmt: skip
    if not norm or any(test(c) for c in norm for test in prohibited):
        return raw
    if any(map(stringprep.in_table_d1, norm)) and (
        any(map(stringprep.in_table_d2, norm))
        or not (stringprep.in_table_d1(norm[0]) and stringprep.in_table_d1(norm[-1]))
    ):
        return raw
    return norm.encode("utf-8")


def _scram_sha_256(password: str, iterations: int) -> str:
    salt = os.urandom(16)
    salted = hashlib.pbkdf2_hmac("sha256", _saslprep(password), salt, iterations)
    stored_key = hashlib.sha256(hmac.digest(salted, b"Client Key", "sha256")).digest()
    server_key = hmac.digest(salted, b"Server Key", "sha256")
    b64 = [base64.b64encode(b).decode("ascii") for b in (salt, stored_key, server_key)]
    return f"SCRAM-SHA-256${iterations}:{b64[0]}${b64[1]}:{b64[2]}"
