"""Hostile and odd photos for the corpus (``make_corpus.py``) and the tests that use them.

Every generator is deterministic and needs only Pillow: the EXIF blocks are laid out by hand the way
cameras write them (IFD0, Exif IFD with a maker note, GPS IFD, IFD1 with a JPEG thumbnail), so that
GPS removal can be checked to leave everything else where it was.  :data:`CASES` names each file with
what the program must do with it.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from injurydoc.media.synthetic import Mark, PhotoSpec, make_photo
from tests.data.hostile._filecase import repeated_deflate

HEIC_DIR = Path(__file__).resolve().parent.parent / "photos"

LAT = (59, 19, 4560)  # 59°19'45.60" N  (Stockholm)
LON = (18, 4, 700)  # 18°4'7.00" E


# ----- building blocks ------------------------------------------------------------------------------
def plain_jpeg(seed: int = 40, size: tuple[int, int] = (640, 480)) -> bytes:
    """A JPEG without any metadata segment (APP0 JFIF only)."""
    # noise=0: Pillow's noise generator is not seeded, and the corpus must be the same in every run
    spec = PhotoSpec(
        size=size, seed=seed, marks=(Mark(0.5, 0.5), Mark(0.2, 0.7, colour=(150, 90, 80))), noise=0
    )
    img = Image.open(io.BytesIO(make_photo(spec)))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=88)
    return out.getvalue()


def _segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def with_segments(jpeg: bytes, *segments: bytes) -> bytes:
    """``jpeg`` with ``segments`` inserted right after SOI."""
    return jpeg[:2] + b"".join(segments) + jpeg[2:]


def _ifd(entries: list[tuple[int, int, int, bytes]], at: int, next_ifd: int = 0) -> tuple[bytes, bytes]:
    """One little-endian IFD placed at ``at``: (IFD bytes, out-of-line value bytes placed right after)."""
    entries = sorted(entries)
    base = at + 2 + 12 * len(entries) + 4
    head, tail = bytearray(struct.pack("<H", len(entries))), bytearray()
    for tag, typ, count, value in entries:
        if len(value) <= 4:
            head += struct.pack("<HHI", tag, typ, count) + value.ljust(4, b"\x00")
        else:
            head += struct.pack("<HHII", tag, typ, count, base + len(tail))
            tail += value + (b"\x00" if len(value) % 2 else b"")
    head += struct.pack("<I", next_ifd)
    return bytes(head), bytes(tail)


def _ascii(s: str) -> tuple[int, bytes]:
    b = s.encode() + b"\x00"
    return len(b), b


def _rationals(*pairs: tuple[int, int]) -> bytes:
    return b"".join(struct.pack("<II", a, b) for a, b in pairs)


def camera_exif(*, gps: bool = True, thumbnail: bool = True, make: str = "Exempelkamera") -> bytes:
    """A camera-like EXIF block (TIFF, little-endian): IFD0 → Exif IFD (capture time, maker note),
    GPS IFD, IFD1 with a JPEG thumbnail.  Laid out in that order, as cameras do."""
    thumb = plain_jpeg(seed=41, size=(160, 120)) if thumbnail else b""
    maker_note = b"EXMPLNOTE\x00" + bytes(range(256)) * 2  # opaque bytes, as a maker note is to readers
    n_make, v_make = _ascii(make)
    n_model, v_model = _ascii("EK-100")
    n_dto, v_dto = _ascii("2026:11:20 14:03:12")
    n_mod, v_mod = _ascii("2026:11:21 09:00:00")

    def layout(exif_at: int, gps_at: int, ifd1_at: int) -> list[tuple[int, int, int, bytes]]:
        e = [
            (0x010F, 2, n_make, v_make),
            (0x0110, 2, n_model, v_model),
            (0x0112, 3, 1, struct.pack("<H", 1)),
            (0x0132, 2, n_mod, v_mod),
            (0x8769, 4, 1, struct.pack("<I", exif_at)),
        ]
        if gps:
            e.append((0x8825, 4, 1, struct.pack("<I", gps_at)))
        return e

    exif_entries = [
        (0x9003, 2, n_dto, v_dto),
        (0x9011, 2, 7, b"+01:00\x00"),
        (0x927C, 7, len(maker_note), maker_note),
    ]
    gps_entries = [
        (0x0000, 1, 4, bytes([2, 3, 0, 0])),
        (0x0001, 2, 2, b"N\x00"),
        (0x0002, 5, 3, _rationals((LAT[0], 1), (LAT[1], 1), (LAT[2], 100))),
        (0x0003, 2, 2, b"E\x00"),
        (0x0004, 5, 3, _rationals((LON[0], 1), (LON[1], 1), (LON[2], 100))),
    ]
    # Two passes: sizes first, then the real offsets.
    exif_at = gps_at = ifd1_at = 0
    for _ in range(2):
        ifd0, ifd0_tail = _ifd(layout(exif_at, gps_at, ifd1_at), 8, ifd1_at)
        exif_at = 8 + len(ifd0) + len(ifd0_tail)
        exif_ifd, exif_tail = _ifd(exif_entries, exif_at)
        gps_at = exif_at + len(exif_ifd) + len(exif_tail)
        gps_ifd, gps_tail = _ifd(gps_entries, gps_at) if gps else (b"", b"")
        ifd1_at = gps_at + len(gps_ifd) + len(gps_tail)
    thumb_at = ifd1_at + 2 + 12 * 3 + 4
    ifd1, _ = _ifd(
        [
            (0x0103, 3, 1, struct.pack("<H", 6)),
            (0x0201, 4, 1, struct.pack("<I", thumb_at)),
            (0x0202, 4, 1, struct.pack("<I", len(thumb))),
        ],
        ifd1_at,
    )
    if not thumbnail:
        ifd1 = b""
        ifd0, ifd0_tail = _ifd(layout(exif_at, gps_at, 0), 8, 0)
    return (
        b"II*\x00\x08\x00\x00\x00"
        + ifd0
        + ifd0_tail
        + exif_ifd
        + exif_tail
        + gps_ifd
        + gps_tail
        + ifd1
        + thumb
    )


def exif_segment(tiff: bytes) -> bytes:
    return _segment(0xE1, b"Exif\x00\x00" + tiff)


XMP_GPS_ATTRS = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="Galleri 3.1" '
    'exif:GPSLatitude="59,19.76N" exif:GPSLongitude="18,4.1167E"/></rdf:RDF></x:xmpmeta>'
)
XMP_GPS_ELEMENTS = (
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
    'xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" '
    'xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" '
    'xmlns:drone-dji="http://www.dji.com/drone-dji/1.0/" drone-dji:AbsoluteAltitude="+31.20">'
    "<exif:GPSLatitude>59,19.76N</exif:GPSLatitude><exif:GPSLongitude>18,4.1167E</exif:GPSLongitude>"
    "<photoshop:City>Stockholm</photoshop:City>"
    "<Iptc4xmpExt:LocationShown><rdf:Bag><rdf:li><Iptc4xmpExt:City>Stockholm</Iptc4xmpExt:City>"
    "</rdf:li></rdf:Bag></Iptc4xmpExt:LocationShown></rdf:Description></rdf:RDF></x:xmpmeta>"
    '<?xpacket end="w"?>'
)


def xmp_segment(xmp: str) -> bytes:
    return _segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + xmp.encode())


def _png_chunk(tag: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body) & 0xFFFFFFFF)


def plain_png(size: tuple[int, int] = (320, 240)) -> bytes:
    img = Image.open(io.BytesIO(plain_jpeg(seed=42, size=size))).convert("RGB")
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def png_with(png: bytes, *chunks: bytes) -> bytes:
    """``png`` with ``chunks`` inserted right after IHDR."""
    ihdr_end = 8 + 8 + 13 + 4
    return png[:ihdr_end] + b"".join(chunks) + png[ihdr_end:]


def itxt(keyword: str, text: str) -> bytes:
    return _png_chunk(b"iTXt", keyword.encode() + b"\x00\x00\x00\x00\x00" + text.encode())


# ----- the corpus -----------------------------------------------------------------------------------
def xmp_gps_jpeg() -> bytes:
    """A phone-gallery JPEG: no EXIF GPS, the position only in XMP attributes."""
    return with_segments(plain_jpeg(), xmp_segment(XMP_GPS_ATTRS))


def xmp_gps_png() -> bytes:
    """A photo editor's PNG: the position in ``iTXt XML:com.adobe.xmp`` (elements, drone-dji, city)."""
    return png_with(plain_png(), itxt("XML:com.adobe.xmp", XMP_GPS_ELEMENTS))


