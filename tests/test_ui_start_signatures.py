"""The start page's two-step list: the rows at once, each signed row's verdict from a background check.

A signed row is shown "Signaturen kontrolleras…" until this listing's check of it answers — never as
validly signed before — and broken as soon as the check finds it so.  A check of an earlier listing (the
user typed another search meanwhile) is dropped; a check that fails marks its rows "not checked", without
a dialog or a traceback.  The check job is held up here with an Event in a wrapped service call, so that
each intermediate state can be seen; the tampering is done by a colleague with raw SQL (tests/helpers).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from injurydoc.crash import crash_dir
from injurydoc.domain.errors import StoreError, ValidationError
from injurydoc.services import record_signing
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.patients import PatientService
from injurydoc.services.signing import SigningService
from injurydoc.ui.app import install_translations
from injurydoc.ui.models import CHECKING, UNCHECKED
from injurydoc.ui.ops import Ops
from injurydoc.ui.start_page import StartPage

from .conftest import PASSWORD, make_pnr
from .helpers.export_cases import documented_case, export_case
from .helpers.insider import colleague_connection

CHECKING_SV, BROKEN_SV, UNCHECKED_SV, SIGNED_SV = (
    "Signaturen kontrolleras…",
    "Signaturen BRUTEN",
    "Signaturen inte kontrollerad",
    "Signerad",
)
STATUS = 4  # ExaminationListModel.COLUMNS.index("status")


@pytest.fixture
def case(store, tmp_path, qapp):
    """Anna's session with a signed examination (photos, links) and a draft of another patient."""
    install_translations(qapp, "sv")
    s, e = documented_case(store, tmp_path)
    other = PatientService(s).create(personal_id=make_pnr(3), name="Bertil Berg")
    draft = ExaminationService(s).create(other.id)
    yield s, e, draft
    with contextlib.suppress(Exception):
        s.close()


@pytest.fixture
def page(qtbot):
    ops = Ops()
    p = StartPage(ops)
    qtbot.addWidget(p)
    yield p
    p.close_session()
    ops.wait()


