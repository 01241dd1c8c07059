"""Follow-up statistics: known counts per month, small counts hidden, managers only, reads logged."""

import csv
import datetime as dt
import io
import random
import shutil
import subprocess
import uuid

import pytest

from injurydoc.domain.errors import AccessDenied, ValidationError
from injurydoc.domain.models import ConcernReport, SipRecord
from injurydoc.domain.vocab import AuditAction, LegalBasis, Profession, Protection, Role
from injurydoc.services.accounts import AccountService
from injurydoc.services.audit_log import AuditFilter, AuditService
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.patients import PatientService
from injurydoc.services.statistics import (
    INDICATORS,
    KEYS,
    MonthlyStatistics,
    MonthRow,
    StatisticsService,
    suppress,
)
from injurydoc.store.audit import iso
from injurydoc.store.keyslots import TEST_KDF

from .conftest import DISTINCT_NAME, DISTINCT_PNR, PASSWORD, build_store, make_pnr

JAN, MAR = dt.date(2025, 1, 1), dt.date(2025, 3, 1)
_PNR_FORMS = (
    DISTINCT_PNR,
    DISTINCT_PNR.replace("-", ""),
    DISTINCT_PNR[2:],
    DISTINCT_PNR[2:].replace("-", ""),
)


def local(y, m, d, hh=12, mm=0, ss=0):
    """A local wall-clock time as the store writes it (UTC ISO text)."""
    return iso(dt.datetime(y, m, d, hh, mm, ss).astimezone())


def _exam(exams, patient_id, at, *, follow_up_of=None, concern=False, sip=False):
    e = exams.create(patient_id, follow_up_of=follow_up_of)
    changes = {}
    if concern:
        changes["concern_report"] = ConcernReport(made=True, office="Soc", grounds="x")
    if sip:
        changes["sip"] = SipRecord(called=True, consent=True)
    if changes:
        exams.update(e.id, **changes)
    with exams.s.transaction() as db:
        db.execute("UPDATE examinations SET created_at = ? WHERE id = ?", (at, e.id))
    return e.id


def _photos(db, exam_id, account_id, times):
    for n, at in enumerate(times, start=1):
        db.execute(
            "INSERT INTO photos (id, examination_id, number, sha256, original_name, size, media_type, "
            "width, height, imported_by, imported_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                str(uuid.uuid4()),
                exam_id,
                n,
                f"{n:064x}",
                f"IMG_{n}.JPG",
                1,
                "image/jpeg",
                1,
                1,
                account_id,
                at,
            ),
        )


def _exports(db, exam_id, account_id, basis, times):
    basis_id = str(uuid.uuid4())
    db.execute(
        "INSERT INTO disclosure_bases (id, examination_id, basis, decided_by, decided_at) VALUES (?,?,?,?,?)",
        (basis_id, exam_id, basis.code, account_id, times[0]),
    )
    for at in times:
        db.execute(
            "INSERT INTO exports (id, examination_id, exported_by, exported_at, recipient, legal_basis_id, "
            "package_name, package_sha256, lang, signer, timestamped) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                str(uuid.uuid4()),
                exam_id,
                account_id,
                at,
                "Polisen",
                basis_id,
                "p.zip",
                "0" * 64,
                "sv",
                "x",
                0,
            ),
        )


#: What build_known puts in January, February and March 2025 (exact counts).
KNOWN = {
    "2025-01": dict(
        examinations=6, follow_ups=1, photos=7, exports_consent=5, exports_osl_10_23=2, sip_called=5,
        protected_persons=2,
    ),
    "2025-02": {},
    "2025-03": dict(examinations=3, follow_ups=5, concern_reports=1, protected_persons=1),
}  # fmt: skip


