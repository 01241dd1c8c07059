"""What the sync of a unit-mode workstation has to show, from the store alone (issue 16), without Qt.

:class:`SyncStatus` is what the status bar shows; :func:`local_status` reads it from the store (no
network) before the runner (:mod:`injurydoc.services.unit_sync`) has started, and the runner updates it
with the same counts (:func:`counts`).  What needs a person is an ``attention`` code in
:attr:`SyncStatus.attention`; :func:`attention_message` gives the words in Swedish or English.

Conflicts (a draft edited on two workstations while offline) are read with :func:`list_conflicts`,
both versions' content side by side (resolved with ``services.unit_desktop.resolve_conflict``); only
those this account may open here (:func:`openable_conflicts`) are counted or listed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Literal

from injurydoc.domain.errors import Lang
from injurydoc.domain.texts import template
from injurydoc.store.database import Database
from injurydoc.sync.outbox import Outbox, StoreConnection

if TYPE_CHECKING:
    from injurydoc.services.session import Session

__all__ = [
    "STANDALONE",
    "SYNC_CODES",
    "Conflict",
    "ConflictVersion",
    "SyncStatus",
    "attention_message",
    "counts",
    "list_conflicts",
    "local_status",
    "openable_conflicts",
    "parse_time",
    "refusal_reason",
    "signed_elsewhere_params",
]

Mode = Literal["standalone", "unit"]
State = Literal["online", "offline", "sending", "attention"]

#: The sync's own attention codes, worded as ``sync_error.<name>`` in domain/texts.py.  Server refusals
#: use the server's codes (``server.*``, :mod:`injurydoc.server.errors`).
SYNC_CODES: Final = frozenset({"sync.refused", "sync.failed", "sync.signed_elsewhere"})


@dataclass(frozen=True)
class SyncStatus:
    """What the status bar shows.  ``state``: ``online`` (the last sync reached the server),
    ``offline`` (it did not; ``offline_since`` says since when), ``sending`` (a push is running;
    ``bytes_sent``/``bytes_total`` count photo bytes), ``attention`` (``attention`` names what needs a
    person).  ``unsent``: outbox entries not yet confirmed by the server, ``photos_to_send`` those of
    them that are photos."""

    mode: Mode
    state: State
    offline_since: dt.datetime | None = None
    unsent: int = 0
    photos_to_send: int = 0
    bytes_sent: int = 0
    bytes_total: int = 0
    conflicts: int = 0
    last_sync: dt.datetime | None = None
    attention: str | None = None
    #: the values of the attention message (kind, reason), for :func:`attention_message`
    attention_params: tuple[tuple[str, str], ...] = ()


#: The status of a standalone store: there is no server and nothing to send.
STANDALONE: Final = SyncStatus(mode="standalone", state="online")


def attention_message(status: SyncStatus, lang: Lang = "sv") -> str:
    """The words for :attr:`SyncStatus.attention` ("" when nothing needs a person)."""
    code = status.attention
    if code is None:
        return ""
    params = dict(status.attention_params)
    if lang != "sv" and "reason_en" in params:
        params["reason"] = params["reason_en"]
    if code in SYNC_CODES:
        return template("sync_error." + code.removeprefix("sync."), lang).format_map(_Missing(params))
    from injurydoc.server.errors import ServerError

    return ServerError(code, **params).message(lang)


class _Missing(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


# ----- local reads (no network) ----------------------------------------------------------------------------
def counts(db: Database) -> tuple[int, int, int, int]:
    """(entries, photo entries, photo bytes, conflicts) in the store.  Entries of the access log are
    sent too but not counted: the person sees what they made that has not arrived.  Conflicts: only
    those this account may open here (:func:`openable_conflicts`)."""
    row = db.one(
        "SELECT coalesce(sum(kind <> 'log'), 0), coalesce(sum(kind = 'photo'), 0),"
        " coalesce(sum(CASE WHEN kind = 'photo' THEN length(blob) ELSE 0 END), 0) FROM sync_outbox"
    )
    conflicts = len(openable_conflicts(db))
    if row is None:
        return 0, 0, 0, conflicts
    return int(row[0]), int(row[1]), int(row[2]), conflicts


def _clinical(db: Database, account_id: str) -> bool:
    """The cache's account takes part in care (``services.access.is_clinical``, from the store alone)."""
    return "clinician" in _roles(db, account_id) or (_training(db) and "trainer" in _roles(db, account_id))


def _roles(db: Database, account_id: str) -> set[str]:
    return {str(r[0]) for r in db.all("SELECT role FROM account_roles WHERE account_id = ?", (account_id,))}


def _training(db: Database) -> bool:
    return bool(db.scalar("SELECT value FROM meta WHERE key = 'purpose'") == "training")


