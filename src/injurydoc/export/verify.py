"""``injurydoc verify``: check an evidence package with no store, no account and no network.

Every check is named; the verdict lists each failure.  Exit status: 0 when everything passes on real
evidence, 3 when an intact package is an exercise (0 with ``--exercise``), 1 when anything fails,
2 when the file cannot be read as a package at all.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import zlib
from pathlib import Path
from typing import Any

from injurydoc.domain.errors import Both, KnownError

from .package import FORMAT, MANIFEST, PHOTO_LOG, README, REPORT, SIGNATURE, SIGNATURES, SUMS, VERSION
from .package_entries import PackageEntries, read_entries
from .untrusted_zip import shown
from .verdict import (  # re-exported: callers import them from here
    CHECKS,
    EXIT_EXERCISE,
    EXIT_FAIL,
    EXIT_OK,
    EXIT_UNREADABLE,
    Check,
    Detail,
    VerifyReport,
    detail,
    joined,
)

MAX_PHOTO_LOG_BYTES = 16 * 1024 * 1024
#: The entries a package always has besides the ones its manifest lists (README.txt is listed from
#: manifest version 2 on; in version 1 it is outside the signature).
UNLISTED = frozenset({MANIFEST, SIGNATURE, SUMS})

__all__ = [
    "CHECKS",
    "EXIT_EXERCISE",
    "EXIT_FAIL",
    "EXIT_OK",
    "EXIT_UNREADABLE",
    "AnchorError",
    "Check",
    "VerifyReport",
    "load_anchor_files",
    "verify_package",
]


class AnchorError(KnownError, ValueError):
    """A ``--trust`` file that holds no certificate (also a ValueError for older callers)."""


def _validation_context(anchors: list[bytes]) -> Any:
    from asn1crypto import x509 as asn1_x509
    from pyhanko_certvalidator import ValidationContext

    roots = [asn1_x509.Certificate.load(a) for a in anchors]
    return ValidationContext(trust_roots=roots, allow_fetching=False)


def load_anchor_files(paths: list[Path]) -> list[bytes]:
    """The DER certificates in the ``--trust`` files; :class:`AnchorError` names a file that holds none."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    out: list[bytes] = []
    for p in paths:
        try:
            if p.stat().st_size > 4 * 1024 * 1024:
                raise ValueError("too large")
            raw = p.read_bytes()
            certs = (
                x509.load_pem_x509_certificates(raw)
                if b"-----BEGIN" in raw
                else [x509.load_der_x509_certificate(raw)]
            )
            out += [c.public_bytes(serialization.Encoding.DER) for c in certs]
        except OSError as exc:
            reason = Both(
                f"filen kunde inte läsas ({exc.strerror})", f"the file could not be read ({exc.strerror})"
            )
            raise AnchorError("verify.anchor", file=p.name, reason=reason) from None
        except (ValueError, TypeError):
            reason = Both("den innehåller inget läsbart certifikat", "it holds no readable certificate")
            raise AnchorError("verify.anchor", file=p.name, reason=reason) from None
    return out


def verify_package(path: Path, anchors: list[bytes] | None = None) -> VerifyReport:
    """Check the package at ``path``.  Whatever the file holds, the answer is a report (never another
    exception): unreadable, a failed check named, or every check passed."""
    anchors = anchors or []
    report = VerifyReport(package=path.name)
    try:
        _verify(report, path, anchors)
    except (RecursionError, MemoryError) as exc:  # a structure nested or sized to exhaust the reader
        report.add(
            "zip",
            False,
            detail("the package is built to exhaust the verifier ({error})", error=type(exc).__name__),
        )
    return report