def build_known(store):
    """Anna documents cases in Dec 2024 – Apr 2025, with dates set to known months."""
    s = store.sign_in("anna")
    try:
        patients, exams = PatientService(s), ExaminationService(s)
        protected = patients.create(
            personal_id=DISTINCT_PNR, name=DISTINCT_NAME, protection=Protection.SKYDDAD_FOLKBOKFORING
        ).id
        marked = patients.create(
            personal_id=make_pnr(1), name="Markerad Person", protection=Protection.SEKRETESSMARKERING
        ).id
        others = [patients.create(personal_id=make_pnr(10 + i), name=f"Test Person {i}").id for i in range(4)]
        # January: 6 first examinations (the protected person twice, the marked one once), 1 follow-up
        jan = [
            _exam(exams, protected, local(2025, 1, 2, 0, 0, 0), sip=True),  # local midnight: January
            _exam(exams, protected, local(2025, 1, 20), sip=True),
            _exam(exams, marked, local(2025, 1, 21), sip=True),
            *(_exam(exams, p, local(2025, 1, 22 + i), sip=i < 2) for i, p in enumerate(others[:3])),
        ]
        _exam(exams, others[0], local(2025, 1, 31, 23, 59, 59), follow_up_of=jan[3])
        # March: 3 first examinations (the protected person again), 5 follow-ups
        _exam(exams, protected, local(2025, 3, 1, 0, 0, 0), concern=True)
        _exam(exams, others[3], local(2025, 3, 10))
        last = _exam(exams, others[3], local(2025, 3, 31, 23, 59, 59))
        for day in range(1, 6):
            _exam(exams, others[3], local(2025, 3, 10 + day), follow_up_of=last)
        # outside the period: the last second of 2024 and local midnight on 1 April
        outside = _exam(exams, others[1], local(2024, 12, 31, 23, 59, 59), concern=True)
        _exam(exams, protected, local(2025, 4, 1, 0, 0, 0), sip=True)
        with s.transaction() as db:
            _photos(db, jan[3], s.account.id, [local(2025, 1, 5 + i) for i in range(7)])
            _photos(db, outside, s.account.id, [local(2024, 12, 31, 23, 0), local(2025, 4, 1, 0, 0, 0)])
            _exports(db, jan[4], s.account.id, LegalBasis.CONSENT, [local(2025, 1, 10 + i) for i in range(5)])
            _exports(db, jan[5], s.account.id, LegalBasis.OSL_10_23, [local(2025, 1, 3), local(2025, 1, 4)])
            _exports(db, outside, s.account.id, LegalBasis.OSL_10_21, [local(2025, 4, 1, 0, 0, 0)])
    finally:
        s.close()


def copy_known(store_templates, target):
    """A copy at ``target`` of the store with the known cases (built once per test process)."""

    def build(folder):
        info = store_templates.copy("store", folder, build_store)
        build_known(info)
        return info

    return store_templates.copy("known", target, build)


@pytest.fixture
def known(tmp_path, isolated_env, store_templates):
    return copy_known(store_templates, tmp_path / "store")


@pytest.fixture
def chef(known):
    s = known.sign_in("chef")
    yield s
    s.close()


def _expected(month):
    return {k: KNOWN[month].get(k, 0) for k in KEYS}


def test_known_counts_per_month(chef):
    stats = StatisticsService(chef).monthly(dt.date(2025, 1, 15), dt.date(2025, 3, 31))
    assert [r.month for r in stats.months] == [JAN, dt.date(2025, 2, 1), MAR]
    for row in stats.months:
        assert row.counts == _expected(f"{row.month:%Y-%m}"), row.month
    assert stats.total["examinations"] == 9
    assert stats.total["follow_ups"] == 6
    assert stats.total["photos"] == 7
    assert stats.total["exports_consent"] == 5
    assert stats.total["exports_osl_10_21"] == 0  # exported on 1 April, local midnight
    # distinct persons over the period, not the sum of the months (2 + 0 + 1)
    assert stats.total["protected_persons"] == 2
    assert stats.total["exercises"] == 0  # a real store has no exercises
    assert not stats.training


def test_a_single_month_and_the_months_around_it(chef):
    svc = StatisticsService(chef)
    dec = svc.monthly(dt.date(2024, 12, 1), dt.date(2024, 12, 1))
    assert dec.months[0].counts["examinations"] == 1
    assert dec.months[0].counts["concern_reports"] == 1
    assert dec.months[0].counts["photos"] == 1
    apr = svc.monthly(dt.date(2025, 4, 1), dt.date(2025, 4, 30))
    assert apr.total["examinations"] == 1
    assert apr.total["sip_called"] == 1
    assert apr.total["photos"] == 1
    assert apr.total["exports_osl_10_21"] == 1


def test_small_counts_are_shown_as_less_than_five(chef):
    table = suppress(StatisticsService(chef).monthly(JAN, MAR))
    jan, feb, mar = (cells for _m, cells in table.months)
    assert jan["examinations"].text == "6"
    assert jan["follow_ups"].text == "<5"
    assert jan["follow_ups"].value is None
    assert jan["photos"].text == "7"
    assert jan["exports_consent"].text == "5"
    assert jan["exports_osl_10_23"].text == "<5"
    assert jan["protected_persons"].text == "<5"
    assert all(c.text == "0" and c.value == 0 for c in feb.values())
    assert mar["examinations"].text == "<5"
    assert mar["follow_ups"].text == "5"
    assert mar["concern_reports"].text == "<5"
    # totals: exact where no month above is hidden, else the range the shown cells allow
    assert table.total["photos"].text == "7"
    assert table.total["exports_consent"].text == "5"
    assert table.total["sip_called"].text == "5"
    assert table.total["examinations"].text == "7–10"  # 6 + (1..4): the 3 in March stays hidden
    assert table.total["follow_ups"].text == "6–9"
    assert table.total["exports_osl_10_23"].text == "<5"
    assert table.total["concern_reports"].text == "<5"
    assert table.total["protected_persons"].text == "1–8"  # not the exact 2
    assert table.total["examinations"].value is None


