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

__all__ = ["add_server_parser"]

_T: dict[str, tuple[str, str]] = {
    "initialised": (
        "Enhetsservern är uppsatt: schema {schema}. Enheten {unit} har id {unit_id}; enhetschefen {manager} "
        "loggar in med en egen roll.",
        "The unit server is set up: schema {schema}. Unit {unit} has id {unit_id}; the unit manager "
        "{manager} signs in with a role of their own.",
    ),
    "unit_added": (
        "Enheten {unit} har id {unit_id}; enhetschefen {manager} loggar in med en egen roll.",
        "Unit {unit} has id {unit_id}; the unit manager {manager} signs in with a role of their own.",
    ),
    "migrated": (
        "Schemat har flyttats från {before} till {after} ({ran}).",
        "Schema moved from {before} to {after} ({ran}).",
    ),
    "at_target": (
        "Schemat är redan {after}; ingenting att göra.",
        "The schema is at {after} already; nothing to do.",
    ),
    "account_added": (
        "Kontot {username} har skapats med egen inloggningsroll (roller: {roles}).",
        "The account {username} has been created with a login role of its own (roles: {roles}).",
    ),
    "server_password": ("Ditt lösenord på enhetsservern: ", "Your password on the unit server: "),
    "synced": (
        "Synkroniserat: {sent} poster skickade ({chunks} fotodelar), {left} kvar att skicka; "
        "{patients} patienter, {read} undersökningar hämtade, {conflicts} i konflikt, {removed} borttagna.",
        "Synchronised: {sent} records sent ({chunks} photo chunks), {left} left to send; "
        "{patients} patients, {read} examinations fetched, {conflicts} in conflict, {removed} removed.",
    ),
    "sync_refused": (
        "Servern tog inte emot en post ({kind}): {reason}. Den ligger kvar i utkorgen.",
        "The server did not accept a record ({kind}): {reason}. It stays in the outbox.",
    ),
    "none": ("ingen", "none"),
    "unknown_schema": ("okänd för det här programmet", "unknown to this program"),
    "on": ("på", "on"),
    "off": ("av", "off"),
    "h_server": ("Server", "Server"),
    "h_database": ("Databas", "Database"),
    "h_schema": ("Schema", "Schema"),
    "h_program_schema": ("Programmets schema", "Program's schema"),
    "h_pending": ("Väntande migreringar", "Pending migrations"),
    "h_tls": ("TLS (ssl) på servern", "TLS (ssl) on the server"),
    "h_tls_here": ("TLS på den här anslutningen", "TLS on this connection"),
    "h_password_enc": ("Lösenordskryptering", "Password encryption"),
    "h_role": ("Roll", "Role"),
    "primary": ("primär", "primary"),
    "standby": ("standby (skrivskyddad replik)", "standby (read-only replica)"),
    "h_standbys": ("Repliker", "Standbys"),
    "h_units": ("Enheter", "Units"),
    "unit_line": (
        "  {name}: {active} aktiva konton av {accounts}, {managers} enhetschef(er)",
        "  {name}: {active} active accounts of {accounts}, {managers} unit manager(s)",
    ),
    "h_rows": ("Rader", "Rows"),
    "h_photos": ("Foton", "Photos"),
    "photos_line": (
        "{blobs} lagrade ({size}), {unfinished} ofullständiga överföringar",
        "{blobs} stored ({size}), {unfinished} unfinished uploads",
    ),
    "h_db_size": ("Databasens storlek", "Database size"),
    "h_workstations": ("Arbetsstationer, senaste synk", "Workstations, last sync"),
    "never": ("aldrig", "never"),
    "h_photo_check": ("Kontroll av fotonas SHA-256", "Check of the photos' SHA-256"),
    "photo_check": (
        "{checked} kontrollerade, {broken} stämmer inte",
        "{checked} checked, {broken} do not match",
    ),
}


def _t(cli: Cli, key: str, **kw: object) -> str:
    sv, en = _T[key]
    return (sv if cli.lang == "sv" else en).format(**kw)


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
        if exc.code != "server.auth" or getattr(a, "password_stdin", False):
            raise
    return connect(a.dsn, password=getpass.getpass(_t(cli, "server_password")))