def _manifest(raw: bytes) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The manifest and its file list by path; ValueError("not an injurydoc manifest") when it is not one."""
    doc = json.loads(raw.decode("utf-8"))
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ValueError("not an injurydoc manifest")
    version, files = doc.get("version"), doc.get("files")
    if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= VERSION:
        raise ValueError("not an injurydoc manifest")
    if not isinstance(files, list):
        raise ValueError("not an injurydoc manifest")
    listed: dict[str, dict[str, Any]] = {}
    for f in files:
        if not isinstance(f, dict) or not isinstance(f.get("path"), str) or f["path"] in listed:
            raise ValueError("not an injurydoc manifest")
        listed[f["path"]] = f
    return doc, listed


def _verify(report: VerifyReport, path: Path, anchors: list[bytes]) -> None:
    entries = read_entries(report, path)
    if entries is None:
        return
    kept, digests = entries.kept, entries.digests
    read = _read_manifest(report, kept)
    if read is None:
        return
    manifest, listed = read
    _add_file_checks(report, entries, listed)
    _add_signature_checks(report, kept, anchors)
    # ---- photo log ---------------------------------------------------------------------------
    report.add("photo_log", *_check_photo_log(kept, listed, digests))
    # ---- the content as signed at signing time (manifest version 3 on) --------------------------
    if manifest["version"] >= 3:
        report.add("signed_content", *_check_signed_content(kept, listed, manifest))


def _read_manifest(
    report: VerifyReport, kept: dict[str, bytes]
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]] | None:
    """The manifest and its file list (the check ``manifest`` added), or None when there is none to read."""
    if MANIFEST not in kept:
        report.add("manifest", False, detail("manifest.json missing"))
        return None
    try:
        manifest, listed = _manifest(kept[MANIFEST])
    except (ValueError, TypeError, RecursionError) as exc:
        if str(exc) == "not an injurydoc manifest":
            text = detail("not an injurydoc manifest")
        else:
            text = detail("not readable ({error})", error=type(exc).__name__)
        report.add("manifest", False, text)
        return None
    report.case = str(manifest.get("case", ""))[:200]
    report.exercise = manifest.get("exercise", False) is True
    report.readme_signed = manifest["version"] >= 2
    report.add("manifest", True)
    return manifest, listed


def _add_file_checks(
    report: VerifyReport, entries: PackageEntries, listed: dict[str, dict[str, Any]]
) -> None:
    """The checks of the files against the manifest: present and listed, hashes, SHA256SUMS, originals."""
    kept, digests = entries.kept, entries.digests
    unlisted = UNLISTED if report.readme_signed else UNLISTED | {README}
    present = set(entries.order) - unlisted
    missing = sorted(set(listed) - present)
    extra = sorted(present - set(listed)) + sorted(n for n in unlisted if n not in digests and n != MANIFEST)
    found = ([detail("missing: {names}", names=_names(missing))] if missing else []) + (
        [detail("not listed: {names}", names=_names(extra))] if extra else []
    )
    report.add("files", not missing and not extra, joined(found))
    bad = [
        name
        for name, f in listed.items()
        if name in digests and (digests[name] != f.get("sha256") or entries.sizes[name] != f.get("size"))
    ]
    report.add("hashes", not bad, detail("changed: {names}", names=_names(bad)) if bad else ("", ""))
    report.add("sums", *_check_sums(kept.get(SUMS), entries.order, digests))
    report.add("originals", *_check_originals(listed))


def _add_signature_checks(report: VerifyReport, kept: dict[str, bytes], anchors: list[bytes]) -> None:
    """The manifest's and the report's signatures, made by the same signer, and whether it is trusted."""
    vc_factory = lambda: _validation_context(anchors)  # noqa: E731 - one fresh context per check
    cms_cert = _check_manifest_signature(report, kept, vc_factory)
    pdf_cert, pdf_trusted = _check_pdf_signature(report, kept, vc_factory)
    same = cms_cert is not None and pdf_cert is not None and cms_cert.sha256 == pdf_cert.sha256
    report.add("same_signer", same, ("", "") if same else detail("different certificates"))
    if pdf_cert is None:
        report.add("trust", False, detail("no readable signer certificate"))
        return
    _add_trust(report, pdf_cert, pdf_trusted, anchors)


def _add_trust(report: VerifyReport, pdf_cert: Any, pdf_trusted: bool, anchors: list[bytes]) -> None:
    """Who signed, and whether their certificate leads to a trust anchor given with ``--trust``."""
    from .identity import SELF_SIGNED_MARK, common_name

    report.signer = common_name(pdf_cert)
    if pdf_trusted:
        report.add("trust", True)
    elif (
        SELF_SIGNED_MARK in str(pdf_cert.subject.native.get("organizational_unit_name", ""))
        or pdf_cert.self_signed != "no"
    ):
        report.add("trust", False, detail("self-signed: not issued by a trusted organisation"))
    else:
        report.add(
            "trust",
            False,
            detail("the issuer is not among the trust anchors given with --trust")
            if anchors
            else detail("no --trust anchor given"),
        )


def _names(names: list[str]) -> str:
    """File names for a detail: each shown safely, at most ten."""
    text = ", ".join(shown(n, 80) for n in names[:10])
    return text + (f" (+{len(names) - 10})" if len(names) > 10 else "")


def _check_originals(listed: dict[str, Any]) -> tuple[bool, Detail]:
    """The manifest's claim for each photo: released unchanged, its SHA-256 is the one recorded at import;
    with the GPS position removed, the image data's SHA-256 is unchanged; withheld, a preview is given."""
    problems = []
    for name, f in sorted(listed.items()):
        if not name.startswith("photos/"):
            continue
        if f.get("original_withheld"):
            continue
        if f.get("gps_removed"):
            if not f.get("image_data_sha256") or f.get("image_data_sha256") != f.get(
                "original_image_data_sha256"
            ):
                problems.append(detail("{name}: image data differs from the original", name=name))
        elif f.get("sha256") != f.get("original_sha256"):
            problems.append(detail("{name}: not the original file", name=name))
    return not problems, joined(problems)