def _stats(columns):
    months = len(next(iter(columns.values())))
    rows = tuple(
        MonthRow(dt.date(2025, i + 1, 1), {k: columns.get(k, [0] * months)[i] for k in KEYS})
        for i in range(months)
    )
    total = {k: sum(columns.get(k, [0] * months)) for k in KEYS}
    return MonthlyStatistics(rows[0].month, rows[-1].month, rows, total, "Enhet", False)


@pytest.mark.parametrize(
    ("months", "cells", "total"),
    [
        ([0, 0, 0], ["0", "0", "0"], "0"),
        ([1, 0, 0], ["<5", "0", "0"], "<5"),
        ([4, 5, 0], ["<5", "5", "0"], "6–9"),
        ([5, 6, 7], ["5", "6", "7"], "18"),
        ([2, 2, 0], ["<5", "<5", "0"], "2–8"),
    ],
)
def test_suppression_rule(months, cells, total):
    table = suppress(_stats({"examinations": months}))
    assert [c["examinations"].text for _m, c in table.months] == cells
    assert table.total["examinations"].text == total


def test_totals_reveal_nothing_the_month_cells_do_not():
    """Differencing: two stores whose months look the same give the same totals, whatever the
    hidden counts are; so a total (or two periods' totals) never backs out a hidden month."""
    rng = random.Random(7)
    for _ in range(300):
        shown = [rng.choice([0, 0, 5, 6, 9, 12, None]) for _ in range(rng.randint(1, 6))]
        a = [rng.randint(1, 4) if v is None else v for v in shown]
        b = [rng.randint(1, 4) if v is None else v for v in shown]
        ta, tb = suppress(_stats({"photos": a})), suppress(_stats({"photos": b}))
        assert [c["photos"].text for _m, c in ta.months] == [c["photos"].text for _m, c in tb.months]
        assert ta.total["photos"] == tb.total["photos"], (a, b)


def test_only_a_unit_manager_reads_statistics(known):
    s = known.sign_in("anna")
    try:
        svc = StatisticsService(s)
        for call in (svc.monthly, svc.csv, svc.pdf):
            with pytest.raises(AccessDenied):
                call(JAN, MAR)
    finally:
        s.close()


def test_a_period_backwards_or_too_long_is_refused_with_a_message(chef):
    with pytest.raises(ValidationError) as err:
        StatisticsService(chef).monthly(MAR, JAN)
    assert err.value.code == "field.invalid"
    with pytest.raises(ValidationError) as err:
        StatisticsService(chef).monthly(dt.date(2000, 1, 1), dt.date(2025, 1, 1))
    assert err.value.code == "field.range"


def test_each_read_is_logged_with_the_period_only(chef):
    svc = StatisticsService(chef)
    svc.monthly(JAN, MAR)
    data = svc.csv(JAN, MAR)
    svc.pdf(JAN, dt.date(2025, 2, 1), "en")
    events = AuditService(chef).events(AuditFilter(action=AuditAction.STATISTICS))
    assert len(events) == 3
    pdf, csv_, screen = events  # newest first
    assert screen.details == {"from": "2025-01", "to": "2025-03", "format": "screen"}
    assert csv_.details["format"] == "csv"
    assert csv_.details["from"] == "2025-01"
    assert len(csv_.details["sha256"]) == 64
    assert pdf.details["to"] == "2025-02"
    assert set(pdf.details) == {"from", "to", "format", "sha256"}
    for e in events:
        assert e.patient_id is None
        assert e.username == "chef"
        assert e.target == "statistics"
    import hashlib

    assert csv_.details["sha256"] == hashlib.sha256(data).hexdigest()


def _assert_no_patient(text):
    assert DISTINCT_NAME not in text
    assert DISTINCT_NAME.split()[0] not in text
    for form in _PNR_FORMS:
        assert form not in text
    assert "1978-05-23" not in text


