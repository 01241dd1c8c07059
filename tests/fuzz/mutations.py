"""Hypothesis strategies that mutate a real file the way a hostile sender or a damaged disk would.

* bytes: flips, overwrites, truncation, insertion;
* zip structure: fields of the central directory and local headers (method, flags, sizes, offsets,
  name length), bad UTF-8 names, entries duplicated, dropped or added (including many zero entries);
* JSON inside (or as) the file: a value replaced by another shape, huge numbers, deep nesting, keys
  added or removed.
"""

from __future__ import annotations

import io
import json
import struct
import warnings
import zipfile
from typing import Any

from hypothesis import strategies as st

INTERESTING_U32 = (0, 1, 0x7F, 0xFF, 0xFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0xFFFFFFFF, 600 << 20)
INTERESTING_U16 = (0, 1, 8, 9, 12, 14, 99, 0x0800, 0x0801, 0xFFFF)

#: central directory record: (field offset, width)
_CD_FIELDS = {
    "flags": (8, 2),
    "method": (10, 2),
    "crc": (16, 4),
    "compressed": (20, 4),
    "size": (24, 4),
    "name_len": (28, 2),
    "extra_len": (30, 2),
    "external_attr": (38, 4),
    "offset": (42, 4),
}
_LOCAL_FIELDS = {
    "flags": (6, 2),
    "method": (8, 2),
    "compressed": (18, 4),
    "size": (22, 4),
    "name_len": (26, 2),
}

