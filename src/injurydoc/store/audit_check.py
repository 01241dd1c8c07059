"""Verifying the whole access log: the chain, the signed checkpoints, the anchor and outside pins.

One pass over the rows (the chain as in :func:`audit.verify_chain`), then each checkpoint: its row still
has the hash that was signed, the row was written by the signer, the signer's key is certified by the
unit key and was not withdrawn before, and the signature holds.  A break is reported with *whose key
could not have made it*: when a row was changed after a checkpoint, whoever changed it could not remake
that checkpoint's signature without the signer's private key.

Rows a session wrote after its last checkpoint, when the program was stopped before it could sign
again, are not breaks but are named as *not confirmed by their writer*.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from injurydoc.domain.errors import KnownError
from injurydoc.domain.texts import Lang, text
from injurydoc.store import audit
from injurydoc.store import key_registry as keys_repo
from injurydoc.store.database import Database
from injurydoc.store.key_registry import Trust, UntrustedKey
from injurydoc.store.keyslots import KeySlots, Slot
from injurydoc.store.layout import KEYSLOTS_FILE
from injurydoc.store.personal_keys import fingerprint
from injurydoc.store.schema import PROTECTIVE_TRIGGERS

_MAX_BREAKS = 50
#: Log events that `audit verify` reads: the valid key slots after each change, and withdrawn keys.
KEY_SLOTS = "key_slots"
KEYS_WITHDRAWN = "keys_withdrawn"


def slot_snapshot(slots: Iterable[Slot]) -> dict[str, str]:
    """Subject -> the first 16 hex digits of its slot's digest: what the log records as valid."""
    return {keys_repo.slot_subject(s): s.digest()[:16] for s in slots}


#: Said after a forged signature when it does verify under someone's certified key.
#: Problems with a key (key_registry.UntrustedKey) in Swedish; others are shown as they are.
_UNTRUSTED_SV = {
    "the key has not been certified by a unit manager": "nyckeln har inte certifierats av en enhetschef",
    "the certificate was not made with the unit key": "certifikatet är inte gjort med enhetsnyckeln",
    "the certificate belongs to another account or store": "certifikatet hör till ett annat konto eller "
    "en annan databas",
    "the public key differs from the certified one (substituted)": "den publika nyckeln skiljer sig från "
    "den certifierade (utbytt)",
    "the certificate names another unit key": "certifikatet anger en annan enhetsnyckel",
}
_WHERE_SV = {"the store's slot registry": "databasens register över nyckelplatser"}
_NAMES = ("who", "writer", "subject", "made_by")


def _genitive(name: str, lang: str) -> str:
    if lang == "en":
        return name + "'s"
    return name if name[-1:].lower() in ("s", "x", "z") else name + "s"


def _sv_value(key: str, value: str) -> str:
    if key in _NAMES and value == "recovery code":
        return "återställningskoden"
    if key == "problem":
        if value.startswith("no key of generation "):
            return value.replace("no key of generation ", "ingen nyckel av generation ").replace(
                " is recorded", " finns"
            )
        return _UNTRUSTED_SV.get(value, value)
    if key == "where":
        return _WHERE_SV.get(value, value)
    if key == "source":
        if value.startswith("this computer (on ") and value.endswith(")"):
            return "den här datorn (" + value[len("this computer (on ") : -1] + ")"
        if value.startswith("the backup "):
            return "säkerhetskopian " + value[len("the backup ") :]
    return value


def _shown_time(at: str) -> str:
    """An ISO time as ``YYYY-MM-DD HH:MM:SS UTC``."""
    return at[:19].replace("T", " ") + " UTC" if len(at) >= 19 else at


