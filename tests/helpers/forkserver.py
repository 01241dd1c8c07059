"""A fork server for the tests that start a worker process again and again (and kill it with SIGKILL).

A fresh interpreter that imports the program costs 0.4-2 s of CPU before it does anything (the export path
loads reportlab and pyHanko), and the kill tests start one worker for every kill: some 50 start-ups in a
run.  The fork server is one interpreter per test process that imports those modules once and then forks
a child for each worker run.  The child is a real, separate process like before - its own pid, stdin,
stdout, stderr, environment and working folder, killed by SIGKILL from the test - it only skips the
imports.  The worker scripts are unchanged and still run as ``python tests/helpers/<worker>.py ...``.

Server (this file run as a script): ``python forkserver.py FD MODULE...`` imports the modules, then
answers requests on the Unix socket FD (``SOCK_SEQPACKET``, one JSON message each):

- ``{"op": "spawn", "script", "args", "env", "cwd"}`` with the child's stdin, stdout and stderr passed
  as three file descriptors: forks, and the child runs ``script`` as ``__main__``; answers ``{"pid"}``.
- ``{"op": "poll", "pid"}``: answers ``{"returncode"}``, ``None`` while the child runs, ``-N`` when
  signal N ended it (as :class:`subprocess.Popen` says it).

Client: :class:`ForkServer` (``spawn`` returns a :class:`ForkedProcess`, the part of ``Popen``'s interface
the tests use).
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import io
import json
import os
import runpy
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path
from typing import IO, Any

_MAX_MESSAGE = 1 << 20
_POLL_INTERVAL_S = 0.005


# ----- server ------------------------------------------------------------------------------------------
def _exit_code(code: object) -> int:
    """The exit status ``sys.exit(code)`` gives an interpreter."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def _run_child(request: dict[str, Any], fds: list[int]) -> None:
    """In the forked child: become the worker process described by ``request``; never returns."""
    code = 1
    try:
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        tempfile.tempdir = None  # read TMPDIR again, as a fresh interpreter would
        sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", buffering=1, closefd=False)  # noqa: SIM115
        sys.argv = [request["script"], *request["args"]]
        sys.path[0] = str(Path(request["script"]).parent)
        try:
            runpy.run_path(request["script"], run_name="__main__")
            code = 0
        except SystemExit as exc:
            code = _exit_code(exc.code)
        except BaseException:
            traceback.print_exc()
            code = 1
        with contextlib.suppress(BaseException):
            atexit._run_exitfuncs()
    finally:
        with contextlib.suppress(BaseException):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def _serve(sock: socket.socket) -> None:
    while True:
        message, fds, _flags, _addr = socket.recv_fds(sock, _MAX_MESSAGE, 3)
        if not message:
            return  # the test process closed its end: the run is over
        request = json.loads(message)
        if request["op"] == "spawn":
            pid = os.fork()
            if pid == 0:
                sock.close()
                _run_child(request, fds)
            for fd in fds:
                os.close(fd)
            answer: dict[str, Any] = {"pid": pid}
        elif request["op"] == "poll":
            done, status = os.waitpid(request["pid"], os.WNOHANG)
            answer = {"returncode": os.waitstatus_to_exitcode(status) if done else None}
        else:
            answer = {"error": f"unknown request {request['op']!r}"}
        sock.send(json.dumps(answer).encode())


def main(argv: list[str]) -> int:
    sock = socket.socket(fileno=int(argv[0]))
    for module in argv[1:]:
        importlib.import_module(module)
    sock.send(b'{"ready": true}')
    _serve(sock)
    return 0


