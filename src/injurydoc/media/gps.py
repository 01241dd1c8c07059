"""Finding and removing every stored location in a photo without re-encoding it; the image-data hash.

A location can be stored in many places: the EXIF GPS IFD (JPEG APP1, PNG ``eXIf``, HEIC and TIFF
metadata, a second picture appended to a JPEG), XMP (``exif:GPS*``, ``drone-dji:*``,
``Iptc4xmpExt:LocationShown``, ``photoshop:City`` …; JPEG APP1 and extended XMP, PNG ``iTXt
XML:com.adobe.xmp``), IPTC (JPEG APP13, TIFF tag 33723), PNG text chunks, and the maker notes of a few
makes.  :func:`location_forms` looks in all of them; intake records the answer as ``has_gps``.

:func:`strip_location` removes them from JPEG and PNG **without touching the picture**:

* the EXIF GPS IFD is removed *in place*: its entry is taken out of its IFD (the entries after it move up
  12 bytes inside the same IFD), the GPS IFD and its values are zeroed, and every other byte — maker
  notes, the thumbnail (IFD1), every offset — stays where it was;
* an XMP packet, an APP13 (IPTC) segment, a PNG text chunk or another metadata segment that holds a
  location is removed whole (their other content goes with it; the manifest names what was removed);
* the result is then checked again by :func:`location_forms` and its image-data hash compared with the
  original's.  Anything that cannot be shown clean this way (damaged EXIF, a location in maker notes, a
  thumbnail or appended picture with its own position, HEIC, TIFF) raises :class:`NotSupported`, and the
  export releases the stored preview instead.

The *image-data hash* shows that the picture is unchanged: for JPEG the SHA-256 of everything after the
leading metadata segments (APPn, COM) — tables, frame header, scan data through EOI; for PNG the SHA-256
of the concatenated IDAT data.

Everything here works on bytes, never decodes pixels, and never raises anything but
:class:`NotSupported` (from the strip functions) on hostile input.
"""

from __future__ import annotations

import hashlib
import re
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

# ----- names --------------------------------------------------------------------------------------
EXIF_GPS = "exif_gps"
XMP = "xmp"
IPTC = "iptc"
MAKER_NOTE = "maker_note"
PNG_TEXT = "png_text"
OTHER = "other_metadata"
#: Metadata that could not be read, so could hold a position.
UNREADABLE = "unreadable_metadata"

_GPS_IFD_TAG = 0x8825
_EXIF_IFD_TAG = 0x8769
_INTEROP_TAG = 0xA005
_MAKER_NOTE_TAG = 0x927C
_MAKE_TAG = 0x010F
_XMP_TIFF_TAG = 700
_IPTC_TIFF_TAG = 33723
_PHOTOSHOP_TIFF_TAG = 34377

_TYPE_SIZE = {
    1: 1,
    2: 1,
    3: 2,
    4: 4,
    5: 8,
    6: 1,
    7: 1,
    8: 2,
    9: 4,
    10: 8,
    11: 4,
    12: 8,
    13: 4,
    16: 8,
    17: 8,
    18: 8,
}
_MAX_ENTRIES = 2000
_MAX_SCAN_HITS = 64

#: Property names (any prefix) that hold a place, in XMP.  Matched on names, never on free text.
_XMP_LOCATION = re.compile(
    rb"(?i)(?:[<\s:/]|^)(?:[\w.-]*gps[\w.-]*|[\w.-]*latitude|[\w.-]*longitude|[\w.-]*longtitude|"
    rb"[\w.-]*altitude|locationshown|locationcreated|location|city|state|provincestate|country|"
    rb"countrycode|countryname|sublocation|worldregion|destlatitude)\s*(?:=|>|/>)"
)
_XMP_NAMESPACES = re.compile(rb"(?i)drone-dji|www\.dji\.com/drone|ns\.google\.com/photos/1\.0/location")
#: A last resort over raw bytes (lower-cased): names that only ever appear in location metadata.
_RAW_NAMES = (
    b"exif:gps",
    b"gpslatitude",
    b"gpslongitude",
    b"gpslongtitude",
    b"gpsaltitude",
    b"gpsposition",
    b"drone-dji",
    b"locationshown",
    b"locationcreated",
    b"photoshop:city",
    b"iptc4xmpcore:location",
)


