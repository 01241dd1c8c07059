"""Shared parts of the command line: messages, secrets from the terminal or standard input."""

from __future__ import annotations

import argparse
import getpass
from typing import TextIO

from injurydoc.domain.errors import Lang
from injurydoc.domain.texts import text

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


class Cli:
    def __init__(self, lang: Lang, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> None:
        self.lang: Lang = lang
        self.stdin, self.stdout, self.stderr = stdin, stdout, stderr

    def out(self, text: str) -> None:
        print(text, file=self.stdout)

    def err(self, text: str) -> None:
        print(text, file=self.stderr)

    # ----- secrets ----------------------------------------------------------------------------
    def read_stdin_line(self) -> str:
        line = self.stdin.readline()
        if not line:
            raise UsageError(text("cli.no_stdin", self.lang))
        return line.rstrip("\r\n")

    def password(self, args: argparse.Namespace, prompt: str = "cli.password") -> str:
        if getattr(args, "password_stdin", False):
            return self.read_stdin_line()
        return getpass.getpass(text(prompt, self.lang))

    def new_password(self, args: argparse.Namespace) -> str:
        if getattr(args, "password_stdin", False):
            return self.read_stdin_line()
        first = getpass.getpass(text("cli.new_password", self.lang))
        if getpass.getpass(text("cli.repeat", self.lang)) != first:
            raise UsageError(text("cli.mismatch", self.lang))
        return first

    def ask(self, key: str) -> str:
        self.stdout.write(text(key, self.lang))
        self.stdout.flush()
        return self.stdin.readline().strip()


class UsageError(Exception):
    pass


# ----- commands ---------------------------------------------------------------------------------
