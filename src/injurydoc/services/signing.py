"""Each clinician's way of signing: a self-signed certificate (training), a software key with a
certificate from the organisation's CA, or a smart card through PKCS#11."""

from __future__ import annotations

import base64
import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from injurydoc.domain.errors import AuthError, ValidationError
from injurydoc.domain.vocab import AuditAction
from injurydoc.export.identity import (
    Pkcs11Config,
    SignerError,
    SignerIdentity,
    make_csr,
    make_self_signed,
    parse_chain,
    pkcs11_identity,
    software_identity,
)
from injurydoc.services import keystore, workstation
from injurydoc.services.session import Session
from injurydoc.store.audit import iso, now_utc

# Pkcs11Config: for ui/ and cli/, which describe a hardware token with it
__all__ = ["Pkcs11Config", "SignerStatus", "SigningService"]


@dataclass(frozen=True)
class SignerStatus:
    kind: str | None  # None: nothing set up yet
    location: str | None  # "keyring" | "store" | "token"
    subject: str = ""
    issuer: str = ""
    not_after: str = ""
    waiting_for_certificate: bool = False
    csr_pem: str = ""
    pkcs11: Pkcs11Config | None = None


class SigningService:
    def __init__(self, session: Session) -> None:
        self.s = session

    @property
    def _aad(self) -> bytes:
        return f"injurydoc signing key:{self.s.vault.store_id}:{self.s.account.id}".encode()

    @property
    def _keyring_name(self) -> str:
        return f"{self.s.vault.store_id}:{self.s.account.id}"

    def _row(self) -> tuple[Any, ...] | None:
        return self.s.db.one(
            "SELECT kind, key_location, wrapped_key, wrap_params, chain, csr, pkcs11 FROM signing_keys "
            "WHERE account_id = ?",
            (self.s.account.id,),
        )

    def status(self) -> SignerStatus:
        row = self._row()
        if row is None:
            return SignerStatus(kind=None, location=None)
        kind, location, _w, _p, chain, csr, p11 = row
        subject = issuer = not_after = ""
        if chain:
            cert = x509.load_der_x509_certificate(parse_chain(bytes(chain))[0])
            subject, issuer = cert.subject.rfc4514_string(), cert.issuer.rfc4514_string()
            not_after = cert.not_valid_after_utc.date().isoformat()
        return SignerStatus(
            kind=str(kind),
            location=str(location),
            subject=subject,
            issuer=issuer,
            not_after=not_after,
            waiting_for_certificate=kind == "software" and not chain,
            csr_pem=str(csr or ""),
            pkcs11=_token_config(str(p11)) if p11 else None,
        )

    # ----- setting up ---------------------------------------------------------------------------
    def _save_key(
        self, key_der: bytes, password: str, kind: str, chain_pem: bytes | None, csr: str | None
    ) -> str:
        # The password must be the account's own: check it against the key slot before using it.
        self.s.vault.keyslots.unwrap_account(self.s.account.username, password)
        old_location = (self._row() or (None, None))[1]
        # Wrapped under the password in the keyring too: a colleague sharing the OS account reads only
        # ciphertext there.
        if keystore.keyring_put_wrapped(self._keyring_name, key_der, password, self.s.kdf, self._aad):
            location, wrapped, params = "keyring", None, None
        else:
            location = "store"
            wrapped, params = keystore.wrap(key_der, password, self.s.kdf, self._aad)
        with self.s.transaction() as db:
            db.execute("DELETE FROM signing_keys WHERE account_id = ?", (self.s.account.id,))
            db.execute(
                "INSERT INTO signing_keys (account_id, kind, key_location, wrapped_key, wrap_params, chain, "
                "csr, created_at) VALUES (?,?,?,?,?,?,?,?)",
                (self.s.account.id, kind, location, wrapped, params, chain_pem, csr, iso(now_utc())),
            )
            self.s.audit(
                AuditAction.ACCOUNT,
                target=f"account:{self.s.account.id}",
                details={"event": "signing_key_created", "kind": kind, "location": location},
            )
        if old_location == "keyring" and location != "keyring":
            keystore.keyring_delete(self._keyring_name)
        return location

    def create_self_signed(self, password: str) -> SignerStatus:
        """For training and demos: the verifier reports it as not issued by a trusted organisation."""
        acc = self.s.account
        key, cert = make_self_signed(acc.display_name, self.s.unit, acc.hsa_id)
        pem = x509.load_der_x509_certificate(cert).public_bytes(serialization.Encoding.PEM)
        self._save_key(key, password, "self_signed", pem, None)
        return self.status()

    def create_request(self, password: str) -> str:
        """A new software key and a certificate signing request (PEM) for the organisation's CA."""
        acc = self.s.account
        key, csr = make_csr(acc.display_name, self.s.unit, acc.hsa_id)
        self._save_key(key, password, "software", None, csr.decode("ascii"))
        return csr.decode("ascii")

    def import_certificate(self, chain: bytes) -> SignerStatus:
        """Import the certificate (and chain) the CA issued for the pending request."""
        row = self._row()
        if row is None or row[0] != "software" or not row[5]:
            raise SignerError("signer.none")
        certs = parse_chain(chain)
        csr = x509.load_pem_x509_csr(str(row[5]).encode())
        leaf = x509.load_der_x509_certificate(certs[0])
        fmt = (serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
        if leaf.public_key().public_bytes(*fmt) != csr.public_key().public_bytes(*fmt):
            raise SignerError("signer.cert_mismatch")
        pem = b"".join(
            x509.load_der_x509_certificate(c).public_bytes(serialization.Encoding.PEM) for c in certs
        )
        with self.s.transaction() as db:
            # Only the chain changes; the key stays where it is.
            db.execute("UPDATE signing_keys SET chain = ? WHERE account_id = ?", (pem, self.s.account.id))
            self.s.audit(
                AuditAction.ACCOUNT,
                target=f"account:{self.s.account.id}",
                details={"event": "certificate_imported", "issuer": leaf.issuer.rfc4514_string()},
            )
        return self.status()

    def use_card(self, module: str, key_label: str = "") -> SignerStatus:
        """A smart card through ``module`` (chosen from pkcs11_modules.find_modules)."""
        label = key_label.strip() or None
        return self.use_token(Pkcs11Config(module, None, label, label))

    def import_certificate_file(self, path: Path) -> SignerStatus:
        try:
            data = path.read_bytes()
        except OSError:
            raise SignerError("signer.cert_unreadable") from None
        return self.import_certificate(data)

    def use_token(self, cfg: Pkcs11Config) -> SignerStatus:
        """Sign with a card.  The module (a library that runs in this process) is remembered for this
        computer's OS user, never in the store; the store keeps only which token, key and certificate."""
        module = cfg.module.strip()
        if not module and not workstation.pkcs11_module():
            raise ValidationError("field.required", field="PKCS#11 module")
        if module and not workstation.policy_pkcs11_module():
            if not workstation.installed_pkcs11_module(module):
                raise SignerError("signer.pkcs11_not_installed")
            workstation.set_pkcs11_module(module)
        labels = {k: v for k, v in dataclasses.asdict(cfg).items() if k != "module"}
        with self.s.transaction() as db:
            db.execute("DELETE FROM signing_keys WHERE account_id = ?", (self.s.account.id,))
            db.execute(
                "INSERT INTO signing_keys (account_id, kind, key_location, pkcs11, created_at) "
                "VALUES (?,?,?,?,?)",
                (
                    self.s.account.id,
                    "pkcs11",
                    "token",
                    json.dumps(labels),
                    iso(now_utc()),
                ),
            )
            self.s.audit(
                AuditAction.ACCOUNT,
                target=f"account:{self.s.account.id}",
                details={"event": "token_configured"},
            )
        return self.status()

    # ----- signing --------------------------------------------------------------------------------
    def identity(self, secret: str) -> SignerIdentity:
        """Open the signer: ``secret`` is the card's PIN for a token, else the account's password
        (needed only when the key is kept in the store)."""
        row = self._row()
        if row is None:
            raise SignerError("signer.none")
        kind, location, wrapped, params, chain, _csr, p11 = row
        if kind == "pkcs11":
            cfg = _token_config(str(p11))
            if not cfg.module:
                chosen = workstation.user_pkcs11_choice()
                raise SignerError("signer.pkcs11_not_installed" if chosen else "signer.pkcs11_no_module")
            return pkcs11_identity(cfg, secret)
        if not chain:
            raise SignerError("signer.no_certificate")
        if location == "keyring":
            key = self._from_keyring(secret)
        else:
            key = keystore.unwrap(bytes(wrapped), str(params), secret, self._aad)
        return software_identity(key, parse_chain(bytes(chain)), str(kind))

    def _from_keyring(self, password: str) -> bytes:
        """The key from the keyring; always needs the owner's password (an older, unwrapped entry is
        released only after the password is checked against the key slot, then stored wrapped)."""
        entry = keystore.keyring_entry(self._keyring_name)
        if entry is None:
            raise SignerError("signer.key_unavailable")
        key = keystore.unwrap_entry(entry, password, self._aad)
        if key is not None:
            return key
        self.s.vault.keyslots.unwrap_account(self.s.account.username, password)
        try:
            key = base64.b64decode(entry, validate=True)
        except ValueError:
            raise SignerError("signer.key_unavailable") from None
        row = self._row()
        if row is None or not _key_is_own(key, row[4], row[5]):
            raise SignerError("signer.cert_mismatch")
        keystore.keyring_put_wrapped(self._keyring_name, key, password, self.s.kdf, self._aad)
        return key

    def upgrade_keyring_entry(self, password: str) -> bool:
        """At the owner's sign-in (``password`` just opened their slot): an entry an older program kept
        in the keyring as the bare key is replaced by one wrapped under the password, so a colleague
        sharing the OS account no longer reads a usable key there.  Only a key that belongs to this
        account's certificate (or pending request) is wrapped; anything else is left unused and logged.
        Returns True when an entry was wrapped."""
        entry = keystore.keyring_entry(self._keyring_name)
        if entry is None or entry.startswith(keystore.WRAPPED_PREFIX):
            return False
        row = self._row()
        try:
            key = base64.b64decode(entry, validate=True)
            ok = row is not None and _key_is_own(key, row[4], row[5])
        except ValueError:
            ok = False
        event = "keyring_key_wrapped" if ok else "keyring_key_refused"
        if ok:
            ok = keystore.keyring_put_wrapped(self._keyring_name, key, password, self.s.kdf, self._aad)
        with self.s.transaction():
            self.s.audit(AuditAction.ACCOUNT, target=f"account:{self.s.account.id}", details={"event": event})
        return ok

    def rewrap(self, old_password: str, new_password: str) -> None:
        """After a password change: the software key, wherever it is kept, under the new password."""
        row = self._row()
        if row is None or row[0] == "pkcs11":
            return
        location, wrapped, params = row[1], row[2], row[3]
        try:
            if location == "keyring":
                key = self._from_keyring(old_password)
                keystore.keyring_put_wrapped(self._keyring_name, key, new_password, self.s.kdf, self._aad)
                return
            key = keystore.unwrap(bytes(wrapped), str(params), old_password, self._aad)
        except (SignerError, AuthError):
            return  # nothing usable to carry over; the person makes a new key
        new_wrapped, new_params = keystore.wrap(key, new_password, self.s.kdf, self._aad)
        with self.s.transaction() as db:
            db.execute(
                "UPDATE signing_keys SET wrapped_key = ?, wrap_params = ? WHERE account_id = ?",
                (new_wrapped, new_params, self.s.account.id),
            )


def _key_is_own(key_der: bytes, chain: bytes | None, csr: str | None) -> bool:
    """Whether a private key (DER) is the one of this account's certificate, else of its request."""
    fmt = (serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    try:
        pub = serialization.load_der_private_key(key_der, password=None).public_key().public_bytes(*fmt)
        if chain:
            cert = x509.load_der_x509_certificate(parse_chain(bytes(chain))[0])
            return cert.public_key().public_bytes(*fmt) == pub
        if csr:
            return x509.load_pem_x509_csr(str(csr).encode()).public_key().public_bytes(*fmt) == pub
    except (ValueError, TypeError, SignerError):
        return False
    return False


#: signing_keys rows that hold a module path (or are not JSON): what :func:`strip_store_modules` cleans.
STORE_MODULE_ROWS = (
    "SELECT account_id, pkcs11 FROM signing_keys WHERE pkcs11 IS NOT NULL AND (NOT json_valid(pkcs11) "
    "OR CASE WHEN json_valid(pkcs11) THEN coalesce(json_extract(pkcs11, '$.module'), '') END <> '')"
)
#: unit_settings rows that name a PKCS#11 module: nothing reads them, and none belongs there.
STORE_MODULE_SETTINGS = "FROM unit_settings WHERE lower(key) LIKE '%pkcs11%' OR lower(value) LIKE '%pkcs11%'"


def strip_store_modules(s: Session) -> int:
    """Remove module paths found in the store (written by a program from before, or by someone going
    around it: ``signing_keys.pkcs11`` or a ``unit_settings`` row naming one); they were never used.
    Returns how many; the removal is logged."""
    found = 0
    with s.transaction() as db:
        for account_id, stored in db.all(STORE_MODULE_ROWS):
            try:
                doc = json.loads(str(stored))
            except ValueError:
                doc = None
            keep = ("token_label", "key_label", "cert_label")
            kept = {k: doc.get(k) for k in keep} if isinstance(doc, dict) else {}
            db.execute(
                "UPDATE signing_keys SET pkcs11 = ? WHERE account_id = ?", (json.dumps(kept), account_id)
            )
            found += 1
        found += int(db.execute(f"DELETE {STORE_MODULE_SETTINGS}").rowcount)
        if found:
            s.audit(
                AuditAction.ACCOUNT, target="store", details={"event": "pkcs11_module_removed", "rows": found}
            )
    return found


def _token_config(stored: str) -> Pkcs11Config:
    """Which token, key and certificate (from the store) and which module (from this computer only: a
    module path found in the store, from before, is ignored)."""
    try:
        doc = json.loads(stored)
    except ValueError:
        doc = None
    if not isinstance(doc, dict):
        doc = {}  # damaged around the program: the card's only key, on the first token
    return Pkcs11Config(
        module=workstation.pkcs11_module() or "",
        token_label=doc.get("token_label"),
        key_label=doc.get("key_label"),
        cert_label=doc.get("cert_label"),
    )
