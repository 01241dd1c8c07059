"""Wall and CPU time of a command and of everything it starts, daemons included (Linux).

    python3 scripts/cpu_of_run.py make pytest

``/usr/bin/time`` and ``RUSAGE_CHILDREN`` count only the descendants someone waited for.  The tests'
PostgreSQL is started by ``pg_ctl``, which detaches it: its postmaster and backends (a third of a whole
run's CPU, docs/benchmarks.md section 8) were in no figure.  This script makes itself the "child
subreaper" of the command (``prctl(PR_SET_CHILD_SUBREAPER)``): an orphaned descendant is re-parented to it
rather than to init, so it waits for them all and their CPU is counted.  Prints one line on stderr; exits
with the command's status.
"""

from __future__ import annotations

import ctypes
import os
import resource
import subprocess
import sys
import time

PR_SET_CHILD_SUBREAPER = 36


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        print("prctl(PR_SET_CHILD_SUBREAPER) failed: detached processes will not be counted", file=sys.stderr)
    start = time.monotonic()
    rc = subprocess.call(argv)
    wall = time.monotonic() - start
    while True:  # the re-parented orphans (a PostgreSQL stopped at the end of the run exits soon)
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            break
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = r.ru_utime + r.ru_stime
    line = f"wall {wall:.1f} s, CPU {r.ru_utime:.1f} user + {r.ru_stime:.1f} sys = {cpu:.1f} s"
    print(line, file=sys.stderr)
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
