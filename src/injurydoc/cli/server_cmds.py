"""Commands about the unit server: ``injurydoc server init|migrate|status|add-unit|add-account``.

``--dsn`` is a libpq connection string or URI
(``host=db.region.se dbname=injurydoc user=… sslmode=verify-full``); a password may come from the DSN,
``PGPASSWORD`` or ``~/.pgpass``, or is asked for.  The DSN is never printed.
"""

from __future__ import annotations

import argparse
import getpass
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from injurydoc.cli.io import EXIT_ERROR, EXIT_OK, Cli
from injurydoc.domain.texts import Lang, text

__all__ = ["add_server_parser"]


def _size(n: int) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return f"{n} B"


def _connect(cli: Cli, a: argparse.Namespace) -> Any:
    """Connect with the DSN; when the server wants a password none of DSN/PGPASSWORD/.pgpass gave, ask."""
    from injurydoc.services.unit_server import ServerError, connect

    try:
        return connect(a.dsn)
    except ServerError as exc:
        if exc.code != "cli.server.auth" or getattr(a, "password_stdin", False):
            raise
    return connect(a.dsn, password=getpass.getpass(text("cli.server.server_password", cli.lang)))


def cmd_server_init(cli: Cli, a: argparse.Namespace) -> int:
    from injurydoc.services.unit_server import init_server

    manager, unit = a.manager, a.unit
    display = a.display_name or (manager if a.password_stdin else cli.ask("cli.manager_name"))
    password = cli.new_password(a)
    result = init_server(
        a.dsn, unit_name=unit, manager=manager, manager_display_name=display, manager_password=password
    )
    cli.out(
        text(
            "cli.server.initialised",
            cli.lang,
            schema=result.migration.after,
            unit=unit,
            unit_id=result.unit_id,
            manager=manager,
        )
    )
    return EXIT_OK


def cmd_server_add_unit(cli: Cli, a: argparse.Namespace) -> int:
    from injurydoc.services.unit_server import add_unit

    manager, unit = a.manager, a.unit
    display = a.display_name or (manager if a.password_stdin else cli.ask("cli.manager_name"))
    password = cli.new_password(a)
    unit_id = add_unit(
        a.dsn,
        unit_name=unit,
        manager=manager,
        manager_display_name=display,
        manager_password=password,
        training=a.training,
    )
    key = "cli.server.training_unit_added" if a.training else "cli.server.unit_added"
    cli.out(text(key, cli.lang, unit=unit, unit_id=unit_id, manager=manager))
    return EXIT_OK


def cmd_server_migrate(cli: Cli, a: argparse.Namespace) -> int:
    from injurydoc.services.unit_server import migrate

    result = migrate(a.dsn, a.to)
    after = result.after or "base"
    if result.direction == "none":
        cli.out(text("cli.server.at_target", cli.lang, after=after))
    else:
        cli.out(
            text(
                "cli.server.migrated",
                cli.lang,
                before=result.before or "base",
                after=after,
                ran=", ".join(result.ran),
            )
        )
    return EXIT_OK


def cmd_server_status(cli: Cli, a: argparse.Namespace) -> int:
    from injurydoc.services.unit_server import gather, verify_photos

    st = gather(a.dsn)
    check = verify_photos(a.dsn) if a.verify_photos and st.schema_version else None
    rc = EXIT_ERROR if check and check.broken else EXIT_OK
    if a.json:
        data = st.as_dict()
        if check:
            data["photo_check"] = {"checked": check.checked, "broken": check.broken}
        cli.out(json.dumps(data, ensure_ascii=False, indent=2))
        return rc
    # st: a ServerStatus (server/status.py), not imported here: psycopg loads only when a command runs
    lines = _server_lines(st, cli.lang) + _content_lines(st, cli.lang) + _workstation_lines(st, cli.lang)
    if check:
        lines.append(
            f"{text('cli.server.h_photo_check', cli.lang)}: "
            + text("cli.server.photo_check", cli.lang, checked=check.checked, broken=check.broken)
        )
    cli.out("\n".join(lines))
    return rc