def openable_conflicts(db: Database) -> list[tuple[str, str, str]]:
    """``(examination id, patient id, version ids as JSON)`` of the conflicts the cache's account may
    open here, oldest first: the examination is in the cache's tables, the person is one the account may
    see (a clinician: anyone without protection; otherwise the account's own case or a grant still
    valid, ``services.access.visible_clause``), and a protected person's key opens here (the account's
    wrap on this connection, ``store/protected.py``).  A conflict row of anything else — a case no
    longer granted, a protected person without a wrap, a row planted by raw SQL — is neither counted
    nor listed.  From the store alone (the sync runner's own connection has no session)."""
    from injurydoc.store import patients as patients_repo
    from injurydoc.store import protected

    me = Outbox(StoreConnection(db)).get_state("account_id") or ""
    roles = _roles(db, me)
    if not me or (not _training(db) and "trainer" in roles and "clinician" not in roles):
        return []  # a trainer only, in a real store, opens no clinical content (services.access)
    visible = (
        "(p.created_by = ? OR EXISTS (SELECT 1 FROM access_grants g WHERE g.patient_id = p.id"
        f" AND g.account_id = ? AND {patients_repo.GRANT_VALID}))"
    )
    if _clinical(db, me):
        visible = patients_repo.VISIBLE_TO
    rows = db.all(
        "SELECT c.examination_id, e.patient_id, c.version_ids FROM sync_conflicts c"
        " JOIN examinations e ON e.id = c.examination_id JOIN patients p ON p.id = e.patient_id"
        f" WHERE {visible} ORDER BY c.found_at, c.examination_id",
        (me, me),
    )
    out = []
    for exam_id, patient_id, version_ids in rows:
        pid = str(patient_id)
        if protected.person_is_sealed(db, pid) and protected.cipher_of(db, pid) is None:
            continue  # a protected person whose key this account does not hold here
        out.append((str(exam_id), pid, str(version_ids)))
    return out


def parse_time(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return None


def local_status(session: Session) -> SyncStatus:
    """The status from the store alone (no network): the mode, what is unsent, the conflicts, the last
    sync.  For a standalone store :data:`STANDALONE`.  A running runner's :meth:`SyncRunner.status` is
    fresher; this is what the start page shows before the runner has started."""
    from injurydoc.services import unit_mode

    if not unit_mode.is_unit(session.db):
        return STANDALONE
    unsent, photos, size, conflicts = counts(session.db)
    ob = Outbox(StoreConnection(session.db))
    status = SyncStatus(
        mode="unit",
        state="offline",
        unsent=unsent,
        photos_to_send=photos,
        bytes_total=size,
        conflicts=conflicts,
        last_sync=parse_time(ob.get_state("synced_at")),
    )
    aside = signed_elsewhere_params(ob)
    if aside:
        return dataclasses.replace(
            status, state="attention", attention="sync.signed_elsewhere", attention_params=aside
        )
    return status


def signed_elsewhere_params(ob: Outbox) -> tuple[tuple[str, str], ...]:
    """The attention values while records of a draft signed first on another workstation are set
    aside here (sync/set_aside.py): the case numbers; () when there are none."""
    from injurydoc.sync import set_aside

    refs = [str(r.get("case_ref") or r.get("examination_id")) for r in set_aside.pending(ob)]
    return (("cases", ", ".join(refs)),) if refs else ()


# ----- conflicts -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ConflictVersion:
    id: str
    author_id: str
    saved_at: str
    content: dict[str, Any]


@dataclass(frozen=True)
class Conflict:
    """A draft edited on two (or more) workstations while offline: every version, none chosen yet."""

    examination_id: str
    patient_id: str
    versions: tuple[ConflictVersion, ...]


def list_conflicts(session: Session) -> list[Conflict]:
    """The drafts in conflict with each version's content, for the editor to show side by side.  A
    protected person's versions are ciphertext as the server holds them: opened with the person's key
    (this account's wrap in the cache, ``store/protected.py``); without it the conflict is not listed
    (no plain text and no ciphertext is shown)."""
    from injurydoc.server.errors import ServerError
    from injurydoc.store import protected
    from injurydoc.sync import sealed

    out: list[Conflict] = []
    for exam_id, _patient, version_ids in openable_conflicts(session.db):
        row = session.db.one(
            "SELECT patient_id, body FROM sync_cache WHERE kind = 'examination' AND id = ?", (exam_id,)
        )
        if row is None:
            continue
        body = json.loads(row[1])
        if any(isinstance(v, dict) and v.get("content_ciphertext") for v in body.get("versions") or []):
            fc = protected.cipher_of(session.db, str(row[0] or ""))
            if fc is None:
                continue
            unit = Outbox(StoreConnection(session.db)).get_state("unit_id") or ""
            try:
                body, _stored = sealed.open_examination(body, fc.key, unit)
            except ServerError:
                continue  # does not open with the key held here: not shown
        wanted = set(json.loads(version_ids))
        versions = tuple(
            ConflictVersion(
                id=str(v["id"]),
                author_id=str(v.get("author_id") or ""),
                saved_at=str(v.get("client_saved_at") or v.get("received_at") or ""),
                content=v.get("content") if isinstance(v.get("content"), dict) else {},
            )
            for v in body.get("versions") or []
            if str(v.get("id")) in wanted
        )
        out.append(Conflict(str(exam_id), str(row[0] or ""), versions))
    return out


def refusal_reason(status: SyncStatus, lang: Lang) -> str:
    """Only the server's reason of a refused entry (for a detail line)."""
    params = dict(status.attention_params)
    return params.get("reason" if lang == "sv" else "reason_en", "")
