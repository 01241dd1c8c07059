"""The schema as numbered migrations.  Each runs in one transaction and sets ``PRAGMA user_version``.

Never edit a released migration; add a new one.  tests/test_migrations.py builds a store at every
earlier version and migrates it to the newest.
"""

from __future__ import annotations

from typing import Final


def _immutable(table: str, when: str, message: str, events: tuple[str, ...]) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_refuse_{ev.lower()} BEFORE {ev} ON {table} "
        f"WHEN {when.replace('ROW', 'NEW' if ev == 'INSERT' else 'OLD')} "
        f"BEGIN SELECT RAISE(ABORT, 'injurydoc: {message}'); END"
        for ev in events
    ]


_SIGNED = "(SELECT status FROM examinations WHERE id = ROW.examination_id) = 'signed'"

V1: Final[list[str]] = [
    """CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT""",
    # The store's identity and purpose (real/training) never change once written.
    """CREATE TRIGGER meta_fixed_update BEFORE UPDATE ON meta
        WHEN OLD.key IN ('store_id', 'purpose', 'created_at')
        BEGIN SELECT RAISE(ABORT, 'injurydoc: store identity and purpose are fixed'); END""",
    """CREATE TRIGGER meta_fixed_delete BEFORE DELETE ON meta
        WHEN OLD.key IN ('store_id', 'purpose', 'created_at')
        BEGIN SELECT RAISE(ABORT, 'injurydoc: store identity and purpose are fixed'); END""",
    """CREATE TABLE accounts (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        display_name TEXT NOT NULL,
        profession TEXT NOT NULL,
        hsa_id TEXT NOT NULL DEFAULT '',
        active INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        created_by TEXT,
        disabled_at TEXT
    ) STRICT""",
    """CREATE TABLE account_roles (
        account_id TEXT NOT NULL REFERENCES accounts(id),
        role TEXT NOT NULL,
        PRIMARY KEY (account_id, role)
    ) STRICT""",
    """CREATE TABLE patients (
        id TEXT PRIMARY KEY,
        id_kind TEXT NOT NULL,
        id_value TEXT NOT NULL,
        id_digits TEXT NOT NULL,
        name TEXT NOT NULL,
        name_fold TEXT NOT NULL,
        birth_date TEXT,
        sex TEXT NOT NULL,
        protection TEXT NOT NULL DEFAULT 'none',
        guardian_is_threat INTEGER NOT NULL DEFAULT 0,
        created_by TEXT NOT NULL REFERENCES accounts(id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    ) STRICT""",
    "CREATE INDEX patients_digits ON patients(id_digits)",
    "CREATE INDEX patients_name ON patients(name_fold)",
    "CREATE INDEX patients_protection ON patients(protection, created_by)",
    """CREATE TABLE patient_contacts (
        id INTEGER PRIMARY KEY,
        patient_id TEXT NOT NULL REFERENCES patients(id),
        kind TEXT NOT NULL,
        value TEXT NOT NULL
    ) STRICT""",
    "CREATE INDEX patient_contacts_patient ON patient_contacts(patient_id)",
    # Belt and braces under the service's own check: never contact details for a protected person,
    # never guardian-side contacts for a child whose guardian is the threat.
    """CREATE TRIGGER contacts_refuse_protected BEFORE INSERT ON patient_contacts
        WHEN (SELECT protection FROM patients WHERE id = NEW.patient_id) <> 'none'
        BEGIN SELECT RAISE(ABORT, 'injurydoc: no contact details for a protected person'); END""",
    """CREATE TRIGGER contacts_refuse_guardian_threat BEFORE INSERT ON patient_contacts
        WHEN NEW.kind IN ('next_of_kin', 'guardian', 'relative', 'school')
         AND (SELECT guardian_is_threat FROM patients WHERE id = NEW.patient_id) = 1
        BEGIN SELECT RAISE(ABORT, 'injurydoc: guardian is the threat'); END""",
    """CREATE TRIGGER patients_refuse_protect_with_contacts BEFORE UPDATE ON patients
        WHEN NEW.protection <> 'none'
         AND EXISTS (SELECT 1 FROM patient_contacts WHERE patient_id = NEW.id)
        BEGIN SELECT RAISE(ABORT, 'injurydoc: remove contact details first'); END""",
    """CREATE TABLE access_grants (
        patient_id TEXT NOT NULL REFERENCES patients(id),
        account_id TEXT NOT NULL REFERENCES accounts(id),
        kind TEXT NOT NULL CHECK (kind IN ('co_handler', 'grant')),
        granted_by TEXT NOT NULL REFERENCES accounts(id),
        granted_at TEXT NOT NULL,
        PRIMARY KEY (patient_id, account_id)
    ) STRICT""",
    "CREATE INDEX access_grants_account ON access_grants(account_id)",
    """CREATE TABLE examinations (
        id TEXT PRIMARY KEY,
        case_ref TEXT NOT NULL UNIQUE,
        patient_id TEXT NOT NULL REFERENCES patients(id),
        examiner_id TEXT NOT NULL REFERENCES accounts(id),
        unit TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('draft', 'signed')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        follow_up_of TEXT REFERENCES examinations(id),
        body TEXT NOT NULL,
        signed_at TEXT,
        signed_by TEXT REFERENCES accounts(id),
        content_sha256 TEXT
    ) STRICT""",
    "CREATE INDEX examinations_patient ON examinations(patient_id)",
    "CREATE INDEX examinations_examiner ON examinations(examiner_id, status, updated_at)",
    "CREATE INDEX examinations_updated ON examinations(updated_at)",
    """CREATE TRIGGER examinations_refuse_update BEFORE UPDATE ON examinations
        WHEN OLD.status = 'signed'
        BEGIN SELECT RAISE(ABORT, 'injurydoc: a signed examination is immutable'); END""",
    """CREATE TRIGGER examinations_refuse_delete BEFORE DELETE ON examinations
        WHEN OLD.status = 'signed'
        BEGIN SELECT RAISE(ABORT, 'injurydoc: a signed examination is immutable'); END""",
    """CREATE TABLE injuries (
        id TEXT PRIMARY KEY,
        examination_id TEXT NOT NULL REFERENCES examinations(id),
        number INTEGER NOT NULL,
        type TEXT NOT NULL,
        region TEXT NOT NULL,
        side TEXT NOT NULL,
        body TEXT NOT NULL,
        UNIQUE (examination_id, number)
    ) STRICT""",
    *_immutable("injuries", _SIGNED, "a signed examination is immutable", ("INSERT", "DELETE")),
    """CREATE TRIGGER injuries_refuse_update BEFORE UPDATE ON injuries
        WHEN (SELECT status FROM examinations WHERE id = OLD.examination_id) = 'signed'
          OR (SELECT status FROM examinations WHERE id = NEW.examination_id) = 'signed'
        BEGIN SELECT RAISE(ABORT, 'injurydoc: a signed examination is immutable'); END""",
    """CREATE TABLE addenda (
        id TEXT PRIMARY KEY,
        examination_id TEXT NOT NULL REFERENCES examinations(id),
        author_id TEXT NOT NULL REFERENCES accounts(id),
        created_at TEXT NOT NULL,
        text TEXT NOT NULL
    ) STRICT""",
    "CREATE INDEX addenda_examination ON addenda(examination_id)",
    """CREATE TRIGGER addenda_refuse_update BEFORE UPDATE ON addenda
        BEGIN SELECT RAISE(ABORT, 'injurydoc: an addendum cannot be changed'); END""",
    """CREATE TRIGGER addenda_refuse_delete BEFORE DELETE ON addenda
        BEGIN SELECT RAISE(ABORT, 'injurydoc: an addendum cannot be changed'); END""",
    """CREATE TABLE disclosure_bases (
        id TEXT PRIMARY KEY,
        examination_id TEXT NOT NULL REFERENCES examinations(id),
        basis TEXT NOT NULL,
        decided_by TEXT NOT NULL REFERENCES accounts(id),
        decided_at TEXT NOT NULL,
        reference TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT ''
    ) STRICT""",
    """CREATE TRIGGER disclosure_bases_refuse_update BEFORE UPDATE ON disclosure_bases
        BEGIN SELECT RAISE(ABORT, 'injurydoc: a recorded legal basis cannot be changed'); END""",
    """CREATE TRIGGER disclosure_bases_refuse_delete BEFORE DELETE ON disclosure_bases
        BEGIN SELECT RAISE(ABORT, 'injurydoc: a recorded legal basis cannot be changed'); END""",
    """CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        account_id TEXT,
        username TEXT NOT NULL,
        unit TEXT NOT NULL,
        action TEXT NOT NULL,
        outcome TEXT NOT NULL,
        patient_id TEXT,
        target TEXT NOT NULL,
        details TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    ) STRICT""",
    "CREATE INDEX audit_log_patient ON audit_log(patient_id, seq)",
    "CREATE INDEX audit_log_account ON audit_log(account_id, seq)",
    "CREATE INDEX audit_log_at ON audit_log(at)",
    """CREATE TRIGGER audit_log_refuse_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'injurydoc: the access log cannot be changed'); END""",
    """CREATE TRIGGER audit_log_refuse_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'injurydoc: the access log cannot be changed'); END""",
]

