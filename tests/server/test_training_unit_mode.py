"""Training in unit mode (server revision 0007): the cache of a training unit's account is a training
store, and it syncs with the training unit — a trainee's exercise documented on workstation A is seen by
the trainer on B, watermarked; a training store connects only to a training unit and a real one only to a
real unit (services, the connect wizard's flow, ``injurydoc init --server``), each wrong pairing refused
with what to do and nothing made."""

from __future__ import annotations

import functools
import io
import json
from pathlib import Path
from typing import Any

import pytest

from injurydoc.cli import main
from injurydoc.domain.errors import KnownError
from injurydoc.services import unit_desktop, unit_mode
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.signing import SigningService
from injurydoc.services.unit_connect_flow import ConnectFlow, ConnectState
from injurydoc.services.unit_connection import UnitError
from injurydoc.store.keyslots import TEST_KDF
from injurydoc.store.layout import is_store
from tests.helpers.export_cases import export_case
from tests.server.unit_cases import document, outbox_rows, server_rows, sync
from tests.server.world import PASSWORD, World


@pytest.fixture
def training(world: World) -> World:
    """The two real units of ``world`` and a training unit: manager trudi, trainee elin (clinician),
    trainer tina."""
    world.add_training_unit()
    return world


def _cache(world: World, user: str, root: Path, *, training: bool) -> Any:
    return unit_mode.connect_workstation(
        world.db.dsn(user), user, PASSWORD, kdf=TEST_KDF, root=root, training=training
    )


def test_an_exercise_on_a_reaches_the_trainer_on_b_watermarked(training: World, tmp_path: Path) -> None:
    a = _cache(training, "elin", tmp_path / "ws-a", training=True)
    b = _cache(training, "tina", tmp_path / "ws-b", training=True)
    try:
        assert a.is_training and b.is_training  # the ÖVNING banner, watermark and exit 3 follow from this
        assert not unit_mode.stays_local(a) and not unit_mode.stays_local(b)
        case = document(a, name="Övning Ek")
        assert ("examination", case.exam_id) in outbox_rows(a)  # queued like a real case
        sync(training, a, "elin")
        assert outbox_rows(a) == []
        unit = training.unit_by_user["elin"]
        assert [r["unit_id"] for r in server_rows(training, "examinations")] == [unit]
        assert server_rows(training, "patients")[0]["unit_id"] == unit
        # the trainer's workstation
        assert sync(training, b, "tina").examinations_read == 1
        rows = ExaminationService(b).search("")
        assert [r.examination_id for r in rows] == [case.exam_id] and rows[0].status == "signed"
        on_b = ExaminationService(b).get(case.exam_id)
        assert on_b.is_signed
        # exported on B: every page says ÖVNING – INTE BEVIS, and verify exits 3 (an intact exercise)
        SigningService(b).create_self_signed(PASSWORD)
        result = export_case(b, on_b, SigningService(b).identity(PASSWORD), tmp_path / "out")
        assert result.verdict.intact
        out = io.StringIO()
        assert main(["verify", str(result.path)], stdout=out, stderr=io.StringIO()) == 3
        assert main(
            ["verify", "--exercise", str(result.path)], stdout=io.StringIO(), stderr=io.StringIO()
        ) in (
            0,
            1,
        )
    finally:
        a.close()
        b.close()
    # a real unit's clinician on a third workstation: nothing of the exercise arrives
    c = _cache(training, "anna", tmp_path / "ws-c", training=False)
    try:
        assert not c.is_training
        assert sync(training, c, "anna").examinations_read == 0
        assert ExaminationService(c).search("") == []
    finally:
        c.close()


@pytest.mark.parametrize(
    ("user", "wanted_training", "code"),
    [
        ("anna", True, "unit.training_needs_training_unit"),
        ("elin", False, "unit.training_unit_needs_training"),
        ("tina", False, "unit.training_unit_needs_training"),
    ],
)
def test_a_wrong_pairing_is_refused_and_nothing_is_made(
    training: World, tmp_path: Path, user: str, wanted_training: bool, code: str
) -> None:
    root = tmp_path / "ws"
    with pytest.raises(UnitError) as info:
        _cache(training, user, root, training=wanted_training)
    assert info.value.code == code
    sv, en = info.value.message("sv"), info.value.message("en")
    assert user in sv and user in en and "övning" in sv.lower() and "training" in en.lower()
    assert not is_store(unit_mode.cache_folder(training.db.dsn(user), user, root))
    assert user not in unit_mode.known_accounts()
    # the right pairing then works
    session = _cache(training, user, root, training=not wanted_training)
    try:
        assert session.is_training is (not wanted_training)
    finally:
        session.close()


def _flow(training_wanted: bool, world: World, root: Path, user: str) -> ConnectFlow:
    sign_in = functools.partial(unit_desktop.first_sign_in, kdf=TEST_KDF, root=root)
    flow = ConnectFlow(sign_in, training=training_wanted)
    doc = {
        "format": "injurydoc-unit",
        "version": 1,
        "unit": "Övningsenheten",
        "server": {"host": str(world.db.cluster.socket_dir), "port": 5432, "dbname": world.db.name},
    }
    (root.parent / "injurydoc-unit.json").write_text(json.dumps(doc), "utf-8")
    flow.use_file(root.parent / "injurydoc-unit.json")
    assert flow.next() is ConnectState.CHECKING  # a training store is no longer refused here
    assert flow.checked(flow.checking_job()()) is ConnectState.ACCOUNT  # a local socket: no certificate
    flow.data.username, flow.data.password = user, PASSWORD
    assert flow.next() is ConnectState.SIGNING_IN
    return flow