def _raw_names(data: bytes) -> bool:
    """Whether ``data`` holds a name only location metadata uses (plain substring search: a regular
    expression over a whole photo took a third of a second)."""
    lower = data.lower()
    return any(name in lower for name in _RAW_NAMES)


#: IPTC IIM record 2 datasets that name a place.
_IPTC_LOCATION = {26, 27, 90, 92, 95, 100, 101}
#: Makes whose maker notes hold a position in some models; how to check is in :func:`_maker_note_location`.
_MAKER_NOTE_GPS_MAKES = ("PENTAX", "RICOH", "KODAK", "EASTMAN KODAK", "DJI", "FLIR", "CASIO", "GOPRO")

XMP_HEADER = b"http://ns.adobe.com/xap/1.0/\x00"
XMP_EXT_HEADER = b"http://ns.adobe.com/xmp/extension/\x00"
_EXIF_HEADER = b"Exif\x00\x00"
_PNG_SIG = b"\x89PNG\r\n\x1a\n"


#: What a malformed file can make the parsers below raise (offsets past the end, wrong types in a
#: tag, runaway nesting, broken deflate …): each is caught at the module's edge and turned into an
#: answer — "unreadable" for the finder, :class:`NotSupported` for the remover — never passed on.
_MALFORMED = (
    ValueError,
    struct.error,
    IndexError,
    KeyError,
    TypeError,
    AttributeError,
    OverflowError,
    RecursionError,
    zlib.error,
)


class NotSupported(Exception):
    """This file cannot be shown free of any location without re-encoding it (release the preview)."""


class Damaged(ValueError):
    """A TIFF/EXIF, IRB or JPEG structure that does not hold together (public, like :class:`Tiff`,
    :func:`ifd_map`, :func:`thumbnail` and :func:`jpeg_segments`: the hostile-photo tests read a photo's
    structure through them to check what the cleaning kept)."""


@dataclass(frozen=True, slots=True)
class Cleaned:
    data: bytes
    #: The forms of location removed (``exif_gps``, ``xmp``, ``iptc``, ``png_text``, ``other_metadata``).
    removed: tuple[str, ...]


# ----- TIFF structures (EXIF) ----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Entry:
    pos: int  # where the 12-byte entry starts
    tag: int
    typ: int
    count: int
    value_at: int  # offset of the value: inline (pos + 8) or out of line
    size: int


