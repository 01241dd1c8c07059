"""Connecting this workstation to the unit's server, as a state machine without Qt (the shape of
:mod:`injurydoc.services.setup_flow`)::

    SERVER → CHECKING → CERTIFICATE → ACCOUNT → SIGNING_IN → FIRST_SYNC → DONE

* **SERVER**: the address typed by hand (with the fingerprint from IT's paper, if any), or IT's connection
  file ``injurydoc-unit.json`` (opened by a button or dropped on the page).  For a training store
  (``training``) the account must be of a **training unit** on the server and the cache made is a
  training store; for a real one, of a real unit.  The wrong pairing is refused at SIGNING_IN, before
  anything is made, saying what to do: exercises are never mixed with real cases (docs/server.md).
* **CHECKING** (a job off the GUI thread): the certificate the server presents is fetched.  A local socket
  has none and goes straight to ACCOUNT.
* **CERTIFICATE**: its fingerprint is shown for a person to compare with what IT gave.  When IT's file or
  paper named it, the flow has already compared (a different one never gets here); otherwise the person
  confirms they compared it.  Expired or not yet valid certificates never get here either.
* **SIGNING_IN** (a job): the account's first sign-in on the server, then the workstation's encrypted cache
  for this account is made (``sign_in`` given to the flow: the unit-mode client's).
* **FIRST_SYNC**: the first pull, with its progress, until the runner reports it done.

Every failure is a :class:`~injurydoc.services.unit_connection.UnitError` (or another ``KnownError``)
shown on the step it belongs to; the fields keep what was typed (the password is emptied only when the
server refused it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from injurydoc.domain.errors import KnownError, Lang
from injurydoc.services.unit_connection import (
    CertificateInfo,
    ConnectionSettings,
    check_certificate,
    fetch_certificate,
    parse_address,
    read_connection_file,
    with_fingerprint,
    with_unit_key,
)

__all__ = ["ConnectData", "ConnectFlow", "ConnectState", "SignIn"]

#: (settings, root certificate to pin or None, user name, password) -> the signed-in session; for a
#: training store it is also given ``training=True``
SignIn = Callable[..., Any]


class ConnectState(Enum):
    SERVER = "server"
    CHECKING = "checking"
    CERTIFICATE = "certificate"
    ACCOUNT = "account"
    SIGNING_IN = "signing_in"
    FIRST_SYNC = "first_sync"
    DONE = "done"


S = ConnectState
_BACK = {S.CERTIFICATE: S.SERVER, S.ACCOUNT: S.SERVER}


@dataclass
class ConnectData:
    address: str = ""
    fingerprint_typed: str = ""
    #: the unit key's fingerprint from the unit manager's paper (overrides the file's when given)
    unit_key_typed: str = ""
    file: Path | None = None
    username: str = ""
    password: str = ""
    compared: bool = False  # the person compared the fingerprint with IT's


class ConnectFlow:
    """See the module docstring.  ``training``: a training store is wanted (of a training unit)."""

    def __init__(self, sign_in: SignIn, *, training: bool = False) -> None:
        self.sign_in = sign_in
        self.training = training
        self.state = S.SERVER
        self.data = ConnectData()
        self.settings: ConnectionSettings | None = None
        self.certificate: CertificateInfo | None = None
        self.problem: KnownError | None = None
        self.session: Any = None

    # ----- reading --------------------------------------------------------------------------------------
    def message(self, lang: Lang) -> str:
        return self.problem.message(lang) if self.problem else ""

    @property
    def can_go_back(self) -> bool:
        return self.state in _BACK

    @property
    def fingerprint_from_it(self) -> bool:
        """IT named the fingerprint (file or paper) and the server's matched it."""
        return bool(self.settings and self.settings.fingerprint)

    # ----- moving ---------------------------------------------------------------------------------------
    def use_file(self, path: Path) -> ConnectState:
        """IT's connection file (button or drop): read and checked now; the address field shows it."""
        self.problem = None
        try:
            settings = read_connection_file(path)
        except KnownError as exc:
            self.problem = exc
            return self.state
        self.data.file = path
        self.settings = settings
        self.data.address = settings.label if not settings.local_socket else settings.host
        self.data.fingerprint_typed = ""
        return self.state

    def next(self) -> ConnectState:
        """Validate the current step and move on (CHECKING and SIGNING_IN wait for their jobs)."""
        self.problem = None
        if self.state is S.SERVER:
            self._check_server_step()
        elif self.state is S.CERTIFICATE:
            if self.fingerprint_from_it or self.data.compared:
                self.state = S.ACCOUNT
        elif self.state is S.ACCOUNT:
            if self.data.username.strip() and self.data.password:
                self.data.username = self.data.username.strip()
                self.state = S.SIGNING_IN
        elif self.state is S.FIRST_SYNC:
            self.state = S.DONE
        return self.state

    def back(self) -> ConnectState:
        target = _BACK.get(self.state)
        if target is not None:
            self.problem = None
            self.state = target
            self.certificate = None
            self.data.compared = False
        return self.state

    def _check_server_step(self) -> None:
        try:
            if self.data.file is not None and self.settings is not None:
                settings = self.settings
                if self.data.fingerprint_typed.strip():
                    settings = with_fingerprint(settings, self.data.fingerprint_typed)
            else:
                settings = with_fingerprint(parse_address(self.data.address), self.data.fingerprint_typed)
            settings = with_unit_key(settings, self.data.unit_key_typed)
        except KnownError as exc:
            self.problem = exc
            return
        self.settings = settings
        self.state = S.CHECKING

    def address_edited(self, text: str) -> None:
        """A typed address replaces the file's."""
        if self.data.file is not None and text != self.data.address:
            self.data.file = None
            self.settings = None
        self.data.address = text

    # ----- jobs (run off the GUI thread; report back with the methods below) ----------------------------
    def checking_job(self) -> Callable[[], CertificateInfo | None]:
        settings = self.settings
        if self.state is not S.CHECKING or settings is None:
            raise RuntimeError("the certificate is fetched only in the CHECKING step")

        def job() -> CertificateInfo | None:
            cert = fetch_certificate(settings)
            if cert is not None:
                check_certificate(cert, settings)
            return cert

        return job

    def checked(self, cert: CertificateInfo | None) -> ConnectState:
        self.certificate = cert
        self.state = S.ACCOUNT if cert is None else S.CERTIFICATE
        return self.state

    def checking_failed(self, exc: KnownError | None) -> ConnectState:
        """``exc`` None: a bug, which the caller hands to the crash handler."""
        self.problem = exc
        self.state = S.SERVER
        return self.state

    def signing_in_job(self) -> Callable[[], Any]:
        settings, cert = self.settings, self.certificate
        if self.state is not S.SIGNING_IN or settings is None:
            raise RuntimeError("the account signs in only in the SIGNING_IN step")
        user, password, sign_in = self.data.username, self.data.password, self.sign_in
        extra = {"training": True} if self.training else {}

        def job() -> Any:
            return sign_in(settings, cert, user, password, **extra)

        return job

    def signed_in(self, session: Any) -> ConnectState:
        self.session = session
        self.data.password = ""
        self.state = S.FIRST_SYNC
        return self.state

    def signing_in_failed(self, exc: KnownError | None) -> ConnectState:
        """Back to the step to blame; the password is kept unless the server refused it."""
        self.problem = exc
        if exc is None:
            self.state = S.ACCOUNT
        elif exc.code in ("unit.auth", "unit.role_refused", "auth.failed"):
            self.data.password = ""
            self.state = S.ACCOUNT
        elif exc.code.startswith(("unit.cert", "unit.no_tls", "unit.training", "server.unit_key")):
            self.state = S.SERVER
        else:
            self.state = S.ACCOUNT
        return self.state
