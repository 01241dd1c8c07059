"""Repository: photo records, their bytes (original, preview, thumbnail) and links to injuries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from injurydoc.domain.models import PhotoRecord
from injurydoc.domain.vocab import PhotoRole
from injurydoc.store import protected as sealing
from injurydoc.store.audit import iso
from injurydoc.store.database import Database

_COLS = (
    "id, examination_id, number, sha256, original_name, size, media_type, width, height, captured_at, "
    "camera, orientation, has_gps, role, caption, imported_by, imported_at, file_time, decode_warning"
)
BLOB_TABLES = {"original": "photo_originals", "preview": "photo_previews", "thumbnail": "photo_thumbnails"}


def _record(db: Database, row: tuple[Any, ...], links: dict[str, list[str]] | None = None) -> PhotoRecord:
    if links is None:
        injury_ids = tuple(
            r[0]
            for r in db.all(
                "SELECT injury_id FROM photo_injuries WHERE photo_id = ? ORDER BY injury_id", (row[0],)
            )
        )
    else:
        injury_ids = tuple(sorted(links.get(row[0], [])))
    patient_id = sealing.patient_of_exam(db, str(row[1]))
    return PhotoRecord(
        id=row[0],
        examination_id=row[1],
        number=int(row[2]),
        sha256=row[3],
        original_name=sealing.text_out(db, patient_id, "photos", row[0], "original_name", row[4]),
        size=int(row[5]),
        media_type=row[6],
        width=int(row[7]),
        height=int(row[8]),
        captured_at=row[9],
        camera=row[10],
        orientation=row[11],
        has_gps=bool(row[12]),
        role=PhotoRole(row[13]) if row[13] else None,
        caption=sealing.text_out(db, patient_id, "photos", row[0], "caption", row[14]),
        imported_by=row[15],
        imported_at=dt.datetime.fromisoformat(row[16]),
        injury_ids=injury_ids,
        file_time=row[17],
        decode_warning=row[18] or "",
    )


def insert(db: Database, rec: PhotoRecord, *, original: bytes, preview: bytes, thumbnail: bytes) -> None:
    patient_id = sealing.patient_of_exam(db, rec.examination_id)
    db.execute(
        f"INSERT INTO photos ({_COLS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            rec.id,
            rec.examination_id,
            rec.number,
            rec.sha256,
            sealing.text_in(db, patient_id, "photos", rec.id, "original_name", rec.original_name),
            rec.size,
            rec.media_type,
            rec.width,
            rec.height,
            rec.captured_at,
            rec.camera,
            rec.orientation,
            int(rec.has_gps),
            rec.role.code if rec.role else None,
            sealing.text_in(db, patient_id, "photos", rec.id, "caption", rec.caption),
            rec.imported_by,
            iso(rec.imported_at),
            rec.file_time,
            rec.decode_warning,
        ),
    )
    for kind, data in (("original", original), ("preview", preview), ("thumbnail", thumbnail)):
        insert_blob(db, patient_id, rec.id, kind, data)


def insert_blob(db: Database, patient_id: str | None, photo_id: str, kind: str, data: bytes) -> None:
    """One of a photo's parts, in the caller's transaction (a photo is whole only with all three)."""
    table = BLOB_TABLES[kind]
    stored = sealing.bytes_in(db, patient_id, table, photo_id, "data", data)
    db.execute(f"INSERT INTO {table} (photo_id, data) VALUES (?, ?)", (photo_id, stored))


def next_number(db: Database, exam_id: str) -> int:
    """One more than any number a photo of the examination has had: a removed photo's number is never
    given to another (store version 17)."""
    return int(
        db.scalar(
            "SELECT coalesce(max(number), 0) + 1 FROM (SELECT number FROM photos WHERE examination_id = ?"
            " UNION ALL SELECT number FROM photo_numbers_retired WHERE examination_id = ?)",
            (exam_id, exam_id),
        )
    )


def retire_number(db: Database, exam_id: str, number: int) -> None:
    """A photo removed from a draft: its number stays taken (in the caller's transaction)."""
    db.execute(
        "INSERT OR IGNORE INTO photo_numbers_retired (examination_id, number) VALUES (?, ?)",
        (exam_id, number),
    )


def by_hash(db: Database, exam_id: str, sha256: str) -> str | None:
    value = db.scalar("SELECT id FROM photos WHERE examination_id = ? AND sha256 = ?", (exam_id, sha256))
    return None if value is None else str(value)


def get(db: Database, photo_id: str) -> PhotoRecord | None:
    row = db.one(f"SELECT {_COLS} FROM photos WHERE id = ?", (photo_id,))
    return None if row is None else _record(db, row)


def of_examination(db: Database, exam_id: str) -> list[PhotoRecord]:
    links: dict[str, list[str]] = {}
    for pid, iid in db.all(
        "SELECT pi.photo_id, pi.injury_id FROM photo_injuries pi JOIN photos p ON p.id = pi.photo_id "
        "WHERE p.examination_id = ?",
        (exam_id,),
    ):
        links.setdefault(pid, []).append(iid)
    rows = db.all(f"SELECT {_COLS} FROM photos WHERE examination_id = ? ORDER BY number", (exam_id,))
    return [_record(db, r, links) for r in rows]


def blob(db: Database, photo_id: str, kind: str) -> bytes | None:
    value = db.scalar(f"SELECT data FROM {BLOB_TABLES[kind]} WHERE photo_id = ?", (photo_id,))
    if value is None:
        return None
    exam_id = db.scalar("SELECT examination_id FROM photos WHERE id = ?", (photo_id,))
    patient_id = None if exam_id is None else sealing.patient_of_exam(db, str(exam_id))
    return sealing.bytes_out(db, patient_id, BLOB_TABLES[kind], photo_id, "data", bytes(value))


def thumbnails(db: Database, exam_id: str) -> dict[str, bytes]:
    """The thumbnails this account can see (a protected person's only with their key)."""
    patient_id = sealing.patient_of_exam(db, exam_id)
    out: dict[str, bytes] = {}
    for r in db.all(
        "SELECT t.photo_id, t.data FROM photo_thumbnails t JOIN photos p ON p.id = t.photo_id "
        "WHERE p.examination_id = ? ORDER BY p.number",
        (exam_id,),
    ):
        data = sealing.bytes_out(db, patient_id, "photo_thumbnails", str(r[0]), "data", bytes(r[1]))
        if data is not None:
            out[str(r[0])] = data
    return out


def set_role(db: Database, photo_id: str, role: PhotoRole | None) -> None:
    db.execute("UPDATE photos SET role = ? WHERE id = ?", (role.code if role else None, photo_id))


def set_caption(db: Database, photo_id: str, caption: str) -> None:
    exam_id = db.scalar("SELECT examination_id FROM photos WHERE id = ?", (photo_id,))
    patient_id = None if exam_id is None else sealing.patient_of_exam(db, str(exam_id))
    stored = sealing.text_in(db, patient_id, "photos", photo_id, "caption", caption)
    db.execute("UPDATE photos SET caption = ? WHERE id = ?", (stored, photo_id))


def set_links(db: Database, photo_id: str, injury_ids: tuple[str, ...]) -> None:
    db.execute("DELETE FROM photo_injuries WHERE photo_id = ?", (photo_id,))
    for iid in sorted(set(injury_ids)):
        db.execute("INSERT INTO photo_injuries (photo_id, injury_id) VALUES (?, ?)", (photo_id, iid))


def delete(db: Database, photo_id: str) -> None:
    db.execute("DELETE FROM photo_injuries WHERE photo_id = ?", (photo_id,))
    for table in BLOB_TABLES.values():
        db.execute(f"DELETE FROM {table} WHERE photo_id = ?", (photo_id,))
    db.execute("DELETE FROM photos WHERE id = ?", (photo_id,))
