"""Helpers shared by the benchmark scripts: a private temporary folder, timing and the machine line.

Not a benchmark itself (its name does not start with ``bench_``).  Every script does its work inside
:func:`private_tmp`, which points HOME, the XDG folders and TMPDIR into a new temporary folder and
deletes it afterwards, so that the real home folder is never touched.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any


@contextlib.contextmanager
def private_tmp(prefix: str) -> Iterator[Path]:
    """A temporary folder, also used as HOME/XDG/TMPDIR while the benchmark runs; deleted afterwards."""
    root = Path(tempfile.mkdtemp(prefix=f"injurydoc-{prefix}-"))
    saved = {k: os.environ.get(k) for k in _ENV_KEYS}
    saved_tempdir = tempfile.tempdir
    try:
        home = root / "home"
        tmp = root / "tmp"
        for d in (
            home / ".config",
            home / ".local" / "share",
            home / ".local" / "state",
            home / ".cache",
            tmp,
        ):
            d.mkdir(parents=True, exist_ok=True)
        os.environ.update(
            {
                "HOME": str(home),
                "XDG_CONFIG_HOME": str(home / ".config"),
                "XDG_DATA_HOME": str(home / ".local" / "share"),
                "XDG_STATE_HOME": str(home / ".local" / "state"),
                "XDG_CACHE_HOME": str(home / ".cache"),
                "TMPDIR": str(tmp),
                "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
            }
        )
        tempfile.tempdir = str(tmp)
        yield root
    finally:
        tempfile.tempdir = saved_tempdir
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        shutil.rmtree(root, ignore_errors=True)


_ENV_KEYS = (
    "HOME",
    "XDG_CONFIG_HOME",
    "XDG_DATA_HOME",
    "XDG_STATE_HOME",
    "XDG_CACHE_HOME",
    "TMPDIR",
    "PYTHON_KEYRING_BACKEND",
)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine() -> str:
    from injurydoc.store.database import sqlcipher_version

    return (
        f"CPU {cpu_model()}, {os.cpu_count()} cores; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; SQLCipher {sqlcipher_version()}; "
        f"date {dt.date.today().isoformat()}; load average {_loadavg()}"
    )


def _loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def header(title: str) -> float:
    print(f"# {title}")
    print(f"machine: {machine()}")
    sys.stdout.flush()
    return time.perf_counter()


def footer(started: float) -> None:
    print(f"(benchmark ran {time.perf_counter() - started:.1f} s)")


def measure(fn: Callable[[], Any], repeat: int, *, before: Callable[[], Any] | None = None) -> list[float]:
    """Run ``fn`` ``repeat`` times; returns the times in seconds.  ``before`` runs untimed each time."""
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def stats(times: list[float]) -> str:
    """``median (min–max, n=…)`` in milliseconds."""
    return (
        f"median {ms(statistics.median(times))} (min {ms(min(times))}, max {ms(max(times))}, n={len(times)})"
    )


def med(times: list[float]) -> float:
    return statistics.median(times)


def ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}×" if base > 0 else "n/a"


class Phases:
    """Wraps module attributes with timing wrappers (same functions; only the time is recorded)."""

    def __init__(self) -> None:
        self.times: dict[str, float] = defaultdict(float)
        self._saved: list[tuple[Any, str, Any]] = []

    def wrap(self, module: Any, attr: str, label: str) -> None:
        fn = getattr(module, attr)

        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.times[label] += time.perf_counter() - t0

        self._saved.append((module, attr, fn))
        setattr(module, attr, timed)

    def reset(self) -> dict[str, float]:
        out, self.times = dict(self.times), defaultdict(float)
        return out

    def restore(self) -> None:
        for module, attr, fn in reversed(self._saved):
            setattr(module, attr, fn)
        self._saved.clear()


#: The password of every account of a benchmark's throw-away unit server.
UNIT_PASSWORD = "benchmark password"  # noqa: S105 - a throw-away cluster's test accounts
_OWNER, _OWNER_PW = "bench_owner", "bench owner password"


def bench_unit(
    pg: Any, clinicians: Iterable[str], *, unit_name: str = "VC Bench", checkpoint: bool = False
) -> tuple[str, Any]:
    """A unit server in ``pg`` (a ``LocalCluster``) as ``docs/server.md`` sets one up: a non-superuser
    owner with CREATEROLE owning database ``bench``, ``server init`` with the manager ``chef``, and a
    clinician account per name (all with :data:`UNIT_PASSWORD`).  ``checkpoint``: the owner may run
    CHECKPOINT (benchmarks that time durable writes).  Returns the owner's DSN and ``init``'s result."""
    import psycopg

    from injurydoc.server import admin

    with psycopg.connect(pg.dsn(), autocommit=True) as su:
        print(f"server: {su.execute('SELECT version()').fetchone()[0]}")
        su.execute(f"CREATE ROLE {_OWNER} LOGIN CREATEROLE PASSWORD '{_OWNER_PW}'")
        su.execute(f"CREATE DATABASE bench OWNER {_OWNER}")
        if checkpoint:
            su.execute(f"GRANT pg_checkpoint TO {_OWNER}")
    owner_dsn = pg.dsn("bench", _OWNER, _OWNER_PW)
    init = admin.init_server(
        owner_dsn,
        unit_name=unit_name,
        manager="chef",
        manager_display_name="Chef",
        manager_password=UNIT_PASSWORD,
    )
    with psycopg.connect(pg.dsn("bench", "chef", UNIT_PASSWORD), autocommit=True) as chef:
        for name in clinicians:
            admin.create_account(
                chef, username=name, display_name=name, roles=["clinician"], password=UNIT_PASSWORD
            )
    return owner_dsn, init
