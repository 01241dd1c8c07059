"""Account administration (unit managers) and each person's own password."""

from __future__ import annotations

from injurydoc.domain.errors import AuthError, NotFound, ValidationError
from injurydoc.domain.models import Account
from injurydoc.domain.vocab import AuditAction, Profession, Role
from injurydoc.services import keys, protection
from injurydoc.services.session import Session, check_password, check_username
from injurydoc.store import accounts as repo
from injurydoc.store import key_registry as key_repo


class AccountService:
    def __init__(self, session: Session) -> None:
        self.s = session

    def list(self) -> list[Account]:
        self.s.require(Role.UNIT_MANAGER)
        return repo.all_accounts(self.s.db)

    def create(
        self,
        *,
        username: str,
        display_name: str,
        password: str,
        roles: frozenset[Role],
        profession: Profession,
        hsa_id: str = "",
    ) -> Account:
        self.s.require(Role.UNIT_MANAGER)
        name = check_username(username)
        check_password(password)
        if not display_name.strip():
            raise ValidationError("field.required", field="name")
        if not roles:
            raise ValidationError("field.required", field="roles")
        if repo.by_username(self.s.db, name) is not None:
            raise ValidationError("username.taken")
        vault = self.s.vault
        with self.s.transaction() as db:
            account = repo.insert(
                db,
                username=name,
                display_name=display_name.strip(),
                roles=roles,
                profession=profession,
                hsa_id=hsa_id.strip(),
                created_by=None if self.s.via_recovery else self.s.account.id,
            )
            details: dict[str, object] = {"event": "created", "roles": sorted(r.code for r in roles)}
            if keys.store_is_keyed(self.s):
                new_keys = keys.issue_keys(
                    self.s, account_id=account.id, username=name, password=password, generation=1
                )
                details |= {
                    "key": new_keys.public().signing_fingerprint,
                    "certified": self.s.unit_key is not None,
                }
            else:
                vault.keyslots.set_account_slot(
                    account_id=account.id,
                    username=name,
                    password=password,
                    data_key=vault.data_key,
                    kdf=self.s.kdf,
                )
            self.s.audit(AuditAction.ACCOUNT, target=f"account:{account.id}", details=details)
            # The slot file is written before the commit: if the commit fails, a slot for an
            # account that does not exist opens nothing (sign-in finds no account).
            keys.save_slots(self.s, "created")
        return account

    def disable(self, account_id: str) -> None:
        """Remove the account's key slot: it can no longer unlock the store.  History is kept."""
        self.s.require(Role.UNIT_MANAGER)
        account = repo.by_id(self.s.db, account_id)
        if account is None:
            raise NotFound("account.not_found")
        if account.has(Role.UNIT_MANAGER) and repo.count_active_managers(self.s.db) <= 1:
            raise ValidationError("account.last_manager")
        vault = self.s.vault
        with self.s.transaction() as db:
            repo.set_active(db, account_id, False)
            self.s.audit(AuditAction.ACCOUNT, target=f"account:{account_id}", details={"event": "disabled"})
            keys.retire_keys(self.s, account_id, "disabled")
            vault.keyslots.remove_account_slot(account_id)
            keys.save_slots(self.s, "disabled")

    def set_password(self, account_id: str, new_password: str) -> None:
        """A unit manager (or the recovery code) sets a new password; the account is re-enabled."""
        self.s.require(Role.UNIT_MANAGER)
        check_password(new_password)
        account = repo.by_id(self.s.db, account_id)
        if account is None:
            raise NotFound("account.not_found")
        vault = self.s.vault
        with self.s.transaction() as db:
            if not account.active:
                repo.set_active(db, account_id, True)
            details: dict[str, object] = {"event": "password_reset", "via_recovery_code": self.s.via_recovery}
            keyed = keys.store_is_keyed(self.s)
            old = key_repo.current(db, account_id) if keyed else None
            if keyed:
                # New keys: nobody but the unit manager's reset can recover an account, and the old
                # private keys stay where only the old password opens them.
                details["generation"] = 1 if old is None else old.keys.generation + 1
            self.s.audit(AuditAction.ACCOUNT, target=f"account:{account_id}", details=details)
            if keyed:
                keys.retire_keys(self.s, account_id, "reset")
                keys.issue_keys(
                    self.s,
                    account_id=account.id,
                    username=account.username,
                    password=new_password,
                    generation=int(str(details["generation"])),
                )
                # The new keys get the wraps of protected persons this account is allowed (issued
                # by this manager's own openings of them).
                rewrapped = protection.reissue_for(self.s, account_id)
                self.s.audit(
                    AuditAction.GRANT,
                    target=f"account:{account_id}",
                    details={"event": "keys_rewrapped", **rewrapped},
                )
            else:
                vault.keyslots.set_account_slot(
                    account_id=account.id,
                    username=account.username,
                    password=new_password,
                    data_key=vault.data_key,
                    kdf=self.s.kdf,
                )
            keys.save_slots(self.s, "reset")

    def change_own_password(self, old_password: str, new_password: str) -> None:
        """Rewrap only this account's slot."""
        check_password(new_password)
        vault = self.s.vault
        me = self.s.account
        try:
            vault.keyslots.unwrap_account(me.username, old_password)
        except AuthError:
            raise AuthError("auth.failed") from None
        with self.s.transaction():
            self.s.audit(
                AuditAction.ACCOUNT,
                target=f"account:{me.id}",
                details={"event": "password_changed"},
            )
            if self.s.keys is not None:
                # The same keys under the new password; the old slot is withdrawn in the registry.
                vault.keyslots.set_keyed_slot(
                    kind="account",
                    secret=new_password,
                    keys=self.s.keys,
                    data_key=vault.data_key,
                    kdf=self.s.kdf,
                    account_id=me.id,
                    username=me.username,
                )
            else:
                vault.keyslots.set_account_slot(
                    account_id=me.id,
                    username=me.username,
                    password=new_password,
                    data_key=vault.data_key,
                    kdf=self.s.kdf,
                )
            keys.save_slots(self.s, "password")
        from injurydoc.services.signing import SigningService

        SigningService(self.s).rewrap(old_password, new_password)

    def by_username(self, username: str) -> Account:
        account = repo.by_username(self.s.db, username.strip().lower())
        if account is None:
            raise NotFound("account.not_found")
        return account
