"""What the unit server refused, in Swedish and English.

:class:`ServerError` is a :class:`KnownError` with a ``server.<name>`` code, worded in the text
catalogue (:mod:`injurydoc.domain.texts`, key ``server_error.<name>``).  :func:`translate` turns a
psycopg error into one, by its SQLSTATE: the server's own refusals use the class ``ID`` (see
``sql/v0001_functions.py``).  Messages carry codes, versions and counts only: never a DSN (it may hold a
password), never patient data.
"""

from __future__ import annotations

from typing import Final

from injurydoc.domain.errors import KnownError, Lang
from injurydoc.domain.texts import TEXTS, text

__all__ = ["ServerError", "translate"]


def _key(code: str) -> str:
    """The text catalogue's key of a ``server.<name>`` code: ``server_error.<name>``."""
    return "server_error." + code.removeprefix("server.")


class ServerError(KnownError):
    """A refusal or failure of the unit server, with the reason (``server.*`` codes)."""

    def __init__(self, code: str, **params: object) -> None:
        if not code.startswith("server.") or _key(code) not in TEXTS:
            raise KeyError(code)
        # KnownError.__init__ would look the code up in the main catalogue: set its fields here instead.
        self.code = code
        self.params = params
        Exception.__init__(self, self.message("en"))

    def message(self, lang: Lang = "sv") -> str:
        return text(_key(self.code), lang, **self.params)


_BY_SQLSTATE: Final[dict[str, str]] = {
    "ID001": "server.immutable",
    "ID002": "server.denied",
    "ID004": "server.protected_plain",
    "ID005": "server.username",
    "ID006": "server.read_order",
    "ID008": "server.no_account",
    "42501": "server.denied",  # insufficient_privilege (also: new row violates row-level security)
    "23505": "server.duplicate",
    "3F000": "server.schema_missing",  # invalid_schema_name
    "42P01": "server.schema_missing",  # undefined_table
    "42883": "server.schema_missing",  # undefined_function
    "28P01": "server.auth",
    "28000": "server.auth",
}


def translate(exc: Exception) -> ServerError:
    """The :class:`ServerError` for a psycopg error (connection failures included)."""
    import psycopg

    sqlstate = getattr(exc, "sqlstate", None) or ""
    if sqlstate in _BY_SQLSTATE:
        return ServerError(_BY_SQLSTATE[sqlstate])
    if sqlstate == "ID003":
        return ServerError("server.invalid", detail=_short_primary(exc))
    if sqlstate.startswith(("22", "23")):
        # the constraint's name says what was wrong, without any value
        diag = getattr(exc, "diag", None)
        return ServerError("server.invalid", detail=getattr(diag, "constraint_name", None) or sqlstate)
    if isinstance(exc, psycopg.OperationalError) and not sqlstate:
        text = str(exc)
        if "password authentication failed" in text or "no password supplied" in text:
            return ServerError("server.auth")
        return ServerError("server.connect")
    return ServerError("server.error", sqlstate=sqlstate or "-")


def _short_primary(exc: Exception) -> str:
    """The server's own message for an ``ID003`` refusal, without the ``injurydoc:`` prefix.

    These messages are written in ``sql/`` and name no values except user names and chunk numbers."""
    diag = getattr(exc, "diag", None)
    text = (getattr(diag, "message_primary", None) or "") if diag else ""
    return text.removeprefix("injurydoc: ")[:200] or "ID003"
