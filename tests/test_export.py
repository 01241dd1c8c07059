"""Evidence export: refusals, the package, independent validators, GPS removal, tampering, signers."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import NameOID

from injurydoc.cli import main
from injurydoc.domain.errors import KnownError, ValidationError
from injurydoc.domain.vocab import (
    LegalBasis,
    Protection,
)
from injurydoc.export.verify import verify_package
from injurydoc.media import gps
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.export import ExportRequest, ExportService
from injurydoc.services.patients import PatientService
from injurydoc.services.photos import PhotoService
from injurydoc.services.signing import SigningService

from . import photo_samples as samples
from .conftest import PASSWORD, make_pnr
from .helpers.certs import issue_certificate, make_ca
from .helpers.export_cases import documented_case, export_case

NOW = dt.datetime(2026, 11, 20, 14, 0, tzinfo=dt.UTC)


@pytest.fixture
def case(store, tmp_path):
    s, e = documented_case(store, tmp_path)
    signer = SigningService(s)
    signer.create_self_signed(PASSWORD)
    ident = signer.identity(PASSWORD)
    yield s, e, ident
    s.close()


def _unzip(path: Path, into: Path) -> Path:
    into.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path) as z:
        z.extractall(into)
    return into


# ----- refusals --------------------------------------------------------------------------------------
def test_unsigned_examination_is_refused(store, tmp_path):
    s, e = documented_case(store, tmp_path, sign=False)
    SigningService(s).create_self_signed(PASSWORD)
    with pytest.raises(ValidationError) as err:
        export_case(s, e, SigningService(s).identity(PASSWORD), tmp_path / "out")
    assert err.value.code == "export.not_signed"
    assert list((tmp_path / "out").iterdir()) == []
    s.close()


@pytest.mark.parametrize(
    ("basis", "kw", "needle"),
    [
        (LegalBasis.CONSENT, {}, "consent"),
        (LegalBasis.RATTSINTYG_REQUEST, {}, "police case number"),
        (LegalBasis.OSL_10_23, {}, "police case number"),
        (LegalBasis.OSL_10_21, {"recipient": "5000-K1-26"}, "under 18"),
        (LegalBasis.OSL_10_18C, {}, "reason"),
    ],
)
def test_legal_basis_requirements(store, tmp_path, basis, kw, needle):
    s, e = documented_case(store, tmp_path, consent=False)
    SigningService(s).create_self_signed(PASSWORD)
    with pytest.raises(ValidationError) as err:
        export_case(
            s, e, SigningService(s).identity(PASSWORD), tmp_path / "out", basis=basis, lang="en", **kw
        )
    assert err.value.code == "export.basis_requirements"
    assert needle in err.value.message("en")
    assert list((tmp_path / "out").iterdir()) == []
    s.close()


def test_child_basis_accepted_for_a_child(store, tmp_path):
    s, e = documented_case(store, tmp_path, birth_year=2015, consent=False)
    SigningService(s).create_self_signed(PASSWORD)
    result = export_case(
        s,
        e,
        SigningService(s).identity(PASSWORD),
        tmp_path / "out",
        basis=LegalBasis.OSL_10_21,
        recipient="X",
    )
    assert result.verdict.intact
    s.close()


# ----- the package -----------------------------------------------------------------------------------
def test_package_contents_and_records(case, tmp_path):
    s, e, ident = case
    result = export_case(s, e, ident, tmp_path / "out", recipient="5000-K123-26")
    assert result.path.name.startswith(e.case_ref) and result.path.suffix == ".zip"
    with zipfile.ZipFile(result.path) as z:
        names = sorted(z.namelist())
        manifest = json.loads(z.read("manifest.json"))
        readme = z.read("README.txt").decode()
        originals = {n: z.read(n) for n in names if n.startswith("photos/")}
    assert names == [
        "README.txt",
        "SHA256SUMS",
        "manifest.json",
        "manifest.json.p7s",
        "photos/foto-01.jpg",
        "photos/foto-02.jpg",
        "photos/foto-03.png",
        "report.pdf",
        "signed/examination.json",
        "signed/signatures.json",
    ]
    assert "sha256sum -c SHA256SUMS" in readme and "injurydoc verify" in readme and "SVENSKA" in readme
    assert manifest["case"] == e.case_ref and manifest["legal_basis"]["code"] == "consent"
    assert manifest["recipient"] == "5000-K123-26" and manifest["exercise"] is False
    assert manifest["exporter"]["name"] == "Anna" and manifest["program_version"]
    # photos are the originals, byte for byte (no protection, no stripping asked)
    stored = {r.number: PhotoService(s).original(r.id) for r in PhotoService(s).records(e.id)}
    assert originals["photos/foto-01.jpg"] == stored[1]
    assert originals["photos/foto-03.png"] == stored[3]
    photo_entries = [f for f in manifest["files"] if f["kind"] == "photo"]
    assert all(f["sha256"] == f["original_sha256"] and not f["gps_removed"] for f in photo_entries)
    # the exports table and the access log
    row = s.db.one(
        "SELECT package_sha256, recipient, package_name FROM exports WHERE examination_id = ?", (e.id,)
    )
    assert row == (result.sha256, "5000-K123-26", result.path.name)
    assert hashlib.sha256(result.path.read_bytes()).hexdigest() == result.sha256
    ev = s.db.one(
        "SELECT details FROM audit_log WHERE action = 'exported' AND patient_id = ? ORDER BY seq DESC",
        (ExaminationService(s).get(e.id).patient_id,),
    )
    assert json.loads(ev[0])["package_sha256"] == result.sha256
    # self-signed: intact, but who signed cannot be confirmed
    assert result.verdict.intact and not result.verdict.trusted
    assert result.verdict.exit_code() == 1
    assert "self-signed" in next(c.detail for c in result.verdict.checks if c.code == "trust")


def test_report_embeds_previews_without_reencoding(case, tmp_path):
    s, e, ident = case
    result = export_case(s, e, ident, tmp_path / "out")
    with zipfile.ZipFile(result.path) as z:
        pdf = z.read("report.pdf")
    for rec in PhotoService(s).records(e.id):
        assert PhotoService(s).preview(rec.id) in pdf  # the JPEG stream as stored, not re-encoded
        assert rec.sha256 not in pdf.decode("latin-1")  # text is in the embedded font's encoding
    assert b"/Helvetica" not in pdf


@pytest.mark.skipif(
    not shutil.which("pdfsig") or not shutil.which("openssl"), reason="poppler/openssl missing"
)
def test_independent_validators_agree(case, tmp_path):
    s, e, ident = case
    result = export_case(s, e, ident, tmp_path / "out", lang="en")
    d = _unzip(result.path, tmp_path / "x")
    assert subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=d, capture_output=True).returncode == 0
    cms = subprocess.run(
        [
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
            "-noverify",
            "-out",
            "/dev/null",
        ],
        cwd=d,
        capture_output=True,
        text=True,
    )
    assert cms.returncode == 0, cms.stderr
    sig = subprocess.run(["pdfsig", "report.pdf"], cwd=d, capture_output=True, text=True)
    assert "Signature is Valid" in sig.stdout and "Total document signed" in sig.stdout
    if shutil.which("qpdf"):
        assert subprocess.run(["qpdf", "--check", "report.pdf"], cwd=d, capture_output=True).returncode == 0
    if shutil.which("pdftoppm"):
        assert subprocess.run(["pdftoppm", "-png", "-r", "30", "report.pdf", "pg"], cwd=d).returncode == 0
        assert len(list(d.glob("pg-*.png"))) >= 3
    if shutil.which("pdffonts"):
        fonts = subprocess.run(["pdffonts", "report.pdf"], cwd=d, capture_output=True, text=True).stdout
        rows = fonts.splitlines()[2:]
        assert rows and all(" yes " in r for r in rows), fonts


def test_protected_person_gps_is_removed_image_unchanged(store, tmp_path):
    s, e = documented_case(store, tmp_path, protection=Protection.SKYDDAD_FOLKBOKFORING)
    SigningService(s).create_self_signed(PASSWORD)
    result = export_case(
        s, e, SigningService(s).identity(PASSWORD), tmp_path / "out", secrecy_review="Anna: prövad"
    )
    assert result.verdict.intact
    d = _unzip(result.path, tmp_path / "x")
    manifest = json.loads((d / "manifest.json").read_text())
    entry = next(f for f in manifest["files"] if f["path"] == "photos/foto-01.jpg")
    original = PhotoService(s).original(PhotoService(s).records(e.id)[0].id)
    exported = (d / "photos" / "foto-01.jpg").read_bytes()
    assert entry["gps_removed"] and entry["original_sha256"] == hashlib.sha256(original).hexdigest()
    assert entry["sha256"] == hashlib.sha256(exported).hexdigest() != entry["original_sha256"]
    assert (
        entry["image_data_sha256"]
        == entry["original_image_data_sha256"]
        == gps.image_data_hash(original, "image/jpeg")
    )
    assert gps.has_gps(original) and not gps.has_gps(exported)
    if shutil.which("exiftool"):
        out = subprocess.run(
            ["exiftool", "-gps:all", "-s", str(d / "photos")], capture_output=True, text=True
        )
        assert "GPSLatitude" not in out.stdout and "GPSLongitude" not in out.stdout
        dto = subprocess.run(
            ["exiftool", "-DateTimeOriginal", "-s3", str(d / "photos" / "foto-01.jpg")],
            capture_output=True,
            text=True,
        )
        assert dto.stdout.strip() == "2026:11:20 14:03:12"
    # no address or contact details in the report of a protected person
    assert b"070-" not in (d / "report.pdf").read_bytes()
    s.close()


# ----- tampering ---------------------------------------------------------------------------------------
def _rezip(src: Path, dst: Path, change) -> Path:
    with zipfile.ZipFile(src) as z:
        entries = {n: z.read(n) for n in z.namelist()}
    change(entries)
    with zipfile.ZipFile(dst, "w") as z:
        for n, b in entries.items():
            z.writestr(n, b)
    return dst


def _flip(data: bytes, at: int) -> bytes:
    b = bytearray(data)
    b[at] ^= 0x01
    return bytes(b)


def _resign_manifest_with_other_key(entries):
    from injurydoc.export.identity import make_self_signed, software_identity
    from injurydoc.export.signatures import sign_detached

    key, cert = make_self_signed("Mallory", "Elsewhere", "")
    entries["manifest.json.p7s"] = sign_detached(
        entries["manifest.json"], software_identity(key, [cert], "x")
    )


def _incremental_update(entries):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    w = IncrementalPdfFileWriter(io.BytesIO(entries["report.pdf"]))
    info = w.add_object(
        generic.DictionaryObject({generic.NameObject("/Title"): generic.TextStringObject("x")})
    )
    w.trailer["/Info"] = info
    out = io.BytesIO()
    w.write(out)
    entries["report.pdf"] = out.getvalue()


def _edit_manifest(entries):
    m = json.loads(entries["manifest.json"])
    m["recipient"] = "someone else"
    entries["manifest.json"] = json.dumps(m).encode()


def _swap_photo_and_rewrite_lists(entries):
    """Another picture in place of photo 2, with manifest and SHA256SUMS made to fit it (the signature
    over the manifest then fails too; the manifest's own claim no longer holds either)."""
    data = samples.jpeg(seed=997)
    entries["photos/foto-02.jpg"] = data
    digest = hashlib.sha256(data).hexdigest()
    m = json.loads(entries["manifest.json"])
    for f in m["files"]:
        if f["path"] == "photos/foto-02.jpg":
            f["sha256"], f["size"] = digest, len(data)
    entries["manifest.json"] = json.dumps(m).encode()
    entries["SHA256SUMS"] = "".join(
        f"{hashlib.sha256(v).hexdigest()}  {k}\n" for k, v in entries.items() if k != "SHA256SUMS"
    ).encode()


TAMPERING = {
    "photo swapped, lists rewritten": (_swap_photo_and_rewrite_lists, "originals"),
    "photo byte changed": (
        lambda e: e.__setitem__("photos/foto-02.jpg", _flip(e["photos/foto-02.jpg"], 5000)),
        "hashes",
    ),
    "photo replaced": (lambda e: e.__setitem__("photos/foto-02.jpg", samples.jpeg(seed=999)), "hashes"),
    "file added": (lambda e: e.__setitem__("photos/extra.jpg", samples.jpeg(seed=998)), "files"),
    "file removed": (lambda e: e.pop("photos/foto-03.png"), "files"),
    "manifest edited": (_edit_manifest, "manifest_signature"),
    "pdf byte changed": (
        lambda e: e.__setitem__("report.pdf", _flip(e["report.pdf"], 2000)),
        "pdf_signature",
    ),
    "pdf incremental update": (_incremental_update, "pdf_coverage"),
    "manifest signed by another key": (_resign_manifest_with_other_key, "same_signer"),
}


@pytest.fixture
def package(case, tmp_path):
    s, e, ident = case
    return export_case(s, e, ident, tmp_path / "out").path


@pytest.mark.parametrize("what", list(TAMPERING))
def test_tampering_is_detected_and_named(package, tmp_path, what):
    change, check = TAMPERING[what]
    bad = _rezip(package, tmp_path / "bad.zip", change)
    report = verify_package(bad)
    failed = {c.code for c in report.checks if not c.ok}
    assert check in failed, (what, report.checks)
    assert report.exit_code() == 1
    assert "KAN INTE LITAS PÅ" in report.verdict("sv")
    # Each failure's detail is given in Swedish too (file names as they are), and in English.
    named = next(c for c in report.checks if c.code == check)
    assert named.detail_sv and named.detail_sv != named.detail
    assert named.detail_sv in report.verdict("sv") and named.detail in report.verdict("en")


def test_every_detail_the_verifier_can_give_has_swedish():
    """The templates used in verify.py are exactly the keys of DETAILS_SV, with the same placeholders."""
    import re
    import string

    from injurydoc.domain.texts import VERIFY_DETAILS_SV as DETAILS_SV
    from injurydoc.export import package_entries, untrusted_zip
    from injurydoc.export import verify as verify_mod

    source = "".join(Path(m.__file__).read_text(encoding="utf-8") for m in (verify_mod, package_entries))
    used = set(re.findall(r'detail\(\s*"([^"]+)"', source))
    used |= set(re.findall(r'(?:return|problem =) "(\{name\}: [^"]+)"', source))
    # the entry checks shared with the exercise reader give the reason; verify.py puts "{name}: " before it
    zip_source = Path(untrusted_zip.__file__).read_text(encoding="utf-8")
    used |= {"{name}: " + r for r in re.findall(r'return "([^"]+)"', zip_source)}
    used |= {"not an injurydoc manifest", "{name}: absolute or drive path"}
    assert used <= set(DETAILS_SV), used - set(DETAILS_SV)
    assert set(DETAILS_SV) <= used, set(DETAILS_SV) - used

    def fields(t):
        return sorted(f for _, f, _, _ in string.Formatter().parse(t) if f)

    for en, sv in DETAILS_SV.items():
        assert fields(en) == fields(sv), en


def test_zip_entry_with_dotdot_is_refused(package, tmp_path):
    bad = shutil.copy(package, tmp_path / "evil.zip")
    with zipfile.ZipFile(bad, "a") as z:
        z.writestr("../../etc/evil", b"x")
    report = verify_package(Path(bad))
    assert [c.code for c in report.checks if not c.ok] == ["zip"]
    assert "'..'" in report.checks[0].detail
    assert report.exit_code() == 1


def test_verify_cli_exit_codes_and_json(package, tmp_path):
    out = io.StringIO()
    rc = main(["verify", str(package), "--json"], stdout=out, stderr=io.StringIO())
    doc = json.loads(out.getvalue())
    assert rc == 1 and doc["intact"] is True and doc["trusted"] is False
    (tmp_path / "junk.zip").write_bytes(b"not a zip")
    assert main(["verify", str(tmp_path / "junk.zip")], stdout=io.StringIO(), stderr=io.StringIO()) == 2


# ----- signers ---------------------------------------------------------------------------------------
def test_software_key_with_ca_issued_certificate_is_trusted(store, tmp_path):
    s, e = documented_case(store, tmp_path)
    signing = SigningService(s)
    csr = signing.create_request(PASSWORD)
    assert "BEGIN CERTIFICATE REQUEST" in csr
    assert signing.status().waiting_for_certificate
    with pytest.raises(KnownError) as err:
        signing.identity(PASSWORD)
    assert err.value.code == "signer.no_certificate"
    ca_key, ca_cert = make_ca()
    # a certificate for another key is refused
    other_key, other_cert = make_ca()
    with pytest.raises(KnownError) as err:
        signing.import_certificate(other_cert.public_bytes(serialization.Encoding.PEM))
    assert err.value.code == "signer.cert_mismatch"
    status = signing.import_certificate(issue_certificate(ca_key, ca_cert, csr))
    assert "Test Region CA" in status.issuer and not status.waiting_for_certificate
    result = export_case(s, e, signing.identity(PASSWORD), tmp_path / "out")
    ca_pem = tmp_path / "ca.pem"
    ca_pem.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    assert main(["verify", str(result.path), "--trust", str(ca_pem)], stdout=io.StringIO()) == 0
    assert main(["verify", str(result.path)], stdout=io.StringIO()) == 1
    other_pem = tmp_path / "other.pem"
    other_pem.write_bytes(other_cert.public_bytes(serialization.Encoding.PEM))
    assert main(["verify", str(result.path), "--trust", str(other_pem)], stdout=io.StringIO()) == 1
    if shutil.which("openssl"):
        d = _unzip(result.path, tmp_path / "x")
        cms = subprocess.run(
            [
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
                str(ca_pem),
                "-purpose",
                "any",
                "-out",
                "/dev/null",
            ],
            cwd=d,
            capture_output=True,
            text=True,
        )
        assert cms.returncode == 0, cms.stderr
    s.close()


def test_key_in_store_needs_the_accounts_own_password(store, tmp_path):
    s, e = documented_case(store, tmp_path)
    signing = SigningService(s)
    with pytest.raises(KnownError):
        signing.create_self_signed("not my password")
    signing.create_self_signed(PASSWORD)
    assert signing.status().location == "store"  # the test environment has no OS keyring
    with pytest.raises(KnownError):
        signing.identity("wrong wrong wrong")
    s.close()
    # another account, who can open the same database, cannot use anna's key
    other = store.sign_in("erik")
    with pytest.raises(KnownError) as err:
        SigningService(other).identity(PASSWORD)
    assert err.value.code == "signer.none"
    other.close()


class _MemoryKeyring:
    """An in-memory OS credential store for tests (never the real one)."""

    priority = 5

    def __init__(self):
        self.data = {}

    def set_password(self, service, user, pw):
        self.data[(service, user)] = pw

    def get_password(self, service, user):
        return self.data.get((service, user))

    def delete_password(self, service, user):
        self.data.pop((service, user), None)


def test_key_goes_to_a_safe_os_keyring_and_never_a_plaintext_one(store, tmp_path, monkeypatch):
    import keyring

    s, e = documented_case(store, tmp_path)
    mem = _MemoryKeyring()
    monkeypatch.setattr(keyring, "get_keyring", lambda: mem)
    monkeypatch.setattr(keyring, "set_password", mem.set_password)
    monkeypatch.setattr(keyring, "get_password", mem.get_password)
    monkeypatch.setattr(keyring, "delete_password", mem.delete_password)
    SigningService(s).create_self_signed(PASSWORD)
    assert SigningService(s).status().location == "keyring" and len(mem.data) == 1
    assert s.db.scalar("SELECT wrapped_key FROM signing_keys") is None
    assert export_case(s, e, SigningService(s).identity(PASSWORD), tmp_path / "out").verdict.intact

    plain = type("PlaintextKeyring", (_MemoryKeyring,), {"__module__": "keyrings.alt.file"})()
    monkeypatch.setattr(keyring, "get_keyring", lambda: plain)
    monkeypatch.setattr(keyring, "set_password", plain.set_password)
    SigningService(s).create_self_signed(PASSWORD)
    assert SigningService(s).status().location == "store" and plain.data == {}
    s.close()


# ----- timestamps, cancel ----------------------------------------------------------------------------
def test_unreachable_timestamp_service_signs_without_and_says_so(case, tmp_path):
    s, e, ident = case
    req = ExportRequest(examination_id=e.id, basis=LegalBasis.CONSENT, out_dir=tmp_path, lang="en")
    result = ExportService(s).export(req, ident, timestamp_url="http://127.0.0.1:9/tsa")
    assert not result.timestamped and result.verdict.timestamped is False
    assert result.verdict.intact
    assert "no trusted timestamp" in result.verdict.verdict("en")


def test_timestamp_when_the_service_answers(case, tmp_path, monkeypatch):
    from pyhanko.sign.timestamps import DummyTimeStamper

    s, e, ident = case
    from cryptography.hazmat.primitives.asymmetric import rsa

    tsa_key = rsa.generate_private_key(
        public_exponent=65537, key_size=2048
    )  # pyHanko's dummy TSA is RSA-only
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test TSA")])
    now = dt.datetime.now(dt.UTC)
    tsa_cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(tsa_key.public_key())
        .serial_number(1)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(tsa_key, hashes.SHA256())
    )
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509

    dummy = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(tsa_cert.public_bytes(serialization.Encoding.DER)),
        tsa_key=asn1_keys.PrivateKeyInfo.load(
            tsa_key.private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        ),
    )
    monkeypatch.setattr("injurydoc.services.export.timestamper_for", lambda url: dummy if url else None)
    req = ExportRequest(examination_id=e.id, basis=LegalBasis.CONSENT, out_dir=tmp_path)
    result = ExportService(s).export(req, ident, timestamp_url="http://tsa.invalid/")
    assert result.timestamped and result.verdict.timestamped is True
    assert json.loads(zipfile.ZipFile(result.path).read("manifest.json"))["timestamped"] is True


