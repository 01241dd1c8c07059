"""Shared fixtures.  No test touches the real home folder, the real temp folder or the OS keyring."""

from __future__ import annotations

import os
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


def make_pnr(i: int, year: int = 1980) -> str:
    """A distinct, Luhn-valid synthetic personnummer for test patient number ``i``."""
    import datetime as dt

    from injurydoc.services.demo import synthetic_pnr

    birth = dt.date(year, 1, 1) + dt.timedelta(days=i // 900)
    return synthetic_pnr(birth, 100 + i % 900)
