"""Repository: patients, their contact details and access grants."""

from __future__ import annotations

import datetime as dt
import unicodedata
import uuid
from typing import Any

from injurydoc.domain.identity import PersonalId
from injurydoc.domain.models import LOCKED_NAME, ContactDetail, Grant, Patient
from injurydoc.domain.vocab import IdKind, Protection, Sex
from injurydoc.store.audit import iso, now_utc
from injurydoc.store.database import Database
from injurydoc.store.protected import FieldCipher, is_sealed_text

#: what is shown of a protected person to an account that holds no key of theirs (LOCKED_NAME: the name)
LOCKED_ID = "••••••••"

COLS = (
    "p.id, p.id_kind, p.id_value, p.name, p.birth_date, p.sex, p.protection, "
    "p.guardian_is_threat, p.created_by, p.created_at"
)


def fold(text: str) -> str:
    """Case- and accent-insensitive form for search (å, ä, ö kept as distinct letters)."""
    text = unicodedata.normalize("NFC", text).casefold()
    return " ".join(text.split())


def open_identity(
    row_id: str, name: str, id_value: str, birth: str | None, cipher: FieldCipher | None
) -> tuple[str, str, str | None]:
    """Name, number and birth date of a row: opened with the person's key, or the locked forms."""
    if not is_sealed_text(name):
        return name, id_value, birth
    if cipher is None:
        return LOCKED_NAME, LOCKED_ID, None
    return (
        cipher.open_text("patients", row_id, "name", name),
        cipher.open_text("patients", row_id, "id_value", id_value),
        cipher.open_optional("patients", row_id, "birth_date", birth),
    )


def _patient(
    db: Database, row: tuple[Any, ...], *, with_contacts: bool, cipher: FieldCipher | None = None
) -> Patient:
    contacts: tuple[ContactDetail, ...] = ()
    if with_contacts:
        contacts = tuple(
            ContactDetail(kind=r[0], value=r[1])
            for r in db.all(
                "SELECT kind, value FROM patient_contacts WHERE patient_id = ? ORDER BY id",
                (row[0],),
            )
        )
    name, id_value, birth = open_identity(row[0], row[3], row[2], row[4], cipher)
    return Patient(
        id=row[0],
        personal_id=PersonalId(
            kind=IdKind(row[1]),
            value=id_value,
            birth_date=dt.date.fromisoformat(birth) if birth else None,
        ),
        name=name,
        birth_date=dt.date.fromisoformat(birth) if birth else None,
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
    patient_id: str | None = None,
    cipher: FieldCipher | None = None,
    lookup: str | None = None,
) -> str:
    """A new patient; with ``cipher`` (a protected person) the identifying fields are stored sealed and
    the number only as its keyed ``lookup`` value."""
    patient_id = patient_id or str(uuid.uuid4())
    now = iso(now_utc())
    birth = personal_id.birth_date.isoformat() if personal_id.birth_date else None
    id_value, digits, name_fold = personal_id.value, personal_id.digits, fold(name)
    if cipher is not None:
        id_value = cipher.seal_text("patients", patient_id, "id_value", id_value)
        birth = cipher.seal_optional("patients", patient_id, "birth_date", birth)
        name = cipher.seal_text("patients", patient_id, "name", name)
        digits = name_fold = ""
    db.execute(
        "INSERT INTO patients (id, id_kind, id_value, id_digits, name, name_fold, birth_date, sex, "
        "protection, guardian_is_threat, created_by, created_at, updated_at, id_lookup) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            patient_id,
            personal_id.kind.code,
            id_value,
            digits,
            name,
            name_fold,
            birth,
            sex.code,
            protection.code,
            int(guardian_is_threat),
            created_by,
            now,
            now,
            lookup,
        ),
    )
    return patient_id


def is_sealed(db: Database, patient_id: str) -> bool:
    return is_sealed_text(db.scalar("SELECT name FROM patients WHERE id = ?", (patient_id,)))


def unseal_identity(db: Database, patient_id: str, cipher: FieldCipher) -> bool:
    """Store a person's identifying fields in the clear again (the protection was lifted)."""
    row = db.one("SELECT name, id_value, birth_date, id_kind FROM patients WHERE id = ?", (patient_id,))
    if row is None or not is_sealed_text(row[0]):
        return False
    name, id_value, birth = open_identity(patient_id, str(row[0]), str(row[1]), row[2], cipher)
    digits = id_value.replace("-", "") if row[3] != IdKind.RESERVNUMMER.code else ""
    db.execute(
        "UPDATE patients SET name = ?, name_fold = ?, id_value = ?, id_digits = ?, birth_date = ?, "
        "id_lookup = NULL WHERE id = ?",
        (name, fold(name), id_value, digits, birth, patient_id),
    )
    return True


def seal_identity(db: Database, patient_id: str, cipher: FieldCipher, lookup: str | None) -> bool:
    """Encrypt a stored person's identifying fields in place (a person who became protected, or a store
    from before).  False when they already are sealed."""
    row = db.one("SELECT name, id_value, birth_date FROM patients WHERE id = ?", (patient_id,))
    if row is None or is_sealed_text(row[0]):
        return False
    db.execute(
        "UPDATE patients SET name = ?, name_fold = '', id_value = ?, id_digits = '', birth_date = ?, "
        "id_lookup = ? WHERE id = ?",
        (
            cipher.seal_text("patients", patient_id, "name", str(row[0])),
            cipher.seal_text("patients", patient_id, "id_value", str(row[1])),
            cipher.seal_optional("patients", patient_id, "birth_date", row[2]),
            lookup,
            patient_id,
        ),
    )
    return True


def by_id(
    db: Database, patient_id: str, *, with_contacts: bool = True, cipher: FieldCipher | None = None
) -> Patient | None:
    row = db.one(f"SELECT {COLS} FROM patients p WHERE p.id = ?", (patient_id,))
    return None if row is None else _patient(db, row, with_contacts=with_contacts, cipher=cipher)


def row_to_patient(db: Database, row: tuple[Any, ...], cipher: FieldCipher | None = None) -> Patient:
    return _patient(db, row, with_contacts=False, cipher=cipher)


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


def update_identity(
    db: Database, patient_id: str, *, name: str, sex: Sex, cipher: FieldCipher | None = None
) -> None:
    name_fold = fold(name)
    if cipher is not None:
        name, name_fold = cipher.seal_text("patients", patient_id, "name", name), ""
    db.execute(
        "UPDATE patients SET name = ?, name_fold = ?, sex = ?, updated_at = ? WHERE id = ?",
        (name, name_fold, sex.code, iso(now_utc()), patient_id),
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
