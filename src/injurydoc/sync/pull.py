"""Pulling from the unit server into the workstation's cache.

What changed is asked of the server's change feed (:func:`injurydoc.server.feed.changes_since`, ids only,
the cursor kept in ``sync_state``), and only that is read, through the server's logged reads
(:mod:`injurydoc.server.reads`): each patient that is new, changed or whose grant changed, and each
examination with a new or changed part (version, injury, photo, signature, addendum).  A signed
examination is therefore read again only when something was added to it (an addendum written on
another workstation); the access log is not flooded.  A patient the account may no longer open (a
grant withdrawn, or ended by its date, an account disabled) is removed from the cache.

Each examination read goes, as the server returned it, into ``sync_cache`` (the conflict dialog reads
every version from there), and — in a unit-mode cache store — into the store's ordinary tables
(:mod:`injurydoc.sync.materialise`), so every screen works on it.  A draft with two versions that
share a parent (edited on two workstations while offline) is recorded in ``sync_conflicts``: both
versions are kept on the server and in the cache, and the examiner chooses at the next open.

The cursor moves on only after everything the feed named has been handled: a pull cut off (network,
SIGKILL) reads the same changes again next time; every step is idempotent by id.  Content that cannot
be taken in (it does not parse, a photo's bytes do not match their SHA-256) is refused with the error
``server.bad_content`` after everything else was taken in, nothing of it is written, and it is read
again at every pull until it can be (``sync_state`` key ``pull_rejected``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import psycopg
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from injurydoc.server import feed, reads
from injurydoc.server.connection import server_errors
from injurydoc.server.errors import ServerError
from injurydoc.sync import sealed
from injurydoc.sync.materialise import Cache, cache_for
from injurydoc.sync.outbox import Outbox
from injurydoc.sync.unit_key import check_pin

__all__ = ["CURSOR", "PullResult", "cached_examination", "conflicts", "leaves", "pull"]


@dataclass
class PullResult:
    patients: int = 0
    examinations_read: int = 0
    removed: list[str] = field(default_factory=list)  # patient ids no longer allowed
    conflicts: list[str] = field(default_factory=list)  # examination ids with drafts in conflict


def leaves(exam: dict[str, Any]) -> list[str]:
    """The versions no other version was edited from (one for a draft edited in turn; two or more
    when the draft was edited on several workstations from the same version).  The version that
    resolves a conflict has one of them as parent and lists the others in ``content.supersedes``
    (encrypted content: once issue 14's per-person keys exist, inside the ciphertext — see
    docs/server.md)."""
    versions = exam.get("versions") or []
    parents = {v.get("parent_id") for v in versions}
    for v in versions:  # a version that merges a conflict names the other versions it replaces
        content = v.get("content")
        if isinstance(content, dict) and isinstance(content.get("supersedes"), list):
            parents.update(str(x) for x in content["supersedes"])
    return [v["id"] for v in versions if v["id"] not in parents]


CURSOR = "feed_cursor"
#: sync_state key: examinations (and patients) whose content was refused, id -> patient id
REJECTED = "pull_rejected"


def _ended_grants(conn: psycopg.Connection[Any], cached: set[str]) -> set[str]:
    """Cached patients whose grant for this account has ended by its date (no row changes then, so the
    feed cannot name them): read again, and removed when refused."""
    if not cached:
        return set()
    with server_errors():
        rows = conn.execute(
            "SELECT DISTINCT patient_id FROM injurydoc.grants WHERE account_id ="
            " (SELECT id FROM injurydoc.accounts WHERE role_name = current_user)"
            " AND withdrawn_at IS NULL AND valid_until IS NOT NULL AND valid_until < now()"
        ).fetchall()
        conn.commit()
    return {str(r[0]) for r in rows} & cached


def _remove(con: Any, cache: Cache | None, pid: str) -> None:
    con.execute(
        "DELETE FROM sync_conflicts WHERE examination_id IN "
        "(SELECT id FROM sync_cache WHERE kind = 'examination' AND patient_id = ?)",
        (pid,),
    )
    con.execute("DELETE FROM sync_cache WHERE patient_id = ?", (pid,))
    con.commit()
    if cache is not None:
        cache.remove_patient(pid)


def _examination(
    conn: psycopg.Connection[Any],
    con: Any,
    cache: Cache | None,
    pid: str,
    eid: str,
    result: PullResult,
    rejected: dict[str, str],
    key: bytes | None = None,
) -> ServerError | None:
    """Read one examination, take it in, and note a conflict; the refusal of its content, if any.
    ``key``: a protected person's content key (their records are opened with it, sync/sealed.py)."""
    exam = reads.read_examination(conn, uuid.UUID(eid))
    if exam is None:
        return None
    result.examinations_read += 1
    tips = leaves(exam)
    if cache is not None and key is None and _ciphertext(exam):
        # protection taken away: what was sent while it held is ciphertext still, opened with this
        # account's wrap; without one yet the examination waits in sync_cache (read again next pull)
        key = sealed.content_key(conn, cache.outbox, pid)
        if key is None:
            cache = None
    if cache is not None:
        try:
            opened = exam if key is None else _opened(cache, exam, key)
            tips = leaves(opened)
            cache.apply_examination(conn, opened, tips)
        except ServerError as exc:
            if exc.code != "server.bad_content":
                raise
            rejected[eid] = pid
            return exc  # not cached either: read again at the next pull
        finally:
            cache.photo_openers.clear()
        rejected.pop(eid, None)
    con.execute(
        "INSERT OR REPLACE INTO sync_cache (kind, id, patient_id, body) VALUES ('examination', ?, ?, ?)",
        (eid, pid, json.dumps(exam, default=str)),
    )
    # a protected person's versions unopened here (no key): what supersedes what is in the ciphertext,
    # and this account could not choose between them anyway — no conflict is recorded
    unopened = key is None and _ciphertext(exam)
    if exam.get("signature") is None and len(tips) > 1 and not unopened:
        con.execute(
            "INSERT OR REPLACE INTO sync_conflicts (examination_id, version_ids, found_at) VALUES (?, ?, ?)",
            (eid, json.dumps(sorted(tips)), dt.datetime.now(dt.UTC).isoformat()),
        )
        result.conflicts.append(eid)
    else:
        con.execute("DELETE FROM sync_conflicts WHERE examination_id = ?", (eid,))
    con.commit()
    return None