_PHOTO_OF_SIGNED = (
    "(SELECT e.status FROM examinations e JOIN photos p ON p.examination_id = e.id "
    "WHERE p.id = ROW.photo_id) = 'signed'"
)

V2: Final[list[str]] = [
    # Searching by name or number walks examinations newest first; with patient_id in the index, rows
    # that do not match are rejected without reading (and decrypting) the examination itself.
    "CREATE INDEX examinations_updated_patient ON examinations(updated_at, patient_id)",
    "DROP INDEX examinations_updated",
    # Photographs.  Metadata here; the bytes in three tables of their own, so that listing photos or
    # reading thumbnails never pages through originals.
    """CREATE TABLE photos (
        id TEXT PRIMARY KEY,
        examination_id TEXT NOT NULL REFERENCES examinations(id),
        number INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        original_name TEXT NOT NULL,
        size INTEGER NOT NULL,
        media_type TEXT NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        captured_at TEXT,
        camera TEXT NOT NULL DEFAULT '',
        orientation INTEGER,
        has_gps INTEGER NOT NULL DEFAULT 0,
        role TEXT,
        caption TEXT NOT NULL DEFAULT '',
        imported_by TEXT NOT NULL REFERENCES accounts(id),
        imported_at TEXT NOT NULL,
        UNIQUE (examination_id, sha256),
        UNIQUE (examination_id, number)
    ) STRICT""",
    "CREATE INDEX photos_examination ON photos(examination_id, number)",
    """CREATE TABLE photo_originals (
        photo_id TEXT PRIMARY KEY REFERENCES photos(id),
        data BLOB NOT NULL
    ) STRICT""",
    """CREATE TABLE photo_previews (
        photo_id TEXT PRIMARY KEY REFERENCES photos(id),
        data BLOB NOT NULL
    ) STRICT""",
    """CREATE TABLE photo_thumbnails (
        photo_id TEXT PRIMARY KEY REFERENCES photos(id),
        data BLOB NOT NULL
    ) STRICT""",
    """CREATE TABLE photo_injuries (
        photo_id TEXT NOT NULL REFERENCES photos(id),
        injury_id TEXT NOT NULL REFERENCES injuries(id),
        PRIMARY KEY (photo_id, injury_id)
    ) STRICT""",
    "CREATE INDEX photo_injuries_injury ON photo_injuries(injury_id)",
    # Originals are never rewritten; derivatives neither.
    *[
        f"""CREATE TRIGGER {t}_refuse_update BEFORE UPDATE ON {t}
        BEGIN SELECT RAISE(ABORT, 'injurydoc: a stored photo is never rewritten'); END"""
        for t in ("photo_originals", "photo_previews", "photo_thumbnails")
    ],
    # A signed examination's photos, and their links to injuries, cannot change.
    *_immutable("photos", _SIGNED, "a signed examination is immutable", ("INSERT", "UPDATE", "DELETE")),
    *_immutable(
        "photo_injuries", _PHOTO_OF_SIGNED, "a signed examination is immutable", ("INSERT", "DELETE")
    ),
    *[
        _immutable(t, _PHOTO_OF_SIGNED, "a signed examination is immutable", ("DELETE",))[0]
        for t in ("photo_originals", "photo_previews", "photo_thumbnails")
    ],
]

