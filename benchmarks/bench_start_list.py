"""The start page's list as a clinician sees it now against the same list before issue 14, in one run.

Fixture: one unit, a manager and ten clinicians, each with the personal keys the program makes (certified
by the unit key); 10,000 examinations, 1,000 of them of protected persons (about 600).  About 85 % are
signed, each **really signed** the way ``ExaminationService.sign`` does it: the examination is read back
from the store with its 1–4 injuries and 0–3 photos (small stand-in blobs), its canonical content signed
with its examiner's Ed25519 key, the ``record_signatures`` row and the ``signed`` access-log row (with the
content hash) written.  The measuring clinician (anna) created 20 protected persons herself and was
granted 50 more by the unit manager; the examinations of those 70 are the newest, so every one of them is
on the first page of ``search("")`` (the worst case: each of those rows is a sealed row to open and a
signature to check).  Built through the store repositories (the services' per-call checks and commits
skipped), like ``bench_list_search.py``, whose fixture helpers this reuses.

What is compared, in the same process, interleaved round by round (the machine's load drifts):

- **before issue 14** (the baseline): a copy of the store taken *before* sealing — protected persons
  stored in the clear, as every store was before issue 14 — opened as anna, with the two things issue 14
  added to the list path switched off: the list's signature check (``record_signing.mark_listed`` replaced
  by a no-op, so no row is checked and nothing remembered) and the signed checkpoints of the access log
  (``Session.sign_checkpoint`` a no-op; a listing that shows 70 protected persons writes 71 log rows, so
  about two checkpoints).  Everything else is the code as it is now and the same on both sides: the same
  rows, SQL, page size and ordering, the access rules, the log rows of the listing, the anchor file
  written after the commit.  Fair because it is the same data and the same list; the one thing issue 14
  changed that stays in the baseline is the anchor's form (signed with the account's Ed25519 key now,
  MACed with the data key before: one signature, about 0.05 ms, in favour of the ratio's honesty — the
  baseline is, if anything, slightly slower than the real list before issue 14);
- **sealed only** (for attribution): the sealed store, the check still off;
- **now** (c, synchronous): the sealed store (identity and content of each protected person under its own
  key, wrapped for the creator, the managers and anna's 50 grants) with everything on, the list's
  signature check done inside the listing call (``search("")``/``list_mine()`` as the CLI and the tests
  call them, and as the start page called them before its two-step listing);
- **two-step** (what the start page does now): the same sealed store, everything on, listed in two steps
  on one service object: (a) ``search("", check=False)`` / ``list_mine(check=False)`` — the rows, sealed
  names opened, the listing logged, *no* signature check: the moment the page can show the rows (signed
  ones marked "Checking signature…") — and then (b) ``check_listed(rows)``, the background job: timed
  from the start of (a) until every verdict is in (a + the check).  The goal is judged on (a);
- **two-step, keychain empty** (reported beside it): the same, in anna's *very first* session after the
  grants — her keychain (``person_key_cache``, store/protected.py: the person keys she opened before,
  re-wrapped under a key only she derives, used only beside the unchanged wrap) emptied at sign-in, so
  every person key on the page is opened from its X25519 wrap, as every list did before the keychain.

Before the rounds, each store's access log is grown by the same ≈ 20,000 rows (AGE_LISTINGS untimed lists):
a store's list gets ≈ 20 % dearer over its first 20,000 new log rows and then no more, and the sealed store
gets four configurations' sessions per round against the baseline's one.

The sessions of "sealed", "now" and "two-step" are what a clinician's sign-in is on any day but the one
after a new grant: anna has listed before (an untimed session after sealing lists once), so her keychain
holds the keys of the persons she has opened; each such session checks that it does (70 rows) before it
is timed.  A new grant, a withdrawal, a reset of her keys or a changed wrap makes the keychain row of
that person useless (its wrap is gone or no longer the one it was made from), so the first list after it
costs what "keychain empty" costs for that one person.

For ``ExaminationService.list_mine()`` (what the start page shows without search text) and
``ExaminationService.search("")`` (everything anna may see), each configuration gets ROUNDS new sessions
(a new sign-in each: nothing remembered, no person's key opened, and for "now" the process-wide cache of
certificate checks emptied, so every first list is a cold one) and in each the first list of the session
is timed once, then the list again REPEAT times (warm: the session remembers its verdicts and keys).
Ratios are of medians and of minima; the goal is ≤ 1.5× and ≤ 100 ms for the first list and warm, judged
on (a) — what the start page waits for before it shows the rows, in a session whose keychain holds the
keys it opened before; the same with the keychain empty, (b) and (c) are printed beside it.  For the first
lists, the CPU time of this process is printed too, as ratios to "before": the other processes on a shared
machine disturb it far less than the wall time (the goal stays on the wall time).  Each timed first list
starts after a garbage collection (what the sessions before left is not its cost), on every side alike.

``--profile``: also run step one (``check=False``) of the first ``search("")`` of a new session under
cProfile (keychain as left by the earlier sessions, then emptied) and print the top of each.

Run: ``.venv/bin/python benchmarks/bench_start_list.py [--rounds=N] [--profile]`` (about 80 s on 2 cores
with the default 9 rounds; more rounds give steadier medians on a loaded machine).
"""