def _ciphertext(exam: dict[str, Any]) -> bool:
    """Whether any part of the examination is a protected person's ciphertext."""
    parts = [*(exam.get("versions") or []), *(exam.get("addenda") or [])]
    parts += [i for v in exam.get("versions") or [] if isinstance(v, dict) for i in v.get("injuries") or []]
    return any(isinstance(x, dict) and x.get("content_ciphertext") is not None for x in parts) or any(
        isinstance(ph, dict) and ph.get("metadata_ciphertext") is not None for ph in exam.get("photos") or []
    )


def _opened(cache: Cache, exam: dict[str, Any], key: bytes) -> dict[str, Any]:
    """A protected person's examination opened, its photos' bytes to be opened as they are fetched
    (checked first against the SHA-256 the server stores them under)."""
    unit = cache.outbox.get_state("unit_id") or ""
    opened, stored = sealed.open_examination(exam, key, unit)

    def opener(photo_id: str, digest: str) -> Callable[[bytes], bytes]:
        def run(data: bytes) -> bytes:
            if hashlib.sha256(data).hexdigest() != digest:
                raise ServerError("server.bad_content", what="photo bytes")
            return sealed.open_photo(key, unit, photo_id, data)

        return run

    for photo_id, digest in stored.items():
        cache.photo_openers[photo_id] = opener(photo_id, digest)
    return opened


def _to_read(
    con: Any, cache: Cache | None, patient: dict[str, Any], changed: set[str], key: bytes | None
) -> list[str]:
    """The person's examinations to read: new, changed (the feed names every changed part) or refused
    last time (``changed``); and a protected person's read before this account held their key (a wrap
    made since, for a new workstation's key), which are not in the cache's tables yet."""
    pid = str(patient.get("id"))
    rows = con.execute("SELECT id FROM sync_cache WHERE kind = 'examination' AND patient_id = ?", (pid,))
    known = {str(r[0]) for r in rows}
    out = []
    for e in patient.get("examinations") or []:
        eid = str(e["id"])
        missing = (
            (key is not None or patient.get("protection") == "none")
            and cache is not None
            and cache.db.one("SELECT 1 FROM examinations WHERE id = ?", (eid,)) is None
        )
        if eid not in known or eid in changed or missing:
            out.append(eid)
    return out