def _run_sign_in(flow: ConnectFlow) -> ConnectState:
    try:
        session = flow.signing_in_job()()
    except KnownError as exc:
        return flow.signing_in_failed(exc)
    return flow.signed_in(session)


@pytest.mark.parametrize(
    ("user", "wanted_training", "words"),
    [("anna", True, "övningsenhet"), ("elin", False, "anslut det som övning")],
)
def test_the_wizard_refuses_a_wrong_pairing_with_what_to_do(
    training: World, tmp_path: Path, user: str, wanted_training: bool, words: str
) -> None:
    flow = _flow(wanted_training, training, tmp_path / "ws", user)
    assert _run_sign_in(flow) is ConnectState.SERVER
    assert words in flow.message("sv").lower() and user in flow.message("en")
    assert flow.data.password == PASSWORD  # kept: the password was right
    assert not is_store(unit_mode.cache_folder(training.db.dsn(user), user, tmp_path / "ws"))
    # the right pairing
    flow = _flow(not wanted_training, training, tmp_path / "ws", user)
    assert _run_sign_in(flow) is ConnectState.FIRST_SYNC
    try:
        assert flow.session.is_training is (not wanted_training)
    finally:
        flow.session.close()
    # the cache exists now: the wizard opened for the other purpose refuses it too
    flow = _flow(wanted_training, training, tmp_path / "ws", user)
    assert _run_sign_in(flow) is ConnectState.SERVER and flow.problem is not None


def _init(world: World, user: str, root: Path, *extra: str, lang: str = "sv") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    argv = ["--lang", lang, "init", "--server", world.db.dsn(user), "--user", user, "--store", str(root)]
    rc = main([*argv, "--password-stdin", *extra], stdin=io.StringIO(PASSWORD + "\n"), stdout=out, stderr=err)
    return rc, out.getvalue(), err.getvalue()


def test_cli_init_server_pairs_training_with_training(
    training: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(unit_mode, "KdfParams", lambda: TEST_KDF)
    root = tmp_path / "caches"
    rc, out, err = _init(training, "elin", root)
    assert rc != 0 and "--training" in err and "övningsenhet" in err and "Traceback" not in err
    rc, out, err = _init(training, "anna", root, "--training", lang="en")
    assert rc != 0 and "training unit" in err and "Traceback" not in err
    assert not any(root.glob("*/*")) if root.exists() else True
    rc, out, err = _init(training, "elin", root, "--training")
    assert rc == 0, err
    session = unit_mode.sign_in_unit("elin", PASSWORD, dsn=training.db.dsn("elin"), root=root)
    try:
        assert session.is_training and not unit_mode.stays_local(session)
    finally:
        session.close()


def test_a_standalone_training_store_still_never_syncs(training_store: Any) -> None:
    s = training_store.sign_in("chef")
    try:
        assert unit_mode.stays_local(s)
        assert unit_desktop.sync_runner_for(s) is None and unit_desktop.server_link(s) is None
    finally:
        s.close()


def test_a_store_moves_only_into_a_unit_of_its_purpose(
    store: Any, training_store: Any, server_db: Any
) -> None:
    """``server import-store``: a training store is never moved into a real unit (its exercises would
    become real cases), nor a real store into a training unit; refused before anything is sent."""
    from injurydoc.server import admin
    from injurydoc.server.errors import ServerError
    from injurydoc.services.store_import import import_store

    admin.init_server(
        server_db.owner_dsn,
        unit_name="VC Riktig",
        manager="chef",
        manager_display_name="C",
        manager_password=PASSWORD,
    )

    def counts() -> tuple[int, int]:
        with server_db.owner() as o:
            return (
                o.execute("SELECT count(*) FROM injurydoc.patients").fetchone()[0],
                o.execute("SELECT count(*) FROM injurydoc.access_log WHERE source = 'client'").fetchone()[0],
            )

    with pytest.raises(ServerError) as info:
        import_store(training_store.folder, server_db.dsn("chef"), "chef", PASSWORD)
    assert info.value.code == "server.import_purpose_real" and "övningsenhet" in info.value.message("sv")
    assert counts() == (0, 0)
    # a training unit whose manager is the real store's manager by name
    with server_db.owner() as o:
        o.execute("ALTER ROLE chef RENAME TO chef_riktig")
        o.execute("UPDATE injurydoc.accounts SET role_name = 'chef_riktig' WHERE role_name = 'chef'")
    admin.add_unit(
        server_db.owner_dsn,
        unit_name="VC Övning",
        manager="chef",
        manager_display_name="C",
        manager_password=PASSWORD,
        training=True,
    )
    with pytest.raises(ServerError) as info:
        import_store(store.folder, server_db.dsn("chef"), "chef", PASSWORD)
    assert info.value.code == "server.import_purpose_training" and "real cases never" in info.value.message(
        "en"
    )
    assert counts() == (0, 0)