from __future__ import annotations

import contextlib
import cProfile
import datetime as dt
import gc
import hashlib
import io
import pstats
import random
import secrets
import shutil
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import _common as c
from bench_list_search import SEED, Bulk

ROUNDS = 9
REPEAT = 15
GOAL_S = 0.100
GOAL_RATIO = 1.5
N_EXAMS = 10_000
N_PROTECTED_EXAMS = 1_000
OWN_PROTECTED = 20
GRANTED = 50
CALLS = ("list_mine", "search")
CONFIGS = ("before", "sealed", "now", "two-step", "two-step cold")
#: the keychain rows anna's sessions find in the sealed store once she has listed (her 70 persons)
KEYCHAIN_ROWS = OWN_PROTECTED + GRANTED
#: CPU time of this process for each first list, (configuration, call) -> seconds: beside the wall time,
#: a figure other processes on the machine disturb far less (they still share its caches)
CPU: dict[tuple[str, str], list[float]] = {}


def main() -> None:
    started = c.header("start-page list now (sealed + signature check) vs before issue 14, in one run")
    with c.private_tmp("startlist") as root:
        run(root, profile="--profile" in sys.argv)
    c.footer(started)


class SignedBulk(Bulk):
    """Examinations with injuries and photos, the signed ones signed by their examiner's personal key as
    ``ExaminationService.sign`` does; made the newest of the store when asked."""

    newest = False

    def __init__(
        self, manager: Any, rng: random.Random, used: set[str], ids: dict[str, str], keys: Any
    ) -> None:
        super().__init__(manager, rng, used, ids)
        self.keys = keys  # account id -> PersonalKeys

    def exams(self, patient_id: str, examiner: str, count: int) -> None:
        saved = self.now
        if self.newest:
            self.now = saved + dt.timedelta(days=4 * 365)  # created within 3 years of this: after all others
        try:
            for _ in range(count):
                self._one(patient_id, examiner)
        finally:
            self.now = saved

    def _one(self, patient_id: str, examiner: str) -> None:
        from bench_list_search import TEXT

        from injurydoc.domain.models import Examination, Injury, PhotoRecord
        from injurydoc.domain.vocab import AuditAction, BodyRegion, InjuryType, PhotoRole, Side
        from injurydoc.services import record_signing
        from injurydoc.store import audit
        from injurydoc.store import examinations as exams_repo
        from injurydoc.store import photos as photos_repo
        from injurydoc.store.audit import iso

        rng, db = self.rng, self.db
        self.seq += 1
        created = self.now - dt.timedelta(minutes=rng.randrange(0, 3 * 365 * 24 * 60))
        exam = Examination(
            id=str(uuid.uuid4()),
            case_ref=f"SD-{self.now.year}-B{self.seq:05d}",
            patient_id=patient_id,
            examiner_id=examiner,
            unit=self.unit,
            status="draft",
            created_at=created,
            started_at=created,
            ended_at=created + dt.timedelta(minutes=40),
            patient_account=TEXT * rng.randrange(1, 8),
            assessment=TEXT[: rng.randrange(50, 190)],
        )
        exams_repo.insert(db, exam)
        self.log(examiner, patient_id, f"examination:{exam.id}")
        for n in range(1, rng.randrange(2, 6)):
            exams_repo.save_injury(
                db,
                Injury(
                    id=str(uuid.uuid4()),
                    examination_id=exam.id,
                    number=n,
                    type=rng.choice(list(InjuryType)),
                    region=rng.choice(list(BodyRegion)),
                    side=rng.choice(list(Side)),
                    length_mm=float(rng.randrange(5, 80)),
                    description=TEXT[: rng.randrange(20, 90)],
                ),
            )
        for n in range(1, rng.randrange(1, 5)):
            blob = rng.randbytes(64)
            photos_repo.insert(
                db,
                PhotoRecord(
                    id=str(uuid.uuid4()),
                    examination_id=exam.id,
                    number=n,
                    sha256=hashlib.sha256(blob).hexdigest(),
                    original_name=f"IMG_{rng.randrange(1000, 9999)}.JPG",
                    size=len(blob),
                    media_type="image/jpeg",
                    role=rng.choice(list(PhotoRole)),
                    caption="",
                    imported_by=examiner,
                    imported_at=created,
                ),
                original=blob,
                preview=blob,
                thumbnail=blob,
            )
        updated = iso(created + dt.timedelta(minutes=rng.randrange(20, 3000)))
        if rng.random() >= 0.85:  # a draft
            db.execute("UPDATE examinations SET updated_at = ? WHERE id = ?", (updated, exam.id))
            return
        # As ExaminationService.sign: the stored draft read back, its content signed with the examiner's key.
        stored = exams_repo.get(db, exam.id)
        assert stored is not None  # noqa: S101 - just written
        holder = _Holder(examiner, self.keys[examiner])
        digest = record_signing.sign_examination(
            holder,  # type: ignore[arg-type]
            db,
            stored,
            photos_repo.of_examination(db, exam.id),
        )
        db.execute(  # still a draft here, so no trigger fires: signed with the fixture's own times
            "UPDATE examinations SET updated_at = ?, status = 'signed', signed_at = ?, signed_by = ?, "
            "content_sha256 = ? WHERE id = ?",
            (updated, updated, examiner, digest, exam.id),
        )
        audit.append(
            db,
            store_id=self.store_id,
            account_id=examiner,
            username=self.username[examiner],
            unit=self.unit,
            action=AuditAction.SIGNED,
            patient_id=patient_id,
            target=f"examination:{exam.id}",
            details={"content_sha256": digest},
        )