V3: Final[list[str]] = [
    # Each account's signing means: a self-signed or CA-issued software key (in the OS keyring, or here
    # wrapped under the account's own password), or a smart card / token (PKCS#11 configuration only).
    """CREATE TABLE signing_keys (
        account_id TEXT PRIMARY KEY REFERENCES accounts(id),
        kind TEXT NOT NULL CHECK (kind IN ('self_signed', 'software', 'pkcs11')),
        key_location TEXT NOT NULL CHECK (key_location IN ('keyring', 'store', 'token')),
        wrapped_key BLOB,
        wrap_params TEXT,
        chain BLOB,
        csr TEXT,
        pkcs11 TEXT,
        created_at TEXT NOT NULL
    ) STRICT""",
    # Every release to the police: who, when, to whom, on what legal basis, and the package's hash.
    """CREATE TABLE exports (
        id TEXT PRIMARY KEY,
        examination_id TEXT NOT NULL REFERENCES examinations(id),
        exported_by TEXT NOT NULL REFERENCES accounts(id),
        exported_at TEXT NOT NULL,
        recipient TEXT NOT NULL,
        legal_basis_id TEXT NOT NULL REFERENCES disclosure_bases(id),
        package_name TEXT NOT NULL,
        package_sha256 TEXT NOT NULL,
        lang TEXT NOT NULL,
        signer TEXT NOT NULL,
        timestamped INTEGER NOT NULL
    ) STRICT""",
    "CREATE INDEX exports_examination ON exports(examination_id)",
    """CREATE TRIGGER exports_refuse_update BEFORE UPDATE ON exports
        BEGIN SELECT RAISE(ABORT, 'injurydoc: a recorded export cannot be changed'); END""",
    """CREATE TRIGGER exports_refuse_delete BEFORE DELETE ON exports
        BEGIN SELECT RAISE(ABORT, 'injurydoc: a recorded export cannot be changed'); END""",
]

