"""A throw-away PostgreSQL cluster in a folder of its own: for the tests, the benchmarks and trying the
unit server out on one machine.  Never a production server (no TLS, fsync off, Unix socket only).

``initdb`` and ``pg_ctl`` come from the distribution's packages (Debian: ``/usr/lib/postgresql/<ver>/bin``,
not on PATH; PGDG RPMs: ``/usr/pgsql-<ver>/bin``).  PostgreSQL refuses to run as root, so when the caller
is root the cluster folder is handed to the ``postgres`` system user (or ``nobody``) and the server runs as
that user; the caller (root) still connects through the socket in that folder.  No TCP port is opened.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import re
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

__all__ = ["MIN_VERSION", "ClusterError", "LocalCluster", "find_bindir"]

MIN_VERSION = 15
_PORT = 5432  # names the socket file only: the socket folder is private to this cluster


class ClusterError(RuntimeError):
    """The local cluster could not be made or started (a set-up problem, reported as such)."""


def _version_of(bindir: Path) -> int:
    try:
        out = subprocess.run(  # noqa: S603 - a fixed program of the PostgreSQL installation
            [str(bindir / "initdb"), "--version"], capture_output=True, text=True, check=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return 0
    m = re.search(r"(\d+)(?:\.\d+)?", out)
    return int(m.group(1)) if m else 0


def find_bindir() -> Path:
    """The folder holding ``initdb`` and ``pg_ctl`` of the newest PostgreSQL (>= 15) installed.

    Looked for in ``$INJURYDOC_PG_BINDIR``, ``pg_config --bindir``, ``/usr/lib/postgresql/*/bin``,
    ``/usr/pgsql-*/bin`` and PATH.
    """
    candidates: list[Path] = []
    env = os.environ.get("INJURYDOC_PG_BINDIR")
    if env:
        candidates.append(Path(env))
    pg_config = shutil.which("pg_config")
    if pg_config:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run(  # noqa: S603 - pg_config found on PATH
                [pg_config, "--bindir"], capture_output=True, text=True, check=True, timeout=30
            ).stdout.strip()
            candidates.append(Path(out))
    candidates += [Path(p) for p in glob.glob("/usr/lib/postgresql/*/bin")]
    candidates += [Path(p) for p in glob.glob("/usr/pgsql-*/bin")]
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).parent)
    found = [
        (v, c)
        for c in dict.fromkeys(candidates)
        if (c / "initdb").is_file() and (c / "pg_ctl").is_file()
        for v in [_version_of(c)]
        if v >= MIN_VERSION
    ]
    if not found:
        raise ClusterError(
            f"PostgreSQL {MIN_VERSION} or later (initdb, pg_ctl) was not found. On Debian/Ubuntu: "
            "apt-get install postgresql (make test does this), or set INJURYDOC_PG_BINDIR."
        )
    return max(found, key=lambda vc: vc[0])[1]


class LocalCluster:
    """``with LocalCluster() as pg: psycopg.connect(pg.dsn())``: started on entry, stopped and deleted
    on exit."""

    def __init__(self, base: Path | None = None, *, durable: bool = False) -> None:
        self.bindir = find_bindir()
        self.root = Path(tempfile.mkdtemp(prefix="injurydoc-pg-", dir=base))
        self.data = self.root / "data"
        self.socket_dir = self.root
        self.superuser = "postgres"
        self.password = secrets.token_urlsafe(24)
        self._run_as: pwd.struct_passwd | None = None
        if os.geteuid() == 0:
            for name in ("postgres", "nobody"):
                with contextlib.suppress(KeyError):
                    self._run_as = pwd.getpwnam(name)
                    break
            if self._run_as is None:
                raise ClusterError("running as root, and neither a 'postgres' nor a 'nobody' user exists")
        self.durable = (
            durable  # False: fsync and friends off (tests); True: PostgreSQL's defaults (benchmarks)
        )
        self.started = False
        self._guard: subprocess.Popen[bytes] | None = None

    # ----- life cycle -------------------------------------------------------------------------
    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
        user = group = None
        extra_groups: list[int] | None = None
        if self._run_as is not None:
            user, group, extra_groups = self._run_as.pw_uid, self._run_as.pw_gid, []
            env["HOME"] = str(self.root)
        proc = subprocess.run(  # noqa: S603 - initdb/pg_ctl of the installation, fixed arguments
            [str(self.bindir / args[0]), *args[1:]],
            capture_output=True,
            text=True,
            env=env,
            cwd=self.root,
            timeout=120,
            check=False,
            user=user,
            group=group,
            extra_groups=extra_groups,
        )
        if proc.returncode != 0:
            raise ClusterError(f"{args[0]} failed ({proc.returncode}): {proc.stderr.strip()[-2000:]}")
        return proc

    def start(self) -> LocalCluster:
        pwfile = self.root / "pw"
        pwfile.write_text(self.password + "\n", encoding="utf-8")
        os.chmod(pwfile, 0o600)
        if self._run_as is not None:
            for p in (self.root, pwfile):
                os.chown(p, self._run_as.pw_uid, self._run_as.pw_gid)
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            self.superuser,
            f"--pwfile={pwfile}",
            "--auth-local=scram-sha-256",
            "--auth-host=scram-sha-256",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
        )
        pwfile.unlink()
        self._pg_ctl_start()
        self.started = True
        self._start_guard()
        return self

    def _start_guard(self) -> None:
        """A small shell that outlives this process: when it dies without ``stop()`` (SIGKILL, a
        test run cut short), the guard stops the postmaster and deletes the cluster, so no orphaned
        server keeps its memory and its folder.  ``pg_ctl`` refuses to run as root, so the guard
        signals the postmaster named in ``postmaster.pid`` (SIGINT: a fast shutdown)."""
        # alive: the process exists and is not a zombie (under a child subreaper such as
        # scripts/cpu_of_run.py, an exited postmaster stays a zombie until it is reaped)
        script = (
            'alive() { s=$(sed "s/.*) //" "/proc/$1/stat" 2>/dev/null | cut -c1); '
            '[ -n "$s" ] && [ "$s" != Z ]; }; '
            'while alive "$1" && [ -d "$2" ]; do sleep 1; done; '
            '[ -d "$2" ] || exit 0; '
            'pid=$(head -n 1 "$2/data/postmaster.pid" 2>/dev/null); '
            'if [ -n "$pid" ]; then kill -INT "$pid" 2>/dev/null; n=0; '
            'while alive "$pid" && [ $n -lt 600 ]; do sleep 0.1; n=$((n + 1)); done; fi; '
            'rm -rf "$2"'
        )
        self._guard = subprocess.Popen(  # noqa: S603 - /bin/sh with a fixed script, our pid and folder
            ["/bin/sh", "-c", script, "injurydoc-pg-guard", str(os.getpid()), str(self.root)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # not in the test run's process group: a kill of that group spares it
        )

    def _pg_ctl_start(self) -> None:
        options = f"-k {self.socket_dir} -p {_PORT} -c listen_addresses= -c max_connections=200"
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.root / "log"),
            "-w",
            "-t",
            "60",
            "-o",
            options,
            "start",
        )

    def pause(self) -> None:
        """Stop the server, keeping its data (tests of a server that goes away in the middle of a sync).

        ``fast``: connections are cut at once, but the WAL is flushed.  (``immediate`` on a test cluster,
        which runs with ``synchronous_commit=off``, would lose commits the client was already told about
        — a loss a production server with its default durability does not have.)"""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def resume(self) -> None:
        """Start a paused server again."""
        self._pg_ctl_start()

    def stop(self) -> None:
        if self.started:
            with contextlib.suppress(ClusterError, subprocess.SubprocessError):
                self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
            self.started = False
        shutil.rmtree(self.root, ignore_errors=True)
        if self._guard is not None:  # it sees the folder gone within a second; no need to wait for that
            self._guard.kill()
            self._guard.wait()
            self._guard = None

    def __enter__(self) -> LocalCluster:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ----- connecting -------------------------------------------------------------------------
    def dsn(self, dbname: str = "postgres", user: str | None = None, password: str | None = None) -> str:
        """A libpq connection string for this cluster's socket (the superuser's unless ``user`` is given)."""
        from psycopg.conninfo import make_conninfo

        user = user or self.superuser
        if password is None and user == self.superuser:
            password = self.password
        parts = {"host": str(self.socket_dir), "port": str(_PORT), "dbname": dbname, "user": user}
        if password is not None:
            parts["password"] = password
        return make_conninfo("", **parts)

    def log_tail(self, chars: int = 4000) -> str:
        with contextlib.suppress(OSError):
            return (self.root / "log").read_text(encoding="utf-8", errors="replace")[-chars:]
        return ""


@contextlib.contextmanager
def local_cluster(base: Path | None = None, *, durable: bool = False) -> Iterator[LocalCluster]:
    with LocalCluster(base, durable=durable) as pg:
        yield pg
