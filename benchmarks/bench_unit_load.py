"""50 simulated workstations syncing at once against one PostgreSQL on this machine.

Server: a throw-away PostgreSQL cluster (``injurydoc.server.localcluster``: Unix socket only, PostgreSQL's
default durability), schema at head.  50 clinician accounts, each with its own login role, its own
connection and its own outbox (``injurydoc.sync``), each in a process of its own (forked after the
set-up); all start together (a barrier).  Each workstation does ``SYNCS`` syncs: it queues a new patient,
an examination, a version with one injury, a ``PHOTO_KIB`` KiB photo and the signature (6 records),
pushes them (``sync.push``) and pulls (``sync.pull``: the logged reads of every patient it may open).
The time of one sync is from the start of the push to the end of the pull.

Reported: records and photo MiB per second over the whole crowd, the median and the slowest sync.
Baseline in the same run: one more account doing the same syncs alone (before and after the crowd); the
ratio is the median sync under load ÷ the median sync alone.

Checked afterwards (exit 1 if not): every outbox empty with nothing refused; on the server (as the schema
owner) exactly the ids that were queued, per kind — nothing lost, nothing twice; every photo blob complete
and its chunks' bytes hash to its SHA-256; each workstation's cache holds each of its examinations, signed.

Processes, not threads: 50 threads of one Python process spent ~100 ms of CPU per sync fighting over the
GIL (16 ms alone), and the workstations were waiting for the benchmark rather than for the server.  The
clients still share this machine's 2 cores with the server, which a real unit's workstations do not.
Run: ``nice .venv/bin/python benchmarks/bench_unit_load.py [workstations] [syncs] [at_once]`` (about a
minute).  ``at_once``: at most so many syncs run at a time (a semaphore; the wait for it counts in the
sync's time) — what admission control on the server, or spreading the workstations' sync times, would do.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading
import time
import traceback
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import _common as c
import psycopg
from bench_sync import new_outbox, queue_case

from injurydoc.server.localcluster import LocalCluster
from injurydoc.sync.outbox import Outbox
from injurydoc.sync.pull import cached_examination, pull
from injurydoc.sync.push import push

WORKSTATIONS = 50
SYNCS = 4
PHOTO_KIB = 512
PASSWORD = c.UNIT_PASSWORD

# kind -> the server's table and the column holding the id the workstation queued
_TABLES = {
    "patient": ("patients", "id"),
    "examination": ("examinations", "id"),
    "version": ("examination_versions", "id"),
    "injury": ("injuries", "id"),
    "photo": ("photos", "id"),
    "signature": ("signatures", "examination_id"),
}


@dataclass
class Station:
    user: str
    me: str = ""
    key: str = ""
    times: list[float] = field(default_factory=list)
    sent: dict[str, set[str]] = field(default_factory=dict)
    exams: list[str] = field(default_factory=list)
    photo_bytes: int = 0
    cpu: float = 0.0  # CPU time of the workstation's own process while it synced
    problems: list[str] = field(default_factory=list)


def _setup(pg: LocalCluster, n: int) -> tuple[str, object, list[Station]]:
    stations = [Station(f"ws{i:02d}") for i in range(n + 1)]  # the last one: the baseline, alone
    owner_dsn, init = c.bench_unit(pg, [st.user for st in stations], unit_name="VC Last")
    for st in stations:
        with psycopg.connect(pg.dsn("bench", st.user, PASSWORD)) as conn:
            st.me = str(conn.execute("SELECT injurydoc.me()").fetchone()[0])
            st.key = str(uuid.uuid4())
            conn.execute(
                "INSERT INTO injurydoc.account_keys (id, unit_id, account_id, purpose, algorithm, public_key,"
                " created_by) VALUES (%s, %s, %s, 'signing', 'ed25519', %s, %s)",
                (st.key, init.unit_id, st.me, os.urandom(32), st.me),
            )
    return owner_dsn, init.unit_id, stations


def _work(
    pg: LocalCluster,
    unit: object,
    st: Station,
    syncs: int,
    start: Any = None,
    out: Any = None,
    gate: Any = None,
) -> None:
    """One workstation: its own connection and outbox; ``syncs`` times queue a case, push, pull."""
    try:
        ob: Outbox = new_outbox()
        with psycopg.connect(pg.dsn("bench", st.user, PASSWORD)) as conn:
            if start is not None:
                start.wait()
            for _ in range(syncs):
                eid = queue_case(ob, str(unit), st.me, st.key, PHOTO_KIB * 1024)
                for entry in ob.pending():
                    st.sent.setdefault(entry.kind, set()).add(entry.item_id)
                    st.photo_bytes += len(entry.blob or b"")
                st.exams.append(eid)
                c0, t0 = time.process_time(), time.perf_counter()
                with gate if gate is not None else contextlib.nullcontext():
                    res = push(conn, ob)
                    pull(conn, ob)
                st.times.append(time.perf_counter() - t0)
                st.cpu += time.process_time() - c0
                if res.refused or res.remaining:
                    st.problems.append(f"{st.user}: push left {res.remaining}, refused {res.refused}")
            for eid in st.exams:
                got = cached_examination(ob, eid)
                if got is None or got.get("signature") is None:
                    st.problems.append(f"{st.user}: examination {eid} is not in its cache, signed")
    except Exception:  # reported, and counted as a failure of the benchmark
        st.problems.append(f"{st.user}: {traceback.format_exc(limit=3)}")
        if start is not None:
            start.abort()
    if out is not None:
        out.put(st)


def _server_cpu(pg: LocalCluster) -> float:
    """CPU seconds of the cluster so far: the postmaster, the backends it has reaped, the ones alive."""
    tick = os.sysconf("SC_CLK_TCK")
    master = int((pg.data / "postmaster.pid").read_text().split()[0])
    total = 0.0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            fields = (Path("/proc") / pid / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(pid) == master:
            total += sum(int(x) for x in fields[11:15]) / tick  # its own and its reaped children's
        elif int(fields[1]) == master:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def _verify(owner_dsn: str, stations: list[Station]) -> list[str]:
    problems = [p for st in stations for p in st.problems]
    with psycopg.connect(owner_dsn) as o:
        for kind, (table, col) in _TABLES.items():
            rows = [str(r[0]) for r in o.execute(f"SELECT {col} FROM injurydoc.{table}")]
            sent = {i for st in stations for i in st.sent.get(kind, ())}
            if len(rows) != len(set(rows)) or set(rows) != sent:
                problems.append(
                    f"{kind}: {len(sent)} queued, the server holds {len(rows)} ({len(set(rows))} ids)"
                )
        bad = o.execute(
            "SELECT count(*) FILTER (WHERE b.completed_at IS NULL),"
            " count(*) FILTER (WHERE b.sha256 IS DISTINCT FROM"
            "  (SELECT sha256(string_agg(c.data, ''::bytea ORDER BY c.idx)) FROM injurydoc.photo_chunks c"
            "    WHERE c.unit_id = b.unit_id AND c.sha256 = b.sha256))"
            " FROM injurydoc.photo_blobs b"
        ).fetchone()
        if bad != (0, 0):
            problems.append(
                f"photo blobs: {bad[0]} incomplete, {bad[1]} whose bytes differ from their SHA-256"
            )
    return problems


def _crowd(
    pg: LocalCluster, unit: object, crowd: list[Station], syncs: int, at_once: int
) -> tuple[list[Station], float, float]:
    """The workstations in processes of their own, all at once: their results, the wall time, the server's
    CPU seconds meanwhile."""
    ctx = multiprocessing.get_context("fork")  # no connection is open in this process now
    barrier, out = ctx.Barrier(len(crowd) + 1), ctx.Queue()
    gate = ctx.Semaphore(at_once) if at_once else None
    procs = [ctx.Process(target=_work, args=(pg, unit, st, syncs, barrier, out, gate)) for st in crowd]
    for p in procs:
        p.start()
    server0 = _server_cpu(pg)
    with contextlib.suppress(threading.BrokenBarrierError):  # a station failed: reported afterwards
        barrier.wait()
    t0 = time.perf_counter()
    done = {st.user: st for st in (out.get() for _ in procs)}
    wall = time.perf_counter() - t0
    for p in procs:
        p.join()
    time.sleep(0.5)  # the backends' exits reaped by the postmaster
    return [done[st.user] for st in crowd], wall, _server_cpu(pg) - server0


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else WORKSTATIONS
    syncs = int(sys.argv[2]) if len(sys.argv) > 2 else SYNCS
    at_once = int(sys.argv[3]) if len(sys.argv) > 3 else 0  # at most so many syncs at a time (0: no limit)
    limit = f", at most {at_once} syncs at a time" if at_once else ""
    started = c.header(f"{n} workstations syncing at once against one PostgreSQL, {syncs} syncs each{limit}")
    with LocalCluster(durable=True) as pg, c.private_tmp("unit-load"):
        owner_dsn, unit, stations = _setup(pg, n)
        alone = stations[n]
        print(f"load average before: {os.getloadavg()[0]:.2f}")
        _work(pg, unit, alone, syncs, None)  # the baseline, alone (half before the crowd)
        crowd, wall, server = _crowd(pg, unit, stations[:n], syncs, at_once)
        load = os.getloadavg()[0]
        after = Station(alone.user, alone.me, alone.key)  # the baseline again, after the crowd
        _work(pg, unit, after, syncs, None)
        alone.times += after.times
        alone.cpu += after.cpu
        for kind, ids in after.sent.items():
            alone.sent.setdefault(kind, set()).update(ids)
        alone.problems += after.problems
        problems = _verify(owner_dsn, [*crowd, alone])

    under = [x for st in crowd for x in st.times]
    records = sum(len(ids) for st in crowd for ids in st.sent.values())
    mib = sum(st.photo_bytes for st in crowd) / 2**20
    print(f"crowd: {n} workstations × {syncs} syncs in {wall:.1f} s (load average at the end {load:.2f})")
    print(
        f"throughput: {records / wall:.0f} records/s, {mib / wall:.1f} MiB/s of photos"
        f" ({records} records, {mib:.0f} MiB)"
    )
    print(f"one sync under load: {c.stats(under)}; slowest {max(under):.2f} s")
    print(f"one sync alone:      {c.stats(alone.times)}")
    print(
        f"workstation CPU per sync: {1000 * sum(st.cpu for st in crowd) / len(under):.0f} ms under load,"
        f" {1000 * alone.cpu / len(alone.times):.0f} ms alone; server CPU during the crowd {server:.1f} s"
        f" ({1000 * server / len(under):.0f} ms per sync) of {2 * wall:.0f} s of 2 cores"
    )
    print(f"ratio (medians, under load ÷ alone): {c.med(under) / c.med(alone.times):.1f}×")
    if problems:
        print("NOT ALL ARRIVED AS SENT:")
        for p in problems[:20]:
            print("  " + p)
        c.footer(started)
        sys.exit(1)
    total = records + sum(len(i) for i in alone.sent.values())
    print(
        f"verified: every id queued is on the server once ({total} records), every photo complete, once,"
        " and its bytes match its SHA-256; every case in its workstation's cache, signed"
    )
    c.footer(started)


if __name__ == "__main__":
    main()
