"""No plaintext patient data reaches the disk outside the encrypted database, nor the log.

A whole workflow (patients, an examination with free text and injuries, signing, search, log review)
is run with a distinctive name and number; then every file in the store folder, the temp folders and
the (redirected) home folder is searched for them, in several encodings, both while the session is
open (WAL not yet checkpointed) and after it is closed.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import tempfile
import unicodedata
from pathlib import Path

import pytest

from injurydoc.domain.models import BodyMark
from injurydoc.domain.vocab import BodyRegion, BodyView, InjuryType, Protection, Sex, Side
from injurydoc.services.audit_log import AuditService
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.patients import PatientService
from injurydoc.store.vault import DB_FILE, KEYSLOTS_FILE

from .conftest import DISTINCT_NAME, DISTINCT_PNR, make_pnr

SECOND_PNR = make_pnr(4711, year=1966)


def _pnr_forms(pnr: str) -> list[str]:
    twelve = pnr.replace("-", "")
    return [pnr, twelve, pnr[2:], twelve[2:]]


def _needles() -> dict[str, bytes]:
    """What must never be found, lower-cased (files are lower-cased before the search)."""
    texts = {
        "name": DISTINCT_NAME,
        "name (folded)": DISTINCT_NAME.casefold(),
        "name (NFD)": unicodedata.normalize("NFD", DISTINCT_NAME),
        "first name": DISTINCT_NAME.split()[0],
        "surname stem": DISTINCT_NAME.split()[1][:-1],
    }
    needles: dict[str, bytes] = {}
    for label, text in texts.items():
        for enc in ("utf-8", "utf-16-le", "utf-16-be"):
            needles[f"{label} [{enc}]"] = text.lower().encode(enc)
    for pnr in (DISTINCT_PNR, SECOND_PNR):
        for form in _pnr_forms(pnr):
            for enc in ("ascii", "utf-16-le"):
                needles[f"number {form} [{enc}]"] = form.encode(enc)
    needles["plain SQLite header"] = b"sqlite format 3"
    return needles


def _folders(store_folder: Path) -> list[Path]:
    folders = [
        store_folder,
        Path(os.environ["TMPDIR"]),
        Path(tempfile.gettempdir()),
        Path(os.environ["HOME"]),
    ]
    unique: list[Path] = []
    for f in folders:
        if f.resolve() not in [u.resolve() for u in unique]:
            unique.append(f)
    return unique


def _scan(store_folder: Path) -> list[Path]:
    """Search every file; return the files searched (so the caller can check what was covered)."""
    needles = _needles()
    searched: list[Path] = []
    leaks: list[str] = []
    for folder in _folders(store_folder):
        assert folder.is_dir(), folder
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            data = path.read_bytes().lower()
            searched.append(path)
            leaks += [f"{path}: {label}" for label, needle in needles.items() if needle in data]
    assert not leaks, "plaintext found on disk:\n" + "\n".join(leaks)
    return searched


def _workflow(store) -> None:
    """Everything a clinician does with a case, with the distinctive name and number everywhere."""
    s = store.sign_in("anna")
    patients = PatientService(s)
    exams = ExaminationService(s)
    p1 = patients.create(personal_id=DISTINCT_PNR, name=DISTINCT_NAME, sex=Sex.FEMALE)
    p2 = patients.create(
        personal_id=SECOND_PNR, name=f"{DISTINCT_NAME} d.y.", protection=Protection.SKYDDAD_FOLKBOKFORING
    )
    p3 = patients.create(personal_id=make_pnr(12), name=DISTINCT_NAME.upper())
    patients.add_contact(p1.id, "next_of_kin", f"{DISTINCT_NAME}s syster, 070-123 45 67")
    patients.add_contact(p3.id, "address", f"c/o {DISTINCT_NAME}, Storgatan 1")
    patients.update(p3.id, name=f"{DISTINCT_NAME} Andra", sex=Sex.MALE)

    e1 = exams.create(p1.id)
    exams.update(
        e1.id,
        patient_account=f"”Jag heter {DISTINCT_NAME}, personnummer {DISTINCT_PNR}. Han slog mig.”",
        reported_place=f"Hemma hos {DISTINCT_NAME}",
        assessment=f"{DISTINCT_NAME} har skador som stämmer med berättelsen.",
    )
    inj = exams.add_injury(
        e1.id,
        type=InjuryType.BRUISE,
        region=BodyRegion.FOREARM,
        side=Side.LEFT,
        marks=(BodyMark(BodyView.FRONT, 0.3, 0.6),),
        length_mm=30,
        width_mm=12,
        colour="blålila",
        description=f"Blåmärke som {DISTINCT_NAME} visar",
        patient_says_cause=f"{DISTINCT_NAME}: ”han tog tag i armen”",
    )
    exams.update_injury(inj.id, description=f"Blåmärke, {DISTINCT_NAME}, {DISTINCT_PNR}")
    exams.add_injury(
        e1.id, type=InjuryType.SCRATCH, region=BodyRegion.NECK_ANTERIOR, side=Side.MIDLINE, description="x"
    )
    exams.sign(e1.id)
    exams.add_addendum(e1.id, f"Tillägg: {DISTINCT_NAME} ringde, {DISTINCT_PNR}.")

    e2 = exams.create(p2.id)
    exams.update(e2.id, patient_account=f"{DISTINCT_NAME} berättar.", other_findings=DISTINCT_PNR)

    # reads and searches by name and by number
    patients.get(p1.id)
    exams.get(e1.id)
    assert {p.id for p in patients.search(DISTINCT_NAME)} >= {p1.id, p2.id, p3.id}
    assert [p.id for p in patients.search(DISTINCT_PNR)] == [p1.id]
    assert exams.search(DISTINCT_NAME)
    assert exams.search(DISTINCT_PNR.replace("-", ""))
    exams.list_mine()

    # Still open: the WAL holds the new pages and is not checkpointed yet.
    wal = store.folder / (DB_FILE + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    searched = _scan(store.folder)
    assert store.folder / DB_FILE in searched
    assert wal in searched
    s.close()

    # A manager reviews the access log (which names patients by id only).
    chef = store.sign_in("chef")
    assert AuditService(chef).events()
    assert AuditService(chef).verify().whole
    chef.close()


def test_no_plaintext_on_disk_or_in_logs(store, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    _workflow(store)

    searched = _scan(store.folder)
    for name in (DB_FILE, KEYSLOTS_FILE, "audit-anchor.json"):
        assert store.folder / name in searched

    # Every log record, formatted or not, is free of the name and the number.
    forbidden = [DISTINCT_NAME, DISTINCT_NAME.casefold(), *_pnr_forms(DISTINCT_PNR), *_pnr_forms(SECOND_PNR)]
    texts = [caplog.text]
    for record in caplog.records:
        texts += [record.getMessage(), str(record.args), str(record.exc_text or ""), str(record.__dict__)]
    for text in texts:
        for needle in forbidden:
            assert needle.casefold() not in text.casefold(), "patient data in a log record"


def test_standard_sqlite_cannot_read_the_store(store) -> None:
    _workflow(store)
    path = store.folder / DB_FILE
    assert not path.read_bytes().startswith(b"SQLite format 3")
    con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        with pytest.raises(sqlite3.DatabaseError):
            con.execute("SELECT * FROM sqlite_master").fetchall()
    finally:
        con.close()


def test_no_plaintext_while_a_session_is_open(store) -> None:
    """Checked inside the workflow too; here with a session left open on a freshly signed-in store."""
    s = store.sign_in("erik")
    p = PatientService(s).create(personal_id=DISTINCT_PNR, name=DISTINCT_NAME)
    e = ExaminationService(s).create(p.id)
    ExaminationService(s).update(e.id, patient_account=f"{DISTINCT_NAME} {DISTINCT_PNR}")
    try:
        assert (store.folder / (DB_FILE + "-wal")).stat().st_size > 0
        _scan(store.folder)
    finally:
        s.close()
    _scan(store.folder)


@pytest.mark.parametrize(
    "content",
    [
        DISTINCT_NAME.encode("utf-16-le"),
        DISTINCT_NAME.upper().encode("utf-8"),
        DISTINCT_PNR.replace("-", "")[2:].encode(),
        b"SQLite format 3\x00",
    ],
)
def test_the_scan_finds_what_it_looks_for(store, content: bytes) -> None:
    """The detector itself works: a planted leak in the temp folder is found."""
    planted = Path(tempfile.gettempdir()) / "planted.bin"
    planted.write_bytes(b"\x00\xff" * 100 + content + b"\x01" * 50)
    with pytest.raises(AssertionError, match="plaintext found on disk"):
        _scan(store.folder)
    planted.unlink()
    _scan(store.folder)