V4: Final[list[str]] = [
    # The unit's own settings, edited by the unit manager: for now the local contacts printed on the
    # patient handout.  ``value`` is JSON; the key names a setting, never a patient.
    """CREATE TABLE unit_settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL REFERENCES accounts(id)
    ) STRICT""",
    # Documentation exercises (training stores only): the checked exercise file as it was loaded.
    """CREATE TABLE exercises (
        id TEXT PRIMARY KEY,
        title_sv TEXT NOT NULL,
        title_en TEXT NOT NULL,
        data BLOB NOT NULL,
        sha256 TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        imported_by TEXT REFERENCES accounts(id)
    ) STRICT""",
    """CREATE TRIGGER exercises_training_only BEFORE INSERT ON exercises
        WHEN (SELECT value FROM meta WHERE key = 'purpose') IS NOT 'training'
        BEGIN SELECT RAISE(ABORT, 'injurydoc: exercises belong in a training store'); END""",
    # Which examination is a trainee's attempt at which exercise.  The legal basis they chose for a
    # release is recorded like any other (disclosure_bases) and scored against the answer key.
    """CREATE TABLE exercise_attempts (
        examination_id TEXT PRIMARY KEY REFERENCES examinations(id),
        exercise_id TEXT NOT NULL REFERENCES exercises(id),
        trainee_id TEXT NOT NULL REFERENCES accounts(id),
        started_at TEXT NOT NULL
    ) STRICT""",
    "CREATE INDEX exercise_attempts_exercise ON exercise_attempts(exercise_id)",
    """CREATE TRIGGER exercise_attempts_training_only BEFORE INSERT ON exercise_attempts
        WHEN (SELECT value FROM meta WHERE key = 'purpose') IS NOT 'training'
        BEGIN SELECT RAISE(ABORT, 'injurydoc: exercises belong in a training store'); END""",
]

V5: Final[list[str]] = [
    # What intake learnt about a photo beyond its EXIF capture time: the file's own time (EXIF ModifyDate
    # or the file system's) when no capture time is known — shown apart, never as "taken" — and why the
    # picture may be incomplete ('' or 'truncated': decoded with missing data filled in).
    "ALTER TABLE photos ADD COLUMN file_time TEXT",
    "ALTER TABLE photos ADD COLUMN decode_warning TEXT NOT NULL DEFAULT ''",
]

# Version 6: a unit manager's grant has a reason and an end date (the last day it works); co-handlers
# and grants made before this version have none (NULL: no end).
V6: Final[list[str]] = [
    "ALTER TABLE access_grants ADD COLUMN reason TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE access_grants ADD COLUMN expires_on TEXT",
]


def _write_once(table: str, fixed: tuple[str, ...], once: tuple[tuple[str, ...], ...]) -> str:
    """A trigger refusing UPDATE of ``fixed`` columns, and of each group in ``once`` after it is set."""
    changed = [f"NEW.{c} IS NOT OLD.{c}" for c in fixed]
    for group in once:
        changed.append(
            f"(OLD.{group[0]} IS NOT NULL AND ("
            + " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in group)
            + "))"
        )
    return (
        f"CREATE TRIGGER {table}_refuse_update BEFORE UPDATE ON {table} WHEN "
        + " OR ".join(changed)
        + " BEGIN SELECT RAISE(ABORT, 'injurydoc: key history is write-once'); END"
    )


def _no_delete(table: str) -> str:
    return (
        f"CREATE TRIGGER {table}_refuse_delete BEFORE DELETE ON {table} "
        "BEGIN SELECT RAISE(ABORT, 'injurydoc: key history is write-once'); END"
    )


