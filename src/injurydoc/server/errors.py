"""What the unit server refused, in Swedish and English.

:class:`ServerError` is a :class:`KnownError` whose codes live in :data:`SERVER_MESSAGES` (kept apart from
the main catalogue, like ``SETUP_MESSAGES``).  :func:`translate` turns a psycopg error into one, by its
SQLSTATE: the server's own refusals use the class ``ID`` (see ``sql/v0001_functions.py``).  Messages
carry codes, versions and counts only: never a DSN (it may hold a password), never patient data.
"""

from __future__ import annotations

from typing import Final

from injurydoc.domain.errors import KnownError, Lang

__all__ = ["SERVER_MESSAGES", "ServerError", "translate"]

SERVER_MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "server.connect": (
        "Kunde inte ansluta till enhetsservern. Kontrollera adressen (DSN), att servern är igång och "
        "nätverket. Arbetet kan fortsätta på den här datorn.",
        "Could not connect to the unit server. Check the address (DSN), that the server is running and the "
        "network. Work can go on on this computer.",
    ),
    "server.auth": (
        "Enhetsservern godtog inte användarnamnet eller lösenordet.",
        "The unit server did not accept the user name or password.",
    ),
    "server.denied": (
        "Enhetsservern vägrade: kontot har inte behörighet till detta.",
        "The unit server refused: the account is not authorised for this.",
    ),
    "server.no_account": (
        "Inloggningen är inget aktivt konto på enhetsservern (avstängt, eller en roll som inte hör till "
        "programmet).",
        "This login is no active account on the unit server (disabled, or a role that does not belong to "
        "the program).",
    ),
    "server.immutable": (
        "Enhetsservern vägrade att ändra något som redan är signerat, loggat eller lagrat. Ingenting har "
        "ändrats; skriv ett tillägg i stället.",
        "The unit server refused to change something already signed, logged or stored. Nothing has been "
        "changed; write an addendum instead.",
    ),
    "server.invalid": (
        "Enhetsservern vägrade ett ogiltigt värde ({detail}). Ingenting har sparats.",
        "The unit server refused an invalid value ({detail}). Nothing has been saved.",
    ),
    "server.duplicate": (
        "Det finns redan på enhetsservern.",
        "It already exists on the unit server.",
    ),
    "server.protected_plain": (
        "Uppgifter om en person med skyddade personuppgifter måste krypteras på datorn innan de skickas. "
        "Enhetsservern tog inte emot dem.",
        "Data about a person with protected personal data must be encrypted on the computer before it is "
        "sent. The unit server did not accept it.",
    ),
    "server.username": (
        "Användarnamnet är upptaget eller inte tillåtet på enhetsservern (a–z, 0–9, punkt, bindestreck, "
        "understreck; 2–32 tecken; inte pg_ eller injurydoc i början).",
        "The user name is taken or not allowed on the unit server (a–z, 0–9, dot, hyphen, underscore; 2–32 "
        "characters; not starting with pg_ or injurydoc).",
    ),
    "server.read_order": (
        "En läsning måste begäras (och loggas) i en egen transaktion innan uppgifterna hämtas.",
        "A read must be requested (and logged) in a transaction of its own before the data is fetched.",
    ),
    "server.schema_missing": (
        "Databasen har inget injurydoc-schema. Kör: injurydoc server init --dsn …",
        "The database has no injurydoc schema. Run: injurydoc server init --dsn …",
    ),
    "server.schema_outdated": (
        "Enhetsserverns schema ({version}) är äldre än programmets ({head}). Be IT köra: "
        "injurydoc server migrate --dsn …",
        "The unit server's schema ({version}) is older than the program's ({head}). Ask IT to run: "
        "injurydoc server migrate --dsn …",
    ),
    "server.schema_too_new": (
        "Enhetsserverns schema ({version}) är nyare än det här programmet känner till (högst {head}). "
        "Uppdatera programmet.",
        "The unit server's schema ({version}) is newer than this program knows (at most {head}). Update "
        "the program.",
    ),
    "server.schema_unknown": (
        "Enhetsserverns schemaversion {version} är okänd för programmet.",
        "The unit server's schema version {version} is unknown to the program.",
    ),
    "server.revision_unknown": (
        "Schemaversionen {version} finns inte. Kända versioner: {known}, samt head och base.",
        "Schema version {version} does not exist. Known versions: {known}, and head and base.",
    ),
    "server.already_initialised": (
        "Enhetsservern är redan uppsatt (det finns {units} enhet(er)). Lägg till en enhet med "
        "injurydoc server add-unit.",
        "The unit server is set up already ({units} unit(s) exist). Add a unit with "
        "injurydoc server add-unit.",
    ),
    "server.not_owner": (
        "Rollen saknar rätt att skapa schemat eller inloggningsroller. Kör som databasens ägare med "
        "CREATEROLE (se docs/server.md).",
        "The role may not create the schema or login roles. Run as the database owner with CREATEROLE "
        "(see docs/server.md).",
    ),
    "server.photo_mismatch": (
        "Bildens byte stämmer inte med dess SHA-256 på enhetsservern. De har kastats och skickas om.",
        "The photo's bytes do not match its SHA-256 on the unit server. They were discarded and will be "
        "sent again.",
    ),
    "server.photo_incomplete": (
        "Alla delar av bilden har inte kommit fram till enhetsservern ännu; överföringen fortsätter.",
        "Not all parts of the photo have reached the unit server yet; the transfer goes on.",
    ),
    "server.error": (
        "Enhetsservern svarade med ett fel (SQLSTATE {sqlstate}). Ingenting har ändrats. Kontakta IT om "
        "det upprepas.",
        "The unit server answered with an error (SQLSTATE {sqlstate}). Nothing has been changed. Contact "
        "IT if it happens again.",
    ),
    "server.bad_content": (
        "Enhetsservern skickade något som inte går att läsa som en journaluppgift ({what}). Det togs inte "
        "emot och ingenting på den här datorn har ändrats. Kontakta IT: uppgifterna på servern kan vara "
        "skadade eller ändrade.",
        "The unit server sent something that cannot be read as a record ({what}). It was not taken in and "
        "nothing on this computer has changed. Contact IT: the data on the server may be damaged or "
        "altered.",
    ),
}


class ServerError(KnownError):
    """A refusal or failure of the unit server, with the reason (``server.*`` codes)."""

    def __init__(self, code: str, **params: object) -> None:
        if code not in SERVER_MESSAGES:
            raise KeyError(code)
        # KnownError.__init__ would look the code up in the main catalogue: set its fields here instead.
        self.code = code
        self.params = params
        Exception.__init__(self, self.message("en"))

    def message(self, lang: Lang = "sv") -> str:
        sv, en = SERVER_MESSAGES[self.code]
        return (sv if lang == "sv" else en).format(**self.params)


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