def _check_sums(raw: bytes | None, order: list[str], digests: dict[str, str]) -> tuple[bool, Detail]:
    """SHA256SUMS must be byte for byte the list the writer makes: one line per entry in zip order."""
    if raw is None:
        return False, detail("SHA256SUMS missing")
    expected = "".join(f"{digests[n]}  {n}\n" for n in order if n != SUMS).encode("utf-8")
    if raw == expected:
        return True, ("", "")
    seen: set[str] = set()
    problems = []
    for line in raw.decode("utf-8", "replace").splitlines():
        if not line.strip():
            continue
        digest, _, name = line.partition("  ")
        name = name.lstrip("*")
        seen.add(name)
        if name not in digests:
            problems.append(detail("{name} missing", name=shown(name, 80)))
        elif digests[name] != digest.strip():
            problems.append(detail("{name} differs", name=shown(name, 80)))
    unlisted = sorted(set(digests) - seen - {SUMS})
    if unlisted:
        problems.append(detail("not in SHA256SUMS: {names}", names=_names(unlisted)))
    if not problems:  # every hash right, yet not the bytes written: name where they part
        got, want = raw.split(b"\n"), expected.split(b"\n")
        at = next((i for i, (a, b) in enumerate(zip(got, want, strict=False)) if a != b), None)
        if at is None:
            problems.append(detail("SHA256SUMS has bytes added or removed at the end"))
        else:
            problems.append(detail("SHA256SUMS differs from the computed list at line {line}", line=at + 1))
    return False, joined(problems)