def _take_patient(
    conn: psycopg.Connection[Any], outbox: Outbox, cache: Cache | None, patient: dict[str, Any]
) -> tuple[bool, bytes | None]:
    """The person into the cache's tables: (whether they are there, a protected person's content key
    from this account's wrap — None without one: then kept in ``sync_cache`` only)."""
    if cache is None:
        return False, None
    if patient.get("protection") == "none":
        return cache.apply_patient(conn, patient), None
    key = sealed.content_key(conn, outbox, str(patient.get("id")))
    if key is None:
        return False, None
    opened = sealed.open_identity(patient, key, outbox.get_state("unit_id") or "")
    return cache.apply_patient(conn, opened, key), key


def _first(conn: psycopg.Connection[Any], outbox: Outbox, cache: Cache | None) -> None:
    """Before the feed: the unit key compared with the pin, pulled keys certified since, wraps due."""
    check_pin(conn, outbox)  # a replaced or removed unit key stops the pull, named
    if cache is not None:
        cache.certify_pulled(conn)  # signers' keys the unit key has certified since
        sealed.rewrap(conn, outbox)  # accounts allowed a protected person's key since the last look


def pull(
    conn: psycopg.Connection[Any], outbox: Outbox, *, unit_key: Ed25519PrivateKey | None = None
) -> PullResult:
    """Take in what changed since the last pull (see the module's note).  ``unit_key``: the cache's own
    unit key (a signed-in session's), which certifies the keys of signatures verified on the server."""
    con = outbox.con
    cache = cache_for(outbox, unit_key)
    result = PullResult()
    _first(conn, outbox, cache)
    changes = feed.changes_since(conn, int(outbox.get_state(CURSOR) or 0))
    cached = {str(r[0]) for r in con.execute("SELECT id FROM sync_cache WHERE kind = 'patient'").fetchall()}
    wanted = {str(p) for p in changes.patients} | {str(p) for p in changes.examinations.values()}
    wanted |= _ended_grants(conn, cached)
    # what could not be taken in last time (content refused): read again until it can, and said each time
    rejected: dict[str, str] = json.loads(outbox.get_state(REJECTED) or "{}")
    wanted |= set(rejected.values())
    errors: list[ServerError] = []
    exams_changed: dict[str, set[str]] = {}
    for exam_uuid, patient_uuid in changes.examinations.items():
        exams_changed.setdefault(str(patient_uuid), set()).add(str(exam_uuid))
    for pid in sorted(wanted):
        patient = reads.read_patient(conn, uuid.UUID(pid))
        if patient is None:
            local = cache is not None and cache.db.one("SELECT 1 FROM patients WHERE id = ?", (pid,))
            if pid in cached or local:
                _remove(con, cache, pid)
                result.removed.append(pid)
            continue
        result.patients += 1
        key = None
        try:
            materialised, key = _take_patient(conn, outbox, cache, patient)
        except ServerError as exc:
            if exc.code != "server.bad_content":
                raise
            errors.append(exc)
            rejected[pid] = pid
            continue
        rejected.pop(pid, None)
        for eid in _to_read(con, cache, patient, exams_changed.get(pid, set()) | set(rejected), key):
            refused = _examination(
                conn, con, cache if materialised else None, pid, eid, result, rejected, key
            )
            if refused is not None:
                errors.append(refused)
        con.execute(
            "INSERT OR REPLACE INTO sync_cache (kind, id, patient_id, body) VALUES ('patient', ?, ?, ?)",
            (pid, pid, json.dumps(patient, default=str)),
        )
        con.commit()
    outbox.set_state(CURSOR, str(changes.cursor))
    outbox.set_state(REJECTED, json.dumps(rejected, sort_keys=True))
    outbox.set_state("pulled_at", dt.datetime.now(dt.UTC).isoformat())
    if errors:
        # everything else was taken in; what was refused is said (the runner shows it as needing
        # attention) and read again at the next pull
        raise errors[0]
    return result


def cached_examination(outbox: Outbox, examination_id: str) -> dict[str, Any] | None:
    row = outbox.con.execute(
        "SELECT body FROM sync_cache WHERE kind = 'examination' AND id = ?", (examination_id,)
    ).fetchone()
    return None if row is None else json.loads(row[0])


def conflicts(outbox: Outbox) -> dict[str, list[str]]:
    """Examination id -> the versions in conflict, for the editor to show at the next open."""
    return {
        r[0]: json.loads(r[1])
        for r in outbox.con.execute("SELECT examination_id, version_ids FROM sync_conflicts").fetchall()
    }
