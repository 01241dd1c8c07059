"""Shared fixtures.  No test touches the real home folder, the real temp folder or the OS keyring."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from injurydoc.domain.vocab import Profession, Role, StorePurpose
from injurydoc.services.accounts import AccountService
from injurydoc.services.session import Session, create_store, sign_in
from injurydoc.store.keyslots import TEST_KDF

PASSWORD = "correct horse battery"
DISTINCT_NAME = "Zyxwvuts Qwertzuiopå"
# Luhn-valid synthetic number used by leak tests (1978-05-23, serial 913)
DISTINCT_PNR = "19780523-9139"


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Redirect home, XDG folders and the temp folder to a private place for each test."""
    root = tmp_path_factory.mktemp("env")
    home = root / "home"
    tmp = root / "tmp"
    for d in (home, tmp, home / ".config", home / ".local" / "share", home / ".cache"):
        d.mkdir(parents=True, exist_ok=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("INJURYDOC_TEST_RAISE_BUGS", "1")
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    return root


@dataclass
class StoreInfo:
    folder: Path
    recovery_code: str
    manager: str = "chef"

    def sign_in(self, username: str, password: str = PASSWORD) -> Session:
        return sign_in(self.folder, username, password)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[StoreInfo]:
    """A real (purpose=real) store with cheap KDF parameters, a manager and three clinicians."""
    folder = tmp_path / "store"
    setup = create_store(
        folder,
        unit_name="Vårdcentralen Test",
        manager_username="chef",
        manager_display_name="Chef Testsson",
        manager_password=PASSWORD,
        kdf=TEST_KDF,
    )
    accounts = AccountService(setup.session)
    for username, roles in (
        ("anna", {Role.CLINICIAN}),
        ("erik", {Role.CLINICIAN}),
        ("olle", {Role.CLINICIAN}),
    ):
        accounts.create(
            username=username,
            display_name=username.title(),
            password=PASSWORD,
            roles=frozenset(roles),
            profession=Profession.NURSE,
        )
    setup.session.close()
    yield StoreInfo(folder=folder, recovery_code=setup.recovery_code)


@pytest.fixture
def training_store(tmp_path: Path) -> StoreInfo:
    folder = tmp_path / "training"
    setup = create_store(
        folder,
        unit_name="Övning",
        manager_username="chef",
        manager_display_name="Chef",
        manager_password=PASSWORD,
        purpose=StorePurpose.TRAINING,
        kdf=TEST_KDF,
    )
    setup.session.close()
    return StoreInfo(folder=folder, recovery_code=setup.recovery_code)


class MemoryKeyring:
    """An in-memory OS credential store (never the real one): ``data`` is what anyone sharing the OS
    account could read from it."""

    priority = 5

    def __init__(self) -> None:
        self.data: dict[tuple[str, str], str] = {}

    def set_password(self, service: str, user: str, pw: str) -> None:
        self.data[(service, user)] = pw

    def get_password(self, service: str, user: str) -> str | None:
        return self.data.get((service, user))

    def delete_password(self, service: str, user: str) -> None:
        self.data.pop((service, user), None)


@pytest.fixture
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    """The program's keyring calls go to an in-memory store for this test."""
    import keyring

    mem = MemoryKeyring()
    monkeypatch.setattr(keyring, "get_keyring", lambda: mem)
    monkeypatch.setattr(keyring, "set_password", mem.set_password)
    monkeypatch.setattr(keyring, "get_password", mem.get_password)
    monkeypatch.setattr(keyring, "delete_password", mem.delete_password)
    return mem


def make_pnr(i: int, year: int = 1980) -> str:
    """A distinct, Luhn-valid synthetic personnummer for test patient number ``i``."""
    import datetime as dt

    from injurydoc.services.demo import synthetic_pnr

    birth = dt.date(year, 1, 1) + dt.timedelta(days=i // 900)
    return synthetic_pnr(birth, 100 + i % 900)


# ----- hygiene of the whole suite: warnings, log warnings, files outside the tmp folders -----------------
#
# Python warnings fail tests through ``filterwarnings = ["error"]`` in pyproject.toml.  The checks below add:
# a WARNING (or worse) log record from our own loggers fails the test unless the test is marked
# ``@pytest.mark.logs_warnings`` (it provokes the warning on purpose); a file or folder written in /tmp or
# in the real home folder (outside pytest's own tmp folders) by the test process fails the test that wrote
# it; and at the end of a whole run the controller compares /tmp and the real home with their listing at
# the start (this also sees what subprocesses and C code - Qt, SQLCipher - left behind).

_SYSTEM_TMP = Path(tempfile.gettempdir()).resolve()
_REAL_HOME = Path(os.path.expanduser("~")).resolve()
#: Folders outside the tmp folders that a session fixture owns and removes itself (the PostgreSQL cluster,
#: which must live where the postgres system user can enter); see :func:`allow_outside_tmp`.
_OWNED_OUTSIDE: list[str] = []
_WRITE_EVENTS = frozenset(
    {"open", "os.mkdir", "os.rename", "os.link", "os.symlink", "shutil.copyfile", "shutil.copytree"}
)
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
_written: list[str] = []  # paths outside the tmp folders written since the current test started
_base: list[str] = []  # pytest's tmp folder of this process, once known


def allow_outside_tmp(path: Path) -> None:
    """Let a session fixture keep ``path`` (a folder it removes itself) outside the tmp folders."""
    _OWNED_OUTSIDE.append(str(path.resolve()))


def _outside(path: str) -> bool:
    for root in (str(_SYSTEM_TMP), str(_REAL_HOME)):
        if path == root or path.startswith(root + os.sep):
            if _base and (path == _base[0] or path.startswith(_base[0] + os.sep)):
                return False
            return not any(path == o or path.startswith(o + os.sep) for o in _OWNED_OUTSIDE)
    return False


def _audit(event: str, args: tuple) -> None:
    if event not in _WRITE_EVENTS or not _base:
        return
    if event == "open":
        path, mode, flags = args
        writes = isinstance(mode, str) and any(c in mode for c in "wax+")
        if isinstance(path, int) or not (writes or (mode is None and flags & _WRITE_FLAGS)):
            return
        targets = [path]
    elif event in ("os.rename", "os.link", "os.symlink", "shutil.copyfile", "shutil.copytree"):
        targets = [args[1]]
    else:
        targets = [args[0]]
    for target in targets:
        if target is None or isinstance(target, int):
            continue
        try:
            full = os.path.abspath(os.fsdecode(target))
        except (TypeError, ValueError):
            continue
        if _outside(full):
            _written.append(full)


sys.addaudithook(_audit)


@pytest.fixture(scope="session", autouse=True)
def _tmp_folder_of_the_session(tmp_path_factory: pytest.TempPathFactory) -> None:
    _base[:] = [str(tmp_path_factory.getbasetemp().resolve())]


@pytest.fixture(autouse=True)
def _writes_only_in_tmp_folders(_tmp_folder_of_the_session: None) -> Iterator[None]:
    _written.clear()
    yield
    left = sorted({p for p in _written if _outside(p) and os.path.lexists(p)})
    _written.clear()
    if left:
        pytest.fail(f"the test wrote outside its tmp folder and left: {left}")


@pytest.fixture(autouse=True)
def _no_warnings_logged(request: pytest.FixtureRequest) -> Iterator[None]:
    if not request.config.pluginmanager.has_plugin("logging"):  # make fuzz runs with -p no:logging
        yield
        return
    caplog: pytest.LogCaptureFixture = request.getfixturevalue("caplog")
    yield
    if request.node.get_closest_marker("logs_warnings"):
        return
    records = [
        r
        for when in ("setup", "call")
        for r in caplog.get_records(when)  # type: ignore[arg-type]
        if r.levelno >= logging.WARNING and (r.name == "injurydoc" or r.name.startswith("injurydoc."))
    ]
    if records:
        shown = "; ".join(f"{r.name} {r.levelname}: {r.getMessage()}" for r in records[:5])
        pytest.fail(f"unexpected log warnings (mark the test logs_warnings if it provokes them): {shown}")


def _listing() -> set[str]:
    found: set[str] = set()
    for root in (_SYSTEM_TMP, _REAL_HOME):
        with contextlib.suppress(OSError):
            found |= {str(root / name) for name in os.listdir(root)}
    return found


_LISTING = pytest.StashKey[set[str]]()


def pytest_sessionstart(session: pytest.Session) -> None:
    if not hasattr(session.config, "workerinput"):  # the controller (or a run without xdist)
        session.config.stash[_LISTING] = _listing()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    before = session.config.stash.get(_LISTING, None)
    if before is None:
        return
    # pytest's own folder of tmp folders (kept for the last runs, by design) is the one allowed newcomer
    base = session.config._tmp_path_factory.getbasetemp().resolve()  # type: ignore[attr-defined]
    allowed = {str(p) for p in (base, *base.parents)}
    new = sorted(p for p in _listing() - before if p not in allowed)
    if not new:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    message = f"new in /tmp or the home folder after the test run: {new}"
    if os.environ.get("CI") or os.environ.get("INJURYDOC_STRICT_TMP_CHECK"):
        if reporter is not None:
            reporter.write_line(f"FAILED (tmp check): {message}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    elif reporter is not None:  # a shared workstation: other programs write to /tmp meanwhile
        reporter.write_line(f"tmp check (not failing outside CI): {message}", yellow=True)
