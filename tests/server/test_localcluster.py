"""The throw-away cluster does not outlive the process that started it.

A test run cut short (SIGKILL of pytest, a CI timeout) never reaches ``LocalCluster.stop()``; before the
guard, each such run left a postmaster and its folder under /tmp for good.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_CHILD = """
import sys, time
from pathlib import Path
from injurydoc.server.localcluster import LocalCluster
cluster = LocalCluster(base=Path(sys.argv[1])).start()
print(cluster.root, flush=True)
time.sleep(600)
"""
# Read at import, before the autouse fixture points TMPDIR at a per-test folder that the postgres system
# user could not enter (as tests/server/conftest.py does).
_BASE = Path(os.environ.get("PYTEST_DEBUG_TEMPROOT") or tempfile.gettempdir())


def _alive(pid: int) -> bool:
    """The process exists and is not a zombie (one waiting to be reaped has exited)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_a_killed_owner_takes_its_cluster_with_it() -> None:
    child = subprocess.Popen([sys.executable, "-c", _CHILD, str(_BASE)], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        root = Path(child.stdout.readline().strip())
        postmaster = int((root / "data" / "postmaster.pid").read_text().splitlines()[0])
        assert _alive(postmaster)
        child.send_signal(signal.SIGKILL)
        child.wait()
        deadline = time.monotonic() + 60
        while (root.exists() or _alive(postmaster)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(postmaster), "the postmaster outlived the process that started it"
        assert not root.exists(), "the cluster's folder stayed behind"
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        if child.stdout is not None:
            child.stdout.close()
