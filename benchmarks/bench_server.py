"""Pushing an examination's photos to the unit server: 40 photos, ≈ 160 MiB, through the program's
chunked upload path, against plain psycopg ``COPY`` of the same bytes into a bare table.

Server: a throw-away PostgreSQL cluster on this machine (``injurydoc.server.localcluster``, Unix socket,
PostgreSQL's default durability: fsync, synchronous_commit and full_page_writes on), schema at head.

- **Upload path** (``injurydoc.server.upload.upload``) as ``sync.push`` calls it, as a clinician's own
  login role: per photo, under the SHA-256 its record carries (computed at intake; not timed here),
  ``begin_upload`` (committed), each 16 MiB chunk an ``INSERT`` with its SHA-256 under
  row-level security and the chunk trigger (which computes the SHA-256 of the bytes and refuses a chunk
  that differs), committed on its own except the last, which commits together with ``finish_upload``
  (the server's check of the whole photo's SHA-256: for a photo of one chunk the digest checked on
  arrival, else over the bytes read back).  A 3.5-4.5 MiB photo is one chunk: one commit per photo.
- **Before schema 0006** (the previous client, a copy of its loop here): each 4 MiB chunk an ``INSERT``
  committed on its own (about half the photos take two), ``finish_upload`` reading every photo's bytes
  back to compute its SHA-256.
- **Baseline**: the schema owner's ``COPY bare (idx, data) FROM STDIN (FORMAT BINARY)`` of the same 40
  byte strings into a table with no constraint, trigger or policy, in one transaction.

Photo sizes are drawn between 3.5 and 4.5 MiB (fixed seed); the bytes are random (incompressible, like
JPEG).  Each round uses new bytes (the same for every path, under a different first byte for each upload
path, else the second upload would find them stored already) and rotates which path goes first; one
warm-up round first is not counted.  Besides the time, the CPU time of the client and of its server
backend (``/proc/<pid>/stat``: the cluster runs on this machine) is summed: a figure that load from other
processes changes much less than the time.  Goal: upload ÷ COPY ≤ 1.5.

Run: ``nice .venv/bin/python benchmarks/bench_server.py [rounds]`` (6 rounds: about a minute).
"""

from __future__ import annotations

import hashlib
import os
import random
import sys
import time

import _common as c
import psycopg

from injurydoc.server.localcluster import LocalCluster
from injurydoc.server.upload import upload

N_PHOTOS = 40
ROUNDS = 6
OLD_CHUNK = 4 * 2**20  # the chunk size before schema 0006
PATHS = ("upload", "before 0006", "copy")
PASSWORD = c.UNIT_PASSWORD


def main() -> None:
    started = c.header(f"{N_PHOTOS} photos (≈160 MiB) to the unit server: chunked upload vs plain COPY")
    with LocalCluster(durable=True) as pg, c.private_tmp("server"):
        owner_dsn, init = c.bench_unit(pg, ("anna",), checkpoint=True)
        with psycopg.connect(owner_dsn, autocommit=True) as owner:
            owner.execute("CREATE SCHEMA bare")
            owner.execute("CREATE TABLE bare.photos (idx integer, data bytea)")
        run(pg, owner_dsn, init.unit_id, int(sys.argv[1]) if len(sys.argv) > 1 else ROUNDS)
    c.footer(started)


def _photos(rng: random.Random) -> list[bytes]:
    sizes = [rng.randint(int(3.5 * 2**20), int(4.5 * 2**20)) for _ in range(N_PHOTOS)]
    return [os.urandom(n) for n in sizes]


def _variant(photos: list[bytes], tag: int) -> list[bytes]:
    """The same bytes but the first (a different SHA-256, so that no path finds another's stored)."""
    return [bytes([tag]) + p[1:] for p in photos]


def _upload_before_0006(conn: psycopg.Connection, unit_id: object, data: bytes) -> int:
    """The upload loop of the client before schema 0006 (4 MiB chunks, each committed, no digest)."""
    sha = hashlib.sha256(data).digest()
    total = (len(data) + OLD_CHUNK - 1) // OLD_CHUNK
    conn.execute("SELECT complete, have FROM injurydoc.begin_upload(%s, %s, %s)", (sha, len(data), OLD_CHUNK))
    conn.commit()
    for i in range(total):
        conn.execute(
            "INSERT INTO injurydoc.photo_chunks (unit_id, sha256, idx, data) VALUES (%s, %s, %s, %b)"
            " ON CONFLICT DO NOTHING",
            (unit_id, sha, i, data[i * OLD_CHUNK : (i + 1) * OLD_CHUNK]),
        )
        conn.commit()
    status = conn.execute("SELECT injurydoc.finish_upload(%s)", (sha,)).fetchone()
    conn.commit()
    if status is None or status[0] != "complete":
        raise RuntimeError(f"upload not complete: {status}")
    return total


