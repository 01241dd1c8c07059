"""Who signs: key material and certificates for the three ways a clinician can sign.

1. a smart card or token through PKCS#11 (SITHS cards; SoftHSM2 in tests), PIN asked at signing;
2. a software key made by the program, with a certificate signing request for the organisation's CA
   and the issued chain imported back;
3. a self-signed certificate for training and demos (the verifier reports it as not issued by a
   trusted organisation).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from injurydoc.domain.errors import KnownError

if TYPE_CHECKING:
    from pyhanko.sign import signers

SELF_SIGNED_MARK = "injurydoc self-signed (not issued by an organisation)"


class SignerError(KnownError):
    """The signer could not be used: wrong PIN, no token, certificate does not match the key …"""


@dataclass
class SignerIdentity:
    signer: signers.Signer
    certificate: asn1_x509.Certificate
    chain: list[asn1_x509.Certificate]
    kind: str  # "pkcs11" | "software" | "self_signed"
    close: Callable[[], None] = field(default=lambda: None)

    @property
    def display_name(self) -> str:
        return common_name(self.certificate)


def common_name(cert: asn1_x509.Certificate) -> str:
    native = cert.subject.native
    return str(native.get("common_name") or cert.subject.human_friendly)


def _name(display_name: str, unit: str, hsa_id: str, self_signed: bool) -> x509.Name:
    attrs = [x509.NameAttribute(NameOID.COMMON_NAME, display_name[:64] or "?")]
    if unit:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, unit[:64]))
    if hsa_id:
        attrs.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, hsa_id[:64]))
    if self_signed:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, SELF_SIGNED_MARK))
    return x509.Name(attrs)


#: What a signing certificate needs: digital signature and non-repudiation (content commitment).
_SIGNING_USAGE = x509.KeyUsage(
    digital_signature=True,
    content_commitment=True,
    key_encipherment=False,
    data_encipherment=False,
    key_agreement=False,
    key_cert_sign=False,
    crl_sign=False,
    encipher_only=False,
    decipher_only=False,
)


def new_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def key_to_der(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def make_self_signed(
    display_name: str, unit: str, hsa_id: str, *, days: int = 3 * 365
) -> tuple[bytes, bytes]:
    """A new key and a self-signed signing certificate; returns (PKCS#8 DER key, DER certificate)."""
    key = new_key()
    name = _name(display_name, unit, hsa_id, True)
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(
            _SIGNING_USAGE,
            critical=True,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    return key_to_der(key), cert.public_bytes(serialization.Encoding.DER)


def make_csr(display_name: str, unit: str, hsa_id: str) -> tuple[bytes, bytes]:
    """A new key and a certificate signing request for the organisation's CA: (PKCS#8 DER key, CSR PEM)."""
    key = new_key()
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(_name(display_name, unit, hsa_id, False))
        .add_extension(
            _SIGNING_USAGE,
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    return key_to_der(key), csr.public_bytes(serialization.Encoding.PEM)


def parse_chain(pem_or_der: bytes) -> list[bytes]:
    """Certificates (DER) from PEM text (one or more) or a single DER certificate."""
    try:
        if b"-----BEGIN" in pem_or_der:
            certs = x509.load_pem_x509_certificates(pem_or_der)
        else:
            certs = [x509.load_der_x509_certificate(pem_or_der)]
    except ValueError:
        raise SignerError("signer.bad_certificate") from None
    return [c.public_bytes(serialization.Encoding.DER) for c in certs]


def check_matches(key_der: bytes, cert_der: bytes) -> None:
    key = serialization.load_der_private_key(key_der, password=None)
    cert = x509.load_der_x509_certificate(cert_der)
    pub = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    cpub = cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    if pub != cpub:
        raise SignerError("signer.cert_mismatch")


def software_identity(key_der: bytes, chain_der: list[bytes], kind: str) -> SignerIdentity:
    if not chain_der:
        raise SignerError("signer.bad_certificate")
    check_matches(key_der, chain_der[0])
    # pyHanko (and aiohttp, which it imports) costs about a second of CPU to import: only here, where a
    # signer is made, and not in every process that imports this module (a sign-in imports it).
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    certs = [asn1_x509.Certificate.load(c) for c in chain_der]
    signer = signers.SimpleSigner(
        signing_cert=certs[0],
        signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
        cert_registry=SimpleCertificateStore.from_certs(certs),  # type: ignore[no-untyped-call]
    )
    return SignerIdentity(signer=signer, certificate=certs[0], chain=certs, kind=kind)


@dataclass(frozen=True)
class Pkcs11Config:
    module: str  # path to the PKCS#11 library (e.g. the SITHS middleware, libsofthsm2.so)
    token_label: str | None = None
    key_label: str | None = None
    cert_label: str | None = None


def pkcs11_identity(cfg: Pkcs11Config, pin: str) -> SignerIdentity:
    """Open the token with the PIN and find the signing key and certificate on it."""
    try:
        from pkcs11 import exceptions as p11exc
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign import pkcs11 as hanko_p11
    except ImportError:  # pragma: no cover - python-pkcs11 is a dependency
        raise SignerError("signer.pkcs11_unavailable") from None
    try:
        session = hanko_p11.open_pkcs11_session(
            cfg.module,
            token_criteria=TokenCriteria(label=cfg.token_label) if cfg.token_label else None,
            user_pin=pin,
        )
    except (p11exc.PinIncorrect, p11exc.PinLenRange, p11exc.PinInvalid):
        # Cards report a mistyped PIN in different ways; all of them mean "wrong PIN" to the user.
        raise SignerError("signer.pin_wrong") from None
    except p11exc.PinLocked:
        raise SignerError("signer.pin_locked") from None
    except (p11exc.PKCS11Error, OSError, RuntimeError, ValueError, AttributeError):
        raise SignerError("signer.token_missing") from None
    try:
        label = cfg.cert_label or cfg.key_label
        signer = hanko_p11.PKCS11Signer(
            session,
            cert_label=label,
            key_label=cfg.key_label or label,
            other_certs_to_pull=None,
        )
        cert = signer.signing_cert
        # ECDSA keys on SoftHSM2 and many cards need the raw mechanism (hash in software).
        signer.use_raw_mechanism = cert.public_key.algorithm == "ec"
    except Exception:
        session.close()
        raise SignerError("signer.token_missing") from None
    chain = [cert] + [c for c in signer.cert_registry if c.sha256 != cert.sha256]
    return SignerIdentity(signer=signer, certificate=cert, chain=chain, kind="pkcs11", close=session.close)
