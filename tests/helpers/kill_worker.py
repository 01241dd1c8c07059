"""Worker for tests/test_kill.py: signs in and writes through the services until it is killed.

Usage: ``python kill_worker.py STORE_FOLDER USERNAME SEED`` with the password on the first line of stdin.

Prints ``ready`` after signing in and ``ok <call>`` after every completed service call (each one its
own transaction with its access-log rows).  Counters written into the records let the test check that
every change and its log row were committed together:

- an examination's ``reported_place`` is ``v<n>`` after its n-th ``update``;
- an injury's ``description`` is ``v<n>`` after its n-th ``update_injury`` (``v0`` when added).
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

from injurydoc.domain.errors import ValidationError
from injurydoc.domain.models import BodyMark
from injurydoc.domain.vocab import BodyRegion, BodyView, InjuryType, Side
from injurydoc.services.demo import synthetic_pnr
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.patients import PatientService
from injurydoc.services.session import sign_in

REGIONS = (BodyRegion.FOREARM, BodyRegion.NECK_ANTERIOR, BodyRegion.CHEEK, BodyRegion.SHOULDER)
TYPES = (InjuryType.BRUISE, InjuryType.ABRASION, InjuryType.SCRATCH, InjuryType.SWELLING)


def done(call: str) -> None:
    sys.stdout.write(f"ok {call}\n")
    sys.stdout.flush()


def main() -> int:
    folder, username, seed = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    password = sys.stdin.readline().rstrip("\n")
    rng = random.Random(seed)
    session = sign_in(folder, username, password)
    patients = PatientService(session)
    exams = ExaminationService(session)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    while True:
        birth = dt.date(1930, 1, 1) + dt.timedelta(days=rng.randrange(80 * 365))
        try:
            patient = patients.create(
                personal_id=synthetic_pnr(birth, rng.randrange(1000)),
                name=f"Kill Test {rng.randrange(10**6)}",
            )
        except ValidationError:
            continue  # the number exists already
        done("create patient")
        exam = exams.create(patient.id)
        done("create examination")
        for n in range(1, rng.randint(1, 3) + 1):
            exams.update(
                exam.id,
                reported_place=f"v{n}",
                # long texts now and then, so that one transaction spans several pages
                patient_account="Han slog mig. " * rng.choice((1, 10, 300)),
            )
            done("update examination")
        for _ in range(rng.randint(1, 3)):
            injury = exams.add_injury(
                exam.id,
                type=rng.choice(TYPES),
                region=rng.choice(REGIONS),
                side=rng.choice((Side.LEFT, Side.RIGHT)),
                marks=(BodyMark(BodyView.FRONT, rng.random(), rng.random()),),
                length_mm=rng.randint(1, 200),
                description="v0",
            )
            done("add injury")
            for n in range(1, rng.randint(0, 3) + 1):
                exams.update_injury(injury.id, description=f"v{n}", colour=rng.choice(("röd", "blålila")))
                done("update injury")


if __name__ == "__main__":
    sys.exit(main())
