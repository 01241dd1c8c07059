"""Loggkontroll over the unit server's access log (services/log_report_unit.py), against the real server:
every workstation's entries and the server's own reads, each row naming its workstation; another unit's
rows never; the filters; the report itself logged on the server; a lost server says so and writes
nothing."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import shutil
import subprocess
import uuid
from typing import Any

import pytest

from injurydoc.domain.vocab import AuditAction
from injurydoc.server import reads
from injurydoc.server.errors import ServerError
from injurydoc.services.audit_log import AuditFilter
from injurydoc.services.log_report_unit import UnitLogReport, action_of
from tests.server.world import World


def _entry(world: World, user: str, workstation: uuid.UUID | None, action: str, patient: Any = None) -> None:
    world.as_(user).execute(
        "INSERT INTO injurydoc.access_log (unit_id, account_id, source, action, outcome, patient_id, target,"
        " workstation_id) VALUES (%s, %s, 'client', %s, 'ok', %s, 'examination:x', %s)",
        (world.unit_of(user), world.ids[user], action, patient, workstation),
    )


@pytest.fixture
def unit(world: World) -> dict[str, Any]:
    """Two workstations of unit A with entries, the server's reads, and unit B's rows beside them."""
    room3, room5, south = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    world.as_("anna").execute("SELECT injurydoc.report_sync(%s, 'Rum 3', 'ok', '1')", (room3,))
    world.as_("erik").execute("SELECT injurydoc.report_sync(%s, 'Rum 5', 'ok', '1')", (room5,))
    world.as_("bo").execute("SELECT injurydoc.report_sync(%s, 'Syd 1', 'ok', '1')", (south,))
    patient = world.add_patient("anna")
    _entry(world, "anna", room3, "exported", patient)
    _entry(world, "erik", room5, "printed", patient)
    _entry(world, "erik", uuid.uuid4(), "copied")  # a workstation that never reported a sync
    world.add_patient("bo", name="Bo Patient")
    _entry(world, "bo", south, "exported")
    for user in ("anna", "bo"):  # reads the server logs itself
        with world.db.connect(user, autocommit=False) as conn:
            reads.read_patients(conn)
    return {"patient": patient}


def _report(world: World, store: Any, manager: str = "chef") -> tuple[Any, UnitLogReport]:
    session = store.sign_in("chef")  # the local session of a unit manager (its role); the server decides
    return session, UnitLogReport(session, lambda: world.db.connect(manager, autocommit=False))


def _csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_the_report_names_every_workstation_and_the_servers_reads(world, store, unit) -> None:
    session, report = _report(world, store)
    try:
        rows = _csv(report.csv(AuditFilter(), "sv"))
    finally:
        session.close()
    where = {(r["Arbetsstation"], r["Konto"], r["Händelse"]) for r in rows}
    assert ("Rum 3", "anna", "Lämnade ut") in where
    assert ("Rum 5", "erik", "Skrev ut") in where
    assert ("(okänd)", "erik", "Kopierade") in where
    assert ("Enhetens server", "anna", "Läste") in where  # the server's own record of anna's read
    assert ("Enhetens server", "chef", "Kontoadministration") in where  # chef made the accounts
    # nothing of unit B: its workstation, its clinician, its patient
    assert not [r for r in rows if r["Arbetsstation"] == "Syd 1" or r["Konto"] in ("bo", "berit")]
    assert {r["Vårdenhet"] for r in rows} == {"Vårdcentralen A"}
    assert [int(r["Nr"]) for r in rows] == sorted(int(r["Nr"]) for r in rows)  # oldest first


def test_the_other_units_manager_sees_only_theirs(world, store, unit) -> None:
    session, report = _report(world, store, manager="berit")
    try:
        rows = _csv(report.csv(AuditFilter(), "en"))
    finally:
        session.close()
    assert {r["Workstation"] for r in rows} >= {"Syd 1", "Unit server"}
    assert {"bo", "berit"} <= {r["Account"] for r in rows}
    assert not {r["Account"] for r in rows} & {"anna", "erik", "chef", "tove"}
    assert {r["Care unit"] for r in rows} == {"Vårdcentralen B"}


def test_filters_account_action_patient_and_period(world, store, unit) -> None:
    session, report = _report(world, store)
    try:
        anna = str(world.ids["anna"])
        rows, more = report.search(AuditFilter(account_id=anna))
        assert rows and not more and {r.event.username for r in rows} == {"anna"}
        reads_only, _ = report.search(AuditFilter(action=AuditAction.READ))
        assert reads_only and {r.event.action for r in reads_only} == {AuditAction.READ}
        assert {r.source for r in reads_only} == {"server"}
        printed, _ = report.search(AuditFilter(action=AuditAction.PRINTED))
        assert [(r.workstation, r.event.username) for r in printed] == [("Rum 5", "erik")]
        patient, _ = report.search(AuditFilter(patient_id=str(unit["patient"])))
        assert {r.event.action for r in patient} >= {AuditAction.EXPORTED, AuditAction.PRINTED}
        assert all(r.event.patient_id == str(unit["patient"]) for r in patient)
        tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
        assert report.search(AuditFilter(since=tomorrow))[0] == []
        assert report.search(AuditFilter(patient_id="not an id"))[0] == []  # matches nothing, no error
        newest, _ = report.search(AuditFilter())
        assert [r.event.seq for r in newest] == sorted((r.event.seq for r in newest), reverse=True)
    finally:
        session.close()


def test_the_report_is_logged_on_the_server_with_its_hash(world, store, unit) -> None:
    session, report = _report(world, store)
    try:
        data = report.pdf(AuditFilter(account_id=str(world.ids["erik"])), "en")
    finally:
        session.close()
    assert data.startswith(b"%PDF")
    row = (
        world.as_("chef")
        .execute(
            "SELECT action, source, details, role_name FROM injurydoc.access_log"
            " WHERE account_id = %s AND action = 'printed' ORDER BY id DESC LIMIT 1",
            (world.ids["chef"],),
        )
        .fetchone()
    )
    assert row is not None
    action, source, details, role = row
    assert (action, source, role) == ("printed", "client", "chef")
    assert details["sha256"] == hashlib.sha256(data).hexdigest()
    assert details["scope"] == "unit_server" and details["filter"] == {"account_id": str(world.ids["erik"])}
    # erik: his key registered (logged by the server, 0011), printed and copied (a sync report is no log row)
    assert details["rows"] == 3
    # berit's unit does not see chef's report
    assert (
        not world.as_("berit")
        .execute("SELECT 1 FROM injurydoc.access_log WHERE account_id = %s", (world.ids["chef"],))
        .fetchall()
    )


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_pdf_says_which_log_it_covers(world, store, unit, tmp_path, lang) -> None:
    session, report = _report(world, store)
    try:
        data = report.pdf(AuditFilter(), lang)
    finally:
        session.close()
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    extracted = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(extracted.split())
    if lang == "sv":
        assert "Loggkontroll" in flat and "Arbetsstation" in flat
        assert "Enhetens server (" in flat and "varje arbetsstations" in flat
    else:
        assert "Access log review" in flat and "Workstation" in flat
        assert "The unit's server (" in flat and "every workstation" in flat
    assert "Rum 3" in flat and "Rum 5" in flat
    assert "Syd 1" not in flat and "Bo Patient" not in flat and "Test Person" not in flat


def test_a_stopped_server_says_so_and_writes_nothing(world, store, unit) -> None:
    before = world.as_("chef").execute("SELECT count(*) FROM injurydoc.access_log").fetchone()
    world.close()
    session, report = _report(world, store)
    world.db.cluster.pause()
    try:
        with pytest.raises(ServerError) as e:
            report.pdf(AuditFilter(), "sv")
    finally:
        world.db.cluster.resume()
        session.close()
    assert e.value.code == "server.connect"
    assert e.value.message("sv") and e.value.message("en") != e.value.message("sv")
    after = world.as_("chef").execute("SELECT count(*) FROM injurydoc.access_log").fetchone()
    assert after == before


def test_server_action_codes_map_to_the_programs_actions() -> None:
    assert action_of("patient.read", "server") is AuditAction.READ
    assert action_of("patient.list", "server") is AuditAction.READ
    assert action_of("account.create", "server") is AuditAction.ACCOUNT
    assert action_of("grant.withdraw", "server") is AuditAction.GRANT
    assert action_of("patient.update", "server") is AuditAction.CHANGED
    assert action_of("exported", "client") is AuditAction.EXPORTED
    assert json.dumps(action_of("log_review", "client").code) == '"log_review"'
