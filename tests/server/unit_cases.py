"""Two workstations' caches and a case documented through the services (no hand-built outbox entries):
what the unit-mode tests share."""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from injurydoc.domain.identity import parse_personal_id
from injurydoc.domain.models import BodyMark, Consent
from injurydoc.domain.vocab import (
    BodyRegion,
    BodyView,
    ConsentDecision,
    ConsentScope,
    InjuryType,
    PhotoRole,
    Protection,
    Side,
)
from injurydoc.media.synthetic import PhotoSpec, make_photo
from injurydoc.server import admin
from injurydoc.services import unit_mode
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.patients import PatientService
from injurydoc.services.photos import PhotoService
from injurydoc.services.session import Session
from injurydoc.services.unit_admin import UnitGrantService
from injurydoc.services.unit_queue import lookup_value
from injurydoc.store.keyslots import TEST_KDF
from injurydoc.sync.outbox import Outbox, StoreConnection
from injurydoc.sync.pull import pull
from injurydoc.sync.push import push
from tests.server.world import PASSWORD, World

PHOTOS = [make_photo(PhotoSpec(size=(320, 240), seed=n)) for n in (1, 2)]
ACCOUNT = "Patienten berättar att hon blev slagen med en knytnäve."


def cache(world: World, user: str, root: Path) -> Session:
    """``user``'s cache on a workstation whose caches live under ``root``."""
    return unit_mode.connect_workstation(world.db.dsn(user), user, PASSWORD, kdf=TEST_KDF, root=root)


def outbox(session: Session) -> Outbox:
    return Outbox(StoreConnection(session.db))


def outbox_rows(session: Session, *, log: bool = False) -> list[tuple[str, str]]:
    """(kind, id) of every queued record (with ``log``: and access-log entry), by raw SQL on the store."""
    rows = session.db.all("SELECT kind, item_id FROM sync_outbox ORDER BY seq")
    return [(str(k), str(i)) for k, i in rows if log or k != "log"]


@dataclass
class Case:
    patient_id: str
    exam_id: str
    injury_ids: list[str]
    photo_ids: list[str]


def document(
    session: Session,
    *,
    number: str = "19800101-0001",
    sign: bool = True,
    name: str = "Lisa Ek",
    protection: Protection = Protection.NONE,
) -> Case:
    """Register, document (fields, two injuries, two photos, a caption) and sign — through the services."""
    patient = PatientService(session).create(personal_id=number, name=name, protection=protection)
    ex = ExaminationService(session)
    exam = ex.create(patient.id)
    now = dt.datetime.now(dt.UTC)
    ex.update(
        exam.id,
        patient_account=ACCOUNT,
        consents=(
            Consent(ConsentScope.EXAMINATION, ConsentDecision.GIVEN, now),
            Consent(ConsentScope.RELEASE_TO_POLICE, ConsentDecision.GIVEN, now),
        ),
    )
    injuries = [
        ex.add_injury(
            exam.id,
            marks=(BodyMark(BodyView.FRONT, 0.3, 0.25),),
            type=InjuryType.BRUISE,
            region=BodyRegion.UPPER_ARM,
            side=Side.LEFT,
            description="Blåmärke 3 x 2 cm",
            length_mm=30,
            width_mm=20,
        ),
        ex.add_injury(exam.id, type=InjuryType.ABRASION, region=BodyRegion.FOREHEAD, side=Side.MIDLINE),
    ]
    ph = PhotoService(session)
    report = ph.import_data(exam.id, [("a.jpg", PHOTOS[0]), ("b.jpg", PHOTOS[1])])
    assert [o.status for o in report.outcomes] == ["imported", "imported"]
    photo_ids = [o.photo_id for o in report.outcomes if o.photo_id]
    ph.set_caption(photo_ids[0], "Överarm vänster")
    ph.set_role([photo_ids[0]], PhotoRole.OVERVIEW)
    ph.link_injuries([photo_ids[0]], [injuries[0].id])
    if sign:
        ex.sign(exam.id)
    return Case(patient.id, exam.id, [i.id for i in injuries], photo_ids)