def cmd_server_init(cli: Cli, a: argparse.Namespace) -> int:
    from injurydoc.services.unit_server import init_server

    manager, unit = a.manager, a.unit
    display = a.display_name or (manager if a.password_stdin else cli.ask("manager_name"))
    password = cli.new_password(a)
    result = init_server(
        a.dsn, unit_name=unit, manager=manager, manager_display_name=display, manager_password=password
    )
    cli.out(
        _t(
            cli,
            "initialised",
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
    display = a.display_name or (manager if a.password_stdin else cli.ask("manager_name"))
    password = cli.new_password(a)
    unit_id = add_unit(
        a.dsn, unit_name=unit, manager=manager, manager_display_name=display, manager_password=password
    )
    cli.out(_t(cli, "unit_added", unit=unit, unit_id=unit_id, manager=manager))
    return EXIT_OK


def cmd_server_migrate(cli: Cli, a: argparse.Namespace) -> int:
    from injurydoc.services.unit_server import migrate

    result = migrate(a.dsn, a.to)
    after = result.after or "base"
    if result.direction == "none":
        cli.out(_t(cli, "at_target", after=after))
    else:
        cli.out(_t(cli, "migrated", before=result.before or "base", after=after, ran=", ".join(result.ran)))
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

    def onoff(b: bool) -> str:
        return _t(cli, "on" if b else "off")

    pending = (
        _t(cli, "unknown_schema")
        if st.pending is None
        else (", ".join(st.pending) if st.pending else _t(cli, "none"))
    )
    lines = [
        f"{_t(cli, 'h_server')}: PostgreSQL {st.server_version}",
        f"{_t(cli, 'h_role')}: {_t(cli, 'standby' if st.in_recovery else 'primary')}",
        f"{_t(cli, 'h_database')}: {st.database} ({_size(st.database_bytes)})",
        f"{_t(cli, 'h_schema')}: {st.schema_version or _t(cli, 'none')}",
        f"{_t(cli, 'h_program_schema')}: {st.program_schema}",
        f"{_t(cli, 'h_pending')}: {pending}",
        f"{_t(cli, 'h_tls')}: {onoff(st.tls_setting)}",
        f"{_t(cli, 'h_tls_here')}: {onoff(st.tls_this_connection)}",
        f"{_t(cli, 'h_password_enc')}: {st.password_encryption}",
        f"{_t(cli, 'h_standbys')}: {len(st.standbys) or _t(cli, 'none')}",
    ]
    for s in st.standbys:
        lag = "-" if s.replay_lag_s is None else f"{s.replay_lag_s:.1f} s"
        lines.append(f"  {s.name} {s.client or ''} {s.state} {s.sync_state} lag {lag}")
    if st.units:
        lines.append(f"{_t(cli, 'h_units')}:")
        lines += [
            _t(
                cli,
                "unit_line",
                name=u.name,
                active=u.active_accounts,
                accounts=u.accounts,
                managers=u.managers,
            )
            for u in st.units
        ]
    if st.rows:
        lines.append(f"{_t(cli, 'h_rows')}: " + ", ".join(f"{k} {v}" for k, v in st.rows.items()))
        lines.append(
            f"{_t(cli, 'h_photos')}: "
            + _t(
                cli,
                "photos_line",
                blobs=st.photo_blobs,
                size=_size(st.photo_bytes),
                unfinished=st.unfinished_uploads,
            )
        )
    if st.schema_version is not None and st.pending is not None:
        lines.append(f"{_t(cli, 'h_workstations')}:" + ("" if st.workstations else f" {_t(cli, 'none')}"))
        for w in st.workstations:
            when = w.last_sync_at or _t(cli, "never")
            lines.append(f"  {w.unit} / {w.name}: {when} {w.outcome or ''} {w.client_version}".rstrip())
    if check:
        lines.append(
            f"{_t(cli, 'h_photo_check')}: "
            + _t(cli, "photo_check", checked=check.checked, broken=check.broken)
        )
    cli.out("\n".join(lines))
    return rc


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
    cli.out(_t(cli, "account_added", username=a.username, roles=", ".join(roles)))
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
            pulled = pull(conn, outbox)
    finally:
        session.close()
    if sent.refused and sent.refusal is not None:
        cli.err(_t(cli, "sync_refused", kind=sent.refused[0][0], reason=sent.refusal.message(cli.lang)))
    cli.out(
        _t(
            cli,
            "synced",
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


def add_server_parser(
    add_parser: Callable[[str, str], argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """``injurydoc server …``: registered by :func:`injurydoc.cli.build_parser`."""
    x = add_parser("sync", "unit mode: send this workstation's outbox to the unit server and pull, once")
    x.add_argument("--store", required=True, metavar="DIR", help="the workstation's store (cache) folder")
    x.add_argument("--user", required=True, metavar="NAME", help="the account (its own login role)")
    x.add_argument("--dsn", required=True, metavar="DSN", help="the unit server (libpq connection string)")
    x.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    x.set_defaults(func=cmd_sync)

    sp = add_parser("server", "the unit server (PostgreSQL): set up, migrate, status, accounts")
    ssub = sp.add_subparsers(dest="server_command", metavar="SUBCOMMAND", required=True)

    def sub(name: str, text: str, func: Callable[[Cli, argparse.Namespace], int]) -> argparse.ArgumentParser:
        x = ssub.add_parser(name, parents=[common], help=text)
        x.add_argument("--dsn", required=True, metavar="DSN", help="libpq connection string or URI")
        x.set_defaults(func=func)
        return x

    for name, text, func in (
        (
            "init",
            "create the schema, roles and the first unit with its unit manager (database owner)",
            cmd_server_init,
        ),
        ("add-unit", "another unit with its first unit manager (database owner)", cmd_server_add_unit),
    ):
        x = sub(name, text, func)
        x.add_argument("--unit", required=True, metavar="TEXT", help="name of the care unit")
        x.add_argument(
            "--manager", required=True, metavar="NAME", help="user name (login role) of the unit manager"
        )
        x.add_argument("--display-name", metavar="TEXT", help="the manager's full name")
        x.add_argument(
            "--password-stdin", action="store_true", help="read the manager's new password from stdin"
        )

    x = sub("migrate", "upgrade or downgrade the schema to a version (database owner)", cmd_server_migrate)
    x.add_argument(
        "--to", default="head", metavar="VERSION", help="head (default), base, or a version such as 0001"
    )

    x = sub(
        "status",
        "what an on-call IT person needs: versions, units, sizes, sync, TLS, replication",
        cmd_server_status,
    )
    x.add_argument("--json", action="store_true")
    x.add_argument(
        "--verify-photos", action="store_true", help="recompute every stored photo's SHA-256 (restore drills)"
    )

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