class Tiff:
    """A TIFF structure (an EXIF block) read with every offset checked against its bounds."""

    def __init__(self, buf: bytes | bytearray) -> None:
        if len(buf) < 8:
            raise Damaged("short")
        order = bytes(buf[:2])
        if order == b"II":
            self.bo = "<"
        elif order == b"MM":
            self.bo = ">"
        else:
            raise Damaged("byte order")
        self.buf = buf
        if self.u16(2) != 42:
            raise Damaged("magic")
        self.ifd0 = self.u32(4)

    def u16(self, at: int) -> int:
        if at < 0 or at + 2 > len(self.buf):
            raise Damaged("offset")
        return int(struct.unpack_from(self.bo + "H", self.buf, at)[0])

    def u32(self, at: int) -> int:
        if at < 0 or at + 4 > len(self.buf):
            raise Damaged("offset")
        return int(struct.unpack_from(self.bo + "I", self.buf, at)[0])

    def entries(self, off: int) -> tuple[list[_Entry], int]:
        """The entries of the IFD at ``off`` and the offset of its next-IFD pointer."""
        n = self.u16(off)
        if n > _MAX_ENTRIES or off + 2 + 12 * n + 4 > len(self.buf):
            raise Damaged("ifd")
        out = []
        for i in range(n):
            pos = off + 2 + 12 * i
            tag, typ, count = self.u16(pos), self.u16(pos + 2), self.u32(pos + 4)
            unit = _TYPE_SIZE.get(typ)
            if unit is None:  # unknown type: its size cannot be known; the entry is kept as it is
                out.append(_Entry(pos, tag, typ, count, pos + 8, 4))
                continue
            size = unit * count
            at = pos + 8 if size <= 4 else self.u32(pos + 8)
            if size > 4 and at + size > len(self.buf):
                raise Damaged("value")
            out.append(_Entry(pos, tag, typ, count, at, size))
        return out, off + 2 + 12 * n

    def pointer(self, entry: _Entry) -> int:
        if entry.typ not in (4, 13) or entry.count < 1:
            raise Damaged("pointer type")
        return self.u32(entry.pos + 8)

    def value(self, entry: _Entry) -> bytes:
        return bytes(self.buf[entry.value_at : entry.value_at + entry.size])

    def ifd_range(self, off: int) -> tuple[int, int]:
        n = self.u16(off)
        return off, off + 2 + 12 * n + 4


def ifd_map(t: Tiff) -> dict[str, tuple[int, list[_Entry]]]:
    """IFD0, IFD1, Exif, Interop and GPS IFDs by name (those present), each with its offset."""
    out: dict[str, tuple[int, list[_Entry]]] = {}
    ifd0, nxt = t.entries(t.ifd0)
    out["ifd0"] = (t.ifd0, ifd0)
    ifd1_off = t.u32(nxt)
    if ifd1_off:
        out["ifd1"] = (ifd1_off, t.entries(ifd1_off)[0])
    for e in ifd0:
        if e.tag == _EXIF_IFD_TAG:
            off = t.pointer(e)
            out["exif"] = (off, t.entries(off)[0])
        elif e.tag == _GPS_IFD_TAG:
            off = t.pointer(e)
            out["gps"] = (off, t.entries(off)[0])
    for e in out.get("exif", (0, []))[1]:
        if e.tag == _INTEROP_TAG:
            off = t.pointer(e)
            out["interop"] = (off, t.entries(off)[0])
        elif e.tag == _GPS_IFD_TAG:  # misplaced, but readers follow it
            off = t.pointer(e)
            out["gps_in_exif"] = (off, t.entries(off)[0])
    return out


def _tag(entries: list[_Entry], tag: int) -> _Entry | None:
    return next((e for e in entries if e.tag == tag), None)


def thumbnail(t: Tiff, ifds: dict[str, tuple[int, list[_Entry]]]) -> bytes:
    """The embedded thumbnail's bytes (IFD1's JPEG), or b"" when there is none."""
    entries = ifds.get("ifd1", (0, []))[1]
    start, length = _tag(entries, 0x0201), _tag(entries, 0x0202)
    if start is None or length is None:
        return b""
    a, n = t.u32(start.pos + 8), t.u32(length.pos + 8)
    if a + n > len(t.buf):
        raise Damaged("thumbnail")
    return bytes(t.buf[a : a + n])


