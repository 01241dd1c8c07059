"""The unit manager's list of encryption keys refused a protected person's key is unit-wide: every
workstation names its refusals in the unit's log (with the workstation), and the manager's page reads them
from the server through the manager's own logged log search — one row per account and reason, naming the
workstations; keys made good since leave it; without the server, this workstation's own list."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any

import pytest

from injurydoc.domain.vocab import Protection
from injurydoc.services import unit_desktop, unit_key_refusals
from injurydoc.sync import client_log
from tests.server import unit_cases
from tests.server.unit_cases import document, outbox, server_rows, sync
from tests.server.world import World

PROTECTED = Protection.SKYDDAD_FOLKBOKFORING


@pytest.fixture
def unit(world: World, tmp_path: Path) -> Any:
    with unit_cases.workstations(world, tmp_path, ("chef", "anna", "erik")) as caches:
        yield caches


def _workstation(world: World, session: Any, user: str, name: str) -> str:
    """The cache on a workstation of its own, named on the server as a workstation's sync names it."""
    ws = str(uuid.uuid4())
    outbox(session).set_state(client_log.WORKSTATION, ws)
    with world.db.connect(user) as conn:
        conn.execute("SELECT injurydoc.report_sync(%s, %s, 'ok', '')", (uuid.UUID(ws), name))
    return ws


def _plant_keys(world: World, user: str) -> tuple[uuid.UUID, uuid.UUID]:
    """Past the server's rules (a superuser): a key "for" ``user`` registered by someone else, and a key of
    their own with no binding."""
    by_other, unbound = uuid.uuid4(), uuid.uuid4()
    insert = (
        "INSERT INTO injurydoc.account_keys (id, unit_id, account_id, purpose, algorithm, public_key,"
        " created_by) VALUES (%s, %s, %s, 'encryption', 'x25519', %s, %s)"
    )
    with world.db.superuser() as su:
        su.execute(insert, (by_other, world.unit_a, world.ids[user], os.urandom(32), world.ids["erik"]))
        su.execute(insert, (unbound, world.unit_a, world.ids[user], os.urandom(32), world.ids[user]))
    return by_other, unbound


def _named(world: World) -> list[dict[str, Any]]:
    return [
        r
        for r in server_rows(world, "access_log", source="client")
        if r["details"].get("event") == unit_key_refusals.EVENT
    ]


def test_refusals_of_every_workstation_reach_the_managers_list_once_per_account_and_reason(
    world: World, unit: Any
) -> None:
    chef, anna = unit["chef"], unit["anna"]
    rum3 = _workstation(world, anna, "anna", "Rum 3")
    _workstation(world, chef, "chef", "Chefens dator")
    # two bad keys in the manager's own name (every unit manager gets a protected person's key)
    by_other, unbound = _plant_keys(world, "chef")

    # anna's workstation sends a protected case: the bad keys are refused there, and named
    document(anna, number="19750505-0000", name="Hemlig Hansson", protection=PROTECTED)
    sync(world, anna, "anna")
    sync(world, anna, "anna")  # the log rows named during the push go with the next one
    named = _named(world)
    assert {r["target"] for r in named} == {f"key:{by_other}", f"key:{unbound}"}
    assert {str(r["workstation_id"]) for r in named} == {rum3}

    # the manager's own workstation never saw them: offline, its list is empty ...
    assert unit_key_refusals.refused_keys(chef) == []
    # ... from the unit's log they are there, the workstation named: one row per account and reason
    unit_desktop.register_server_link(chef, lambda: world.db.connect("chef", autocommit=False))
    logged = server_rows(world, "access_log", source="client")
    searches = len([r for r in logged if r["target"] == "audit_log"])
    rows = unit_key_refusals.refused_keys(chef)
    assert [(r.username, r.kind, r.key_ids, r.workstations) for r in rows] == [
        ("chef", unit_key_refusals.NOT_OWN, (str(by_other),), ("Rum 3",)),
        ("chef", unit_key_refusals.UNBOUND, (str(unbound),), ("Rum 3",)),
    ]
    # read through the manager's logged search: the search is in the unit's log
    after = [r for r in server_rows(world, "access_log", source="client") if r["target"] == "audit_log"]
    assert len(after) == searches + 1 and after[-1]["details"]["event"] == "unit_log_search"

    # the manager's workstation syncs the case and refuses them too: still one row each, both named
    sync(world, chef, "chef")
    sync(world, chef, "chef")
    assert len(_named(world)) == 4
    rows = unit_key_refusals.refused_keys(chef)
    assert [(r.username, r.kind, r.workstations) for r in rows] == [
        ("chef", unit_key_refusals.NOT_OWN, ("Chefens dator", "Rum 3")),
        ("chef", unit_key_refusals.UNBOUND, ("Chefens dator", "Rum 3")),
    ]

    # keys made good (retired by IT) leave the list, though the log keeps naming them
    with world.db.superuser() as su:
        su.execute(
            "UPDATE injurydoc.account_keys SET retired_at = now() WHERE id = ANY(%s)",
            ([by_other, unbound],),
        )
    assert unit_key_refusals.refused_keys(chef) == []
    # a clinician's page gets nothing
    unit_desktop.register_server_link(anna, lambda: world.db.connect("anna", autocommit=False))
    assert unit_key_refusals.refused_keys(anna) == []
