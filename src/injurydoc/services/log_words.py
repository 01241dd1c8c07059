"""How an access-log row reads for a person: the event in words, detail keys in words, and the
accounts and case references behind the ids (``skada 1, SD-2026-0001``), in Swedish or English.

Used by the loggkontroll report (:mod:`injurydoc.services.log_report`); never shows a patient's name
or personal number, only case references.
"""

from __future__ import annotations

import json
from typing import Final

from injurydoc.domain.vocab import Lang
from injurydoc.store.database import Database

#: What an ``event`` in a log row's details means, in words (sv, en).
EVENTS: Final[dict[str, tuple[str, str]]] = {
    "addendum_added": ("tillägg skrivet", "addendum added"),
    "certificate_imported": ("certifikat importerat", "certificate imported"),
    "co_handler_added": ("medhandläggare tillagd", "co-handler added"),
    "created": ("skapad", "created"),
    "disabled": ("avstängt", "disabled"),
    "export_never_delivered": (
        "utlämning avbruten – paketet skrevs aldrig ut, inget lämnades ut",
        "release interrupted – the package was never delivered, nothing was released",
    ),
    "export_pending": ("utlämning påbörjad", "release started"),
    "export_recorded_at_start": (
        "utlämning registrerad vid nästa start (programmet avbröts efter att paketet skrivits)",
        "release recorded at the next start (the program stopped after writing the package)",
    ),
    "granted": ("åtkomst beviljad", "access granted"),
    "injury_added": ("skada tillagd", "injury added"),
    "injury_removed": ("skada borttagen", "injury removed"),
    "legal_basis_recorded": ("rättslig grund noterad", "legal basis recorded"),
    "keyring_key_refused": (
        "signeringsnyckeln i nyckelringen hör inte till kontots certifikat och används inte",
        "the signing key in the keyring does not belong to the account's certificate and is not used",
    ),
    "keyring_key_wrapped": (
        "signeringsnyckeln i nyckelringen skyddas nu med kontots lösenord",
        "the signing key in the keyring is now protected by the account's password",
    ),
    "listed": ("visad i lista", "shown in a list"),
    "lockout_file_damaged": (
        "filen med misslyckade inloggningar (signin-attempts.json) var skadad och har ersatts",
        "the failed sign-in file (signin-attempts.json) was damaged and has been replaced",
    ),
    "log_check_lookup": ("loggkontroll: patient sökt med personnummer", "log check: patient found by number"),
    "password_changed": ("lösenord bytt", "password changed"),
    "password_reset": ("lösenord återställt", "password reset"),
    "photo_import": ("foton importerade", "photos imported"),
    "photo_import_started": ("fotoimport påbörjad", "photo import started"),
    "photo_import_interrupted": (
        "fotoimport avbruten (programmet stoppades) – bara de lagrade fotona finns; importera mappen igen",
        "photo import interrupted (the program stopped) – only the stored photos are there; import the "
        "folder again",
    ),
    "pkcs11_module_removed": (
        "sökväg till kortprogramvara (PKCS#11) funnen i databasen och borttagen – används aldrig därifrån",
        "a smart-card software (PKCS#11) path found in the store was removed – it is never used from there",
    ),
    "photo_removed": ("foto borttaget", "photo removed"),
    "report_preview": ("intyget förhandsgranskat", "report previewed"),
    "rekey_done": ("databasen har fått en ny datanyckel", "the store has a new data key"),
    "rekey_started": ("byte av databasens datanyckel påbörjat", "change of the store's data key started"),
    "revoked": ("åtkomst återkallad", "access revoked"),
    "signing_key_created": ("signeringsnyckel skapad", "signing key created"),
    "token_configured": ("smart kort inställt", "smart card set up"),
}
#: Events the unit manager must notice: shown in words and in red in the manager page's log list.
ATTENTION_EVENTS: Final = frozenset(
    {
        "lockout_file_damaged",
        "export_never_delivered",
        "export_recorded_at_start",
        "keyring_key_refused",
        "pkcs11_module_removed",
        "photo_import_interrupted",
    }
)
#: Detail keys in words (sv, en); others are shown as stored.
_KEYS: Final[dict[str, tuple[str, str]]] = {
    "fields": ("fält", "fields"),
    "number": ("nummer", "number"),
    "reason": ("skäl", "reason"),
    "hits": ("träffar", "hits"),
    "pages": ("sidor", "pages"),
    "kind": ("typ", "kind"),
    "basis": ("grund", "basis"),
    "photos": ("foton", "photos"),
    "attempt": ("utlämningsförsök", "release attempt"),
    "found_at": ("upptäckt", "found"),
    "exported_by": ("utlämnad av", "released by"),
    "files": ("filer", "files"),
    "stored": ("lagrade", "stored"),
    "imported_by": ("importerad av", "imported by"),
}


def details_text(details: dict[str, object], lang: Lang = "sv") -> str:
    """The event in words, then ``key: value`` pairs (shorter than JSON for the printed table)."""
    i = 0 if lang == "sv" else 1
    parts = []
    event = details.get("event")
    if isinstance(event, str):
        parts.append(EVENTS[event][i] if event in EVENTS else event)
    for key in sorted(details):
        if key == "event":
            continue
        value = details[key]
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        parts.append(f"{_KEYS[key][i] if key in _KEYS else key}: {text}")
    return "; ".join(parts)


class LogNames:
    """Account user names and case references for ids in the log, looked up once each."""

    def __init__(self, db: Database, lang: Lang = "sv") -> None:
        self.db = db
        self.lang = lang
        self._accounts: dict[str, str] | None = None
        self._cases: dict[str, str] = {}

    def _numbered(self, table: str, ident: str, sv: str, en: str) -> str | None:
        """``foto 3, SD-2026-0001`` for a photo, injury or addendum id (None if it is gone)."""
        number = "NULL" if table == "addenda" else "t.number"
        row = self.db.one(
            f"SELECT {number}, e.case_ref FROM {table} t JOIN examinations e ON e.id = t.examination_id "
            "WHERE t.id = ?",
            (ident,),
        )
        if row is None:
            return None
        word = sv if self.lang == "sv" else en
        return f"{word} {row[0]}, {row[1]}" if row[0] is not None else f"{word}, {row[1]}"

    def account(self, account_id: str) -> str:
        if self._accounts is None:
            self._accounts = {str(i): str(u) for i, u in self.db.all("SELECT id, username FROM accounts")}
        return self._accounts.get(account_id, account_id)

    def target(self, target: str) -> str:
        kind, sep, ident = target.partition(":")
        if not sep:
            return target
        if kind == "account":
            return f"account:{self.account(ident)}"
        if kind == "examination":
            if ident not in self._cases:
                ref = self.db.scalar("SELECT case_ref FROM examinations WHERE id = ?", (ident,))
                self._cases[ident] = str(ref) if ref else ident
            return f"examination:{self._cases[ident]}"
        tables = {
            "photo": ("photos", "foto", "photo"),
            "injury": ("injuries", "skada", "injury"),
            "addendum": ("addenda", "tillägg", "addendum"),
        }
        if kind in tables:
            if target not in self._cases:
                self._cases[target] = self._numbered(*tables[kind][:1], ident, *tables[kind][1:]) or target
            return self._cases[target]
        return target
