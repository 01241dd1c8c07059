"""The start page's "from another workstation" mark on cases that went through the real server, whose
read names no workstation: a case made on this workstation stays unmarked after it was synced (the case
number's tag says where it was made); one made on another workstation is marked."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from injurydoc.services import unit_desktop, unit_mode
from injurydoc.services.examinations import ExaminationService
from tests.server import unit_cases
from tests.server.unit_cases import document, sync
from tests.server.world import World


def test_a_case_made_here_is_not_marked_from_another_workstation_after_the_sync(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = unit_cases.cache(world, "anna", tmp_path / "ws-a")
    b = unit_cases.cache(world, "anna", tmp_path / "ws-b")
    here = unit_mode.workstation_id()
    other = str(uuid.uuid4())
    try:
        with monkeypatch.context() as room3:  # made on another workstation (room 3)
            room3.setattr(unit_mode, "workstation_id", lambda: other)
            theirs = document(a, sign=False, number="19750505-0000", name="Bo B")
            sync(world, a, "anna")
            rows = unit_desktop.with_origins(a, ExaminationService(a).list_mine())
            assert [r.extra.get("origin") for r in rows] == [None]  # made there: no mark there
        mine = document(b, sign=False)  # made here
        sync(world, b, "anna")
        assert unit_mode.workstation_id() == here
        origins = {
            r.examination_id: r.extra.get("origin")
            for r in unit_desktop.with_origins(b, ExaminationService(b).list_mine())
        }
        assert origins == {mine.exam_id: None, theirs.exam_id: unit_desktop.ELSEWHERE}
    finally:
        a.close()
        b.close()
