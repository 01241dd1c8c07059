"""Signature checks (issue 14), each against a baseline measured in the same run.

Fixture: one unit (a manager and a clinician, anna); 10,000 examinations signed by anna with her
personal key (5,000 patients, two each), built through the store repositories and
``record_signing.sign_examination`` in large transactions (the services' checks and per-call commits
skipped), one realistic examination made through the services (text, 5 injuries, 3 photos) and signed
there; then the access log filled to 100,000 rows with read events written through ``Session.audit``
(so with the signed checkpoints every 32 rows that the program writes).

1. **Per read** of the realistic signed examination: ``ExaminationService.get`` (opening it: access
   check, load, a log row and its commit) as the baseline, against ``get`` followed by the signature
   check the editor runs (``ExaminationService.signature``: canonical content, SHA-256, Ed25519, key
   and certificate, the log's ``signed`` row).  Also the check alone.  Goal: the check ≤ 2 ms.
2. **The whole access log** (100,000 rows): ``keys.check_log`` (chain, every signed checkpoint, key
   events, anchor — what ``audit verify`` does) against reading the same rows
   (``SELECT … FROM audit_log ORDER BY seq``, all fetched).  Reported, no goal.
3. **The start list's check** on 10,001 listed rows (``list_mine(page_size=10001)``) and on the page the
   start page shows (50 rows), as anna, with ``record_signing.mark_listed`` against the same call with
   the marking switched off: the first list of a new session (each signed row checked in full and its
   verdict remembered with the row's fingerprint) and the same list again (fingerprints computed and
   compared, nothing changed).

Run: ``.venv/bin/python benchmarks/bench_signatures.py`` (a few minutes on 2 cores).
"""

from __future__ import annotations

import datetime as dt
import io
import random
import secrets
import time
import uuid
from pathlib import Path
from typing import Any

import _common as c
from bench_list_search import SEED, Bulk

N_EXAMS = 10_000
LOG_ROWS = 100_000
PASSWORD = secrets.token_urlsafe(12)


def main() -> None:
    started = c.header("signature checks: per read, the whole access log, the start list")
    with c.private_tmp("signatures") as root:
        run(root)
    c.footer(started)


def build(folder: Path) -> tuple[str, str]:
    """The store; returns (the realistic examination's id, anna's id)."""
    from injurydoc.domain.models import Examination
    from injurydoc.domain.vocab import AuditAction, BodyRegion, InjuryType, Profession, Protection, Role, Side
    from injurydoc.services import record_signing
    from injurydoc.services.accounts import AccountService
    from injurydoc.services.demo import synthetic_pnr
    from injurydoc.services.examinations import ExaminationService
    from injurydoc.services.patients import PatientService
    from injurydoc.services.photos import PhotoService
    from injurydoc.services.session import create_store, sign_in
    from injurydoc.store import examinations as exams_repo
    from injurydoc.store.audit import now_utc
    from injurydoc.store.keyslots import TEST_KDF

    setup = create_store(
        folder,
        unit_name="Benchmark unit",
        manager_username="chef",
        manager_display_name="Chef Bench",
        manager_password=PASSWORD,
        kdf=TEST_KDF,
    )
    anna_id = (
        AccountService(setup.session)
        .create(
            username="anna",
            display_name="Anna Bench",
            password=PASSWORD,
            roles=frozenset({Role.CLINICIAN}),
            profession=Profession.NURSE,
        )
        .id
    )
    setup.session.close()
    sign_in(folder, "chef", PASSWORD).close()  # certifies anna's keys
    a = sign_in(folder, "anna", PASSWORD)
    # The realistic one, through the services.
    svc = ExaminationService(a)
    pnr = synthetic_pnr(dt.date(1979, 6, 1), 101)
    p = PatientService(a).create(personal_id=pnr, name="Bench Benchsson")
    e = svc.create(p.id)
    for region in (
        BodyRegion.THIGH,
        BodyRegion.FACE,
        BodyRegion.NECK_ANTERIOR,
        BodyRegion.CHEEK,
        BodyRegion.JAW,
    ):
        svc.add_injury(e.id, type=InjuryType.BRUISE, region=region, side=Side.LEFT)
    PhotoService(a).import_data(e.id, [(f"foto{i}.jpg", _jpeg(i)) for i in range(3)])
    svc.sign(e.id)
    # The list: 10,000 signed examinations, two per patient.
    rng, used = random.Random(SEED), set[str]()
    bulk = Bulk(a, rng, used, {"anna": anna_id})
    done = 0
    while done < N_EXAMS:
        with a.transaction() as db:
            for _ in range(500):
                pid = bulk.patient(Protection.NONE, anna_id)
                for _ in range(2):
                    now = now_utc()
                    exam = Examination(
                        id=str(uuid.uuid4()),
                        case_ref=f"SD-B{done:05d}",
                        patient_id=pid,
                        examiner_id=anna_id,
                        unit=a.unit,
                        status="draft",
                        created_at=now,
                        started_at=now,
                        ended_at=now,
                        patient_account="Han slog mig med knytnäven. " * 4,
                        assessment="Fynden är förenliga med uppgiven händelse.",
                    )
                    exams_repo.insert(db, exam)
                    digest = record_signing.sign_examination(a, db, exam, [])
                    exams_repo.mark_signed(db, exam.id, anna_id, digest)
                    a.audit(
                        AuditAction.SIGNED,
                        patient_id=pid,
                        target=f"examination:{exam.id}",
                        details={"content_sha256": digest},
                    )
                    done += 1
    # The log up to 100,000 rows: reads, with the program's checkpoints.
    while (rows := int(a.db.scalar("SELECT count(*) FROM audit_log"))) < LOG_ROWS:
        with a.transaction():
            for _ in range(min(5_000, LOG_ROWS - rows)):
                a.audit(AuditAction.READ, patient_id=p.id, target=f"examination:{e.id}")
    a.close()
    return e.id, anna_id


