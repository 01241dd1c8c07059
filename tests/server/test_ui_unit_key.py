"""The unit key on the manager page's Accounts tab (pytest-qt): made with one button, its fingerprint
shown to write down; the keys awaiting certification listed; a key certified only when the typed
fingerprint is the one the colleague's workstation shows; Swedish and English."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from injurydoc.services import unit_desktop, unit_keys
from injurydoc.ui.app import install_translations
from injurydoc.ui.manager_page import ManagerPage
from injurydoc.ui.ops import Ops
from injurydoc.ui.sync_status import SyncStatusLine
from injurydoc.ui.unit_connect_pages import DonePage
from tests.server import unit_cases
from tests.server.unit_cases import sync
from tests.server.world import World

TIMEOUT = 15000


@pytest.fixture
def unit(world: World, tmp_path: Path) -> Any:
    with unit_cases.workstations(world, tmp_path, ("chef", "anna", "erik")) as caches:
        yield caches


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("sv", ("ingen enhetsnyckel", "Enhetsnyckel:", "Certifierad", "stämmer inte")),
        ("en", ("no unit key", "Unit key:", "Certified", "does not match")),
    ],
)
def test_the_manager_makes_the_unit_key_and_certifies_a_key(
    qtbot, qapp, world: World, unit: Any, lang: str, words: tuple[str, ...]
) -> None:
    chef, erik = unit["chef"], unit["erik"]
    unit_desktop.register_server_link(chef, lambda: world.db.connect("chef", autocommit=False))
    install_translations(qapp, lang)
    ops = Ops()
    page = ManagerPage(ops)
    qtbot.addWidget(page)
    page.show()
    try:
        page.open_session(chef)
        panel = page.accounts_tab.unit_key_panel
        shown = lambda: panel.isVisible() and words[0] in panel.status.text().lower()  # noqa: E731
        qtbot.waitUntil(shown, timeout=TIMEOUT)
        assert panel.create_button.isVisible()
        panel.create_button.click()
        qtbot.waitUntil(lambda: words[1] in panel.status.text(), timeout=TIMEOUT)
        made = unit_keys.pinned(chef)
        assert made is not None and made.fingerprint in panel.status.text()
        assert not panel.create_button.isVisible()
        for user in ("anna", "erik"):
            sync(world, unit[user], user)
        panel.refresh()
        qtbot.waitUntil(lambda: panel.pending_list.count() == 2, timeout=TIMEOUT)
        row = next(i for i, p in enumerate(panel.pending) if p.username == "erik")
        panel.pending_list.setCurrentRow(row)
        panel.compared.setText("1111-2222-3333-4444-5555-6666-7777-8888")
        panel.certify_button.click()
        qtbot.waitUntil(lambda: words[3] in panel.message.text(), timeout=TIMEOUT)
        assert panel.pending_list.count() == 2  # nothing certified
        mine = unit_keys.own_fingerprint(erik)
        assert mine is not None
        panel.compared.setText(mine.replace("-", " ").lower())
        panel.certify_button.click()
        qtbot.waitUntil(lambda: words[2] in panel.message.text(), timeout=TIMEOUT)
        qtbot.waitUntil(lambda: panel.pending_list.count() == 1, timeout=TIMEOUT)
        assert [p.username for p in panel.pending] == ["anna"]
        page.close_session()
        assert not panel.isVisible() and panel.pending_list.count() == 0
    finally:
        page.close_session()
        ops.wait()
        install_translations(qapp, "sv")


def test_the_colleague_sees_their_own_key_in_the_sync_status(qtbot, world: World, unit: Any) -> None:
    line = SyncStatusLine()
    qtbot.addWidget(line)
    mine = unit_keys.own_fingerprint(unit["erik"])
    assert mine is not None
    line.set_own_key(mine)
    line.show()
    assert line.key_button.isVisible()
    line.key_button.click()
    assert line.explanation is not None and mine in line.explanation.text()
    line.set_own_key(None)
    assert not line.key_button.isVisible()


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("sv", ("inte bekräftad", "inte den du skrev", "Bekräftad", "jämförd med chefens papper")),
        ("en", ("not confirmed", "not the one you typed", "Confirmed", "compared with the manager's paper")),
    ],
)
def test_a_unit_key_taken_on_first_use_is_confirmed_on_the_last_page(
    qtbot, qapp, world: World, unit: Any, lang: str, words: tuple[str, ...]
) -> None:
    """erik's workstation pinned the unit key at a sync (no fingerprint given): the wizard's last page
    says it is not confirmed and takes the whole fingerprint from the manager's paper; another one is
    refused and changes nothing."""
    chef, erik = unit["chef"], unit["erik"]
    made = unit_keys.UnitKeyService(chef, lambda: world.db.connect("chef", autocommit=False)).create()
    sync(world, erik, "erik")
    install_translations(qapp, lang)
    try:
        page = DonePage()
        qtbot.addWidget(page)
        page.show()
        page.show_session(erik, unit_keys.pinned(erik))
        assert words[0] in page.unit_key_label.text() and made in page.unit_key_label.text()
        box = page.confirm_box
        assert box.isVisible()
        box.typed.setText("0000 1111 2222 3333 4444 5555 6666 7777")
        box.confirm_button.click()
        assert words[1] in box.message.text() and made in box.message.text()
        assert unit_keys.unconfirmed(erik)
        box.typed.setText(made.lower())
        box.confirm_button.click()
        assert words[2] in box.message.text() and not box.typed.isVisible()
        assert words[3] in page.unit_key_label.text()
        assert not unit_keys.unconfirmed(erik)
    finally:
        install_translations(qapp, "sv")


def test_the_sync_status_line_says_the_unit_key_is_unconfirmed_until_confirmed(
    qtbot, world: World, unit: Any
) -> None:
    chef, erik = unit["chef"], unit["erik"]
    made = unit_keys.UnitKeyService(chef, lambda: world.db.connect("chef", autocommit=False)).create()
    line = SyncStatusLine()
    qtbot.addWidget(line)
    line.show()
    line.set_unit_key(lambda: unit_keys.unconfirmed(erik), lambda typed: unit_keys.confirm(erik, typed))
    assert not line.unit_key_button.isVisible()  # nothing pinned yet
    sync(world, erik, "erik")  # pinned on first use
    line.check_unit_key()
    assert line.unit_key_button.isVisible()
    line.unit_key_button.click()
    dialog = line.explanation_dialog
    assert dialog is not None and dialog.isVisible()
    from injurydoc.ui.unit_key_confirm import UnitKeyConfirm

    box = dialog.findChild(UnitKeyConfirm)
    box.typed.setText(made)
    box.confirm_button.click()
    assert not line.unit_key_button.isVisible()
    assert unit_keys.pinned(erik) == unit_keys.PinnedKey(made, "confirmed")
    dialog.close()


@pytest.mark.parametrize(
    ("lang", "words"),
    [("sv", ("skyddade personers", "Återkallat")), ("en", ("protected persons'", "Withdrawn"))],
)
def test_the_manager_page_lists_and_withdraws_wraps_held_by_uncertified_keys(
    qtbot, qapp, world: World, unit: Any, lang: str, words: tuple[str, ...]
) -> None:
    """Wraps made before the unit key for a key it never certified (erik's: not certified here): listed
    per account and key, never naming the person, and withdrawn from the page."""
    from injurydoc.domain.vocab import Protection

    chef = unit["chef"]
    case = unit_cases.document(
        unit["anna"], number="19750505-0000", name="Hemlig", protection=Protection.SKYDDAD_FOLKBOKFORING
    )
    sync(world, unit["anna"], "anna")
    unit_cases.grant(world, chef, case.patient_id, "erik")
    unit_keys.UnitKeyService(chef, lambda: world.db.connect("chef", autocommit=False)).create()
    unit_desktop.register_server_link(chef, lambda: world.db.connect("chef", autocommit=False))
    install_translations(qapp, lang)
    ops = Ops()
    page = ManagerPage(ops)
    qtbot.addWidget(page)
    page.show()
    try:
        page.open_session(chef)
        panel = page.accounts_tab.unit_key_panel
        qtbot.waitUntil(lambda: panel.wraps_list.count() > 0, timeout=TIMEOUT)
        shown = [panel.wraps_list.item(i).text() for i in range(panel.wraps_list.count())]
        assert any(t.startswith("erik: 1 ") and words[0] in t for t in shown), shown
        assert not any("Hemlig" in t or "19750505" in t for t in shown)
        panel.wraps_list.setCurrentRow(next(i for i, t in enumerate(shown) if t.startswith("erik")))
        panel.withdraw_button.click()
        qtbot.waitUntil(lambda: words[1] in panel.message.text(), timeout=TIMEOUT)
        qtbot.waitUntil(
            lambda: all(
                not panel.wraps_list.item(i).text().startswith("erik")
                for i in range(panel.wraps_list.count())
            ),
            timeout=TIMEOUT,
        )
    finally:
        page.close_session()
        ops.wait()
        install_translations(qapp, "sv")


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("sv", ("Avstängda kollegors nycklar", "avstängd", "stämmer inte", "Certifierad fram till")),
        ("en", ("Disabled colleagues' keys", "disabled", "does not match", "Certified up to")),
    ],
)
def test_the_manager_page_certifies_a_disabled_colleagues_key_from_the_report(
    qtbot, qapp, world: World, unit: Any, lang: str, words: tuple[str, ...]
) -> None:
    """anna was disabled before the unit key existed: the page lists her (not her key's fingerprint),
    refuses another fingerprint and certifies hers up to the day she was disabled."""
    from injurydoc.server import admin

    chef, anna = unit["chef"], unit["anna"]
    sync(world, anna, "anna")
    with world.db.connect("chef") as m:
        admin.disable_account(m, world.ids["anna"])
    unit_keys.UnitKeyService(chef, lambda: world.db.connect("chef", autocommit=False)).create()
    unit_desktop.register_server_link(chef, lambda: world.db.connect("chef", autocommit=False))
    install_translations(qapp, lang)
    ops = Ops()
    page = ManagerPage(ops)
    qtbot.addWidget(page)
    page.show()
    try:
        page.open_session(chef)
        panel = page.accounts_tab.unit_key_panel
        qtbot.waitUntil(lambda: panel.disabled_list.count() == 1, timeout=TIMEOUT)
        assert panel.disabled_head.isVisible() and words[0] in panel.disabled_head.text()
        shown = panel.disabled_list.item(0).text()
        named = anna.keys.public().signing_fingerprint
        assert "anna" in shown and words[1] in shown and named not in panel.disabled_head.text() + shown
        panel.disabled_typed.setText(unit["erik"].keys.public().signing_fingerprint)
        panel.disabled_button.click()
        qtbot.waitUntil(lambda: words[2] in panel.message.text(), timeout=TIMEOUT)
        assert panel.disabled_list.count() == 1
        panel.disabled_typed.setText(named)
        panel.disabled_button.click()
        qtbot.waitUntil(lambda: words[3] in panel.message.text(), timeout=TIMEOUT)
        qtbot.waitUntil(lambda: panel.disabled_list.count() == 0, timeout=TIMEOUT)
        assert not panel.disabled_head.isVisible()
    finally:
        page.close_session()
        ops.wait()
        install_translations(qapp, "sv")