@dataclass(frozen=True, slots=True)
class Break:
    seq: int | None  # the row where it shows (None: not tied to one row)
    code: str  # audit_chain.break.<code> in domain/texts.py
    params: dict[str, str] = field(default_factory=dict)
    key_of: str = ""  # whose key the forger did not hold ("" when no one's signature is involved)
    made_by: str = ""  # whose certified key the forged signature verifies with, when anyone's
    at: str = ""  # the time of row ``seq``
    after: str = ""  # for a missing row: the time of the row before …
    before: str = ""  # … and after the gap

    def text(self, lang: str = "en") -> str:
        """What was found, in Swedish (``"sv"``) or English."""
        sv = lang == "sv"
        values = {k: _sv_value(k, v) if sv else v for k, v in self.params.items()}
        if sv:  # a value given in both languages
            values |= {k[:-3]: v for k, v in self.params.items() if k.endswith("_sv")}
        if self.made_by:
            values["made_by"] = _sv_value("made_by", self.made_by) if sv else self.made_by
        values |= {f"{k}_gen": _genitive(values[k], lang) for k in _NAMES if k in values}
        values["seq"] = str(self.seq) if self.seq is not None else "–"
        chosen: Lang = "sv" if lang == "sv" else "en"
        found = text(f"audit_chain.break.{self.code}", chosen, **values)
        return found + (text("audit_chain.made_with", chosen, **values) if self.made_by else "")

    def when(self, lang: str = "en") -> str:
        """The time of the row (``2026-12-05 10:03:12 UTC``), for a missing row the times around it;
        "" when not tied to a row."""
        if self.at:
            return _shown_time(self.at)
        if self.after or self.before:
            after = _shown_time(self.after) if self.after else "–"
            before = _shown_time(self.before) if self.before else "–"
            return text("audit_chain.between", "sv" if lang == "sv" else "en", after=after, before=before)
        return ""

    @property
    def problem(self) -> str:
        return self.text("en")


@dataclass(frozen=True, slots=True)
class Unconfirmed:
    who: str
    first: int
    last: int
    rows: int


@dataclass(frozen=True, slots=True)
class Pin:
    """A head recorded outside the store: a backup, an evidence package, a paper note, this computer."""

    seq: int
    hash: str
    source: str


@dataclass
class LogReport:
    rows: int = 0
    head: tuple[int, str] | None = None
    checkpoints: int = 0
    countersigned_to: int | None = None
    unit_fingerprint: str = ""
    breaks: list[Break] = field(default_factory=list)
    unconfirmed: list[Unconfirmed] = field(default_factory=list)

    @property
    def whole(self) -> bool:
        return not self.breaks

    @property
    def first_broken_seq(self) -> int | None:
        seqs = [b.seq for b in self.breaks if b.seq is not None]
        return min(seqs) if seqs else None

    @property
    def problem(self) -> str:
        if not self.breaks:
            return ""
        first = min(self.breaks, key=lambda b: (b.seq is None, b.seq or 0))
        return first.problem

    def add(self, seq: int | None, code: str, key_of: str = "", made_by: str = "", **params: object) -> None:
        if len(self.breaks) < _MAX_BREAKS:
            values = {k: str(v) for k, v in params.items()}
            self.breaks.append(Break(seq, code, values, key_of, made_by))


def verify_log(
    db: Database,
    store_id: str,
    *,
    folder: Path,
    data_key: bytes,
    pins: Sequence[Pin] = (),
    pinned_unit_key: str | None = None,
) -> LogReport:
    """Check everything; ``pinned_unit_key`` is the unit key's fingerprint as known outside the store."""
    report = LogReport()
    unit_key = keys_repo.unit_key_public(db)
    keyed_at = keys_repo.keyed_at_seq(db)
    trust: Trust | None = None
    if unit_key is not None:
        if len(unit_key) != 32:
            report.add(None, "unit_key_damaged")
        else:
            trust = Trust(db, store_id, unit_key)
            report.unit_fingerprint = trust.unit_fingerprint
            if pinned_unit_key and pinned_unit_key != report.unit_fingerprint:
                report.add(None, "unit_key_replaced", found=report.unit_fingerprint, pinned=pinned_unit_key)
    elif keyed_at is not None or db.scalar("SELECT count(*) FROM audit_checkpoints"):
        report.add(None, "unit_key_removed")

    _check_triggers(db, report)
    checkpoints = {
        int(r[0]): r
        for r in db.all("SELECT seq, hash, signer, generation, kind, at, signature FROM audit_checkpoints")
    }
    anchor, anchor_problem = audit.load_anchor(folder)
    wanted = set(checkpoints) | {p.seq for p in pins} | ({anchor.seq} if anchor else set())
    events: list[tuple[int, str, dict[str, Any]]] = []
    seen = _walk_chain(db, store_id, report, wanted, checkpoints, keyed_at, events)
    if trust is not None:
        retired = _check_key_events(report, trust, events, folder)
        _check_checkpoints(report, trust, store_id, checkpoints, seen, keyed_at, retired)
    _check_anchor(report, trust, store_id, anchor, anchor_problem, seen, data_key)
    for pin in pins:
        found = seen.get(pin.seq)
        if found is None or found[0] != pin.hash:
            what = "pin_missing" if found is None else "pin_other"
            report.add(pin.seq, what, source=pin.source, hash=pin.hash[:16])
    _place(db, report)
    return report