def _server_lines(st: Any, lang: Lang) -> list[str]:
    """The server itself: version, role, database, schema and pending migrations, TLS, standbys."""

    def onoff(b: bool) -> str:
        return text("cli.server.on" if b else "cli.server.off", lang)

    pending = (
        text("cli.server.unknown_schema", lang)
        if st.pending is None
        else (", ".join(st.pending) if st.pending else text("cli.server.none", lang))
    )
    lines = [
        f"{text('cli.server.h_server', lang)}: PostgreSQL {st.server_version}",
        f"{text('cli.server.h_role', lang)}: "
        + text("cli.server.standby" if st.in_recovery else "cli.server.primary", lang),
        f"{text('cli.server.h_database', lang)}: {st.database} ({_size(st.database_bytes)})",
        f"{text('cli.server.h_schema', lang)}: {st.schema_version or text('cli.server.none', lang)}",
        f"{text('cli.server.h_program_schema', lang)}: {st.program_schema}",
        f"{text('cli.server.h_pending', lang)}: {pending}",
        f"{text('cli.server.h_tls', lang)}: {onoff(st.tls_setting)}",
        f"{text('cli.server.h_tls_here', lang)}: {onoff(st.tls_this_connection)}",
        f"{text('cli.server.h_password_enc', lang)}: {st.password_encryption}",
        f"{text('cli.server.h_standbys', lang)}: {len(st.standbys) or text('cli.server.none', lang)}",
    ]
    for s in st.standbys:
        lag = "-" if s.replay_lag_s is None else f"{s.replay_lag_s:.1f} s"
        lines.append(f"  {s.name} {s.client or ''} {s.state} {s.sync_state} lag {lag}")
    return lines


def _content_lines(st: Any, lang: Lang) -> list[str]:
    """What the server holds: the units and their accounts, row counts, photos."""
    lines: list[str] = []
    if st.units:
        lines.append(f"{text('cli.server.h_units', lang)}:")
        for u in st.units:
            lines.append(
                text(
                    "cli.server.unit_line",
                    lang,
                    name=u.name,
                    purpose=text(f"cli.server.purpose_{u.purpose}", lang),
                    active=u.active_accounts,
                    accounts=u.accounts,
                    managers=u.managers,
                )
            )
            if u.purpose == "training" or u.exercises or u.exercise_attempts or u.exercise_results:
                lines.append(
                    text(
                        "cli.server.training_line",
                        lang,
                        exercises=u.exercises,
                        attempts=u.exercise_attempts,
                        results=u.exercise_results,
                    )
                )
    if st.rows:
        lines.append(
            f"{text('cli.server.h_rows', lang)}: " + ", ".join(f"{k} {v}" for k, v in st.rows.items())
        )
        lines.append(
            f"{text('cli.server.h_photos', lang)}: "
            + text(
                "cli.server.photos_line",
                lang,
                blobs=st.photo_blobs,
                size=_size(st.photo_bytes),
                unfinished=st.unfinished_uploads,
            )
        )
    return lines


def _workstation_lines(st: Any, lang: Lang) -> list[str]:
    """When each workstation last synced (once the schema is known)."""
    lines: list[str] = []
    if st.schema_version is not None and st.pending is not None:
        lines.append(
            f"{text('cli.server.h_workstations', lang)}:"
            + ("" if st.workstations else f" {text('cli.server.none', lang)}")
        )
        for w in st.workstations:
            when = w.last_sync_at or text("cli.server.never", lang)
            lines.append(f"  {w.unit} / {w.name}: {when} {w.outcome or ''} {w.client_version}".rstrip())
    return lines


def cmd_server_add_account(cli: Cli, a: argparse.Namespace) -> int:
    from injurydoc.services.unit_server import create_account

    roles = list(dict.fromkeys(a.role))
    password = cli.new_password(a)
    with _connect(cli, a) as conn:
        create_account(
            conn,
            username=a.username,
            display_name=a.display_name,
            roles=roles,
            password=password,
            profession=a.profession or "",
            hsa_id=a.hsa_id or "",
        )
        conn.commit()
    cli.out(text("cli.server.account_added", cli.lang, username=a.username, roles=", ".join(roles)))
    return EXIT_OK


