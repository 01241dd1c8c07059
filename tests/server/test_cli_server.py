"""``injurydoc server …`` against a real PostgreSQL: messages in Swedish and English, no traceback, the DSN
(which may hold a password) never printed."""

from __future__ import annotations

import io
import json

import psycopg

from injurydoc.cli import main
from injurydoc.server import migrate
from tests.server.world import PASSWORD, ServerDb

REVS = migrate.revisions()
HEAD = REVS[-1]


def run(args: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    rc = main(args, stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return rc, out.getvalue(), err.getvalue()


def _init(db: ServerDb, lang: str = "sv") -> tuple[int, str, str]:
    return run(
        [
            "--lang",
            lang,
            "server",
            "init",
            "--dsn",
            db.owner_dsn,
            "--unit",
            "VC Test",
            "--manager",
            "chef",
            "--display-name",
            "Chef Testsson",
            "--password-stdin",
        ],
        PASSWORD + "\n",
    )


def test_init_then_add_account_then_status(empty_db: ServerDb) -> None:
    rc, out, err = _init(empty_db)
    assert rc == 0, err
    assert f"Enhetsservern är uppsatt: schema {HEAD}" in out and "chef" in out
    rc, out, err = _init(empty_db, "en")
    assert rc == 1 and "set up already (1 unit(s) exist)" in err and "Traceback" not in err

    rc, out, err = run(
        [
            "server",
            "add-account",
            "--dsn",
            empty_db.dsn("chef"),
            "--username",
            "anna",
            "--display-name",
            "Anna A",
            "--role",
            "clinician",
            "--password-stdin",
        ],
        "another good password\n",
    )
    assert rc == 0, err
    assert "Kontot anna har skapats" in out
    with psycopg.connect(empty_db.dsn("anna", "another good password")) as anna:
        assert anna.execute("SELECT injurydoc.i_am('clinician')").fetchone()[0] is True

    rc, out, err = run(["--lang", "en", "server", "status", "--dsn", empty_db.owner_dsn])
    assert rc == 0, err
    assert "Server: PostgreSQL 1" in out
    assert f"Schema: {HEAD}" in out and "Pending migrations: none" in out
    assert "TLS (ssl) on the server: off" in out and "Role: primary" in out
    assert "VC Test (real unit): 2 active accounts of 2, 1 unit manager(s)" in out
    assert "Workstations, last sync: none" in out
    assert PASSWORD not in out and "owner-password" not in out

    rc, out, err = run(["server", "status", "--dsn", empty_db.owner_dsn, "--json"])
    status = json.loads(out)
    assert status["schema_version"] == HEAD and status["pending"] == []
    assert status["rows"]["accounts"] == 2 and status["units"][0]["name"] == "VC Test"
    assert status["in_recovery"] is False and status["standbys"] == []


def test_status_of_an_empty_database_names_the_pending_migrations(empty_db: ServerDb) -> None:
    rc, out, err = run(["server", "status", "--dsn", empty_db.owner_dsn])
    assert rc == 0, err
    assert "Schema: ingen" in out and f"Väntande migreringar: {', '.join(REVS)}" in out


def test_migrate_down_and_up_by_version(server_db: ServerDb) -> None:
    rc, out, err = run(["--lang", "en", "server", "migrate", "--dsn", server_db.owner_dsn, "--to", "0001"])
    assert rc == 0, err
    assert f"Schema moved from {HEAD} to 0001 ({', '.join(reversed(REVS[1:]))})." in out
    rc, out, err = run(["server", "migrate", "--dsn", server_db.owner_dsn])
    assert rc == 0 and f"från 0001 till {HEAD}" in out
    rc, out, err = run(["server", "migrate", "--dsn", server_db.owner_dsn])
    assert rc == 0 and f"redan {HEAD}" in out
    rc, out, err = run(["server", "migrate", "--dsn", server_db.owner_dsn, "--to", "7"])
    assert rc == 1 and "Schemaversionen 7 finns inte" in err


def test_refusals_are_plain_messages(empty_db: ServerDb) -> None:
    rc, out, err = run(
        [
            "server",
            "init",
            "--dsn",
            empty_db.owner_dsn,
            "--unit",
            "U",
            "--manager",
            "chef",
            "--password-stdin",
        ],
        "short\n",
    )
    assert rc == 1 and "minst 10 tecken" in err
    # wrong password: the server's refusal, never the DSN with its password
    bad = empty_db.cluster.dsn(empty_db.name, "idoc_owner", "not-the-password")
    rc, out, err = run(["--lang", "en", "server", "status", "--dsn", bad])
    assert rc == 1 and "did not accept the user name or password" in err
    assert "not-the-password" not in err + out
    rc, out, err = run(
        ["server", "status", "--dsn", "host=/nonexistent/socket dbname=x user=y password=secret"]
    )
    assert rc == 1 and "Kunde inte ansluta till enhetsservern" in err and "secret" not in err
    rc, out, err = run(["server", "status", "--dsn", "this is = not a dsn"])
    assert rc == 1 and "Kunde inte ansluta" in err
    _init(empty_db)
    rc, out, err = run(
        [
            "--lang",
            "en",
            "server",
            "add-account",
            "--dsn",
            empty_db.dsn("chef"),
            "--username",
            "postgres",
            "--display-name",
            "X",
            "--role",
            "clinician",
            "--password-stdin",
        ],
        "another good password\n",
    )
    assert rc == 1 and "user name is taken or not allowed" in err


def test_status_verify_photos_finds_bytes_changed_behind_the_servers_back(server_db: ServerDb) -> None:
    import os

    from injurydoc.server.upload import upload
    from tests.server.world import World

    w = World.build(server_db)
    try:
        for _ in range(2):
            upload(w.as_("anna"), w.unit_a, os.urandom(70_000), chunk_size=65_536)
    finally:
        w.close()
    rc, out, err = run(["--lang", "en", "server", "status", "--dsn", server_db.owner_dsn, "--verify-photos"])
    assert rc == 0, err
    assert "Check of the photos' SHA-256: 2 checked, 0 do not match" in out
    with server_db.superuser() as su:  # someone with the superuser's power edits a stored chunk
        su.execute("ALTER TABLE injurydoc.photo_chunks DISABLE TRIGGER photo_chunks_guard")
        su.execute(
            "UPDATE injurydoc.photo_chunks SET data = overlay(data placing '\\x00'::bytea from 5)"
            " WHERE idx = 1 AND sha256 = (SELECT sha256 FROM injurydoc.photo_chunks ORDER BY sha256 LIMIT 1)"
        )
    rc, out, err = run(["server", "status", "--dsn", server_db.owner_dsn, "--verify-photos", "--json"])
    assert rc == 1
    assert json.loads(out)["photo_check"] == {"checked": 2, "broken": 1}
