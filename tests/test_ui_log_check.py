"""Loggkontroll on a patient's request (PDL 8:5): the manager searches the access log by the patient's
personal identity number, not by the program's internal id (issue 18 item 9, part)."""

from __future__ import annotations

import json

import pytest

from injurydoc.services.examinations import ExaminationService
from injurydoc.services.patients import PatientService
from injurydoc.ui import errors as ui_errors
from injurydoc.ui.app import install_translations
from injurydoc.ui.manager_page import ManagerPage
from injurydoc.ui.ops import Ops

from .conftest import make_pnr


@pytest.fixture
def page(qtbot, qapp, store):
    install_translations(qapp, "sv")
    s = store.sign_in("anna")
    target = PatientService(s).create(personal_id=make_pnr(46), name="Logg Loggsson")
    other = PatientService(s).create(personal_id=make_pnr(47), name="Annan Annansson")
    ExaminationService(s).create(target.id)
    ExaminationService(s).create(other.id)
    PatientService(s).get(target.id)
    s.close()
    session = store.sign_in("chef")
    ops = Ops()
    w = ManagerPage(ops)
    qtbot.addWidget(w)
    w.show()
    w.open_session(session)
    ops.wait()
    yield w, ops, session, target.id, other.id
    w.close_session()
    ops.wait()
    session.close()


def test_log_is_searched_by_personal_identity_number(qtbot, page):
    w, ops, session, target_id, other_id = page
    assert "Personnummer" in w.log_tab.log_patient.placeholderText()
    pnr = make_pnr(46)
    w.log_tab.log_patient.setText(pnr[:8] + "-" + pnr[8:] if "-" not in pnr else pnr)
    w.log_tab.search_log()
    ops.wait()
    qtbot.waitUntil(lambda: w.log_tab.log_model.rowCount() > 0, timeout=5000)
    patients = {e.patient_id for e in w.log_tab.log_model.rows}
    assert patients == {target_id}
    rows = session.db.all(
        "SELECT patient_id, details FROM audit_log WHERE action = 'searched' AND target = 'audit_log'"
    )
    assert any(pid == target_id and json.loads(d)["event"] == "log_check_lookup" for pid, d in rows)
    assert all(pnr not in d and pnr[2:] not in d for _pid, d in rows)  # the number is not logged


def test_unknown_number_is_said_plainly(qtbot, page, monkeypatch):
    w, ops, _session, _t, _o = page
    shown = []
    monkeypatch.setattr(ui_errors, "show_known", lambda _p, exc: shown.append(exc.code))
    w.log_tab.log_patient.setText(make_pnr(99))
    w.log_tab.search_log()
    ops.wait()
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert shown == ["patient.not_found"]


def test_log_rows_name_cases_and_say_what_happened_in_swedish(store):
    from injurydoc.domain.vocab import BodyRegion, InjuryType, Side
    from injurydoc.services.audit_log import AuditFilter, AuditService
    from injurydoc.services.log_report import LogReportService
    from injurydoc.services.log_words import details_text

    s = store.sign_in("anna")
    p = PatientService(s).create(personal_id=make_pnr(48), name="Detalj Detaljsson")
    svc = ExaminationService(s)
    e = svc.create(p.id)
    inj = svc.add_injury(e.id, type=InjuryType.BRUISE, region=BodyRegion.THIGH, side=Side.LEFT)
    case_ref = svc.get(e.id).case_ref
    s.close()
    m = store.sign_in("chef")
    events = AuditService(m).events(AuditFilter(patient_id=p.id), limit=100)
    names = LogReportService(m).target_names(events)
    assert names[f"injury:{inj.id}"] == f"skada 1, {case_ref}"
    added = next(ev for ev in events if ev.details.get("event") == "injury_added")
    assert details_text(added.details, "sv").startswith("skada tillagd")
    assert "injury_added" not in details_text(added.details, "sv")
    assert details_text(added.details, "en").startswith("injury added")
    m.close()


def test_per_patient_extract_as_pdf_by_personal_identity_number(qtbot, page, tmp_path, monkeypatch):
    import injurydoc.ui.manager_log as mp

    w, ops, session, target_id, _other = page
    out = tmp_path / "loggutdrag.pdf"
    monkeypatch.setattr(mp, "ask_save_path", lambda *_a, **_k: out)
    w.log_tab.log_patient.setText(make_pnr(46))
    w.log_tab.export("pdf")
    ops.wait()
    qtbot.waitUntil(out.exists, timeout=10000)
    assert out.read_bytes().startswith(b"%PDF")
    row = session.db.one(
        "SELECT patient_id, details FROM audit_log WHERE action = 'printed' ORDER BY seq DESC LIMIT 1"
    )
    assert row[0] == target_id
    assert json.loads(row[1])["filter"]["patient_id"] == target_id