def _maker_note_location(t: Tiff, ifds: dict[str, tuple[int, list[_Entry]]]) -> bool:
    """Whether the maker note may hold a position (known makes only; see the module docstring)."""
    note = _tag(ifds.get("exif", (0, []))[1], _MAKER_NOTE_TAG)
    if note is None or note.size == 0:
        return False
    make_entry = _tag(ifds["ifd0"][1], _MAKE_TAG)
    make = t.value(make_entry).strip(b"\x00 ").upper() if make_entry else b""
    body = t.value(note)
    if b"GPS" in body.upper():  # Kodak's GPSString, Samsung's GPSInfo0n, text positions
        return True
    if any(make.startswith(m.encode()) for m in _MAKER_NOTE_GPS_MAKES):
        return True  # their layouts are not read here: cannot be shown clean
    if make.startswith(b"NIKON") and body.startswith(b"Nikon\x00\x02"):
        # Type 3 Nikon maker note: its own TIFF header at byte 10; tag 0x0039 is LocationInfo.
        inner = Tiff(body[10:])
        loc = _tag(inner.entries(inner.ifd0)[0], 0x0039)
        return loc is not None and any(inner.value(loc)[4:])
    if make.startswith(b"SAMSUNG"):
        # A plain IFD at the start of the note, offsets from the EXIF block; 0x002f–0x0034 hold places.
        entries, _ = t.entries(note.value_at)
        return any(0x002F <= e.tag <= 0x0034 and e.size > 0 and any(t.value(e)) for e in entries)
    return False


def _exif_forms(tiff: bytes | bytearray, depth: int = 0) -> set[str]:
    """Location forms inside one EXIF (TIFF) block; a damaged block counts as a possible location."""
    try:
        t = Tiff(tiff)
        ifds = ifd_map(t)
    except Damaged:
        return {UNREADABLE}
    forms: set[str] = set()
    for name in ("gps", "gps_in_exif"):
        if name in ifds and any(e.tag != 0 for e in ifds[name][1]):
            forms.add(EXIF_GPS)
    try:
        if _maker_note_location(t, ifds):
            forms.add(MAKER_NOTE)
        thumb = thumbnail(t, ifds)
    except Damaged:
        return forms | {UNREADABLE}
    if thumb and depth == 0:
        forms |= location_forms(thumb, _depth=1)
    # A TIFF file (not an EXIF block) also stores XMP and IPTC as tags in IFD0.
    for e in ifds["ifd0"][1]:
        if e.tag == _XMP_TIFF_TAG and _xmp_has_location(t.value(e)):
            forms.add(XMP)
        elif e.tag == _IPTC_TIFF_TAG and _iptc_has_location(t.value(e)):
            forms.add(IPTC)
        elif e.tag == _PHOTOSHOP_TIFF_TAG and _irb_forms(t.value(e)):
            forms |= _irb_forms(t.value(e))
    return forms


# ----- XMP, IPTC ----------------------------------------------------------------------------------
def _xmp_has_location(xmp: bytes) -> bool:
    return any(_XMP_LOCATION.search(text) or _XMP_NAMESPACES.search(text) for text in _decodings(xmp))


def _decodings(raw: bytes) -> Iterator[bytes]:
    """The packet as UTF-8 bytes, and as UTF-16/32 recoded when it is written that way."""
    yield raw
    if b"\x00" in raw[:64]:
        for enc in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
            yield raw.decode(enc, errors="ignore").encode("utf-8", errors="ignore")


def _iptc_has_location(iim: bytes) -> bool:
    pos = 0
    while pos + 5 <= len(iim):
        if iim[pos] != 0x1C:
            return True  # not IIM as it should be: cannot be read, so cannot be shown clean
        record, dataset = iim[pos + 1], iim[pos + 2]
        length = struct.unpack_from(">H", iim, pos + 3)[0]
        pos += 5
        if length & 0x8000:  # extended length
            n = length & 0x7FFF
            if n > 4 or pos + n > len(iim):
                return True
            length = int.from_bytes(iim[pos : pos + n], "big")
            pos += n
        if record == 2 and dataset in _IPTC_LOCATION and length > 0:
            return True
        pos += length
    return False