def exif_and_xmp_gps_jpeg() -> bytes:
    """A camera JPEG with thumbnail and maker note, GPS in EXIF *and* in XMP."""
    return with_segments(plain_jpeg(seed=43), exif_segment(camera_exif()), xmp_segment(XMP_GPS_ELEMENTS))


def exif_gps_thumbnail_jpeg() -> bytes:
    """GPS in EXIF only, with a thumbnail and maker note that must survive its removal unchanged."""
    return with_segments(plain_jpeg(seed=44), exif_segment(camera_exif()))


def damaged_exif_gps_jpeg() -> bytes:
    """EXIF whose GPS IFD pointer points past the end of the block (a broken editor's output)."""
    tiff = bytearray(camera_exif(thumbnail=False))
    # Find the GPS pointer entry in IFD0 and make it point far outside.
    n = struct.unpack_from("<H", tiff, 8)[0]
    for i in range(n):
        pos = 10 + 12 * i
        if struct.unpack_from("<H", tiff, pos)[0] == 0x8825:
            struct.pack_into("<I", tiff, pos + 8, 0x7FFFFFF0)
    return with_segments(plain_jpeg(seed=45), exif_segment(bytes(tiff)))


def truncated_exif_jpeg() -> bytes:
    """EXIF cut off in the middle of the GPS IFD (struct.error territory for naive readers)."""
    tiff = camera_exif(thumbnail=False)
    return with_segments(plain_jpeg(seed=46), exif_segment(tiff[: len(tiff) - 30]))


