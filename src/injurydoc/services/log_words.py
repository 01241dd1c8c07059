"""How an access-log row reads for a person: the event in words, detail keys in words, and the
accounts and case references behind the ids (``skada 1, SD-2026-0001``), in Swedish or English.

Used by the loggkontroll report (:mod:`injurydoc.services.log_report`); never shows a patient's name
or personal number, only case references.
"""

from __future__ import annotations

import json
from typing import Final

from injurydoc.domain.texts import TEXTS, text
from injurydoc.domain.vocab import Lang
from injurydoc.store.database import Database

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


def details_text(details: dict[str, object], lang: Lang = "sv") -> str:
    """The event in words, then ``key: value`` pairs (shorter than JSON for the printed table)."""
    parts = []
    event = details.get("event")
    if isinstance(event, str):
        parts.append(text(f"log.event.{event}", lang) if f"log.event.{event}" in TEXTS else event)
    for key in sorted(details):
        if key == "event":
            continue
        value = details[key]
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        word = text(f"log.detail.{key}", lang) if f"log.detail.{key}" in TEXTS else key
        parts.append(f"{word}: {shown}")
    return "; ".join(parts)


class LogNames:
    """Account user names and case references for ids in the log, looked up once each."""

    def __init__(self, db: Database, lang: Lang = "sv") -> None:
        self.db = db
        self.lang = lang
        self._accounts: dict[str, str] | None = None
        self._cases: dict[str, str] = {}

    def _numbered(self, table: str, ident: str, kind: str) -> str | None:
        """``foto 3, SD-2026-0001`` for a photo, injury or addendum id (None if it is gone)."""
        number = "NULL" if table == "addenda" else "t.number"
        row = self.db.one(
            f"SELECT {number}, e.case_ref FROM {table} t JOIN examinations e ON e.id = t.examination_id "
            "WHERE t.id = ?",
            (ident,),
        )
        if row is None:
            return None
        word = text(f"log.target.{kind}", self.lang)
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
        tables = {"photo": "photos", "injury": "injuries", "addendum": "addenda"}
        if kind in tables:
            if target not in self._cases:
                self._cases[target] = self._numbered(tables[kind], ident, kind) or target
            return self._cases[target]
        return target