def test_cancelled_export_leaves_nothing(case, tmp_path):
    s, e, ident = case
    out = tmp_path / "out"
    out.mkdir()
    req = ExportRequest(examination_id=e.id, basis=LegalBasis.CONSENT, out_dir=out)
    calls = []
    with pytest.raises(KnownError) as err:
        ExportService(s).export(req, ident, cancelled=lambda: calls.append(1) or len(calls) > 2)
    assert err.value.code == "export.cancelled"
    assert list(out.iterdir()) == []
    assert s.db.scalar("SELECT count(*) FROM exports") == 0


def test_original_that_no_longer_matches_its_import_hash_is_not_released(case, tmp_path, monkeypatch):
    """The package says its photos are the camera's files bit for bit: the export checks it, and refuses
    (nothing written, nothing recorded) if a stored original no longer has its import SHA-256."""
    import injurydoc.services.export as export_mod

    s, e, ident = case
    real_blob = export_mod.photos_repo.blob

    def altered(db, photo_id, kind):
        data = real_blob(db, photo_id, kind)
        return data[:-1] + bytes([data[-1] ^ 1]) if kind == "original" and data else data

    monkeypatch.setattr(export_mod.photos_repo, "blob", altered)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(KnownError) as err:
        export_case(s, e, ident, out)
    assert err.value.code == "export.photo_changed"
    assert "Photo 1" in err.value.message("en") and "Foto 1" in err.value.message("sv")
    assert list(out.iterdir()) == []
    assert s.db.scalar("SELECT count(*) FROM exports") == 0
    monkeypatch.setattr(export_mod.photos_repo, "blob", real_blob)  # not undo(): that drops the test's HOME
    assert export_case(s, e, ident, out).verdict.intact


