"""Keys refused a protected person's key (binding does not hold, sync/sealed.py) shown to the unit
manager on the manager page in unit mode: one plain line per account saying what to do, Swedish and
English; a key registered before bindings leaves the list once made good; nothing for a clinician."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from pathlib import Path
from typing import Any

import pytest

from injurydoc.domain.vocab import Protection
from injurydoc.server import admin
from injurydoc.services import unit_key_refusals, unit_mode
from injurydoc.services.unit_admin import UnitGrantService
from injurydoc.sync import sealed
from injurydoc.ui.app import install_translations
from injurydoc.ui.manager_page import ManagerPage
from injurydoc.ui.ops import Ops
from tests.server import unit_cases
from tests.server.unit_cases import document, sync
from tests.server.world import PASSWORD, World

TIMEOUT = 15000
PROTECTED = Protection.SKYDDAD_FOLKBOKFORING


@pytest.fixture
def unit(world: World, tmp_path: Path) -> Any:
    with unit_cases.workstations(world, tmp_path, ("chef", "anna", "erik")) as caches:
        yield caches


def _plant_keys(world: World) -> tuple[uuid.UUID, uuid.UUID]:
    """Past the server's rules (a superuser): a key "for" erik registered by the manager, and a key of
    his own with no binding."""
    by_manager, unbound = uuid.uuid4(), uuid.uuid4()
    insert = (
        "INSERT INTO injurydoc.account_keys (id, unit_id, account_id, purpose, algorithm, public_key,"
        " created_by) VALUES (%s, %s, %s, 'encryption', 'x25519', %s, %s)"
    )
    with world.db.superuser() as su:
        su.execute(insert, (by_manager, world.unit_a, world.ids["erik"], os.urandom(32), world.ids["chef"]))
        su.execute(insert, (unbound, world.unit_a, world.ids["erik"], os.urandom(32), world.ids["erik"]))
    return by_manager, unbound


def _protected_case_granted(world: World, unit: Any, to: str = "erik") -> str:
    chef, a = unit["chef"], unit["anna"]
    case = document(a, number="19750505-0000", name="Hemlig Hansson", protection=PROTECTED)
    sync(world, a, "anna")
    until = dt.date.today() + dt.timedelta(days=30)
    grants = UnitGrantService(chef, lambda: world.db.connect("chef", autocommit=False))
    grants.grant(case.patient_id, str(world.ids[to]), reason="Uppföljning", until=until)
    sync(world, chef, "chef")
    return case.patient_id


def test_refused_keys_are_listed_per_account_for_the_manager(world: World, unit: Any) -> None:
    by_manager, unbound = _plant_keys(world)
    _protected_case_granted(world, unit)
    rows = unit_key_refusals.refused_keys(unit["chef"])
    # one row for erik per reason, each naming its key
    assert [(r.username, r.kind, r.key_ids) for r in rows] == [
        ("erik", unit_key_refusals.NOT_OWN, (str(by_manager),)),
        ("erik", unit_key_refusals.UNBOUND, (str(unbound),)),
    ]
    # a clinician's page gets nothing, even from a cache that refused keys itself
    assert unit_key_refusals.refused_keys(unit["anna"]) == []


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "sv",
            ("logga in igen på sin arbetsstation", "kontakta IT", "Krypteringsnycklar som nekats", "Nekad"),
        ),
        ("en", ("sign in again on their workstation", "tell IT", "Encryption keys refused", "Refused on")),
    ],
)
def test_the_manager_page_shows_a_line_per_account(
    qtbot, qapp, world: World, unit: Any, lang: str, words: tuple[str, ...]
) -> None:
    _plant_keys(world)
    _protected_case_granted(world, unit)
    install_translations(qapp, lang)
    ops = Ops()
    page = ManagerPage(ops)
    qtbot.addWidget(page)
    page.show()
    try:
        page.open_session(unit["chef"])
        label = page.accounts_tab.key_refusals
        qtbot.waitUntil(lambda: label.isVisible() and "erik" in label.text(), timeout=TIMEOUT)
        text = label.text()
        assert all(w in text for w in words), text
        lines = [ln for ln in text.splitlines() if ln.strip()]
        assert len(lines) == 3 and lines[1].startswith("• erik:") and lines[2].startswith("• erik:")
        page.close_session()
        assert not label.isVisible() and label.text() == ""
    finally:
        page.close_session()
        ops.wait()
        install_translations(qapp, "sv")


def test_a_key_registered_before_bindings_leaves_the_list_once_bound(
    world: World, unit: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chef = unit["chef"]
    with world.db.connect("chef") as m:
        admin.create_account(m, username="dora", display_name="Dora", roles=["clinician"], password=PASSWORD)
    with world.db.owner() as o:
        world.ids["dora"] = o.execute(
            "SELECT id FROM injurydoc.accounts WHERE role_name = 'dora'"
        ).fetchone()[0]
    with monkeypatch.context() as before_bindings:
        before_bindings.setattr(sealed, "binding", lambda *_a, **_k: None)
        d = unit_mode.connect_workstation(
            world.db.dsn("dora"), "dora", PASSWORD, kdf=unit_cases.TEST_KDF, root=tmp_path / "ws-d"
        )
    try:
        _protected_case_granted(world, unit, to="dora")
        rows = unit_key_refusals.refused_keys(chef)
        assert [(r.username, r.kind) for r in rows] == [("dora", unit_key_refusals.UNBOUND)]
        sync(world, d, "dora")  # dora signs in: her workstation registers the key again, bound
        sync(world, chef, "chef")  # the manager's next sync wraps for it
        assert unit_key_refusals.refused_keys(chef) == []
        assert sealed.refusals(unit_cases.outbox(chef)) == {}
    finally:
        d.close()
