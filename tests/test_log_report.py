"""Loggkontroll reports: CSV for Excel, PDF to hand on; no names or personal numbers; themselves logged."""

import csv
import datetime as dt
import io
import shutil
import subprocess

import pytest

from injurydoc.domain.errors import AccessDenied
from injurydoc.domain.vocab import AuditAction, Protection
from injurydoc.services.audit_log import AuditFilter, AuditService
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.grants import GrantService
from injurydoc.services.log_report import LogReportService
from injurydoc.services.patients import PatientService

from .conftest import DISTINCT_NAME, DISTINCT_PNR

_PNR_FORMS = (
    DISTINCT_PNR,
    DISTINCT_PNR.replace("-", ""),
    DISTINCT_PNR[2:],
    DISTINCT_PNR[2:].replace("-", ""),
)


@pytest.fixture
def case(store):
    """Anna documents a protected person; chef lets erik in; erik opens the case."""
    s = store.sign_in("anna")
    p = PatientService(s).create(
        personal_id=DISTINCT_PNR, name=DISTINCT_NAME, protection=Protection.SKYDDAD_FOLKBOKFORING
    )
    exam = ExaminationService(s).create(p.id)
    ExaminationService(s).get(exam.id)
    s.close()
    chef = store.sign_in("chef")
    erik = next(a for a in chef_accounts(chef) if a.username == "erik")
    GrantService(chef).grant(p.id, erik.id, reason="Vikarierar", until=dt.date.today())
    chef.close()
    s = store.sign_in("erik")
    ExaminationService(s).get(exam.id)
    s.close()
    return p.id, exam


def chef_accounts(session):
    from injurydoc.services.accounts import AccountService

    return AccountService(session).list()


def _events(session, f):
    return AuditService(session).events(f, limit=10_000)


def _parse(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM for Excel"
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8")), delimiter=";"))


def test_csv_has_header_and_one_row_per_matching_event(store, case):
    patient_id, _ = case
    chef = store.sign_in("chef")
    f = AuditFilter(patient_id=patient_id)
    expected = _events(chef, f)  # this review is itself logged, with the patient's id
    data = LogReportService(chef).csv(f)
    rows = _parse(data)
    assert rows[0] == [
        "Nr",
        "Tid",
        "Vårdenhet",
        "Konto",
        "Händelse",
        "Utfall",
        "Patient (id)",
        "Avser",
        "Detaljer",
    ]
    assert b";" in data.splitlines()[0]
    body = rows[1:]
    # every event before, then the review that listed them (also about this patient)
    assert [int(r[0]) for r in body[:-1]] == sorted(e.seq for e in expected)
    assert body[-1][4] == "Loggkontroll"
    assert all(r[6] == patient_id for r in body)
    assert {r[3] for r in body} >= {"anna", "chef", "erik"}
    assert "Läste" in {r[4] for r in body}
    assert all(r[2] == "Vårdcentralen Test" for r in body)
    # the grant's target names the account, not its id
    assert "account:erik" in {r[7] for r in body}
    # the time is local, to the second
    first = min(expected, key=lambda e: e.seq)
    assert body[0][1] == first.at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    chef.close()


def test_csv_filters_by_action_and_account_and_period(store, case):
    chef = store.sign_in("chef")
    accounts = {a.username: a.id for a in chef_accounts(chef)}
    rows = _parse(
        LogReportService(chef).csv(AuditFilter(action=AuditAction.READ, account_id=accounts["erik"]))
    )
    assert len(rows) > 1
    assert {r[3] for r in rows[1:]} == {"erik"}
    assert {r[4] for r in rows[1:]} == {"Läste"}
    english = _parse(LogReportService(chef).csv(AuditFilter(action=AuditAction.READ), lang="en"))
    assert english[0][:2] == ["No.", "Time"]
    assert {r[4] for r in english[1:]} == {"Read"}
    tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    assert _parse(LogReportService(chef).csv(AuditFilter(since=tomorrow))) == [rows[0]]
    chef.close()


def test_no_names_or_personal_numbers_in_either_report(store, case):
    patient_id, exam = case
    chef = store.sign_in("chef")
    svc = LogReportService(chef)
    text = svc.csv(AuditFilter()).decode("utf-8-sig")
    assert patient_id in text
    assert exam.case_ref in text  # the examination target is shown as its case reference
    assert DISTINCT_NAME not in text
    for pnr in _PNR_FORMS:
        assert pnr not in text
    for part in DISTINCT_NAME.split():
        assert part not in text
    pdf = svc.pdf(AuditFilter(), "sv")
    assert DISTINCT_NAME.encode() not in pdf
    if shutil.which("pdftotext"):
        extracted = subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, timeout=60
        ).stdout.decode()
        assert "Loggkontroll" in extracted
        assert "Vårdcentralen Test" in extracted
        assert patient_id[:8] in extracted
        for part in DISTINCT_NAME.split():
            assert part not in extracted
        for pnr in _PNR_FORMS:
            assert pnr not in extracted
    chef.close()


def test_pdf_renders_with_title_filter_and_page_numbers(store, case, tmp_path):
    patient_id, _ = case
    chef = store.sign_in("chef")
    pdf = LogReportService(chef).pdf(AuditFilter(patient_id=patient_id), "en")
    assert pdf.startswith(b"%PDF")
    assert b"Helvetica" not in pdf  # only the embedded DejaVu font
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm not installed")
    out = tmp_path / "page"
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", "-", str(out)], input=pdf, check=True
    )
    png = next(tmp_path.glob("page*.png"))
    assert png.stat().st_size > 5000
    extracted = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True
    ).stdout.decode()
    assert "Access log review" in extracted
    assert f"patient {patient_id}" in " ".join(extracted.split())
    assert "Chef Testsson (chef)" in extracted
    assert "Page 1 of 1" in extracted
    chef.close()


def test_long_log_runs_over_several_pages(store):
    s = store.sign_in("anna")
    for _ in range(60):
        ExaminationService(s).list_mine()
    s.close()
    chef = store.sign_in("chef")
    pdf = LogReportService(chef).pdf(AuditFilter(), "sv")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True).stdout.decode()
        pages = text.count("\f")
        assert pages >= 2
        assert f"Sida {pages} av {pages}" in text
    chef.close()


@pytest.mark.parametrize("kind", ["csv", "pdf"])
def test_a_clinician_is_refused(store, kind):
    s = store.sign_in("anna")
    svc = LogReportService(s)
    with pytest.raises(AccessDenied):
        svc.csv(AuditFilter()) if kind == "csv" else svc.pdf(AuditFilter(), "sv")
    s.close()


@pytest.mark.parametrize(("kind", "action"), [("csv", AuditAction.COPIED), ("pdf", AuditAction.PRINTED)])
def test_producing_a_report_is_logged(store, case, kind, action):
    patient_id, _ = case
    chef = store.sign_in("chef")
    svc = LogReportService(chef)
    f = AuditFilter(patient_id=patient_id, action=AuditAction.READ)
    data = svc.csv(f) if kind == "csv" else svc.pdf(f, "sv")
    logged = AuditService(chef).events(AuditFilter(action=action))
    assert len(logged) == 1
    row = logged[0]
    assert row.target == "audit_log"
    assert row.username == "chef"
    assert row.patient_id == patient_id
    assert row.details["format"] == kind
    assert row.details["filter"] == {"patient_id": patient_id, "action": "read"}
    assert row.details["rows"] == 2  # anna and erik each read the case once
    import hashlib

    assert row.details["sha256"] == hashlib.sha256(data).hexdigest()
    assert AuditService(chef).verify().whole
    chef.close()
