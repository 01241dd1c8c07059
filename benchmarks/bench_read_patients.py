"""The logged list of patients an account may open (``reads.read_patients``: ``request_read('patients')``
then ``fetch_patients``) in a unit with many patients, at the server's head and at the revision before it.

Server: a throw-away PostgreSQL cluster on this machine (``injurydoc.server.localcluster``), schema at
head.  One unit; ``bo`` (a clinician) registered ``N`` patients without protected personal data and ``N``
with (identity ciphertext only), written as the superuser in one transaction (the benchmark's set-up, not
the program's path).  Timed, each as its own login role:

- ``anna`` (clinician): may open the ``N`` unprotected patients (and none of the protected): ``N`` rows
  returned and ``N`` access-log rows written by the server;
- ``chef`` (the unit manager, no grant): may open none of them: one log row, an empty list.

Each round measures both at head, then downgrades the schema to the revision before head (its
``down_revision``), measures both again, and upgrades back; the order alternates.  The figure is the
ratio before ÷ head of the medians, measured in the same run on the same rows.  A plain superuser
``SELECT`` of the same patients (no rule, no log) is printed as a floor.

Run: ``nice .venv/bin/python benchmarks/bench_read_patients.py [N] [rounds]`` (N = 5000, 5 rounds).
"""

from __future__ import annotations

import os
import sys
import time
import uuid
from collections.abc import Callable
from typing import Any

import _common as c
import psycopg
from psycopg.types.json import Jsonb

from injurydoc.server import migrate, reads
from injurydoc.server.localcluster import LocalCluster

N = 5000
ROUNDS = 5
REPEAT = 5
PASSWORD = c.UNIT_PASSWORD


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else N
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else ROUNDS
    started = c.header(f"read_patients with {n} + {n} patients in the unit: head vs the revision before")
    with LocalCluster() as pg, c.private_tmp("readpatients"):
        owner_dsn, init = c.bench_unit(pg, ("anna", "bo"))
        with psycopg.connect(pg.dsn("bench"), autocommit=True) as su:
            _fill(su, init.unit_id, n)
        head = migrate.head_revision()
        before = migrate.revisions()[-2]
        print(f"head {head}, before {before}; {n} unprotected and {n} protected patients by bo")
        times: dict[tuple[str, str], list[float]] = {}
        floor: list[float] = []
        for r in range(rounds):
            order = (head, before) if r % 2 == 0 else (before, head)
            for rev in order:
                migrate.migrate(owner_dsn, rev)
                for who in ("anna", "chef"):
                    with psycopg.connect(pg.dsn("bench", who, PASSWORD)) as conn:
                        got = _timed(
                            lambda conn=conn: reads.read_patients(conn), times.setdefault((rev, who), [])
                        )
                    expected = n if who == "anna" else 0
                    if got != expected:
                        raise SystemExit(f"{who} at {rev}: {got} patients, expected {expected}")
            with psycopg.connect(pg.dsn("bench")) as su:
                _timed(lambda su=su: _plain(su), floor)
        migrate.migrate(owner_dsn, "head")
        print(f"plain superuser SELECT of the {n} rows (no rule, no log): {c.stats(floor)}")
        for who, what in (("anna", f"clinician, opens {n}"), ("chef", "unit manager, opens none")):
            old, new = times[(before, who)], times[(head, who)]
            print(f"{who} ({what}): before {c.stats(old)}")
            print(f"{who} ({what}): head   {c.stats(new)}")
            print(f"{who}: before ÷ head = {c.ratio(c.med(old), c.med(new))}")
    c.footer(started)


def _timed(fn: Callable[[], list[dict[str, Any]]], into: list[float]) -> int:
    got = 0
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        got = len(fn())
        into.append(time.perf_counter() - t0)
    return got


def _plain(su: psycopg.Connection[Any]) -> list[Any]:
    rows = su.execute(
        "SELECT id, protection, identity FROM injurydoc.patients WHERE protection = 'none'"
    ).fetchall()
    su.commit()
    return rows


def _fill(su: psycopg.Connection[Any], unit_id: Any, n: int) -> None:
    bo = su.execute("SELECT id FROM injurydoc.accounts WHERE role_name = 'bo'").fetchone()[0]
    with su.transaction(), su.cursor() as cur:
        cur.executemany(
            "INSERT INTO injurydoc.patients (id, unit_id, protection, lookup, identity, identity_ciphertext,"
            " created_by) VALUES (%s, %s, %s, %s, %s, %s, %s)",
            [
                (
                    uuid.uuid4(),
                    unit_id,
                    "none" if i < n else "sekretessmarkering",
                    os.urandom(32),
                    Jsonb({"name": f"Person {i}", "number": f"19800101{i:04d}"}) if i < n else None,
                    None if i < n else os.urandom(120),
                    bo,
                )
                for i in range(2 * n)
            ],
        )
    su.execute("ANALYZE")


if __name__ == "__main__":
    main()