V7: Final[list[str]] = [
    # Personal keys (store/personal_keys.py): each account's public keys per generation, with the
    # unit key's certificate.  Kept for ever: what an old key signed still verifies after a reset.
    # ``subject`` is an account id, or 'recovery' for the recovery code's keys.
    """CREATE TABLE account_keys (
        subject TEXT NOT NULL,
        generation INTEGER NOT NULL,
        x25519 BLOB NOT NULL,
        ed25519 BLOB NOT NULL,
        created_at TEXT NOT NULL,
        certificate BLOB,
        certificate_sig BLOB,
        retired_at TEXT,
        retired_seq INTEGER,
        retired_reason TEXT,
        PRIMARY KEY (subject, generation)
    ) STRICT""",
    _write_once(
        "account_keys",
        ("subject", "generation", "x25519", "ed25519", "created_at"),
        (("certificate", "certificate_sig"), ("retired_at", "retired_seq", "retired_reason")),
    ),
    _no_delete("account_keys"),
    # The unit key's private half, sealed to each unit manager's (and the recovery code's) X25519 key.
    """CREATE TABLE unit_key_seals (
        holder TEXT PRIMARY KEY,
        generation INTEGER NOT NULL,
        sealed TEXT NOT NULL,
        sealed_at TEXT NOT NULL
    ) STRICT""",
    # Which slots of keyslots.json are valid: a slot spliced back (an old password, a disabled
    # account) is not, and sign-in refuses it.
    """CREATE TABLE key_slots (
        slot_id TEXT PRIMARY KEY,
        subject TEXT NOT NULL,
        digest TEXT NOT NULL,
        registered_at TEXT NOT NULL,
        replaced_at TEXT,
        replaced_reason TEXT
    ) STRICT""",
    _write_once(
        "key_slots",
        ("slot_id", "subject", "digest", "registered_at"),
        (("replaced_at", "replaced_reason"),),
    ),
    _no_delete("key_slots"),
    # Signed checkpoints of the access log's chain (store/audit.py).
    """CREATE TABLE audit_checkpoints (
        seq INTEGER PRIMARY KEY,
        hash TEXT NOT NULL,
        signer TEXT NOT NULL,
        generation INTEGER NOT NULL,
        kind TEXT NOT NULL,
        at TEXT NOT NULL,
        signature BLOB NOT NULL
    ) STRICT""",
    """CREATE TRIGGER audit_checkpoints_refuse_update BEFORE UPDATE ON audit_checkpoints
        BEGIN SELECT RAISE(ABORT, 'injurydoc: the access log cannot be changed'); END""",
    """CREATE TRIGGER audit_checkpoints_refuse_delete BEFORE DELETE ON audit_checkpoints
        BEGIN SELECT RAISE(ABORT, 'injurydoc: the access log cannot be changed'); END""",
    # The unit key and the row at which the store got personal keys never change once written.
    """CREATE TRIGGER meta_keys_fixed_update BEFORE UPDATE ON meta
        WHEN OLD.key IN ('unit_key', 'keyed_at_seq')
        BEGIN SELECT RAISE(ABORT, 'injurydoc: store identity and purpose are fixed'); END""",
    """CREATE TRIGGER meta_keys_fixed_delete BEFORE DELETE ON meta
        WHEN OLD.key IN ('unit_key', 'keyed_at_seq')
        BEGIN SELECT RAISE(ABORT, 'injurydoc: store identity and purpose are fixed'); END""",
    # Protected persons (store/protected.py): each person's content key sealed to each allowed account.
    """CREATE TABLE person_key_wraps (
        patient_id TEXT NOT NULL REFERENCES patients(id),
        holder TEXT NOT NULL,
        generation INTEGER NOT NULL,
        sealed TEXT NOT NULL,
        reason TEXT NOT NULL,
        wrapped_by TEXT NOT NULL,
        wrapped_at TEXT NOT NULL,
        PRIMARY KEY (patient_id, holder)
    ) STRICT""",
    "CREATE INDEX person_key_wraps_holder ON person_key_wraps(holder)",
    # Keyed lookup value of a protected person's number (its digits are not stored in the clear).
    "ALTER TABLE patients ADD COLUMN id_lookup TEXT",
    "CREATE INDEX patients_lookup ON patients(id_lookup)",
]

