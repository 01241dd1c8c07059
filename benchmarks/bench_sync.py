"""Signed on workstation A -> listed on workstation B, both online, over 20 runs.

Server: a throw-away PostgreSQL cluster (``injurydoc.server.localcluster``, PostgreSQL's default
durability).  Each run, A queues a new patient, an examination, a draft version with one injury, one
≈ 4 MiB photo and the signature in its outbox (``injurydoc.sync``) and pushes; B then pulls (the logged
reads of every patient it may open, and each new or unsigned examination) until the examination is in its
cache, signed.  The time is from the start of A's push to the end of B's pull — the sync latency itself,
without the background thread's polling interval (not built yet).  Baseline in the same run: one bare
``SELECT 1`` round trip on B's connection.  Goal: ≤ 5 s.

Run: ``.venv/bin/python benchmarks/bench_sync.py``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
import time
import uuid

import _common as c
import psycopg

from injurydoc.server.localcluster import LocalCluster
from injurydoc.store.schema import V9
from injurydoc.sync.outbox import Outbox
from injurydoc.sync.pull import cached_examination, pull
from injurydoc.sync.push import push

RUNS = 20
PASSWORD = c.UNIT_PASSWORD


def new_outbox() -> Outbox:
    con = sqlite3.connect(":memory:")
    for stmt in V9:
        con.execute(stmt)
    return Outbox(con)


def queue_case(ob: Outbox, unit: str, me: str, key: str, photo_size: int = 4 * 2**20) -> str:
    """Queue a new patient, an examination, a version with one injury, a photo of random bytes and the
    signature; answers the examination's id.  (Shared with ``bench_unit_load.py``.)"""
    pid, eid, vid, iid, ph = (str(uuid.uuid4()) for _ in range(5))
    now = dt.datetime.now(dt.UTC).isoformat()
    ob.add(
        "patient",
        pid,
        {
            "id": pid,
            "unit_id": unit,
            "protection": "none",
            "lookup": hashlib.sha256(pid.encode()).hexdigest(),
            "identity": {"name": "Bench"},
            "created_by": me,
        },
    )
    ob.add("examination", eid, {"id": eid, "unit_id": unit, "patient_id": pid, "examiner_id": me})
    ob.add(
        "version",
        vid,
        {
            "id": vid,
            "unit_id": unit,
            "examination_id": eid,
            "author_id": me,
            "client_saved_at": now,
            "content": {"account": "x"},
        },
    )
    ob.add("injury", iid, {"id": iid, "unit_id": unit, "version_id": vid, "number": 1, "content": {"t": "b"}})
    data = os.urandom(photo_size)
    ob.add(
        "photo",
        ph,
        {
            "id": ph,
            "unit_id": unit,
            "examination_id": eid,
            "number": 1,
            "sha256": hashlib.sha256(data).hexdigest(),
            "added_by": me,
            "metadata": {"role": "overview"},
        },
        data,
    )
    ob.add(
        "signature",
        eid,
        {
            "examination_id": eid,
            "unit_id": unit,
            "version_id": vid,
            "signer_id": me,
            "key_id": key,
            "signed_at": now,
            "content_sha256": os.urandom(32).hex(),
            "signature": os.urandom(64).hex(),
        },
    )
    return eid


def main() -> None:
    started = c.header(f"signed on A -> listed on B, {RUNS} runs")
    with LocalCluster(durable=True) as pg, c.private_tmp("sync"):
        _owner_dsn, init = c.bench_unit(pg, ("anna", "erik"))
        with (
            psycopg.connect(pg.dsn("bench", "anna", PASSWORD)) as a_conn,
            psycopg.connect(pg.dsn("bench", "erik", PASSWORD)) as b_conn,
        ):
            me = str(a_conn.execute("SELECT injurydoc.me()").fetchone()[0])
            key = uuid.uuid4()
            a_conn.execute(
                "INSERT INTO injurydoc.account_keys (id, unit_id, account_id, purpose, algorithm, public_key,"
                " created_by) VALUES (%s, %s, %s, 'signing', 'ed25519', %s, %s)",
                (key, init.unit_id, me, os.urandom(32), me),
            )
            a_conn.commit()
            a, b = new_outbox(), new_outbox()
            latencies, pings = [], []
            for _ in range(RUNS):
                eid = queue_case(a, str(init.unit_id), me, str(key))
                t0 = time.perf_counter()
                push(a_conn, a)
                pull(b_conn, b)
                latencies.append(time.perf_counter() - t0)
                got = cached_examination(b, eid)
                if got is None or got.get("signature") is None:
                    raise RuntimeError("the examination did not reach B signed")
                t1 = time.perf_counter()
                b_conn.execute("SELECT 1").fetchone()
                b_conn.commit()
                pings.append(time.perf_counter() - t1)
    print("runs (ms): " + " ".join(f"{x * 1000:.0f}" for x in latencies))
    print(f"signed on A -> listed on B: {c.stats(latencies)}  (goal ≤ 5 s; worst {max(latencies):.2f} s)")
    print(f"baseline SELECT 1 round trip: {c.stats(pings)}")
    print(f"ratio (medians): {c.med(latencies) / c.med(pings):.0f}×")
    c.footer(started)


if __name__ == "__main__":
    main()
