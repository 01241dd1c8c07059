"""The unit's statistics on the server (revision 0004, ``injurydoc.unit_statistics``), by raw SQL as each
role: a unit manager gets their unit's aggregate counts only — small counts suppressed by the server, no
ids or content, another unit's rows never counted — and the read is logged; a clinician or trainer gets
nothing; a protected person's encrypted content is not read."""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from typing import Any

import psycopg
import pytest

from injurydoc.server.sql.v0004_statistics import COUNTED
from injurydoc.server.upload import upload
from injurydoc.services.statistics import COUNTED_FIELDS
from tests.server.world import World, refused


def _bounds(months: int = 2) -> list[dt.datetime]:
    """UTC midnights on the first of the last ``months`` months and of the next."""
    now = dt.datetime.now(dt.UTC)
    first = dt.datetime(now.year, now.month, 1, tzinfo=dt.UTC)
    out = [first]
    for _ in range(months - 1):
        out.insert(0, (out[0] - dt.timedelta(days=1)).replace(day=1))
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    return [*out, nxt]


def _exam(world: World, user: str, patient: uuid.UUID, fields: dict[str, Any], **kw: Any) -> uuid.UUID:
    exam = world.add_exam(user, patient)
    world.add_version(user, exam, content={"fields": fields}, **kw)
    return exam


def _photo(world: World, user: str, exam: uuid.UUID, number: int) -> None:
    data = os.urandom(70_000)
    result = upload(world.as_(user), world.unit_of(user), data, chunk_size=65536)
    world.as_(user).execute(
        "INSERT INTO injurydoc.photos (id, unit_id, examination_id, number, sha256, added_by, metadata)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s)",
        (uuid.uuid4(), world.unit_of(user), exam, number, result.sha256, world.ids[user], json.dumps({})),
    )


@pytest.fixture
def filled(world: World) -> World:
    """Unit A: 6 examinations (5 concern reports, 2 SIP), 1 follow-up, 5 photos, and one protected
    person with an encrypted examination (7 first examinations).  Unit B: 7 examinations, all with
    concern reports."""
    p = world.add_patient("anna")
    exams = [_exam(world, "anna", p, {"concern_report.made": i < 5, "sip.called": i < 2}) for i in range(6)]
    for n in range(1, 6):
        _photo(world, "anna", exams[0], n)
    follow = world.add_exam("erik", p)
    with world.db.owner() as o:  # the follow-up link (no client path sets it in this test world)
        o.execute("ALTER TABLE injurydoc.examinations DISABLE TRIGGER USER")
        o.execute("UPDATE injurydoc.examinations SET follow_up_of = %s WHERE id = %s", (exams[0], follow))
        o.execute("ALTER TABLE injurydoc.examinations ENABLE TRIGGER USER")
    # a signed examination is counted by its signed version
    signed = exams[5]
    with world.db.owner() as o:
        last = o.execute(
            "SELECT id FROM injurydoc.examination_versions WHERE examination_id = %s", (signed,)
        ).fetchone()[0]
    world.sign("anna", signed, last)
    hidden = world.add_patient("anna", protection="skyddad_folkbokforing")
    _exam(world, "anna", hidden, {}, encrypted=True)
    q = world.add_patient("bo")
    for _ in range(7):
        _exam(world, "bo", q, {"concern_report.made": True})
    return world


def _stats(conn: psycopg.Connection[Any], bounds: list[dt.datetime]) -> dict[tuple[int, str], int | None]:
    rows = conn.execute("SELECT part, indicator, n FROM injurydoc.unit_statistics(%s)", (bounds,)).fetchall()
    return {(part, ind): n for part, ind, n in rows}


def test_the_manager_gets_their_units_counts_suppressed(filled: World) -> None:
    bounds = _bounds(2)
    got = _stats(filled.as_("chef"), bounds)
    this, total = 1, 2
    assert got[(this, "examinations")] == 7  # six, and the protected person's
    assert got[(this, "concern_reports")] == 5
    assert got[(this, "sip_called")] is None  # 2: suppressed by the server
    assert got[(total, "sip_called")] is None  # and the total would give it away
    assert got[(this, "follow_ups")] is None  # 1
    assert got[(this, "photos")] == 5
    assert got[(this, "protected_persons")] is None  # 1
    assert got[(this, "encrypted_examinations")] is None  # 1: its answers are not counted
    assert got[(0, "examinations")] == 0 and got[(total, "examinations")] == 7
    assert got[(total, "photos")] == 5
    assert {part for part, _i in got} == {0, 1, 2}
    assert {i for _p, i in got} == {
        "examinations",
        "follow_ups",
        "photos",
        "concern_reports",
        "sip_called",
        "encrypted_examinations",
        "protected_persons",
    }


def test_the_other_units_rows_are_never_counted(filled: World) -> None:
    bounds = _bounds(1)
    assert _stats(filled.as_("berit"), bounds)[(0, "examinations")] == 7
    assert _stats(filled.as_("berit"), bounds)[(0, "concern_reports")] == 7
    assert _stats(filled.as_("chef"), bounds)[(0, "concern_reports")] == 5  # not 12


def test_only_aggregates_leave_the_function(filled: World) -> None:
    cur = filled.as_("chef").execute("SELECT * FROM injurydoc.unit_statistics(%s)", (_bounds(1),))
    assert [(d.name, d.type_code) for d in cur.description] == [("part", 23), ("indicator", 25), ("n", 20)]
    for _part, indicator, n in cur.fetchall():
        assert indicator.isidentifier() and (n is None or isinstance(n, int))


