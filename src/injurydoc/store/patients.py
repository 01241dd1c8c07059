"""Repository: patients, their contact details and access grants."""

from __future__ import annotations

import datetime as dt
import unicodedata
import uuid
from typing import Any

from injurydoc.domain.identity import PersonalId
from injurydoc.domain.models import ContactDetail, Grant, Patient
from injurydoc.domain.vocab import IdKind, Protection, Sex
from injurydoc.store.audit import iso, now_utc
from injurydoc.store.database import Database

COLS = (
    "p.id, p.id_kind, p.id_value, p.name, p.birth_date, p.sex, p.protection, "
    "p.guardian_is_threat, p.created_by, p.created_at"
)


def fold(text: str) -> str:
    """Case- and accent-insensitive form for search (å, ä, ö kept as distinct letters)."""
    text = unicodedata.normalize("NFC", text).casefold()
    return " ".join(text.split())


def _patient(db: Database, row: tuple[Any, ...], *, with_contacts: bool) -> Patient:
    contacts: tuple[ContactDetail, ...] = ()
    if with_contacts:
        contacts = tuple(
            ContactDetail(kind=r[0], value=r[1])
            for r in db.all(
                "SELECT kind, value FROM patient_contacts WHERE patient_id = ? ORDER BY id",
                (row[0],),
            )
        )
    return Patient(
        id=row[0],
        personal_id=PersonalId(
            kind=IdKind(row[1]),
            value=row[2],
            birth_date=dt.date.fromisoformat(row[4]) if row[4] else None,
        ),
        name=row[3],
        birth_date=dt.date.fromisoformat(row[4]) if row[4] else None,
        sex=Sex(row[5]),
        protection=Protection(row[6]),
        guardian_is_threat=bool(row[7]),
        created_by=row[8],
        created_at=dt.datetime.fromisoformat(row[9]),
        contacts=contacts,
    )


def insert(
    db: Database,
    *,
    personal_id: PersonalId,
    name: str,
    sex: Sex,
    protection: Protection,
    guardian_is_threat: bool,
    created_by: str,
) -> str:
    patient_id = str(uuid.uuid4())
    now = iso(now_utc())
    db.execute(
        "INSERT INTO patients (id, id_kind, id_value, id_digits, name, name_fold, birth_date, sex, "
        "protection, guardian_is_threat, created_by, created_at, updated_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            patient_id,
            personal_id.kind.code,
            personal_id.value,
            personal_id.digits,
            name,
            fold(name),
            personal_id.birth_date.isoformat() if personal_id.birth_date else None,
            sex.code,
            protection.code,
            int(guardian_is_threat),
            created_by,
            now,
            now,
        ),
    )
    return patient_id


def by_id(db: Database, patient_id: str, *, with_contacts: bool = True) -> Patient | None:
    row = db.one(f"SELECT {COLS} FROM patients p WHERE p.id = ?", (patient_id,))
    return None if row is None else _patient(db, row, with_contacts=with_contacts)


def row_to_patient(db: Database, row: tuple[Any, ...]) -> Patient:
    return _patient(db, row, with_contacts=False)


def set_protection(db: Database, patient_id: str, protection: Protection, guardian_is_threat: bool) -> int:
    """Change the protection; contact details no longer allowed are removed (secure_delete is on).

    Returns how many contact details were removed.
    """
    removed = 0
    if protection.is_protected:
        removed = int(db.scalar("SELECT count(*) FROM patient_contacts WHERE patient_id = ?", (patient_id,)))
        db.execute("DELETE FROM patient_contacts WHERE patient_id = ?", (patient_id,))
    elif guardian_is_threat:
        removed = int(
            db.scalar(
                "SELECT count(*) FROM patient_contacts WHERE patient_id = ? AND kind IN "
                "('next_of_kin', 'guardian', 'relative', 'school')",
                (patient_id,),
            )
        )
        db.execute(
            "DELETE FROM patient_contacts WHERE patient_id = ? AND kind IN "
            "('next_of_kin', 'guardian', 'relative', 'school')",
            (patient_id,),
        )
    db.execute(
        "UPDATE patients SET protection = ?, guardian_is_threat = ?, updated_at = ? WHERE id = ?",
        (protection.code, int(guardian_is_threat), iso(now_utc()), patient_id),
    )
    return removed


def update_identity(db: Database, patient_id: str, *, name: str, sex: Sex) -> None:
    db.execute(
        "UPDATE patients SET name = ?, name_fold = ?, sex = ?, updated_at = ? WHERE id = ?",
        (name, fold(name), sex.code, iso(now_utc()), patient_id),
    )


def add_contact(db: Database, patient_id: str, contact: ContactDetail) -> None:
    db.execute(
        "INSERT INTO patient_contacts (patient_id, kind, value) VALUES (?, ?, ?)",
        (patient_id, contact.kind, contact.value),
    )


def grants_for(db: Database, patient_id: str) -> list[Grant]:
    return [
        Grant(
            patient_id=r[0],
            account_id=r[1],
            kind=r[2],
            granted_by=r[3],
            granted_at=dt.datetime.fromisoformat(r[4]),
            reason=str(r[5]),
            expires_on=dt.date.fromisoformat(r[6]) if r[6] else None,
        )
        for r in db.all(
            "SELECT patient_id, account_id, kind, granted_by, granted_at, reason, expires_on "
            "FROM access_grants "
            "WHERE patient_id = ? ORDER BY granted_at",
            (patient_id,),
        )
    ]


def add_grant(
    db: Database,
    patient_id: str,
    account_id: str,
    kind: str,
    granted_by: str,
    *,
    reason: str = "",
    expires_on: dt.date | None = None,
) -> None:
    """A new grant; granting again renews a manager's grant (new reason and end date)."""
    update = (
        "DO UPDATE SET reason = excluded.reason, expires_on = excluded.expires_on, "
        "granted_by = excluded.granted_by, granted_at = excluded.granted_at WHERE kind = 'grant'"
        if kind == "grant"
        else "DO NOTHING"
    )
    db.execute(
        "INSERT INTO access_grants "
        "(patient_id, account_id, kind, granted_by, granted_at, reason, expires_on) "
        f"VALUES (?,?,?,?,?,?,?) ON CONFLICT (patient_id, account_id) {update}",
        (
            patient_id,
            account_id,
            kind,
            granted_by,
            iso(now_utc()),
            reason,
            expires_on.isoformat() if expires_on else None,
        ),
    )


def remove_grant(db: Database, patient_id: str, account_id: str) -> bool:
    cur = db.execute(
        "DELETE FROM access_grants WHERE patient_id = ? AND account_id = ?",
        (patient_id, account_id),
    )
    return bool(cur.rowcount)


#: SQL condition (alias ``p`` for patients) under which account ``?`` may see the patient.
#: A grant works through its end date (local calendar day); NULL: no end (co-handlers).
GRANT_VALID = "(g.expires_on IS NULL OR g.expires_on >= date('now', 'localtime'))"

VISIBLE_TO = (
    "(p.protection = 'none' OR p.created_by = ? OR EXISTS (SELECT 1 FROM access_grants g "
    f"WHERE g.patient_id = p.id AND g.account_id = ? AND {GRANT_VALID}))"
)