def _irb_blocks(irb: bytes) -> Iterator[tuple[int, bytes]]:
    """Photoshop image resource blocks (id, data); raises Damaged on a broken structure."""
    pos = 0
    while pos < len(irb):
        if irb[pos : pos + 4] != b"8BIM":
            if not irb[pos:].strip(b"\x00"):
                return
            raise Damaged("irb")
        if pos + 7 > len(irb):
            raise Damaged("irb")
        rid = struct.unpack_from(">H", irb, pos + 4)[0]
        name_len = irb[pos + 6]
        pos += 7 + name_len + ((name_len + 1) % 2)
        if pos + 4 > len(irb):
            raise Damaged("irb")
        size = struct.unpack_from(">I", irb, pos)[0]
        pos += 4
        if pos + size > len(irb):
            raise Damaged("irb")
        yield rid, irb[pos : pos + size]
        pos += size + (size % 2)


def _irb_forms(irb: bytes) -> set[str]:
    forms: set[str] = set()
    try:
        for rid, data in _irb_blocks(irb):
            if rid == 0x0404 and _iptc_has_location(data):
                forms.add(IPTC)
            elif rid == 0x0424 and _xmp_has_location(data):
                forms.add(XMP)
            elif rid in (0x0422, 0x0423):  # EXIF data 1 and 3
                forms |= _exif_forms(data[6:] if data.startswith(_EXIF_HEADER) else data)
    except Damaged:
        forms.add(UNREADABLE)
    return forms


# ----- scanning any file ---------------------------------------------------------------------------
def _find_all(data: bytes, needle: bytes) -> Iterator[int]:
    pos, hits = data.find(needle), 0
    while pos >= 0 and hits < _MAX_SCAN_HITS:
        yield pos
        hits += 1
        pos = data.find(needle, pos + 1)


def _raw_forms(data: bytes) -> set[str]:
    """Locations found by scanning raw bytes: any EXIF block anywhere (a HEIC item, a second picture
    after a JPEG), any XMP packet, any Photoshop IPTC block, and names only location metadata uses."""
    forms: set[str] = set()
    for pos in _find_all(data, _EXIF_HEADER):
        block = data[pos + 6 :]
        if block[:4] in (b"II*\x00", b"MM\x00*"):
            # A damaged block found by scanning may be a false match inside other data; a real one is
            # judged where its segment is parsed.
            try:
                ifd_map(Tiff(block))
            except Damaged:
                continue
            forms |= _exif_forms(block)
    for pos in _find_all(data, b"<x:xmpmeta"):
        end = data.find(b"</x:xmpmeta>", pos)
        if _xmp_has_location(data[pos : len(data) if end < 0 else end + 12]):
            forms.add(XMP)
    for pos in _find_all(data, b"8BIM\x04\x04"):
        forms |= _irb_forms(data[pos:]) & {IPTC}
    if _raw_names(data):
        forms.add(OTHER)
    return forms


def _metadata_region(data: bytes) -> bytes:
    """The bytes that can hold metadata: for JPEG all but the first picture's compressed scan data
    (which cannot hold any: every 0xFF in it is stuffed), for PNG all but IDAT; else everything."""
    if data[:2] == b"\xff\xd8":
        _, image_start = jpeg_segments(data)
        sos = data.find(b"\xff\xda", image_start)
        eoi = data.find(b"\xff\xd9", sos) if sos >= 0 else -1
        return data if eoi < 0 else data[:image_start] + data[eoi + 2 :]
    if data[:8] == _PNG_SIG:
        return b"".join(tag + body for tag, body in _png_chunks(data) if tag != b"IDAT")
    return data


def location_forms(data: bytes, *, _depth: int = 0) -> set[str]:
    """Every form of stored location found in ``data`` (empty: none).  Never raises."""
    forms: set[str] = set()
    try:
        if data[:2] == b"\xff\xd8":
            forms |= _jpeg_forms(data, _depth)
        elif data[:8] == _PNG_SIG:
            forms |= _png_forms(data)
        elif data[:4] in (b"II*\x00", b"MM\x00*"):
            forms |= _exif_forms(data, _depth)
        forms |= _raw_forms(_metadata_region(data))
    except _MALFORMED:
        forms.add(UNREADABLE)
    return forms