def _check_manifest_signature(report: VerifyReport, entries: dict[str, bytes], vc_factory: Any) -> Any:
    from asn1crypto import cms
    from pyhanko.sign.validation.generic_cms import async_validate_detached_cms

    if SIGNATURE not in entries:
        report.add("manifest_signature", False, detail("manifest.json.p7s missing"))
        return None
    try:
        info = cms.ContentInfo.load(entries[SIGNATURE])
        signed_data = info["content"]
        status = asyncio.run(
            async_validate_detached_cms(
                entries[MANIFEST], signed_data, signer_validation_context=vc_factory()
            )
        )
    except Exception as exc:  # asn1crypto/pyHanko errors on a crafted signature
        report.add(
            "manifest_signature", False, detail("unreadable signature ({error})", error=type(exc).__name__)
        )
        return None
    ok = bool(status.intact and status.valid)
    report.add(
        "manifest_signature", ok, ("", "") if ok else detail("the manifest does not match its signature")
    )
    return status.signing_cert if ok else None


def _check_pdf_signature(
    report: VerifyReport, entries: dict[str, bytes], vc_factory: Any
) -> tuple[Any, bool]:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    if REPORT not in entries:
        report.add("pdf_signature", False, detail("report.pdf missing"))
        report.add("pdf_coverage", False)
        return None, False
    try:
        reader = _pdf_reader(entries[REPORT])
        sigs = reader.embedded_signatures
        if len(sigs) != 1:
            report.add("pdf_signature", False, detail("{n} signatures, expected 1", n=len(sigs)))
            report.add("pdf_coverage", False)
            return None, False
        status = validate_pdf_signature(sigs[0], vc_factory())
    except Exception as exc:  # pyHanko's own errors and anything a crafted PDF makes it raise
        report.add(
            "pdf_signature", False, detail("unreadable PDF or signature ({error})", error=type(exc).__name__)
        )
        report.add("pdf_coverage", False)
        return None, False
    ok = bool(status.intact and status.valid)
    report.add("pdf_signature", ok, ("", "") if ok else detail("the report does not match its signature"))
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    report.add(
        "pdf_coverage", whole, ("", "") if whole else detail("the file was changed or extended after signing")
    )
    report.timestamped = status.timestamp_validity is not None
    return (status.signing_cert if ok else None), bool(ok and status.trusted)


def _check_photo_log(
    entries: dict[str, bytes], listed: dict[str, Any], digests: dict[str, str]
) -> tuple[bool, Detail]:
    """Compare the machine-readable photo log embedded in the signed report with the photo files."""

    if REPORT not in entries:
        return False, detail("no photo log in the report")
    try:
        reader = _pdf_reader(entries[REPORT])
        names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
        raw = None
        for i in range(0, min(len(names), 200), 2):
            if str(names[i]) == PHOTO_LOG:
                raw = _stream_bytes(names[i + 1].get_object()["/EF"]["/F"].get_object())
        if raw is None:
            return False, detail("no photo log in the report")
        log_doc = json.loads(raw.decode("utf-8"))
        photos = log_doc.get("photos", []) if isinstance(log_doc, dict) else None
        if not isinstance(photos, list) or not all(
            isinstance(p, dict) and isinstance(p.get("path"), str) for p in photos
        ):
            raise ValueError("not a photo log")
    except Exception as exc:  # pyHanko's own errors and anything a crafted PDF makes it raise
        return False, detail("photo log unreadable ({error})", error=type(exc).__name__)
    in_log = {p["path"]: p for p in photos}
    photo_files = {name: f for name, f in listed.items() if name.startswith("photos/")}
    problems = []
    for name in sorted(set(in_log) | set(photo_files)):
        a, b = in_log.get(name), photo_files.get(name)
        if a is None:
            problems.append(detail("{name} not in the report's photo log", name=shown(name, 80)))
        elif b is None:
            problems.append(detail("{name} in the report but not in the package", name=shown(name, 80)))
        elif a.get("sha256") != b.get("sha256") or a.get("original_sha256") != b.get("original_sha256"):
            problems.append(detail("{name} differs from the report", name=shown(name, 80)))
        elif name in digests and digests[name] != a.get("sha256"):
            problems.append(detail("{name} does not match the report", name=shown(name, 80)))
    return not problems, joined(problems[:20])