class _Holder:
    """What ``record_signing.sign_examination`` reads of a session: the account id and its keys."""

    def __init__(self, account_id: str, keys: Any) -> None:
        self.keys = keys
        self.account = type("A", (), {"id": account_id})()


def build(folder: Path, password: str) -> dict[str, Any]:
    from injurydoc.domain.vocab import Profession, Protection, Role
    from injurydoc.services.accounts import AccountService
    from injurydoc.services.session import create_store, sign_in
    from injurydoc.store import patients as patients_repo
    from injurydoc.store.keyslots import TEST_KDF
    from injurydoc.store.vault import Vault

    rng = random.Random(SEED)
    used: set[str] = set()
    setup = create_store(
        folder,
        unit_name="Benchmark unit",
        manager_username="chef",
        manager_display_name="Chef Bench",
        manager_password=password,
        kdf=TEST_KDF,
    )
    names = ["anna", "bo", "cilla", "dan", "eva", "fia", "gun", "hans", "ida", "jon"]
    ids = {
        n: AccountService(setup.session)
        .create(
            username=n,
            display_name=n.title() + " Bench",
            password=password,
            roles=frozenset({Role.CLINICIAN}),
            profession=Profession.NURSE,
        )
        .id
        for n in names
    }
    ids["chef"] = setup.session.account.id
    setup.session.close()
    keys = {}
    for n in names:  # each clinician's own keys, as their password unwraps them
        vault, _slot = Vault.open_with_password(folder, n, password)
        keys[ids[n]] = vault.personal_keys
        vault.close()
    manager = sign_in(folder, "chef", password)
    anna = ids["anna"]
    others = [ids[n] for n in names if n != "anna"]
    protections = [
        Protection.SEKRETESSMARKERING,
        Protection.SKYDDAD_FOLKBOKFORING,
        Protection.FINGERADE_UPPGIFTER,
    ]
    bulk = SignedBulk(manager, rng, used, ids, keys)
    db = manager.db
    with db.transaction():
        made = 0
        bulk.newest = True
        for i in range(OWN_PROTECTED + GRANTED):  # anna's own and granted: the newest, one examination each
            creator = anna if i < OWN_PROTECTED else rng.choice(others)
            pid = bulk.patient(rng.choice(protections), creator)
            bulk.exams(pid, creator, 1)
            if i >= OWN_PROTECTED:
                until = dt.date.today() + dt.timedelta(days=30)
                patients_repo.add_grant(db, pid, anna, "grant", ids["chef"], reason="bench", expires_on=until)
            made += 1
        bulk.newest = False
        while made < N_PROTECTED_EXAMS:
            pid = bulk.patient(rng.choice(protections), rng.choice(others))
            k = min(rng.choice([1, 1, 2, 3]), N_PROTECTED_EXAMS - made)
            bulk.exams(pid, rng.choice(others), k)
            made += k
        plain = 0
        clinicians = [ids[n] for n in names]
        while plain < N_EXAMS - N_PROTECTED_EXAMS:
            k = min(rng.choice([1, 1, 1, 2, 2, 3]), N_EXAMS - N_PROTECTED_EXAMS - plain)
            bulk.exams(bulk.patient(Protection.NONE, rng.choice(clinicians)), rng.choice(clinicians), k)
            plain += k
    info = {
        "exams": db.scalar("SELECT count(*) FROM examinations"),
        "signed": db.scalar("SELECT count(*) FROM record_signatures"),
        "protected_exams": db.scalar(
            "SELECT count(*) FROM examinations e JOIN patients p ON p.id = e.patient_id "
            "WHERE p.protection <> 'none'"
        ),
        "protected_patients": db.scalar("SELECT count(*) FROM patients WHERE protection <> 'none'"),
    }
    manager.close()
    return info


