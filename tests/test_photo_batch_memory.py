"""Photo intake stays within 400 MB for a batch, whatever the pixel format (issue 15: "photo intake ≤ 400 MB
for a batch whatever the pixel format").

``benchmarks/bench_photo_memory.py`` measures the program's batch with JPEGs too; this test keeps the part
that the bound is about, in seconds: one card folder holding the two pixel bombs of the hostile corpus
(120 MP RGBA PNG, 110 MP deflated RGBA TIFF — refused from their headers) and three heavy files that are
accepted and decoded — two 36 MP RGBA PNGs (about 170 MB each estimated; two workers would hold both at
once without the shared decode budget) and a 30 MP 16-bit TIFF.  A child process creates a store and
imports the folder with ``PhotoService.import_files`` (two worker threads, as the program does) under an
address-space guard, and reports its peak resident size (``VmHWM``).
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import textwrap
import zlib
from pathlib import Path

import pytest

from tests.data.hostile import photos as corpus

pytestmark = pytest.mark.slow

BUDGET_MB = 400
GUARD_BYTES = 2 << 30  # RLIMIT_AS: far above the budget (shared libraries count too), far below harm

CHILD = textwrap.dedent(
    """
    import datetime as dt, json, resource, sys
    from pathlib import Path
    resource.setrlimit(resource.RLIMIT_AS, ({guard}, {guard}))
    from injurydoc.domain.vocab import Profession, Role
    from injurydoc.services.accounts import AccountService
    from injurydoc.services.demo import synthetic_pnr
    from injurydoc.services.examinations import ExaminationService
    from injurydoc.services.patients import PatientService
    from injurydoc.services.photos import PhotoService
    from injurydoc.services.session import create_store, sign_in
    from injurydoc.store.keyslots import TEST_KDF

    store, card, password = Path(sys.argv[1]), Path(sys.argv[2]), "minne-batch-1"
    setup = create_store(store, unit_name="Minne", manager_username="chef", manager_display_name="Chef",
                         manager_password=password, kdf=TEST_KDF)
    AccountService(setup.session).create(username="anna", display_name="Anna", password=password,
                                         roles=frozenset({{Role.CLINICIAN}}), profession=Profession.NURSE)
    setup.session.close()
    s = sign_in(store, "anna", password)
    patient = PatientService(s).create(personal_id=synthetic_pnr(dt.date(1985, 3, 14), 123), name="Minne")
    exam_id = ExaminationService(s).create(patient.id).id
    report = PhotoService(s).import_files(exam_id, sorted(card.iterdir()))
    status = Path("/proc/self/status").read_text()
    peak = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))
    s.close()
    print(json.dumps({{
        "peak_kib": peak,
        "imported": sorted(o.name for o in report.imported),
        "refused": {{o.name: o.error.code if o.error else "?" for o in report.refused}},
    }}))
    """
)


def _chunk(tag: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body) & 0xFFFFFFFF)


def _rgba_png(path: Path, width: int, height: int, shade: int) -> None:
    """A gradient RGBA PNG, half transparent in a band across the middle, written row by row (a row
    repeats for 64 rows: quick to make, still a full decode)."""
    comp = zlib.compressobj(1)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    with path.open("wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr))
        rows: dict[int, bytes] = {}
        buf = bytearray()
        for y in range(height):
            band = y // 64
            if band not in rows:
                alpha = 96 if abs(band * 64 - height // 2) < height // 8 else 255
                rows[band] = b"\x00" + b"".join(
                    bytes((x * 255 // width, band * 64 * 255 // height, shade, alpha)) for x in range(width)
                )
            buf += comp.compress(rows[band])
            if len(buf) > 1 << 20:
                f.write(_chunk(b"IDAT", bytes(buf)))
                buf.clear()
        buf += comp.flush()
        f.write(_chunk(b"IDAT", bytes(buf)) + _chunk(b"IEND", b""))


def _grey16_tiff(path: Path, width: int, height: int) -> None:
    """A 16-bit greyscale TIFF, one deflated strip, written row by row."""
    row = b"".join(struct.pack("<H", (x * 65535) // width) for x in range(width))
    comp = zlib.compressobj(1)
    with path.open("wb") as f:
        f.write(b"II*\x00\x00\x00\x00\x00")
        for _ in range(height):
            f.write(comp.compress(row))
        f.write(comp.flush())
        strip_len = f.tell() - 8
        if f.tell() % 2:
            f.write(b"\x00")
        ifd_at = f.tell()
        entries = [
            (256, 4, width),
            (257, 4, height),
            (258, 3, 16),
            (259, 3, 8),
            (262, 3, 1),
            (273, 4, 8),
            (277, 3, 1),
            (278, 4, height),
            (279, 4, strip_len),
        ]
        f.write(struct.pack("<H", len(entries)))
        for tag, typ, value in entries:
            packed = struct.pack("<H", value) + b"\x00\x00" if typ == 3 else struct.pack("<I", value)
            f.write(struct.pack("<HHI", tag, typ, 1) + packed)
        f.write(struct.pack("<I", 0))
        f.seek(4)
        f.write(struct.pack("<I", ifd_at))


def test_a_batch_of_bombs_and_heavy_formats_stays_within_400_mb(tmp_path: Path, made_once) -> None:
    card = tmp_path / "card"
    card.mkdir()
    (card / "rgba-bomb.png").write_bytes(made_once(corpus.rgba_bomb_png))
    (card / "deflated-bomb.tif").write_bytes(made_once(corpus.deflated_tiff_bomb))
    _rgba_png(card / "rgba-36mp-a.png", 6930, 5200, 128)
    _rgba_png(card / "rgba-36mp-b.png", 6930, 5200, 64)
    _grey16_tiff(card / "grey16-30mp.tif", 6300, 4800)
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-c", CHILD.format(guard=GUARD_BYTES), str(tmp_path / "store"), str(card)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(root / "src") + os.pathsep + str(root)},
        cwd=tmp_path,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    # the heavy ones were really decoded and stored, the bombs refused before decoding
    assert result["imported"] == ["grey16-30mp.tif", "rgba-36mp-a.png", "rgba-36mp-b.png"], result
    assert set(result["refused"]) == {"rgba-bomb.png", "deflated-bomb.tif"}, result
    assert set(result["refused"].values()) == {"photo.too_heavy"}, result
    peak_mb = result["peak_kib"] * 1024 / 1e6
    print(f"photo batch: peak {peak_mb:.0f} MB")
    assert peak_mb <= BUDGET_MB, f"the batch took {peak_mb:.0f} MB"