# Version 11: each signed examination and addendum carries the signature its signer's personal key made
# over its canonical content (store/canonical.py) at the moment of signing; and INSERT OR REPLACE cannot
# go around the triggers (SQLite's REPLACE deletes the old row without firing its DELETE triggers).
_REPLACING_SIGNED = "BEGIN SELECT RAISE(ABORT, 'injurydoc: a signed examination is immutable'); END"
V11: Final[list[str]] = [
    """CREATE TABLE record_signatures (
        record_id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('examination', 'addendum')),
        examination_id TEXT NOT NULL REFERENCES examinations(id),
        signer TEXT NOT NULL,
        generation INTEGER NOT NULL,
        content_version INTEGER NOT NULL,
        content_sha256 TEXT NOT NULL,
        signed_at TEXT NOT NULL,
        signature BLOB NOT NULL,
        migrated_from TEXT
    ) STRICT""",
    "CREATE INDEX record_signatures_examination ON record_signatures(examination_id)",
    """CREATE TRIGGER record_signatures_refuse_update BEFORE UPDATE ON record_signatures
        BEGIN SELECT RAISE(ABORT, 'injurydoc: a signature cannot be changed'); END""",
    """CREATE TRIGGER record_signatures_refuse_delete BEFORE DELETE ON record_signatures
        BEGIN SELECT RAISE(ABORT, 'injurydoc: a signature cannot be changed'); END""",
    """CREATE TRIGGER record_signatures_refuse_replace BEFORE INSERT ON record_signatures
        WHEN EXISTS (SELECT 1 FROM record_signatures WHERE record_id = NEW.record_id)
        BEGIN SELECT RAISE(ABORT, 'injurydoc: a signature cannot be changed'); END""",
    f"""CREATE TRIGGER examinations_refuse_replace BEFORE INSERT ON examinations
        WHEN (SELECT status FROM examinations WHERE id = NEW.id) = 'signed' {_REPLACING_SIGNED}""",
    f"""CREATE TRIGGER injuries_refuse_replace BEFORE INSERT ON injuries
        WHEN (SELECT e.status FROM injuries i JOIN examinations e ON e.id = i.examination_id
              WHERE i.id = NEW.id) = 'signed' {_REPLACING_SIGNED}""",
    """CREATE TRIGGER addenda_refuse_replace BEFORE INSERT ON addenda
        WHEN EXISTS (SELECT 1 FROM addenda WHERE id = NEW.id)
        BEGIN SELECT RAISE(ABORT, 'injurydoc: an addendum cannot be changed'); END""",
    f"""CREATE TRIGGER photos_refuse_replace BEFORE INSERT ON photos
        WHEN (SELECT e.status FROM photos p JOIN examinations e ON e.id = p.examination_id
              WHERE p.id = NEW.id) = 'signed' {_REPLACING_SIGNED}""",
    *[
        f"CREATE TRIGGER {t}_refuse_replace BEFORE INSERT ON {t} "
        f"WHEN {_PHOTO_OF_SIGNED.replace('ROW', 'NEW')} {_REPLACING_SIGNED}"
        for t in ("photo_originals", "photo_previews", "photo_thumbnails")
    ],
]

# Version 10: every release is written down as *pending* before its package becomes visible, and
# completed (or marked never delivered) afterwards or at the next start; see services/export_records.py.
# ``record`` holds what completing it writes (legal basis, recipient, exports row) as JSON; ``part_dir``
# is where the partial file ``.injurydoc-export-<id>-*.part`` may have been left by a killed export.
V10: Final[list[str]] = [
    """CREATE TABLE export_attempts (
        id TEXT PRIMARY KEY,
        examination_id TEXT NOT NULL REFERENCES examinations(id),
        started_by TEXT NOT NULL,
        started_at TEXT NOT NULL,
        process TEXT NOT NULL,
        out_path TEXT NOT NULL,
        part_dir TEXT NOT NULL,
        package_sha256 TEXT,
        record TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'completed', 'never_delivered')),
        finished_at TEXT
    ) STRICT""",
    "CREATE INDEX export_attempts_state ON export_attempts(state)",
    # Only a pending attempt changes, and only its outcome: the hash and the last details (once, before
    # the rename), then its state.
    """CREATE TRIGGER export_attempts_refuse_update BEFORE UPDATE ON export_attempts
        WHEN OLD.state IS NOT 'pending' OR NEW.id IS NOT OLD.id
          OR NEW.examination_id IS NOT OLD.examination_id OR NEW.started_by IS NOT OLD.started_by
          OR NEW.started_at IS NOT OLD.started_at OR NEW.out_path IS NOT OLD.out_path
          OR NEW.part_dir IS NOT OLD.part_dir OR NEW.process IS NOT OLD.process
          OR (OLD.package_sha256 IS NOT NULL
              AND (NEW.package_sha256 IS NOT OLD.package_sha256 OR NEW.record IS NOT OLD.record))
        BEGIN SELECT RAISE(ABORT, 'injurydoc: a recorded export cannot be changed'); END""",
    """CREATE TRIGGER export_attempts_refuse_delete BEFORE DELETE ON export_attempts
        BEGIN SELECT RAISE(ABORT, 'injurydoc: a recorded export cannot be changed'); END""",
]

# Version 9 (unit mode, issue 16): the sync outbox — what this workstation made and has not yet had
# confirmed by the unit server, in the order it was made — the sync state (cursor, unit, account), the
# cache of what was pulled, and drafts in conflict.
# An entry is deleted only after the server confirmed it (idempotent by the record's id).
V9: Final[list[str]] = [
    "CREATE TABLE sync_outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, "
    "item_id TEXT NOT NULL, payload TEXT NOT NULL, blob BLOB, attempts INTEGER NOT NULL DEFAULT 0, "
    "UNIQUE (kind, item_id))",
    "CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    # What the last pull brought from the server: each patient and examination this account may open
    # (JSON as the server's logged reads return it), removed when the right to open it ends.
    "CREATE TABLE sync_cache (kind TEXT NOT NULL, id TEXT NOT NULL, patient_id TEXT NOT NULL, "
    "body TEXT NOT NULL, PRIMARY KEY (kind, id))",
    # A draft edited on two workstations while offline: the versions that share a parent, kept until the
    # examiner chooses at the next open.
    "CREATE TABLE sync_conflicts (examination_id TEXT PRIMARY KEY, version_ids TEXT NOT NULL, "
    "found_at TEXT NOT NULL)",
]

