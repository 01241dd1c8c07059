"""Training in unit mode in the desktop (issue 17), against the suite's PostgreSQL: the set-up wizard's
training choice carries into the connect wizard (ticked and fixed); the main window on a training
unit's cache shows the ÖVNING banner and the sync status; an exercise the trainer adds on workstation T
appears in the trainee's exercise list on S, S submits from "Granska min dokumentation", and T's class
results show it."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest

from injurydoc.services import unit_desktop
from injurydoc.services.demo import bundled_exercises
from injurydoc.services.training import TrainingService
from injurydoc.store.keyslots import TEST_KDF
from injurydoc.ui.app import install_translations
from injurydoc.ui.feedback_dialog import FeedbackDialog
from injurydoc.ui.main_window import MainWindow
from tests.server.test_ui_unit_connect import connection_file
from tests.server.world import PASSWORD, World

TIMEOUT = 30000


@pytest.fixture
def cls(world: World) -> World:
    world.add_training_unit((("elin", ["clinician"]), ("tina", ["trainer"])))
    return world


@pytest.fixture
def windows(qtbot: Any, qapp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    install_translations(qapp, "sv")
    monkeypatch.setattr(
        unit_desktop, "first_sign_in", functools.partial(unit_desktop.first_sign_in, kdf=TEST_KDF)
    )
    made: list[MainWindow] = []

    def make(name: str) -> MainWindow:
        w = MainWindow(tmp_path / f"no-store-{name}")
        qtbot.addWidget(w)
        w.show()
        made.append(w)
        return w

    yield make
    for w in made:
        w.close()


def _store_page(qtbot: Any, w: MainWindow, folder: Path) -> Any:
    w.open_setup(folder)
    sw = w.setup_wizard
    sw.next_button.click()  # the welcome page -> the store page
    qtbot.waitUntil(lambda: sw.training_radio.isVisible(), timeout=TIMEOUT)
    return sw


def test_a_training_store_chosen_in_set_up_fixes_the_connect_wizards_choice(
    qtbot: Any, windows: Any, cls: World, tmp_path: Path
) -> None:
    w = windows("a")
    sw = _store_page(qtbot, w, tmp_path / "store-a")
    sw.training_radio.setChecked(True)
    with qtbot.waitSignal(sw.connect_requested) as blocker:
        sw.connect_store_button.click()
    assert blocker.args == [True]
    wizard = w.unit_connect_wizard
    assert wizard.flow.training and wizard.server_page.training_box.isChecked()
    assert not wizard.server_page.training_box.isEnabled() and wizard.server_page.training_note.isVisible()
    assert "övning" in wizard.server_page.training_note.text().lower()
    # the trainee signs in: the cache is a training store, connected to the training unit
    _sign_in(qtbot, w, wizard, cls, tmp_path / "a", "elin")
    assert w.session is not None and w.session.is_training
    assert w.start.banner.isVisible()  # ÖVNING


def test_without_a_training_choice_the_box_is_free(qtbot: Any, windows: Any, tmp_path: Path) -> None:
    w = windows("b")
    sw = _store_page(qtbot, w, tmp_path / "store-b")  # a clinical store is the default
    with qtbot.waitSignal(sw.connect_requested) as blocker:
        sw.connect_store_button.click()
    assert blocker.args == [False]
    wizard = w.unit_connect_wizard
    assert not wizard.flow.training and wizard.server_page.training_box.isEnabled()
    assert not wizard.server_page.training_note.isVisible()
    wizard.reject()


def _sign_in(qtbot: Any, w: MainWindow, wizard: Any, world: World, folder: Path, user: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    wizard.open_file(connection_file(folder, world))
    wizard.next_button.click()
    qtbot.waitUntil(lambda: wizard.flow.state.value == "account", timeout=TIMEOUT)
    wizard.account_page.username_edit.setText(user)
    wizard.account_page.password_edit.setText(PASSWORD)
    wizard.next_button.click()
    qtbot.waitUntil(lambda: wizard.flow.state.value == "first_sync", timeout=TIMEOUT)
    qtbot.waitUntil(lambda: wizard.sync_page.sync_bar.value() == 1000, timeout=TIMEOUT)
    wizard.next_button.click()
    wizard.next_button.click()
    qtbot.waitUntil(lambda: w.session is not None, timeout=TIMEOUT)


def _connect(qtbot: Any, w: MainWindow, world: World, folder: Path, user: str) -> None:
    w.open_unit_connect(True)
    _sign_in(qtbot, w, w.unit_connect_wizard, world, folder, user)


def _synced(qtbot: Any, w: MainWindow) -> None:
    """Ask the window's runner for a round now and wait until it is done and online."""
    runner = w.sync_runner
    assert runner is not None
    before = runner.rounds
    runner.sync_now()
    assert runner.wait_rounds(before + 1, timeout=TIMEOUT / 1000)
    qtbot.waitUntil(lambda: runner.status().state == "online", timeout=TIMEOUT)


def test_the_main_window_on_training_caches_an_exercise_from_t_to_s_and_the_result_back(
    qtbot: Any, windows: Any, cls: World, tmp_path: Path
) -> None:
    t, s = windows("t"), windows("s")
    _connect(qtbot, t, cls, tmp_path / "t", "tina")
    _connect(qtbot, s, cls, tmp_path / "s", "elin")
    for w in (t, s):
        assert w.session is not None and w.session.is_training
        assert w.start.banner.isVisible()  # the ÖVNING watermark
        assert w.sync_status is not None and w.sync_status.isVisible()
    # T adds an exercise file through its exercise panel
    path = next(p for p in bundled_exercises() if p.name.startswith("ipv"))
    panel_t = t.start.exercises
    assert panel_t is not None
    panel_t.add_files([str(path)])
    qtbot.waitUntil(lambda: [i.id for i in panel_t.infos] == ["ipv-strangulation"], timeout=TIMEOUT)
    _synced(qtbot, t)
    qtbot.waitUntil(lambda: t.sync_status.text.text().startswith("Ansluten"), timeout=TIMEOUT)
    # S: after a sync, the exercise is in the trainee's list
    _synced(qtbot, s)
    panel_s = s.start.exercises
    assert panel_s is not None
    panel_s.refresh()
    qtbot.waitUntil(lambda: [i.id for i in panel_s.infos] == ["ipv-strangulation"], timeout=TIMEOUT)
    # S starts it, reviews it and submits from the feedback dialog
    exam = TrainingService(s.session).start("ipv-strangulation")
    dlg = FeedbackDialog(s.ops, s.session, exam.id, s)
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.feedback is not None, timeout=TIMEOUT)
    dlg.submit_button.click()
    qtbot.waitUntil(lambda: "%" in dlg.submitted.text(), timeout=TIMEOUT)
    _synced(qtbot, s)
    # T: after a sync, the class results show elin's result
    _synced(qtbot, t)
    t.start.open_class_summary()
    summary = t.start.dialogs[-1]
    qtbot.waitUntil(lambda: summary.table.rowCount() == 1, timeout=TIMEOUT)
    assert summary.table.item(0, 0).text() == "Elin"
    assert summary.table.item(0, 2).text() == f"{round(100 * dlg.feedback.score)} %"