# ----- client ------------------------------------------------------------------------------------------
class ForkedProcess:
    """A worker forked by the server: ``pid``, ``stdin``, ``stdout``, ``returncode``, ``poll``, ``wait``,
    ``send_signal``, ``kill`` and ``communicate`` as in :class:`subprocess.Popen` (stdin and stdout are
    pipes, stderr a file the test gave)."""

    def __init__(self, server: ForkServer, pid: int, stdin: IO[Any], stdout: IO[Any]) -> None:
        self._server = server
        self.pid = pid
        self.stdin: IO[Any] | None = stdin
        self.stdout: IO[Any] | None = stdout
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            self.returncode = self._server.request({"op": "poll", "pid": self.pid})["returncode"]
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"forked worker {self.pid}", timeout or 0)
            time.sleep(_POLL_INTERVAL_S)
        assert self.returncode is not None
        return self.returncode

    def send_signal(self, sig: int) -> None:
        if self.poll() is None:  # never a pid the server has already reaped (and the system may reuse)
            os.kill(self.pid, sig)

    def kill(self) -> None:
        import signal

        self.send_signal(signal.SIGKILL)

    def communicate(self, input: Any = None, timeout: float | None = None) -> tuple[Any, None]:
        """Write ``input`` and close stdin, read stdout to its end and wait for the process."""
        assert self.stdin is not None and self.stdout is not None
        if input is not None:
            self.stdin.write(input)
        self.stdin.close()
        out: list[Any] = []
        reader = threading.Thread(target=lambda: out.append(self.stdout.read()), daemon=True)  # type: ignore[union-attr]
        reader.start()
        reader.join(timeout)
        if reader.is_alive():
            raise subprocess.TimeoutExpired(f"forked worker {self.pid}", timeout or 0)
        self.stdout.close()
        self.wait(timeout)
        return out[0], None


class ForkServer:
    """One fork server process; :meth:`close` ends it."""

    def __init__(self, modules: list[str], stderr: IO[Any], env: dict[str, str]) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self._sock = ours
        self._lock = threading.Lock()
        self._proc = subprocess.Popen(
            [sys.executable, __file__, str(theirs.fileno()), *modules],
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
            stdout=stderr,
            stderr=stderr,
            env=env,
        )
        theirs.close()
        ready = self._sock.recv(_MAX_MESSAGE)
        if not ready:
            self._proc.wait(timeout=30)
            raise RuntimeError(f"the fork server did not start (exit {self._proc.returncode})")

    def request(self, message: dict[str, Any], fds: list[int] | None = None) -> dict[str, Any]:
        with self._lock:
            data = json.dumps(message).encode()
            if fds:
                socket.send_fds(self._sock, [data], fds)
            else:
                self._sock.send(data)
            answer: dict[str, Any] = json.loads(self._sock.recv(_MAX_MESSAGE))
        if "error" in answer:
            raise RuntimeError(answer["error"])
        return answer

    def spawn(
        self,
        script: Path,
        args: list[str],
        *,
        stderr: IO[Any],
        cwd: Path,
        env: dict[str, str] | None = None,
        text: bool = False,
    ) -> ForkedProcess:
        """Run ``python script *args`` as a forked child with stdin and stdout pipes to the caller."""
        in_read, in_write = os.pipe()
        out_read, out_write = os.pipe()
        try:
            answer = self.request(
                {
                    "op": "spawn",
                    "script": str(script),
                    "args": [str(a) for a in args],
                    "env": dict(os.environ if env is None else env),
                    "cwd": str(cwd),
                },
                [in_read, out_write, stderr.fileno()],
            )
        finally:
            os.close(in_read)
            os.close(out_write)
        if text:
            stdin: IO[Any] = io.TextIOWrapper(open(in_write, "wb"), encoding="utf-8", write_through=True)  # noqa: SIM115
            stdout: IO[Any] = open(out_read, encoding="utf-8")  # noqa: SIM115
        else:
            stdin = open(in_write, "wb", buffering=0)  # noqa: SIM115
            stdout = open(out_read, "rb")  # noqa: SIM115
        return ForkedProcess(self, answer["pid"], stdin, stdout)

    def close(self) -> None:
        self._sock.close()  # the server reads the end of the socket and exits
        try:
            self._proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
