"""`make test` of this checkout against a baseline checkout, in the same run: wall time, CPU, and ratios.

    python3 benchmarks/suite_time.py --baseline /path/to/other/checkout [--runs 2] [--command "make test"]

The machine this runs on changes speed from one session to the next (docs/benchmarks.md §8), so a wall
time alone says little: the figure is the ratio to a baseline measured in the same run.  The baseline is
another checkout with its own venv (``git worktree add ../base <commit>`` and ``make venv`` there), e.g.
the commit at which issue 13 set its goal (``71198ba``, "79–103 s" then).  The two commands run
alternately, ``--runs`` times each (the first run of a checkout compiles its bytecode), each through
``scripts/cpu_of_run.py`` so that the CPU of PostgreSQL's detached processes is counted too.

Not a ``bench_*.py``: ``make bench`` would run it, and it takes minutes and needs the baseline checkout.
"""

from __future__ import annotations

import argparse
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
_CPU_LINE = re.compile(r"wall ([\d.]+) s, CPU ([\d.]+) user \+ ([\d.]+) sys")


def measure(checkout: Path, command: str) -> tuple[float, float, int]:
    """(wall s, CPU s, exit status) of ``command`` run in ``checkout``, its detached children included."""
    argv = [sys.executable, str(HERE / "scripts" / "cpu_of_run.py"), *shlex.split(command)]
    start = time.monotonic()
    proc = subprocess.run(
        argv, check=False, cwd=checkout, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    found = _CPU_LINE.search(proc.stderr)
    if found is None:
        return time.monotonic() - start, float("nan"), proc.returncode
    return float(found[1]), float(found[2]) + float(found[3]), proc.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, required=True, help="the other checkout (with its venv)")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--command", default="make test")
    args = parser.parse_args(argv)
    results: dict[str, list[tuple[float, float, int]]] = {"baseline": [], "this": []}
    for n in range(args.runs):
        for name, checkout in (("baseline", args.baseline.resolve()), ("this", HERE)):
            wall, cpu, status = measure(checkout, args.command)
            results[name].append((wall, cpu, status))
            print(f"run {n + 1} {name:8s} wall {wall:7.1f} s  CPU {cpu:7.1f} s  exit {status}", flush=True)
    base, this = results["baseline"][-1], results["this"][-1]
    for what, i in (("wall", 0), ("CPU ", 1)):
        ratio = f"{this[i] / base[i]:.2f}x" if base[i] > 0 else "n/a"
        print(f"last runs, {what}: {this[i]:.1f} / {base[i]:.1f} s = {ratio} the baseline")
    return 0 if all(s == 0 for rows in results.values() for _w, _c, s in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