def _cpu_s(pid: int) -> float:
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()  # noqa: SIM115
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(pg: LocalCluster, owner_dsn: str, unit_id: object, rounds: int) -> None:
    rng = random.Random(16)
    times: dict[str, list[float]] = {p: [] for p in PATHS}
    cpus: dict[str, list[float]] = {p: [] for p in PATHS}
    with psycopg.connect(pg.dsn("bench", "anna", PASSWORD)) as anna, psycopg.connect(owner_dsn) as owner:
        backends = []
        for conn in (anna, owner):
            backends.append(conn.execute("SELECT pg_backend_pid()").fetchone()[0])
            conn.commit()

        def cpu() -> float:
            return time.process_time() + sum(_cpu_s(pid) for pid in backends)

        for r in range(-1, rounds):  # round -1: warm-up, not counted (WAL segments, caches)
            photos = _photos(rng)
            total = sum(map(len, photos))
            new, old = _variant(photos, 1), _variant(photos, 2)

            known = [hashlib.sha256(data).digest() for data in new]  # the records' hashes

            def do_upload(photos: list[bytes] = new, shas: list[bytes] = known) -> None:
                sent = sum(
                    upload(anna, unit_id, data, sha256=sha).chunks_sent
                    for data, sha in zip(photos, shas, strict=True)
                )
                if sent < len(photos):
                    raise RuntimeError("photos were found stored already: the comparison would be void")

            def do_old(photos: list[bytes] = old) -> None:
                for data in photos:
                    _upload_before_0006(anna, unit_id, data)

            def do_copy(photos: list[bytes] = photos) -> None:
                with (
                    owner.cursor() as cur,
                    cur.copy("COPY bare.photos (idx, data) FROM STDIN (FORMAT BINARY)") as cp,
                ):
                    cp.set_types(["int4", "bytea"])
                    for i, data in enumerate(photos):
                        cp.write_row((i, data))
                owner.commit()

            order = list(zip(PATHS, (do_upload, do_old, do_copy), strict=True))
            order = order[r % 3 :] + order[: r % 3]  # each path first in turn
            for name, fn in order:
                owner.execute("CHECKPOINT")  # start each timing from the same state of the WAL
                owner.commit()
                c0 = cpu()
                t0 = time.perf_counter()
                fn()
                times[name].append(time.perf_counter() - t0)
                cpus[name].append(cpu() - c0)
            if r < 0:
                for v in (*times.values(), *cpus.values()):
                    v.clear()
                continue
            cp = times["copy"][-1]
            print(
                f"round {r + 1}: {total / 2**20:.0f} MiB; "
                + ", ".join(f"{n} {c.ms(times[n][-1])} ({times[n][-1] / cp:.2f}×)" for n, _f in order)
                + f"; load average {os.getloadavg()[0]:.2f}"
            )
        chunks = owner.execute(
            "SELECT b.chunk_size, count(*) FROM injurydoc.photo_chunks c JOIN injurydoc.photo_blobs b"
            " USING (unit_id, sha256) GROUP BY 1 ORDER BY 1"
        ).fetchall()
        owner.commit()
    mib = sum(map(len, photos)) / 2**20
    print(
        "chunks stored: "
        + ", ".join(f"{n} of {size // 2**20} MiB" for size, n in chunks)
        + f" for {(rounds + 1) * N_PHOTOS} photos each"
    )
    copy, copy_cpu = c.med(times["copy"]), c.med(cpus["copy"])
    for name in PATHS:
        print(
            f"{name + ':':<13}{c.stats(times[name])}  ({mib / c.med(times[name]):.0f} MiB/s);"
            f" CPU client+server {c.med(cpus[name]):.2f} s ({c.med(cpus[name]) / copy_cpu:.2f}× COPY's)"
        )
    print(f"before 0006 ÷ COPY (medians): {c.med(times['before 0006']) / copy:.2f}×")
    print(f"upload ÷ COPY (medians): {c.med(times['upload']) / copy:.2f}×  (goal ≤ 1.5×)")
    paired = c.med([u / k for u, k in zip(times["upload"], times["copy"], strict=True)])
    print(
        f"upload ÷ COPY (median of each round's own ratio; load changes less within a round): {paired:.2f}×"
    )


if __name__ == "__main__":
    main()
