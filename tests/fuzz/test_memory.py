"""Memory budget of the readers on the bombs: each runs in a child process under an address-space limit
(a guard: the machine is not put at risk if a reader regresses) and must stay within 300 MB resident
(peak resident set, ``VmHWM``; Linux).

The child imports only the reader, reads the crafted file and hands it to the reader's contract check
(:mod:`tests.fuzz.readers`); its peak resident size (``ru_maxrss``) is compared with the budget.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.data.hostile import backups, exercises, keyslots, packages, photos

pytestmark = pytest.mark.slow

BUDGET_MB = 300
GUARD_BYTES = 2 << 30  # RLIMIT_AS: far above the budget (shared libraries count too), far below harm

CHILD = textwrap.dedent(
    """
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, ({guard}, {guard}))
    from pathlib import Path
    from tests.fuzz.readers import CHECKS
    CHECKS[sys.argv[1]](Path(sys.argv[2]).read_bytes())
    # VmHWM, not ru_maxrss: the latter keeps the forking parent's peak across exec
    status = Path("/proc/self/status").read_text()
    print(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))
    """
)

BOMBS = {
    "verify:zero-entries-1200": ("verify", packages.zero_entries),
    "verify:photo-bomb-200mb": ("verify", packages.photo_bomb_200mb),
    "verify:report-objstm-bomb": ("verify", packages.report_bomb),
    "backup:backup-json-600mb": ("backup", backups.backup_json_600mb),
    "backup:database-1gib": ("backup", backups.database_1gib),
    "exercise:png-as-photo": ("exercise", exercises.png_as_photo),
    "keyslots:argon2-memory-1tib": ("keyslots", lambda: keyslots.kdf_case(m=1 << 30)),
    # photo intake: 120 MP RGBA in 0.5 MB (2.7 GB at intake before, issue 15); deflated 110 MP TIFF
    "photo:rgba-bomb-120mp": ("photo", photos.rgba_bomb_png),
    "photo:deflated-tiff-bomb": ("photo", photos.deflated_tiff_bomb),
}


@pytest.mark.parametrize("bomb", sorted(BOMBS))
def test_reader_stays_within_its_memory_budget(bomb: str, tmp_path: Path, made_once) -> None:
    reader, make = BOMBS[bomb]
    path = tmp_path / "bomb.bin"
    # the big ones are the hostile corpus's, made once for both (tests/test_hostile_files.py)
    path.write_bytes(made_once(make) if make.__name__ != "<lambda>" else make())
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, "-c", CHILD.format(guard=GUARD_BYTES), reader, str(path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    peak_mb = int(done.stdout.split()[-1]) / 1024
    print(f"{bomb}: peak {peak_mb:.0f} MB")
    assert peak_mb <= BUDGET_MB, f"{bomb}: {peak_mb:.0f} MB"