def seal(folder: Path, password: str) -> tuple[int, int, float]:
    """A unit manager's sign-in seals every protected person; returns (persons, wraps, seconds)."""
    from injurydoc.services.session import sign_in

    t0 = time.perf_counter()
    m = sign_in(folder, "chef", password)
    elapsed = time.perf_counter() - t0
    n = int(m.db.scalar("SELECT count(*) FROM patients WHERE name LIKE 'enc1:%'"))
    w = int(m.db.scalar("SELECT count(*) FROM person_key_wraps"))
    m.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    m.close()
    return n, w, elapsed


@contextlib.contextmanager
def issue_14_off(check: bool, checkpoints: bool) -> Iterator[None]:
    """The list's signature check and/or the log's signed checkpoints switched off (the baseline)."""
    from injurydoc.services import record_signing
    from injurydoc.services.session import Session

    mark, sign = record_signing.mark_listed, Session.sign_checkpoint
    if not check:
        record_signing.mark_listed = lambda db, rows: None
    if not checkpoints:
        Session.sign_checkpoint = lambda self, keys, seq, row_hash, kind: None  # type: ignore[method-assign]
    try:
        yield
    finally:
        record_signing.mark_listed = mark
        Session.sign_checkpoint = sign  # type: ignore[method-assign]


def _listing(svc: Any, call: str) -> Callable[[], list[Any]]:
    return svc.list_mine if call == "list_mine" else (lambda: svc.search(""))


