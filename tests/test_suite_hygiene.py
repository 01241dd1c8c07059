"""The suite's own checks (tests/conftest.py), run on a crafted test file in a pytest of its own: a test that
leaves a file outside its tmp folder fails, and the audit hook that sees the write stays quiet at the
interpreter's shutdown (an exception ignored there is reported as itself, not as one of the hook's)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

INNER = """
import os
import sys
from pathlib import Path

import loud_at_exit
import tests.conftest


def test_leaves_a_file_in_the_home_folder():
    (Path(os.environ["REAL_HOME_OF_THE_RUN"]) / "stray.txt").write_text("left behind")


def test_only_in_its_tmp_folder(tmp_path):
    (tmp_path / "fine.txt").write_text("kept where it belongs")


def test_keeps_both_modules_to_the_end():
    # as pytest's plugin manager keeps the conftest module: alive until Python clears module globals
    sys.kept_to_the_end = [loud_at_exit, tests.conftest]
"""

LOUD = """
class LoudAtExit:
    def __del__(self):
        raise ValueError("raised at exit on purpose")


loud = LoudAtExit()
"""


def test_a_write_outside_the_tmp_folder_fails_and_the_hook_is_quiet_at_shutdown(tmp_path: Path) -> None:
    inner = tmp_path / "inner"
    home, tmp = tmp_path / "home", tmp_path / "tmp"
    for d in (inner, home, tmp):
        d.mkdir()
    (inner / "test_inner.py").write_text(INNER)
    (inner / "loud_at_exit.py").write_text(LOUD)  # imported before the conftest: cleared after it
    (inner / "pytest.ini").write_text("[pytest]\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}  # not an xdist worker
    env.update(
        HOME=str(home),  # the "real" home folder of the inner run
        REAL_HOME_OF_THE_RUN=str(home),
        TMPDIR=str(tmp),
        PYTHONPATH=os.pathsep.join([str(inner), str(ROOT)]),
    )
    plugins = ["-p", "loud_at_exit", "-p", "tests.conftest", "-p", "no:cacheprovider"]
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            *plugins,
            "-c",
            str(inner / "pytest.ini"),
            "-q",
            str(inner / "test_inner.py"),
        ],
        cwd=inner,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    out = run.stdout + run.stderr
    assert run.returncode == 1, out
    assert "3 passed, 1 error" in run.stdout, out  # the failure is in its teardown
    assert f"the test wrote outside its tmp folder and left: ['{home / 'stray.txt'}']" in run.stdout, out
    assert "ValueError: raised at exit on purpose" in run.stderr, out
    assert "Exception ignored in audit hook" not in run.stderr, out
