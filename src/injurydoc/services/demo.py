"""A training store filled with synthetic cases, so that anyone can try the program in a minute.

Every name and number here is made up for this project.  The store is marked ``purpose=training``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from injurydoc.domain.vocab import (
    Profession,
    Role,
    StorePurpose,
)
from injurydoc.services.accounts import AccountService
from injurydoc.services.demo_cases import DemoExamination, fill, synthetic_pnr
from injurydoc.services.session import create_store, sign_in
from injurydoc.services.training import TrainingService
from injurydoc.store.keyslots import KdfParams

__all__ = ["DemoAccount", "DemoExamination", "DemoResult", "create_demo", "synthetic_pnr"]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    roles: tuple[str, ...]
    display_name: str


@dataclass
class DemoResult:
    store: Path
    recovery_code: str
    accounts: list[DemoAccount] = field(default_factory=list)
    examinations: list[DemoExamination] = field(default_factory=list)
    #: ids of the bundled exercises added to the store
    exercises: list[str] = field(default_factory=list)


ACCOUNTS = [
    ("chef", "Övningschef Maria Lind", (Role.UNIT_MANAGER,), Profession.MANAGER, "ovning-chef-1"),
    ("anna", "Anna Berg", (Role.CLINICIAN,), Profession.DISTRICT_NURSE, "ovning-anna-1"),
    ("erik", "Erik Sand", (Role.CLINICIAN,), Profession.PHYSICIAN, "ovning-erik-1"),
    ("tove", "Tove Ek", (Role.TRAINER, Role.CLINICIAN), Profession.NURSE, "ovning-tove-1"),
]


def create_demo(folder: Path, *, kdf: KdfParams | None = None) -> DemoResult:
    manager = ACCOUNTS[0]
    setup = create_store(
        folder,
        unit_name="Vårdcentralen Exempelby (övning)",
        manager_username=manager[0],
        manager_display_name=manager[1],
        manager_password=manager[4],
        purpose=StorePurpose.TRAINING,
        kdf=kdf,
    )
    result = DemoResult(store=folder, recovery_code=setup.recovery_code)
    result.accounts.append(DemoAccount(manager[0], manager[4], ("unit_manager",), manager[1]))
    mgr = setup.session
    for username, name, roles, prof, pw in ACCOUNTS[1:]:
        AccountService(mgr).create(
            username=username,
            display_name=name,
            password=pw,
            roles=frozenset(roles),
            profession=prof,
            hsa_id=f"SE0000000000-{username.upper()}",
        )
        result.accounts.append(DemoAccount(username, pw, tuple(r.code for r in roles), name))
    mgr.close()

    anna = sign_in(folder, "anna", ACCOUNTS[1][4])
    try:
        result.examinations.extend(fill(anna))
    finally:
        anna.close()

    # The bundled exercises, added by the demo trainer, so that the store opens on them.
    tove = sign_in(folder, "tove", ACCOUNTS[3][4])
    try:
        training = TrainingService(tove)
        for path in bundled_exercises():
            result.exercises.append(training.add_exercise(path.read_bytes()).id)
    finally:
        tove.close()
    return result


def bundled_exercises() -> list[Path]:
    """The exercises shipped with the program (resources/exercises), in a stable order."""
    from injurydoc.resources import resource_path
    from injurydoc.training import EXTENSION

    return sorted(resource_path("exercises").glob(f"*{EXTENSION}"))
