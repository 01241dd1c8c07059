"""Photo bytes to the unit server: chunked, resumable, stored once, counted only after the server checked
the SHA-256 itself; refusals for chunks that do not fit, and for photos whose bytes have not arrived."""

from __future__ import annotations

import hashlib
import json
import os
import uuid

import pytest

from injurydoc.server import reads
from injurydoc.server.errors import ServerError
from injurydoc.server.upload import upload
from injurydoc.sync.push import push
from tests.server.sync_cases import memory_outbox, queue_examination, server_counts
from tests.server.world import World, refused

CHUNK = 64 * 1024


def _photo_row(world: World, user: str, exam: uuid.UUID, sha: bytes, number: int = 1) -> uuid.UUID:
    pid = uuid.uuid4()
    world.as_(user).execute(
        "INSERT INTO injurydoc.photos (id, unit_id, examination_id, number, sha256, added_by, metadata)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s)",
        (pid, world.unit_of(user), exam, number, sha, world.ids[user], json.dumps({"role": "overview"})),
    )
    return pid


def test_an_interrupted_upload_resumes_and_the_photo_reads_back_byte_for_byte(world: World) -> None:
    data = os.urandom(5 * CHUNK + 123)
    anna = world.as_("anna")
    first = upload(anna, world.unit_a, data, chunk_size=CHUNK, stop_after=2)
    assert first.chunks_sent == 2 and not first.already_stored
    patient = world.add_patient("anna")
    exam = world.add_exam("anna", patient)
    with refused("ID003"):  # not all bytes there: no photo may point at them yet
        _photo_row(world, "anna", exam, first.sha256)
    # another connection (a restarted program) goes on where the first stopped
    with world.db.connect("anna") as again:
        rest = upload(again, world.unit_a, data, chunk_size=CHUNK)
    assert rest.chunks_sent == 4  # 6 chunks in all, 2 were there
    photo = _photo_row(world, "anna", exam, rest.sha256)
    assert reads.read_photo(anna, photo) == data
    # stored once: the same bytes again are not sent
    assert upload(world.as_("erik"), world.unit_a, data, chunk_size=CHUNK).already_stored
    with world.db.owner() as owner:
        size, n = owner.execute(
            "SELECT b.size, (SELECT count(*) FROM injurydoc.photo_chunks c WHERE c.sha256 = b.sha256)"
            " FROM injurydoc.photo_blobs b"
        ).fetchone()
        assert (size, n) == (len(data), 6)
        with refused("ID001"):  # stored bytes are never rewritten, by anyone
            owner.execute("UPDATE injurydoc.photo_chunks SET data = data")
        with refused("ID001"):
            owner.execute("DELETE FROM injurydoc.photo_chunks")


def test_bytes_that_do_not_match_their_sha256_are_discarded_and_sent_again(world: World) -> None:
    data = os.urandom(3 * CHUNK)
    sha = hashlib.sha256(data).digest()
    anna = world.as_("anna")
    upload(anna, world.unit_a, data, chunk_size=CHUNK, stop_after=2)
    tampered = bytearray(data[2 * CHUNK :])
    tampered[10] ^= 0xFF
    anna.execute(
        "INSERT INTO injurydoc.photo_chunks (unit_id, sha256, idx, data) VALUES (%s, %s, 2, %s)",
        (world.unit_a, sha, bytes(tampered)),
    )
    with pytest.raises(ServerError) as err:
        upload(anna, world.unit_a, data, chunk_size=CHUNK)  # nothing missing: goes straight to the check
    assert err.value.code == "server.photo_mismatch"
    with world.db.owner() as owner:
        assert owner.execute("SELECT count(*) FROM injurydoc.photo_chunks").fetchone()[0] == 0
    again = upload(anna, world.unit_a, data, chunk_size=CHUNK)
    assert again.chunks_sent == 3


