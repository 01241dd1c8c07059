"""The case type of the file parts of the hostile corpus (packages, backups, exercises, results, key files).

``reader`` names the check in :mod:`tests.fuzz.readers`; ``expect`` is what the program must answer:
``"accepted"``, ``"unreadable"`` (the verifier cannot read it as a package), a verifier check code that must
fail, or the message code of the project's error; ``needle`` must appear in the English message (or the
verifier's English verdict).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class FileCase:
    name: str
    make: Callable[[], bytes]
    reader: str
    expect: str
    needle: str = ""
    note: str = ""


def zip_of(entries: list[tuple[str, bytes]], method: int = zipfile.ZIP_STORED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = method
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    return out.getvalue()


def entries_of(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(i.filename, z.read(i)) for i in z.infolist()]


def repeated_deflate(
    block: bytes, times: int, level: int = 6, *, prefix: bytes = b"", wrapped: bool = False
) -> bytes:
    """``prefix + block * times`` deflated (raw; with the zlib header and Adler-32 when ``wrapped``),
    compressing ``block`` three times rather than ``times`` times.

    After a full flush the compressor starts without history, so every further copy of the block
    deflates to the same bytes, which are repeated: the stream inflates like any other, and a gigabyte
    of zeros takes a fraction of a second to make instead of seconds.  Each copy ends on a byte boundary
    (a full flush adds 5 bytes), which leaves the ratio of a big block as it was."""
    comp = zlib.compressobj(level, zlib.DEFLATED, -15)
    first = comp.compress(prefix + block) + comp.flush(zlib.Z_FULL_FLUSH)
    again = comp.compress(block) + comp.flush(zlib.Z_FULL_FLUSH)
    assert comp.compress(block) + comp.flush(zlib.Z_FULL_FLUSH) == again, "copies deflate differently"
    raw = first + again * (times - 1) + comp.flush()
    if not wrapped:
        return raw
    adler = zlib.adler32(prefix)
    for _ in range(times):
        adler = zlib.adler32(block, adler)
    return zlib.compress(b"", level)[:2] + raw + struct.pack(">I", adler)


def zip_with_deflated(entries: list[tuple[str, bytes]], deflated: dict[str, tuple[bytes, int, int]]) -> bytes:
    """A zip of ``entries`` (stored), then for each name in ``deflated`` an entry whose deflate stream
    is given as made (``raw``, with the CRC-32 and size of what it inflates to): written as a stored
    entry and its method, CRC and size set to a deflated one's in the local header and the central
    directory - the same bytes zipfile would write had it deflated the content itself, without the
    gigabyte going through it."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in [*entries, *((n, raw) for n, (raw, _, _) in deflated.items())]:
            z.writestr(zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0)), data)
        offsets = {i.filename: i.header_offset for i in z.infolist()}
    buf = bytearray(out.getvalue())
    (cd_at,) = struct.unpack_from("<I", buf, len(buf) - 22 + 16)  # end of central directory, no comment
    at = cd_at
    while buf[at : at + 4] == b"PK\x01\x02":
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", buf, at + 28)
        name = bytes(buf[at + 46 : at + 46 + name_len]).decode()
        if name in deflated:
            _, crc, size = deflated[name]
            assert size <= 0x7FFFFFFF, "zip64 sizes are not written here"
            local = offsets[name]
            struct.pack_into("<H", buf, local + 8, zipfile.ZIP_DEFLATED)
            struct.pack_into("<I", buf, local + 14, crc)
            struct.pack_into("<I", buf, local + 22, size)
            struct.pack_into("<H", buf, at + 10, zipfile.ZIP_DEFLATED)
            struct.pack_into("<I", buf, at + 16, crc)
            struct.pack_into("<I", buf, at + 24, size)
        at += 46 + name_len + extra_len + comment_len
    return bytes(buf)


def streamed_zip(
    name: str, size: int, fill: bytes = b"\0", others: list[tuple[str, bytes]] | None = None
) -> bytes:
    """A zip whose entry ``name`` inflates to ``size`` bytes of ``fill``, deflated 1 MiB at a time (never
    held in memory: :func:`repeated_deflate`), after ``others`` (stored)."""
    chunk = fill * (1 << 20)
    crc = 0
    for _ in range(size >> 20):
        crc = zlib.crc32(chunk, crc)
    return zip_with_deflated(others or [], {name: (repeated_deflate(chunk, size >> 20), crc, size)})


def set_utf8_flag_bad_name(data: bytes, entry: int = 0) -> bytes:
    """Flag entry ``entry`` as UTF-8 in the central directory and make its name's first byte 0xFF."""
    buf = bytearray(data)
    at = -1
    for _ in range(entry + 1):
        at = buf.find(b"PK\x01\x02", at + 1)
    buf[at + 9] |= 0x08  # flag bit 11 (0x0800): the name is UTF-8
    buf[at + 46] = 0xFF
    return bytes(buf)
