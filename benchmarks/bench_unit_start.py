"""Start page from the unit cache with the server down, against the same content in a standalone store.

A throw-away PostgreSQL cluster (``injurydoc.server.localcluster``) with one unit and the clinician anna;
``unit_mode.connect_workstation`` makes anna's cache on this workstation (the real Argon2 parameters of
the program, ``KdfParams()``), then the cluster is **stopped** (``LocalCluster.pause``: nothing listens on
its socket any more).  The cache holds ``CASES`` of anna's examinations (patients, examinations, audit
rows, written like ``bench_list_search.Bulk``: about 85 % signed, spread over three years), the newest
``UNSENT`` of them still queued in the outbox, and the server's copy of the others in ``sync_cache`` (what
pulls left: one JSON body per examination, with its versions).  A standalone store (``create_store``, the
same KDF) gets the same cases from the same seed.

Measured for each, alternating, ``ROUNDS`` times: the sign-in page's job
(``unit_desktop.sign_in_workstation``: for the cache, the unit path with its sync runner prepared but not
started; for the standalone store, ``session.sign_in``) and then the start page's job
(``with_origins(session, ExaminationService(session).list_mine())``, exactly what ``ui/start_page.py``
runs).  Reported: sign-in, the first list after it, and the median of 10 later lists; the ratios cache ÷
standalone.  Goal: the start page from the cache ≤ 100 ms with the server down, the same as standalone.

Run: ``nice .venv/bin/python benchmarks/bench_unit_start.py [cases]`` (about a minute).
"""

from __future__ import annotations

import json
import random
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import _common as c
import psycopg
from bench_list_search import SEED, Bulk

CASES = 500
UNSENT = 20
ROUNDS = 5
WARM = 10
GOAL_S = 0.100
PASSWORD = c.UNIT_PASSWORD


def _fill(session: Any, cases: int) -> list[str]:
    """``cases`` examinations of the session's account, one patient each; answers their ids."""
    from injurydoc.domain.vocab import Protection

    me = session.account.id
    bulk = Bulk(session, random.Random(SEED), set(), {session.account.username: me})
    with session.db.transaction():
        for _ in range(cases):
            bulk.exams(bulk.patient(Protection.NONE, me), me, 1)
    return [r[0] for r in session.db.all("SELECT id FROM examinations ORDER BY created_at DESC")]


def _as_synced(session: Any, exam_ids: list[str], unsent: int) -> None:
    """The newest ``unsent`` still in the outbox, the server's copy of the others in the cache."""
    elsewhere = str(uuid.uuid4())
    with session.db.transaction():
        for i, exam_id in enumerate(exam_ids):
            if i < unsent:
                session.db.execute(
                    "INSERT INTO sync_outbox (kind, item_id, payload) VALUES ('examination', ?, ?)",
                    (exam_id, json.dumps({"id": exam_id})),
                )
                continue
            version = {"id": str(uuid.uuid4()), "parent_id": None, "workstation_id": elsewhere}
            body = {"id": exam_id, "versions": [version], "signature": None, "addenda": [], "photos": []}
            session.db.execute(
                "INSERT INTO sync_cache (kind, id, patient_id, body) VALUES ('examination', ?, ?, ?)",
                (exam_id, str(uuid.uuid4()), json.dumps(body)),
            )


def build(pg: Any, root: Path, cases: int) -> Path:
    """anna's unit cache (server then stopped) and a standalone store with the same cases."""
    from injurydoc.domain.vocab import Profession, Role
    from injurydoc.services.accounts import AccountService
    from injurydoc.services.session import create_store
    from injurydoc.services.unit_mode import connect_workstation

    c.bench_unit(pg, ("anna",), unit_name="VC Start")
    cache = connect_workstation(pg.dsn("bench", "anna", PASSWORD), "anna", PASSWORD)
    try:
        _as_synced(cache, _fill(cache, cases), UNSENT)
    finally:
        cache.close()

    folder = root / "standalone"
    setup = create_store(
        folder,
        unit_name="VC Start",
        manager_username="chef",
        manager_display_name="Chef",
        manager_password=PASSWORD,
    )
    AccountService(setup.session).create(
        username="anna",
        display_name="Anna",
        password=PASSWORD,
        roles=frozenset({Role.CLINICIAN}),
        profession=Profession.NURSE,
    )
    setup.session.close()
    from injurydoc.services.session import sign_in

    anna = sign_in(folder, "anna", PASSWORD)
    try:
        _fill(anna, cases)
    finally:
        anna.close()
    return folder


def measure(folder: Path) -> tuple[float, float, float, int, int]:
    """Sign-in, first start-page list, median of later lists, rows listed, rows marked with an origin."""
    from injurydoc.services.examinations import ExaminationService
    from injurydoc.services.unit_desktop import sign_in_workstation, with_origins

    t0 = time.perf_counter()
    session = sign_in_workstation(folder, "anna", PASSWORD)
    t1 = time.perf_counter()
    try:
        svc = ExaminationService(session)
        rows = with_origins(session, svc.list_mine())
        t2 = time.perf_counter()
        warm = []
        for _ in range(WARM):
            s = time.perf_counter()
            with_origins(session, svc.list_mine())
            warm.append(time.perf_counter() - s)
    finally:
        session.close()
    return t1 - t0, t2 - t1, c.med(warm), len(rows), sum(1 for r in rows if r.extra.get("origin"))


def main() -> None:
    from injurydoc.server.localcluster import LocalCluster

    cases = int(sys.argv[1]) if len(sys.argv) > 1 else CASES
    started = c.header(f"start page from the unit cache, server down, vs standalone ({cases} cases)")
    with LocalCluster() as pg, c.private_tmp("unit-start") as root:
        standalone = build(pg, root, cases)
        pg.pause()  # the server is down from here on
        try:
            psycopg.connect(pg.dsn("bench", "anna", PASSWORD), connect_timeout=2).close()
            raise RuntimeError("the server still answers: the measurement would not be of the cache alone")
        except psycopg.OperationalError:
            print("server stopped: a connection to it fails")
        not_a_store = root / "no-store-here"  # the sign-in page's folder: the unit cache is found by name
        results: dict[str, list[tuple[float, float, float, int, int]]] = {"cache": [], "standalone": []}
        for r in range(ROUNDS):
            order = [("cache", not_a_store), ("standalone", standalone)]
            for name, folder in order if r % 2 == 0 else reversed(order):
                results[name].append(measure(folder))
    for name, res in results.items():
        sign, first, warm, rows, marked = ([x[i] for x in res] for i in range(5))
        print(
            f"{name:<10} sign-in {c.stats(sign)}; first list ({rows[0]} rows, {marked[0]} marked here-only or"
            f" from elsewhere) {c.stats(first)}; later lists {c.stats(warm)}"
        )
    cache, alone = results["cache"], results["standalone"]
    for i, what in ((1, "first start-page list"), (0, "sign-in"), (2, "later lists")):
        a, b = c.med([x[i] for x in cache]), c.med([x[i] for x in alone])
        print(f"{what}: cache {c.ms(a)} ÷ standalone {c.ms(b)} = {a / b:.2f}×")
    total = c.med([x[0] + x[1] for x in cache])
    first = c.med([x[1] for x in cache])
    print(
        f"start page from the cache, server down: {c.ms(first)} after sign-in (goal ≤ {GOAL_S * 1000:.0f} ms:"
        f" {'met' if first <= GOAL_S else 'NOT met'}); sign-in and start page together {c.ms(total)}"
    )
    c.footer(started)


if __name__ == "__main__":
    main()