def test_chunks_that_do_not_fit_the_announcement_are_refused(world: World) -> None:
    data = os.urandom(2 * CHUNK + 10)
    sha = hashlib.sha256(data).digest()
    anna = world.as_("anna")
    anna.execute("SELECT * FROM injurydoc.begin_upload(%s, %s, %s)", (sha, len(data), CHUNK))
    for idx, chunk in ((0, data[:100]), (2, data[2 * CHUNK :] + b"x"), (3, b"\0" * 10)):
        with refused("ID003"):
            anna.execute(
                "INSERT INTO injurydoc.photo_chunks (unit_id, sha256, idx, data) VALUES (%s, %s, %s, %s)",
                (world.unit_a, sha, idx, chunk),
            )
    with refused("42501"):  # into another unit
        world.as_("bo").execute(
            "INSERT INTO injurydoc.photo_chunks (unit_id, sha256, idx, data) VALUES (%s, %s, 0, %s)",
            (world.unit_a, sha, data[:CHUNK]),
        )
    with refused("42501"):  # a trainer sends no real photos
        world.as_("tove").execute("SELECT * FROM injurydoc.begin_upload(%s, %s, %s)", (sha, len(data), CHUNK))
    status = anna.execute("SELECT injurydoc.finish_upload(%s)", (sha,)).fetchone()[0]
    assert status == "incomplete"


def test_a_photo_of_another_account_cannot_be_read_without_access(world: World) -> None:
    data = os.urandom(CHUNK)
    anna = world.as_("anna")
    res = upload(anna, world.unit_a, data, chunk_size=CHUNK)
    patient = world.add_patient("anna", protection="fingerade_uppgifter")
    exam = world.add_exam("anna", patient)
    with refused("ID004"):  # a protected person's photo metadata in plain text
        _photo_row(world, "anna", exam, res.sha256)
    pid = uuid.uuid4()
    anna.execute(
        "INSERT INTO injurydoc.photos (id, unit_id, examination_id, number, sha256, added_by,"
        " metadata_ciphertext) VALUES (%s, %s, %s, 1, %s, %s, %s)",
        (pid, world.unit_a, exam, res.sha256, world.ids["anna"], os.urandom(40)),
    )
    assert reads.read_photo(anna, pid) == data
    assert reads.read_photo(world.as_("erik"), pid) is None
    assert reads.read_photo(world.as_("chef"), pid) is None


def test_a_chunk_whose_bytes_differ_from_its_sha256_is_refused_on_arrival(world: World) -> None:
    data = os.urandom(CHUNK - 5)  # one chunk: the photo's SHA-256 is the chunk's
    sha = hashlib.sha256(data).digest()
    anna = world.as_("anna")
    anna.execute("SELECT * FROM injurydoc.begin_upload(%s, %s, %s)", (sha, len(data), CHUNK))
    forged = bytearray(data)
    forged[100] ^= 0x01
    insert = (
        "INSERT INTO injurydoc.photo_chunks (unit_id, sha256, idx, data, data_sha256)"
        " VALUES (%s, %s, 0, %s, %s)"
    )
    with refused("ID003"):  # other bytes under the digest of the real ones
        anna.execute(insert, (world.unit_a, sha, bytes(forged), sha))
    with refused("ID003"):  # a digest that is no SHA-256
        anna.execute(insert, (world.unit_a, sha, data, sha[:16]))
    # without a digest the chunk is taken, and the check of the whole reads its bytes back
    anna.execute(insert, (world.unit_a, sha, bytes(forged), None))
    with world.db.owner() as owner, refused("ID001"):  # nobody adds a digest afterwards
        owner.execute("UPDATE injurydoc.photo_chunks SET data_sha256 = %s", (sha,))
    with refused("42501"):
        anna.execute("UPDATE injurydoc.photo_chunks SET data_sha256 = %s", (sha,))
    assert anna.execute("SELECT injurydoc.finish_upload(%s)", (sha,)).fetchone()[0] == "mismatch"
    with world.db.owner() as owner:
        assert owner.execute("SELECT count(*) FROM injurydoc.photo_chunks").fetchone()[0] == 0
        assert owner.execute("SELECT count(*) FROM injurydoc.photo_blobs").fetchone()[0] == 0
    assert upload(anna, world.unit_a, data, chunk_size=CHUNK).chunks_sent == 1
    with world.db.owner() as owner:
        assert owner.execute("SELECT data_sha256 FROM injurydoc.photo_chunks").fetchone()[0] == sha


