"""Re-keying the store: a new data key, sealed to the accounts that remain, the database re-encrypted.

After an account is disabled, or when a password or a copy of the store may have leaked, the data key
that old copies of keyslots.json still unwrap is replaced.  A unit manager who holds the unit key does
it without anyone else's password: the new key is sealed to each remaining account's *certified* X25519
key (a slot whose public key differs from the certified one stops the re-key before anything changes).

Order, so that a crash at any point leaves a store that opens:

1. keyslots.json is written with every slot holding the new key *and* the old one (``prev_seal``);
2. ``PRAGMA rekey`` re-encrypts every page in one transaction (progress: the pages written to the WAL);
3. keyslots.json is written again without the old key.

Opening tries the new key first and the old one second (store/vault.py).  Accounts whose slot is still
of the older kind (they have not signed in since the store got personal keys) cannot be sealed to: they
lose access and need a new password from a unit manager.  A recovery slot of the older kind is replaced
by a new recovery code, shown once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from injurydoc.domain.errors import AccessDenied, AuthError
from injurydoc.domain.vocab import AuditAction, Role
from injurydoc.services import keys
from injurydoc.services.session import Session
from injurydoc.store import key_registry as repo
from injurydoc.store.key_registry import UntrustedKey
from injurydoc.store.keyslots import new_data_key, new_recovery_code
from injurydoc.store.personal_keys import RECOVERY, KeyFormatError, PersonalKeys

#: progress(done, total): pages re-encrypted so far, of all pages
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class RekeyPlan:
    keep: tuple[str, ...]  # user names whose slots get the new key
    lose: tuple[str, ...]  # user names whose slots are of the older kind: they need a new password
    new_recovery_code: bool  # the recovery slot is of the older kind: a new code will be shown
    pages: int


@dataclass(frozen=True)
class RekeyResult:
    plan: RekeyPlan
    recovery_code: str | None  # the new recovery code, when one was made; shown once


class RekeyService:
    def __init__(self, session: Session) -> None:
        self.s = session

    def _require(self) -> None:
        self.s.require(Role.UNIT_MANAGER)
        if not keys.store_is_keyed(self.s) or self.s.keys is None:
            raise AccessDenied("access.role", role="unit_manager")
        if self.s.unit_key is None:
            raise AuthError("keys.no_unit_key")

    def plan(self) -> RekeyPlan:
        self._require()
        keep: list[str] = []
        lose: list[str] = []
        new_code = False
        for slot in self.s.vault.keyslots.slots:
            if slot.kind == "recovery":
                new_code = not slot.keyed
            elif slot.keyed:
                keep.append(str(slot.username))
            else:
                lose.append(str(slot.username))
        pages = int(self.s.db.scalar("PRAGMA page_count"))
        return RekeyPlan(tuple(sorted(keep)), tuple(sorted(lose)), new_code, pages)

    def rekey(self, reason: str = "", progress: Progress | None = None) -> RekeyResult:
        """Re-key now; everyone else must have signed out (their program cannot read the store after)."""
        plan = self.plan()
        s, vault = self.s, self.s.vault
        ks = vault.keyslots
        old_key, new_key = vault.data_key, new_data_key()
        code: str | None = None
        before = list(ks.slots)
        try:
            code = self._prepare(plan, reason, old_key, new_key)
        except BaseException:
            ks.slots = before  # nothing was written: forget the new seals
            raise
        # 2. Re-encrypt every page.  Should this fail, keyslots.json holds both keys: the store opens.
        _rekey_with_progress(s, new_key, plan.pages, progress)
        vault.rekeyed(new_key)
        # 3. Drop the old key from the slots.
        ks.drop_prev_seals()
        with s.transaction():
            s.audit(AuditAction.ACCOUNT, target="store", details={"event": "rekey_done"})
            keys.save_slots(s, "rekey")
        return RekeyResult(plan, code)

    def _prepare(self, plan: RekeyPlan, reason: str, old_key: bytes, new_key: bytes) -> str | None:
        """Step 1: seal the new key (and, until the end, the old one) to every remaining certified key,
        and write keyslots.json with both."""
        s, ks = self.s, self.s.vault.keyslots
        trust = keys.trust(s)
        code: str | None = None
        for slot in list(ks.slots):
            subject = repo.slot_subject(slot)
            if not slot.keyed:
                if slot.kind == "account":
                    ks.remove_account_slot(str(slot.account_id))
                continue
            generation = slot.public.generation if slot.public is not None else 0
            try:
                rec = trust.keys(subject, generation)
                ks.reseal(slot.id, rec.keys.x25519, new_key, old_key)
            except UntrustedKey as exc:
                raise AuthError("keys.untrusted", who=exc.who, detail=exc.problem) from None
            except KeyFormatError as exc:
                raise AuthError("keys.untrusted", who=trust.name(subject), detail=str(exc)) from None
        with s.transaction():
            if plan.new_recovery_code:
                code = new_recovery_code()
                self._new_recovery(code, new_key, old_key)
            s.audit(
                AuditAction.ACCOUNT,
                target="store",
                details={
                    "event": "rekey_started",
                    "reason": reason[:40],
                    "accounts": len(plan.keep),
                    "lost": len(plan.lose),
                    "new_recovery_code": plan.new_recovery_code,
                },
            )
            keys.save_slots(s, "rekey")
        return code

    def _new_recovery(self, code: str, new_key: bytes, old_key: bytes) -> None:
        """The recovery slot was of the older kind: new recovery keys under a new code."""
        s, ks = self.s, self.s.vault.keyslots
        rk = PersonalKeys.generate(1)
        old = repo.current(s.db, RECOVERY)
        if old is not None:
            rk = PersonalKeys(rk.x25519, rk.ed25519, old.keys.generation + 1)
        slot = ks.set_keyed_slot(
            kind="recovery",
            secret=code,
            keys=rk,
            data_key=new_key,
            kdf=s.kdf,
            account_id=None,
            username=None,
        )
        ks.reseal(slot.id, rk.public().x25519, new_key, old_key)
        repo.add_keys(s.db, RECOVERY, rk.public())
        keys.certify_new(s, RECOVERY, rk)


def _rekey_with_progress(s: Session, new_key: bytes, pages: int, progress: Progress | None) -> None:
    """``PRAGMA rekey`` on a helper thread; progress is read from the WAL as it grows."""
    errors: list[BaseException] = []

    def work() -> None:
        try:
            s.db.rekey(new_key)
        except BaseException as exc:  # handed to the caller's thread
            errors.append(exc)

    wal = s.vault.folder / "injurydoc.db-wal"
    page = s.vault.keyslots.page_size
    worker = threading.Thread(target=work, name="rekey", daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.1)
        if progress is not None:
            try:
                done = min(pages, wal.stat().st_size // (page + 24))
            except OSError:
                done = 0
            progress(done, pages)
    if errors:
        raise errors[0]
    if progress is not None:
        progress(pages, pages)