def has_gps(data: bytes) -> bool:
    return bool(location_forms(data))


# ----- JPEG ---------------------------------------------------------------------------------------
def jpeg_segments(data: bytes) -> tuple[list[tuple[int, int, int]], int]:
    """Leading marker segments as (marker, start, end) and the offset where image data begins."""
    if data[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG")
    pos = 2
    segments: list[tuple[int, int, int]] = []
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            raise ValueError("bad JPEG marker")
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if not (0xE0 <= marker <= 0xEF or marker == 0xFE):
            return segments, pos
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        if length < 2 or pos + 2 + length > len(data):
            raise ValueError("truncated JPEG segment")
        segments.append((marker, pos, pos + 2 + length))
        pos += 2 + length
    raise ValueError("truncated JPEG")


def _segment_forms(marker: int, payload: bytes) -> set[str]:
    if marker == 0xE1 and payload.startswith(_EXIF_HEADER):
        return _exif_forms(payload[6:])
    if marker == 0xE1 and (payload.startswith(XMP_HEADER) or payload.startswith(XMP_EXT_HEADER)):
        return {XMP} if _xmp_has_location(payload) else set()
    if marker == 0xED:
        body = payload[14:] if payload.startswith(b"Photoshop 3.0\x00") else payload
        return _irb_forms(body)
    if _raw_names(payload) or (_XMP_LOCATION.search(payload) and b"xmp" in payload.lower()):
        return {OTHER}
    return set()


def _jpeg_forms(data: bytes, depth: int) -> set[str]:
    segments, _ = jpeg_segments(data)
    forms: set[str] = set()
    ext_xmp = bytearray()
    for marker, start, end in segments:
        payload = data[start + 4 : end]
        if marker == 0xE1 and payload.startswith(XMP_EXT_HEADER):
            ext_xmp += payload[len(XMP_EXT_HEADER) + 40 :]
            continue
        if marker == 0xE1 and payload.startswith(_EXIF_HEADER):
            forms |= _exif_forms(payload[6:], depth)
            continue
        forms |= _segment_forms(marker, payload)
    if ext_xmp and _xmp_has_location(bytes(ext_xmp)):
        forms.add(XMP)
    return forms


def _strip_exif_block(tiff: bytes) -> tuple[bytes, bool]:
    """The EXIF block with its GPS IFD removed in place; same length, every other byte kept."""
    t = Tiff(tiff)
    ifds = ifd_map(t)
    if _maker_note_location(t, ifds):
        raise NotSupported("maker note may hold a position")
    thumb = thumbnail(t, ifds)
    if thumb and location_forms(thumb, _depth=1):
        raise NotSupported("thumbnail holds a position")
    gps_names = [n for n in ("gps", "gps_in_exif") if n in ifds]
    if not gps_names:
        return tiff, False
    # Every byte another structure uses; the GPS data must not share any of it.
    keep: list[tuple[int, int]] = [(0, 8)]
    for name, (off, entries) in ifds.items():
        if name in gps_names:
            continue
        keep.append(t.ifd_range(off))
        keep.extend((e.value_at, e.value_at + e.size) for e in entries if e.size > 4)
    thumb_entry = _tag(ifds.get("ifd1", (0, []))[1], 0x0201)
    if thumb and thumb_entry is not None:
        a = t.u32(thumb_entry.pos + 8)
        keep.append((a, a + len(thumb)))
    zero: list[tuple[int, int]] = []
    for name in gps_names:
        off, entries = ifds[name]
        zero.append(t.ifd_range(off))
        zero.extend((e.value_at, e.value_at + e.size) for e in entries if e.size > 4)
    for za, zb in zero:
        for ka, kb in keep:
            if za < kb and ka < zb:
                raise NotSupported("GPS data shares bytes with other EXIF data")
    out = bytearray(tiff)
    for za, zb in zero:
        out[za:zb] = bytes(zb - za)
    # Take the pointer entry out of its IFD: later entries move up, the count drops by one, the
    # next-IFD pointer follows them; the 12 bytes freed at the end are zeroed.
    for parent in ("ifd0", "exif"):
        if parent not in ifds:
            continue
        off, entries = ifds[parent]
        kept = [e for e in entries if e.tag != _GPS_IFD_TAG]
        if len(kept) == len(entries):
            continue
        _start, end = t.ifd_range(off)
        next_ptr = bytes(tiff[end - 4 : end])
        body = b"".join(bytes(tiff[e.pos : e.pos + 12]) for e in kept)
        struct.pack_into(t.bo + "H", out, off, len(kept))
        new = body + next_ptr
        out[off + 2 : off + 2 + len(new)] = new
        out[off + 2 + len(new) : end] = bytes(end - (off + 2 + len(new)))
    return bytes(out), True


def strip_location_jpeg(data: bytes) -> Cleaned:
    segments, image_start = jpeg_segments(data)
    xmp_location = XMP in _jpeg_forms(data, 1)
    out = bytearray(data[:2])
    removed: set[str] = set()
    for marker, start, end in segments:
        payload = data[start + 4 : end]
        if marker == 0xE1 and payload.startswith(_EXIF_HEADER):
            try:
                tiff, changed = _strip_exif_block(payload[6:])
            except Damaged:
                raise NotSupported("damaged EXIF") from None
            if changed:
                removed.add(EXIF_GPS)
            out += data[start : start + 4] + _EXIF_HEADER + tiff
            continue
        if marker == 0xE1 and (payload.startswith(XMP_HEADER) or payload.startswith(XMP_EXT_HEADER)):
            if xmp_location:
                removed.add(XMP)
                continue
        else:
            forms = _segment_forms(marker, payload)
            if forms:
                removed |= forms
                continue
        out += data[start:end]
    out += data[image_start:]
    return _proved(data, bytes(out), "image/jpeg", removed)


def jpeg_image_hash(data: bytes) -> str:
    _, image_start = jpeg_segments(data)
    return hashlib.sha256(data[image_start:]).hexdigest()


# ----- PNG ----------------------------------------------------------------------------------------
def _png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    if data[:8] != _PNG_SIG:
        raise ValueError("not a PNG")
    pos, chunks = 8, []
    while pos + 8 <= len(data):
        length = struct.unpack(">I", data[pos : pos + 4])[0]
        tag = data[pos + 4 : pos + 8]
        if pos + 12 + length > len(data):
            raise ValueError("truncated PNG chunk")
        chunks.append((tag, data[pos + 8 : pos + 8 + length]))
        pos += 12 + length
        if tag == b"IEND":
            break
    return chunks


def _png_write(chunks: list[tuple[bytes, bytes]]) -> bytes:
    out = bytearray(_PNG_SIG)
    for tag, body in chunks:
        out += (
            struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body) & 0xFFFFFFFF)
        )
    return bytes(out)


