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
import stat
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

from .package import FIXED, FORMAT, MANIFEST, PHOTO_LOG, REPORT, SIGNATURE, SUMS

MAX_ENTRIES = 5000
MAX_ENTRY_BYTES = 300 * 1024 * 1024
MAX_TOTAL_BYTES = 8 * 1024 * 1024 * 1024
MAX_RATIO = 200

from .verdict import (  # noqa: E402 - re-exported: callers import them from here
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

__all__ = [
    "CHECKS",
    "EXIT_EXERCISE",
    "EXIT_FAIL",
    "EXIT_OK",
    "EXIT_UNREADABLE",
    "Check",
    "VerifyReport",
    "load_anchor_files",
    "verify_package",
]


def _safe_name(name: str) -> str | None:
    """The problem with an entry name (a detail template with ``{name}``), or None."""
    if not name or name.startswith(("/", "\\")) or "\\" in name or ":" in name.split("/", maxsplit=1)[0]:
        return "{name}: absolute or drive path"
    parts = PurePosixPath(name).parts
    if any(p in ("..", ".") for p in parts):
        return "{name}: '..' in path"
    if name.endswith("/"):
        return "{name}: directory entry"
    if len(parts) > 2 or (len(parts) == 2 and parts[0] != "photos"):
        return "{name}: unexpected folder"
    return None


def _read_entries(report: VerifyReport, path: Path) -> dict[str, bytes] | None:
    try:
        z = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        report.unreadable = str(exc) or type(exc).__name__
        return None
    problems: list[Detail] = []
    entries: dict[str, bytes] = {}
    with z:
        infos = z.infolist()
        if len(infos) > MAX_ENTRIES:
            report.add("zip", False, detail("{n} entries", n=len(infos)))
            return None
        total = 0
        for info in infos:
            problem = _safe_name(info.filename)
            mode = info.external_attr >> 16
            if problem is None and stat.S_ISLNK(mode):
                problem = "{name}: symbolic link"
            if problem is None and info.flag_bits & 0x1:
                problem = "{name}: encrypted entry"
            if problem is None and info.file_size > MAX_ENTRY_BYTES:
                problem = "{name}: entry too large"
            if (
                problem is None
                and info.file_size > MAX_RATIO * max(info.compress_size, 1)
                and info.file_size > 1 << 20
            ):
                problem = "{name}: compression ratio too high (zip bomb)"
            if problem is None and info.filename in entries:
                problem = "{name}: duplicate entry"
            total += info.file_size
            if problem is None and total > MAX_TOTAL_BYTES:
                problem = "{name}: package too large"
            if problem is not None:
                problems.append(detail(problem, name=info.filename))
                continue
            try:
                with z.open(info) as fh:
                    data = fh.read(MAX_ENTRY_BYTES + 1)
            except (OSError, zipfile.BadZipFile, RuntimeError) as exc:
                problems.append(detail("{name}: {error}", name=info.filename, error=type(exc).__name__))
                continue
            if len(data) != info.file_size:
                problems.append(detail("{name}: size differs from its header", name=info.filename))
                continue
            entries[info.filename] = data
    report.add("zip", not problems, joined(problems))
    return entries if not problems else None


def _validation_context(anchors: list[bytes]) -> Any:
    from asn1crypto import x509 as asn1_x509
    from pyhanko_certvalidator import ValidationContext

    roots = [asn1_x509.Certificate.load(a) for a in anchors]
    return ValidationContext(trust_roots=roots, allow_fetching=False)


def load_anchor_files(paths: list[Path]) -> list[bytes]:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    out: list[bytes] = []
    for p in paths:
        raw = p.read_bytes()
        certs = (
            x509.load_pem_x509_certificates(raw)
            if b"-----BEGIN" in raw
            else [x509.load_der_x509_certificate(raw)]
        )
        out += [c.public_bytes(serialization.Encoding.DER) for c in certs]
    return out


def verify_package(path: Path, anchors: list[bytes] | None = None) -> VerifyReport:
    anchors = anchors or []
    report = VerifyReport(package=path.name)
    entries = _read_entries(report, path)
    if entries is None:
        return report
    digests = {name: hashlib.sha256(data).hexdigest() for name, data in entries.items()}  # each file once
    # ---- manifest --------------------------------------------------------------------------
    try:
        manifest = json.loads(entries[MANIFEST].decode("utf-8"))
        if manifest.get("format") != FORMAT or not isinstance(manifest.get("files"), list):
            raise ValueError("not an injurydoc manifest")  # a key of DETAILS_SV
        listed = {str(f["path"]): f for f in manifest["files"]}
        report.case = str(manifest.get("case", ""))
        report.exercise = bool(manifest.get("exercise", False))
        report.add("manifest", True)
    except (KeyError, ValueError, TypeError, UnicodeDecodeError) as exc:
        if isinstance(exc, KeyError):
            text = detail("manifest.json missing")
        elif str(exc) == "not an injurydoc manifest":
            text = detail("not an injurydoc manifest")
        else:
            text = detail("not readable ({error})", error=type(exc).__name__)
        report.add("manifest", False, text)
        return report
    # ---- files and hashes ------------------------------------------------------------------
    present = set(entries) - FIXED
    missing = sorted(set(listed) - present)
    extra = sorted(present - set(listed)) + sorted(n for n in FIXED if n not in entries and n != MANIFEST)
    found = ([detail("missing: {names}", names=", ".join(missing))] if missing else []) + (
        [detail("not listed: {names}", names=", ".join(extra))] if extra else []
    )
    report.add("files", not missing and not extra, joined(found))
    bad = [
        name
        for name, f in listed.items()
        if name in entries and (digests[name] != f.get("sha256") or len(entries[name]) != f.get("size"))
    ]
    report.add("hashes", not bad, detail("changed: {names}", names=", ".join(bad)) if bad else ("", ""))
    report.add("sums", *_check_sums(entries, digests))
    report.add("originals", *_check_originals(listed))
    # ---- signatures --------------------------------------------------------------------------
    vc_factory = lambda: _validation_context(anchors)  # noqa: E731 - one fresh context per check
    cms_cert = _check_manifest_signature(report, entries, vc_factory)
    pdf_cert, pdf_trusted = _check_pdf_signature(report, entries, vc_factory)
    same = cms_cert is not None and pdf_cert is not None and cms_cert.sha256 == pdf_cert.sha256
    report.add("same_signer", same, ("", "") if same else detail("different certificates"))
    if pdf_cert is not None:
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
    else:
        report.add("trust", False, detail("no readable signer certificate"))
    # ---- photo log ---------------------------------------------------------------------------
    report.add("photo_log", *_check_photo_log(entries, listed, digests))
    return report


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


def _check_sums(entries: dict[str, bytes], digests: dict[str, str]) -> tuple[bool, Detail]:
    raw = entries.get(SUMS)
    if raw is None:
        return False, detail("SHA256SUMS missing")
    seen: set[str] = set()
    problems = []
    for line in raw.decode("utf-8", "replace").splitlines():
        if not line.strip():
            continue
        digest, _, name = line.partition("  ")
        name = name.lstrip("*")
        seen.add(name)
        if name not in entries:
            problems.append(detail("{name} missing", name=name))
        elif digests[name] != digest.strip():
            problems.append(detail("{name} differs", name=name))
    unlisted = sorted(set(entries) - seen - {SUMS})
    if unlisted:
        problems.append(detail("not in SHA256SUMS: {names}", names=", ".join(unlisted)))
    return not problems, joined(problems)


def _check_manifest_signature(report: VerifyReport, entries: dict[str, bytes], vc_factory: Any) -> Any:
    from asn1crypto import cms
    from pyhanko.sign.validation.generic_cms import async_validate_detached_cms

    try:
        info = cms.ContentInfo.load(entries[SIGNATURE])
        signed_data = info["content"]
        status = asyncio.run(
            async_validate_detached_cms(
                entries[MANIFEST], signed_data, signer_validation_context=vc_factory()
            )
        )
    except KeyError:
        report.add("manifest_signature", False, detail("manifest.json.p7s missing"))
        return None
    except Exception as exc:
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
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    try:
        reader = PdfFileReader(io.BytesIO(entries[REPORT]), strict=False)
        sigs = reader.embedded_signatures
        if len(sigs) != 1:
            report.add("pdf_signature", False, detail("{n} signatures, expected 1", n=len(sigs)))
            report.add("pdf_coverage", False)
            return None, False
        status = validate_pdf_signature(sigs[0], vc_factory())
    except KeyError:
        report.add("pdf_signature", False, detail("report.pdf missing"))
        report.add("pdf_coverage", False)
        return None, False
    except Exception as exc:
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
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(entries[REPORT]), strict=False)
        names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
        log_doc = None
        for i in range(0, len(names), 2):
            if str(names[i]) == PHOTO_LOG:
                log_doc = json.loads(names[i + 1].get_object()["/EF"]["/F"].get_object().data)
        if log_doc is None:
            return False, detail("no photo log in the report")
    except Exception as exc:
        return False, detail("photo log unreadable ({error})", error=type(exc).__name__)
    in_log = {str(p["path"]): p for p in log_doc.get("photos", [])}
    photo_files = {name: f for name, f in listed.items() if name.startswith("photos/")}
    problems = []
    for name in sorted(set(in_log) | set(photo_files)):
        a, b = in_log.get(name), photo_files.get(name)
        if a is None:
            problems.append(detail("{name} not in the report's photo log", name=name))
        elif b is None:
            problems.append(detail("{name} in the report but not in the package", name=name))
        elif a.get("sha256") != b.get("sha256") or a.get("original_sha256") != b.get("original_sha256"):
            problems.append(detail("{name} differs from the report", name=name))
        elif name in entries and digests[name] != a.get("sha256"):
            problems.append(detail("{name} does not match the report", name=name))
    return not problems, joined(problems)
