"""Hostile evidence packages for ``injurydoc verify`` (corpus part ``packages``)."""

from __future__ import annotations

import hashlib
import json
import zipfile
import zlib

from tests.data.hostile._filecase import (
    FileCase,
    entries_of,
    repeated_deflate,
    set_utf8_flag_bad_name,
    streamed_zip,
    zip_of,
    zip_with_deflated,
)
from tests.fuzz.seeds import seeds


def _real() -> list[tuple[str, bytes]]:
    return entries_of(seeds().package)


def _with_sums(entries: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    body = [(n, d) for n, d in entries if n != "SHA256SUMS"]
    sums = "".join(f"{hashlib.sha256(d).hexdigest()}  {n}\n" for n, d in body).encode()
    return [*body, ("SHA256SUMS", sums)]


def zero_entries() -> bytes:
    """1,200 entries of 1 MiB of zeros, deflated: 1.2 GB from a file of about 5.6 MB (each entry the
    same deflate stream, made once)."""
    chunk = bytes(1 << 20)
    comp = zlib.compressobj(1, zlib.DEFLATED, -15)
    raw = comp.compress(chunk) + comp.flush()
    entry = (raw, zlib.crc32(chunk), len(chunk))
    return zip_with_deflated([], {f"photos/zero-{i:04d}.jpg": entry for i in range(1200)})


def manifest_not_object() -> bytes:
    return zip_of([(n, b"[1, 2, 3]\n" if n == "manifest.json" else d) for n, d in _real()])


def manifest_deep() -> bytes:
    return zip_of([(n, b"[" * 100_000 + b"]" * 100_000 if n == "manifest.json" else d) for n, d in _real()])


def manifest_files_not_objects() -> bytes:
    def change(d: bytes) -> bytes:
        m = json.loads(d)
        m["files"] = [1, "x", None]
        return json.dumps(m).encode()

    return zip_of([(n, change(d) if n == "manifest.json" else d) for n, d in _real()])


def bad_utf8_name() -> bytes:
    return set_utf8_flag_bad_name(seeds().package, entry=1)


def lzma_entry() -> bytes:
    return zip_of(_real(), zipfile.ZIP_LZMA)


def readme_changed() -> bytes:
    """README.txt edited and SHA256SUMS rewritten to fit: the signed manifest still has the old hash."""
    entries = [
        (n, d.replace(b"sha256sum -c", b"trust me, no need to run") if n == "README.txt" else d)
        for n, d in _real()
    ]
    return zip_of(_with_sums(entries))


def sums_extra_newline() -> bytes:
    return zip_of([(n, d + b"\n" if n == "SHA256SUMS" else d) for n, d in _real()])


def sums_crlf() -> bytes:
    return zip_of([(n, d.replace(b"\n", b"\r\n") if n == "SHA256SUMS" else d) for n, d in _real()])


def truncated() -> bytes:
    data = seeds().package
    return data[: len(data) // 2]


def stored_size_lies() -> bytes:
    """A stored photo whose directory claims 200 MB uncompressed (its packed size is a few kB)."""
    buf = bytearray(seeds().package)
    at = buf.find(b"PK\x01\x02")
    at = buf.find(b"PK\x01\x02", at + 1)
    buf[at + 24 : at + 28] = (200 << 20).to_bytes(4, "little")
    return bytes(buf)


def photo_bomb_200mb() -> bytes:
    return streamed_zip("photos/foto-09.jpg", 200 << 20, others=_real())


def objstm_bomb_pdf(size: int = 400 << 20) -> bytes:
    """A small PDF whose catalog lives in an object stream that inflates to ``size`` bytes."""
    import struct

    head = b"1 0 "
    first = b"<< /Type /Catalog /Pages 4 0 R >>"
    packed = repeated_deflate(b" " * (1 << 20), size >> 20, 9, prefix=head + first, wrapped=True)
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    at_objstm = len(out)
    out += b"2 0 obj\n<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (
        len(head),
        len(packed),
    )
    out += packed + b"\nendstream\nendobj\n"
    at_pages = len(out)
    out += b"4 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    at_xref = len(out)
    rows = [(0, 0, 0xFFFF), (2, 2, 0), (1, at_objstm, 0), (1, at_xref, 0), (1, at_pages, 0)]
    table = b"".join(struct.pack(">BIH", *r) for r in rows)
    out += b"3 0 obj\n<< /Type /XRef /Size 5 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % len(table)
    out += table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % at_xref
    return bytes(out)


def report_bomb() -> bytes:
    """report.pdf replaced by a PDF with a 400 MB object-stream bomb (its hash lists rewritten to fit)."""
    entries = [(n, objstm_bomb_pdf() if n == "report.pdf" else d) for n, d in _real()]
    return zip_of(_with_sums(entries))


CASES: tuple[FileCase, ...] = (
    FileCase(
        "zero-entries-1200.zip",
        zero_entries,
        "verify",
        "zip",
        "compression ratio too high (zip bomb)",
        note="1,200 x 1 MiB zeros; refused from the directory, nothing inflated",
    ),
    FileCase(
        "manifest-not-object.zip", manifest_not_object, "verify", "manifest", "not an injurydoc manifest"
    ),
    FileCase("manifest-deep.zip", manifest_deep, "verify", "manifest", "not readable (RecursionError)"),
    FileCase(
        "manifest-files-not-objects.zip",
        manifest_files_not_objects,
        "verify",
        "manifest",
        "not an injurydoc manifest",
    ),
    FileCase("bad-utf8-name.zip", bad_utf8_name, "verify", "unreadable", "an entry name is not valid UTF-8"),
    FileCase("lzma-entries.zip", lzma_entry, "verify", "zip", "unsupported compression"),
    FileCase("readme-changed.zip", readme_changed, "verify", "hashes", "changed: README.txt"),
    FileCase(
        "sums-extra-newline.zip",
        sums_extra_newline,
        "verify",
        "sums",
        "SHA256SUMS has bytes added or removed at the end",
    ),
    FileCase(
        "sums-crlf.zip", sums_crlf, "verify", "sums", "SHA256SUMS differs from the computed list at line 1"
    ),
    FileCase("truncated.zip", truncated, "verify", "unreadable", "it is not a zip file"),
    FileCase("stored-size-lies.zip", stored_size_lies, "verify", "zip", "size differs from its header"),
    FileCase(
        "report-objstm-bomb.zip",
        report_bomb,
        "verify",
        "pdf_signature",
        "unreadable PDF or signature",
        note="pyHanko's decoding limits, tightened by the verifier",
    ),
    FileCase(
        "report-objstm-bomb.zip",
        report_bomb,
        "verify",
        "pdf_signature",
        "unreadable PDF or signature",
        note="400 MB object stream in the report: pyHanko's decoding limits, tightened by the verifier",
    ),
    FileCase(
        "photo-bomb-200mb.zip", photo_bomb_200mb, "verify", "zip", "compression ratio too high (zip bomb)"
    ),
)
