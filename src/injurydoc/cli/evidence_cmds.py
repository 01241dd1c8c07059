"""Commands about evidence: export, verify, signer."""

from __future__ import annotations

import argparse
import getpass
import json
import os
from pathlib import Path

from injurydoc.cli.io import EXIT_ERROR, EXIT_OK, EXIT_USAGE, Cli, UsageError
from injurydoc.domain.texts import text


def _signer(cli: Cli, a: argparse.Namespace, session: object, password: str):  # type: ignore[no-untyped-def]
    from injurydoc.services.signing import Pkcs11Config, SigningService

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
                secrecy_review=a.secrecy_review or "",
            )
            result = ExportService(session).export(req, identity, timestamp_url=a.tsa)
        finally:
            identity.close()
    finally:
        session.close()
    cli.out(str(result.path))
    cli.out(f"SHA-256 {result.sha256}")
    if result.verdict is not None:
        cli.out(result.verdict.verdict(cli.lang, accept_exercise=True))
    return EXIT_OK


def cmd_verify(cli: Cli, a: argparse.Namespace) -> int:
    from injurydoc.services.verification import AnchorError, load_anchor_files, verify_package

    try:
        anchors = load_anchor_files([Path(p) for p in a.trust or []])
    except AnchorError as exc:
        cli.err(exc.message(cli.lang))
        return EXIT_USAGE
    report = verify_package(Path(a.package), anchors)
    if a.json:
        cli.out(json.dumps(report.to_json(a.exercise), ensure_ascii=False, indent=2))
    else:
        cli.out(report.verdict(cli.lang, a.exercise))
    return report.exit_code(a.exercise)


def cmd_signer(cli: Cli, a: argparse.Namespace) -> int:
    """Set up how this account signs: self-signed (training), a key request for the CA, its certificate."""
    from injurydoc.services.session import sign_in
    from injurydoc.services.signing import SigningService

    password = cli.password(a)
    session = sign_in(Path(a.store), a.user, password)
    try:
        svc = SigningService(session)
        if a.signer_command == "self-signed":
            svc.create_self_signed(password)
        elif a.signer_command == "request":
            csr = svc.create_request(password)
            out = Path(a.out)
            if out.exists():
                raise UsageError(text("cli.file_exists", cli.lang, path=out))
            out.write_text(csr, encoding="ascii")
            cli.out(text("cli.request_written", cli.lang, path=out))
        elif a.signer_command == "import":
            svc.import_certificate(Path(a.cert).read_bytes())
        status = svc.status()
    finally:
        session.close()
    if status.kind is None:
        cli.out(text("cli.key_none", cli.lang))
        return EXIT_OK
    cli.out(text("cli.key_kind", cli.lang, kind=status.kind, location=status.location))
    if status.subject:
        cli.out(text("cli.key_subject", cli.lang, subject=status.subject))
        cli.out(text("cli.key_issuer", cli.lang, issuer=status.issuer))
        cli.out(text("cli.key_not_after", cli.lang, date=status.not_after))
    if status.waiting_for_certificate:
        cli.out(text("cli.key_waiting", cli.lang))
    return EXIT_OK


def cmd_exercise(cli: Cli, a: argparse.Namespace) -> int:
    """Build an exercise file from a folder, or check one as untrusted input."""
    from injurydoc.services.exercise_files import ExerciseError, build_from_folder, load, write

    try:
        if a.exercise_command == "build":
            write(build_from_folder(Path(a.folder)), Path(a.out))
            cli.out(str(Path(a.out)))
            return EXIT_OK
        ex = load(Path(a.file))
    except ExerciseError as exc:
        cli.err(exc.message(cli.lang))
        return EXIT_ERROR
    key = ex.key
    cli.out(f"{ex.id}: {ex.title.get(cli.lang)}")
    cli.out(text("cli.exercise_counts", cli.lang, photos=len(ex.photos), injuries=len(key.injuries)))
    return EXIT_OK
