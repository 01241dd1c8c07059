"""Generated test images: every file a camera, a phone or a prankster might hand the program."""

from __future__ import annotations

import datetime as dt
import functools
import io
import struct
import zlib
from pathlib import Path

from PIL import Image

from injurydoc.media.synthetic import Mark, PhotoSpec, make_photo

CET = dt.timezone(dt.timedelta(hours=1))
WHEN = dt.datetime(2026, 11, 20, 14, 3, 12, tzinfo=CET)


def jpeg(seed=0, size=(480, 360), **kw) -> bytes:
    """A camera JPEG; made once per test process for each set of arguments (its bytes are a function of
    them, and many tests ask for the same picture: every ``documented_case`` imports two)."""
    kw.setdefault("captured", WHEN)
    return _jpeg(seed, tuple(size), tuple(sorted(kw.items())))


@functools.lru_cache(maxsize=128)
def _jpeg(seed: int, size: tuple[int, int], kw: tuple[tuple[str, object], ...]) -> bytes:
    return make_photo(PhotoSpec(size=size, seed=seed, marks=(Mark(0.5, 0.5),), **dict(kw)))


def oriented(orientation: int) -> bytes:
    """A 480×360 upright picture with a red square top-left, stored with the given EXIF orientation."""
    return jpeg(seed=orientation, corner_marker=True, orientation=orientation, noise=0)


def with_gps() -> bytes:
    return jpeg(seed=11, gps=(59.3293, 18.0686))


def broken_exif() -> bytes:
    """A valid JPEG whose APP1 Exif segment is garbage."""
    good = jpeg(seed=12, captured=None)
    img = Image.open(io.BytesIO(good))
    plain = io.BytesIO()
    img.save(plain, "JPEG", quality=85)  # no EXIF at all
    raw = plain.getvalue()
    payload = b"Exif\x00\x00" + b"II*\x00\x08\x00\x00\x00" + b"\xff\x13" + b"\x00" * 40
    segment = b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
    return raw[:2] + segment + raw[2:]


def no_exif() -> bytes:
    img = Image.open(io.BytesIO(jpeg(seed=13)))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85)
    return out.getvalue()


def png_transparent() -> bytes:
    img = Image.new("RGBA", (300, 200), (0, 0, 0, 0))
    img.paste((200, 60, 60, 255), (100, 50, 200, 150))
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def tiff_16bit() -> bytes:
    img = Image.new("I;16", (320, 240))
    img.putdata([(x * 200) % 65536 for x in range(320 * 240)])
    out = io.BytesIO()
    img.save(out, "TIFF")
    return out.getvalue()


def heic() -> bytes:
    """A 400×300 phone HEIC with capture time (made once with an HEVC encoder; the program ships none)."""
    return (Path(__file__).parent / "data" / "photos" / "phone.heic").read_bytes()


def truncated() -> bytes:
    data = jpeg(seed=15, size=(800, 600))
    return data[: len(data) * 2 // 3]


def truncated_png() -> bytes:
    """A PNG cut off inside its image data (no salvage for PNG: refused)."""
    img = Image.open(io.BytesIO(jpeg(seed=16, size=(400, 300)))).convert("RGB")
    out = io.BytesIO()
    img.save(out, "PNG")
    data = out.getvalue()
    return data[: len(data) // 2]


def jpeg_without_scan() -> bytes:
    """A JPEG whose headers are whole but whose scan is missing: nothing to show, refused."""
    data = jpeg(seed=17)
    sos = data.index(b"\xff\xda")
    return data[:sos]


def bomb() -> bytes:
    """A tiny PNG that claims 40,000 × 40,000 pixels."""

    def chunk(tag: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", 40000, 40000, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1000)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def not_an_image() -> bytes:
    return b"%PDF-1.4\n" + b"This is not a photograph.\n" * 40


def gif() -> bytes:
    out = io.BytesIO()
    Image.new("P", (20, 20)).save(out, "GIF")
    return out.getvalue()
