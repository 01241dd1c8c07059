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
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher

from injurydoc import __version__
from injurydoc.domain.errors import Both, KnownError, StoreError
from injurydoc.domain.vocab import AuditAction, Role
from injurydoc.export.untrusted_zip import READ_ERRORS, ZipRefused, chunks, open_zip
from injurydoc.services.session import Session, sign_in, sign_in_with_recovery
from injurydoc.store import audit_check
from injurydoc.store.atomic import fsync_dir, os_error_to_store_error
from injurydoc.store.vault import DB_FILE, KEYSLOTS_FILE, Vault, is_store

MANIFEST = "backup.json"
FORMAT = "injurydoc-backup"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def backup(session: Session, out: Path) -> Path:
    """Write a backup of the open store to ``out`` (never overwriting); unit managers only.  A folder
    that cannot be written or a full disk is a :class:`StoreError` (nothing is left behind)."""
    session.require(Role.UNIT_MANAGER)
    out = out.expanduser().absolute()
    if out.exists():
        raise StoreError("backup.out_exists", path=str(out))
    try:
        _write_copy(session.vault, out)
    except OSError as exc:  # the staging folder, the key file copy: not only the zip
        raise os_error_to_store_error(exc, out.parent) from None
    with session.transaction():
        session.audit(
            AuditAction.COPIED,
            target="store",
            details={"event": "backup", "sha256": _sha256(out)},
        )
    return out


def _write_copy(vault: Vault, out: Path) -> None:
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
    """Restore into a new folder.  The copy is checked (hashes, key, integrity, access log) first.

    The backup file is untrusted: its zip directory is checked before anything is read, each file is
    hashed as it is copied (never more than its declared size, which a stored entry cannot claim beyond
    the file's own size), and anything wrong is a ``backup.invalid`` naming the file and the reason.
    Nothing outside the new folder (and a hidden staging folder next to it, removed on any error) is
    written; an existing store is never touched."""
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
    name = backup_file.name
    try:
        manifest = _extract(backup_file, staging)
        schema, rows = _check_copy(
            name,
            staging,
            manifest["store_id"],
            username,
            password,
            recovery_code,
            manifest.get("access_log_head"),
        )
        # The anchor was written for the staging copy's chain; it stays valid after the move.
        try:
            if target.exists():
                target.rmdir()
            os.replace(staging, target)
            fsync_dir(parent)
        except OSError as exc:
            raise os_error_to_store_error(exc, parent) from None
        return RestoreResult(target, manifest["store_id"], schema, rows)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _check_copy(
    name: str,
    staging: Path,
    store_id: str,
    username: str | None,
    password: str | None,
    recovery_code: str | None,
    access_log_head: dict[str, Any] | None = None,
) -> tuple[int, int]:
    """Open the staged copy and check it (key, integrity, store id, access log): (schema, log rows)."""
    try:
        if recovery_code is not None:
            session = sign_in_with_recovery(staging, recovery_code)
        else:
            session = sign_in(staging, username or "", password or "")
    except StoreError as exc:
        if exc.code == "store.keyslots_damaged":
            why = exc.params.get("detail", "")
            sv, en = (why.sv, why.en) if isinstance(why, Both) else (str(why), str(why))
            raise _invalid(
                name, f"nyckelfilen i kopian är skadad ({sv})", f"its key file is damaged ({en})"
            ) from None
        if exc.code in ("store.corrupt", "store.not_found"):
            raise _invalid(name, "databasen i kopian är skadad", "the database in it is damaged") from None
        raise
    try:
        problems = session.db.integrity_problems()
        if problems:
            raise _invalid(name, "databasens integritetskontroll misslyckades", "the integrity check failed")
        if session.vault.store_id != store_id:
            raise _invalid(name, "databasens id stämmer inte", "the store id does not match")
        from injurydoc.store import audit

        report = audit.verify_chain(session.db, session.vault.store_id, None)
        if not report.whole:
            raise _invalid(
                name,
                f"åtkomstloggen är bruten vid rad {report.first_broken_seq}",
                f"the access log is broken at row {report.first_broken_seq}",
            )
        head = access_log_head
        if head and audit.hash_at(session.db, int(head["seq"])) != head["hash"]:
            raise _invalid(
                name,
                f"åtkomstloggen saknar rad {head['seq']} som säkerhetskopian registrerade",
                f"the access log lacks row {head['seq']} that the backup recorded",
            )
        schema = session.db.user_version()
        with session.transaction():
            session.audit(AuditAction.COPIED, target="store", details={"event": "restored_from_backup"})
    except sqlcipher.Error:
        # a damaged page found while reading rows (after the statement was prepared)
        raise _invalid(name, "databasen i kopian är skadad", "the database in it is damaged") from None
    finally:
        session.close(log_out=False)
    return schema, report.rows


#: Largest backup.json and keyslots.json accepted (both are a few kB).
MAX_MANIFEST_BYTES = 64 * 1024
MAX_KEYSLOTS_BYTES = 1024 * 1024
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


