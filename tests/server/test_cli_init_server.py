"""``injurydoc init --server DSN --user NAME``: a workstation joins the unit from the command line — the
account's own encrypted cache is made, later sign-ins need no network, and every refusal is a plain
message without the password."""

from __future__ import annotations

import io
from pathlib import Path

from injurydoc.cli import main
from injurydoc.services import unit_mode
from tests.server.world import PASSWORD, World


def run(args: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    rc = main(args, stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return rc, out.getvalue(), err.getvalue()


def _init(
    dsn: str, user: str, caches: Path, password: str = PASSWORD, lang: str = "sv"
) -> tuple[int, str, str]:
    argv = ["--lang", lang, "init", "--server", dsn, "--user", user, "--store", str(caches)]
    argv.append("--password-stdin")
    return run(argv, password + "\n")


def test_init_server_makes_the_accounts_cache_and_later_sign_ins_need_no_network(
    world: World, tmp_path: Path
) -> None:
    dsn = unit_mode.strip_password(world.db.dsn("anna"))
    caches = tmp_path / "caches"
    rc, out, err = _init(dsn, "anna", caches)
    assert (rc, err) == (0, ""), err
    folder = unit_mode.cache_folder(dsn, "anna", caches)
    assert str(folder) in out and "ansluten" in out
    assert PASSWORD not in out

    # the cache has the account's own slot only, and opens with the password while the server is away
    world.db.cluster.pause()
    try:
        session = unit_mode.sign_in_unit("anna", PASSWORD, dsn=dsn, root=caches)
        try:
            assert [(s.kind, s.username) for s in session.vault.keyslots.slots] == [("account", "anna")]
            assert session.account.id == str(world.ids["anna"])
        finally:
            session.close()
    finally:
        world.db.cluster.resume()

    # a second init for the same account is refused in words, and the cache is left as it was
    before = sorted(p.name for p in folder.iterdir())
    rc, out, err = _init(dsn, "anna", caches, lang="en")
    assert rc != 0 and "connected on this workstation already" in err and "Traceback" not in err
    assert sorted(p.name for p in folder.iterdir()) == before


def test_init_server_refusals_are_plain_messages(world: World, tmp_path: Path) -> None:
    dsn = unit_mode.strip_password(world.db.dsn("erik"))
    caches = tmp_path / "caches"
    wrong = "not erik's password at all"
    rc, out, err = _init(dsn, "erik", caches, password=wrong, lang="en")
    assert rc != 0 and "Traceback" not in err and err.strip()
    assert wrong not in err + out
    assert not unit_mode.cache_folder(dsn, "erik", caches).exists()

    # --server without --user, or a standalone init without --store: what to give instead
    for argv in (["init", "--server", dsn], ["init", "--manager", "chef"]):
        rc, out, err = run(["--lang", "en", *argv, "--password-stdin"], PASSWORD + "\n")
        assert rc != 0 and "--server DSN --user NAME" in err and "Traceback" not in err


def test_a_clinicians_cache_has_a_whole_access_log_from_its_first_row(world: World, tmp_path: Path) -> None:
    """The cache has no recovery code: it is made without one, not made with one a clinician then withdraws
    (which the log check rightly names as a withdrawal by someone who is no unit manager)."""
    from injurydoc.services.keys import check_log

    session = unit_mode.connect_workstation(world.db.dsn("anna"), "anna", PASSWORD, root=tmp_path / "c")
    try:
        assert [s.kind for s in session.vault.keyslots.slots] == ["account"]
        report = check_log(session)
        assert report.whole, report.problem
        assert session.db.scalar("SELECT count(*) FROM account_keys WHERE subject = 'recovery'") == 0
    finally:
        session.close()
