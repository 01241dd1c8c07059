"""The case type of the file parts of the hostile corpus (packages, backups, exercises, results, key files).

``reader`` names the check in :mod:`tests.fuzz.readers`; ``expect`` is what the program must answer:
``"accepted"``, ``"unreadable"`` (the verifier cannot read it as a package), a verifier check code that must
fail, or the message code of the project's error; ``needle`` must appear in the English message (or the
verifier's English verdict).
"""

from __future__ import annotations

import io
import zipfile
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


def streamed_zip(
    name: str, size: int, fill: bytes = b"\0", others: list[tuple[str, bytes]] | None = None
) -> bytes:
    """A zip whose entry ``name`` inflates to ``size`` bytes of ``fill``, deflated chunk by chunk (never
    held in memory), after ``others`` (stored)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compresslevel=1) as z:
        for other, data in others or []:
            z.writestr(zipfile.ZipInfo(other, date_time=(2000, 1, 1, 0, 0, 0)), data)
        info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w", force_zip64=size > 0x7FFFFFFF) as fh:
            chunk = fill * (1 << 20)
            for _ in range(size >> 20):
                fh.write(chunk)
    return out.getvalue()


def set_utf8_flag_bad_name(data: bytes, entry: int = 0) -> bytes:
    """Flag entry ``entry`` as UTF-8 in the central directory and make its name's first byte 0xFF."""
    buf = bytearray(data)
    at = -1
    for _ in range(entry + 1):
        at = buf.find(b"PK\x01\x02", at + 1)
    buf[at + 9] |= 0x08  # flag bit 11 (0x0800): the name is UTF-8
    buf[at + 46] = 0xFF
    return bytes(buf)
