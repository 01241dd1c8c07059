"""Photo intake memory whatever the pixel format: peak RSS of one batch with bombs and heavy formats.

Fixture (made in this process, before the measured child starts): in one card folder
  - ``rgba-bomb.png``: 12,000 × 10,000 RGBA (120 MP), fully transparent, ~0.5 MB (issue 15: 2.7 GB before);
  - ``deflated-bomb.tif``: 11,000 × 10,000 RGBA, deflate, ~0.4 MB;
  - ``rgba-36mp.png``: 6,930 × 5,200 RGBA with a gradient and a half-transparent band (accepted: about 170 MB
    estimated);
  - ``palette-45mp.png``: 7,750 × 5,800 palette PNG with a transparent index (accepted: 1 + 4 bytes/pixel);
  - ``grey16-30mp.tif``: 6,300 × 4,800 16-bit greyscale TIFF, deflate (accepted: 2 bytes/pixel);
  - four 24 MP camera JPEGs (6,000 × 4,000, ``media.synthetic``) and the 400 × 300 HEIC sample.
Measured: a child process (this script with ``--child``) creates a store, imports the whole folder with
``PhotoService.import_files`` (two worker threads, as the program does) and reports ``VmRSS`` before the
import and ``VmHWM`` (peak RSS) after.  Baseline in the same run: a second child that imports only the
four JPEGs and the HEIC (formats decoded at reduced scale or small).  Goal: peak ≤ 400 MB for the batch.
A third child imports one 60 MB uncompressed 16-bit TIFF alone: what the store's copies of a large file
cost (bound by the file's size — at most ``Limits.max_bytes`` — not by its pixels).

Run: ``.venv/bin/python benchmarks/bench_photo_memory.py`` (about a minute).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import shutil
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path
from typing import Any

import _common as c

GOAL_PEAK_MB = 400.0
PASSWORD = secrets.token_urlsafe(12)
ROOT = Path(__file__).resolve().parents[1]


def _chunk(tag: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body) & 0xFFFFFFFF)


def write_png(path: Path, width: int, height: int, colour_type: int, row_of, extra: bytes = b"") -> None:
    """A PNG written row by row (never the whole picture in memory)."""
    comp = zlib.compressobj(1)
    with path.open("wb") as f:
        f.write(
            b"\x89PNG\r\n\x1a\n"
            + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0))
        )
        f.write(extra)
        buf = bytearray()
        for y in range(height):
            buf += comp.compress(b"\x00" + row_of(y))
            if len(buf) > 1 << 20:
                f.write(_chunk(b"IDAT", bytes(buf)))
                buf.clear()
        buf += comp.flush()
        f.write(_chunk(b"IDAT", bytes(buf)) + _chunk(b"IEND", b""))


def write_grey16_tiff(path: Path, width: int, height: int, *, deflate: bool = True) -> None:
    """A 16-bit greyscale TIFF (one strip), deflate-compressed or not, written row by row."""
    row = b"".join(struct.pack("<H", (x * 65535) // width) for x in range(width))
    comp = zlib.compressobj(1) if deflate else None
    with path.open("wb") as f:
        f.write(b"II*\x00\x00\x00\x00\x00")  # IFD offset filled in below
        for _ in range(height):
            f.write(comp.compress(row) if comp else row)
        if comp:
            f.write(comp.flush())
        strip_len = f.tell() - 8
        if f.tell() % 2:
            f.write(b"\x00")
        ifd_at = f.tell()
        entries = [
            (256, 4, 1, width),
            (257, 4, 1, height),
            (258, 3, 1, 16),
            (259, 3, 1, 8 if deflate else 1),
            (262, 3, 1, 1),
            (273, 4, 1, 8),
            (277, 3, 1, 1),
            (278, 4, 1, height),
            (279, 4, 1, strip_len),
        ]
        f.write(struct.pack("<H", len(entries)))
        for tag, typ, count, value in entries:
            packed = struct.pack("<H", value) + b"\x00\x00" if typ == 3 else struct.pack("<I", value)
            f.write(struct.pack("<HHI", tag, typ, count) + packed)
        f.write(struct.pack("<I", 0))
        f.seek(4)
        f.write(struct.pack("<I", ifd_at))


def make_card(card: Path) -> dict[str, list[Path]]:
    sys.path.insert(0, str(ROOT))
    from tests.data.hostile import photos as corpus

    from injurydoc.media.synthetic import Mark, PhotoSpec, make_photo

    card.mkdir(parents=True)
    heavy = card / "heavy"
    light = card / "light"
    heavy.mkdir()
    light.mkdir()
    (heavy / "rgba-bomb.png").write_bytes(corpus.rgba_bomb_png())
    (heavy / "deflated-bomb.tif").write_bytes(corpus.deflated_tiff_bomb())
    w, h = 6930, 5200
    write_png(heavy / "rgba-36mp.png", w, h, 6, lambda y: _ROWS[("rgba", w, h, y // 64)])
    w, h = 7750, 5800
    palette = bytes(v for i in range(256) for v in (i, 255 - i, (i * 7) % 256))
    write_png(
        heavy / "palette-45mp.png",
        w,
        h,
        3,
        lambda y: _ROWS[("p", w, h, y // 16)],
        extra=_chunk(b"PLTE", palette) + _chunk(b"tRNS", b"\x00"),
    )
    write_grey16_tiff(heavy / "grey16-30mp.tif", 6300, 4800)
    big = card / "big-file"
    big.mkdir()
    write_grey16_tiff(big / "grey16-30mp-uncompressed.tif", 6300, 4800, deflate=False)
    for k in range(4):
        spec = PhotoSpec(
            size=(6000, 4000), seed=k, marks=(Mark(0.5, 0.5),), captured=dt.datetime(2026, 11, 20, 14, k)
        )
        data = make_photo(spec, quality=90)
        (heavy / f"IMG_{k:04d}.JPG").write_bytes(data)
        (light / f"IMG_{k:04d}.JPG").write_bytes(data)
    shutil.copy(ROOT / "tests" / "data" / "photos" / "phone.heic", heavy / "phone.heic")
    shutil.copy(ROOT / "tests" / "data" / "photos" / "phone.heic", light / "phone.heic")
    return {"heavy": sorted(heavy.iterdir()), "light": sorted(light.iterdir()), "big": sorted(big.iterdir())}


class _RowCache(dict[tuple[str, int, int, int], bytes]):
    """Rows repeat in bands: each band's row is made once (keeps making the fixture fast)."""

    def __missing__(self, key: tuple[str, int, int, int]) -> bytes:
        kind, w, h, band = key
        if kind == "p":
            row = bytes(((x // 16) + band) % 256 for x in range(w))
        else:  # RGBA: a gradient, half transparent in a band across the middle
            y = band * 64
            alpha = 96 if abs(y - h // 2) < h // 8 else 255
            row = b"".join(bytes((x * 255 // w, y * 255 // h, 128, alpha)) for x in range(w))
        self[key] = row
        return row


_ROWS = _RowCache()


# ----- the measured child ----------------------------------------------------------------------------
def _status_kib(key: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def child(store_folder: Path, folder: Path) -> None:
    from injurydoc.domain.vocab import Profession, Role
    from injurydoc.services.accounts import AccountService
    from injurydoc.services.demo import synthetic_pnr
    from injurydoc.services.examinations import ExaminationService
    from injurydoc.services.patients import PatientService
    from injurydoc.services.photos import PhotoService
    from injurydoc.services.session import create_store, sign_in
    from injurydoc.store.keyslots import TEST_KDF

    setup = create_store(
        store_folder,
        unit_name="Benchmark unit",
        manager_username="chef",
        manager_display_name="Chef Bench",
        manager_password=PASSWORD,
        kdf=TEST_KDF,
    )
    AccountService(setup.session).create(
        username="anna",
        display_name="Anna Bench",
        password=PASSWORD,
        roles=frozenset({Role.CLINICIAN}),
        profession=Profession.NURSE,
    )
    setup.session.close()
    s = sign_in(store_folder, "anna", PASSWORD)
    patient = PatientService(s).create(
        personal_id=synthetic_pnr(dt.date(1985, 3, 14), 123), name="Minne Benchsson"
    )
    exam_id = ExaminationService(s).create(patient.id).id
    before = _status_kib("VmRSS")
    t0 = time.perf_counter()
    report = PhotoService(s).import_files(exam_id, sorted(folder.iterdir()))
    seconds = time.perf_counter() - t0
    peak = _status_kib("VmHWM")
    s.close()
    print(
        json.dumps(
            {
                "before_kib": before,
                "peak_kib": peak,
                "seconds": seconds,
                "imported": sorted(o.name for o in report.imported),
                "refused": sorted(f"{o.name}: {o.error.code if o.error else '?'}" for o in report.refused),
            }
        )
    )


def measure(root: Path, name: str, folder: Path) -> dict[str, Any]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).parent), env.get("PYTHONPATH")]))
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(root / f"store-{name}"), str(folder)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        child(Path(sys.argv[2]), Path(sys.argv[3]))
        return
    print(c.machine())
    with c.private_tmp("photo-memory") as root:
        t0 = time.perf_counter()
        folders = make_card(root / "card")
        sizes = {p.name: p.stat().st_size for p in folders["heavy"]}
        print(f"fixture made in {time.perf_counter() - t0:.0f} s:")
        for n, size in sizes.items():
            print(f"  {n:22s} {size / 1e6:8.2f} MB")
        light = measure(root, "light", folders["light"][0].parent)
        heavy = measure(root, "heavy", folders["heavy"][0].parent)
        big = measure(root, "big", folders["big"][0].parent)
    for label, r in (
        ("baseline: JPEGs + HEIC only", light),
        ("batch with bombs and heavy formats", heavy),
        ("one 60 MB uncompressed 16-bit TIFF alone (memory bound by file size, not pixels)", big),
    ):
        print(
            f"{label}:\n  RSS before import {r['before_kib'] / 1024:7.1f} MiB, "
            f"peak {r['peak_kib'] / 1024:7.1f} MiB, {r['seconds']:.1f} s\n"
            f"  imported {', '.join(r['imported'])}"
        )
        if r["refused"]:
            print("  refused " + "; ".join(r["refused"]))
    peak = heavy["peak_kib"] / 1024
    print(f"peak ratio heavy / baseline: {heavy['peak_kib'] / light['peak_kib']:.2f}")
    peak_mb = peak * 1.048576
    verdict = "met" if peak_mb <= GOAL_PEAK_MB else "NOT met"
    print(f"goal: peak ≤ {GOAL_PEAK_MB:.0f} MB: {verdict} ({peak_mb:.0f} MB)")


if __name__ == "__main__":
    main()