def iptc_location_jpeg() -> bytes:
    """A news-desk JPEG: city and country in IPTC (APP13), nothing in EXIF."""

    def ds(number: int, value: str) -> bytes:
        b = value.encode()
        return b"\x1c\x02" + bytes([number]) + struct.pack(">H", len(b)) + b

    iim = ds(0, "\x00\x04") + ds(90, "Stockholm") + ds(101, "Sverige") + ds(120, "Bild")
    irb = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(iim)) + iim + (b"\x00" if len(iim) % 2 else b"")
    return with_segments(plain_jpeg(seed=47), _segment(0xED, b"Photoshop 3.0\x00" + irb))


def png_text_location() -> bytes:
    """A PNG whose plain text chunk names the place."""
    return png_with(plain_png(), _png_chunk(b"tEXt", b"Location\x00Sergels torg, Stockholm"))


def rgba_bomb_png(width: int = 12_000, height: int = 10_000) -> bytes:
    """120 MP RGBA in about half a megabyte: fully transparent rows compress ~1000:1."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    row = b"\x00" + b"\x00" * (width * 4)
    rows = next(n for n in (100, 10, 1) if height % n == 0)  # rows per deflated copy
    idat = repeated_deflate(row * rows, height // rows, 9, wrapped=True)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", bytes(idat))
        + _png_chunk(b"IEND", b"")
    )


def deflated_tiff_bomb(width: int = 11_000, height: int = 10_000) -> bytes:
    """A deflate-compressed RGBA TIFF of 110 MP, a few hundred kilobytes (one strip per 256 rows)."""
    rows = 256
    strip = zlib.compress(b"\x00" * (width * 4 * rows), 9)
    n_strips = (height + rows - 1) // rows
    last = zlib.compress(b"\x00" * (width * 4 * (height - rows * (n_strips - 1))), 9)
    strips = [strip] * (n_strips - 1) + [last]
    data_at = 8
    offsets, pos = [], data_at
    for s in strips:
        offsets.append(pos)
        pos += len(s)
    ifd_at = pos + (pos % 2)
    off_arr = b"".join(struct.pack("<I", o) for o in offsets)
    cnt_arr = b"".join(struct.pack("<I", len(s)) for s in strips)
    entries = [
        (256, 4, 1, struct.pack("<I", width)),
        (257, 4, 1, struct.pack("<I", height)),
        (258, 3, 4, struct.pack("<HHHH", 8, 8, 8, 8)),
        (259, 3, 1, struct.pack("<H", 8)),  # deflate
        (262, 3, 1, struct.pack("<H", 2)),  # RGB
        (273, 4, len(strips), off_arr),
        (277, 3, 1, struct.pack("<H", 4)),
        (278, 4, 1, struct.pack("<I", rows)),
        (279, 4, len(strips), cnt_arr),
        (338, 3, 1, struct.pack("<H", 2)),  # unassociated alpha
    ]
    ifd, tail = _ifd(entries, ifd_at)
    body = b"".join(strips) + (b"\x00" if pos % 2 else b"")
    return b"II*\x00" + struct.pack("<I", ifd_at) + body + ifd + tail


def gps_tiff(width: int = 160, height: int = 120) -> bytes:
    """An uncompressed RGB TIFF whose IFD0 points to a GPS IFD (scanners and some editors)."""
    pixels = bytes(v for y in range(height) for x in range(width) for v in (200, 150 - y // 2, 120 + x // 4))
    gps_entries = [
        (0x0001, 2, 2, b"N\x00"),
        (0x0002, 5, 3, _rationals((LAT[0], 1), (LAT[1], 1), (LAT[2], 100))),
        (0x0003, 2, 2, b"E\x00"),
        (0x0004, 5, 3, _rationals((LON[0], 1), (LON[1], 1), (LON[2], 100))),
    ]

    def ifd0(strip_at: int, gps_at: int) -> list[tuple[int, int, int, bytes]]:
        return [
            (256, 4, 1, struct.pack("<I", width)),
            (257, 4, 1, struct.pack("<I", height)),
            (258, 3, 3, struct.pack("<HHH", 8, 8, 8)),
            (259, 3, 1, struct.pack("<H", 1)),
            (262, 3, 1, struct.pack("<H", 2)),
            (273, 4, 1, struct.pack("<I", strip_at)),
            (277, 3, 1, struct.pack("<H", 3)),
            (278, 4, 1, struct.pack("<I", height)),
            (279, 4, 1, struct.pack("<I", len(pixels))),
            (0x8825, 4, 1, struct.pack("<I", gps_at)),
        ]

    strip_at = gps_at = 0
    for _ in range(2):
        head, tail = _ifd(ifd0(strip_at, gps_at), 8)
        gps_at = 8 + len(head) + len(tail)
        g_head, g_tail = _ifd(gps_entries, gps_at)
        strip_at = gps_at + len(g_head) + len(g_tail)
    return b"II*\x00\x08\x00\x00\x00" + head + tail + g_head + g_tail + pixels


def truncated_jpeg() -> bytes:
    """A camera JPEG cut off two thirds in: libjpeg fills the missing rows with grey."""
    data = make_photo(PhotoSpec(size=(800, 600), seed=48, marks=(Mark(0.5, 0.5),), scale=True, noise=0))
    return data[: len(data) * 2 // 3]


def no_capture_time_jpeg() -> bytes:
    """EXIF with only the modification time (IFD0 DateTime), no DateTimeOriginal."""
    exif = Image.Exif()
    exif[0x010F] = "Redigerare"
    exif[0x0132] = "2026:11:21 09:00:00"
    img = Image.open(io.BytesIO(plain_jpeg(seed=49)))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=88, exif=exif)
    return out.getvalue()


def heic_gps() -> bytes:
    """A phone HEIC with EXIF GPS (kept as a file: writing HEIC needs an encoder the program lacks)."""
    return (HEIC_DIR / "phone-gps.heic").read_bytes()


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[], bytes]
    #: intake: "imported" or the refusal's message code
    intake: str
    has_gps: bool = False
    #: what a protected person's export releases: "unchanged", "gps_removed" or "original_withheld"
    export: str = "unchanged"
    #: the location forms the export reports as removed
    removed: tuple[str, ...] = ()
    decode_warning: bool = False
    note: str = field(default="")


CASES: tuple[Case, ...] = (
    Case("xmp-gps.jpg", xmp_gps_jpeg, "imported", True, "gps_removed", ("xmp",), note="XMP attributes only"),
    Case(
        "xmp-gps.png", xmp_gps_png, "imported", True, "gps_removed", ("xmp",), note="iTXt XML:com.adobe.xmp"
    ),
    Case("exif-xmp-gps.jpg", exif_and_xmp_gps_jpeg, "imported", True, "gps_removed", ("exif_gps", "xmp")),
    Case("exif-gps-thumbnail.jpg", exif_gps_thumbnail_jpeg, "imported", True, "gps_removed", ("exif_gps",)),
    Case("damaged-exif-gps.jpg", damaged_exif_gps_jpeg, "imported", True, "original_withheld"),
    Case("truncated-exif-gps.jpg", truncated_exif_jpeg, "imported", True, "original_withheld"),
    Case("iptc-location.jpg", iptc_location_jpeg, "imported", True, "gps_removed", ("iptc",)),
    Case("png-text-location.png", png_text_location, "imported", True, "gps_removed", ("png_text",)),
    Case("phone-gps.heic", heic_gps, "imported", True, "original_withheld"),
    Case("gps.tif", gps_tiff, "imported", True, "original_withheld", note="TIFF: preview released"),
    Case("rgba-bomb.png", rgba_bomb_png, "photo.too_heavy"),
    Case("deflated-bomb.tif", deflated_tiff_bomb, "photo.too_heavy"),
    Case("truncated.jpg", truncated_jpeg, "imported", decode_warning=True),
    Case("no-capture-time.jpg", no_capture_time_jpeg, "imported"),
)
