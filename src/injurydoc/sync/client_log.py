"""A row the sync writes to this workstation's access log, queued for the unit's log as well.

The session's own log rows reach the unit's log through ``services.unit_queue`` (``source = 'client'``).
Rows the sync itself writes — records set aside (``sync/set_aside.py``), a key refused a protected
person's key (``sync/sealed.py``) — are written on the sync's connection, with no session: this queues
the same row for the unit's log, with the local row's number and hash (``client_entry``) so that a row
sent twice is recognised as one, and this workstation's id (``sync_state`` key ``workstation_id``, written
by the services that know it) so that the unit manager sees where it came from.  Details never hold
patient data.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from injurydoc.domain.vocab import AuditAction, AuditOutcome
from injurydoc.store import audit
from injurydoc.sync.outbox import Outbox

__all__ = ["WORKSTATION", "append"]

#: sync_state: this workstation's id on the unit server (set by the services, which know it)
WORKSTATION = "workstation_id"


def append(
    db: Any,
    outbox: Outbox,
    *,
    action: AuditAction,
    outcome: AuditOutcome = AuditOutcome.OK,
    patient_id: str | None,
    target: str,
    details: dict[str, Any],
) -> int:
    """The row in this workstation's log and queued for the unit's (inside the caller's transaction).
    Returns the local row's number."""
    meta = {str(k): str(v) for k, v in db.all("SELECT key, value FROM meta")}
    account_id = outbox.get_state("account_id") or ""
    row = db.one("SELECT username FROM accounts WHERE id = ?", (account_id,))
    seq, row_hash = audit.append_row(
        db,
        store_id=meta.get("store_id", ""),
        account_id=account_id or None,
        username="" if row is None else str(row[0]),
        unit=meta.get("unit_name", ""),
        action=action,
        outcome=outcome,
        patient_id=patient_id,
        target=target,
        details=details,
    )
    entry = {"store": meta.get("store_id", ""), "seq": seq, "hash": row_hash}
    client_entry = json.dumps(entry, sort_keys=True)
    outbox.add(
        "log",
        f"{meta.get('store_id', '')}:{seq}",
        {
            "unit_id": outbox.get_state("unit_id"),
            "account_id": account_id or None,
            "source": "client",
            "action": action.code,
            "outcome": outcome.code,
            "patient_id": patient_id,
            "target": target,
            "details": details,
            "workstation_id": outbox.get_state(WORKSTATION) or None,
            "client_at": dt.datetime.now(dt.UTC).isoformat(),
            "client_entry": client_entry.encode().hex(),
        },
    )
    return seq
