"""Reading an evidence package's entries without trusting it, for :mod:`injurydoc.export.verify`.

The zip directory is judged first, with nothing inflated (names, links, encryption, compression,
sizes, ratios, duplicates, the total); then every entry is hashed as it is read, and only the manifest,
its signature, SHA256SUMS and the report are kept in memory.
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .package import MANIFEST, REPORT, SIGNATURE, SIGNED_DIR, SUMS
from .untrusted_zip import (
    READ_ERRORS,
    ZipRefused,
    chunks,
    header_problem,
    is_bomb,
    name_problem,
    open_zip,
    shown,
)
from .verdict import Detail, VerifyReport, detail, joined

#: Limits on what a package may hold.  Photos and other entries are hashed as they are read, so their size
#: costs time, not memory; only the manifest, its signature, SHA256SUMS and the report are kept in memory.
MAX_ENTRIES = 5000
MAX_DIRECTORY_BYTES = MAX_ENTRIES * 400
MAX_ENTRY_BYTES = 300 * 1024 * 1024
MAX_TOTAL_BYTES = 8 * 1024 * 1024 * 1024
#: An entry larger than RATIO_FLOOR may not unpack to more than MAX_RATIO times its packed size (photos
#: and the report are stored; only the small text files are deflated).
MAX_RATIO = 100
RATIO_FLOOR = 64 * 1024
KEPT_LIMITS = {
    MANIFEST: 16 * 1024 * 1024,
    SIGNATURE: 1024 * 1024,
    SUMS: 4 * 1024 * 1024,
    REPORT: 96 * 1024 * 1024,
}


#: The signed contents (signed/…) are kept in memory too: each at most this, and at most this many.
SIGNED_ENTRY_LIMIT = 1024 * 1024
MAX_SIGNED_ENTRIES = 64


def kept(name: str) -> bool:
    return name in KEPT_LIMITS or name.startswith(SIGNED_DIR + "/")


def entry_problem(info: zipfile.ZipInfo, seen: set[str]) -> str | None:
    """What is wrong with an entry, judged from the zip directory alone (nothing is inflated)."""
    reason = name_problem(info.filename, ("photos", SIGNED_DIR)) or header_problem(info)
    problem = None if reason is None else "{name}: " + reason
    limit = KEPT_LIMITS.get(info.filename) or (
        SIGNED_ENTRY_LIMIT if info.filename.startswith(SIGNED_DIR + "/") else MAX_ENTRY_BYTES
    )
    if problem is None and info.file_size > limit:
        problem = "{name}: entry too large"
    if problem is None and info.compress_type == zipfile.ZIP_STORED and info.file_size != info.compress_size:
        problem = "{name}: size differs from its header"
    if problem is None and is_bomb(info, max_ratio=MAX_RATIO, ratio_floor=RATIO_FLOOR):
        problem = "{name}: compression ratio too high (zip bomb)"
    if problem is None and info.filename in seen:
        problem = "{name}: duplicate entry"
    return problem


@dataclass
class PackageEntries:
    """What reading the zip gave: every entry's SHA-256 and size in zip order, the few kept in memory."""

    order: list[str] = field(default_factory=list)
    digests: dict[str, str] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)
    kept: dict[str, bytes] = field(default_factory=dict)


def read_entries(report: VerifyReport, path: Path) -> PackageEntries | None:
    try:
        fh = path.open("rb")
    except OSError as exc:
        report.set_unreadable(
            detail("the file cannot be opened ({error})", error=exc.strerror or type(exc).__name__)
        )
        return None
    with fh:
        try:
            z = open_zip(fh, max_entries=MAX_ENTRIES, max_directory=MAX_DIRECTORY_BYTES)
        except ZipRefused as exc:
            report.unreadable, report.unreadable_sv = exc.reason.en, exc.reason.sv
            return None
        with z:
            return _read_all(report, z)


def _read_all(report: VerifyReport, z: zipfile.ZipFile) -> PackageEntries | None:
    infos = z.infolist()
    problems: list[Detail] = []
    seen: set[str] = set()
    total = 0
    for info in infos:
        problem = entry_problem(info, seen)
        seen.add(info.filename)
        total += info.file_size
        if problem is None and total > MAX_TOTAL_BYTES:
            problem = "{name}: package too large"
        if problem is None and sum(1 for n in seen if n.startswith(SIGNED_DIR + "/")) > MAX_SIGNED_ENTRIES:
            problem = "{name}: too many signed records"
        if problem is not None:
            problems.append(detail(problem, name=shown(info.filename)))
    if problems:  # refused from the directory alone: nothing has been inflated
        report.add("zip", False, joined(problems))
        return None
    out = PackageEntries()
    for info in infos:
        name = info.filename
        digest = hashlib.sha256()
        keep = kept(name)
        buf = bytearray()
        size = 0
        try:
            for piece in chunks(z, info, info.file_size):
                size += len(piece)
                digest.update(piece)
                if keep:
                    buf += piece
        except READ_ERRORS as exc:
            problems.append(
                detail("{name}: damaged entry ({error})", name=shown(name), error=type(exc).__name__)
            )
            continue
        if size != info.file_size:
            problems.append(detail("{name}: size differs from its header", name=shown(name)))
            continue
        out.order.append(name)
        out.digests[name] = digest.hexdigest()
        out.sizes[name] = size
        if keep:
            out.kept[name] = bytes(buf)
    report.add("zip", not problems, joined(problems))
    return out if not problems else None
