"""Encrypted backup and restore.

A backup is one file: an uncompressed zip holding ``injurydoc.db`` (a consistent copy made with
SQLite's online backup API, still encrypted with the same data key), ``keyslots.json`` and
``backup.json`` (format, store id, schema version, time, SHA-256 of both files).  Without a password
or the recovery code it is as unreadable as the store itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from injurydoc import __version__
from injurydoc.domain.errors import KnownError, StoreError
from injurydoc.domain.vocab import AuditAction, Role
from injurydoc.services.session import Session, sign_in, sign_in_with_recovery
from injurydoc.store import audit_check
from injurydoc.store.atomic import fsync_dir, os_error_to_store_error
from injurydoc.store.vault import DB_FILE, KEYSLOTS_FILE, is_store

MANIFEST = "backup.json"
FORMAT = "injurydoc-backup"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def backup(session: Session, out: Path) -> Path:
    """Write a backup of the open store to ``out`` (never overwriting); unit managers only."""
    session.require(Role.UNIT_MANAGER)
    out = out.expanduser().absolute()
    if out.exists():
        raise StoreError("backup.out_exists", path=str(out))
    vault = session.vault
    with tempfile.TemporaryDirectory(prefix=".injurydoc-backup-", dir=out.parent) as tmp:
        tmpdir = Path(tmp)
        db_copy = tmpdir / DB_FILE
        head = audit_check.head_for_manifest(vault.db)  # rows written after it are in the copy too
        vault.db.backup_to(db_copy, vault.data_key)
        slots = tmpdir / KEYSLOTS_FILE
        slots.write_bytes(vault.keyslots.to_bytes())
        manifest = {
            "format": FORMAT,
            "version": 1,
            "store_id": vault.store_id,
            "purpose": vault.purpose.code,
            "schema": vault.db.user_version(),
            "program_version": __version__,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "files": {DB_FILE: _sha256(db_copy), KEYSLOTS_FILE: _sha256(slots)},
            # The access log's newest row in the copy: kept elsewhere, the backup pins the log's history
            # (``injurydoc audit verify --backup FILE``).
            "access_log_head": head,
        }
        part = tmpdir / "backup.zip"
        try:
            with zipfile.ZipFile(part, "w", compression=zipfile.ZIP_STORED) as z:
                z.writestr(MANIFEST, json.dumps(manifest, indent=2))
                z.write(slots, KEYSLOTS_FILE)
                z.write(db_copy, DB_FILE)
            os.chmod(part, 0o600)
            with part.open("rb") as f:
                os.fsync(f.fileno())
            if out.exists():
                raise StoreError("backup.out_exists", path=str(out))
            os.replace(part, out)
            fsync_dir(out.parent)
        except OSError as exc:
            raise os_error_to_store_error(exc, out.parent) from None
    with session.transaction():
        session.audit(
            AuditAction.COPIED,
            target="store",
            details={"event": "backup", "sha256": _sha256(out)},
        )
    return out


@dataclass(frozen=True)
class RestoreResult:
    folder: Path
    store_id: str
    schema: int
    audit_rows: int


def restore(
    backup_file: Path,
    target: Path,
    *,
    username: str | None = None,
    password: str | None = None,
    recovery_code: str | None = None,
) -> RestoreResult:
    """Restore into a new folder.  The copy is checked (hashes, key, integrity, access log) first."""
    target = target.expanduser().absolute()
    if is_store(target):
        raise StoreError("store.exists", path=str(target))
    if target.exists() and any(target.iterdir()):
        raise StoreError("store.exists", path=str(target))
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".injurydoc-restore-", dir=parent))
    except OSError as exc:
        raise os_error_to_store_error(exc, parent) from None
    try:
        manifest = _extract(backup_file, staging)
        if recovery_code is not None:
            session = sign_in_with_recovery(staging, recovery_code)
        else:
            session = sign_in(staging, username or "", password or "")
        try:
            problems = session.db.integrity_problems()
            if problems:
                raise StoreError("backup.invalid", detail="integrity check failed")
            if session.vault.store_id != manifest["store_id"]:
                raise StoreError("backup.invalid", detail="store id does not match")
            from injurydoc.store import audit

            report = audit.verify_chain(session.db, session.vault.store_id, None)
            if not report.whole:
                raise StoreError("backup.invalid", detail=f"access log broken at {report.first_broken_seq}")
            head = manifest.get("access_log_head")
            if head and audit.hash_at(session.db, int(head["seq"])) != head["hash"]:
                raise StoreError(
                    "backup.invalid", detail=f"the access log lacks row {head['seq']} it recorded"
                )
            schema = session.db.user_version()
            with session.transaction():
                session.audit(AuditAction.COPIED, target="store", details={"event": "restored_from_backup"})
        finally:
            session.close(log_out=False)
        # The anchor was written for the staging copy's chain; it stays valid after the move.
        try:
            if target.exists():
                target.rmdir()
            os.replace(staging, target)
            fsync_dir(parent)
        except OSError as exc:
            raise os_error_to_store_error(exc, parent) from None
        return RestoreResult(target, manifest["store_id"], schema, report.rows)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _extract(backup_file: Path, staging: Path) -> dict[str, Any]:
    try:
        with zipfile.ZipFile(backup_file) as z:
            names = set(z.namelist())
            if names != {MANIFEST, DB_FILE, KEYSLOTS_FILE}:
                raise StoreError("backup.invalid", detail="unexpected contents")
            manifest = json.loads(z.read(MANIFEST))
            if manifest.get("format") != FORMAT:
                raise StoreError("backup.invalid", detail="not an injurydoc backup")
            for name in (DB_FILE, KEYSLOTS_FILE):
                with z.open(name) as src, (staging / name).open("wb") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
                os.chmod(staging / name, 0o600)
                if _sha256(staging / name) != manifest["files"][name]:
                    raise StoreError("backup.invalid", detail=f"{name} does not match its hash")
    except FileNotFoundError:
        raise StoreError("backup.invalid", detail="file not found") from None
    except (zipfile.BadZipFile, ValueError, KeyError, TypeError):
        raise StoreError("backup.invalid", detail="not a readable backup file") from None
    except OSError as exc:
        raise os_error_to_store_error(exc, staging) from None
    found: dict[str, Any] = {"store_id": str(manifest["store_id"])}
    head = manifest.get("access_log_head")
    if isinstance(head, dict) and isinstance(head.get("seq"), int) and isinstance(head.get("hash"), str):
        found["access_log_head"] = {"seq": head["seq"], "hash": head["hash"]}
    return found


__all__ = ["KnownError", "RestoreResult", "backup", "restore"]