class Gate:
    """Holds up ``ExaminationService.check_listed`` (on the store thread) until ``release``; ``answers``
    can replace the real answer of a call (by call number)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.events: list[threading.Event] = []
        self.entered = threading.Event()
        self.opened = threading.Event()
        self.calls = 0
        self.answers: dict[int, Callable[[], dict[str, str]]] = {}
        real = ExaminationService.check_listed
        gate = self

        def held(svc: ExaminationService, rows: Any) -> dict[str, str]:
            n = gate.calls
            gate.calls += 1
            event = threading.Event()
            gate.events.append(event)
            gate.entered.set()
            if not gate.opened.is_set():
                assert event.wait(30), "the test never released the check"
            if n in gate.answers:
                return gate.answers[n]()
            return real(svc, rows)

        monkeypatch.setattr(ExaminationService, "check_listed", held)

    def release(self) -> None:
        """Let the checks waiting now go on (later ones are held again)."""
        for event in self.events:
            event.set()

    def open(self) -> None:
        """Let every check go on, now and later."""
        self.opened.set()
        self.release()


@pytest.fixture
def gate(monkeypatch) -> Iterator[Gate]:
    g = Gate(monkeypatch)
    yield g
    g.open()  # never leave the store thread waiting


def _status(page: StartPage, exam_id: str) -> str:
    for r in range(page.model.rowCount()):
        if page.model.index(r, 0).data(256) == exam_id:  # Qt.UserRole
            return str(page.model.index(r, STATUS).data())
    raise AssertionError("the examination is not listed")


def _shown(page: StartPage) -> list[tuple[str, str]]:
    return [
        (str(page.model.index(r, 1).data()), str(page.model.index(r, STATUS).data()))
        for r in range(page.model.rowCount())
    ]


def _record(page: StartPage) -> list[list[tuple[str, str]]]:
    """Every state of the list the user could have seen: after each reset and each change of a row."""
    seen: list[list[tuple[str, str]]] = []
    page.model.modelReset.connect(lambda: seen.append(_shown(page)))
    page.model.dataChanged.connect(lambda *_a: seen.append(_shown(page)))
    return seen


def test_a_tampered_row_is_listed_at_once_and_marked_broken_when_its_check_answers(
    qtbot, store, case, page, gate
):
    s, e, _draft = case
    con = colleague_connection(store, "erik", drop_triggers=True)
    body = con.execute("SELECT body FROM examinations WHERE id = ?", (e.id,)).fetchone()[0]
    con.execute("UPDATE examinations SET body = ? WHERE id = ?", (body.replace("Han slog", "Hon slog"), e.id))
    con.close()
    page.open_session(s)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10000)
    assert gate.entered.wait(10)
    assert _status(page, e.id) == CHECKING_SV  # shown before its check, and not as signed
    gate.release()
    qtbot.waitUntil(lambda: _status(page, e.id) == BROKEN_SV, timeout=10000)
    row = next(r for r in page.model.rows if r.examination_id == e.id)
    assert row.extra["signature"] == record_signing.BROKEN
    tip = page.model.index(page.model.rows.index(row), STATUS).data(3)  # ToolTipRole
    assert "signatur" in tip.lower()


def test_a_signed_row_is_never_shown_valid_before_this_listings_check(qtbot, case, page, gate):
    s, e, draft = case
    seen = _record(page)
    page.open_session(s)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10000)
    assert gate.entered.wait(10)
    qtbot.wait(100)  # the check is held: nothing may turn the row valid meanwhile
    assert _status(page, e.id) == CHECKING_SV
    assert _status(page, draft.id) == "Utkast"  # a draft claims no signature
    assert (
        page.model.rows[[r.examination_id for r in page.model.rows].index(e.id)].extra["signature"]
        == CHECKING
    )
    gate.release()
    qtbot.waitUntil(lambda: _status(page, e.id) == SIGNED_SV, timeout=10000)
    # the same session lists again (its verdict remembered): still "checking" until this listing's check
    gate.entered.clear()
    page.refresh()
    qtbot.waitUntil(lambda: gate.entered.is_set() and page.model.rowCount() == 2, timeout=10000)
    qtbot.wait(50)
    assert _status(page, e.id) == CHECKING_SV
    gate.release()
    qtbot.waitUntil(lambda: _status(page, e.id) == SIGNED_SV, timeout=10000)
    # every state shown: the signed row was "checking" at each reset, valid only after a check
    signed_states = [dict(state).get("Exportera Exportsson") for state in seen if state]
    first_valid = signed_states.index(SIGNED_SV)
    assert set(signed_states[:first_valid]) == {CHECKING_SV}
    assert gate.calls == 2


def test_a_stale_listing_and_a_stale_check_are_dropped(qtbot, case, page, gate, monkeypatch):
    s, e, _draft = case
    seen = _record(page)
    # the first listing's check answers "broken" (a stand-in for any verdict of rows no longer shown)
    gate.answers[0] = lambda: {e.id: record_signing.BROKEN}
    page.open_session(s)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10000)
    assert gate.entered.wait(10)
    # the user searches while the first check runs; and the search's own listing is held up too
    listed = threading.Event()
    real_search = ExaminationService.search

    def held_search(svc: ExaminationService, text: str = "", **kw: Any) -> Any:
        assert listed.wait(30)
        return real_search(svc, text, **kw)

    monkeypatch.setattr(ExaminationService, "search", held_search)
    page.search.setText("Exportera")
    page.refresh()  # what the debounce does after 300 ms
    page.search.setText("Bertil")
    page.refresh()
    gate.open()  # the first check answers: its listing is stale by now
    listed.set()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and gate.calls == 2, timeout=10000)
    page.ops.wait()
    qtbot.wait(50)
    assert _shown(page) == [("Bertil Berg", "Utkast")]
    assert all(BROKEN_SV not in dict(state).values() for state in seen), seen
    # the "Exportera" search's rows were never shown (its answer came after "Bertil" was asked for)
    assert all(len(state) != 1 or state[0][0] == "Bertil Berg" for state in seen), seen
    assert gate.calls == 2, "the check of a stale listing ran (or the shown one's did not)"


def test_a_failed_check_marks_rows_not_checked_without_a_dialog(qtbot, case, page, monkeypatch):
    s, e, _draft = case
    shown_dialogs: list[str] = []
    monkeypatch.setattr(
        "PySide6.QtWidgets.QMessageBox.warning", lambda *a, **k: shown_dialogs.append(str(a[2]))
    )
    monkeypatch.setattr(
        "PySide6.QtWidgets.QMessageBox.critical", lambda *a, **k: shown_dialogs.append(str(a[2]))
    )

    def bug(svc: ExaminationService, rows: Any) -> dict[str, str]:
        raise RuntimeError("a bug in the check")

    monkeypatch.setattr(ExaminationService, "check_listed", bug)
    page.open_session(s)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10000)
    qtbot.waitUntil(lambda: _status(page, e.id) == UNCHECKED_SV, timeout=10000)
    row = next(r for r in page.model.rows if r.examination_id == e.id)
    assert row.extra["signature"] == UNCHECKED
    assert "kontrolleras den igen" in page.model.index(page.model.rows.index(row), STATUS).data(3)
    assert shown_dialogs == []
    reports = list(crash_dir().glob("*"))
    assert len(reports) == 1 and "a bug in the check" not in reports[0].read_text()  # no message text kept

    def known(svc: ExaminationService, rows: Any) -> dict[str, str]:
        raise StoreError("exam.unreadable")

    monkeypatch.setattr(ExaminationService, "check_listed", known)
    page.refresh()
    qtbot.waitUntil(lambda: _status(page, e.id) == CHECKING_SV or _status(page, e.id) == UNCHECKED_SV)
    page.ops.wait()
    qtbot.waitUntil(lambda: _status(page, e.id) == UNCHECKED_SV, timeout=10000)
    assert shown_dialogs == []
    assert len(list(crash_dir().glob("*"))) == 1  # a known error is no bug: no report


def test_check_listed_answers_only_for_rows_this_service_listed(case):
    s, e, draft = case
    svc = ExaminationService(s)
    rows = svc.list_mine(check=False)
    assert {r.examination_id for r in rows} == {e.id, draft.id}
    assert all("signature" not in r.extra for r in rows)  # step one: no verdicts
    assert svc.check_listed(rows) == {e.id: record_signing.VALID}
    assert all("signature" not in r.extra for r in rows)  # the caller's rows are left alone
    assert ExaminationService(s).check_listed(rows) == {}  # another service object listed nothing
    # the one-step listing (CLI, other callers) is unchanged
    one_step = {r.examination_id: r.extra.get("signature") for r in ExaminationService(s).list_mine()}
    assert one_step == {e.id: record_signing.VALID, draft.id: None}


def test_opening_and_exporting_check_in_full_after_the_list_said_valid(store, case, tmp_path):
    s, e, _draft = case
    svc = ExaminationService(s)
    rows = svc.search("", check=False)
    assert svc.check_listed(rows)[e.id] == record_signing.VALID
    assert e.id in record_signing.remembered(s.db)
    con = colleague_connection(store, "erik", drop_triggers=True)
    con.execute(
        "UPDATE injuries SET side = CASE side WHEN 'left' THEN 'right' ELSE 'left' END "
        "WHERE examination_id = ?",
        (e.id,),
    )
    con.close()
    # no listing since the edit: opening and export do not lean on the list's verdict
    state = svc.signature(svc.get(e.id))
    assert state.broken
    ident = SigningService(s)
    ident.create_self_signed(PASSWORD)
    with pytest.raises(ValidationError) as err:
        export_case(s, e, ident.identity(PASSWORD), tmp_path / "out")
    assert err.value.code == "exam.signature_broken"


def test_a_check_queued_for_a_listing_stale_by_then_is_not_run(qtbot, case, page, gate):
    s, e, _draft = case
    gate.open()
    hold = threading.Event()
    real_set_rows = page.model.set_rows
    first = [True]

    def set_rows(rows: Any, **kw: Any) -> None:
        real_set_rows(rows, **kw)
        if first[0]:  # the store thread is kept busy, so the first listing's check waits in the queue
            first[0] = False
            page.ops.run(lambda: hold.wait(30), lambda _r: None)

    page.model.set_rows = set_rows  # type: ignore[method-assign]
    page.open_session(s)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2 and not first[0], timeout=10000)
    page.refresh()  # a new listing while the first one's check is queued
    hold.set()
    qtbot.waitUntil(lambda: gate.calls == 1 and _status(page, e.id) == SIGNED_SV, timeout=10000)
    page.ops.wait()
    qtbot.wait(50)
    assert gate.calls == 1, "the stale listing's check ran"


def test_a_signed_row_the_check_does_not_answer_for_is_not_checked_never_valid(qtbot, case):
    from injurydoc.ui.models import ExaminationListModel

    s, e, draft = case
    svc = ExaminationService(s)
    model = ExaminationListModel("en")
    model.set_rows(svc.list_mine(check=False), checking=True)
    states = {r.examination_id: r.extra.get("signature") for r in model.rows}
    assert states == {e.id: CHECKING, draft.id: None}
    model.apply_verdicts({})  # e.g. the row no longer exists as listed
    assert {r.examination_id: r.extra.get("signature") for r in model.rows}[e.id] == UNCHECKED
    assert UNCHECKED_SV in [model.index(r, STATUS).data() for r in range(2)]
