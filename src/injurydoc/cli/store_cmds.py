"""Commands about the store: init, audit verify, rekey, backup, restore, reset-password, demo."""

from __future__ import annotations

import argparse
import getpass
import json
from pathlib import Path

from injurydoc.cli.io import EXIT_ERROR, EXIT_OK, Cli, UsageError
from injurydoc.domain.texts import text


def cmd_init(cli: Cli, a: argparse.Namespace) -> int:
    from injurydoc.domain.vocab import StorePurpose
    from injurydoc.services.session import create_store

    if a.server:
        return _init_unit(cli, a)
    if not a.store or a.user:
        raise UsageError(text("cli.init_usage", cli.lang))
    manager = a.manager or cli.ask("cli.manager")
    display = a.display_name or (manager if a.password_stdin else cli.ask("cli.manager_name"))
    unit = a.unit or ("Vårdenhet" if a.password_stdin else cli.ask("cli.unit"))
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
    cli.out(text("cli.created", cli.lang, path=Path(a.store).absolute()))
    cli.out("")
    cli.out(text("cli.recovery_banner", cli.lang))
    cli.out("")
    cli.out(f"    {result.recovery_code}")
    cli.out("")
    cli.out(text("cli.unit_key_banner", cli.lang))
    cli.out("")
    cli.out(f"    {result.unit_fingerprint}")
    cli.out("")
    return EXIT_OK


def _init_unit(cli: Cli, a: argparse.Namespace) -> int:
    """``init --server DSN --user NAME``: this account's encrypted cache on this workstation (unit mode).

    The account exists on the server already (its manager made it); its password opens the cache, which
    has the account's own key slot only.  The server is needed this once; later sign-ins work offline.
    ``--training``: the account is of a training unit and the cache a training store (refused otherwise,
    and a training unit's account is refused without it)."""
    from injurydoc.domain.errors import StoreError
    from injurydoc.services import unit_mode

    if not a.user or a.manager:
        raise UsageError(text("cli.init_usage", cli.lang))
    password = cli.password(a)
    root = Path(a.store) if a.store else None
    try:
        session = unit_mode.connect_workstation(a.server, a.user, password, root=root, training=a.training)
    except StoreError as exc:
        if exc.code != "store.exists":
            raise
        cli.err(text("cli.unit_already", cli.lang, user=a.user))
        return EXIT_ERROR
    try:
        folder = session.vault.folder
        unit = session.unit
    finally:
        session.close()
    cli.out(text("cli.unit_connected", cli.lang, user=a.user, unit=unit, path=folder))
    return EXIT_OK


def _sign_in(cli: Cli, a: argparse.Namespace):  # type: ignore[no-untyped-def]
    from injurydoc.services.session import sign_in

    return sign_in(Path(a.store), a.user, cli.password(a))


def _pins(cli: Cli, a: argparse.Namespace) -> list:  # type: ignore[type-arg]
    """Heads recorded outside the store: ``--expect-head ROW:SHA256`` and backups' manifests."""
    import zipfile

    from injurydoc.cli.io import UsageError
    from injurydoc.services.audit_log import parse_pin, pin_from_manifest

    pins = []
    for written in a.expect_head or []:
        try:
            pins.append(parse_pin(written, "the head written down (--expect-head)"))
        except ValueError:
            raise UsageError(text("cli.bad_head", cli.lang, value=written)) from None
    for name in a.backup or []:
        try:
            with zipfile.ZipFile(name) as z:
                pin = pin_from_manifest(json.loads(z.read("backup.json")), f"the backup {Path(name).name}")
        except (OSError, KeyError, ValueError, zipfile.BadZipFile):
            raise UsageError(text("cli.bad_backup", cli.lang, path=name)) from None
        if pin is None:
            raise UsageError(text("cli.bad_backup", cli.lang, path=name))
        pins.append(pin)
    for name in a.package or []:
        pin = _package_pin(name)
        if pin is None:
            raise UsageError(text("cli.bad_package_head", cli.lang, path=name))
        pins.append(pin)
    return pins


#: The largest manifest read from a package given to ``audit verify --package`` (the verifier's bound).
_MANIFEST_LIMIT = 1 << 20


def _package_pin(name: str):  # type: ignore[no-untyped-def]
    """The log head an evidence package's manifest recorded at export (``None``: not a package, or one
    without it).  The file is untrusted: only its manifest is read, and only when it is small."""
    import zipfile

    from injurydoc.services.audit_log import pin_from_manifest

    try:
        with zipfile.ZipFile(name) as z:
            info = z.getinfo("manifest.json")
            if info.file_size > _MANIFEST_LIMIT or info.compress_size > _MANIFEST_LIMIT:
                return None
            with z.open(info) as f:
                raw = f.read(_MANIFEST_LIMIT + 1)
        if len(raw) > _MANIFEST_LIMIT:
            return None
        return pin_from_manifest(json.loads(raw), f"the evidence package {Path(name).name}")
    except (OSError, KeyError, ValueError, RecursionError, zipfile.BadZipFile, NotImplementedError):
        return None


