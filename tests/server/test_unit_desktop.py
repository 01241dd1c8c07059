"""The account's first sign-in on a real unit server, each refusal with its plain message, and the unit
manager's list of workstations."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from psycopg import sql

from injurydoc.services.unit_connection import ConnectionSettings, UnitError
from injurydoc.services.unit_desktop import check_account, open_connection, workstations
from tests.server.conftest import cheap_verifier
from tests.server.world import PASSWORD, World


def _settings(world: World, dbname: str | None = None) -> ConnectionSettings:
    return ConnectionSettings(str(world.db.cluster.socket_dir), 5432, dbname or world.db.name)


def test_an_active_account_signs_in(world: World) -> None:
    acc = check_account(_settings(world), "anna", PASSWORD)
    assert acc.username == "anna" and acc.unit_name == "Vårdcentralen A"
    assert acc.roles == ("clinician",) and acc.id == world.ids["anna"]


def test_a_wrong_password_says_so(world: World) -> None:
    with pytest.raises(UnitError) as e:
        check_account(_settings(world), "anna", "not the password")
    assert e.value.code == "unit.auth"
    assert "not the password" not in e.value.message("en")


def test_a_disabled_account_is_a_refused_role(world: World) -> None:
    world.as_("chef").execute("SELECT injurydoc.disable_account(%s)", (world.ids["erik"],))
    with pytest.raises(UnitError) as e:
        check_account(_settings(world), "erik", PASSWORD)
    assert e.value.code == "unit.role_refused"
    assert "erik" in e.value.message("sv") and "enhetschefen" in e.value.message("sv")


def test_a_login_that_is_no_account_is_a_refused_role(world: World) -> None:
    with world.db.superuser() as su:
        verifier = cheap_verifier(su, "stranger", PASSWORD)
        su.execute(sql.SQL("CREATE ROLE stranger LOGIN PASSWORD {}").format(sql.Literal(verifier)))
    try:
        with pytest.raises(UnitError) as e:
            check_account(_settings(world), "stranger", PASSWORD)
        assert e.value.code == "unit.role_refused"
    finally:
        with world.db.superuser() as su:
            su.execute("DROP ROLE stranger")


def test_a_wrong_database_is_no_injurydoc_server(world: World) -> None:
    with pytest.raises(UnitError) as e:
        check_account(_settings(world, "no_such_db"), "anna", PASSWORD)
    assert e.value.code == "unit.not_injurydoc"


def test_a_stopped_server_is_unreachable(world: World) -> None:
    world.close()
    world.db.cluster.pause()
    try:
        with pytest.raises(UnitError) as e:
            check_account(_settings(world), "anna", PASSWORD)
    finally:
        world.db.cluster.resume()
    assert e.value.code == "unit.unreachable"
    assert "Säg till IT" in e.value.message("sv")


def test_the_manager_sees_the_units_workstations_quiet_first(world: World) -> None:
    room3, room5, other = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    world.as_("anna").execute("SELECT injurydoc.report_sync(%s, 'Rum 3', 'ok', '0.9')", (room3,))
    world.as_("erik").execute("SELECT injurydoc.report_sync(%s, 'Rum 5', 'partial', '0.9')", (room5,))
    world.as_("bo").execute("SELECT injurydoc.report_sync(%s, 'Syd 1', 'ok', '0.9')", (other,))
    with world.db.superuser() as su:  # room 5 last synced five days ago
        su.execute(
            "UPDATE injurydoc.workstations SET last_sync_at = now() - interval '5 days' WHERE id = %s",
            (room5,),
        )
    conn = open_connection(_settings(world), "chef", PASSWORD)
    with conn:
        rows = workstations(conn)
    assert [r.name for r in rows] == ["Rum 5", "Rum 3"]  # the other unit's workstation is not shown
    now = dt.datetime.now(dt.UTC)
    assert rows[0].quiet_too_long(now) and rows[0].days_quiet(now) == 5 and rows[0].last_account == "erik"
    assert not rows[1].quiet_too_long(now) and rows[1].outcome == "ok"


def test_start_page_rows_say_where_a_case_has_been(world: World, tmp_path, qapp) -> None:
    import json

    from injurydoc.services.examinations import ExaminationService
    from injurydoc.services.patients import PatientService
    from injurydoc.services.unit_desktop import first_sign_in, with_origins
    from injurydoc.store.keyslots import TEST_KDF
    from injurydoc.sync.outbox import Outbox, StoreConnection
    from injurydoc.sync.push import push
    from injurydoc.ui.app import install_translations
    from injurydoc.ui.models import ExaminationListModel
    from tests.conftest import make_pnr

    install_translations(qapp, "sv")
    session = first_sign_in(_settings(world), None, "anna", PASSWORD, kdf=TEST_KDF, root=tmp_path)
    try:
        svc = ExaminationService(session)
        theirs = svc.create(PatientService(session).create(personal_id=make_pnr(2), name="Bo B").id)
        plain = svc.create(PatientService(session).create(personal_id=make_pnr(3), name="Cia C").id)
        with world.db.connect("anna") as conn:  # these two reached the server
            assert push(conn, Outbox(StoreConnection(session.db))).remaining == 0
        # made here and not yet sent (the unit-mode services queue it) / pulled, first saved elsewhere
        mine = svc.create(PatientService(session).create(personal_id=make_pnr(1), name="Alva A").id)
        body = {"versions": [{"id": "v1", "parent_id": None, "workstation_id": str(uuid.uuid4())}]}
        session.db.execute(
            "INSERT INTO sync_cache (kind, id, patient_id, body) VALUES ('examination', ?, ?, ?)",
            (theirs.id, theirs.patient_id, json.dumps(body)),
        )
        rows = {r.examination_id: r for r in with_origins(session, svc.list_mine())}
        assert rows[mine.id].extra["origin"] == "here_only"
        assert rows[theirs.id].extra["origin"] == "elsewhere"
        assert "origin" not in rows[plain.id].extra
        model = ExaminationListModel("sv")
        model.set_rows([rows[mine.id], rows[theirs.id]])
        status = [model.index(i, ExaminationListModel.COLUMNS.index("status")).data() for i in range(2)]
        assert status == [
            "Utkast · bara på den här arbetsstationen än så länge",
            "Utkast · från en annan arbetsstation",
        ]
    finally:
        session.close()