def session_run(folder: Path, password: str, config: str, call: str) -> tuple[float, list[float], list[Any]]:
    """A new session as anna: (the first list's seconds, the warm lists' seconds, the rows)."""
    from injurydoc.services import record_signing
    from injurydoc.services.examinations import ExaminationService
    from injurydoc.services.session import sign_in

    with issue_14_off(check=config == "now", checkpoints=config != "before"):
        s = sign_in(folder, "anna", password)
        try:
            if config != "before":
                keychain_rows(s, KEYCHAIN_ROWS)
            fn = _listing(ExaminationService(s), call)
            record_signing.clear_certificate_cache()
            gc.collect()  # what the sessions before left to collect is not this list's cost
            t, cpu = time.perf_counter(), time.process_time()
            rows = fn()
            first = time.perf_counter() - t
            CPU.setdefault((config, call), []).append(time.process_time() - cpu)
            warm = c.measure(fn, REPEAT)
        finally:
            s.close()
    return first, warm, rows


def keychain_rows(s: Any, expected: int | None = None) -> int:
    """How many keychain rows the session's account has (and SystemExit when not ``expected``)."""
    n = int(s.db.scalar("SELECT count(*) FROM person_key_cache WHERE holder = ?", (s.account.id,)))
    if expected is not None and n != expected:
        raise SystemExit(f"anna's keychain holds {n} rows, not {expected}: the benchmark is wrong")
    return n


def two_step_run(
    folder: Path, password: str, call: str, *, cold: bool = False
) -> tuple[tuple[float, float], list[tuple[float, float]], list[Any], dict[str, str]]:
    """A new session as anna listing as the start page does: step one (the rows, no check), then the
    check of those rows.  Returns (first (a, b), warm [(a, b)], the rows, the verdicts of the last
    listing); a = until the rows are ready, b = until every verdict is in (both from the start).
    ``cold``: her keychain emptied at sign-in (her first session after the grants)."""
    from injurydoc.services import record_signing
    from injurydoc.services.examinations import ExaminationService
    from injurydoc.services.session import sign_in

    s = sign_in(folder, "anna", password)
    try:
        if cold:
            s.db.execute("DELETE FROM person_key_cache WHERE holder = ?", (s.account.id,))
        else:
            keychain_rows(s, KEYCHAIN_ROWS)
        record_signing.clear_certificate_cache()
        times: list[tuple[float, float]] = []
        rows: list[Any] = []
        verdicts: dict[str, str] = {}
        for _ in range(REPEAT + 1):
            svc = ExaminationService(s)  # as the page: one service object per listing
            if not times:
                gc.collect()  # as in session_run
            t, cpu = time.perf_counter(), time.process_time()
            rows = svc.search("", check=False) if call == "search" else svc.list_mine(check=False)
            a = time.perf_counter() - t
            if not times:
                key = "keychain empty (a)" if cold else "rows ready (a)"
                CPU.setdefault((key, call), []).append(time.process_time() - cpu)
            if any("signature" in r.extra for r in rows):
                raise SystemExit("two-step: step one checked signatures: the benchmark is wrong")
            verdicts = svc.check_listed(rows)
            times.append((a, time.perf_counter() - t))
        if cold:  # the first listing kept what it opened; the rest as before, for the next sessions
            keychain_rows(s, 50 if call == "search" else 1)
            fill_keychain(s)
    finally:
        s.close()
    return times[0], times[1:], rows, verdicts


def check_rows(config: str, rows: list[Any], verdicts: dict[str, str] | None = None) -> int:
    """Sanity: nothing anna may open is shown locked; with the check on, every signed row is valid."""
    if verdicts is not None:  # two-step: the verdicts of step two, as the page applies them
        for r in rows:
            if r.examination_id in verdicts:
                r.extra["signature"] = verdicts[r.examination_id]
        config = "now"
    if "Skyddad person" in {r.patient_name for r in rows}:
        raise SystemExit(f"{config}: a row anna may open is shown locked: the benchmark is wrong")
    signed = [r for r in rows if r.status == "signed"]
    if config == "now" and any(r.extra.get("signature") != "valid" for r in signed):
        states = sorted({str(r.extra.get("signature")) for r in signed})
        raise SystemExit(f"now: the listed signatures are not all valid ({states}): the benchmark is wrong")
    if config != "now" and any("signature" in r.extra for r in signed):
        raise SystemExit(f"{config}: the check ran although it was switched off")
    return len(signed)


