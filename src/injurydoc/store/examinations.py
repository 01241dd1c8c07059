"""Repository: examinations, injuries, addenda and recorded legal bases."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import uuid
from typing import Any

from injurydoc.domain.models import (
    Addendum,
    DisclosureBasis,
    Examination,
    Injury,
    SummaryRow,
)
from injurydoc.domain.vocab import BodyRegion, InjuryType, LegalBasis, Protection, Side
from injurydoc.store import protected as sealing
from injurydoc.store.audit import iso, now_utc
from injurydoc.store.codec import encode, from_dict
from injurydoc.store.database import Database
from injurydoc.store.patients import LOCKED_ID, open_identity
from injurydoc.store.protected import FieldCipher

#: Examination fields kept in columns; every other field lives in the JSON ``body``.
_COLUMN_FIELDS = {
    "id",
    "case_ref",
    "patient_id",
    "examiner_id",
    "unit",
    "status",
    "created_at",
    "follow_up_of",
    "signed_at",
    "signed_by",
    "content_sha256",
    "injuries",
    "addenda",
}
BODY_FIELDS = tuple(f.name for f in dataclasses.fields(Examination) if f.name not in _COLUMN_FIELDS)
_INJURY_COLUMNS = {"id", "examination_id", "number", "type", "region", "side"}
INJURY_BODY_FIELDS = tuple(f.name for f in dataclasses.fields(Injury) if f.name not in _INJURY_COLUMNS)
_EXAM_COLS = (
    "id, case_ref, patient_id, examiner_id, unit, status, created_at, follow_up_of, body, "
    "signed_at, signed_by, content_sha256"
)


def _body_of(exam: Examination) -> str:
    return json.dumps({k: encode(getattr(exam, k)) for k in BODY_FIELDS}, ensure_ascii=False)


def next_case_ref(db: Database, prefix: str) -> str:
    year = dt.datetime.now().year
    like = f"{prefix}-{year}-%"
    n = int(db.scalar("SELECT count(*) FROM examinations WHERE case_ref LIKE ?", (like,))) + 1
    while db.scalar("SELECT 1 FROM examinations WHERE case_ref = ?", (f"{prefix}-{year}-{n:04d}",)):
        n += 1
    return f"{prefix}-{year}-{n:04d}"


def insert(db: Database, exam: Examination) -> None:
    now = iso(now_utc())
    db.execute(
        "INSERT INTO examinations (id, case_ref, patient_id, examiner_id, unit, status, created_at, "
        "updated_at, follow_up_of, body) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (
            exam.id,
            exam.case_ref,
            exam.patient_id,
            exam.examiner_id,
            exam.unit,
            "draft",
            iso(exam.created_at),
            now,
            exam.follow_up_of,
            sealing.text_in(db, exam.patient_id, "examinations", exam.id, "body", _body_of(exam)),
        ),
    )


def update_body(db: Database, exam: Examination) -> None:
    db.execute(
        "UPDATE examinations SET body = ?, updated_at = ? WHERE id = ?",
        (
            sealing.text_in(db, exam.patient_id, "examinations", exam.id, "body", _body_of(exam)),
            iso(now_utc()),
            exam.id,
        ),
    )


def touch(db: Database, exam_id: str) -> None:
    db.execute("UPDATE examinations SET updated_at = ? WHERE id = ?", (iso(now_utc()), exam_id))


def get(db: Database, exam_id: str) -> Examination | None:
    row = db.one(f"SELECT {_EXAM_COLS} FROM examinations WHERE id = ?", (exam_id,))
    if row is None:
        return None
    # a protected person's examination read by an account without their key: no content (locked)
    body = json.loads(sealing.text_out(db, row[2], "examinations", row[0], "body", row[8], locked="{}"))
    return from_dict(
        Examination,
        body,
        id=row[0],
        case_ref=row[1],
        patient_id=row[2],
        examiner_id=row[3],
        unit=row[4],
        status=row[5],
        created_at=dt.datetime.fromisoformat(row[6]),
        follow_up_of=row[7],
        signed_at=dt.datetime.fromisoformat(row[9]) if row[9] else None,
        signed_by=row[10],
        content_sha256=row[11],
        injuries=tuple(injuries_of(db, row[0])),
        addenda=tuple(addenda_of(db, row[0])),
    )


def patient_of(db: Database, exam_id: str) -> str | None:
    value = db.scalar("SELECT patient_id FROM examinations WHERE id = ?", (exam_id,))
    return None if value is None else str(value)


# ----- injuries ---------------------------------------------------------------------------------
def _injury(db: Database, row: tuple[Any, ...], patient_id: str | None) -> Injury:
    return from_dict(
        Injury,
        json.loads(row[6])
        if patient_id is None
        else json.loads(sealing.text_out(db, patient_id, "injuries", row[0], "body", row[6], locked="{}")),
        id=row[0],
        examination_id=row[1],
        number=int(row[2]),
        type=InjuryType(row[3]),
        region=BodyRegion(row[4]),
        side=Side(row[5]),
    )


def injuries_of(db: Database, exam_id: str) -> list[Injury]:
    patient_id = sealing.patient_of_exam(db, exam_id)
    return [
        _injury(db, r, patient_id)
        for r in db.all(
            "SELECT id, examination_id, number, type, region, side, body FROM injuries "
            "WHERE examination_id = ? ORDER BY number",
            (exam_id,),
        )
    ]


def injury(db: Database, injury_id: str) -> Injury | None:
    row = db.one(
        "SELECT id, examination_id, number, type, region, side, body FROM injuries WHERE id = ?",
        (injury_id,),
    )
    return None if row is None else _injury(db, row, sealing.patient_of_exam(db, str(row[1])))


def next_injury_number(db: Database, exam_id: str) -> int:
    return int(
        db.scalar("SELECT coalesce(max(number), 0) + 1 FROM injuries WHERE examination_id = ?", (exam_id,))
    )


def save_injury(db: Database, inj: Injury) -> None:
    body = json.dumps({k: encode(getattr(inj, k)) for k in INJURY_BODY_FIELDS}, ensure_ascii=False)
    db.execute(
        "INSERT INTO injuries (id, examination_id, number, type, region, side, body) "
        "VALUES (?,?,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET type = excluded.type, "
        "region = excluded.region, side = excluded.side, body = excluded.body",
        (
            inj.id,
            inj.examination_id,
            inj.number,
            inj.type.code,
            inj.region.code,
            inj.side.code,
            sealing.text_in(
                db, sealing.patient_of_exam(db, inj.examination_id), "injuries", inj.id, "body", body
            ),
        ),
    )


def delete_injury(db: Database, injury_id: str) -> None:
    if db.scalar("SELECT 1 FROM sqlite_master WHERE name = 'photo_injuries'"):
        db.execute("DELETE FROM photo_injuries WHERE injury_id = ?", (injury_id,))
    db.execute("DELETE FROM injuries WHERE id = ?", (injury_id,))


# ----- signing, addenda, legal bases -----------------------------------------------------------
def legacy_content_hash(exam: Examination) -> str:
    """The content hash stores before version 11 kept for a signed examination (SHA-256 over the JSON of
    the examination and its injuries); still read to migrate such records to signatures."""
    signed = dataclasses.replace(
        exam, status="signed", signed_at=None, signed_by=None, content_sha256=None, addenda=()
    )
    canonical = json.dumps(encode(signed), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def mark_signed(db: Database, exam_id: str, signed_by: str, digest: str) -> dt.datetime:
    at = now_utc()
    db.execute(
        "UPDATE examinations SET status = 'signed', signed_at = ?, signed_by = ?, "
        "content_sha256 = ?, updated_at = ? WHERE id = ? AND status = 'draft'",
        (iso(at), signed_by, digest, iso(at), exam_id),
    )
    return at


def addenda_of(db: Database, exam_id: str) -> list[Addendum]:
    patient_id = sealing.patient_of_exam(db, exam_id)
    return [
        Addendum(
            id=r[0],
            examination_id=r[1],
            author_id=r[2],
            created_at=dt.datetime.fromisoformat(r[3]),
            text=sealing.text_out(db, patient_id, "addenda", r[0], "text", r[4]),
        )
        for r in db.all(
            "SELECT id, examination_id, author_id, created_at, text FROM addenda "
            "WHERE examination_id = ? ORDER BY created_at",
            (exam_id,),
        )
    ]


def add_addendum(db: Database, exam_id: str, author_id: str, text: str) -> Addendum:
    a = Addendum(
        id=str(uuid.uuid4()),
        examination_id=exam_id,
        author_id=author_id,
        created_at=now_utc(),
        text=text,
    )
    db.execute(
        "INSERT INTO addenda (id, examination_id, author_id, created_at, text) VALUES (?,?,?,?,?)",
        (
            a.id,
            a.examination_id,
            a.author_id,
            iso(a.created_at),
            sealing.text_in(db, sealing.patient_of_exam(db, exam_id), "addenda", a.id, "text", a.text),
        ),
    )
    return a


def add_disclosure_basis(
    db: Database, exam_id: str, basis: LegalBasis, decided_by: str, reference: str, note: str
) -> DisclosureBasis:
    d = DisclosureBasis(
        id=str(uuid.uuid4()),
        examination_id=exam_id,
        basis=basis,
        decided_by=decided_by,
        decided_at=now_utc(),
        reference=reference,
        note=note,
    )
    db.execute(
        "INSERT INTO disclosure_bases (id, examination_id, basis, decided_by, decided_at, "
        "reference, note) VALUES (?,?,?,?,?,?,?)",
        (d.id, exam_id, basis.code, decided_by, iso(d.decided_at), reference, note),
    )
    return d


def disclosure_bases_of(db: Database, exam_id: str) -> list[DisclosureBasis]:
    return [
        DisclosureBasis(
            id=r[0],
            examination_id=r[1],
            basis=LegalBasis(r[2]),
            decided_by=r[3],
            decided_at=dt.datetime.fromisoformat(r[4]),
            reference=r[5],
            note=r[6],
        )
        for r in db.all(
            "SELECT id, examination_id, basis, decided_by, decided_at, reference, note "
            "FROM disclosure_bases WHERE examination_id = ? ORDER BY decided_at",
            (exam_id,),
        )
    ]


# ----- lists ------------------------------------------------------------------------------------
SUMMARY_SELECT = (
    "SELECT e.id, e.case_ref, p.id, p.name, p.id_value, p.id_kind, p.protection, e.status, "
    "a.username, e.created_at, e.signed_at, e.follow_up_of "
    "FROM examinations e JOIN patients p ON p.id = e.patient_id "
    "JOIN accounts a ON a.id = e.examiner_id "
)


def summary(row: tuple[Any, ...], cipher: FieldCipher | None = None) -> SummaryRow:
    name, id_value, _ = open_identity(str(row[2]), str(row[3]), str(row[4]), None, cipher)
    kind = str(row[5])
    masked = id_value[:9] + "••••" if kind != "reservnummer" else "•" * min(len(id_value), 8)
    if id_value == LOCKED_ID:
        masked = LOCKED_ID
    # A row altered by raw SQL past reading (a date that is no date, an unknown protection level) is
    # listed all the same, marked damaged, and never stops the rest of the list from showing; a level
    # that cannot be read is shown as the strictest.
    created_at, signed_at = _when(row[9]), _when(row[10]) if row[10] else None
    try:
        level = Protection(row[6])
    except ValueError:
        level = Protection.SKYDDAD_FOLKBOKFORING
    damaged = created_at is None or (row[10] and signed_at is None) or level.code != row[6]
    return SummaryRow(
        examination_id=row[0],
        case_ref=row[1],
        patient_id=row[2],
        patient_name=name,
        personal_id_masked=masked,
        protection=level,
        status=row[7],
        examiner_username=row[8],
        created_at=created_at or dt.datetime(1970, 1, 1, tzinfo=dt.UTC),
        signed_at=signed_at,
        follow_up_of=row[11],
        extra={"damaged": True} if damaged else {},
    )


def _when(value: Any) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None
