"""``injurydoc verify`` of a 40-photo evidence package, against hashing its entries and checking its report
signature with the standard tools.

Fixture (from ``bench_export.py``): a signed examination with 40 synthetic 12 MP photos (3–5 MB JPEGs),
exported once with a self-signed signer: a package of about 160 MB, photos stored, report ≈ 10 MB.  Its
entries are also unpacked once, untimed, into a folder.

Measured, interleaved, ``ROUNDS`` times each, every run a fresh process:

* ``injurydoc verify PACKAGE --json`` — the command line as the police run it (Python start, imports,
  reading the zip, SHA-256 of every entry as it is read, SHA256SUMS byte for byte, CMS signature of the
  manifest, PAdES signature of the report, the photo log).  Its peak resident memory (``VmHWM``) is read
  from /proc at the end of the same process.
* baseline: ``sha256sum`` of every unpacked entry, then ``pdfsig report.pdf`` (poppler) — the checks a
  person would make by hand, without the zip reading or the comparisons.

Goals: verify ÷ baseline ≤ 1.5; peak memory ≤ 150 MB for the 160 MB package.

Run: ``.venv/bin/python benchmarks/bench_verify.py`` (about 2 min, most of it making the photos).
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import _common as c
import bench_export as be

ROUNDS = 5
GOAL_RATIO = 1.5
GOAL_PEAK_MB = 150.0

#: The CLI's own entry point, plus its peak memory printed to stderr when it is done.
CHILD = """
import sys
from pathlib import Path
from injurydoc.cli import main
rc = main(sys.argv[1:])
hwm = next(l.split()[1] for l in Path("/proc/self/status").read_text().splitlines() if l.startswith("VmHWM:"))
print("VMHWM_KB", hwm, file=sys.stderr)
sys.exit(rc)
"""


def main() -> None:
    started = c.header(
        f"injurydoc verify of a {be.N_PHOTOS}-photo package vs sha256sum of its entries + pdfsig"
    )
    if not (shutil.which("sha256sum") and shutil.which("pdfsig")):
        raise SystemExit("needs sha256sum (coreutils) and pdfsig (poppler-utils)")
    with c.private_tmp("verify") as root:
        run(root)
    c.footer(started)


def make_package(root: Path) -> Path:
    from injurydoc.domain.vocab import LegalBasis
    from injurydoc.services.export import ExportRequest, ExportService

    for name in ("pyhanko", "pyhanko_certvalidator"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    t0 = time.perf_counter()
    be.make_photos(root / "card")
    s, exam_id, _ids, ident = be.make_case(root)
    out = root / "out"
    out.mkdir()
    try:
        path = ExportService(s).export(ExportRequest(exam_id, LegalBasis.CONSENT, out), ident).path
    finally:
        ident.close()
        s.close()
    print(f"fixture (photos, store, intake, export) in {time.perf_counter() - t0:.1f} s")
    return path


def verify_cli(package: Path) -> tuple[float, float]:
    """(seconds, peak MB) of one ``injurydoc verify --json`` run in a fresh process."""
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, "verify", str(package), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - t0
    doc = json.loads(done.stdout)
    if not doc["intact"] or done.returncode != 1:  # intact; self-signed, so not trusted: exit 1
        raise SystemExit(f"unexpected verdict: {done.stdout[-2000:]} {done.stderr[-2000:]}")
    peak_kb = next(int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("VMHWM_KB"))
    return elapsed, peak_kb / 1024


def baseline(folder: Path, files: list[Path]) -> float:
    t0 = time.perf_counter()
    subprocess.run(["sha256sum", *map(str, files)], cwd=folder, capture_output=True, check=True)
    subprocess.run(["pdfsig", str(folder / "report.pdf")], cwd=folder, capture_output=True, check=False)
    return time.perf_counter() - t0


def run(root: Path) -> None:
    package = make_package(root)
    unpacked = root / "unpacked"
    with zipfile.ZipFile(package) as z:
        z.extractall(unpacked)
        names = [i.filename for i in z.infolist()]
    files = [unpacked / n for n in names]
    size_mb = package.stat().st_size / 1e6
    report_mb = (unpacked / "report.pdf").stat().st_size / 1e6
    print(f"package: {size_mb:.0f} MB, {len(names)} entries, report.pdf {report_mb:.1f} MB")
    verify_t: list[float] = []
    peaks: list[float] = []
    base_t: list[float] = []
    for rnd in range(ROUNDS):
        steps = ["verify", "base"] if rnd % 2 == 0 else ["base", "verify"]
        for step in steps:
            if step == "verify":
                t, peak = verify_cli(package)
                verify_t.append(t)
                peaks.append(peak)
            else:
                base_t.append(baseline(unpacked, files))
        print(
            f"  round {rnd + 1}: verify {verify_t[-1]:.2f} s (peak {peaks[-1]:.0f} MB), "
            f"baseline {base_t[-1]:.2f} s"
        )
        sys.stdout.flush()
    ratio = c.med(verify_t) / c.med(base_t)
    print(f"injurydoc verify:          {c.stats(verify_t)}")
    print(f"sha256sum + pdfsig:        {c.stats(base_t)}")
    verdict = "OK" if ratio <= GOAL_RATIO else "MISSED"
    print(f"ratio verify / baseline:   {ratio:.2f}× (goal ≤ {GOAL_RATIO}×) {verdict}")
    peak = max(peaks)
    print(
        f"peak memory of verify:     {peak:.0f} MB for a {size_mb:.0f} MB package "
        f"(goal ≤ {GOAL_PEAK_MB:.0f} MB) {'OK' if peak <= GOAL_PEAK_MB else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