def test_existing_file_is_never_overwritten(case, tmp_path):
    s, e, ident = case
    first = export_case(s, e, ident, tmp_path / "out")
    before = first.path.read_bytes()
    with pytest.raises(KnownError) as err:
        export_case(s, e, ident, tmp_path / "out")
    assert err.value.code == "export.out_exists"
    assert first.path.read_bytes() == before


def test_export_cli_end_to_end(store, tmp_path):
    s, e = documented_case(store, tmp_path)
    s.close()
    out = io.StringIO()
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
            "rattsintyg_request",
            "--recipient",
            "5000-K999-26",
            "--self-signed",
            "--report-lang",
            "en",
            "--out",
            str(tmp_path / "p.zip"),
        ],
        stdin=io.StringIO(PASSWORD + "\n"),
        stdout=out,
        stderr=out,
    )
    assert rc == 0, out.getvalue()
    assert (tmp_path / "p.zip").exists()
    assert "Traceback" not in out.getvalue()


def test_protected_person_needs_a_secrecy_review_before_release(store, tmp_path):
    """A hostile or hurried caller of the service cannot skip the secrecy review (issue 18 item 9)."""

    s = store.sign_in("anna")
    p = PatientService(s).create(
        personal_id=make_pnr(61), name="Sekret Sekretsson", protection=Protection.SEKRETESSMARKERING
    )
    svc = ExaminationService(s)
    e = svc.create(p.id)
    svc.sign(e.id)
    signing = SigningService(s)
    signing.create_self_signed(PASSWORD)
    out = tmp_path / "out"
    out.mkdir()
    req = ExportRequest(e.id, LegalBasis.OSL_10_23, out, recipient="5000-K1-26")
    with pytest.raises(ValidationError) as err:
        ExportService(s).export(req, signing.identity(PASSWORD), verify=False)
    assert "sekretessprövning" in err.value.message("sv")
    assert list(out.iterdir()) == []
    ok = dataclasses.replace(req, secrecy_review="Anna: inga adressuppgifter")
    ExportService(s).export(ok, signing.identity(PASSWORD), verify=False)
    row = s.db.one("SELECT details FROM audit_log WHERE action = 'exported' AND patient_id = ?", (p.id,))
    assert json.loads(row[0])["secrecy_review"] == "Anna: inga adressuppgifter"
    s.close()
