"""Reading and checking the access log (loggkontroll) — unit managers only."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from injurydoc.domain.models import AuditEvent
from injurydoc.domain.texts import text
from injurydoc.domain.vocab import AuditAction, Role
from injurydoc.services.session import Session
from injurydoc.store import audit, audit_check
from injurydoc.store.audit_check import Pin


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
class BreakLine:
    """One break as the manager reads it: where (row and time) and what, in Swedish and English, and
    whose key the one who made the change did not hold ("" when no one's signature is involved)."""

    seq: int | None
    when_sv: str  # the row's time, or the times around a missing row; "" when not tied to a row
    when_en: str
    what_sv: str
    what_en: str
    key_of: str = ""

    def when(self, lang: str) -> str:
        return self.when_sv if lang == "sv" else self.when_en

    def what(self, lang: str) -> str:
        return self.what_sv if lang == "sv" else self.what_en

    def text(self, lang: str) -> str:
        """``Rad 57 (2026-12-05 10:03:12 UTC): …`` — the whole line."""
        where = self._where(lang)
        text = f"{where}: {self.what(lang)}" if where else self.what(lang)
        return text[:1].upper() + text[1:]

    def _where(self, lang: str) -> str:
        if self.seq is None:
            return ""
        row = text("log.row", "en" if lang == "en" else "sv", n=self.seq)
        return f"{row} ({self.when(lang)})" if self.when(lang) else row


def _line(b: audit_check.Break) -> BreakLine:
    return BreakLine(b.seq, b.when("sv"), b.when("en"), b.text("sv"), b.text("en"), b.key_of)


@dataclass(frozen=True, slots=True)
class VerifyResult:
    rows: int
    whole: bool
    first_broken_seq: int | None
    problem: str
    #: every break found: (row or None, what, whose key the forger did not hold or "")
    breaks: tuple[tuple[int | None, str, str], ...] = ()
    #: not breaks, but worth a look: rows not confirmed by their writer, pins found changed at sign-in
    notes: tuple[str, ...] = ()
    #: the newest row and its hash: write it down (``audit verify --expect-head``) to pin the log
    head: tuple[int, str] | None = None
    unit_fingerprint: str = ""
    countersigned_to: int | None = None
    #: every break, where and what, in both languages (``breaks`` holds the English for --json)
    lines: tuple[BreakLine, ...] = ()


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

    def verify(self, pins: Sequence[Pin] = ()) -> VerifyResult:
        """Check the chain, the signed checkpoints, the anchor, this computer's pin and ``pins``
        (heads recorded in backups, packages or on paper); name each break and whose key it shows."""
        from injurydoc.services import keys

        self.s.require(Role.UNIT_MANAGER)
        mine = keys.this_computer_pin(self.s)
        report = keys.check_log(self.s, [*pins, *([mine] if mine else [])])
        names = {u.who: _name(self.s, u.who) for u in report.unconfirmed}
        notes = [
            f"rows {u.first}–{u.last} ({u.rows}) written as {names[u.who]} are not confirmed by "
            f"{names[u.who]}'s signature: the session ended without signing, or someone else wrote them"
            for u in report.unconfirmed
        ]
        notes += [
            f"row {seq}: {user} signed in on a computer that had seen row {pinned}, which the log no "
            "longer held"
            for seq, user, pinned in _pin_mismatches(self.s)
        ]
        result = VerifyResult(
            rows=report.rows,
            whole=report.whole,
            first_broken_seq=report.first_broken_seq,
            problem=report.problem,
            breaks=tuple((b.seq, b.problem, b.key_of) for b in report.breaks),
            notes=tuple(notes),
            head=report.head,
            unit_fingerprint=report.unit_fingerprint,
            countersigned_to=report.countersigned_to,
            lines=tuple(_line(b) for b in report.breaks),
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


def _name(s: Session, subject: str) -> str:
    from injurydoc.store.personal_keys import RECOVERY

    if subject == RECOVERY:
        return "recovery code"
    return str(s.db.scalar("SELECT username FROM accounts WHERE id = ?", (subject,)) or subject[:8])


def _pin_mismatches(s: Session) -> list[tuple[int, str, int]]:
    rows = s.db.all(
        "SELECT seq, username, details FROM audit_log WHERE action = 'signed_in' "
        "AND details LIKE '%log_pin_mismatch%' ORDER BY seq"
    )
    found = []
    for seq, user, details in rows:
        try:
            pinned = int(json.loads(details)["log_pin_mismatch"])
        except (ValueError, KeyError, TypeError):
            continue
        found.append((int(seq), str(user), pinned))
    return found


# cli/ reads pins written down by hand or found in backups through these (store/ is below services/).
def parse_pin(text: str, source: str) -> Pin:
    return audit_check.parse_pin(text, source)


def pin_from_manifest(manifest: Any, source: str) -> Pin | None:
    return audit_check.pin_from_manifest(manifest, source)