JSON_LEAF = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([10**400, -(10**5000 // 10**4000), 2**64, 1e308, -0.0, 0.5]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.sampled_from(["", "../x", "photos/foto-01.jpg", "\x00", "ä" * 300, "SHA256SUMS"]),
)
JSON_VALUE = st.recursive(
    JSON_LEAF,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def _positions(data: bytes, sig: bytes) -> list[int]:
    out, at = [], data.find(sig)
    while at >= 0:
        out.append(at)
        at = data.find(sig, at + 1)
    return out


def _put(buf: bytearray, at: int, width: int, value: int) -> None:
    if at + width <= len(buf):
        buf[at : at + width] = struct.pack(
            "<H" if width == 2 else "<I", value & (0xFFFF if width == 2 else 0xFFFFFFFF)
        )


@st.composite
def byte_mutation(draw: st.DrawFn, base: bytes) -> bytes:
    buf = bytearray(base)
    kind = draw(st.sampled_from(["flip", "overwrite", "truncate", "insert", "tail"]))
    if kind == "flip":
        for _ in range(draw(st.integers(1, 8))):
            at = draw(st.integers(0, len(buf) - 1))
            buf[at] ^= 1 << draw(st.integers(0, 7))
    elif kind == "overwrite":
        at = draw(st.integers(0, len(buf) - 1))
        chunk = draw(st.binary(min_size=1, max_size=16))
        buf[at : at + len(chunk)] = chunk
    elif kind == "truncate":
        del buf[draw(st.integers(0, len(buf) - 1)) :]
    elif kind == "insert":
        at = draw(st.integers(0, len(buf)))
        buf[at:at] = draw(st.binary(min_size=1, max_size=64))
    else:  # cut the start: the end record stays, every offset is wrong
        del buf[: draw(st.integers(1, len(buf) - 1))]
    return bytes(buf)


@st.composite
def zip_field_mutation(draw: st.DrawFn, base: bytes) -> bytes:
    buf = bytearray(base)
    for _ in range(draw(st.integers(1, 3))):
        local = draw(st.booleans())
        sig, fields = (b"PK\x03\x04", _LOCAL_FIELDS) if local else (b"PK\x01\x02", _CD_FIELDS)
        starts = _positions(bytes(buf), sig)
        if not starts:
            return bytes(buf)
        at = draw(st.sampled_from(starts))
        name = draw(st.sampled_from(sorted(fields)))
        off, width = fields[name]
        pool = INTERESTING_U16 if width == 2 else INTERESTING_U32
        value = draw(st.one_of(st.sampled_from(pool), st.integers(0, 0xFFFF if width == 2 else 0xFFFFFFFF)))
        _put(buf, at + off, width, value)
    return bytes(buf)


@st.composite
def bad_utf8_name(draw: st.DrawFn, base: bytes) -> bytes:
    """Set the UTF-8 flag of an entry and make its name invalid UTF-8 (in the directory, the local
    header, or both)."""
    buf = bytearray(base)
    where = draw(st.sampled_from(["cd", "local", "both"]))
    for sig, flag_off, name_off in ((b"PK\x01\x02", 8, 46), (b"PK\x03\x04", 6, 30)):
        if (sig == b"PK\x01\x02" and where == "local") or (sig == b"PK\x03\x04" and where == "cd"):
            continue
        starts = _positions(bytes(buf), sig)
        if not starts:
            continue
        at = starts[draw(st.integers(0, len(starts) - 1))]
        flags = struct.unpack_from("<H", buf, at + flag_off)[0] if at + flag_off + 2 <= len(buf) else 0
        _put(buf, at + flag_off, 2, flags | 0x0800)
        if at + name_off < len(buf):
            buf[at + name_off] = draw(st.sampled_from([0xFF, 0xC3, 0x80, 0xED]))
    return bytes(buf)


def entries_of(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(i.filename, z.read(i)) for i in z.infolist()]


def rezip(entries: list[tuple[str, bytes]], method: int = zipfile.ZIP_STORED) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", compression=method) as z:
        warnings.simplefilter("ignore", UserWarning)  # duplicate names are the point
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = method
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    return out.getvalue()


@st.composite
def entry_mutation(draw: st.DrawFn, base: bytes) -> bytes:
    """Entries dropped, duplicated, renamed, added (zero bombs, many entries), or the method changed."""
    entries = entries_of(base)
    kind = draw(st.sampled_from(["drop", "duplicate", "rename", "add", "zeros", "many", "method", "reorder"]))
    method = zipfile.ZIP_STORED
    if kind == "drop" and entries:
        entries.pop(draw(st.integers(0, len(entries) - 1)))
    elif kind == "duplicate" and entries:
        entries.append(entries[draw(st.integers(0, len(entries) - 1))])
    elif kind == "rename" and entries:
        i = draw(st.integers(0, len(entries) - 1))
        new = draw(
            st.sampled_from(["../evil", "/abs", "C:x", "photos/", "a/b/c", "photos/\x01.jpg", "x" * 300])
        )
        entries[i] = (new, entries[i][1])
    elif kind == "add":
        entries.append((draw(st.sampled_from(["photos/extra.jpg", "extra.txt", "README.txt"])), b"x"))
    elif kind == "zeros":
        entries.append(("photos/zeros.bin", bytes(draw(st.sampled_from([1 << 20, 4 << 20])))))
        method = zipfile.ZIP_DEFLATED
    elif kind == "many":
        entries += [(f"photos/{i:05d}.jpg", b"") for i in range(draw(st.sampled_from([300, 5001])))]
    elif kind == "method":
        method = draw(st.sampled_from([zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]))
    else:
        entries = entries[::-1]
    return rezip(entries, method)


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(doc, dict):
        for k, v in doc.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out += _paths(v, (*prefix, i))
    return out


def _replace(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, *rest = path
    if isinstance(doc, dict):
        return {**doc, head: _replace(doc[head], tuple(rest), value)}
    copy = list(doc)
    copy[head] = _replace(doc[head], tuple(rest), value)
    return copy


@st.composite
def json_mutation(draw: st.DrawFn, raw: bytes) -> bytes:
    """``raw`` (JSON) with one value replaced, a key dropped or added, deep nesting, or a huge number."""
    doc = json.loads(raw)
    kind = draw(st.sampled_from(["replace", "replace", "drop", "add", "deep", "huge", "dupkey"]))
    if kind == "deep":
        depth = draw(st.sampled_from([50, 5000, 200_000]))
        return b"[" * depth + b"]" * depth if draw(st.booleans()) else b'{"a":' * depth + b"1" + b"}" * depth
    if kind == "huge":
        return raw.replace(b"1", b"9" * draw(st.sampled_from([20, 400, 5000])), 1)
    if kind == "dupkey":
        return raw.replace(b"{", b'{"format": 1, ', 1)
    paths = _paths(doc)
    path = draw(st.sampled_from(paths))
    if kind == "replace":
        doc = _replace(doc, path, draw(JSON_VALUE))
    else:
        parents = [p for p in paths if isinstance(_get(doc, p), dict) and _get(doc, p)]
        if parents:
            parent = draw(st.sampled_from(parents))
            d = dict(_get(doc, parent))
            if kind == "drop":
                d.pop(draw(st.sampled_from(sorted(d))))
            else:
                d[draw(st.text(max_size=6))] = draw(JSON_VALUE)
            doc = _replace(doc, parent, d)
    return json.dumps(doc, ensure_ascii=draw(st.booleans())).encode("utf-8")


def _get(doc: Any, path: tuple[Any, ...]) -> Any:
    for p in path:
        doc = doc[p]
    return doc


@st.composite
def zip_json_mutation(draw: st.DrawFn, base: bytes, json_names: tuple[str, ...]) -> bytes:
    """One JSON entry of the zip mutated, the zip otherwise rebuilt intact."""
    entries = entries_of(base)
    names = [n for n, _ in entries if n in json_names]
    if not names:
        return base
    target = draw(st.sampled_from(names))
    entries = [(n, draw(json_mutation(d)) if n == target else d) for n, d in entries]
    return rezip(entries)


@st.composite
def content_mutation(draw: st.DrawFn, base: bytes) -> bytes:
    """One entry's bytes damaged (flipped, cut, grown), the zip rebuilt intact around it: the reader's
    deeper checks (PDF, signatures, photos, database) see it."""
    entries = entries_of(base)
    i = draw(st.integers(0, len(entries) - 1))
    name, data = entries[i]
    entries[i] = (name, draw(byte_mutation(data)) if data else b"\x00")
    return rezip(entries)


def zip_file(base: bytes, json_names: tuple[str, ...]) -> st.SearchStrategy[bytes]:
    """Every kind of mutation of a zip file the program wrote."""
    return st.one_of(
        content_mutation(base),
        byte_mutation(base),
        zip_field_mutation(base),
        bad_utf8_name(base),
        entry_mutation(base),
        zip_json_mutation(base, json_names),
    )


def json_file(base: bytes) -> st.SearchStrategy[bytes]:
    """Every kind of mutation of a JSON file the program wrote."""
    return st.one_of(byte_mutation(base), json_mutation(base))


@st.composite
def backup_content_mutation(draw: st.DrawFn, base: bytes) -> bytes:
    """The database or key file of a backup damaged, and backup.json's hashes rewritten to fit: the restore
    gets past its hash check to SQLCipher, the key file reader and the access-log check."""
    import hashlib

    entries = dict(entries_of(base))
    name = draw(st.sampled_from(["injurydoc.db", "keyslots.json"]))
    data = entries[name]
    if name == "keyslots.json" and draw(st.booleans()):
        changed = draw(json_mutation(data))
    else:
        buf = bytearray(data)
        for _ in range(draw(st.integers(1, 6))):
            at = draw(st.integers(0, len(buf) - 1))
            buf[at] ^= draw(st.integers(1, 255))
        if draw(st.integers(0, 4)) == 0:
            del buf[draw(st.integers(0, len(buf) - 1)) :]
        changed = bytes(buf)
    manifest = json.loads(entries["backup.json"])
    manifest["files"][name] = hashlib.sha256(changed).hexdigest()
    entries[name] = changed
    entries["backup.json"] = json.dumps(manifest).encode()
    return rezip(list(entries.items()))
