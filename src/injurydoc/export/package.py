"""The evidence package: ``<case>-<date>.zip`` with the signed report, the photos, a README, a signed
manifest listing all three, and SHA256SUMS, written atomically (temporary file, then rename).

Manifest version 2 lists README.txt as well, so that everything but SHA256SUMS is covered by the
signature; version 1 (before December 2026) left the README outside, and the verifier says so."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import os
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from injurydoc.domain.errors import KnownError, StoreError

from .identity import SignerIdentity
from .signatures import sign_detached

FORMAT = "injurydoc-evidence-package"
VERSION = 3
MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.p7s"
SUMS = "SHA256SUMS"
README = "README.txt"
REPORT = "report.pdf"
PHOTO_LOG = "photo-log.json"  # embedded inside report.pdf
#: From manifest version 3: the canonical content of the examination and each addendum as signed by the
#: examiner's personal key at signing time, and SIGNATURES with the signatures and keys.
SIGNED_DIR = "signed"
SIGNATURES = "signed/signatures.json"
#: The entries the manifest does not list: itself, its signature and SHA256SUMS (which lists everything).
FIXED = {MANIFEST, SIGNATURE, SUMS}

README_TEXT = """\
BEVISPAKET / EVIDENCE PACKAGE — {case}{exercise_sv}

SVENSKA
Paketet innehåller en signerad rapport (report.pdf), fotografierna (photos/), en förteckning över
alla filer med deras SHA-256 (manifest.json) signerad av undersökaren (manifest.json.p7s), och
SHA256SUMS.

Så kontrollerar du paketet:
  1. Med programmet:  injurydoc verify {name} [--trust ORGANISATIONENS-CA.pem]
     Det kontrollerar alla kontrollsummor, båda signaturerna, att samma person signerat båda,
     certifikatets utfärdare och att rapportens fotologg stämmer med filerna.
  2. Utan programmet:  packa upp och kör  sha256sum -c SHA256SUMS
     openssl cms -verify -binary -inform DER -in manifest.json.p7s -content manifest.json -CAfile CA.pem
     Rapportens signatur kan kontrolleras i Adobe Reader eller med pdfsig report.pdf.
Fotografierna är originalfilerna byte för byte. Om en GPS-position har tagits bort (skyddade
personuppgifter) anger manifest.json originalets SHA-256, den utlämnade filens SHA-256 och en SHA-256
av bilddata (JPEG: allt efter de inledande metadatasegmenten), som visar att själva bilden är oförändrad.

ENGLISH
The package holds a signed report (report.pdf), the photographs (photos/), a list of every file with
its SHA-256 (manifest.json) signed by the examiner (manifest.json.p7s), and SHA256SUMS.

To verify:
  1. With the program:  injurydoc verify {name} [--trust ORGANISATION-CA.pem]
     It checks every hash, both signatures, that one person signed both, the certificate's issuer,
     and that the report's photo log agrees with the files.
  2. Without it:  unpack and run  sha256sum -c SHA256SUMS
     openssl cms -verify -binary -inform DER -in manifest.json.p7s -content manifest.json -CAfile CA.pem
     The report's signature can be checked in Adobe Reader or with pdfsig report.pdf.