@pytest.mark.parametrize("user", ["anna", "tove", "bo"])
def test_clinicians_and_trainers_get_nothing(filled: World, user: str) -> None:
    with filled.db.connect(user) as conn, refused("42501"):
        conn.execute("SELECT * FROM injurydoc.unit_statistics(%s)", (_bounds(1),))


def test_a_role_that_loses_its_manager_role_is_refused_inside(filled: World) -> None:
    """EXECUTE is granted to the managers' group; the function checks the account's roles again."""
    with filled.db.superuser() as su:
        su.execute("GRANT injurydoc_unit_manager TO anna")
    with filled.db.connect("anna") as conn, refused("ID002"):
        conn.execute("SELECT * FROM injurydoc.unit_statistics(%s)", (_bounds(1),))


def test_each_read_is_logged_with_the_period_only(filled: World) -> None:
    bounds = _bounds(3)
    chef = filled.as_("chef")
    _stats(chef, bounds)
    row = chef.execute(
        "SELECT source, action, patient_id, target, details FROM injurydoc.access_log"
        " WHERE action = 'statistics' ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert row is not None
    source, action, patient, target, details = row
    assert (source, action, patient, target) == ("server", "statistics", None, "statistics")
    assert set(details) == {"from", "to", "months"} and details["months"] == 3


@pytest.mark.parametrize(
    "bounds",
    [
        [],
        [dt.datetime(2026, 1, 1, tzinfo=dt.UTC)],
        [dt.datetime(2026, 2, 1, tzinfo=dt.UTC), dt.datetime(2026, 1, 1, tzinfo=dt.UTC)],
        [dt.datetime(2000, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=31 * i) for i in range(122)],
    ],
)
def test_a_bad_period_is_refused(filled: World, bounds: list[dt.datetime]) -> None:
    with refused("ID003"):
        filled.as_("chef").execute("SELECT * FROM injurydoc.unit_statistics(%s::timestamptz[])", (bounds,))


def test_the_counted_fields_are_the_registrys() -> None:
    """A new statistics field in the registry needs a new server revision (0004 is frozen)."""
    assert {code for _key, code in COUNTED} == {f.code for f in COUNTED_FIELDS}
    assert {key for key, _code in COUNTED} == {f.counted.key for f in COUNTED_FIELDS if f.counted}


# ----- the desktop's service over the function ------------------------------------------------------------
def _service(world: World, store: Any, manager: str = "chef") -> tuple[Any, Any]:
    from injurydoc.services.statistics_unit import UnitStatisticsService

    session = store.sign_in("chef")  # a unit manager's local session; the server decides what is counted
    return session, UnitStatisticsService(session, lambda: world.db.connect(manager, autocommit=False))


def test_the_service_builds_the_standalone_table_from_the_servers_counts(filled: World, store: Any) -> None:
    session, svc = _service(filled, store)
    try:
        today = dt.date.today()
        stats = svc.table(today.replace(day=1) - dt.timedelta(days=1), today)
    finally:
        session.close()
    table = stats.table
    (_m0, before), (_m1, this) = table.months
    assert this["examinations"].text == "7" and before["examinations"].text == "0"
    assert this["concern_reports"].text == "5" and this["sip_called"].text == "<5"
    assert table.total["examinations"].text == "7"
    assert table.total["sip_called"].text == "<5"  # the range rule: 0 + one hidden month → "<5"
    assert this["photos"].text == "5" and this["protected_persons"].text == "<5"
    # what the server cannot count is not guessed
    assert this["exercises"].text == "–" and table.total["exports_consent"].text == "–"
    assert table.unit == "Vårdcentralen A"
    assert stats.encrypted.text == "<5"
    sv, en = stats.notes("sv"), stats.notes("en")
    assert "<5 undersökningar" in sv[1] and "utlämnanden till polis" in sv[0]
    assert "<5 examinations" in en[1] and "releases to the police" in en[0]


def test_the_service_for_the_other_unit(filled: World, store: Any) -> None:
    session, svc = _service(filled, store, "berit")
    try:
        stats = svc.table(dt.date.today(), dt.date.today())
    finally:
        session.close()
    assert stats.table.unit == "Vårdcentralen B"
    assert stats.table.total["examinations"].text == "7" and stats.table.total["concern_reports"].text == "7"
    assert stats.encrypted.text == "0"


@pytest.mark.skipif(__import__("shutil").which("pdftotext") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_pdf_names_the_server_and_what_it_does_not_cover(
    filled: World, store: Any, tmp_path, lang
) -> None:
    import subprocess

    session, svc = _service(filled, store)
    try:
        data = svc.pdf(dt.date.today(), dt.date.today(), lang)
    finally:
        session.close()
    path = tmp_path / "stats.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(out.split())
    if lang == "sv":
        assert "Uppföljningsstatistik" in flat and "Enhetens server (" in flat and "Inte med:" in flat
        assert "skyddade personuppgifter är innehållet krypterat" in flat
    else:
        assert "Follow-up statistics" in flat and "The unit's server (" in flat and "Not included:" in flat
    assert "Vårdcentralen A" in flat and "Vårdcentralen B" not in flat
    assert "Test Person" not in flat


def test_a_stopped_server_says_so(filled: World, store: Any) -> None:
    from injurydoc.server.errors import ServerError

    session, svc = _service(filled, store)
    filled.close()
    filled.db.cluster.pause()
    try:
        with pytest.raises(ServerError) as e:
            svc.table(dt.date.today(), dt.date.today())
    finally:
        filled.db.cluster.resume()
        session.close()
    assert e.value.code == "server.connect"
