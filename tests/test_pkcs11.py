"""Signing with a smart card through PKCS#11 (as with SITHS cards), using a SoftHSM2 token.

The key pair is generated ON the token; only the certificate (issued by a test CA) is written to it.
Independent validators (poppler's pdfsig with and without an NSS database holding the CA, openssl cms)
check the result besides the program's own verifier.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from injurydoc.cli import main
from injurydoc.domain.models import BodyMark, Consent
from injurydoc.domain.vocab import (
    BodyRegion,
    BodyView,
    ConsentDecision,
    ConsentScope,
    InjuryType,
    LegalBasis,
    Side,
)
from injurydoc.export.identity import Pkcs11Config, SignerError, pkcs11_identity
from injurydoc.export.verify import verify_package
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.export import ExportRequest, ExportService
from injurydoc.services.patients import PatientService
from injurydoc.services.photos import PhotoService
from injurydoc.services.signing import SigningService

from . import photo_samples as samples
from .conftest import PASSWORD, make_pnr

MODULE = "/usr/lib/softhsm/libsofthsm2.so"
TOKEN = "injurydoc-test"
KEY = "signer"
PIN = "123456"
SO_PIN = "12345678"
NOW = dt.datetime(2026, 11, 20, 14, 0, tzinfo=dt.UTC)

_missing = [
    what
    for what, ok in (
        ("softhsm2-util (package softhsm2)", shutil.which("softhsm2-util")),
        ("pkcs11-tool (package opensc)", shutil.which("pkcs11-tool")),
        (MODULE, Path(MODULE).exists()),
    )
    if not ok
]
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(bool(_missing), reason="SoftHSM2 token tests need: " + ", ".join(_missing)),
]


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(list(args), cwd=cwd, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, f"{args[0]} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    return proc


def _p11(*args: str) -> subprocess.CompletedProcess[str]:
    return _run("pkcs11-tool", "--module", MODULE, "--token-label", TOKEN, "--login", "--pin", PIN, *args)


@dataclass
class Token:
    ca_der: bytes
    ca_pem: Path
    leaf: x509.Certificate
    config: Pkcs11Config


def _make_ca() -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "Test Region HSA CA"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Testregionen"),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def _issue(
    ca_key: ec.EllipticCurvePrivateKey, ca_cert: x509.Certificate, public_key: ec.EllipticCurvePublicKey
) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(
            x509.Name(
                [
                    x509.NameAttribute(NameOID.COMMON_NAME, "Anna"),  # the clinician's display name
                    x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Testregionen"),
                    x509.NameAttribute(NameOID.SERIAL_NUMBER, "SE2321000016-TEST1"),
                ]
            )
        )
        .issuer_name(ca_cert.subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .sign(ca_key, hashes.SHA256())
    )


@pytest.fixture
def token(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Token]:
    """A private SoftHSM2 token holding an EC P-256 key made on the token and a CA-issued certificate."""
    import pkcs11

    hsm = tmp_path / "softhsm"
    (hsm / "tokens").mkdir(parents=True)
    conf = hsm / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {hsm / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n",
        encoding="ascii",
    )
    monkeypatch.setenv("SOFTHSM2_CONF", str(conf))
    # python-pkcs11 keeps the module loaded (and SoftHSM2 reads its config only when initialised):
    # unload it so that this test's token folder is the one the program sees.
    pkcs11.unload(MODULE)
    _run(
        "softhsm2-util",
        "--init-token",
        "--free",
        "--label",
        TOKEN,
        "--pin",
        PIN,
        "--so-pin",
        SO_PIN,
    )
    _p11("--keypairgen", "--key-type", "EC:prime256v1", "--label", KEY, "--id", "01")
    _p11("--read-object", "--type", "pubkey", "--id", "01", "-o", str(hsm / "pub.der"))
    public_key = serialization.load_der_public_key((hsm / "pub.der").read_bytes())
    assert isinstance(public_key, ec.EllipticCurvePublicKey)
    ca_key, ca_cert = _make_ca()
    leaf = _issue(ca_key, ca_cert, public_key)
    (hsm / "cert.der").write_bytes(leaf.public_bytes(serialization.Encoding.DER))
    _p11("--write-object", str(hsm / "cert.der"), "--type", "cert", "--label", KEY, "--id", "01")
    # The CA certificate goes on the token too, as on a real card; trust still comes only from anchors.
    ca_der = ca_cert.public_bytes(serialization.Encoding.DER)
    (hsm / "ca.der").write_bytes(ca_der)
    _p11("--write-object", str(hsm / "ca.der"), "--type", "cert", "--label", "ca", "--id", "02")
    ca_pem = tmp_path / "ca.pem"
    ca_pem.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    yield Token(
        ca_der=ca_der,
        ca_pem=ca_pem,
        leaf=leaf,
        config=Pkcs11Config(module=MODULE, token_label=TOKEN, key_label=KEY, cert_label=KEY),
    )
    pkcs11.unload(MODULE)


def _case(store, tmp_path: Path):
    """Anna's signed examination with the patient's consent to release to the police and two photos."""
    s = store.sign_in("anna")
    p = PatientService(s).create(personal_id=make_pnr(21), name="Kort Kortsson")
    ex = ExaminationService(s)
    e = ex.create(p.id)
    ex.update(
        e.id,
        consents=(
            Consent(ConsentScope.EXAMINATION, ConsentDecision.GIVEN, NOW),
            Consent(ConsentScope.RELEASE_TO_POLICE, ConsentDecision.GIVEN, NOW),
        ),
        patient_account="Han slog mig med en flaska.",
    )
    inj = ex.add_injury(
        e.id,
        type=InjuryType.BRUISE,
        region=BodyRegion.UPPER_ARM,
        side=Side.LEFT,
        marks=(BodyMark(BodyView.FRONT, 0.7, 0.3),),
        length_mm=40,
        width_mm=25,
    )
    card = tmp_path / "card"
    card.mkdir()
    (card / "IMG_0001.JPG").write_bytes(samples.jpeg(seed=1))
    (card / "IMG_0002.JPG").write_bytes(samples.jpeg(seed=2))
    report = PhotoService(s).import_files(e.id, [card])
    ids = [o.photo_id for o in report.imported]
    assert len(ids) == 2
    PhotoService(s).link_injuries(ids, [inj.id])
    ex.sign(e.id)
    return s, e


def _unzip(path: Path, into: Path) -> Path:
    with zipfile.ZipFile(path) as z:
        z.extractall(into)
    return into


def test_token_signed_package_verifies_and_independent_validators_agree(store, token, tmp_path):
    s, e = _case(store, tmp_path)
    try:
        signing = SigningService(s)
        status = signing.use_token(token.config)
        assert status.kind == "pkcs11" and status.location == "token" and status.pkcs11 == token.config
        identity = signing.identity(PIN)
        try:
            assert identity.kind == "pkcs11"
            assert identity.display_name == "Anna"
            assert identity.certificate.dump() == token.leaf.public_bytes(serialization.Encoding.DER)
            out = tmp_path / "out"
            out.mkdir()
            result = ExportService(s).export(
                ExportRequest(examination_id=e.id, basis=LegalBasis.CONSENT, out_dir=out), identity
            )
        finally:
            identity.close()
    finally:
        s.close()
    assert result.verdict.intact, result.verdict.verdict("en")

    report = verify_package(result.path, [token.ca_der])
    failed = [c for c in report.checks if not c.ok]
    assert report.intact and report.trusted and not failed, report.verdict("en")
    assert report.exit_code() == 0
    assert report.signer == "Anna"
    untrusted = verify_package(result.path)
    assert untrusted.intact and not untrusted.trusted
    assert untrusted.exit_code() == 1
    other = _make_ca()[1].public_bytes(serialization.Encoding.DER)
    assert not verify_package(result.path, [other]).trusted

    validators = [tool for tool in ("pdfsig", "certutil", "openssl") if not shutil.which(tool)]
    if validators:
        pytest.skip("independent validators missing: " + ", ".join(validators))
    d = _unzip(result.path, tmp_path / "x")
    # poppler: exits 0 even for a bad signature, so read what it says.
    sig = _run("pdfsig", "report.pdf", cwd=d)
    assert "Signature is Valid" in sig.stdout, sig.stdout
    nss = tmp_path / "nssdb"
    nss.mkdir()
    _run("certutil", "-N", "-d", f"sql:{nss}", "--empty-password")
    _run("certutil", "-A", "-d", f"sql:{nss}", "-n", "testca", "-t", "CT,C,C", "-i", str(token.ca_pem))
    sig = _run("pdfsig", "-nssdir", f"sql:{nss}", "report.pdf", cwd=d)
    assert "Signature is Valid" in sig.stdout and "Certificate is Trusted" in sig.stdout, sig.stdout
    assert "Total document signed" in sig.stdout, sig.stdout
    _run(
        "openssl",
        "cms",
        "-verify",
        "-binary",
        "-inform",
        "DER",
        "-in",
        "manifest.json.p7s",
        "-content",
        "manifest.json",
        "-CAfile",
        str(token.ca_pem),
        "-purpose",
        "any",
        "-out",
        "/dev/null",
        cwd=d,
    )


def test_wrong_pin_is_named_and_nothing_is_written(store, token, tmp_path):
    s, e = _case(store, tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    try:
        signing = SigningService(s)
        signing.use_token(token.config)
        with pytest.raises(SignerError) as err:
            identity = signing.identity("654321")
            ExportService(s).export(
                ExportRequest(examination_id=e.id, basis=LegalBasis.CONSENT, out_dir=out), identity
            )
        assert err.value.code == "signer.pin_wrong"
        assert list(out.iterdir()) == []
        # SoftHSM2 does not lock the token: the right PIN still opens it afterwards.
        signing.identity(PIN).close()
    finally:
        s.close()
    assert list(out.iterdir()) == []


@pytest.mark.parametrize(
    ("module", "token_label", "key_label"),
    [
        ("/nonexistent/libpkcs11.so", TOKEN, KEY),
        (MODULE, "no-such-token", KEY),
        (MODULE, TOKEN, "no-such-key"),
    ],
    ids=["module", "token", "key"],
)
def test_missing_module_token_or_key_is_named(token, module, token_label, key_label):
    with pytest.raises(SignerError) as err:
        pkcs11_identity(Pkcs11Config(module, token_label, key_label, key_label), PIN)
    assert err.value.code == "signer.token_missing"


def test_cli_export_with_token_and_verify(store, token, tmp_path):
    s, e = _case(store, tmp_path)
    s.close()
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out, err = io.StringIO(), io.StringIO()
    rc = main(
        [
            "export",
            "--store",
            str(store.folder),
            "--user",
            "anna",
            "--password-stdin",
            "--examination",
            e.id,
            "--legal-basis",
            "consent",
            "--pkcs11-module",
            MODULE,
            "--pkcs11-token",
            TOKEN,
            "--pkcs11-key",
            KEY,
            "--out",
            str(out_dir) + "/",
        ],
        stdin=io.StringIO(PASSWORD + "\n" + PIN + "\n"),
        stdout=out,
        stderr=err,
    )
    assert rc == 0, out.getvalue() + err.getvalue()
    assert "Traceback" not in out.getvalue() + err.getvalue()
    [pkg] = list(out_dir.glob("*.zip"))
    assert out.getvalue().splitlines()[0] == str(pkg.absolute())
    v = io.StringIO()
    assert main(["verify", str(pkg), "--trust", str(token.ca_pem)], stdout=v, stderr=v) == 0, v.getvalue()
    assert main(["verify", str(pkg)], stdout=io.StringIO(), stderr=io.StringIO()) == 1


def test_untrusted_token_certificate_is_not_called_self_signed(store, token, tmp_path):
    s, e = _case(store, tmp_path)
    try:
        signing = SigningService(s)
        signing.use_token(token.config)
        identity = signing.identity(PIN)
        try:
            out = tmp_path / "out"
            out.mkdir()
            result = ExportService(s).export(
                ExportRequest(examination_id=e.id, basis=LegalBasis.CONSENT, out_dir=out, lang="en"), identity
            )
        finally:
            identity.close()
    finally:
        s.close()
    [trust] = [c for c in verify_package(result.path).checks if c.code == "trust"]
    assert not trust.ok and "self-signed" not in trust.detail and "--trust" in trust.detail, trust.detail
