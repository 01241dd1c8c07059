"""The command line: ``injurydoc <command>``.  No command starts the GUI (that is ``injurydoc-gui``)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import Protocol, TextIO

from injurydoc.cli.evidence_cmds import cmd_exercise, cmd_export, cmd_signer, cmd_verify
from injurydoc.cli.io import EXIT_ERROR, EXIT_OK, EXIT_USAGE, Cli, UsageError
from injurydoc.cli.server_cmds import add_server_parser
from injurydoc.cli.store_cmds import (
    cmd_audit_verify,
    cmd_backup,
    cmd_demo,
    cmd_init,
    cmd_rekey,
    cmd_reset_password,
    cmd_restore,
)
from injurydoc.domain.errors import KnownError
from injurydoc.domain.texts import text

__all__ = ["EXIT_ERROR", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]


def cmd_version(cli: Cli, a: argparse.Namespace) -> int:
    from injurydoc.about import version_text

    cli.out(version_text())
    return EXIT_OK


def cmd_licences(cli: Cli, a: argparse.Namespace) -> int:
    from injurydoc.about import licence_texts

    try:
        cli.out(licence_texts())
        cli.stdout.flush()
    except BrokenPipeError:  # `injurydoc --licences | head`: the reader has all it wanted
        if cli.stdout is sys.stdout:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return EXIT_OK


def _default_lang() -> str:
    env = os.environ.get("INJURYDOC_LANG", "")
    return env if env in ("sv", "en") else "sv"


# ----- parser -------------------------------------------------------------------------------------
class AddParser(Protocol):
    """``add_parser(name, help=...)``: a sub-command that takes the common options (``--lang``)."""

    def __call__(self, name: str, help: str) -> argparse.ArgumentParser: ...


def build_parser() -> argparse.ArgumentParser:
    p = _top_level_parser()
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=("sv", "en"), default=argparse.SUPPRESS)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    _add = sub.add_parser

    def add_parser(name: str, help: str) -> argparse.ArgumentParser:
        return _add(name, parents=[common], help=help)

    _add_init(add_parser)
    _add_audit(add_parser, common)
    _add_store_care(add_parser)
    _add_release(add_parser)
    _add_signer(add_parser, common)
    _add_exercise(add_parser, common)
    add_server_parser(add_parser, common)
    _add_demo(add_parser)
    return p


def _top_level_parser() -> argparse.ArgumentParser:
    """``injurydoc`` itself: its description and the options that stand before a command."""
    p = argparse.ArgumentParser(
        prog="injurydoc",
        description="Skadedokumentation — command-line tools. The program itself: injurydoc-gui.",
    )
    p.add_argument(
        "--version",
        action="store_true",
        help="show the version, SQLCipher version and the licences of bundled components",
    )
    p.add_argument(
        "--licences",
        "--licenses",
        dest="licences",
        action="store_true",
        help="print the full licence texts of every bundled component",
    )
    p.add_argument(
        "--lang",
        choices=("sv", "en"),
        default=_default_lang(),
        help="language of messages (default sv)",
    )
    return p


def _store_arg(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--store", required=True, metavar="DIR", help="the store folder")


def _creds(sp: argparse.ArgumentParser, user_required: bool = True) -> None:
    sp.add_argument("--user", required=user_required, metavar="NAME")
    sp.add_argument("--password-stdin", action="store_true", help="read the password from standard input")


def _add_init(add_parser: AddParser) -> None:
    """``init``: a new store and its first unit manager, or a workstation joining a unit."""
    sp = add_parser("init", help="create a store and its first unit manager, or (--server) connect to a unit")
    sp.add_argument(
        "--store",
        metavar="DIR",
        help="the store folder (standalone); with --server, where the account caches are kept",
    )
    sp.add_argument("--server", metavar="DSN", help="unit mode: connect this workstation to the unit server")
    sp.add_argument("--user", metavar="NAME", help="with --server: the account (made by its unit manager)")
    sp.add_argument("--manager", metavar="NAME", help="user name of the first unit manager")
    sp.add_argument("--display-name", metavar="TEXT", help="the manager's full name")
    sp.add_argument("--unit", metavar="TEXT", help="name of the care unit")
    sp.add_argument("--training", action="store_true", help="make a training store (ÖVNING)")
    sp.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    sp.set_defaults(func=cmd_init)


def _add_audit(add_parser: AddParser, common: argparse.ArgumentParser) -> None:
    """``audit verify``: the access log's hash chain."""
    sp = add_parser("audit", help="access log")
    asub = sp.add_subparsers(dest="audit_command", metavar="SUBCOMMAND", required=True)
    v = asub.add_parser("verify", parents=[common], help="check the access log's hash chain (unit manager)")
    _store_arg(v)
    _creds(v)
    v.add_argument("--json", action="store_true")
    v.add_argument(
        "--expect-head",
        action="append",
        metavar="ROW:SHA256",
        help="a newest row written down earlier: the log must still hold it (repeatable)",
    )
    v.add_argument(
        "--backup",
        action="append",
        metavar="FILE",
        help="a backup whose recorded newest row the log must still hold (repeatable)",
    )
    v.add_argument(
        "--package",
        action="append",
        metavar="FILE",
        help="an evidence package from this store whose recorded newest row the log must still hold "
        "(repeatable; check it first with `injurydoc verify`)",
    )
    v.set_defaults(func=cmd_audit_verify)