def run(root: Path, *, profile: bool = False) -> None:
    password = secrets.token_urlsafe(12)
    sealed_folder, before_folder = root / "sealed", root / "before"
    t0 = time.perf_counter()
    info = build(sealed_folder, password)
    shutil.copytree(sealed_folder, before_folder)
    print(
        f"fixture built in {time.perf_counter() - t0:.1f} s: {info['exams']} examinations, {info['signed']} "
        f"signed with their examiners' keys ({info['protected_exams']} of {info['protected_patients']} "
        f"protected persons); anna: {OWN_PROTECTED} own protected, {GRANTED} granted, all on the first page"
    )
    n, w, secs = seal(sealed_folder, password)
    print(f"manager's sign-in sealed {n} protected persons ({w} wraps) in {secs:.1f} s")
    prime(sealed_folder, password)
    grown = [age(f, password, sealed=f == sealed_folder) for f in (before_folder, sealed_folder)]
    print(f"access logs grown, untimed, by {grown[0]} rows (before) and {grown[1]} rows (sealed)")
    folders = {"before": before_folder, "sealed": sealed_folder, "now": sealed_folder}

    keys = (
        "before",
        "sealed",
        "now",
        "rows ready (a)",
        "verdicts in (b)",
        "keychain empty (a)",
        "keychain empty (b)",
    )
    first: dict[tuple[str, str], list[float]] = {(k, call): [] for k in keys for call in CALLS}
    warm: dict[tuple[str, str], list[float]] = {(k, call): [] for k in keys for call in CALLS}
    shown: dict[str, tuple[int, int, int]] = {}
    rounds = next((int(a.split("=", 1)[1]) for a in sys.argv if a.startswith("--rounds=")), ROUNDS)
    for r in range(rounds):
        k = r % len(CONFIGS)
        order = CONFIGS[k:] + CONFIGS[:k]  # each configuration first in turn
        for config in order:
            for call in CALLS:
                if config.startswith("two-step"):
                    cold = config == "two-step cold"
                    (fa, fb), ws2, rows, verdicts = two_step_run(sealed_folder, password, call, cold=cold)
                    check_rows(config, rows, verdicts)
                    ka, kb = ("keychain empty (a)", "keychain empty (b)") if cold else keys[3:5]
                    first[(ka, call)].append(fa)
                    first[(kb, call)].append(fb)
                    warm[(ka, call)] += [a for a, _b in ws2]
                    warm[(kb, call)] += [b for _a, b in ws2]
                    continue
                f, ws, rows = session_run(folders[config], password, config, call)
                signed = check_rows(config, rows)
                first[(config, call)].append(f)
                warm[(config, call)] += ws
                if config == "now":
                    shown[call] = (len(rows), sum(x.protection.is_protected for x in rows), signed)
    ok = report(first, warm, shown, keys)
    print(
        f"\ngoal: ≤ {GOAL_RATIO}× before issue 14 and ≤ {GOAL_S * 1000:.0f} ms, judged on (a), the rows "
        f"ready to show (the start page), keychain as left by earlier sessions: {'met' if ok else 'NOT met'}"
    )
    if profile:
        profile_first(sealed_folder, password)


def report(
    first: dict[tuple[str, str], list[float]],
    warm: dict[tuple[str, str], list[float]],
    shown: dict[str, tuple[int, int, int]],
    keys: tuple[str, ...],
) -> bool:
    """Print each list's figures; True when (a) meets the goal for every list, first and warm."""
    ok = True
    for call in CALLS:
        rows, protected, signed = shown[call]
        print(f"\n{call}: {rows} rows shown, {protected} of them sealed, {signed} signed (each checked)")
        for label, data in (("first list of a session", first), ("warm (the list again)", warm)):
            print(f"  {label}:")
            for key in keys:
                print(f"    {key:18s} {c.stats(data[(key, call)])}")
            base = data[("before", call)]
            for key, name in (
                ("rows ready (a)", "(a) rows ready"),
                ("verdicts in (b)", "(b) verdicts in"),
                ("now", "(c) synchronous"),
                ("keychain empty (a)", "(a) no keychain"),
                ("keychain empty (b)", "(b) no keychain"),
            ):
                now = data[(key, call)]
                r_med, r_min = c.med(now) / c.med(base), min(now) / min(base)
                met = r_med <= GOAL_RATIO and c.med(now) <= GOAL_S
                if key == "rows ready (a)":
                    ok = ok and met
                print(
                    f"    {name:16s} ÷ before: medians {r_med:.2f}×, minima {r_min:.2f}×; "
                    f"{c.ms(c.med(now))} -> {'met' if met else 'NOT met'}"
                )
            sealing = c.med(data[("sealed", call)]) / c.med(base)
            print(f"    (sealing alone, check off: {sealing:.2f}×)")
            if data is first:
                cpu_base = c.med(CPU[("before", call)])
                parts = ", ".join(
                    f"{name} {c.med(CPU[(key, call)]) / cpu_base:.2f}×"
                    for key, name in (
                        ("rows ready (a)", "(a)"),
                        ("keychain empty (a)", "(a) no keychain"),
                        ("sealed", "sealing alone"),
                    )
                )
                print(f"    CPU time of this process ÷ before ({c.ms(cpu_base)}), medians: {parts}")
    return ok