V13: Final[list[str]] = [
    # Checking a signed record reads the access log's `signed` row for it (services/record_signing.py):
    # found by target, not by scanning every row of a patient with a long history.
    "CREATE INDEX audit_log_target ON audit_log(target, action, seq)",
]

# Version 14 (unit mode, issue 16): a unit cache forgets a case its account may no longer open (a grant
# withdrawn or ended).  The triggers that keep signed records undeletable make one exception: an
# examination named in ``sync_purge``, a row the pull (sync/materialise.py) writes and deletes again in
# the same transaction that removes the case.  Nothing else changes: no UPDATE, and every other delete
# of a signed record is refused as before.
_PURGING = "NOT EXISTS (SELECT 1 FROM sync_purge WHERE examination_id = {exam})"
_OF_PHOTO = "(SELECT examination_id FROM photos WHERE id = OLD.photo_id)"


def _purgeable(name: str, table: str, when: str, exam: str, message: str) -> list[str]:
    cond = f"({when}) AND " if when else ""
    return [
        f"DROP TRIGGER {name}",
        f"CREATE TRIGGER {name} BEFORE DELETE ON {table} WHEN {cond}{_PURGING.format(exam=exam)} "
        f"BEGIN SELECT RAISE(ABORT, 'injurydoc: {message}'); END",
    ]


_SIGNED_IMMUTABLE = "a signed examination is immutable"
V14: Final[list[str]] = [
    "CREATE TABLE sync_purge (examination_id TEXT PRIMARY KEY) STRICT",
    *_purgeable(
        "examinations_refuse_delete", "examinations", "OLD.status = 'signed'", "OLD.id", _SIGNED_IMMUTABLE
    ),
    *_purgeable(
        "injuries_refuse_delete",
        "injuries",
        _SIGNED.replace("ROW", "OLD"),
        "OLD.examination_id",
        _SIGNED_IMMUTABLE,
    ),
    *_purgeable(
        "addenda_refuse_delete", "addenda", "", "OLD.examination_id", "an addendum cannot be changed"
    ),
    *_purgeable(
        "photos_refuse_delete",
        "photos",
        _SIGNED.replace("ROW", "OLD"),
        "OLD.examination_id",
        _SIGNED_IMMUTABLE,
    ),
    *[
        stmt
        for t in ("photo_injuries", "photo_originals", "photo_previews", "photo_thumbnails")
        for stmt in _purgeable(
            f"{t}_refuse_delete", t, _PHOTO_OF_SIGNED.replace("ROW", "OLD"), _OF_PHOTO, _SIGNED_IMMUTABLE
        )
    ],
    *_purgeable(
        "record_signatures_refuse_delete",
        "record_signatures",
        "",
        "OLD.examination_id",
        "a signature cannot be changed",
    ),
]

# Version 16 (training, server revision 0010): a result a trainee submitted to the trainer ("Lämna in"),
# made here or received from the training unit's server.  ``data`` is the results file (JSON, read back
# through training.results.load_results like any results file); a result is never changed or removed.
V16: Final[list[str]] = [
    """CREATE TABLE exercise_results (
        id TEXT PRIMARY KEY,
        examination_id TEXT NOT NULL,
        exercise_id TEXT NOT NULL,
        exercise_sha256 TEXT NOT NULL,
        trainee_id TEXT NOT NULL,
        trainee_name TEXT NOT NULL,
        submitted_at TEXT NOT NULL,
        score REAL NOT NULL CHECK (score >= 0 AND score <= 1),
        data BLOB NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('here', 'server'))
    ) STRICT""",
    "CREATE INDEX exercise_results_exam ON exercise_results(examination_id)",
    """CREATE TRIGGER exercise_results_training_only BEFORE INSERT ON exercise_results
        WHEN (SELECT value FROM meta WHERE key = 'purpose') IS NOT 'training'
        BEGIN SELECT RAISE(ABORT, 'injurydoc: exercises belong in a training store'); END""",
    """CREATE TRIGGER exercise_results_refuse_update BEFORE UPDATE ON exercise_results
        BEGIN SELECT RAISE(ABORT, 'injurydoc: a submitted result cannot be changed'); END""",
    """CREATE TRIGGER exercise_results_refuse_delete BEFORE DELETE ON exercise_results
        BEGIN SELECT RAISE(ABORT, 'injurydoc: a submitted result cannot be changed'); END""",
]

