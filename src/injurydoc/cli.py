"""The command line: ``injurydoc <command>``.  No command starts the GUI (that is ``injurydoc-gui``)."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from injurydoc import __version__
from injurydoc.domain.errors import KnownError, Lang

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
            raise _UsageError(self.t("no_stdin"))
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
            raise _UsageError(self.t("mismatch"))
        return first

    def ask(self, key: str) -> str:
        self.stdout.write(self.t(key))
        self.stdout.flush()
        return self.stdin.readline().strip()


class _UsageError(Exception):
    pass


# ----- commands ---------------------------------------------------------------------------------
def cmd_init(cli: Cli, a: argparse.Namespace) -> int:
    from injurydoc.domain.vocab import StorePurpose
    from injurydoc.services.session import create_store

    manager = a.manager or cli.ask("manager")
    display = a.display_name or (manager if a.password_stdin else cli.ask("manager_name"))
    unit = a.unit or ("Vårdenhet" if a.password_stdin else cli.ask("unit"))
    password = cli.new_password(a)
    result = create_store(
        Path(a.store),
        unit_name=unit,
        manager_username=manager,
        manager_display_name=display,
        manager_password=password,
        purpose=StorePurpose.TRAINING if a.training else StorePurpose.REAL,
    )
    result.session.close()
    cli.out(cli.t("created", path=Path(a.store).absolute()))
    cli.out("")
    cli.out(cli.t("recovery_banner"))
    cli.out("")
    cli.out(f"    {result.recovery_code}")
    cli.out("")
    return EXIT_OK


def _sign_in(cli: Cli, a: argparse.Namespace):  # type: ignore[no-untyped-def]
    from injurydoc.services.session import sign_in

    return sign_in(Path(a.store), a.user, cli.password(a))


def cmd_audit_verify(cli: Cli, a: argparse.Namespace) -> int:
    from injurydoc.domain.errors import message
    from injurydoc.services.audit_log import AuditService

    session = _sign_in(cli, a)
    try:
        result = AuditService(session).verify()
    finally:
        session.close()
    if a.json:
        cli.out(
            json.dumps(
                {
                    "whole": result.whole,
                    "rows": result.rows,
                    "first_broken_row": result.first_broken_seq,
                    "problem": result.problem,
                }
            )
        )
    elif result.whole:
        cli.out(cli.t("chain_ok", rows=result.rows))
    else:
        cli.out(message("audit.broken", cli.lang, seq=result.first_broken_seq or "-", detail=result.problem))
    return EXIT_OK if result.whole else EXIT_ERROR


def cmd_backup(cli: Cli, a: argparse.Namespace) -> int:
    from injurydoc.services.backup import backup

    session = _sign_in(cli, a)
    try:
        out = backup(session, Path(a.out))
    finally:
        session.close()
    cli.out(cli.t("backup_done", path=out))
    return EXIT_OK


def cmd_restore(cli: Cli, a: argparse.Namespace) -> int:
    from injurydoc.services.backup import restore

    if a.user:
        result = restore(Path(a.backup), Path(a.store), username=a.user, password=cli.password(a))
    else:
        code = cli.read_stdin_line() if a.password_stdin else getpass.getpass(cli.t("recovery"))
        result = restore(Path(a.backup), Path(a.store), recovery_code=code)
    cli.out(cli.t("restored", path=result.folder, schema=result.schema, rows=result.audit_rows))
    return EXIT_OK


def cmd_reset_password(cli: Cli, a: argparse.Namespace) -> int:
    from injurydoc.services.accounts import AccountService
    from injurydoc.services.session import sign_in_with_recovery

    code = cli.read_stdin_line() if a.password_stdin else getpass.getpass(cli.t("recovery"))
    session = sign_in_with_recovery(Path(a.store), code, a.manager or "")
    try:
        svc = AccountService(session)
        account = svc.by_username(a.user)
        svc.set_password(account.id, cli.new_password(a))
    finally:
        session.close(log_out=False)
    cli.out(cli.t("reset_done", user=account.username))
    return EXIT_OK


def cmd_demo(cli: Cli, a: argparse.Namespace) -> int:
    from injurydoc.services.demo import create_demo

    result = create_demo(Path(a.store))
    if a.json:
        cli.out(
            json.dumps(
                {
                    "store": str(Path(a.store).absolute()),
                    "purpose": "training",
                    "recovery_code": result.recovery_code,
                    "accounts": [vars(x) | {"roles": list(x.roles)} for x in result.accounts],
                    "examinations": [vars(x) for x in result.examinations],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return EXIT_OK
    sv = cli.lang == "sv"
    cli.out(("Övningsdatabas skapad i " if sv else "Training store created in ") + str(a.store))
    cli.out("")
    cli.out("Konton (användarnamn / lösenord / roller):" if sv else "Accounts (user / password / roles):")
    for acc in result.accounts:
        cli.out(f"  {acc.username:<6} {acc.password:<16} {', '.join(acc.roles)}")
    cli.out("")
    cli.out("Undersökningar:" if sv else "Examinations:")
    for ex in result.examinations:
        photos = f"{ex.photos} foton" if sv else f"{ex.photos} photos"
        cli.out(f"  {ex.case_ref}  {ex.status:<6}  {ex.id}  {photos:<9}  {ex.note}")
    cli.out("")
    cli.out(("Återställningskod: " if sv else "Recovery code: ") + result.recovery_code)
    return EXIT_OK


def _signer(cli: Cli, a: argparse.Namespace, session: object, password: str):  # type: ignore[no-untyped-def]
    from injurydoc.export.identity import Pkcs11Config
    from injurydoc.services.signing import SigningService

    svc = SigningService(session)  # type: ignore[arg-type]
    if a.pkcs11_module:
        svc.use_token(
            Pkcs11Config(a.pkcs11_module, a.pkcs11_token, a.pkcs11_key, a.pkcs11_cert or a.pkcs11_key)
        )
    status = svc.status()
    if status.kind is None and a.self_signed:
        svc.create_self_signed(password)
        status = svc.status()
    if status.kind == "pkcs11":
        pin = cli.read_stdin_line() if a.password_stdin else getpass.getpass("PIN: ")
        return svc.identity(pin)
    return svc.identity(password)


def cmd_export(cli: Cli, a: argparse.Namespace) -> int:
    from injurydoc.domain.vocab import LegalBasis
    from injurydoc.services.export import ExportRequest, ExportService
    from injurydoc.services.session import sign_in

    password = cli.password(a)
    session = sign_in(Path(a.store), a.user, password)
    try:
        identity = _signer(cli, a, session, password)
        try:
            out = Path(a.out)
            is_dir = out.is_dir() or a.out.endswith(("/", os.sep))
            req = ExportRequest(
                examination_id=a.examination,
                basis=LegalBasis(a.legal_basis),
                out_dir=out if is_dir else out.parent,
                out_name=None if is_dir else out.name,
                recipient=a.recipient or "",
                lang=a.report_lang,
                note=a.note or "",
                strip_gps=a.strip_gps,
            )
            result = ExportService(session).export(req, identity, timestamp_url=a.tsa)
        finally:
            identity.close()
    finally:
        session.close()
    cli.out(str(result.path))
    cli.out(f"SHA-256 {result.sha256}")
    cli.out(result.verdict.verdict(cli.lang, accept_exercise=True))
    return EXIT_OK


def cmd_verify(cli: Cli, a: argparse.Namespace) -> int:
    from injurydoc.export.verify import load_anchor_files, verify_package

    try:
        anchors = load_anchor_files([Path(p) for p in a.trust or []])
    except (OSError, ValueError) as exc:
        cli.err(
            (
                "Förtroendeankaret kunde inte läsas: "
                if cli.lang == "sv"
                else "The trust anchor cannot be read: "
            )
            + str(exc)
        )
        return EXIT_USAGE
    report = verify_package(Path(a.package), anchors)
    if a.json:
        cli.out(json.dumps(report.to_json(a.exercise), ensure_ascii=False, indent=2))
    else:
        cli.out(report.verdict(cli.lang, a.exercise))
    return report.exit_code(a.exercise)


def cmd_version(cli: Cli, a: argparse.Namespace) -> int:
    from injurydoc.store.database import sqlcipher_version

    cli.out(f"injurydoc {__version__} (SQLCipher {sqlcipher_version()})")
    return EXIT_OK


def _default_lang() -> str:
    env = os.environ.get("INJURYDOC_LANG", "")
    return env if env in ("sv", "en") else "sv"


# ----- parser -------------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="injurydoc",
        description="Skadedokumentation — command-line tools. The program itself: injurydoc-gui.",
    )
    p.add_argument("--version", action="store_true", help="show version and SQLCipher version")
    p.add_argument(
        "--lang",
        choices=("sv", "en"),
        default=_default_lang(),
        help="language of messages (default sv)",
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=("sv", "en"), default=argparse.SUPPRESS)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    _add = sub.add_parser

    def add_parser(name: str, help: str) -> argparse.ArgumentParser:
        return _add(name, parents=[common], help=help)

    def store_arg(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--store", required=True, metavar="DIR", help="the store folder")

    def creds(sp: argparse.ArgumentParser, user_required: bool = True) -> None:
        sp.add_argument("--user", required=user_required, metavar="NAME")
        sp.add_argument("--password-stdin", action="store_true", help="read the password from standard input")

    sp = add_parser("init", help="create a store and its first unit manager")
    store_arg(sp)
    sp.add_argument("--manager", metavar="NAME", help="user name of the first unit manager")
    sp.add_argument("--display-name", metavar="TEXT", help="the manager's full name")
    sp.add_argument("--unit", metavar="TEXT", help="name of the care unit")
    sp.add_argument("--training", action="store_true", help="make a training store (ÖVNING)")
    sp.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    sp.set_defaults(func=cmd_init)

    sp = add_parser("audit", help="access log")
    asub = sp.add_subparsers(dest="audit_command", metavar="SUBCOMMAND", required=True)
    v = asub.add_parser("verify", parents=[common], help="check the access log's hash chain (unit manager)")
    store_arg(v)
    creds(v)
    v.add_argument("--json", action="store_true")
    v.set_defaults(func=cmd_audit_verify)

    sp = add_parser("backup", help="write an encrypted backup while the store may be open")
    store_arg(sp)
    sp.add_argument("--out", required=True, metavar="FILE")
    creds(sp)
    sp.set_defaults(func=cmd_backup)

    sp = add_parser("restore", help="restore a backup into a new folder (never overwrites)")
    sp.add_argument("--backup", required=True, metavar="FILE")
    store_arg(sp)
    creds(sp, user_required=False)
    sp.set_defaults(func=cmd_restore)

    sp = add_parser("reset-password", help="set a new password for an account with the recovery code")
    store_arg(sp)
    sp.add_argument("--user", required=True, metavar="NAME", help="the account to reset")
    sp.add_argument("--manager", metavar="NAME", help="who is doing this (for the access log)")
    sp.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the recovery code, then the new password, one per line from stdin",
    )
    sp.set_defaults(func=cmd_reset_password)

    sp = add_parser("export", help="release a signed examination: signed report and evidence package")
    store_arg(sp)
    creds(sp)
    sp.add_argument("--examination", required=True, metavar="ID")
    sp.add_argument(
        "--legal-basis",
        required=True,
        choices=("consent", "rattsintyg_request", "osl_10_23", "osl_10_21", "osl_10_18c"),
    )
    sp.add_argument("--recipient", metavar="REF", help="police case number or recipient")
    sp.add_argument("--note", metavar="TEXT", help="short reason (required for osl_10_18c)")
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

    sp = add_parser("demo", help="create a training store with synthetic cases")
    store_arg(sp)
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_demo)
    return p


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
    func: Callable[[Cli, argparse.Namespace], int] | None = getattr(args, "func", None)
    if func is None:
        parser.print_help(cli.stderr)
        return EXIT_USAGE
    try:
        return func(cli, args)
    except KnownError as exc:
        cli.err(exc.message(cli.lang))
        return EXIT_ERROR
    except _UsageError as exc:
        cli.err(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception:
        from injurydoc.crash import report_current

        path = report_current()
        cli.err(cli.t("bug", path=path or "-"))
        return 70