_ANCHOR_PROBLEMS = {
    "the anchor file is unreadable": "anchor_unreadable",
    "the anchor file is of an unknown kind": "anchor_unknown",
    "the anchor file has been altered": "anchor_altered",
}


def _made_by(trust: Trust, signature: bytes, body: bytes) -> str:
    """Whose certified key a signature that is not the claimed signer's does verify with ("" if none):
    the forger, when they used their own key."""
    for rec in keys_repo.history(trust.db):
        try:
            trust.keys(rec.subject, rec.keys.generation)
        except UntrustedKey:
            continue
        if rec.keys.verify(signature, body):
            return trust.name(rec.subject)
    return ""


def _place(db: Database, report: LogReport) -> None:
    """Each break's time: its row's, or for a missing row the times of the rows around the gap."""
    placed: list[Break] = []
    for b in report.breaks:
        if b.seq is None:
            placed.append(b)
            continue
        at = db.scalar("SELECT at FROM audit_log WHERE seq = ?", (b.seq,))
        if at is not None:
            placed.append(dataclasses.replace(b, at=str(at)))
            continue
        after = db.scalar("SELECT at FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT 1", (b.seq,))
        before = db.scalar("SELECT at FROM audit_log WHERE seq > ? ORDER BY seq LIMIT 1", (b.seq,))
        placed.append(dataclasses.replace(b, after=str(after or ""), before=str(before or "")))
    report.breaks = placed


