"""Pushing an examination's photos to the unit server: 40 photos, ≈ 160 MiB, through the program's
chunked upload path, against plain psycopg ``COPY`` of the same bytes into a bare table.

Server: a throw-away PostgreSQL cluster on this machine (``injurydoc.server.localcluster``, Unix socket,
PostgreSQL's default durability: fsync, synchronous_commit and full_page_writes on), schema at head.

- **Upload path** (``injurydoc.server.upload.upload``), as a clinician's own login role: per photo the
  client's SHA-256, ``begin_upload``, each 4 MiB chunk an ``INSERT`` under row-level security and the
  chunk trigger, committed on its own (resumable), then ``finish_upload``, which recomputes the SHA-256 of
  the whole photo on the server.
- **Baseline**: the schema owner's ``COPY bare (idx, data) FROM STDIN (FORMAT BINARY)`` of the same 40
  byte strings into a table with no constraint, trigger or policy, in one transaction.

Photo sizes are drawn between 3.5 and 4.5 MiB (fixed seed) so that about half take two chunks; the bytes
are random (incompressible, like JPEG).  Each round uses new bytes (identical for both paths, else the
second upload would find them stored already) and alternates which path goes first.  Goal: upload ÷ COPY
≤ 1.5.

Run: ``.venv/bin/python benchmarks/bench_server.py`` (about a minute).
"""

from __future__ import annotations

import os
import random
import time

import _common as c
import psycopg

from injurydoc.server import admin
from injurydoc.server.localcluster import LocalCluster
from injurydoc.server.upload import upload

N_PHOTOS = 40
ROUNDS = 3
PASSWORD = "benchmark password"  # noqa: S105 - a throw-away cluster's test account
OWNER, OWNER_PW = "bench_owner", "bench owner password"


def main() -> None:
    started = c.header(f"{N_PHOTOS} photos (≈160 MiB) to the unit server: chunked upload vs plain COPY")
    with LocalCluster(durable=True) as pg, c.private_tmp("server"):
        with psycopg.connect(pg.dsn(), autocommit=True) as su:
            print(f"server: {su.execute('SELECT version()').fetchone()[0]}")
            su.execute(f"CREATE ROLE {OWNER} LOGIN CREATEROLE PASSWORD '{OWNER_PW}'")
            su.execute(f"CREATE DATABASE bench OWNER {OWNER}")
            su.execute(f"GRANT pg_checkpoint TO {OWNER}")
        owner_dsn = pg.dsn("bench", OWNER, OWNER_PW)
        init = admin.init_server(
            owner_dsn,
            unit_name="VC Bench",
            manager="chef",
            manager_display_name="Chef",
            manager_password=PASSWORD,
        )
        with psycopg.connect(pg.dsn("bench", "chef", PASSWORD), autocommit=True) as chef:
            admin.create_account(
                chef, username="anna", display_name="Anna", roles=["clinician"], password=PASSWORD
            )
        with psycopg.connect(owner_dsn, autocommit=True) as owner:
            owner.execute("CREATE SCHEMA bare")
            owner.execute("CREATE TABLE bare.photos (idx integer, data bytea)")
        run(pg, owner_dsn, init.unit_id)
    c.footer(started)


def _photos(rng: random.Random) -> list[bytes]:
    sizes = [rng.randint(int(3.5 * 2**20), int(4.5 * 2**20)) for _ in range(N_PHOTOS)]
    return [os.urandom(n) for n in sizes]


def run(pg: LocalCluster, owner_dsn: str, unit_id: object) -> None:
    rng = random.Random(16)
    uploads: list[float] = []
    copies: list[float] = []
    with psycopg.connect(pg.dsn("bench", "anna", PASSWORD)) as anna, psycopg.connect(owner_dsn) as owner:
        for r in range(ROUNDS):
            photos = _photos(rng)
            total = sum(map(len, photos))

            def do_upload(photos: list[bytes] = photos) -> None:
                sent = sum(upload(anna, unit_id, data).chunks_sent for data in photos)
                if sent < len(photos):
                    raise RuntimeError("photos were found stored already: the comparison would be void")

            def do_copy(photos: list[bytes] = photos) -> None:
                with (
                    owner.cursor() as cur,
                    cur.copy("COPY bare.photos (idx, data) FROM STDIN (FORMAT BINARY)") as cp,
                ):
                    cp.set_types(["int4", "bytea"])
                    for i, data in enumerate(photos):
                        cp.write_row((i, data))
                owner.commit()

            order = [("upload", do_upload), ("copy", do_copy)]
            if r % 2:
                order.reverse()
            for name, fn in order:
                owner.execute("CHECKPOINT")  # start each timing from the same state of the WAL
                owner.commit()
                t0 = time.perf_counter()
                fn()
                (uploads if name == "upload" else copies).append(time.perf_counter() - t0)
            print(
                f"round {r + 1}: {total / 2**20:.0f} MiB; upload {c.ms(uploads[-1])}, "
                f"COPY {c.ms(copies[-1])}, ratio {uploads[-1] / copies[-1]:.2f}×"
            )
        chunks = owner.execute("SELECT count(*) FROM injurydoc.photo_chunks").fetchone()[0]
        owner.commit()
    mib = sum(map(len, photos)) / 2**20
    print(f"chunks stored by the upload path: {chunks} for {ROUNDS * N_PHOTOS} photos")
    print(f"upload path: {c.stats(uploads)}  ({mib / c.med(uploads):.0f} MiB/s)")
    print(f"plain COPY:  {c.stats(copies)}  ({mib / c.med(copies):.0f} MiB/s)")
    print(f"upload ÷ COPY (medians): {c.med(uploads) / c.med(copies):.2f}×  (goal ≤ 1.5×)")


if __name__ == "__main__":
    main()
