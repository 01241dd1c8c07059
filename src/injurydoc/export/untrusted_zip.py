"""Opening a zip file someone else made (an evidence package, an exercise, a backup) without trusting it.

:func:`directory_counts` reads the end-of-central-directory record itself, so that the number of entries
and the size of the directory are known *before* :class:`zipfile.ZipFile` builds one object per entry;
:func:`open_zip` then opens it, turning every way the standard library can fail on a hostile file into
:class:`ZipRefused` (a reason in Swedish and English); :func:`chunks` reads one entry in bounded pieces.
Everything that reads an entry catches :data:`READ_ERRORS` — the exception types zipfile, zlib and lzma
raise on damaged data (the CRC is checked at the end of each entry).
"""

from __future__ import annotations

import contextlib
import lzma
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import IO

from injurydoc.domain.errors import Both

#: What zipfile (and the decompressors under it) raise on a damaged or hostile archive.
READ_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    EOFError,
    ValueError,  # includes UnicodeDecodeError (entry names) and bad header offsets
    NotImplementedError,  # unsupported compression
    RuntimeError,  # encrypted entries
    zlib.error,
    lzma.LZMAError,
    struct.error,
    OverflowError,
    IndexError,
    KeyError,
    MemoryError,
)

_EOCD = struct.Struct("<4s4H2LH")
_ZIP64_LOCATOR = struct.Struct("<4sLQL")
_ZIP64_EOCD = struct.Struct("<4sQ2H2L4Q")
CHUNK = 1 << 20


class ZipRefused(Exception):
    """The archive cannot be opened safely; :attr:`reason` says why in both languages."""

    def __init__(self, reason: Both) -> None:
        super().__init__(reason.en)
        self.reason = reason


def directory_counts(fh: IO[bytes]) -> tuple[int, int]:
    """(entries, size of the central directory in bytes) from the end record, zip64 included."""
    try:
        fh.seek(0, 2)
        size = fh.tell()
        tail_len = min(size, _EOCD.size + 0xFFFF)
        fh.seek(size - tail_len)
        tail = fh.read(tail_len)
        at = tail.rfind(b"PK\x05\x06")
        if at < 0 or len(tail) - at < _EOCD.size:
            raise ZipRefused(Both("det är ingen zip-fil", "it is not a zip file"))
        _sig, _d, _dcd, _n_disk, entries, cd_size, _off, _clen = _EOCD.unpack_from(tail, at)
        if entries == 0xFFFF or cd_size == 0xFFFFFFFF:
            loc_at = size - tail_len + at - _ZIP64_LOCATOR.size
            if loc_at < 0:
                raise ZipRefused(Both("zip64-posten saknas", "the zip64 record is missing"))
            fh.seek(loc_at)
            loc = fh.read(_ZIP64_LOCATOR.size)
            if len(loc) != _ZIP64_LOCATOR.size or loc[:4] != b"PK\x06\x07":
                raise ZipRefused(Both("zip64-posten saknas", "the zip64 record is missing"))
            _s, _disk, eocd64_at, _ndisks = _ZIP64_LOCATOR.unpack(loc)
            if eocd64_at > size:
                raise ZipRefused(Both("zip64-posten pekar utanför filen", "the zip64 record points outside"))
            fh.seek(eocd64_at)
            rec = fh.read(_ZIP64_EOCD.size)
            if len(rec) != _ZIP64_EOCD.size or rec[:4] != b"PK\x06\x06":
                raise ZipRefused(Both("zip64-posten är skadad", "the zip64 record is damaged"))
            fields = _ZIP64_EOCD.unpack(rec)
            entries, cd_size = fields[7], fields[8]
        return int(entries), int(cd_size)
    except OSError:
        raise ZipRefused(Both("filen kunde inte läsas", "the file could not be read")) from None
    finally:
        with contextlib.suppress(OSError):
            fh.seek(0)


def open_zip(fh: IO[bytes], *, max_entries: int, max_directory: int) -> zipfile.ZipFile:
    """The archive in ``fh``, opened only once its directory is known to be small enough."""
    entries, cd_size = directory_counts(fh)
    if entries > max_entries:
        raise ZipRefused(
            Both(
                f"{entries} poster, högst {max_entries} tillåts", f"{entries} entries, at most {max_entries}"
            )
        )
    if cd_size > max_directory:
        raise ZipRefused(Both("zip-katalogen är orimligt stor", "the zip directory is unreasonably large"))
    try:
        return zipfile.ZipFile(fh)
    except UnicodeDecodeError:
        raise ZipRefused(
            Both("ett postnamn är inte giltig UTF-8", "an entry name is not valid UTF-8")
        ) from None
    except READ_ERRORS as exc:
        raise ZipRefused(
            Both(
                f"zip-katalogen är skadad ({type(exc).__name__})",
                f"the zip directory is damaged ({type(exc).__name__})",
            )
        ) from None


def chunks(z: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> Iterator[bytes]:
    """The entry's bytes in pieces of at most :data:`CHUNK`; stops after ``limit`` + 1 bytes, so that a
    caller comparing the count with the header notices a lying header without reading on.  Raises one of
    :data:`READ_ERRORS` on damaged data."""
    seen = 0
    with z.open(info) as src:
        while seen <= limit:
            piece = src.read(min(CHUNK, limit + 1 - seen))
            if not piece:
                return
            seen += len(piece)
            yield piece


def shown(name: str, limit: int = 120) -> str:
    """An entry name fit for a message: bounded, control characters replaced."""
    clean = "".join(c if c.isprintable() else "?" for c in name)
    return clean[:limit] or "''"


def name_problem(name: str, folder: str | tuple[str, ...]) -> str | None:
    """What is wrong with an entry name for an archive of top-level files and ``folder`` (or one of several
    folders), or None.
    The reasons are the English detail templates the verifier translates
    (``domain.texts.VERIFY_DETAILS_SV``)."""
    if not name or name.startswith(("/", "\\")) or "\\" in name or ":" in name.split("/", maxsplit=1)[0]:
        return "absolute or drive path"
    parts = PurePosixPath(name).parts
    if any(p in ("..", ".") for p in parts) or "/./" in name or name.startswith("./"):
        return "'..' in path"
    if name.endswith("/"):
        return "directory entry"
    folders = (folder,) if isinstance(folder, str) else folder
    if len(parts) > 2 or (len(parts) == 2 and parts[0] not in folders):
        return "unexpected folder"
    if any(not c.isprintable() for c in name):
        return "control character in the name"
    return None


def header_problem(info: zipfile.ZipInfo) -> str | None:
    """What the directory says is wrong with an entry itself: a link, encryption, a compression method
    other than stored or deflated (lzma and bzip2 cost memory and time a reader did not plan for)."""
    if stat.S_ISLNK(info.external_attr >> 16):
        return "symbolic link"
    if info.flag_bits & 0x1:
        return "encrypted entry"
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return "unsupported compression"
    return None


def is_bomb(info: zipfile.ZipInfo, *, max_ratio: int, ratio_floor: int) -> bool:
    """Whether an entry larger than ``ratio_floor`` unpacks to more than ``max_ratio`` times its size."""
    return info.file_size > ratio_floor and info.file_size > max_ratio * max(info.compress_size, 1)