def server_rows(world: World, table: str, **where: Any) -> list[dict[str, Any]]:
    import psycopg

    cond = " AND ".join(f"{k} = %s" for k in where) or "true"
    with world.db.owner() as o, o.cursor(row_factory=psycopg.rows.dict_row) as cur:
        return cur.execute(f"SELECT * FROM injurydoc.{table} WHERE {cond}", tuple(where.values())).fetchall()


def sync(world: World, session: Session, user: str) -> Any:
    """One push and pull of ``user``'s cache, as the runner does it."""
    with world.db.connect(user, autocommit=False) as conn:
        pushed = push(conn, outbox(session))
        assert pushed.refused == [], pushed.refusal
        return pull(conn, outbox(session), unit_key=session.unit_key)


def sent_patient(world: World, number: str, protection: str) -> uuid.UUID:
    """A patient of unit A as anna's workstation sends one (the number only as its keyed lookup
    value), and an entry of anna's log naming them."""
    pid = parse_personal_id(number)
    patient = uuid.uuid4()
    lookup = bytes.fromhex(lookup_value(str(world.unit_a), pid.digits, pid.value))
    plain = protection == "none"
    world.as_("anna").execute(
        "INSERT INTO injurydoc.patients (id, unit_id, protection, lookup, identity, identity_ciphertext,"
        " created_by) VALUES (%s, %s, %s, %s, %s, %s, %s)",
        (
            patient,
            world.unit_a,
            protection,
            lookup,
            json.dumps({"name": "Öppen"}) if plain else None,
            None if plain else os.urandom(64),
            world.ids["anna"],
        ),
    )
    world.as_("anna").execute(
        "INSERT INTO injurydoc.access_log (unit_id, account_id, source, action, outcome, patient_id, target)"
        " VALUES (%s, %s, 'client', 'exported', 'ok', %s, 'examination:x')",
        (world.unit_a, world.ids["anna"], patient),
    )
    return patient


@contextmanager
def workstations(
    world: World, root: Path, users: tuple[str, ...] = ("chef", "anna", "erik", "cecilia"), **more: str
) -> Iterator[dict[str, Session]]:
    """Each user's own cache (closed afterwards): the manager (chef), the creator (anna), a colleague to be
    granted (erik) and, when asked for, a clinician who is never granted (cecilia, made here); ``more``:
    further caches by name → user (e.g. ``room5="anna"``: the same account's second workstation)."""
    if "cecilia" in users:
        with world.db.connect("chef") as m:
            admin.create_account(
                m, username="cecilia", display_name="Cecilia", roles=["clinician"], password=PASSWORD
            )
        with world.db.owner() as o:
            world.ids["cecilia"] = o.execute(
                "SELECT id FROM injurydoc.accounts WHERE role_name = 'cecilia'"
            ).fetchone()[0]
    caches = {u: cache(world, u, root / f"ws-{u}") for u in users}
    caches.update({name: cache(world, user, root / f"ws-{name}") for name, user in more.items()})
    try:
        yield caches
    finally:
        for s in caches.values():
            s.close()


def grants(world: World, manager: Session) -> UnitGrantService:
    """The manager's grants on the server (as chef)."""
    return UnitGrantService(manager, lambda: world.db.connect("chef", autocommit=False))


def grant(world: World, manager: Session, patient_id: str, user: str) -> None:
    """A 30-day grant of the case to ``user`` for a follow-up."""
    until = dt.date.today() + dt.timedelta(days=30)
    grants(world, manager).grant(patient_id, str(world.ids[user]), reason="Uppföljning", until=until)


def everything_on_server(world: World) -> bytes:
    """Every row of every table of the schema as the superuser sees it (text and bytes), to look for
    something that must never reach the server in the clear."""
    out = []
    with world.db.superuser() as su:
        tables = [
            r[0]
            for r in su.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'injurydoc'").fetchall()
        ]
        for t in tables:
            for row in su.execute(f"SELECT * FROM injurydoc.{t}").fetchall():
                out += [bytes(v) if isinstance(v, bytes | memoryview) else str(v).encode() for v in row]
    return b"\x00".join(out)