def test_csv_for_swedish_excel(chef):
    data = StatisticsService(chef).csv(JAN, MAR)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][0] == "Månad"
    assert rows[0][1:] == [i.sv for i in INDICATORS]
    assert [r[0] for r in rows[1:]] == ["2025-01", "2025-02", "2025-03", "Hela perioden"]
    assert rows[1][1:4] == ["6", "<5", "7"]
    assert rows[4][1] == "7–10"
    _assert_no_patient(text)
    english = StatisticsService(chef).csv(JAN, MAR, "en").decode("utf-8-sig")
    assert english.splitlines()[0].startswith("Month;Examinations;Follow-up examinations;Photos")
    assert english.splitlines()[-1].startswith("Whole period;")


needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def _pdf_text(tmp_path, data):
    path = tmp_path / "stats.pdf"
    path.write_bytes(data)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return fonts, text.stdout


@needs_poppler
def test_pdf_has_embedded_fonts_and_no_patient_data(chef, tmp_path):
    data = StatisticsService(chef).pdf(JAN, MAR)
    assert data.startswith(b"%PDF")
    fonts, text = _pdf_text(tmp_path, data)
    font_rows = fonts.splitlines()[2:]
    assert font_rows
    assert all(row.split()[-5] == "yes" for row in font_rows), fonts  # "emb" column
    assert "Uppföljningsstatistik" in text
    assert "2025-01 – 2025-03" in text
    assert "<5" in text
    assert "7–10" in text
    assert "Övningsdatabas" not in text
    _assert_no_patient(text)


@needs_poppler
def test_training_store_counts_exercises_and_marks_the_pdf(training_store, tmp_path):
    chef = training_store.sign_in("chef")
    try:
        AccountService(chef).create(
            username="tina",
            display_name="Tina",
            password=PASSWORD,
            roles=frozenset({Role.CLINICIAN}),
            profession=Profession.NURSE,
        )
        tina = training_store.sign_in("tina")
        try:
            p = PatientService(tina).create(personal_id=make_pnr(3), name="Övning Person")
            exam_id = ExaminationService(tina).create(p.id).id
            with tina.transaction() as db:
                db.execute(
                    "INSERT INTO exercises (id, title_sv, title_en, data, sha256, imported_at) "
                    "VALUES ('ex1', 'Övning', 'Exercise', x'00', ?, ?)",
                    ("0" * 64, local(2025, 2, 1)),
                )
                db.execute(
                    "INSERT INTO exercise_attempts (examination_id, exercise_id, trainee_id, started_at) "
                    "VALUES (?, 'ex1', ?, ?)",
                    (exam_id, tina.account.id, local(2025, 2, 3)),
                )
        finally:
            tina.close()
        stats = StatisticsService(chef).monthly(JAN, MAR)
        assert stats.training
        assert [r.counts["exercises"] for r in stats.months] == [0, 1, 0]
        assert suppress(stats).months[1][1]["exercises"].text == "<5"
        _fonts, text = _pdf_text(tmp_path, StatisticsService(chef).pdf(JAN, MAR))
        assert "Övningsdatabas – inte en riktig journal" in text
    finally:
        chef.close()


def test_demo_store_gives_the_counts_it_was_built_with(tmp_path):
    from injurydoc.services.demo import create_demo
    from injurydoc.services.session import sign_in

    demo = create_demo(tmp_path / "demo", kdf=TEST_KDF)
    s = sign_in(demo.store, "chef", demo.accounts[0].password)
    try:
        today = dt.date.today()
        stats = StatisticsService(s).monthly(today.replace(day=1) - dt.timedelta(days=1), today)
    finally:
        s.close()
    # every demo examination says when it took place (the report prints it, not "Ej angivet")
    s = sign_in(demo.store, "anna", next(a.password for a in demo.accounts if a.username == "anna"))
    try:
        for listed in demo.examinations:
            exam = ExaminationService(s).get(listed.id)
            assert exam.examined_from is not None and exam.examined_until is not None, listed.note
            assert exam.examined_from < exam.examined_until <= dt.datetime.now(dt.UTC), listed.note
    finally:
        s.close()
    first = [e for e in demo.examinations if "follow" not in e.note.lower()]
    assert stats.total["examinations"] + stats.total["follow_ups"] == len(demo.examinations)
    assert stats.total["follow_ups"] == 1
    assert stats.total["photos"] == sum(e.photos for e in demo.examinations)
    assert stats.total["protected_persons"] == len(
        {e.patient for e in demo.examinations if e.protection != Protection.NONE.code}
    )
    assert stats.total["concern_reports"] == 2
    assert stats.total["sip_called"] == 0
    assert sum(stats.total[k] for k in KEYS if k.startswith("exports_")) == 0
    assert first  # the demo has first examinations
    table = suppress(stats)
    assert table.total["examinations"].text == "<5"
    assert table.total["photos"].text == str(stats.total["photos"])