# Version 17: a photo's number is never given to another photo of the same examination.  A photo removed
# from a draft leaves its number here (the server of a unit holds every photo ever sent, each number
# once per examination; a report or a court reading "Foto 3" must mean one picture).
V17: Final[list[str]] = [
    "CREATE TABLE photo_numbers_retired ("
    " examination_id TEXT NOT NULL REFERENCES examinations(id) ON DELETE CASCADE,"
    " number INTEGER NOT NULL CHECK (number BETWEEN 1 AND 9999),"
    " PRIMARY KEY (examination_id, number)) STRICT",
]

# Version 19: each account's keychain of person keys it has opened (store/protected.py, "the keychain"):
# the content key AES-256-GCM-encrypted under a key only that account derives, bound to the SHA-256 of
# the wrap it was opened from, and used only beside that very wrap.  A cache: no row is needed, a wrong one
# is ignored.  Dropping or replacing a wrap drops its cached copy (the check beside the wrap is what makes it
# safe; this keeps the table from holding copies of withdrawn keys).  Never synced, exported or backed up
# apart from the store.
V19: Final[list[str]] = [
    """CREATE TABLE person_key_cache (
        holder TEXT NOT NULL,
        patient_id TEXT NOT NULL,
        generation INTEGER NOT NULL,
        wrap_sha256 TEXT NOT NULL,
        nonce BLOB NOT NULL,
        ct BLOB NOT NULL,
        PRIMARY KEY (holder, patient_id)
    ) STRICT""",
    """CREATE TRIGGER person_key_wraps_drop_cached AFTER DELETE ON person_key_wraps
        BEGIN DELETE FROM person_key_cache WHERE holder = OLD.holder AND patient_id = OLD.patient_id; END""",
    """CREATE TRIGGER person_key_wraps_rewrap_cached AFTER UPDATE ON person_key_wraps
        BEGIN DELETE FROM person_key_cache WHERE holder = OLD.holder AND patient_id = OLD.patient_id; END""",
]

#: (version, statements).  Version N's statements turn a version N-1 store into a version N store.
MIGRATIONS: Final[list[tuple[int, list[str]]]] = [
    (1, V1),
    (2, V2),
    (3, V3),
    (4, V4),
    (5, V5),
    (6, V6),
    (7, V7),
    (9, V9),
    (10, V10),
    (11, V11),
    (13, V13),
    (14, V14),
    (16, V16),
    (17, V17),
    (19, V19),
]

CURRENT_VERSION: Final[int] = MIGRATIONS[-1][0]

#: Triggers whose absence means someone went around the program (checked by ``audit verify``).
PROTECTIVE_TRIGGERS: Final[tuple[str, ...]] = (
    "audit_log_refuse_update",
    "audit_log_refuse_delete",
    "examinations_refuse_update",
    "examinations_refuse_delete",
    "injuries_refuse_insert",
    "injuries_refuse_update",
    "injuries_refuse_delete",
    "addenda_refuse_update",
    "addenda_refuse_delete",
    "photos_refuse_update",
    "photos_refuse_delete",
    "photo_originals_refuse_update",
    "photo_injuries_refuse_insert",
    "photo_injuries_refuse_delete",
    "exports_refuse_update",
    "exports_refuse_delete",
    # V7: personal keys, slot registry, checkpoints
    "account_keys_refuse_update",
    "account_keys_refuse_delete",
    "key_slots_refuse_update",
    "key_slots_refuse_delete",
    "audit_checkpoints_refuse_update",
    "audit_checkpoints_refuse_delete",
    "meta_keys_fixed_update",
    "meta_keys_fixed_delete",
    # V11: signatures, and INSERT OR REPLACE over signed rows
    "record_signatures_refuse_update",
    "record_signatures_refuse_delete",
    "record_signatures_refuse_replace",
    "examinations_refuse_replace",
    "injuries_refuse_replace",
    "addenda_refuse_replace",
    "photos_refuse_replace",
    "photo_originals_refuse_replace",
    "photo_previews_refuse_replace",
    "photo_thumbnails_refuse_replace",
    # A recorded legal basis, the store's identity, and the bytes of photos: protected since V1/V2
    "disclosure_bases_refuse_update",
    "disclosure_bases_refuse_delete",
    "meta_fixed_update",
    "meta_fixed_delete",
    "photos_refuse_insert",
    "photo_previews_refuse_update",
    "photo_thumbnails_refuse_update",
    "photo_originals_refuse_delete",
    "photo_previews_refuse_delete",
    "photo_thumbnails_refuse_delete",
    # V10: a settled export attempt (no release without its record)
    "export_attempts_refuse_update",
    "export_attempts_refuse_delete",
    # V16: a submitted exercise result
    "exercise_results_refuse_update",
    "exercise_results_refuse_delete",
)
