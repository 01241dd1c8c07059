"""Exercise case numbers (``OVN-…``) in a training unit carry the workstation's and account's tag, as the
real unit's ``SD-…`` numbers do: cases made offline on several workstations of one training unit — the
same trainee on two of them, and another trainee — never get the same number, and after syncing every
workstation holds every case under its own number (before: each workstation counted ``OVN-2026-0001``
from one, and a second case of that number could not be taken into a cache, whose numbers are unique).
A standalone training store keeps plain ``OVN-<year>-<n>``."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from pathlib import Path

import pytest

from injurydoc.services import unit_mode
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.patients import PatientService
from injurydoc.services.session import Session
from injurydoc.services.unit_queue import workstation_tag
from injurydoc.store.keyslots import TEST_KDF
from tests.server.test_unit_training_sync import sync
from tests.server.world import PASSWORD, World

WS = {name: str(uuid.uuid4()) for name in ("room3", "room5", "room7", "trainer")}


@pytest.fixture
def cls(world: World) -> World:
    world.add_training_unit((("elin", ["clinician"]), ("olle", ["clinician"]), ("tina", ["trainer"])))
    return world


def _on(monkeypatch: pytest.MonkeyPatch, ws: str) -> None:
    """What follows happens on workstation ``ws`` (its id in unit.json)."""
    monkeypatch.setattr(unit_mode, "workstation_id", lambda: WS[ws])


def _cache(world: World, user: str, root: Path) -> Session:
    return unit_mode.connect_workstation(
        world.db.dsn(user), user, PASSWORD, kdf=TEST_KDF, root=root, training=True
    )


def _case(s: Session, number: str, name: str) -> tuple[str, str]:
    patient = PatientService(s).create(personal_id=number, name=name)
    exam = ExaminationService(s).create(patient.id)
    return exam.id, exam.case_ref


def _numbers(s: Session) -> dict[str, str]:
    return {str(r[0]): str(r[1]) for r in s.db.all("SELECT id, case_ref FROM examinations")}


def test_offline_exercise_cases_on_three_workstations_do_not_collide(
    cls: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    caches: dict[str, Session] = {}
    try:
        for ws, user in (("room3", "elin"), ("room5", "elin"), ("room7", "olle"), ("trainer", "tina")):
            _on(monkeypatch, ws)
            caches[ws] = _cache(cls, user, tmp_path / f"ws-{ws}")
        ids = {u: str(cls.ids[u]) for u in ("elin", "olle")}
        # offline: each workstation makes its first exercise case (no sync in between)
        made = {}
        for ws, user, number, name in (
            ("room3", "elin", "19800101-0001", "Övning Ett"),
            ("room5", "elin", "19750505-0000", "Övning Två"),
            ("room7", "olle", "19800101-0001", "Övning Tre"),
        ):
            _on(monkeypatch, ws)
            made[ws] = _case(caches[ws], number, name)
            year = dt.date.today().year
            tag = workstation_tag(WS[ws], ids[user])
            assert made[ws][1] == f"OVN-{tag}-{year}-0001", made[ws]
        refs = [ref for _e, ref in made.values()]
        assert len(set(refs)) == 3 and all(re.fullmatch(r"OVN-[0-9A-F]{6}-\d{4}-0001", r) for r in refs)

        # back online: everything sent and received; each cache holds every case, each under the number it
        # was made with
        for _ in range(2):
            for ws, user in (("room3", "elin"), ("room5", "elin"), ("room7", "olle"), ("trainer", "tina")):
                _on(monkeypatch, ws)
                sync(cls, caches[ws], user)
        expected = {eid: ref for eid, ref in made.values()}
        for ws, cache in caches.items():  # the trainer: the whole class; a trainee: any unprotected person
            assert _numbers(cache) == expected, ws
        # a second case on room 3 continues its own count
        _on(monkeypatch, "room3")
        ex = ExaminationService(caches["room3"])
        again = ex.create(ex.get(made["room3"][0]).patient_id)  # a follow-up visit of the same person
        assert again.case_ref == made["room3"][1][:-4] + "0002"
    finally:
        for s in caches.values():
            s.close()
