"""Reading and checking the access log (loggkontroll) — unit managers only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from injurydoc.domain.models import AuditEvent
from injurydoc.domain.vocab import AuditAction, Role
from injurydoc.services.session import Session
from injurydoc.store import audit


@dataclass(frozen=True, slots=True)
class AuditFilter:
    account_id: str | None = None
    patient_id: str | None = None
    action: AuditAction | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None


def filter_sql(f: AuditFilter) -> tuple[str, list[Any]]:
    """The WHERE condition and parameters selecting the access-log rows ``f`` asks for."""
    where: list[str] = ["1"]
    params: list[Any] = []
    for column, value in (
        ("account_id = ?", f.account_id),
        ("patient_id = ?", f.patient_id),
        ("action = ?", f.action.code if f.action else None),
        ("at >= ?", audit.iso(f.since) if f.since else None),
        ("at < ?", audit.iso(f.until) if f.until else None),
    ):
        if value:
            where.append(column)
            params.append(value)
    return " AND ".join(where), params


@dataclass(frozen=True, slots=True)
class VerifyResult:
    rows: int
    whole: bool
    first_broken_seq: int | None
    problem: str


class AuditService:
    def __init__(self, session: Session) -> None:
        self.s = session

    def events(self, f: AuditFilter = AuditFilter(), *, limit: int = 1000) -> list[AuditEvent]:
        """Access-log rows, newest first; reading them is itself logged."""
        self.s.require(Role.UNIT_MANAGER)
        where, params = filter_sql(f)
        rows = self.s.db.all(
            "SELECT seq, at, account_id, username, unit, action, outcome, patient_id, target, "
            f"details, prev_hash, hash FROM audit_log WHERE {where} "
            "ORDER BY seq DESC LIMIT ?",
            [*params, limit],
        )
        with self.s.transaction():
            self.s.audit(
                AuditAction.LOG_REVIEW,
                patient_id=f.patient_id,
                target="audit_log",
                details={
                    "rows": len(rows),
                    "filtered_by": [c.split(" ")[0] for c in where.split(" AND ")[1:]],
                },
            )
        return [audit.to_event(r) for r in rows]

    def verify(self) -> VerifyResult:
        """Check the whole chain and the anchor; name the first broken row."""
        self.s.require(Role.UNIT_MANAGER)
        anchor, anchor_problem = audit.read_anchor(self.s.vault.folder, self.s.vault.data_key)
        report = audit.verify_chain(self.s.db, self.s.vault.store_id, anchor)
        problem = report.problem or anchor_problem
        result = VerifyResult(
            rows=report.rows,
            whole=report.whole and not anchor_problem,
            first_broken_seq=report.first_broken_seq,
            problem=problem,
        )
        if result.whole:
            # Record the check itself only on a whole chain: appending to a broken one would make
            # the next check start from a row written after the damage.
            with self.s.transaction():
                self.s.audit(
                    AuditAction.LOG_REVIEW,
                    target="audit_log",
                    details={"verified_rows": report.rows},
                )
        return result