The photographs are the original files byte for byte. Where a GPS position was removed (protected
personal data), manifest.json gives the original's SHA-256, the released file's SHA-256 and a SHA-256
of the image data (JPEG: everything after the leading metadata segments), showing the picture itself
is unchanged.
"""


@dataclass(frozen=True)
class PackageFile:
    path: str  # inside the zip, e.g. "photos/foto-01.jpg"
    data: bytes
    meta: dict[str, Any]

    @functools.cached_property
    def sha256(self) -> str:
        """Hashed once: 40 photos of 4 MB are hashed for the manifest and for SHA256SUMS alike."""
        known = self.meta.get("sha256")
        return str(known) if known else sha256(self.data)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def build_manifest(header: dict[str, Any], files: list[PackageFile]) -> bytes:
    doc = {
        "format": FORMAT,
        "version": VERSION,
        **header,
        "files": [{"path": f.path, "size": len(f.data), "sha256": f.sha256, **f.meta} for f in files],
    }
    return (json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


def write_package(
    out: Path,
    *,
    case_ref: str,
    header: dict[str, Any],
    files: list[PackageFile],
    identity: SignerIdentity,
    exercise: bool,
    cancelled: Callable[[], bool] | None = None,
    part_prefix: str = ".injurydoc-export-",
    before_publish: Callable[[str], None] | None = None,
) -> str:
    """Write the zip atomically; return its SHA-256.  Nothing is left behind on error or cancel.

    The partial file (mode 0600, ``<part_prefix>*.part`` beside ``out``) holds patient data in clear;
    ``before_publish(sha256)`` runs after it is complete and synced, just before the rename that makes
    it visible (the export records the hash there), and an exception from it stops the rename.
    """
    out = out.expanduser().absolute()
    if out.exists():
        raise StoreError("export.out_exists", path=str(out))
    entries = _signed_entries(out.name, case_ref, header, files, identity, exercise)
    return _write_atomically(out, entries, cancelled, part_prefix, before_publish)


def _signed_entries(
    out_name: str,
    case_ref: str,
    header: dict[str, Any],
    files: list[PackageFile],
    identity: SignerIdentity,
    exercise: bool,
) -> list[tuple[str, bytes]]:
    """The package's entries in order: the files, README.txt, the manifest and its signature, SHA256SUMS."""
    readme = README_TEXT.format(
        case=case_ref,
        name=out_name,
        exercise_sv=" — ÖVNING, INTE BEVIS / EXERCISE, NOT EVIDENCE" if exercise else "",
    ).encode("utf-8")
    files = [*files, PackageFile(README, readme, {"kind": "readme"})]  # signed with the rest
    manifest = build_manifest(header, files)
    signature = sign_detached(manifest, identity)
    entries = [(f.path, f.data) for f in files] + [(MANIFEST, manifest), (SIGNATURE, signature)]
    # Each photo's SHA-256 is known from the manifest entry (hashed once, in the export); verify_package
    # re-reads the written zip and checks every file against both lists.
    known = {f.path: f.sha256 for f in files}
    sums = "".join(f"{known.get(name) or sha256(data)}  {name}\n" for name, data in entries).encode("ascii")
    entries.append((SUMS, sums))
    return entries


def _write_atomically(
    out: Path,
    entries: list[tuple[str, bytes]],
    cancelled: Callable[[], bool] | None,
    part_prefix: str,
    before_publish: Callable[[str], None] | None,
) -> str:
    """Write ``entries`` to a private partial file beside ``out``, synced, then rename it to ``out``;
    return the zip's SHA-256.  The partial file is removed on any error or cancel."""
    tmp_name: str | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=part_prefix, suffix=".part", dir=out.parent)
        os.fchmod(fd, 0o600)  # mkstemp's mode already; said again because the data is in clear
        with os.fdopen(fd, "wb") as raw:
            fh = _HashingWriter(raw)
            with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_STORED) as z:
                _write_entries(z, entries, cancelled)
            raw.flush()
            os.fsync(raw.fileno())
        if out.exists():
            raise StoreError("export.out_exists", path=str(out))
        if before_publish is not None:
            before_publish(fh.hexdigest())
        os.replace(tmp_name, out)
        tmp_name = None
    except OSError as exc:
        from injurydoc.store.atomic import os_error_to_store_error

        raise os_error_to_store_error(exc, out.parent) from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
    return fh.hexdigest()


def _write_entries(
    z: zipfile.ZipFile, entries: list[tuple[str, bytes]], cancelled: Callable[[], bool] | None
) -> None:
    """Each entry with a fixed date and mode; text deflated, photos stored as they are."""
    for name, data in entries:
        if cancelled is not None and cancelled():
            raise KnownError("export.cancelled")
        info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
        info.external_attr = 0o644 << 16
        # photos are already compressed; text compresses well
        info.compress_type = (
            zipfile.ZIP_DEFLATED if name.endswith((".json", ".txt", "SUMS")) else zipfile.ZIP_STORED
        )
        z.writestr(info, data)


class _HashingWriter(io.RawIOBase):
    """A write-only, non-seekable stream that hashes what passes through (the zip's SHA-256 without
    reading the file back).  zipfile writes sequentially, with data descriptors, to such a stream."""

    def __init__(self, raw: Any) -> None:
        super().__init__()
        self._raw = raw
        self._hash = hashlib.sha256()
        self._pos = 0

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def write(self, b: Any) -> int:
        data = bytes(b)
        self._raw.write(data)
        self._hash.update(data)
        self._pos += len(data)
        return len(data)

    def tell(self) -> int:
        return self._pos

    def flush(self) -> None:
        self._raw.flush()

    def hexdigest(self) -> str:
        return self._hash.hexdigest()
