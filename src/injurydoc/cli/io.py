"""Shared parts of the command line: messages, secrets from the terminal or standard input."""

from __future__ import annotations

import argparse
import getpass
from typing import TextIO

from injurydoc.domain.errors import Lang

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2

_T: dict[str, tuple[str, str]] = {
    "password": ("Lösenord: ", "Password: "),
    "new_password": ("Nytt lösenord: ", "New password: "),
    "repeat": ("Upprepa lösenordet: ", "Repeat the password: "),
    "mismatch": ("Lösenorden är inte lika.", "The passwords differ."),
    "manager": ("Enhetschefens användarnamn: ", "Unit manager's user name: "),
    "manager_name": ("Enhetschefens namn: ", "Unit manager's full name: "),
    "unit": ("Vårdenhetens namn: ", "Name of the care unit: "),
    "recovery": ("Återställningskod: ", "Recovery code: "),
    "no_stdin": ("Inget lösenord på standard in.", "No password on standard input."),
    "created": ("Databasen har skapats i {path}.", "The store has been created in {path}."),
    "recovery_banner": (
        "ÅTERSTÄLLNINGSKOD — visas bara nu. Skriv ner den på papper och förvara den inlåst.\n"
        "Med den kan en enhetschef sätta nytt lösenord för alla konton om ett lösenord glöms.",
        "RECOVERY CODE — shown only now. Write it on paper and keep it locked away.\n"
        "With it a unit manager can set a new password for any account if one is forgotten.",
    ),
    "chain_ok": (
        "Åtkomstloggen är hel: {rows} rader kontrollerade.",
        "The access log is whole: {rows} rows checked.",
    ),
    "unit_key_banner": (
        "ENHETSNYCKELNS FINGERAVTRYCK — skriv det på samma papper som koden. Programmet jämför det vid\n"
        "varje inloggning på den här datorn; jämför själv vid loggkontroll (docs/store.md).",
        "UNIT KEY FINGERPRINT — write it on the same paper as the code. The program compares it at\n"
        "every sign-in on this computer; compare it yourself at each log review (docs/store.md).",
    ),
    "unit_key": ("Enhetsnyckel: {fingerprint}", "Unit key: {fingerprint}"),
    "audit_head": (
        "Senaste rad och dess kontrollsumma (skriv ner för att kunna kontrollera senare): {head}",
        "Newest row and its hash (write it down to check against later): {head}",
    ),
    "audit_note": ("Obs: {note}", "Note: {note}"),
    "bad_head": (
        "{value} är inte RAD:SHA256 (som skrivs ut av audit verify).",
        "{value} is not ROW:SHA256 (as printed by audit verify).",
    ),
    "bad_backup": (
        "{path} är ingen läsbar säkerhetskopia med loggens senaste rad.",
        "{path} is not a readable backup that records the log's newest row.",
    ),
    "rekey_plan": (
        "Ny datanyckel för: {keep}. {pages} sidor krypteras om. Alla andra måste vara utloggade.",
        "New data key for: {keep}. {pages} pages are re-encrypted. Everyone else must be signed out.",
    ),
    "rekey_lose": (
        "Dessa konton har inte loggat in sedan personliga nycklar infördes och behöver nytt lösenord "
        "efteråt: {users}",
        "These accounts have not signed in since personal keys came and need a new password "
        "afterwards: {users}",
    ),
    "rekey_progress": ("Omkryptering: {percent} %", "Re-encrypting: {percent} %"),
    "rekey_done": (
        "Databasen har en ny datanyckel. Gamla kopior av keyslots.json öppnar den inte längre.",
        "The store has a new data key. Old copies of keyslots.json no longer open it.",
    ),
    "backup_done": ("Säkerhetskopia skriven: {path}", "Backup written: {path}"),
    "restored": (
        "Återställd till {path} (schema {schema}, {rows} loggrader kontrollerade).",
        "Restored to {path} (schema {schema}, {rows} log rows checked).",
    ),
    "reset_done": (
        "Nytt lösenord satt för {user}.",
        "New password set for {user}.",
    ),
    "bug": (
        "Ett oväntat fel inträffade i programmet. Ingenting har ändrats i efterhand. "
        "En felrapport utan patientuppgifter finns i {path}.",
        "An unexpected error occurred in the program. A report without patient data is in {path}.",
    ),
}


class Cli:
    def __init__(self, lang: Lang, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> None:
        self.lang: Lang = lang
        self.stdin, self.stdout, self.stderr = stdin, stdout, stderr

    def t(self, key: str, **kw: object) -> str:
        sv, en = _T[key]
        return (sv if self.lang == "sv" else en).format(**kw)

    def out(self, text: str) -> None:
        print(text, file=self.stdout)

    def err(self, text: str) -> None:
        print(text, file=self.stderr)

    # ----- secrets ----------------------------------------------------------------------------
    def read_stdin_line(self) -> str:
        line = self.stdin.readline()
        if not line:
            raise UsageError(self.t("no_stdin"))
        return line.rstrip("\r\n")

    def password(self, args: argparse.Namespace, prompt: str = "password") -> str:
        if getattr(args, "password_stdin", False):
            return self.read_stdin_line()
        return getpass.getpass(self.t(prompt))

    def new_password(self, args: argparse.Namespace) -> str:
        if getattr(args, "password_stdin", False):
            return self.read_stdin_line()
        first = getpass.getpass(self.t("new_password"))
        if getpass.getpass(self.t("repeat")) != first:
            raise UsageError(self.t("mismatch"))
        return first

    def ask(self, key: str) -> str:
        self.stdout.write(self.t(key))
        self.stdout.flush()
        return self.stdin.readline().strip()


class UsageError(Exception):
    pass


# ----- commands ---------------------------------------------------------------------------------