#: Untimed listings per store before the rounds.  A store's list gets ≈ 20 % dearer over its first
#: ≈ 20,000 new access-log rows (the log's indexes, read from a new connection's cold pages), then no more;
#: the sealed store gets four configurations' sessions per round and the baseline's one, so without this
#: the sealed store would be the "older" one for most of the run and every ratio would carry it.
AGE_LISTINGS = 400


def age(folder: Path, password: str, *, sealed: bool) -> int:
    """List AGE_LISTINGS times in one session of anna's (as its configuration does: the baseline without
    signed checkpoints); returns how many log rows that wrote."""
    from injurydoc.services.examinations import ExaminationService
    from injurydoc.services.session import sign_in

    with issue_14_off(check=False, checkpoints=sealed):
        s = sign_in(folder, "anna", password)
        try:
            before = int(s.db.scalar("SELECT count(*) FROM audit_log"))
            svc = ExaminationService(s)
            for _ in range(AGE_LISTINGS):
                svc.search("", check=False)
            grown = int(s.db.scalar("SELECT count(*) FROM audit_log")) - before
        finally:
            s.close()
    return grown


def fill_keychain(s: Any) -> int:
    """Open every person key anna holds a wrap of and keep it in her keychain, as her sessions do for
    what they open (her first page is 50 of her 70 persons; a search opens the others)."""
    from injurydoc.services import protection

    for (pid,) in s.db.all("SELECT patient_id FROM person_key_wraps WHERE holder = ?", (s.account.id,)):
        protection.content_key(s, str(pid))
    with s.transaction():
        protection.remember_opened(s)
    return keychain_rows(s, KEYCHAIN_ROWS)


def prime(folder: Path, password: str) -> None:
    """anna signs in and lists after the grants, untimed: her keychain as on any later day."""
    from injurydoc.services.examinations import ExaminationService
    from injurydoc.services.session import sign_in

    s = sign_in(folder, "anna", password)
    try:
        ExaminationService(s).search("", check=False)
        kept = keychain_rows(s, 50)  # the first page's sealed persons, kept by the listing itself
        total = fill_keychain(s)
        print(f"anna's first list after the grants kept {kept} keys in her keychain ({total} in all)")
    finally:
        s.close()


def profile_first(folder: Path, password: str) -> None:
    from injurydoc.services import record_signing
    from injurydoc.services.examinations import ExaminationService
    from injurydoc.services.session import sign_in

    for cold in (False, True):
        s = sign_in(folder, "anna", password)
        try:
            if cold:
                s.db.execute("DELETE FROM person_key_cache WHERE holder = ?", (s.account.id,))
            svc = ExaminationService(s)
            record_signing.clear_certificate_cache()
            prof = cProfile.Profile()
            prof.enable()
            svc.search("", check=False)  # step one: what the start page waits for
            prof.disable()
        finally:
            s.close()
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(30)
        which = "keychain empty" if cold else "keychain as left by earlier sessions"
        print(f'\nprofile of step one (check=False) of the first search("") of a new session ({which}):')
        print(out.getvalue())


if __name__ == "__main__":
    main()
