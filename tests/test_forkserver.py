"""The kill tests' fork server (tests/helpers/forkserver.py) gives each worker a process of its own.

A worker forked from the pre-imported server must be what ``python worker.py ...`` was: its own pid,
the environment, working folder, stdin, stdout and stderr the test gave it, the exit status it chose or
the signal that killed it - and the program must not take it for its parent (export attempts are named
by process, services/export_records.py).
"""

from __future__ import annotations

import json
import os
import signal
import time

import pytest

from injurydoc.services import export_records

from .helpers.forkserver import ForkServer

WORKER = """
import json, os, sys
from injurydoc.services import export_records
already = "injurydoc.services.export" in sys.modules
line = sys.stdin.readline().strip()
print(json.dumps({
    "pid": os.getpid(), "cwd": os.getcwd(), "mark": os.environ.get("FORK_TEST_MARK"), "argv": sys.argv[1:],
    "line": line, "process": export_records.process_name(), "imported_already": already,
}))
sys.stderr.write("to stderr\\n")
if sys.argv[1] == "raise":
    raise RuntimeError("worker failed")
if sys.argv[1] == "hang":
    sys.stdout.flush()
    import time
    while True:
        time.sleep(1)
sys.exit(int(sys.argv[1]))
"""


@pytest.fixture
def script(tmp_path):
    path = tmp_path / "worker.py"
    path.write_text(WORKER, "utf-8")
    return path


def test_a_forked_worker_is_a_process_of_its_own(fork_server: ForkServer, script, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    env = dict(os.environ, FORK_TEST_MARK="m1")
    with (tmp_path / "err").open("wb") as err:
        proc = fork_server.spawn(script, ["7", "x y"], stderr=err, cwd=work, env=env, text=True)
    out, _ = proc.communicate("hello\n", timeout=60)
    assert proc.returncode == 7
    seen = json.loads(out)
    assert seen["pid"] == proc.pid != os.getpid()
    assert seen["cwd"] == str(work)
    assert seen["mark"] == "m1"
    assert seen["argv"] == ["7", "x y"]
    assert seen["line"] == "hello"
    assert seen["imported_already"]  # what the fork server is for
    assert seen["process"].startswith(f"{proc.pid}:")
    assert seen["process"] != export_records.process_name()
    assert (tmp_path / "err").read_text() == "to stderr\n"


def test_a_second_worker_does_not_share_the_first_ones_name(fork_server: ForkServer, script, tmp_path):
    names = []
    for _ in range(2):
        with (tmp_path / "err").open("wb") as err:
            proc = fork_server.spawn(script, ["0"], stderr=err, cwd=tmp_path, text=True)
        out, _ = proc.communicate("\n", timeout=60)
        assert proc.returncode == 0
        names.append(json.loads(out)["process"])
    assert names[0] != names[1]


def test_an_exception_ends_the_worker_with_status_1_and_its_traceback(
    fork_server: ForkServer, script, tmp_path
):
    with (tmp_path / "err").open("wb") as err:
        proc = fork_server.spawn(script, ["raise"], stderr=err, cwd=tmp_path, text=True)
    proc.communicate("\n", timeout=60)
    assert proc.returncode == 1
    assert "RuntimeError: worker failed" in (tmp_path / "err").read_text()


def test_a_killed_worker_says_it_was_killed(fork_server: ForkServer, script, tmp_path):
    with (tmp_path / "err").open("wb") as err:
        proc = fork_server.spawn(script, ["hang"], stderr=err, cwd=tmp_path)
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(b"\n")
    proc.stdin.close()
    assert json.loads(proc.stdout.readline())["line"] == ""
    assert proc.poll() is None
    time.sleep(0.05)
    assert proc.poll() is None  # it waits for its kill
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL
    assert proc.stdout.read() == b""
    proc.stdout.close()
    proc.send_signal(signal.SIGKILL)  # after the end: nothing (the pid may belong to another process now)
