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
