"""Run a Python snippet in a child process and SIGKILL it after its Nth progress line: the server kill
tests (an upload or a pull cut short at a chosen point)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys


def run_and_kill(code: str, args: list[str], prefix: str, lines: int) -> None:
    """Run ``python -c code *args`` (this process's import path), read its standard output, and SIGKILL
    it once ``lines`` lines starting with ``prefix`` were printed.  Asserts that it died of the kill (not
    finished before it)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert proc.stdout is not None
    seen = 0
    for line in proc.stdout:
        seen += line.startswith(prefix)
        if seen >= lines:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(timeout=60)
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
