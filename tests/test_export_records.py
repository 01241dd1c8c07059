"""No release without its record, no record without its release; the lock-out file under pressure.

Exports are killed (SIGKILL) at targeted and random points in a subprocess; after each kill the next
sign-in reconciles: every package on disk has its exports row (same name and hash), every exports
row its package, the legal basis is recorded only with a package, no partial file is left, and the
access log (chain intact) says what happened.  Eight processes guess in parallel against the lock-out
file and every attempt is counted; a damaged lock-out file is reported to the unit manager.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from injurydoc.domain.errors import AuthError, KnownError
from injurydoc.domain.vocab import LegalBasis
from injurydoc.services import export_records, record_signing
from injurydoc.services.export import ExportRequest, ExportService
from injurydoc.services.log_words import details_text
from injurydoc.services.session import sign_in
from injurydoc.services.signing import SigningService
from injurydoc.store import lockout, process_lock
from injurydoc.store.audit import verify_chain

from .conftest import PASSWORD
from .helpers.export_cases import documented_case, export_case
from .helpers.forkserver import ForkedProcess, ForkServer

WORKER = Path(__file__).parent / "helpers" / "kill_export_worker.py"


@pytest.fixture
def case(store, tmp_path):
    s, e = documented_case(store, tmp_path)
    SigningService(s).create_self_signed(PASSWORD)
    ident = SigningService(s).identity(PASSWORD)
    yield s, e, ident
    s.close()


def prepared(store, tmp_path):
    """The documented, signed case with a signing key, and nobody signed in."""
    s, e = documented_case(store, tmp_path)
    SigningService(s).create_self_signed(PASSWORD)
    s.close()
    return e


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_agreement(folder: Path, out: Path) -> dict[str, int]:
    """Sign in (which reconciles) and check that records and packages agree; return the states."""
    s = sign_in(folder, "chef", PASSWORD)
    try:
        db = s.db
        assert db.scalar("SELECT count(*) FROM export_attempts WHERE state = 'pending'") == 0
        assert list(out.rglob(".injurydoc-export-*")) == [], "a partial file with patient data was left"
        exports = sorted(db.all("SELECT package_name, package_sha256 FROM exports"))
        on_disk = sorted((p.name, _sha(p)) for p in out.rglob("*.zip"))
        assert [tuple(r) for r in exports] == on_disk
        # every exports row is a completed attempt, and the other way round
        assert (
            db.scalar(
                "SELECT count(*) FROM exports x LEFT JOIN export_attempts a ON a.id = x.id "
                "WHERE a.state IS NOT 'completed'"
            )
            == 0
        )
        assert (
            db.scalar(
                "SELECT count(*) FROM export_attempts a LEFT JOIN exports x ON x.id = a.id "
                "WHERE a.state = 'completed' AND x.id IS NULL"
            )
            == 0
        )
        # the legal basis is recorded only with a package that was written
        assert (
            db.scalar(
                "SELECT count(*) FROM disclosure_bases WHERE id NOT IN (SELECT legal_basis_id FROM exports)"
            )
            == 0
        )
        never = db.scalar("SELECT count(*) FROM export_attempts WHERE state = 'never_delivered'")
        logged = db.scalar("SELECT count(*) FROM audit_log WHERE details LIKE '%export_never_delivered%'")
        assert logged == never
        report = verify_chain(db, s.vault.store_id, None)
        assert report.whole, report
        return {
            str(state): int(n)
            for state, n in db.all("SELECT state, count(*) FROM export_attempts GROUP BY state")
        }
    finally:
        s.close()


def run_worker(
    server: ForkServer, folder: Path, exam_id: str, out: Path, point: str, tmp_path: Path
) -> ForkedProcess:
    """The export worker as a fresh process (forked from one that has imported the program)."""
    with (tmp_path / f"worker-{point}.err").open("wb") as err:  # the child keeps its own copy
        return server.spawn(
            WORKER, [str(folder), exam_id, str(out), point], stderr=err, cwd=tmp_path, text=True
        )


# ----- the ordinary path ------------------------------------------------------------------------------
def test_a_release_is_pending_first_then_completed_with_its_basis(case, tmp_path):
    s, e, ident = case
    result = export_case(s, e, ident, tmp_path / "out")
    (attempt, state, sha, out_path) = s.db.one(
        "SELECT id, state, package_sha256, out_path FROM export_attempts"
    )
    assert state == "completed" and sha == result.sha256 == _sha(result.path)
    assert Path(out_path) == result.path
    assert s.db.scalar("SELECT id FROM exports") == attempt
    events = [
        json.loads(d).get("event")
        for (d,) in s.db.all(
            "SELECT details FROM audit_log WHERE target = ? ORDER BY seq", (f"examination:{e.id}",)
        )
    ]
    assert events[-3:] == ["export_pending", "legal_basis_recorded", None]  # None: the EXPORTED row
    # once settled, an attempt cannot be changed or removed around the program
    for sql in (
        "UPDATE export_attempts SET state = 'never_delivered'",
        "UPDATE export_attempts SET out_path = '/elsewhere'",
        "DELETE FROM export_attempts",
    ):
        with pytest.raises(Exception, match="cannot be changed"):
            s.db.execute(sql)


def test_a_failed_export_records_no_basis_and_says_never_delivered(case, tmp_path):
    s, e, ident = case
    out = tmp_path / "out"
    out.mkdir()
    asked = []  # cancelled by the user after the first photo was read: the export stops half-way

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 1

    with pytest.raises(KnownError) as err:
        ExportService(s).export(
            ExportRequest(e.id, LegalBasis.CONSENT, out), ident, verify=False, cancelled=cancelled
        )
    assert err.value.code == "export.cancelled" and len(asked) == 2
    assert s.db.scalar("SELECT count(*) FROM disclosure_bases") == 0
    assert s.db.scalar("SELECT state FROM export_attempts") == "never_delivered"
    assert list(out.iterdir()) == []


def test_the_partial_file_is_never_readable_by_others(case, tmp_path, monkeypatch):
    s, e, ident = case
    out = tmp_path / "out"
    seen = []

    def look(sess, attempt, sha, more):
        parts = list(out.glob(export_records.part_prefix(attempt) + "*.part"))
        seen.extend((p.stat().st_mode & 0o777) for p in parts)
        return real(sess, attempt, sha, more)

    real = export_records.about_to_publish
    monkeypatch.setattr(export_records, "about_to_publish", look)
    export_case(s, e, ident, out)
    assert seen == [0o600]


# ----- kill -9 ---------------------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize(
    ("point", "expected"),
    [
        ("photos", "never_delivered"),
        ("part", "never_delivered"),
        ("hash", "never_delivered"),
        ("renamed", "completed"),
    ],
)
def test_export_killed_at_each_step_is_settled_at_the_next_start(
    store, tmp_path, point, expected, fork_server
):
    e = prepared(store, tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    proc = run_worker(fork_server, store.folder, e.id, out, point, tmp_path)
    stdout, _ = proc.communicate(PASSWORD + "\n", timeout=120)
    assert proc.returncode == -signal.SIGKILL, (stdout, (tmp_path / f"worker-{point}.err").read_text())
    if point in ("part", "hash"):
        assert list(out.glob(".injurydoc-export-*.part")), "the kill left its partial file (as in the issue)"
    states = check_agreement(store.folder, out)
    assert states == {expected: 1}
    assert len(list(out.glob("*.zip"))) == (1 if expected == "completed" else 0)
    if expected == "completed":
        s2 = sign_in(store.folder, "chef", PASSWORD)
        row = s2.db.one("SELECT details FROM audit_log WHERE action = 'exported'")
        assert json.loads(row[0])["event"] == "export_recorded_at_start"
        s2.close()


@pytest.mark.slow
def test_a_dead_exporters_pid_in_use_by_another_process_does_not_keep_it_pending(
    store, tmp_path, fork_server
):
    """The pid recorded with the attempt now belongs to a live process (here: the worker's parent, which
    the worker names as its own): the exporter's lock is free, so the attempt is settled all the same."""
    e = prepared(store, tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    proc = run_worker(fork_server, store.folder, e.id, out, "reused_pid", tmp_path)
    stdout, _ = proc.communicate(PASSWORD + "\n", timeout=120)
    assert proc.returncode == -signal.SIGKILL, (stdout, (tmp_path / "worker-reused_pid.err").read_text())
    s = sign_in(store.folder, "chef", PASSWORD)  # not yet settled: look at the record first
    try:
        (process,) = s.db.one("SELECT process FROM export_attempts")
    finally:
        s.close()
    os.kill(int(process.split(":")[0]), 0)  # the pid is in use by a live process
    assert check_agreement(store.folder, out) == {"never_delivered": 1}
    assert list(out.iterdir()) == []


@pytest.mark.slow
def test_a_live_exporters_attempt_is_left_alone_until_it_dies(store, tmp_path, fork_server):
    e = prepared(store, tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    proc = run_worker(fork_server, store.folder, e.id, out, "hold", tmp_path)
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(PASSWORD + "\n")
    proc.stdin.close()
    try:
        assert proc.stdout.readline().strip() == "ready"
        assert proc.stdout.readline().strip() == "holding"
        own = process_lock.lock_path(store.folder, process_lock.token())  # the test process imported photos
        locks = [p for p in store.folder.glob(process_lock.PREFIX + "*") if p != own]
        assert len(locks) == 1
        # another start while the exporter lives: its attempt and partial file are left alone,
        # however old the lock file is
        past = time.time() - 2 * process_lock.GRACE_S
        os.utime(locks[0], (past, past))
        s = sign_in(store.folder, "chef", PASSWORD)
        try:
            assert s.db.scalar("SELECT state FROM export_attempts") == "pending"
        finally:
            s.close()
        assert list(out.glob(".injurydoc-export-*.part"))
        assert locks[0].exists()
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stdout.close()
    assert check_agreement(store.folder, out) == {"never_delivered": 1}
    assert not locks[0].exists(), "the dead process's lock file is removed at the next start"


@pytest.mark.slow
def test_export_killed_at_random_points(store, tmp_path, fork_server):
    e = prepared(store, tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    rng = random.Random(1515)
    for i in range(6):
        round_out = out / f"round{i}"  # the worker numbers its packages from p1 again
        round_out.mkdir()
        proc = run_worker(fork_server, store.folder, e.id, round_out, "loop", tmp_path)
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(PASSWORD + "\n")
        proc.stdin.close()
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 0.8))  # an export takes ≈ 0.25 s: a kill in any part of the first three
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stdout.close()
        states = check_agreement(store.folder, out)
    assert sum(states.values()) >= 1, "no export was under way when killed: the test tried nothing"


# ----- start-up cleanup --------------------------------------------------------------------------------
def test_stale_anchor_temp_files_are_removed_at_start(store):
    old = store.folder / ".audit-anchor.json.abc123.tmp"
    fresh = store.folder / ".audit-anchor.json.def456.tmp"
    for p in (old, fresh):
        p.write_bytes(b"x")
    past = time.time() - 2 * export_records.TMP_GRACE_S
    os.utime(old, (past, past))
    sign_in(store.folder, "anna", PASSWORD).close()
    assert not old.exists()
    assert fresh.exists()  # may belong to another process writing it now


HOLDER = """
import sys, time
from pathlib import Path
from injurydoc.store import process_lock
process_lock.hold(Path(sys.argv[1]))
print(process_lock.token(), flush=True)
time.sleep(600)
"""


@pytest.mark.slow
def test_temp_files_of_a_killed_process_are_removed_at_the_next_start_at_once(store):
    """A temp file that names its writer is removed as soon as that writer has ended, however young;
    while the writer runs it is left alone."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(store.folder)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None
        token = holder.stdout.readline().strip()
        tmps = [
            store.folder / f".{name}.{token}.x1y2z3.tmp" for name in ("audit-anchor.json", "keyslots.json")
        ]
        for p in tmps:
            p.write_bytes(b"x")
        sign_in(store.folder, "anna", PASSWORD).close()
        assert all(p.exists() for p in tmps)  # its writer is alive
    finally:
        holder.kill()
        holder.wait(timeout=30)
        assert holder.stdout is not None
        holder.stdout.close()
    sign_in(store.folder, "anna", PASSWORD).close()
    assert not any(p.exists() for p in tmps)
    assert not process_lock.lock_path(store.folder, token).exists()


# ----- the lock-out file ---------------------------------------------------------------------------
GUESSER = """
import os, sys, time
from pathlib import Path
from injurydoc.store.lockout import Lockout
folder, go, rounds = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
lock = Lockout(folder, "store-id", clock=lambda: 1e9 + 1e7)  # long after the last wait
lock.check("anna")  # the wait is over: each process may guess (the test counts what they record)
(go.parent / f"ready-{os.getpid()}").touch()
while not go.exists():
    time.sleep(0.001)
for _ in range(rounds):
    lock.failed("anna")
"""


@pytest.mark.slow
def test_parallel_guesses_are_all_counted(tmp_path):
    folder = tmp_path / "store"
    folder.mkdir()
    # five failures long ago: the wait is over, guessing may go on
    for _ in range(5):
        lockout.Lockout(folder, "store-id", clock=lambda: 1e9).failed("anna")
    go = tmp_path / "go"
    procs, rounds = 8, 15
    running = [
        subprocess.Popen([sys.executable, "-c", GUESSER, str(folder), str(go), str(rounds)])
        for _ in range(procs)
    ]
    deadline = time.monotonic() + 120
    while len(list(tmp_path.glob("ready-*"))) < procs and time.monotonic() < deadline:
        time.sleep(0.05)
    go.touch()
    for p in running:
        assert p.wait(timeout=120) == 0
    doc = json.loads((folder / lockout.FILE).read_text())
    assert doc["entries"][lockout.counter_key("store-id", "anna")]["n"] == 5 + procs * rounds


@pytest.mark.slow
def test_a_guesser_killed_while_holding_the_lock_blocks_no_one(tmp_path):
    folder = tmp_path / "store"
    folder.mkdir()
    go = tmp_path / "go"
    go.touch()
    rng = random.Random(7)
    for _ in range(4):
        p = subprocess.Popen([sys.executable, "-c", GUESSER, str(folder), str(go), "100000"])
        time.sleep(rng.uniform(0.3, 1.0))
        p.send_signal(signal.SIGKILL)
        p.wait()
        lock = lockout.Lockout(folder, "store-id", clock=lambda: 1e9 + 10**7)
        n = lock.failed("anna")  # the file is whole and the lock free
        assert n >= 1
        doc = json.loads((folder / lockout.FILE).read_text())
        assert "damaged_at" not in doc


def test_a_damaged_lockout_file_is_reported_to_the_unit_manager(store, monkeypatch):
    now = [2e9]
    monkeypatch.setattr(lockout.time, "time", lambda: now[0])
    (store.folder / lockout.FILE).write_bytes(b"\x00garbage")
    with pytest.raises(AuthError) as err:
        sign_in(store.folder, "anna", PASSWORD)
    assert err.value.code == "auth.locked"
    now[0] += lockout.BASE_DELAY_S + 1
    s = sign_in(store.folder, "anna", PASSWORD)
    s.close()
    s = sign_in(store.folder, "chef", PASSWORD)
    rows = [
        json.loads(d)
        for (d,) in s.db.all("SELECT details FROM audit_log WHERE details LIKE '%lockout_file_damaged%'")
    ]
    s.close()
    assert len(rows) == 1  # told once, at the sign-in after the damage
    assert "signin-attempts.json" in details_text(rows[0], "sv")
    assert "skadad" in details_text(rows[0], "sv") and "damaged" in details_text(rows[0], "en")
    assert "damaged_at" not in json.loads((store.folder / lockout.FILE).read_text())


# ----- messages follow the user's language ----------------------------------------------------------
def test_cli_export_refusal_lists_missing_requirements_in_the_users_language(store, tmp_path):
    from injurydoc.cli import main

    s, e = documented_case(store, tmp_path)
    s.close()
    for lang, needle, other in (
        ("en", "police case number", "diarienummer"),
        ("sv", "diarienummer", "case number"),
    ):
        out = io.StringIO()
        rc = main(
            [
                "export",
                "--store",
                str(store.folder),
                "--user",
                "anna",
                "--password-stdin",
                "--examination",
                e.id,
                "--legal-basis",
                "rattsintyg_request",
                "--self-signed",
                "--report-lang",
                "sv" if lang == "en" else "en",
                "--lang",
                lang,
                "--out",
                str(tmp_path / f"p-{lang}.zip"),
            ],
            stdin=io.StringIO(PASSWORD + "\n"),
            stdout=out,
            stderr=out,
        )
        assert rc != 0
        assert needle in out.getvalue() and other not in out.getvalue(), out.getvalue()
        assert not (tmp_path / f"p-{lang}.zip").exists()


def test_a_damaged_key_file_is_explained_in_both_languages(store):
    from injurydoc.domain.errors import StoreError

    path = store.folder / "keyslots.json"
    doc = json.loads(path.read_text("utf-8"))
    doc["checksum"] = "0" * 64
    path.write_text(json.dumps(doc), "utf-8")
    with pytest.raises(StoreError) as err:
        sign_in(store.folder, "anna", PASSWORD)
    assert err.value.code == "store.keyslots_damaged"
    assert "kontrollsumman stämmer inte" in err.value.message("sv")
    assert "checksum" not in err.value.message("sv")
    assert "checksum does not match" in err.value.message("en")


@pytest.mark.slow
def test_signing_killed_at_random_points(store, tmp_path, fork_server):
    """Every signed examination has its SIGNED log row and its stored content hash, and no SIGNED row
    stands for an examination that is not signed — after each kill, at the next start."""
    from injurydoc.store import examinations as repo

    e = prepared(store, tmp_path)
    rng = random.Random(1516)
    for _ in range(5):
        proc = run_worker(fork_server, store.folder, e.id, tmp_path, "sign", tmp_path)
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(PASSWORD + "\n")
        proc.stdin.close()
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.1, 0.6))  # a signing takes ≈ 30 ms: a kill in any part of one of many
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stdout.close()
        s = sign_in(store.folder, "chef", PASSWORD)
        try:
            signed = {r[0] for r in s.db.all("SELECT id FROM examinations WHERE signed_at IS NOT NULL")}
            logged = {
                r[0].removeprefix("examination:")
                for r in s.db.all("SELECT target FROM audit_log WHERE action = 'signed'")
            }
            assert signed == logged
            for exam_id in signed:
                exam = repo.get(s.db, exam_id)
                assert exam is not None and record_signing.check(s.db, exam).state == record_signing.VALID
            assert verify_chain(s.db, s.vault.store_id, None).whole
        finally:
            s.close()
    assert len(signed) > 1, "the worker signed nothing before it was killed: the test tried nothing"


def test_the_manager_log_list_shows_the_settling_events_in_words(qapp):
    import datetime as dt

    from PySide6.QtCore import Qt

    from injurydoc.domain.models import AuditEvent
    from injurydoc.domain.vocab import AuditAction, AuditOutcome
    from injurydoc.ui.manager_models import AuditModel

    def event(seq, details):
        return AuditEvent(
            seq, dt.datetime(2026, 12, 5, tzinfo=dt.UTC), None, "anna", "VC", AuditAction.ACCOUNT,
            AuditOutcome.OK, None, "", details, "", "",
        )  # fmt: skip

    rows = [
        event(1, {"event": "lockout_file_damaged", "found_at": "2026-12-05T10:00:00Z"}),
        event(2, {"event": "export_never_delivered", "attempt": "x", "reason": "absent"}),
        event(3, {"event": "injury_added"}),
    ]
    for lang, needles in (
        ("sv", ("signin-attempts.json", "skadad", "aldrig")),
        ("en", ("signin-attempts.json", "damaged", "never delivered")),
    ):
        model = AuditModel(lang)
        model.set_events(rows, {})
        texts = [model.data(model.index(r, 6)) for r in range(3)]
        assert needles[0] in texts[0] and needles[1] in texts[0]
        assert needles[2] in texts[1]
        assert texts[2] == ""  # ordinary rows as before
        red = [model.data(model.index(r, 6), Qt.ItemDataRole.ForegroundRole) for r in range(3)]
        assert red[0] is not None and red[1] is not None and red[2] is None