def cmd_sync(cli: Cli, a: argparse.Namespace) -> int:
    """Send this workstation's outbox and pull into its cache, once (the background thread is not
    built yet).  The same password opens the store and signs in to the server as the account's role."""
    from injurydoc.services.session import sign_in
    from injurydoc.services.unit_server import Outbox, StoreConnection, connect, pull, push

    password = cli.password(a)
    session = sign_in(Path(a.store), a.user, password)
    try:
        outbox = Outbox(StoreConnection(session.db))
        with connect(a.dsn, password=password) as conn:
            sent = push(conn, outbox)
            pulled = pull(conn, outbox, unit_key=session.unit_key)
    finally:
        session.close()
    if sent.refused and sent.refusal is not None:
        cli.err(
            text(
                "cli.server.sync_refused",
                cli.lang,
                kind=sent.refused[0][0],
                reason=sent.refusal.message(cli.lang),
            )
        )
    cli.out(
        text(
            "cli.server.synced",
            cli.lang,
            sent=sent.sent,
            chunks=sent.photo_chunks_sent,
            left=sent.remaining,
            patients=pulled.patients,
            read=pulled.examinations_read,
            conflicts=len(pulled.conflicts),
            removed=len(pulled.removed),
        )
    )
    return EXIT_OK if not sent.refused else EXIT_ERROR


def cmd_server_import_store(cli: Cli, a: argparse.Namespace) -> int:
    """Move a standalone store into the manager's unit on the server (services/store_import.py)."""
    from injurydoc.services.store_import import import_store

    if a.password_stdin:
        store_password = cli.read_stdin_line()
        server_password = cli.stdin.readline().rstrip("\r\n") or None
    else:
        store_password = getpass.getpass(text("cli.server.store_password", cli.lang))
        server_password = getpass.getpass(text("cli.server.server_password", cli.lang)) or None
    summary = import_store(
        Path(a.store), a.dsn, a.user, store_password, server_password, expected_unit_key=a.unit_key or ""
    )
    cli.out("\n".join(_import_lines(summary, cli.lang)))
    return EXIT_OK if summary.ok else EXIT_ERROR


def _import_lines(summary: Any, lang: Lang) -> list[str]:
    """The import's summary as printed (services/store_import.ImportSummary): counts, case numbers and
    user names only."""
    kinds = ("patient", "examination", "version", "photo", "signature", "addendum", "log", "key")

    def counts(c: Any) -> str:
        # "keys": ``key`` is text()'s own first parameter
        values = {("keys" if k == "key" else k): c.get(k, 0) for k in kinds}
        return text("cli.server.import_kinds", lang, **values)

    lines = [
        text("cli.server.import_summary", lang, moved=counts(summary.moved), already=counts(summary.already))
    ]
    if summary.accounts_created:
        lines.append(text("cli.server.import_accounts", lang, names=", ".join(summary.accounts_created)))
    if summary.store_root:
        lines.append(text("cli.server.import_store_root", lang, fingerprint=summary.store_root))
    if summary.key_holders_created:
        names = ", ".join(summary.key_holders_created)
        lines.append(text("cli.server.import_key_holders", lang, names=names))
    if summary.protected_patients:
        lines.append(
            text(
                "cli.server.import_protected",
                lang,
                patients=summary.protected_patients,
                exams=summary.protected_examinations,
                grants=summary.grants,
            )
        )
    if summary.wraps_waiting:
        lines.append(text("cli.server.import_wraps_waiting", lang, names=", ".join(summary.wraps_waiting)))
    for case, reason in summary.left:
        lines.append(
            text(
                "cli.server.import_left",
                lang,
                case=case,
                reason=text(f"cli.server.import_reason.{reason}", lang),
            )
        )
    if summary.refusal is not None:
        lines.append(text("cli.server.import_refused", lang, reason=summary.refusal.message(lang)))
    lines.append(
        text(
            "cli.server.import_verified",
            lang,
            verified=summary.verified,
            log_server=summary.log_on_server,
            log_store=summary.log_in_store,
        )
    )
    lines += [
        text("cli.server.import_differs", lang, case=case, what=what) for case, what in summary.differences
    ]
    lines.append(text("cli.server.import_ok" if summary.ok else "cli.server.import_not_ok", lang))
    return lines


#: ``sub(name, help, func)``: an ``injurydoc server`` sub-command with ``--dsn``, run by ``func``.
ServerSub = Callable[[str, str, Callable[[Cli, argparse.Namespace], int]], argparse.ArgumentParser]