def _pdf_reader(data: bytes) -> Any:
    """pyHanko's reader with tight decoding limits: no stream of the report decodes to more than 32 MB,
    the whole document to more than 64 MB (a crafted report may hold deflate bombs)."""
    from pyhanko.pdf_utils.decode_limits import DecodeLimits, DocumentDecodeBudget, StreamDecodeLimits
    from pyhanko.pdf_utils.reader import PdfFileReader

    limits = DecodeLimits(
        per_stream=StreamDecodeLimits(max_output_size=32 * 1024 * 1024),
        document_budget=DocumentDecodeBudget(base_allowance=64 * 1024 * 1024, max_ratio=4),
    )
    return PdfFileReader(io.BytesIO(data), strict=False, decode_limits=limits)


def _stream_bytes(stream: Any) -> bytes:
    """An embedded file's bytes, inflated with a bound (a crafted report may hold a flate bomb)."""
    filters = stream.get("/Filter")
    if isinstance(filters, list) and len(filters) == 1:
        filters = filters[0]
    encoded = bytes(stream.encoded_data)
    if filters is None:
        data = encoded
    elif str(filters) == "/FlateDecode" and stream.get("/DecodeParms") is None:
        inflater = zlib.decompressobj()
        data = inflater.decompress(encoded, MAX_PHOTO_LOG_BYTES + 1)
    else:
        raise ValueError("unexpected filter")
    if len(data) > MAX_PHOTO_LOG_BYTES:
        raise ValueError("photo log too large")
    return data


def _check_signed_content(
    kept: dict[str, bytes], listed: dict[str, Any], manifest: dict[str, Any]
) -> tuple[bool, Detail]:
    """Each signed record's canonical content verifies under its signer's public key, the unit key
    certified that key, the examination is the one the manifest names, every addendum is bound to it, and
    every released photo is one of the photos signed."""
    from injurydoc.store.personal_keys import fingerprint

    if SIGNATURES not in kept or SIGNATURES not in listed:
        return False, detail("signatures.json missing")
    try:
        doc = json.loads(kept[SIGNATURES].decode("utf-8"))
        unit = _b64(doc["unit_key"], 32)
        records = [r for r in doc["records"] if isinstance(r, dict)]
    except (ValueError, KeyError, TypeError, RecursionError, AttributeError):
        return False, detail("signatures.json unreadable")
    problems: list[Detail] = []
    notes: list[Detail] = []
    exam_sha: str | None = None
    bound: list[tuple[str, object]] = []  # (addendum content name, the examination hash it names)
    for r in records:
        name = shown(str(r.get("content", "")), 80)
        content, public, until, problem = _signed_record(r, kept, listed, unit)
        if problem is not None:
            problems.append(problem)
            continue
        notes += _historical(name, until)
        body = _json_object(content)
        if body.get("kind") == "examination" and r.get("kind") == "examination":
            exam_sha = hashlib.sha256(content).hexdigest()
            problems += _examination_matches(name, body, content, listed, manifest)
            notes.append(
                detail(
                    "signed by key {key}, certified by unit key {unit}",
                    key=fingerprint(public),
                    unit=fingerprint(unit),
                )
            )
            if r.get("migrated_from"):
                date = shown(str(r["migrated_from"]), 20)
                notes.append(detail("migrated: content hash from {date} confirmed by the program", date=date))
        elif r.get("kind") == "addendum":
            bound.append((name, body.get("examination_sha256")))
            if r.get("migrated_from"):
                date = shown(str(r["migrated_from"]), 20)
                notes.append(
                    detail(
                        "{name}: migrated, content hash from {date} confirmed by the program",
                        name=name,
                        date=date,
                    )
                )
    problems += [
        detail("{name}: bound to other examination content", name=name)
        for name, sha in bound
        if exam_sha is None or sha != exam_sha
    ]
    if exam_sha is None and not problems:
        problems.append(detail("no signed examination content"))
    return (False, joined(problems)) if problems else (True, joined(notes))


