"""A process killed (SIGKILL) in the middle of writing leaves a whole, consistent store.

A worker subprocess (tests/helpers/kill_worker.py) signs in and writes through the services without
end; the test kills it at random moments, again and again on the same store, and after each kill
signs in afresh and checks the database, the access-log chain and that no change was committed
without its log row (nor a log row without its change).
"""

from __future__ import annotations

import json
import os
import random
import signal
import threading
import time
from pathlib import Path

import pytest

from injurydoc.services.session import sign_in
from injurydoc.store import audit
from injurydoc.store.audit import verify_chain

from .conftest import PASSWORD
from .helpers.forkserver import ForkServer

pytestmark = pytest.mark.slow

WORKER = Path(__file__).parent / "helpers" / "kill_worker.py"
KILLS = 18
MIN_DELAY_S, MAX_DELAY_S = 0.02, 0.3  # each service call takes a few ms: any kill lands mid-work
STARTUP_TIMEOUT_S = 20.0


class Worker:
    """The worker process plus a thread that drains its stdout (so it never blocks on a full pipe)."""

    def __init__(self, server: ForkServer, folder: Path, seed: int, stderr_path: Path) -> None:
        self.stderr_path = stderr_path
        self._stderr = stderr_path.open("wb")
        # a fresh process (forked from one that has imported the program), with this test's environment:
        # HOME, XDG_* and TMPDIR already redirected by the autouse fixture
        self.proc = server.spawn(
            WORKER, [str(folder), "anna", str(seed)], stderr=self._stderr, cwd=stderr_path.parent
        )
        assert self.proc.stdin is not None
        self.proc.stdin.write(PASSWORD.encode() + b"\n")
        self.proc.stdin.close()
        self.lines: list[str] = []
        self.first_call = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            line = raw.decode().strip()
            self.lines.append(line)
            if line.startswith("ok "):
                self.first_call.set()

    def wait_for_work(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not self.first_call.wait(0.01):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.kill()
                pytest.fail(f"worker did no work (exit {self.proc.returncode}):\n{self.stderr()}")

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
        self._reader.join(timeout=10)
        assert self.proc.stdout is not None
        self.proc.stdout.close()
        self._stderr.close()

    def stderr(self) -> str:
        return self.stderr_path.read_text("utf-8", errors="replace")


def _ids_without(db, table: str, prefix: str, action: str, extra: str = "") -> list[str]:
    """Rows of ``table`` that have no matching ok access-log event."""
    return [
        r[0]
        for r in db.all(
            f"SELECT t.id FROM {table} t WHERE NOT EXISTS (SELECT 1 FROM audit_log a "
            f"WHERE a.target = '{prefix}:' || t.id AND a.action = ? AND a.outcome = 'ok' {extra})",
            (action,),
        )
    ]


def _events_without(db, table: str, prefix: str, action: str, extra: str = "") -> list[str]:
    """Access-log events that record the creation of a row that does not exist."""
    return [
        r[0]
        for r in db.all(
            f"SELECT a.target FROM audit_log a WHERE a.target LIKE '{prefix}:%' AND a.action = ? "
            f"AND a.outcome = 'ok' {extra} AND NOT EXISTS "
            f"(SELECT 1 FROM {table} t WHERE '{prefix}:' || t.id = a.target)",
            (action,),
        )
    ]


def _counts(db, prefix: str) -> dict[str, int]:
    """Number of ok 'changed' events per id for targets ``prefix:<id>``."""
    rows = db.all(
        "SELECT substr(target, ?), count(*) FROM audit_log WHERE target LIKE ? AND action = 'changed' "
        "AND outcome = 'ok' GROUP BY target",
        (len(prefix) + 2, f"{prefix}:%"),
    )
    return {str(r[0]): int(r[1]) for r in rows}


def check_store(folder: Path) -> dict[str, int]:
    """Sign in afresh and check everything; return row counts."""
    s = sign_in(folder, "chef", PASSWORD)
    try:
        db = s.db
        assert db.integrity_problems() == []
        assert db.scalar("PRAGMA foreign_key_check") is None

        report = verify_chain(db, s.vault.store_id, None)
        assert report.whole, report
        anchor, problem = audit.read_anchor(folder, s.vault.data_key)
        assert problem == ""
        assert anchor is not None
        report = verify_chain(db, s.vault.store_id, anchor)
        assert report.whole, report

        # no orphans
        assert not db.all(
            "SELECT e.id FROM examinations e LEFT JOIN patients p ON p.id = e.patient_id WHERE p.id IS NULL"
        )
        assert not db.all(
            "SELECT i.id FROM injuries i LEFT JOIN examinations e ON e.id = i.examination_id "
            "WHERE e.id IS NULL"
        )

        # every row has the event that records it, and every such event its row
        added = "AND a.details LIKE '%injury_added%'"
        assert _ids_without(db, "patients", "patient", "created") == []
        assert _ids_without(db, "examinations", "examination", "created") == []
        assert _ids_without(db, "injuries", "injury", "changed", added) == []
        assert _events_without(db, "patients", "patient", "created") == []
        assert _events_without(db, "examinations", "examination", "created") == []
        assert _events_without(db, "injuries", "injury", "changed", added) == []

        # every committed update is logged: the first change of a field always, repeats of the same
        # change within a minute once (autosave coalescing, see Session.audit); never more rows than
        # updates (the counters are written by the worker)
        exam_changes = _counts(db, "examination")
        for exam_id, body in db.all("SELECT id, body FROM examinations"):
            place = json.loads(body)["reported_place"]
            n = int(place[1:]) if place else 0
            got = exam_changes.get(exam_id, 0)
            assert (got == 0) if n == 0 else (1 <= got <= n), f"examination {exam_id}: {place!r}, {got} rows"
        injury_changes = _counts(db, "injury")
        for injury_id, body in db.all("SELECT id, body FROM injuries"):
            n = int(json.loads(body)["description"][1:])
            got = injury_changes.get(injury_id, 0)
            assert (got == 1) if n == 0 else (2 <= got <= 1 + n), f"injury {injury_id}: {got} rows"

        counts = {
            table: int(db.scalar(f"SELECT count(*) FROM {table}"))
            for table in ("patients", "examinations", "injuries", "audit_log")
        }
    finally:
        s.close()
    return counts


def test_killed_writer_leaves_a_whole_store(store, tmp_path: Path, fork_server: ForkServer) -> None:
    seed = random.SystemRandom().randrange(2**32)
    rng = random.Random(seed)
    started = time.monotonic()
    before = check_store(store.folder)
    history = [before]
    kills = 0
    for round_no in range(KILLS):
        worker = Worker(fork_server, store.folder, rng.randrange(2**32), tmp_path / f"worker-{round_no}.err")
        try:
            worker.wait_for_work()
            time.sleep(rng.uniform(MIN_DELAY_S, MAX_DELAY_S))
            assert worker.alive(), f"worker died by itself (seed {seed}):\n{worker.stderr()}"
        finally:
            worker.kill()
        assert worker.proc.returncode == -signal.SIGKILL
        kills += 1
        try:
            counts = check_store(store.folder)
        except AssertionError as exc:
            raise AssertionError(
                f"after kill {kills} (seed {seed}, {len(worker.lines)} lines): {exc}"
            ) from exc
        # the store accumulates: nothing committed before is lost
        last = history[-1]
        assert all(counts[k] >= last[k] for k in counts), (seed, last, counts)
        assert counts["audit_log"] > last["audit_log"]
        history.append(counts)

    assert kills >= 15
    assert history[-1]["patients"] - before["patients"] >= KILLS
    assert history[-1]["injuries"] > 0
    assert time.monotonic() - started < 60, "the kill test has become too slow"
