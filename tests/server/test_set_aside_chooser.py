"""Several cases with records set aside (each signed first on another workstation while edited here): the
sync status line's "needs attention" lists them by case number and time — never the person's name — and
opens the comparison of the one chosen; with one case it opens that case's comparison directly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from injurydoc.services import unit_set_aside
from injurydoc.services.examinations import ExaminationService
from injurydoc.ui.app import install_translations
from injurydoc.ui.set_aside_chooser import SetAsideChooser
from tests.server import unit_cases
from tests.server.test_set_aside_screen import edited_here_signed_there, sync_b
from tests.server.world import PASSWORD, World

TIMEOUT = 30000
NAMES = ("Lisa Ek", "Maja Berg")


def test_several_pending_cases_are_listed_and_the_chosen_one_opens(
    qtbot: Any, qapp: Any, world: World, tmp_path: Path
) -> None:
    from injurydoc.services.unit_sync import SyncRunner
    from injurydoc.ui.main_window import MainWindow

    install_translations(qapp, "en")
    a = unit_cases.cache(world, "anna", tmp_path / "ws-a")
    b = unit_cases.cache(world, "anna", tmp_path / "ws-b")
    w = MainWindow(tmp_path / "no-store-here")
    qtbot.addWidget(w)
    try:
        first = edited_here_signed_there(world, a, b, number="19800101-0001", name=NAMES[0])
        second = edited_here_signed_there(world, a, b, number="19750505-0000", name=NAMES[1])
        cases = unit_set_aside.pending_cases(b)
        assert [c.examination_id for c in cases] == [first, second]  # oldest first
        refs = [ExaminationService(b).get(e).case_ref for e in (first, second)]
        assert [c.case_ref for c in cases] == refs and all(c.set_aside_at is not None for c in cases)

        SyncRunner.for_session(b, PASSWORD, interval=3600, backoff=(3600,), pull=False)
        w.show()
        w.signin.signed_in.emit(b)  # as the sign-in page does; the window owns b from here on
        line = w.sync_status
        assert line is not None
        qtbot.waitUntil(
            lambda: line.status is not None and line.status.attention == "sync.signed_elsewhere",
            timeout=TIMEOUT,
        )
        line.attention_button.click()
        qtbot.waitUntil(lambda: w.unit_cases.set_aside_chooser is not None, timeout=TIMEOUT)
        chooser = w.unit_cases.set_aside_chooser
        assert isinstance(chooser, SetAsideChooser) and chooser.isVisible()
        assert w.unit_cases.set_aside_dialog is None  # nothing opened before the choice
        rows = [chooser.model.item(i).text() for i in range(chooser.model.rowCount())]
        assert len(rows) == 2 and refs[0] in rows[0] and refs[1] in rows[1] and "set aside" in rows[0]
        shown = " ".join([*rows, chooser.windowTitle()])
        assert not any(n in shown or n.split()[0] in shown for n in NAMES)  # never the person
        # the second case chosen: its comparison opens
        chooser.view.setCurrentIndex(chooser.model.index(1, 0))
        chooser.open_button.click()
        qtbot.waitUntil(lambda: w.unit_cases.set_aside_dialog is not None, timeout=TIMEOUT)
        assert w.unit_cases.set_aside_dialog.case.examination_id == second and not chooser.isVisible()
        w.unit_cases.set_aside_dialog.close()

        # settled one (an addendum by anna on the unit's record): one left, opened without a chooser
        ExaminationService(b).add_addendum(second, "Tillägg: sparkad mot benet.")
        sync_b(world, b)
        assert [c.examination_id for c in unit_set_aside.pending_cases(b)] == [first]
        w.unit_cases.set_aside_dialog = None
        w.unit_cases.set_aside_chooser = None
        w.unit_cases.open_pending_set_aside()
        qtbot.waitUntil(lambda: w.unit_cases.set_aside_dialog is not None, timeout=TIMEOUT)
        assert w.unit_cases.set_aside_dialog.case.examination_id == first
        assert w.unit_cases.set_aside_chooser is None
        w.unit_cases.set_aside_dialog.close()
    finally:
        if w.session is not None:
            w.sign_out()
        else:
            b.close()
        w.ops.wait(15000)
        a.close()
        install_translations(qapp, "sv")


def test_the_chooser_speaks_swedish(qtbot: Any, qapp: Any) -> None:
    import datetime as dt

    install_translations(qapp, "sv")
    at = dt.datetime(2026, 12, 6, 13, 5, tzinfo=dt.UTC)
    dlg = SetAsideChooser(
        [
            unit_set_aside.PendingCase("e1", "SD-3F2A9C-2026-0001", at),
            unit_set_aside.PendingCase("e2", "SD-3F2A9C-2026-0002", None),
        ]
    )
    qtbot.addWidget(dlg)
    assert dlg.windowTitle() == "Fall som signerades först på en annan arbetsstation"
    assert dlg.model.item(0).text().startswith("SD-3F2A9C-2026-0001 – lades undan ")
    assert dlg.open_button.text() == "Jämför…"
    with qtbot.waitSignal(dlg.chosen) as got:
        dlg.view.doubleClicked.emit(dlg.model.index(1, 0))
    assert got.args == ["e2"]