def test_every_chunk_of_a_photo_of_several_is_stored_with_its_own_sha256(world: World) -> None:
    data = os.urandom(2 * CHUNK + 9)
    upload(world.as_("anna"), world.unit_a, data, chunk_size=CHUNK)
    with world.db.owner() as owner:
        got = owner.execute(
            "SELECT data_sha256 = sha256(data), data_sha256 FROM injurydoc.photo_chunks ORDER BY idx"
        ).fetchall()
    assert [ok for ok, _d in got] == [True, True, True]
    assert [d for _ok, d in got] == [
        hashlib.sha256(data[i * CHUNK : (i + 1) * CHUNK]).digest() for i in range(3)
    ]


class _Cut(Exception):
    """The connection is lost at this point (raised from the progress callback)."""


def _cut_at_last(done: int, total: int) -> None:
    if done == total:
        raise _Cut


def test_a_transfer_cut_before_the_check_keeps_all_chunks_but_the_last_one(world: World) -> None:
    data = os.urandom(3 * CHUNK + 7)  # four chunks: three committed alone, the last with the check
    sha = hashlib.sha256(data).digest()
    conn = world.db.connect("anna", autocommit=False)
    try:
        with pytest.raises(_Cut):
            upload(conn, world.unit_a, data, chunk_size=CHUNK, progress=_cut_at_last)
    finally:
        conn.close()  # no commit: what a broken network leaves
    with world.db.owner() as owner:
        idx = [r[0] for r in owner.execute("SELECT idx FROM injurydoc.photo_chunks ORDER BY idx")]
        done = owner.execute("SELECT completed_at FROM injurydoc.photo_blobs").fetchone()[0]
    assert idx == [0, 1, 2] and done is None
    with world.db.connect("anna", autocommit=False) as again:
        rest = upload(again, world.unit_a, data, chunk_size=CHUNK)
    assert (rest.sha256, rest.chunks_sent, rest.already_stored) == (sha, 1, False)
    with world.db.owner() as owner:
        assert owner.execute("SELECT completed_at IS NOT NULL FROM injurydoc.photo_blobs").fetchone()[0]
        whole = owner.execute(
            "SELECT sha256(string_agg(data, ''::bytea ORDER BY idx)) FROM injurydoc.photo_chunks"
        ).fetchone()[0]
    assert whole == sha


def test_a_photo_within_the_default_chunk_size_is_one_chunk_sent_in_one_transaction(world: World) -> None:
    data = os.urandom(5 * 2**20 + 3)  # a 12 MP JPEG is 3-8 MiB
    sha = hashlib.sha256(data).digest()
    conn = world.db.connect("anna", autocommit=False)
    try:
        with pytest.raises(_Cut):
            upload(conn, world.unit_a, data, progress=_cut_at_last)
    finally:
        conn.close()
    with world.db.owner() as owner:  # announced, but the chunk went with the interrupted check
        assert owner.execute("SELECT count(*) FROM injurydoc.photo_chunks").fetchone()[0] == 0
    with world.db.connect("anna", autocommit=False) as conn:
        res = upload(conn, world.unit_a, data)
    assert res.chunks_sent == 1
    with world.db.owner() as owner:
        assert owner.execute("SELECT idx, data_sha256 FROM injurydoc.photo_chunks").fetchall() == [(0, sha)]
    patient = world.add_patient("anna")
    exam = world.add_exam("anna", patient)
    photo = _photo_row(world, "anna", exam, sha)
    assert reads.read_photo(world.as_("anna"), photo) == data


def test_an_upload_resumed_with_other_chunks_starts_afresh_and_completes(world: World) -> None:
    data = os.urandom(5 * CHUNK + 1)
    anna = world.as_("anna")
    upload(anna, world.unit_a, data, chunk_size=CHUNK, stop_after=4)  # e.g. an older client's chunks
    with world.db.connect("anna", autocommit=False) as conn:
        res = upload(conn, world.unit_a, data, chunk_size=4 * CHUNK)
    assert res.chunks_sent == 2 and not res.already_stored
    with world.db.owner() as owner:
        rows = owner.execute("SELECT idx, length(data) FROM injurydoc.photo_chunks ORDER BY idx").fetchall()
        assert rows == [(0, 4 * CHUNK), (1, CHUNK + 1)]
    patient = world.add_patient("anna")
    exam = world.add_exam("anna", patient)
    photo = _photo_row(world, "anna", exam, res.sha256)
    assert reads.read_photo(anna, photo) == data


