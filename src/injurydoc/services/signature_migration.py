"""Records signed before signatures existed: at a unit manager's sign-in the program signs each signed
examination (and its addenda) whose stored content hash is still intact, with that manager's key and a
``migrated_from`` marker naming the hash's date — never pretending the examiner signed it then.  A record
whose hash no longer matches is left unsigned (so it shows as broken) and the refusal is logged."""

from __future__ import annotations

from injurydoc.domain.canonical import ADDENDUM_VERSION
from injurydoc.domain.models import Examination
from injurydoc.domain.vocab import AuditAction, AuditOutcome
from injurydoc.services.session import Session
from injurydoc.store import canonical
from injurydoc.store import examinations as exam_repo
from injurydoc.store import photos as photos_repo
from injurydoc.store import record_signatures as sig_repo
from injurydoc.store.audit import iso, now_utc
from injurydoc.store.database import Database
from injurydoc.store.personal_keys import PersonalKeys


def migrate_unsigned(s: Session) -> int:
    """Sign, with this unit manager's key and a "migrated" marker, every signed examination and addendum
    that has no signature yet and whose stored content hash is intact.  A record whose hash no longer
    matches is left unsigned (and so shows as broken) and the refusal is logged.  Returns how many."""
    keys = s.keys
    if keys is None:
        return 0
    ids = [
        str(r[0])
        for r in s.db.all(
            "SELECT id FROM examinations WHERE status = 'signed' "
            "AND id NOT IN (SELECT record_id FROM record_signatures)"
        )
    ]
    done = 0
    for exam_id in ids:
        exam = exam_repo.get(s.db, exam_id)
        if exam is None:
            continue
        with s.transaction() as db:
            if exam.content_sha256 != exam_repo.legacy_content_hash(exam):
                _log_refusal(s, exam)
                continue
            _sign_migrated(s, db, keys, exam)
        done += 1
    return done


def _log_refusal(s: Session, exam: Examination) -> None:
    """A record whose stored hash no longer matches is not signed: the refusal goes to the access log."""
    s.audit(
        AuditAction.SIGNED,
        outcome=AuditOutcome.DENIED,
        patient_id=exam.patient_id,
        target=f"examination:{exam.id}",
        details={"event": "signature_migration_refused", "reason": "content hash does not match"},
    )


def _sign_migrated(s: Session, db: Database, keys: PersonalKeys, exam: Examination) -> None:
    """Sign the examination's content and each addendum's with this manager's key, marked as migrated
    from the date of the stored hash, and log it."""
    since = (exam.signed_at or exam.created_at).date().isoformat()
    photos = photos_repo.of_examination(db, exam.id)
    content = canonical.examination_content(exam, photos)
    digest = canonical.sha256(content)
    at = iso(now_utc())
    sig_repo.insert(
        db,
        sig_repo.RecordSignature(
            exam.id,
            "examination",
            exam.id,
            s.account.id,
            keys.generation,
            canonical.VERSION,
            digest,
            at,
            keys.sign(content),
            since,
        ),
    )
    for add in exam.addenda:
        a_content = canonical.addendum_content(add, digest)
        sig_repo.insert(
            db,
            sig_repo.RecordSignature(
                add.id,
                "addendum",
                exam.id,
                s.account.id,
                keys.generation,
                ADDENDUM_VERSION,
                canonical.sha256(a_content),
                at,
                keys.sign(a_content),
                add.created_at.date().isoformat(),
            ),
        )
    s.audit(
        AuditAction.SIGNED,
        patient_id=exam.patient_id,
        target=f"examination:{exam.id}",
        details={"event": "signature_migrated", "content_sha256_from": since},
    )


__all__ = ["migrate_unsigned"]