def _add_store_care(add_parser: AddParser) -> None:
    """``rekey``, ``backup``, ``restore``, ``reset-password``: looking after a store."""
    sp = add_parser(
        "rekey", help="give the store a new data key, sealed to the remaining accounts (unit manager)"
    )
    _store_arg(sp)
    _creds(sp)
    sp.add_argument("--reason", metavar="TEXT", help="why (a few words for the access log; no patient data)")
    sp.set_defaults(func=cmd_rekey)

    sp = add_parser("backup", help="write an encrypted backup while the store may be open")
    _store_arg(sp)
    sp.add_argument("--out", required=True, metavar="FILE")
    _creds(sp)
    sp.set_defaults(func=cmd_backup)

    sp = add_parser("restore", help="restore a backup into a new folder (never overwrites)")
    sp.add_argument("--backup", required=True, metavar="FILE")
    _store_arg(sp)
    _creds(sp, user_required=False)
    sp.set_defaults(func=cmd_restore)

    sp = add_parser("reset-password", help="set a new password for an account with the recovery code")
    _store_arg(sp)
    sp.add_argument("--user", required=True, metavar="NAME", help="the account to reset")
    sp.add_argument("--manager", metavar="NAME", help="who is doing this (for the access log)")
    sp.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the recovery code, then the new password, one per line from stdin",
    )
    sp.set_defaults(func=cmd_reset_password)


def _add_release(add_parser: AddParser) -> None:
    """``export`` (releasing a signed examination) and ``verify`` (checking a package)."""
    sp = add_parser("export", help="release a signed examination: signed report and evidence package")
    _store_arg(sp)
    _creds(sp)
    sp.add_argument("--examination", required=True, metavar="ID")
    sp.add_argument(
        "--legal-basis",
        required=True,
        choices=("consent", "rattsintyg_request", "osl_10_23", "osl_10_21", "osl_10_18c"),
    )
    sp.add_argument("--recipient", metavar="REF", help="police case number or recipient")
    sp.add_argument("--note", metavar="TEXT", help="short reason (required for osl_10_18c)")
    sp.add_argument(
        "--secrecy-review",
        metavar="TEXT",
        help="who reviewed secrecy and the outcome (required for a person with protected personal data)",
    )
    sp.add_argument("--report-lang", choices=("sv", "en"), default="sv", help="language of the report")
    sp.add_argument("--out", required=True, metavar="FILE.zip", help="the package file, or a folder")
    sp.add_argument("--strip-gps", action="store_true", help="remove GPS positions also for others")
    sp.add_argument("--tsa", metavar="URL", help="RFC 3161 timestamp service")
    sp.add_argument("--self-signed", action="store_true", help="create a self-signed certificate if none")
    sp.add_argument("--pkcs11-module", metavar="LIB", help="sign with a smart card through this module")
    sp.add_argument("--pkcs11-token", metavar="LABEL")
    sp.add_argument("--pkcs11-key", metavar="LABEL")
    sp.add_argument("--pkcs11-cert", metavar="LABEL")
    sp.set_defaults(func=cmd_export)

    sp = add_parser("verify", help="check an evidence package (no store, no account needed)")
    sp.add_argument("package", metavar="PACKAGE.zip")
    sp.add_argument("--trust", action="append", metavar="CA.pem", help="trusted CA certificate(s)")
    sp.add_argument("--exercise", action="store_true", help="accept an exercise package (exit 0, not 3)")
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_verify)


def _add_signer(add_parser: AddParser, common: argparse.ArgumentParser) -> None:
    """``signer …``: how this account signs."""
    sp = add_parser("signer", help="set up how this account signs (self-signed, key request, certificate)")
    ssub = sp.add_subparsers(dest="signer_command", metavar="SUBCOMMAND", required=True)
    for name, helptext in (
        ("status", "show the account's signing key and certificate"),
        ("self-signed", "make a self-signed certificate (training and demos)"),
        ("request", "make a new key and a certificate signing request for the CA"),
        ("import", "import the certificate chain the CA issued"),
    ):
        x = ssub.add_parser(name, parents=[common], help=helptext)
        _store_arg(x)
        _creds(x)
        if name == "request":
            x.add_argument("--out", required=True, metavar="CSR.pem")
        if name == "import":
            x.add_argument("--cert", required=True, metavar="CHAIN.pem")
        x.set_defaults(func=cmd_signer)


def _add_exercise(add_parser: AddParser, common: argparse.ArgumentParser) -> None:
    """``exercise build|check``: documentation exercise files."""
    sp = add_parser("exercise", help="documentation exercises: build an exercise file, or check one")
    esub = sp.add_subparsers(dest="exercise_command", metavar="SUBCOMMAND", required=True)
    x = esub.add_parser(
        "build", parents=[common], help="build FILE from a folder with exercise.json and photos/"
    )
    x.add_argument("folder", metavar="FOLDER")
    x.add_argument("--out", required=True, metavar="FILE.injurydoc-exercise")
    x.set_defaults(func=cmd_exercise)
    x = esub.add_parser("check", parents=[common], help="check an exercise file as untrusted input")
    x.add_argument("file", metavar="FILE")
    x.set_defaults(func=cmd_exercise)


def _add_demo(add_parser: AddParser) -> None:
    """``demo``: a training store with synthetic cases."""
    sp = add_parser("demo", help="create a training store with synthetic cases")
    _store_arg(sp)
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_demo)


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from injurydoc import logs

    logs.configure()
    cli = Cli(args.lang, stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr)
    if args.version:
        return cmd_version(cli, args)
    if args.licences:
        return cmd_licences(cli, args)
    func: Callable[[Cli, argparse.Namespace], int] | None = getattr(args, "func", None)
    if func is None:
        parser.print_help(cli.stderr)
        return EXIT_USAGE
    try:
        return func(cli, args)
    except KnownError as exc:
        cli.err(exc.message(cli.lang))
        return EXIT_ERROR
    except UsageError as exc:
        cli.err(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception:
        from injurydoc.crash import report_current

        path = report_current()
        cli.err(text("cli.bug", cli.lang, path=path or "-"))
        return 70