def test_bytes_that_differ_from_the_sha256_the_caller_gave_are_never_stored_as_complete(world: World) -> None:
    anna = world.as_("anna")
    one, several = os.urandom(CHUNK - 1), os.urandom(2 * CHUNK + 1)
    for data, code in ((one, "server.invalid"), (several, "server.photo_mismatch")):
        claimed = hashlib.sha256(data + b"x").digest()  # the record's hash; the bytes are not those
        with pytest.raises(ServerError) as err:
            upload(anna, world.unit_a, data, sha256=claimed, chunk_size=CHUNK)
        assert err.value.code == code
        with world.db.owner() as owner:
            assert not owner.execute(
                "SELECT count(*) FROM injurydoc.photo_blobs WHERE completed_at IS NOT NULL AND sha256 = %s",
                (claimed,),
            ).fetchone()[0]
            assert not owner.execute(
                "SELECT count(*) FROM injurydoc.photo_chunks WHERE sha256 = %s", (claimed,)
            ).fetchone()[0]
        right = upload(anna, world.unit_a, data, sha256=hashlib.sha256(data).digest(), chunk_size=CHUNK)
        assert right.chunks_sent == (len(data) + CHUNK - 1) // CHUNK and not right.already_stored
    with pytest.raises(ValueError, match="32 bytes"):
        upload(anna, world.unit_a, one, sha256=b"short", chunk_size=CHUNK)


def test_a_queued_photo_whose_bytes_differ_from_its_record_is_refused_and_stays_queued(world: World) -> None:
    ob = memory_outbox()
    case = queue_examination(world, ob)
    seq, payload = ob.con.execute(
        "SELECT seq, payload FROM sync_outbox WHERE kind = 'photo' ORDER BY seq LIMIT 1 OFFSET 2"
    ).fetchone()
    wrong = os.urandom(len(case["photos"][2]))  # the third photo's stored copy went bad
    ob.con.execute("UPDATE sync_outbox SET blob = ? WHERE seq = ?", (wrong, seq))
    with world.db.connect("anna", autocommit=False) as conn:
        res = push(conn, ob, chunk_size=CHUNK)
    photo_id = json.loads(payload)["id"]
    assert res.refused == [("photo", photo_id, "server.photo_mismatch")]
    assert server_counts(world) == (1, 1, 1, 1, 2, 0)  # everything before it; nothing after it
    assert ob.con.execute("SELECT count(*) FROM sync_outbox WHERE seq = ?", (seq,)).fetchone()[0] == 1
    with world.db.owner() as owner:
        stored = {
            r[0]
            for r in owner.execute("SELECT sha256 FROM injurydoc.photo_blobs WHERE completed_at IS NOT NULL")
        }
    assert hashlib.sha256(wrong).digest() not in stored and len(stored) == 2


def test_only_the_commit_that_completes_a_photo_waits_for_the_disk_and_the_callers_setting_stays(
    world: World,
) -> None:
    data = os.urandom(2 * CHUNK + 5)
    seen: list[str] = []
    with world.db.connect("anna", autocommit=False) as conn:
        conn.execute("SET synchronous_commit = on")  # as on a real server (the test cluster runs without)
        conn.commit()

        def progress(done: int, total: int) -> None:  # inside the upload's transactions
            seen.append(conn.execute("SHOW synchronous_commit").fetchone()[0])

        upload(conn, world.unit_a, data, chunk_size=CHUNK, progress=progress)
        # the chunks committed alone ran without waiting (their transaction is over when progress is
        # called); the last chunk's transaction, which completes the photo, waits as configured
        assert seen[-1] == "on"
        assert conn.execute("SHOW synchronous_commit").fetchone()[0] == "on"
        conn.execute("SELECT injurydoc.begin_upload(%s, %s, %s)", (os.urandom(32), 100_000, CHUNK))
        assert conn.execute("SHOW synchronous_commit").fetchone()[0] == "on"  # plain begin: untouched
        conn.rollback()
        upload(conn, world.unit_a, os.urandom(CHUNK), stop_after=0, chunk_size=CHUNK)
        assert conn.execute("SHOW synchronous_commit").fetchone()[0] == "on"  # only for its own transaction