def _check_triggers(db: Database, report: LogReport) -> None:
    triggers = {r[0] for r in db.all("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    missing = [t for t in PROTECTIVE_TRIGGERS if t not in triggers]
    if missing:
        report.add(None, "triggers_removed", names=", ".join(missing))


# (hash, writer) of the rows whose seq is wanted
_Seen = dict[int, tuple[str, str]]


def _walk_chain(
    db: Database,
    store_id: str,
    report: LogReport,
    wanted: set[int],
    checkpoints: dict[int, tuple[Any, ...]],
    keyed_at: int | None,
    events: list[tuple[int, str, dict[str, Any]]],
) -> _Seen:
    seen: _Seen = {}
    prev = audit.genesis_hash(store_id)
    expected = 1
    chain_broken = False
    # Per writer: the run of rows not yet covered by a checkpoint of theirs: [first, last, count].
    open_runs: dict[str, list[int]] = {}
    cur = db.execute(
        "SELECT seq, at, account_id, username, unit, action, outcome, patient_id, target, details, "
        "prev_hash, hash FROM audit_log ORDER BY seq"
    )
    for row in cur:
        report.rows += 1
        seq = int(row[0])
        stored = str(row[11])
        if not chain_broken:
            if seq != expected:
                report.add(expected, "row_missing")
                chain_broken = True
            elif row[10] != prev:
                report.add(seq, "row_not_chained")
                chain_broken = True
            elif audit.row_hash(prev, seq, *row[1:10]) != stored:
                report.add(seq, "row_changed")
                chain_broken = True
        prev = stored
        expected = seq + 1
        writer = audit.row_writer(row[2], str(row[3]))
        if row[5] == "account" and (KEY_SLOTS in row[9] or KEYS_WITHDRAWN in row[9]):
            try:
                details = json.loads(row[9])
            except ValueError:
                details = {}
            if isinstance(details, dict) and details.get("event") in (KEY_SLOTS, KEYS_WITHDRAWN):
                events.append((seq, writer, details))
        if seq in wanted:
            seen[seq] = (stored, writer)
        report.head = (seq, stored)
        if keyed_at is not None and seq > keyed_at:
            run = open_runs.get(writer)
            if run is None:
                open_runs[writer] = [seq, seq, 1]
            else:
                run[1], run[2] = seq, run[2] + 1
        cp = checkpoints.get(seq)
        if cp is not None and cp[2] == writer:
            open_runs.pop(writer, None)
    report.checkpoints = len(checkpoints)
    # Kept for the anchor check, which may confirm the newest run of its signer.
    report.unconfirmed = [Unconfirmed(w, r[0], r[1], r[2]) for w, r in open_runs.items()]
    return seen


def _check_checkpoints(
    report: LogReport,
    trust: Trust,
    store_id: str,
    checkpoints: dict[int, tuple[Any, ...]],
    seen: _Seen,
    keyed_at: int | None,
    retired: dict[tuple[str, int], int],
) -> None:
    if keyed_at is not None:
        cp = checkpoints.get(keyed_at)
        if cp is None or cp[4] != "keyed":
            report.add(keyed_at, "keyed_missing")
    for seq in sorted(checkpoints):
        _, signed_hash, signer, generation, kind, at, signature = checkpoints[seq]
        signer, generation = str(signer), int(str(generation))
        who = trust.name(signer)
        found = seen.get(seq)
        if found is None:
            report.add(seq, "signed_row_missing", who, who=who)
            continue
        stored, writer = found
        if stored != signed_hash:
            report.add(seq, "changed_after_signed", who, who=who)
            continue
        if writer != signer:
            report.add(seq, "checkpoint_writer", who, who=who, writer=trust.name(writer))
            continue
        try:
            rec = trust.keys(signer, generation)
        except UntrustedKey as exc:
            report.add(seq, "checkpoint_untrusted", exc.who, who=exc.who, problem=exc.problem)
            continue
        body = audit.checkpoint_body(store_id, seq, str(signed_hash), signer, generation, str(kind), str(at))
        if not rec.keys.verify(bytes(signature), body):
            report.add(seq, "checkpoint_forged", who, _made_by(trust, bytes(signature), body), who=who)
            continue
        withdrawn = retired.get((signer, generation))
        if withdrawn is None and rec.retired_seq is not None:
            withdrawn = int(rec.retired_seq)
        if withdrawn is not None and seq > withdrawn:
            report.add(seq, "signed_after_withdrawal", who, who=who, withdrawn=withdrawn)
            continue
        if kind in ("countersign", "keyed") and trust.is_manager(signer):
            report.countersigned_to = seq


def _check_key_events(
    report: LogReport, trust: Trust, events: list[tuple[int, str, dict[str, Any]]], folder: Path
) -> dict[tuple[str, int], int]:
    """Withdrawn keys and key-slot changes as the log records them: each written by someone allowed
    to; the slot registry and keyslots.json as the newest record says.  Returns (subject, generation)
    -> the row that withdrew it."""
    retired: dict[tuple[str, int], int] = {}
    snapshot: dict[str, str] | None = None
    snapshot_seq = 0
    for seq, writer, details in events:
        if details["event"] == KEYS_WITHDRAWN:
            subject, generation = str(details.get("subject")), details.get("generation")
            if not trust.is_manager(writer):
                report.add(
                    seq, "withdrawal_not_manager", subject=trust.name(subject), writer=trust.name(writer)
                )
            elif isinstance(generation, int):
                retired.setdefault((subject, generation), seq)
            continue
        slots = details.get("slots")
        if not isinstance(slots, dict):
            report.add(seq, "slots_unreadable")
            continue
        changed = [k for k, v in slots.items() if snapshot is None or snapshot.get(k) != v]
        for subject in changed:
            if snapshot is not None and writer != subject and not trust.is_manager(writer):
                report.add(seq, "slot_not_allowed", subject=trust.name(subject), writer=trust.name(writer))
        snapshot, snapshot_seq = {str(k): str(v) for k, v in slots.items()}, seq
    if snapshot is None:
        return retired
    registry = {st.subject: st.digest[:16] for st in keys_repo.valid_slots(trust.db).values()}
    _compare_slots(report, trust, snapshot, snapshot_seq, registry, "the store's slot registry")
    try:
        on_disk = slot_snapshot(KeySlots.load(folder / KEYSLOTS_FILE).slots)
    except KnownError as exc:
        report.add(None, "keyslots_unreadable", detail=exc.message("en"), detail_sv=exc.message("sv"))
        return retired
    _compare_slots(report, trust, snapshot, snapshot_seq, on_disk, "keyslots.json")
    return retired


def _compare_slots(
    report: LogReport, trust: Trust, logged: dict[str, str], seq: int, found: dict[str, str], where: str
) -> None:
    for subject in sorted(set(logged) | set(found)):
        if logged.get(subject) != found.get(subject):
            what = "slot_missing" if subject not in found else "slot_other"
            report.add(None, what, subject=trust.name(subject), where=where, row=seq)


def _check_anchor(
    report: LogReport,
    trust: Trust | None,
    store_id: str,
    anchor: audit.Anchor | None,
    anchor_problem: str,
    seen: _Seen,
    data_key: bytes,
) -> None:
    if anchor is None:
        if anchor_problem:
            report.add(None, _ANCHOR_PROBLEMS.get(anchor_problem, "anchor_unreadable"))
        elif report.rows:
            report.add(None, "anchor_missing")
        return
    head_seq = report.head[0] if report.head else 0
    if anchor.seq > head_seq:
        report.add(head_seq + 1, "rows_removed", first=head_seq + 1, last=anchor.seq)
        return
    found = seen.get(anchor.seq)
    if anchor.version == 1:
        if trust is not None:
            report.add(None, "anchor_old_kind")
        elif not audit.v1_anchor_ok(anchor, data_key):
            report.add(None, "anchor_altered")
        elif found is None or found[0] != anchor.hash:
            report.add(anchor.seq, "anchor_row_v1")
        return
    if trust is None:
        report.add(None, "anchor_without_keys")
        return
    who = trust.name(anchor.signer)
    if found is None or found[0] != anchor.hash:
        report.add(anchor.seq, "anchor_row_changed", who, who=who)
        return
    if found[1] != anchor.signer:
        report.add(anchor.seq, "anchor_writer", who, who=who)
        return
    try:
        rec = trust.keys(anchor.signer, anchor.generation)
    except UntrustedKey as exc:
        report.add(anchor.seq, "anchor_untrusted", exc.who, who=exc.who, problem=exc.problem)
        return
    if not rec.keys.verify(anchor.signature, anchor.body(store_id)):
        made_by = _made_by(trust, anchor.signature, anchor.body(store_id))
        report.add(anchor.seq, "anchor_forged", who, made_by, who=who)
        return
    # The anchor confirms its signer's newest rows.
    report.unconfirmed = [
        u for u in report.unconfirmed if not (u.who == anchor.signer and u.last <= anchor.seq)
    ]


def describe_unconfirmed(report: LogReport, trust_names: dict[str, str]) -> list[str]:
    return [
        f"rows {u.first}–{u.last} ({u.rows}) written as {trust_names.get(u.who, u.who)} are not confirmed "
        "by their writer's signature"
        for u in report.unconfirmed
    ]


def head_for_manifest(db: Database) -> dict[str, object] | None:
    """The chain head as written into backups and evidence packages: external copies pin the log."""
    head = audit.head(db)
    if head is None:
        return None
    unit_key = keys_repo.unit_key_public(db)
    doc: dict[str, object] = {"seq": head[0], "hash": head[1]}
    if unit_key:
        doc["unit_key"] = fingerprint(unit_key)
    return doc


def pin_from_manifest(doc: object, source: str) -> Pin | None:
    if not isinstance(doc, dict):
        return None
    head = doc.get("access_log_head")
    if not isinstance(head, dict):
        return None
    try:
        return Pin(int(head["seq"]), str(head["hash"]), source)
    except (KeyError, TypeError, ValueError):
        return None


def parse_pin(text: str, source: str) -> Pin:
    """``SEQ:HASH`` as written down from ``audit verify``."""
    seq, _, h = text.strip().partition(":")
    if not seq.isdigit() or len(h) != 64 or any(c not in "0123456789abcdef" for c in h.lower()):
        raise ValueError("expected ROW:SHA256")
    return Pin(int(seq), h.lower(), source)
