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