def _invalid(file: str, sv: str, en: str) -> StoreError:
    return StoreError("backup.invalid", file=file, detail=Both(sv, en))


def _extract(backup_file: Path, staging: Path) -> dict[str, Any]:
    name = backup_file.name
    try:
        fh = backup_file.open("rb")
    except FileNotFoundError:
        raise _invalid(name, "filen finns inte", "the file does not exist") from None
    except OSError as exc:
        raise _invalid(
            name, f"filen kan inte läsas ({exc.strerror})", f"it cannot be read ({exc.strerror})"
        ) from None
    with fh:
        size = os.fstat(fh.fileno()).st_size
        try:
            z = open_zip(fh, max_entries=3, max_directory=1024)
        except ZipRefused as exc:
            raise StoreError("backup.invalid", file=name, detail=exc.reason) from None
        with z:
            infos = {i.filename: i for i in z.infolist()}
            if len(infos) != 3 or set(infos) != {MANIFEST, DB_FILE, KEYSLOTS_FILE}:
                raise _invalid(name, "oväntat innehåll", "unexpected contents")
            limits = {MANIFEST: MAX_MANIFEST_BYTES, KEYSLOTS_FILE: MAX_KEYSLOTS_BYTES, DB_FILE: size}
            for info in infos.values():
                # A backup is written uncompressed: the sizes in the directory must then agree and fit
                # inside the file, so nothing can unpack to more than the file itself.
                if (
                    info.compress_type != zipfile.ZIP_STORED
                    or info.flag_bits & 0x1
                    or info.file_size != info.compress_size
                    or info.header_offset + info.compress_size > size
                    or info.file_size > limits[info.filename]
                ):
                    raise _invalid(
                        name,
                        f"{info.filename} har fel storlek eller form i zip-katalogen",
                        f"{info.filename} has a wrong size or form in the zip directory",
                    )
            manifest = _manifest(name, _read_small(name, z, infos[MANIFEST]))
            for entry in (KEYSLOTS_FILE, DB_FILE):
                _copy_checked(name, z, infos[entry], staging / entry, manifest["files"][entry])
    found: dict[str, Any] = {"store_id": manifest["store_id"]}
    head = manifest.get("access_log_head")
    if isinstance(head, dict) and isinstance(head.get("seq"), int) and isinstance(head.get("hash"), str):
        found["access_log_head"] = {"seq": head["seq"], "hash": head["hash"]}
    return found


def _read_small(name: str, z: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    try:
        data = b"".join(chunks(z, info, info.file_size))
    except READ_ERRORS:
        raise _invalid(name, f"{info.filename} är skadad", f"{info.filename} is damaged") from None
    if len(data) != info.file_size:
        raise _invalid(name, f"{info.filename} är ofullständig", f"{info.filename} is incomplete")
    return data


def _manifest(name: str, raw: bytes) -> dict[str, Any]:
    """backup.json, checked in shape: format, store id and both SHA-256 values as text."""
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):
        raise _invalid(name, "backup.json är inte giltig JSON", "backup.json is not valid JSON") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise _invalid(name, "det är ingen säkerhetskopia från injurydoc", "it is not an injurydoc backup")
    files = doc.get("files")
    if (
        not isinstance(doc.get("store_id"), str)
        or not isinstance(files, dict)
        or not all(isinstance(files.get(n), str) and _HEX64.match(files[n]) for n in (DB_FILE, KEYSLOTS_FILE))
    ):
        raise _invalid(name, "backup.json saknar uppgifter", "backup.json lacks required fields")
    return doc


def _copy_checked(name: str, z: zipfile.ZipFile, info: zipfile.ZipInfo, dest: Path, want: str) -> None:
    """Copy one entry into the staging folder, hashing as it goes; removed again unless it matches."""
    digest = hashlib.sha256()
    written = 0
    try:
        with dest.open("xb") as dst:
            os.chmod(dest, 0o600)
            try:
                for piece in chunks(z, info, info.file_size):
                    digest.update(piece)
                    dst.write(piece)
                    written += len(piece)
            except READ_ERRORS as exc:
                if isinstance(exc, OSError) and exc.errno is not None:
                    raise  # the staging disk, not the backup
                raise _invalid(name, f"{info.filename} är skadad", f"{info.filename} is damaged") from None
            dst.flush()
            os.fsync(dst.fileno())
    except OSError as exc:
        dest.unlink(missing_ok=True)
        raise os_error_to_store_error(exc, dest.parent) from None
    except BaseException:
        dest.unlink(missing_ok=True)
        raise
    if written != info.file_size or digest.hexdigest() != want:
        dest.unlink(missing_ok=True)
        raise _invalid(
            name,
            f"{info.filename} stämmer inte med sin kontrollsumma",
            f"{info.filename} does not match its hash",
        )


__all__ = ["KnownError", "RestoreResult", "backup", "restore"]