_TEXT_LOCATION = re.compile(rb"(?i)gps|latitud|longitud|location|geo|position|koordinat|plats")
_TEXT_LIMIT = 4 * 1024 * 1024


def _inflate(body: bytes) -> bytes:
    d = zlib.decompressobj()
    out = d.decompress(body, _TEXT_LIMIT)
    if d.unconsumed_tail:
        raise ValueError("text chunk too large")
    return out


def _png_text_location(tag: bytes, body: bytes) -> bool:
    """A text chunk that holds (or may hold) a location: XMP with one, a raw metadata profile, or a
    keyword or text that names one.  What cannot be read counts as holding one."""
    keyword, _, rest = body.partition(b"\x00")
    try:
        if tag == b"tEXt":
            text = rest
        elif tag == b"zTXt":
            text = _inflate(rest[1:])
        else:  # iTXt: compression flag, method, language, translated keyword, text
            flag = rest[:1]
            _lang, _, rest2 = rest[2:].partition(b"\x00")
            _tkey, _, text = rest2.partition(b"\x00")
            if flag == b"\x01":
                text = _inflate(text)
    except (ValueError, zlib.error):
        return True
    if keyword == b"XML:com.adobe.xmp":
        return _xmp_has_location(text)
    if keyword.lower().startswith(b"raw profile type"):
        return True  # ImageMagick's hex-encoded EXIF/IPTC/XMP: removed whole
    return bool(_TEXT_LOCATION.search(keyword) or _TEXT_LOCATION.search(text) or _raw_names(text))