def _jpeg(i: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (640, 480), (40 * i, 90, 120)).save(out, "JPEG", quality=85)
    return out.getvalue()


def run(root: Path) -> None:
    from injurydoc.services.session import sign_in

    folder = root / "store"
    t0 = time.perf_counter()
    exam_id, _anna = build(folder)
    print(f"fixture built in {time.perf_counter() - t0:.0f} s")
    a = sign_in(folder, "anna", PASSWORD)
    per_read(a, exam_id)
    a.close()
    start_list(folder)
    m = sign_in(folder, "chef", PASSWORD)
    whole_log(m)
    m.close()


def per_read(a: Any, exam_id: str) -> None:
    from injurydoc.services.examinations import ExaminationService

    svc = ExaminationService(a)
    state = svc.signature(svc.get(exam_id))
    if state.state != "valid":
        raise SystemExit(f"the fixture's examination is not validly signed: {state}")
    rows = a.db.scalar("SELECT count(*) FROM audit_log")
    plain: list[float] = []
    checked: list[float] = []
    alone: list[float] = []
    for _ in range(15):  # alternated, so that load and caches fall on both
        plain += c.measure(lambda: svc.get(exam_id), 3)
        checked += c.measure(lambda: svc.signature(svc.get(exam_id)), 3)
        exam = svc.get(exam_id)
        alone += c.measure(lambda exam=exam: svc.signature(exam), 3)
    print(f"\n1. reading the signed examination (5 injuries, 3 photos; access log {rows} rows)")
    print(f"   get() (baseline):           {c.stats(plain)}")
    print(f"   get() + signature check:    {c.stats(checked)}")
    print(f"   the check alone:            {c.stats(alone)}   goal ≤ 2 ms")
    print(f"   ratio (medians):            {c.ratio(c.med(checked), c.med(plain))}")


def start_list(folder: Path) -> None:
    """The list with its check against the same list with the marking off, for 10,001 rows and for the
    page the start page shows (50 rows), each pair on the same connection: the first list of a new
    session (every row checked in full, then remembered; against the first list of another new session
    without the check) and the list again (only the fingerprints computed and compared; against the
    list again without the check, alternated)."""
    from injurydoc.services import record_signing
    from injurydoc.services.examinations import PAGE_SIZE, ExaminationService
    from injurydoc.services.session import sign_in

    original = record_signing.mark_listed

    def unmarked(fn: Any) -> Any:
        record_signing.mark_listed = lambda db, rows: None
        try:
            return fn()
        finally:
            record_signing.mark_listed = original

    print("\n3. start list as anna, with the signature check of each listed signed row")
    for size in (N_EXAMS + 1, PAGE_SIZE):
        first_bare: list[float] = []
        first: list[float] = []
        bare: list[float] = []
        again: list[float] = []
        remembered = listed = 0
        for _ in range(3):
            s = sign_in(folder, "anna", PASSWORD)  # a new session remembers nothing
            try:
                svc = ExaminationService(s)
                first_bare += unmarked(
                    lambda svc=svc, size=size: c.measure(lambda: svc.list_mine(page_size=size), 1)
                )
            finally:
                s.close()
            s = sign_in(folder, "anna", PASSWORD)
            try:
                svc = ExaminationService(s)
                first += c.measure(lambda svc=svc, size=size: svc.list_mine(page_size=size), 1)
                remembered = len(record_signing.remembered(s.db))
                for _ in range(3):
                    again += c.measure(lambda svc=svc, size=size: svc.list_mine(page_size=size), 1)
                    bare += unmarked(
                        lambda svc=svc, size=size: c.measure(lambda: svc.list_mine(page_size=size), 1)
                    )
                listed = len(svc.list_mine(page_size=size))
            finally:
                s.close()
        print(f"   {listed} signed rows listed ({remembered} verdicts remembered after the first list)")
        r_first, r_again = c.ratio(c.med(first), c.med(first_bare)), c.ratio(c.med(again), c.med(bare))
        per_first = (c.med(first) - c.med(first_bare)) / max(listed, 1) * 1e6
        per_again = (c.med(again) - c.med(bare)) / max(listed, 1) * 1e6
        print(f"     first list of a session, no check:   {c.stats(first_bare)}")
        print(f"     first list of a session, full check: {c.stats(first)}   {r_first}")
        print(f"     again, no check (baseline):          {c.stats(bare)}")
        print(f"     again, fingerprints compared:        {c.stats(again)}   {r_again}")
        print(f"     added per listed row: first {per_first:.0f} µs, again {per_again:.0f} µs")


def whole_log(m: Any) -> None:
    from injurydoc.services import keys

    cols = (
        "seq, at, account_id, username, unit, action, outcome, patient_id, target, details, prev_hash, hash"
    )
    read: list[float] = []
    verified: list[float] = []
    report: Any = None
    for _ in range(3):
        read += c.measure(lambda: m.db.all(f"SELECT {cols} FROM audit_log ORDER BY seq"), 1)
        t = time.perf_counter()
        report = keys.check_log(m)
        verified.append(time.perf_counter() - t)
    if report is None or not report.whole:
        raise SystemExit(f"the fixture's log is not whole: {report and report.problem}")
    print(f"\n2. the whole access log: {report.rows} rows, {report.checkpoints} signed checkpoints")
    print(f"   reading the rows (baseline): {c.stats(read)}")
    print(f"   verifying (check_log):       {c.stats(verified)}")
    print(f"   ratio (medians):             {c.ratio(c.med(verified), c.med(read))}")


if __name__ == "__main__":
    main()
