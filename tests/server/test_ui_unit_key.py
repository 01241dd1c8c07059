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