def _historical(name: str, until: str) -> list[Detail]:
    """The note for a key certified historically (only up to ``until``): a reader must know the bound."""
    if not until:
        return []
    return [
        detail(
            "{name}: historical certificate: the key counts only for signatures before {bound}",
            name=name,
            bound=shown(until, 40),
        )
    ]


def _signed_record(
    r: dict[str, Any], kept: dict[str, bytes], listed: dict[str, Any], unit: bytes
) -> tuple[bytes, bytes, str, Detail | None]:
    """(content, signer's public key, the certificate's bound or "", None) when the record's signature
    and its key's certificate hold, else (b"", b"", "", what is wrong)."""
    from injurydoc.store.personal_keys import Certificate, KeyFormatError, verify_with

    raw_name = str(r.get("content", ""))
    name = shown(raw_name, 80)
    content = kept.get(raw_name)
    if content is None or raw_name not in listed or not raw_name.startswith("signed/"):
        return b"", b"", "", detail("{name}: missing", name=name)
    try:
        public = _b64(r.get("public_key"), 32)
        signature = _b64(r.get("signature"), 64)
    except ValueError:
        return b"", b"", "", detail("{name}: the signature does not match the content", name=name)
    if not verify_with(public, signature, content):
        return b"", b"", "", detail("{name}: the signature does not match the content", name=name)
    if not r.get("certificate") or not r.get("certificate_signature"):
        return b"", b"", "", detail("{name}: the key is not certified by the unit key", name=name)
    try:
        cert_bytes, cert_sig = _b64(r.get("certificate")), _b64(r.get("certificate_signature"), 64)
        cert = Certificate.from_bytes(cert_bytes)
    except (ValueError, KeyFormatError):
        return b"", b"", "", detail("{name}: the key's certificate was not made by the unit key", name=name)
    if (
        not verify_with(unit, cert_sig, cert_bytes)
        or cert.keys.ed25519 != public
        or cert.subject != r.get("signer")
    ):
        return b"", b"", "", detail("{name}: the key's certificate was not made by the unit key", name=name)
    signed_at = str(r.get("signed_at") or "")
    if not cert.covers(signed_at):  # a historical certificate: the key counts only before its bound
        return (
            b"",
            b"",
            "",
            detail(
                "{name}: signed at {date}, not before {bound} as the key's certificate requires",
                name=name,
                date=shown(signed_at, 40),
                bound=shown(cert.valid_before, 40),
            ),
        )
    return content, public, cert.valid_before or "", None


def _examination_matches(
    name: str, body: dict[str, Any], content: bytes, listed: dict[str, Any], manifest: dict[str, Any]
) -> list[Detail]:
    """The signed examination is the one the manifest names, and every released photo was signed."""
    from injurydoc.domain.canonical import examination_id, photo_hashes

    problems: list[Detail] = []
    wanted = (manifest.get("examination") or {}).get("id")
    if examination_id(body) != wanted:
        problems.append(detail("{name}: not the examination the manifest names", name=name))
    signed_photos = photo_hashes(content)
    for path, f in sorted(listed.items()):
        if path.startswith("photos/") and f.get("original_sha256") not in signed_photos:
            problems.append(detail("{photo}: not among the photos signed", photo=shown(path, 80)))
    return problems


def _json_object(content: bytes) -> dict[str, Any]:
    try:
        doc = json.loads(content.decode("utf-8"))
    except (ValueError, RecursionError):
        return {}
    return doc if isinstance(doc, dict) else {}


def _b64(value: object, length: int | None = None) -> bytes:
    import base64

    if not isinstance(value, str):
        raise ValueError("not base64 text")
    raw = base64.b64decode(value, validate=True)
    if length is not None and len(raw) != length:
        raise ValueError("wrong length")
    return raw
