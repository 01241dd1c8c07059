"""Repository: the signature each signed examination and addendum got at the moment it was signed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from injurydoc.store.database import Database


@dataclass(frozen=True, slots=True)
class RecordSignature:
    record_id: str
    kind: str  # "examination" | "addendum"
    examination_id: str
    signer: str  # account id whose personal key signed (or the unit manager's, when migrated)
    generation: int  # which of the signer's key generations
    content_version: int  # store/canonical.py VERSION the content was made with
    content_sha256: str
    signed_at: str
    signature: bytes
    #: None when signed by its author at signing time; for a record signed before signatures existed,
    #: the date its stored content hash was made (the program's signature, made at migration).
    migrated_from: str | None = None


_COLS = (
    "record_id, kind, examination_id, signer, generation, content_version, content_sha256, signed_at, "
    "signature, migrated_from"
)


def _record(row: tuple[Any, ...]) -> RecordSignature:
    return RecordSignature(
        record_id=str(row[0]),
        kind=str(row[1]),
        examination_id=str(row[2]),
        signer=str(row[3]),
        generation=int(row[4]),
        content_version=int(row[5]),
        content_sha256=str(row[6]),
        signed_at=str(row[7]),
        signature=bytes(row[8]),
        migrated_from=None if row[9] is None else str(row[9]),
    )


def insert(db: Database, sig: RecordSignature) -> None:
    db.execute(
        f"INSERT INTO record_signatures ({_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            sig.record_id,
            sig.kind,
            sig.examination_id,
            sig.signer,
            sig.generation,
            sig.content_version,
            sig.content_sha256,
            sig.signed_at,
            sig.signature,
            sig.migrated_from,
        ),
    )


def of_examination(db: Database, exam_id: str) -> dict[str, RecordSignature]:
    """Every signature belonging to the examination (its own and its addenda's), by record id."""
    return {
        str(r[0]): _record(r)
        for r in db.all(f"SELECT {_COLS} FROM record_signatures WHERE examination_id = ?", (exam_id,))
    }


def count(db: Database) -> int:
    return int(db.scalar("SELECT count(*) FROM record_signatures") or 0)


__all__ = ["RecordSignature", "count", "insert", "of_examination"]