def cmd_audit_verify(cli: Cli, a: argparse.Namespace) -> int:
    from injurydoc.domain.errors import message
    from injurydoc.services.audit_log import AuditService

    pins = _pins(cli, a)
    session = _sign_in(cli, a)
    try:
        result = AuditService(session).verify(pins)
    finally:
        session.close()
    head = None if result.head is None else f"{result.head[0]}:{result.head[1]}"
    if a.json:
        cli.out(
            json.dumps(
                {
                    "whole": result.whole,
                    "rows": result.rows,
                    "first_broken_row": result.first_broken_seq,
                    "problem": result.problem,
                    "breaks": [{"row": r, "problem": p, "key_of": k} for r, p, k in result.breaks],
                    "notes": list(result.notes),
                    "head": head,
                    "unit_key": result.unit_fingerprint,
                    "countersigned_to": result.countersigned_to,
                },
                ensure_ascii=False,
            )
        )
        return EXIT_OK if result.whole else EXIT_ERROR
    if result.whole:
        cli.out(text("cli.chain_ok", cli.lang, rows=result.rows))
    else:
        for line in result.lines:
            when = f" ({line.when(cli.lang)})" if line.when(cli.lang) else ""
            cli.out(
                message("audit.broken", cli.lang, seq=f"{line.seq or '-'}{when}", detail=line.what(cli.lang))
            )
    for note in result.notes:
        cli.out(text("cli.audit_note", cli.lang, note=note))
    if head:
        cli.out(text("cli.audit_head", cli.lang, head=head))
    if result.unit_fingerprint:
        cli.out(text("cli.unit_key", cli.lang, fingerprint=result.unit_fingerprint))
    return EXIT_OK if result.whole else EXIT_ERROR


def cmd_rekey(cli: Cli, a: argparse.Namespace) -> int:
    from injurydoc.services.rekey import RekeyService

    session = _sign_in(cli, a)
    try:
        svc = RekeyService(session)
        plan = svc.plan()
        cli.out(text("cli.rekey_plan", cli.lang, keep=", ".join(plan.keep) or "-", pages=plan.pages))
        if plan.lose:
            cli.out(text("cli.rekey_lose", cli.lang, users=", ".join(plan.lose)))
        shown = [-1]

        def progress(done: int, total: int) -> None:
            percent = 100 * done // max(total, 1)
            if percent >= shown[0] + 10 or done == total:
                shown[0] = percent
                cli.out(text("cli.rekey_progress", cli.lang, percent=percent))

        result = svc.rekey(reason=a.reason or "", progress=progress)
    finally:
        session.close()
    cli.out(text("cli.rekey_done", cli.lang))
    if result.recovery_code:
        cli.out("")
        cli.out(text("cli.recovery_banner", cli.lang))
        cli.out("")
        cli.out(f"    {result.recovery_code}")
        cli.out("")
    return EXIT_OK


def cmd_backup(cli: Cli, a: argparse.Namespace) -> int:
    from injurydoc.services.backup import backup

    session = _sign_in(cli, a)
    try:
        out = backup(session, Path(a.out))
    finally:
        session.close()
    cli.out(text("cli.backup_done", cli.lang, path=out))
    return EXIT_OK


def cmd_restore(cli: Cli, a: argparse.Namespace) -> int:
    from injurydoc.services.backup import restore

    if a.user:
        result = restore(Path(a.backup), Path(a.store), username=a.user, password=cli.password(a))
    else:
        code = cli.read_stdin_line() if a.password_stdin else getpass.getpass(text("cli.recovery", cli.lang))
        result = restore(Path(a.backup), Path(a.store), recovery_code=code)
    cli.out(text("cli.restored", cli.lang, path=result.folder, schema=result.schema, rows=result.audit_rows))
    return EXIT_OK


def cmd_reset_password(cli: Cli, a: argparse.Namespace) -> int:
    from injurydoc.services.accounts import AccountService
    from injurydoc.services.session import sign_in_with_recovery

    code = cli.read_stdin_line() if a.password_stdin else getpass.getpass(text("cli.recovery", cli.lang))
    session = sign_in_with_recovery(Path(a.store), code, a.manager or "")
    try:
        svc = AccountService(session)
        account = svc.by_username(a.user)
        svc.set_password(account.id, cli.new_password(a))
    finally:
        session.close(log_out=False)
    cli.out(text("cli.reset_done", cli.lang, user=account.username))
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
                    "exercises": result.exercises,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return EXIT_OK
    cli.out(text("cli.demo_created", cli.lang, path=a.store))
    cli.out("")
    cli.out(text("cli.demo_accounts", cli.lang))
    for acc in result.accounts:
        cli.out(f"  {acc.username:<6} {acc.password:<16} {', '.join(acc.roles)}")
    cli.out("")
    cli.out(text("cli.demo_exams", cli.lang))
    for ex in result.examinations:
        photos = text("cli.demo_photos", cli.lang, n=ex.photos)
        cli.out(f"  {ex.case_ref}  {ex.status:<6}  {ex.id}  {photos:<9}  {ex.note}")
    cli.out("")
    cli.out(text("cli.demo_exercises", cli.lang))
    for exercise_id in result.exercises:
        cli.out(f"  {exercise_id}")
    cli.out("")
    cli.out(text("cli.demo_recovery", cli.lang, code=result.recovery_code))
    return EXIT_OK