def _png_forms(data: bytes) -> set[str]:
    forms: set[str] = set()
    for tag, body in _png_chunks(data):
        if tag == b"eXIf":
            forms |= _exif_forms(body[6:] if body.startswith(_EXIF_HEADER) else body)
        elif tag in (b"tEXt", b"zTXt", b"iTXt"):
            if _png_text_location(tag, body):
                forms.add(XMP if body.startswith(b"XML:com.adobe.xmp\x00") else PNG_TEXT)
        elif tag[:1].islower() and (_raw_names(body) or b"gps" in body.lower()):
            forms.add(OTHER)
    return forms


def strip_location_png(data: bytes) -> Cleaned:
    chunks: list[tuple[bytes, bytes]] = []
    removed: set[str] = set()
    for tag, body in _png_chunks(data):
        if tag == b"eXIf":
            prefix = _EXIF_HEADER if body.startswith(_EXIF_HEADER) else b""
            try:
                tiff, changed = _strip_exif_block(body[len(prefix) :])
            except Damaged:
                raise NotSupported("damaged EXIF") from None
            if changed:
                removed.add(EXIF_GPS)
            chunks.append((tag, prefix + tiff))
        elif tag in (b"tEXt", b"zTXt", b"iTXt") and _png_text_location(tag, body):
            removed.add(XMP if body.startswith(b"XML:com.adobe.xmp\x00") else PNG_TEXT)
        elif tag[:1].islower() and tag != b"eXIf" and (_raw_names(body) or b"gps" in body.lower()):
            removed.add(OTHER)
        else:
            chunks.append((tag, body))
    return _proved(data, _png_write(chunks), "image/png", removed)


def png_image_hash(data: bytes) -> str:
    h = hashlib.sha256()
    for tag, body in _png_chunks(data):
        if tag == b"IDAT":
            h.update(body)
    return h.hexdigest()


# ----- dispatch -----------------------------------------------------------------------------------
def _proved(original: bytes, cleaned: bytes, media_type: str, removed: set[str]) -> Cleaned:
    """The cleaned file, once shown free of every location and with the picture unchanged."""
    left = location_forms(cleaned)
    if left:
        raise NotSupported("location left: " + ", ".join(sorted(left)))
    if image_data_hash(cleaned, media_type) != image_data_hash(original, media_type):
        raise NotSupported("image data changed")
    return Cleaned(cleaned, tuple(sorted(removed)))


def strip_location(data: bytes, media_type: str) -> Cleaned:
    """``data`` without any stored location, the picture untouched; :class:`NotSupported` otherwise."""
    try:
        if media_type == "image/jpeg":
            return strip_location_jpeg(data)
        if media_type == "image/png":
            return strip_location_png(data)
    except NotSupported:
        raise
    except _MALFORMED as exc:
        raise NotSupported(f"unreadable metadata ({type(exc).__name__})") from None
    raise NotSupported(media_type)


def strip_gps(data: bytes, media_type: str) -> bytes:
    return strip_location(data, media_type).data


def image_data_hash(data: bytes, media_type: str) -> str | None:
    try:
        if media_type == "image/jpeg":
            return jpeg_image_hash(data)
        if media_type == "image/png":
            return png_image_hash(data)
    except (ValueError, struct.error):
        return None
    return None
