"""Batch intake: what an import reports, which files it takes, and the work done off the store thread."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from injurydoc.domain.errors import KnownError
from injurydoc.media.derivatives import Processed, process
from injurydoc.media.inspect import Limits, PhotoRefused, check_size

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    source: Path
    status: str  # "imported" | "duplicate" | "refused"
    photo_id: str | None = None
    error: KnownError | None = None
    #: "" or why an imported picture may be incomplete ("truncated")
    warning: str = ""

    @property
    def name(self) -> str:
        return self.source.name


@dataclass
class ImportReport:
    outcomes: list[ImportOutcome] = field(default_factory=list)
    cancelled: bool = False

    def of(self, status: str) -> list[ImportOutcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def imported(self) -> list[ImportOutcome]:
        return self.of("imported")

    @property
    def duplicates(self) -> list[ImportOutcome]:
        return self.of("duplicate")

    @property
    def refused(self) -> list[ImportOutcome]:
        return self.of("refused")

    @property
    def with_warning(self) -> list[ImportOutcome]:
        """Imported, but the picture may be incomplete: the clinician must be told."""
        return [o for o in self.imported if o.warning]


@dataclass(frozen=True, slots=True)
class Ready:
    source: Path
    data: bytes
    sha256: str
    processed: Processed
    #: The file system's modification time (ISO 8601, UTC), for photos without a capture time.
    file_time: str | None = None


def lower_priority() -> None:
    """Worker-thread initializer: decoding yields the CPU to the GUI thread (Linux: per-thread nice)."""
    import contextlib
    import threading

    if hasattr(os, "setpriority"):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)


#: glibc's malloc keeps what a thread freed in that thread's own heap (its "arena"), and after the first
#: large block is freed it serves even Pillow's 16 MiB image blocks from there: after two large decodes in
#: the two workers, each heap still held one picture's worth, and a batch of large pictures reached
#: 460–510 MB (issue 15's bound is 400; tests/test_photo_batch_memory.py).  After a decode of this many
#: pixels or more the worker hands the freed memory back (``malloc_trim``); camera JPEGs, decoded at a
#: reduced scale, never pay for it.
TRIM_AFTER_PIXELS = 20_000_000


@functools.cache
def _libc() -> Any:
    import ctypes

    try:
        return ctypes.CDLL(None) if sys.platform.startswith("linux") else None
    except OSError:
        return None


def release_freed_memory(pixels: int) -> None:
    """After a decode of ``pixels``: on Linux (glibc), return the memory the thread freed to the system."""
    libc = _libc()
    if pixels >= TRIM_AFTER_PIXELS and libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)


def collect(paths: Iterable[Path]) -> list[Path]:
    """Files to import: each file given, and every regular, non-hidden file under each folder given
    (a camera card's DCIM), in a stable order."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                out.extend(Path(root) / f for f in sorted(files) if not f.startswith("."))
        else:
            out.append(p)
    return out


def prepare(source: Path, limits: Limits) -> Ready:
    """Worker-thread part: read, hash, check by decoding, make the derivatives.  No store access."""
    try:
        st = source.stat()
        check_size(st.st_size, limits)
        data = source.read_bytes()
    except PhotoRefused:
        raise
    except OSError as exc:
        raise PhotoRefused("photo.unreadable", detail=exc.strerror or type(exc).__name__) from None
    ready = prepare_bytes(source, data, limits)
    mtime = dt.datetime.fromtimestamp(st.st_mtime, dt.UTC).replace(microsecond=0)
    return dataclasses.replace(ready, file_time=mtime.isoformat())


def prepare_bytes(source: Path, data: bytes, limits: Limits) -> Ready:
    """Hash, check by decoding, make the derivatives of photo bytes already read.  No store access."""
    check_size(len(data), limits)
    digest = hashlib.sha256(data).hexdigest()
    processed = process(data, limits)
    release_freed_memory(processed.info.width * processed.info.height)
    return Ready(source=source, data=data, sha256=digest, processed=processed)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