def add_server_parser(
    add_parser: Callable[[str, str], argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """``injurydoc server …``: registered by :func:`injurydoc.cli.build_parser`."""
    _add_sync_parser(add_parser)
    sp = add_parser("server", "the unit server (PostgreSQL): set up, migrate, status, accounts")
    ssub = sp.add_subparsers(dest="server_command", metavar="SUBCOMMAND", required=True)

    def sub(
        name: str, helptext: str, func: Callable[[Cli, argparse.Namespace], int]
    ) -> argparse.ArgumentParser:
        x = ssub.add_parser(name, parents=[common], help=helptext)
        x.add_argument("--dsn", required=True, metavar="DSN", help="libpq connection string or URI")
        x.set_defaults(func=func)
        return x

    _add_schema_commands(sub)
    _add_status_command(sub)
    _add_account_command(sub)
    _add_import_command(sub)


def _add_sync_parser(add_parser: Callable[[str, str], argparse.ArgumentParser]) -> None:
    """``injurydoc sync``: one round of sending and pulling for a workstation in unit mode."""
    x = add_parser("sync", "unit mode: send this workstation's outbox to the unit server and pull, once")
    x.add_argument("--store", required=True, metavar="DIR", help="the workstation's store (cache) folder")
    x.add_argument("--user", required=True, metavar="NAME", help="the account (its own login role)")
    x.add_argument("--dsn", required=True, metavar="DSN", help="the unit server (libpq connection string)")
    x.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    x.set_defaults(func=cmd_sync)


def _add_schema_commands(sub: ServerSub) -> None:
    """``server init``, ``server add-unit``, ``server migrate``: the database owner's commands."""
    for name, helptext, func in (
        (
            "init",
            "create the schema, roles and the first unit with its unit manager (database owner)",
            cmd_server_init,
        ),
        ("add-unit", "another unit with its first unit manager (database owner)", cmd_server_add_unit),
    ):
        x = sub(name, helptext, func)
        x.add_argument("--unit", required=True, metavar="TEXT", help="name of the care unit")
        x.add_argument(
            "--manager", required=True, metavar="NAME", help="user name (login role) of the unit manager"
        )
        x.add_argument("--display-name", metavar="TEXT", help="the manager's full name")
        x.add_argument(
            "--password-stdin", action="store_true", help="read the manager's new password from stdin"
        )
        if name == "add-unit":
            x.add_argument(
                "--training", action="store_true", help="a training unit: exercises only, never real cases"
            )

    x = sub("migrate", "upgrade or downgrade the schema to a version (database owner)", cmd_server_migrate)
    x.add_argument(
        "--to", default="head", metavar="VERSION", help="head (default), base, or a version such as 0001"
    )


def _add_status_command(sub: ServerSub) -> None:
    """``server status``: what an on-call IT person needs."""
    x = sub(
        "status",
        "what an on-call IT person needs: versions, units, sizes, sync, TLS, replication",
        cmd_server_status,
    )
    x.add_argument("--json", action="store_true")
    x.add_argument(
        "--verify-photos", action="store_true", help="recompute every stored photo's SHA-256 (restore drills)"
    )


def _add_account_command(sub: ServerSub) -> None:
    """``server add-account``: a unit manager creates an account."""
    x = sub(
        "add-account", "a unit manager creates an account: its own login role (SCRAM)", cmd_server_add_account
    )
    x.add_argument("--username", required=True, metavar="NAME")
    x.add_argument("--display-name", required=True, metavar="TEXT")
    x.add_argument("--role", required=True, action="append", choices=("clinician", "unit_manager", "trainer"))
    x.add_argument("--profession", metavar="TEXT")
    x.add_argument("--hsa-id", metavar="ID")
    x.add_argument(
        "--password-stdin", action="store_true", help="read the new account's password from stdin (no prompt)"
    )


def _add_import_command(sub: ServerSub) -> None:
    """``server import-store``: move a standalone store into the unit (its unit manager)."""
    x = sub(
        "import-store",
        "move a standalone store into your unit on the server (unit manager of both), verified after",
        cmd_server_import_store,
    )
    x.add_argument("--store", required=True, metavar="DIR", help="the standalone store's folder (only read)")
    x.add_argument(
        "--user", required=True, metavar="NAME", help="the unit manager (in the store and on the server)"
    )
    x.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the store's password from stdin; a second line: the server password (default: the same)",
    )
    x.add_argument(
        "--unit-key",
        metavar="FINGERPRINT",
        help="the unit key's fingerprint from the manager's paper: protected persons' keys are then wrapped "
        "for every allowed, certified key (without it, where the unit has a unit key: the manager's only)",
    )
