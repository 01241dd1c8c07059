"""First start as a state machine without Qt: choose the store, create the manager, confirm the code.

The UI (``ui/setup_wizard.py``) and the tests drive the same object (the shape of Electrum's
``electrum/wizard.py``)::

    WELCOME → STORE → MANAGER → CREATING → RECOVERY → CONFIRM_RECOVERY → DONE

Each call to :meth:`SetupFlow.next` validates the fields of the current step.  When something is
wrong the state stays where it is and :attr:`SetupFlow.errors` names each refused field with a message
code; when all is well the flow moves on and returns the new state.

Decisions worth knowing:

* **Nothing is written before CREATING.**  The folder check on STORE only looks (and probes the nearest
  existing folder with a temporary file); the folder itself is created by :func:`create_store`.
* **The password leaves** :attr:`SetupFlow.data` **when creation starts.**  It lives on only in the
  creation job until the store has been made.  If creation fails, the manager types it again.
* **No way back once the store exists.**  :meth:`back` is refused from RECOVERY onwards, with one
  exception: from CONFIRM_RECOVERY back to RECOVERY, to read the code again.  That changes nothing.
* **The whole recovery code must be typed back**, not only its last groups: the point of the step is to
  prove that the paper copy is complete and readable, and a mistake in any group makes the code
  useless on the day it is needed.  The comparison uses :func:`normalise_recovery_code`, so case,
  spaces, hyphens and 0/1/8 written for O/I/B do not matter.
* **Store creation may run on another thread.**  The UI takes :meth:`creation_job` (a plain callable
  with its arguments bound), runs it off the GUI thread and reports back with :meth:`created` or
  :meth:`creation_failed`; :meth:`next` in CREATING does the same synchronously.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Final

from injurydoc.domain import errors as catalogue
from injurydoc.domain.errors import KnownError, Lang
from injurydoc.domain.texts import text
from injurydoc.domain.vocab import Profession, StorePurpose
from injurydoc.services.session import (
    Session,
    SetupResult,
    check_password,
    check_username,
    create_store,
)
from injurydoc.store.keyslots import KdfParams, normalise_recovery_code
from injurydoc.store.vault import check_writable, is_store

# KdfParams: for ui/, which hands the flow cheaper key-derivation parameters in tests
__all__ = [
    "FORM",
    "FlowError",
    "KdfParams",
    "Problem",
    "SetupData",
    "SetupFlow",
    "SetupState",
]

#: Key in :attr:`SetupFlow.errors` for a problem that belongs to no single field.
FORM: Final = "form"

_HSA_ID = re.compile(r"^SE\d{10}-[A-Z0-9]{1,18}$")


class SetupState(Enum):
    WELCOME = "welcome"
    STORE = "store"
    MANAGER = "manager"
    CREATING = "creating"
    RECOVERY = "recovery"
    CONFIRM_RECOVERY = "confirm_recovery"
    DONE = "done"


@dataclass(frozen=True)
class Problem:
    """A refused field: a message code from the error catalogue, or a ``setup.*`` key of the text
    catalogue (this flow's own checks), and its values."""

    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    def message(self, lang: Lang = "sv") -> str:
        if self.code.startswith("setup."):  # this flow's own checks
            return text(self.code, lang, **self.params)
        return catalogue.message(self.code, lang, **self.params)

    @staticmethod
    def of(exc: KnownError) -> Problem:
        return Problem(exc.code, dict(exc.params))


@dataclass
class SetupData:
    """Everything entered so far, as typed.  Field names are the keys of :attr:`SetupFlow.errors`."""

    folder: str = ""
    purpose: StorePurpose = StorePurpose.REAL
    unit_name: str = ""
    username: str = ""
    display_name: str = ""
    profession: Profession = Profession.MANAGER
    hsa_id: str = ""
    password: str = ""
    password_again: str = ""
    recovery_typed: str = ""

    @property
    def folder_path(self) -> Path:
        return Path(self.folder.strip()).expanduser().absolute()


class FlowError(RuntimeError):
    """The caller asked for a move the flow does not allow (a bug in the caller, not the user's doing)."""


_ORDER: Final = list(SetupState)
_BACK: Final = {
    SetupState.STORE: SetupState.WELCOME,
    SetupState.MANAGER: SetupState.STORE,
    SetupState.CONFIRM_RECOVERY: SetupState.RECOVERY,
}


class SetupFlow:
    """First-start set-up; see the module docstring for the steps and the rules."""

    def __init__(self, kdf: KdfParams | None = None) -> None:
        self.kdf = kdf
        self.state = SetupState.WELCOME
        self.data = SetupData()
        self.problems: dict[str, Problem] = {}
        self._setup: SetupResult | None = None
        self._job_out = False

    # ----- reading ----------------------------------------------------------------------------------
    @property
    def errors(self) -> dict[str, str]:
        """Field -> message code for the current step (empty when the last move succeeded)."""
        return {name: p.code for name, p in self.problems.items()}

    def message(self, name: str, lang: Lang = "sv") -> str:
        """The message for a refused field in ``lang``, or "" when the field is fine."""
        problem = self.problems.get(name)
        return problem.message(lang) if problem else ""

    @property
    def store_exists(self) -> bool:
        return self._setup is not None

    @property
    def can_go_back(self) -> bool:
        return self.state in _BACK

    @property
    def recovery_code(self) -> str | None:
        """The code to write down: only while it is being shown or typed back."""
        if self._setup is not None and self.state in (SetupState.RECOVERY, SetupState.CONFIRM_RECOVERY):
            return self._setup.recovery_code
        return None

    @property
    def unit_fingerprint(self) -> str | None:
        """The new unit key's fingerprint, written on the same paper as the code (docs/store.md): shown
        with the code."""
        if self._setup is not None and self.state is SetupState.RECOVERY:
            return self._setup.unit_fingerprint or None
        return None

    @property
    def recovery_typed_complete(self) -> bool:
        """True once as many characters have been typed back as the code has (the UI's Finish)."""
        code = self.recovery_code
        if code is None:
            return False
        return len(normalise_recovery_code(self.data.recovery_typed)) >= len(normalise_recovery_code(code))

    @property
    def result(self) -> Session | None:
        """The signed-in manager, once the flow is DONE."""
        if self.state is SetupState.DONE and self._setup is not None:
            return self._setup.session
        return None

    # ----- moving -----------------------------------------------------------------------------------
    def next(self) -> SetupState:
        """Validate the current step; move on when it is fine.  Returns the (possibly unchanged) state."""
        self.problems = {}
        state = self.state
        if state is SetupState.WELCOME:
            self.state = SetupState.STORE
        elif state is SetupState.STORE:
            self._check_store()
            if not self.problems:
                self.state = SetupState.MANAGER
        elif state is SetupState.MANAGER:
            self._check_manager()
            if not self.problems:
                self.state = SetupState.CREATING
        elif state is SetupState.CREATING:
            job = self.creation_job()
            try:
                setup = job()
            except KnownError as exc:
                return self.creation_failed(exc)
            except BaseException:
                self.creation_failed(None)
                raise
            return self.created(setup)
        elif state is SetupState.RECOVERY:
            self.state = SetupState.CONFIRM_RECOVERY
        elif state is SetupState.CONFIRM_RECOVERY:
            self._check_recovery()
            if not self.problems:
                self.data.recovery_typed = ""
                self.state = SetupState.DONE
        else:
            raise FlowError("the set-up is already done")
        return self.state

    def back(self) -> SetupState:
        """One step back.  Refused (:class:`FlowError`) from WELCOME, CREATING, RECOVERY and DONE."""
        target = _BACK.get(self.state)
        if target is None:
            raise FlowError(f"cannot go back from {self.state.value}")
        self.problems = {}
        self.state = target
        return self.state

    def creation_job(self) -> Callable[[], SetupResult]:
        """The store creation with its arguments bound, to run on any thread.  Only in CREATING.

        The password is moved out of :attr:`data` into the job here.
        """
        if self.state is not SetupState.CREATING or self._job_out:
            raise FlowError("the store is created only in the CREATING step, once")
        self._job_out = True
        d = self.data
        folder, password = d.folder_path, d.password
        d.password = d.password_again = ""
        unit, username, name = d.unit_name.strip(), d.username, d.display_name.strip()
        purpose, profession, hsa_id, kdf = d.purpose, d.profession, d.hsa_id, self.kdf

        def job() -> SetupResult:
            return create_store(
                folder,
                unit_name=unit,
                manager_username=username,
                manager_display_name=name,
                manager_password=password,
                purpose=purpose,
                manager_profession=profession,
                manager_hsa_id=hsa_id,
                kdf=kdf,
            )

        return job

    def created(self, setup: SetupResult) -> SetupState:
        """The creation job succeeded: show the recovery code."""
        if self.state is not SetupState.CREATING:
            raise FlowError("created() outside the CREATING step")
        self._setup = setup
        self._job_out = False
        self.data.password = self.data.password_again = ""
        self.problems = {}
        self.state = SetupState.RECOVERY
        return self.state

    def creation_failed(self, exc: KnownError | None) -> SetupState:
        """The creation job failed; nothing was kept.  Go back to the step whose field is to blame.

        ``exc`` is None for a bug: the flow returns to MANAGER without a message and the caller hands
        the exception to the crash handler.
        """
        if self.state is not SetupState.CREATING:
            raise FlowError("creation_failed() outside the CREATING step")
        self._job_out = False
        self.problems = {}
        self.state = SetupState.MANAGER
        if exc is None:
            return self.state
        problem = Problem.of(exc)
        if exc.code.startswith("store."):
            self.state = SetupState.STORE
            self.problems["folder"] = problem
        elif exc.code.startswith("username."):
            self.problems["username"] = problem
        elif exc.code.startswith("password."):
            self.problems["password"] = problem
        else:
            self.problems[FORM] = problem
        return self.state

    def abandon(self) -> Session | None:
        """The set-up is left before DONE: returns the manager's session for the caller to close.

        The store stays (it is complete and the manager can sign in); only the hand-over is dropped.
        """
        setup, self._setup = self._setup, None
        self.data.password = self.data.password_again = self.data.recovery_typed = ""
        if setup is None or self.state is SetupState.DONE:
            return None
        return setup.session

    # ----- checks -------------------------------------------------------------------------------------
    def _check_store(self) -> None:
        d = self.data
        if not d.folder.strip():
            self.problems["folder"] = Problem("setup.folder_required")
        else:
            problem = _check_folder(d.folder_path)
            if problem:
                self.problems["folder"] = problem
        if not d.unit_name.strip():
            self.problems["unit_name"] = Problem("setup.unit_required")

    def _check_manager(self) -> None:
        d = self.data
        try:
            d.username = check_username(d.username)
        except KnownError as exc:
            self.problems["username"] = Problem.of(exc)
        if not d.display_name.strip():
            self.problems["display_name"] = Problem("setup.name_required")
        hsa = d.hsa_id.strip().upper()
        if hsa and not _HSA_ID.match(hsa):
            self.problems["hsa_id"] = Problem("setup.hsa_invalid")
        else:
            d.hsa_id = hsa
        try:
            check_password(d.password)
        except KnownError as exc:
            self.problems["password"] = Problem.of(exc)
        if d.password != d.password_again:
            self.problems["password_again"] = Problem("setup.passwords_differ")

    def _check_recovery(self) -> None:
        code = self.recovery_code or ""
        if normalise_recovery_code(self.data.recovery_typed) != normalise_recovery_code(code):
            self.problems["recovery_typed"] = Problem("setup.recovery_mismatch")


def _check_folder(folder: Path) -> Problem | None:
    """Refuse a folder that holds a store, or that could not be created and written.  Creates nothing."""
    if is_store(folder):
        return Problem("store.exists", {"path": str(folder)})
    nearest = folder
    while not nearest.exists() and nearest.parent != nearest:
        nearest = nearest.parent
    if not nearest.is_dir():
        return Problem("setup.folder_is_file", {"path": str(nearest)})
    try:
        check_writable(nearest)
    except KnownError as exc:
        return Problem.of(exc)
    return None
