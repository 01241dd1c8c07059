"""Unit mode: what a write through the services queues for the unit server (issue 16).

The one place that maps the cache's local records to the server's rows (the shapes
:mod:`injurydoc.sync.push` inserts).  Every function here is called **inside the store transaction of
the write it describes**, so the local record and its outbox entry commit together or not at all; in a
standalone store, a training store not of a training unit, and for a protected person, each does
nothing.

- a **patient** (``PatientService.create``): the server's ``patients`` row, identity as JSON;
- an **examination** (``ExaminationService.create``): its header row, then its first version;
- a **draft's content** (every change of fields, injuries, consents, photos): one version whose content
  is :func:`injurydoc.domain.canonical.canonical_dict` (content version 2) of the draft as stored now,
  with one ``injuries`` row per injury; a version not yet sent is rewritten in place
  (:meth:`~injurydoc.sync.outbox.Outbox.put_version`), so an hour of typing offline is one version;
- a **photo**: its row with its original bytes (the push uploads them resumably, checked by SHA-256);
- a **signature**: the final version, then the signature the examiner's personal key made over exactly
  that version's canonical bytes, under the key id the server registered for it
  (:func:`~injurydoc.services.unit_mode.connect_workstation`);
- an **addendum**: its canonical content, hash and signature.

Local ids are the server's ids: patients, examinations, photos and addenda get UUIDs when made, and
each cache's account id is the account's server id.  An injury row's id is derived from its version's
id and the local injury id (:func:`~injurydoc.sync.outbox.injury_row_id`).

**Protected persons** are queued like everyone else, and sent only as ciphertext under the person's
content key, with that key wrapped for every allowed account (:mod:`injurydoc.sync.sealed`, which
encrypts each record as it is sent).  The queued patient row of a protected person holds no identity (it
is read and encrypted at sending).  Only a protected person whose records are not sealed here (a cache
without personal keys) stays on this workstation: nothing of them is queued, never plain text.

**Identity, contact and protection changes** (:func:`patient_changed`) queue one ``patient_update``
(the server's ``update_patient()``), built from the person as stored when it is sent; a person's records
still queued move behind it, so the server learns a changed protection level before any record made
after it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import uuid
import weakref
from typing import TYPE_CHECKING, Any

from injurydoc.domain.canonical import canonical_dict
from injurydoc.services.unit_mode import UnitSettings
from injurydoc.store import canonical
from injurydoc.store import examinations as exam_repo
from injurydoc.store import photos as photos_repo
from injurydoc.store import record_signatures as sig_repo
from injurydoc.store.database import Database
from injurydoc.store.record_signatures import RecordSignature
from injurydoc.sync.outbox import Outbox, StoreConnection

if TYPE_CHECKING:
    from injurydoc.domain.models import Addendum, Examination, Patient, PhotoRecord
    from injurydoc.domain.vocab import AuditAction, AuditOutcome
    from injurydoc.services.session import Session

__all__ = [
    "addendum_added",
    "addendum_row",
    "case_ref_prefix",
    "co_handler_added",
    "draft_changed",
    "examination_created",
    "examination_row",
    "is_local_only",
    "log_row",
    "logged",
    "lookup_value",
    "patient_changed",
    "patient_created",
    "patient_row",
    "photo_added",
    "photo_removed",
    "photo_row",
    "put_version",
    "queued_payload",
    "signature_row",
    "signed",
    "workstation_tag",
]


#: database -> its unit settings, once found (they do not change while a store is open)
_SETTINGS: weakref.WeakKeyDictionary[Database, UnitSettings] = weakref.WeakKeyDictionary()


def _settings(s: Session, db: Database) -> UnitSettings | None:
    """The unit settings when this session's writes go to a server (unit mode; a training store only as
    the cache of a training unit)."""
    if s.is_training and _stays_local(s):
        return None
    found = _SETTINGS.get(s.db)
    if found is not None:
        return found
    from injurydoc.services import unit_mode

    settings = unit_mode.settings(db)
    if settings is not None:
        _SETTINGS[s.db] = settings
    return settings


def _stays_local(s: Session) -> bool:
    from injurydoc.services import unit_mode

    return unit_mode.stays_local(s)


def _outbox(db: Database) -> Outbox:
    return Outbox(StoreConnection(db))


def _wake(db: Database) -> None:
    from injurydoc.services import unit_sync

    db.after_commit(lambda: unit_sync.wake(db))


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


def is_local_only(db: Database, patient_id: str) -> bool:
    """A protected person whose records are not sealed here is never sent (see the module's note)."""
    from injurydoc.store import protected

    row = db.one("SELECT protection, name FROM patients WHERE id = ?", (patient_id,))
    if row is None:
        return True
    return str(row[0]) != "none" and not protected.is_sealed_text(row[1])


def lookup_value(unit_id: str, digits: str, fallback: str) -> str:
    """The server's keyed lookup value of an identity number (hex), the same for protected persons:
    ``find_patients`` names only those the caller may open.  The key is the unit's id, which every
    account knows (there is no unit-wide secret yet): it keeps the number out of the server's tables,
    but someone who reads the table (the owner, a superuser) and tries every plausible number can find a
    protected person's row (docs/server.md)."""
    text = digits or fallback
    return hmac.new(uuid.UUID(unit_id).bytes, text.encode("utf-8"), hashlib.sha256).hexdigest()


def case_ref_prefix(s: Session, prefix: str) -> str:
    """Case numbers are made on each workstation: in unit mode they carry a short tag of this
    workstation and account, so that two workstations never make the same number."""
    settings = _settings(s, s.db)
    if settings is None:
        return prefix
    from injurydoc.services import unit_mode

    return f"{prefix}-{workstation_tag(unit_mode.workstation_id(), settings.account_id)}"


def workstation_tag(workstation_id: str, account_id: str) -> str:
    """The tag of a workstation and account in the case numbers made there (six hex digits)."""
    return hashlib.sha256(f"{workstation_id}\n{account_id}".encode()).hexdigest()[:6].upper()


# ----- patients --------------------------------------------------------------------------------------------
def patient_created(s: Session, db: Database, patient: Patient) -> None:
    settings = _settings(s, db)
    if settings is None or is_local_only(db, patient.id):
        return
    row = patient_row(settings.unit_id, patient, settings.account_id)
    if patient.is_protected:  # the identity is read and encrypted as it is sent (sync/sealed.py)
        row |= {"protection": patient.protection.code, "identity": None}
    _outbox(db).add("patient", patient.id, row)
    _wake(db)


def patient_changed(s: Session, db: Database, patient_id: str) -> None:
    """The person's identity, contact details or protection level changed: one ``patient_update``
    (see the module's note).  Nothing when the person's row is still queued (it is built as stored when
    it is sent) or when the person stays on this workstation."""
    settings = _settings(s, db)
    if settings is None or is_local_only(db, patient_id):
        return
    ob = _outbox(db)
    if db.one("SELECT 1 FROM sync_outbox WHERE kind = 'patient' AND item_id = ?", (patient_id,)):
        return
    db.execute("DELETE FROM sync_outbox WHERE kind = 'patient_update' AND item_id = ?", (patient_id,))
    ob.add("patient_update", patient_id, {"id": patient_id, "unit_id": settings.unit_id})
    _queue_behind(db, patient_id)
    _wake(db)


def co_handler_added(s: Session, db: Database, patient_id: str, account_id: str) -> None:
    """The creator added a co-handler: a ``co_handler`` grant on the server, and (for a protected person)
    the content key wrapped for them as it is sent (sync/sealed.py)."""
    settings = _settings(s, db)
    if settings is None or is_local_only(db, patient_id):
        return
    payload = {
        "patient_id": patient_id,
        "account_id": account_id,
        "unit_id": settings.unit_id,
        "reason": "medhandläggare",
    }
    _outbox(db).add("co_handler", f"{patient_id}:{account_id}", payload)
    _wake(db)


def _queue_behind(db: Database, patient_id: str) -> None:
    """Move the person's queued records behind their ``patient_update``, in their order."""
    exams = {str(r[0]) for r in db.all("SELECT id FROM examinations WHERE patient_id = ?", (patient_id,))}
    rows = db.all(
        "SELECT seq, kind, item_id, payload, blob FROM sync_outbox"
        " WHERE kind IN ('examination', 'version', 'injury', 'photo', 'signature', 'addendum') ORDER BY seq"
    )
    versions: set[str] = set()
    for seq, kind, item, payload, blob in rows:
        body = json.loads(payload)
        if str(body.get("examination_id")) not in exams and str(body.get("version_id")) not in versions:
            continue
        if kind == "version":
            versions.add(str(item))
        db.execute("DELETE FROM sync_outbox WHERE seq = ?", (seq,))
        db.execute(
            "INSERT INTO sync_outbox (kind, item_id, payload, blob) VALUES (?, ?, ?, ?)",
            (kind, item, payload, blob),
        )


def patient_row(unit_id: str, patient: Patient, created_by: str) -> dict[str, Any]:
    """The server's ``patients`` row of a person without protection."""
    identity = {
        "name": patient.name,
        "id_kind": patient.personal_id.kind.code,
        "id_value": patient.personal_id.value,
        "sex": patient.sex.code,
        "guardian_is_threat": patient.guardian_is_threat,
    }
    return {
        "id": patient.id,
        "unit_id": unit_id,
        "protection": "none",
        "lookup": lookup_value(unit_id, patient.personal_id.digits, patient.personal_id.value),
        "identity": identity,
        "created_by": created_by,
    }


# ----- examinations ----------------------------------------------------------------------------------------
def examination_created(s: Session, db: Database, exam_id: str) -> None:
    settings = _settings(s, db)
    exam = exam_repo.get(db, exam_id)
    if settings is None or exam is None or is_local_only(db, exam.patient_id):
        return
    _outbox(db).add("examination", exam.id, examination_row(settings.unit_id, exam))
    _put_version(settings, db, exam_id)
    _wake(db)


def examination_row(unit_id: str, exam: Examination) -> dict[str, Any]:
    return {
        "id": exam.id,
        "unit_id": unit_id,
        "patient_id": exam.patient_id,
        "examiner_id": exam.examiner_id,
        "follow_up_of": exam.follow_up_of,
    }


def put_version(
    settings: UnitSettings, db: Database, exam_id: str, outbox: Outbox, version_id: str
) -> str | None:
    """Queue the examination's content as stored now into ``outbox`` as version ``version_id`` (moving a
    standalone store: services/store_import.py)."""
    return _put_version(settings, db, exam_id, outbox=outbox, version_id=version_id)


def _put_version(
    settings: UnitSettings,
    db: Database,
    exam_id: str,
    *,
    outbox: Outbox | None = None,
    version_id: str | None = None,
) -> str | None:
    """Queue the draft's content as it is stored now (see the module's note); returns the version id."""
    from injurydoc.services import unit_mode

    exam = exam_repo.get(db, exam_id)
    if exam is None:
        return None
    content = canonical_dict(exam, photos_repo.of_examination(db, exam_id))
    by_number = {i.number: i for i in exam.injuries}
    injuries = [
        {"local_id": by_number[part["number"]].id, "number": part["number"], "content": part}
        for part in content["injuries"]
    ]
    return (outbox or _outbox(db)).put_version(
        {
            "unit_id": settings.unit_id,
            "examination_id": exam_id,
            "author_id": settings.account_id,
            "workstation_id": unit_mode.workstation_id(),
            "client_saved_at": _now(),
            "content": content,
        },
        injuries,
        version_id=version_id,
    )


def draft_changed(s: Session, db: Database, exam_id: str) -> None:
    """A draft's content changed (fields, consents, injuries, photos' descriptions)."""
    settings = _settings(s, db)
    patient_id = exam_repo.patient_of(db, exam_id)
    if settings is None or patient_id is None or is_local_only(db, patient_id):
        return
    _put_version(settings, db, exam_id)
    _wake(db)


# ----- photos ----------------------------------------------------------------------------------------------
def photo_added(s: Session, db: Database, rec: PhotoRecord, original: bytes) -> None:
    settings = _settings(s, db)
    patient_id = exam_repo.patient_of(db, rec.examination_id)
    if settings is None or patient_id is None or is_local_only(db, patient_id):
        return
    _outbox(db).add("photo", rec.id, photo_row(settings.unit_id, rec, settings.account_id), original)
    _put_version(settings, db, rec.examination_id)
    _wake(db)


def photo_row(unit_id: str, rec: PhotoRecord, added_by: str) -> dict[str, Any]:
    metadata = {
        "original_name": rec.original_name,
        "size": rec.size,
        "media_type": rec.media_type,
        "width": rec.width,
        "height": rec.height,
        "captured_at": rec.captured_at,
        "camera": rec.camera,
        "orientation": rec.orientation,
        "has_gps": rec.has_gps,
        "file_time": rec.file_time,
        "decode_warning": rec.decode_warning,
        "imported_at": rec.imported_at.isoformat(),
    }
    return {
        "id": rec.id,
        "unit_id": unit_id,
        "examination_id": rec.examination_id,
        "number": rec.number,
        "sha256": rec.sha256,
        "added_by": added_by,
        "metadata": metadata,
    }


def photo_removed(s: Session, db: Database, photo_id: str, exam_id: str) -> None:
    """A photo removed from a draft: not sent when still queued; the draft's next version leaves it out
    (a photo row on the server is never deleted; the version's content names the photos it has)."""
    settings = _settings(s, db)
    if settings is None:
        return
    db.execute("DELETE FROM sync_outbox WHERE kind = 'photo' AND item_id = ?", (photo_id,))
    draft_changed(s, db, exam_id)


# ----- signing and addenda ---------------------------------------------------------------------------------
def signed(s: Session, db: Database, exam_id: str) -> None:
    """The examiner signed: the final version, then the signature over exactly its canonical bytes."""
    settings = _settings(s, db)
    patient_id = exam_repo.patient_of(db, exam_id)
    if settings is None or patient_id is None or is_local_only(db, patient_id):
        return
    sig = sig_repo.of_examination(db, exam_id).get(exam_id)
    if sig is None:
        return
    version_id = _put_version(settings, db, exam_id)
    _outbox(db).add("signature", exam_id, signature_row(settings, sig, version_id))
    _wake(db)


def signature_row(settings: UnitSettings, sig: RecordSignature, version_id: str | None) -> dict[str, Any]:
    """The signature row: ``settings`` names the unit, the signer's account and signing key ids."""
    return {
        "examination_id": sig.examination_id,
        "unit_id": settings.unit_id,
        "version_id": version_id,
        "signer_id": settings.account_id,
        "key_id": settings.signing_key_id,
        "signed_at": sig.signed_at,
        "content_sha256": sig.content_sha256,
        "signature": sig.signature.hex(),
    }


def addendum_added(s: Session, db: Database, add: Addendum, exam_sha256: str) -> None:
    """An addendum with its signature over its canonical content, bound to ``exam_sha256``."""
    settings = _settings(s, db)
    patient_id = exam_repo.patient_of(db, add.examination_id)
    if settings is None or patient_id is None or is_local_only(db, patient_id):
        return
    sig = sig_repo.of_examination(db, add.examination_id).get(add.id)
    if sig is None:
        return
    _outbox(db).add("addendum", add.id, addendum_row(settings, add, exam_sha256, sig))
    _wake(db)


def addendum_row(
    settings: UnitSettings, add: Addendum, exam_sha256: str, sig: RecordSignature
) -> dict[str, Any]:
    """The addendum row: ``settings`` names the unit, the author's account and signing key ids."""
    return {
        "id": add.id,
        "unit_id": settings.unit_id,
        "examination_id": add.examination_id,
        "author_id": settings.account_id,
        "key_id": settings.signing_key_id,
        "written_at": add.created_at.isoformat(),
        "content": json.loads(canonical.addendum_content(add, exam_sha256)),
        "content_sha256": sig.content_sha256,
        "signature": sig.signature.hex(),
    }


# ----- the access log --------------------------------------------------------------------------------------
def logged(
    s: Session,
    seq: int,
    row_hash: str,
    action: AuditAction,
    outcome: AuditOutcome,
    patient_id: str | None,
    target: str,
    details: dict[str, Any] | None,
) -> None:
    """A row of this workstation's access log, for the unit's log on the server (``source = 'client'``):
    what was done here, also to cases read only from the cache, which the server never sees.  The local
    row's number and hash go along (``client_entry``), so that a row sent twice (a crash between the
    server's commit and the local delete) is recognised as one.  Details never hold patient data."""
    if not s.db.in_transaction:
        return
    settings = _settings(s, s.db)
    if settings is None:
        return
    from injurydoc.services import unit_mode

    _outbox(s.db).add(
        "log",
        f"{s.vault.store_id}:{seq}",
        log_row(
            settings.unit_id,
            settings.account_id,
            (s.vault.store_id, seq, row_hash),
            (action.code, outcome.code, patient_id, target, details),
            unit_mode.workstation_id(),
            _now(),
        ),
    )


def log_row(
    unit_id: str,
    account_id: str,
    entry: tuple[str, int, str],
    event: tuple[str, str, str | None, str, dict[str, Any] | None],
    workstation_id: str | None,
    client_at: str,
) -> dict[str, Any]:
    """A client row of the unit's access log: ``entry`` = (store id, local seq, local row hash),
    ``event`` = (action code, outcome code, patient id, target, details)."""
    store_id, seq, row_hash = entry
    action, outcome, patient_id, target, details = event
    client_entry = json.dumps({"store": store_id, "seq": seq, "hash": row_hash}, sort_keys=True)
    return {
        "unit_id": unit_id,
        "account_id": account_id or None,
        "source": "client",
        "action": action,
        "outcome": outcome,
        "patient_id": _uuid_or_none(patient_id),
        "target": target[:200],
        "details": details or {},
        "workstation_id": workstation_id,
        "client_at": client_at,
        "client_entry": client_entry.encode().hex(),
    }


def _uuid_or_none(value: str | None) -> str | None:
    try:
        return None if value is None else str(uuid.UUID(value))
    except ValueError:
        return None


def queued_payload(db: Database, kind: str, item_id: str) -> dict[str, Any] | None:
    """The payload queued for a record (tests and the status page)."""
    row = db.one("SELECT payload FROM sync_outbox WHERE kind = ? AND item_id = ?", (kind, item_id))
    return None if row is None else json.loads(row[0])
