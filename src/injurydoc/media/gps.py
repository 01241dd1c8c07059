"""Removing the GPS position from a photo without re-encoding it, and hashing the image data itself.

JPEG: only the APP1 (EXIF) segment is rewritten, without the GPS IFD; every other segment, and so every
pixel, is copied byte for byte.  PNG: the ``eXIf`` chunk is rewritten likewise.  The *image-data hash*
shows that the picture is unchanged: for JPEG the SHA-256 of everything after the leading metadata
segments (APPn, COM) — quantisation and Huffman tables, frame header and scan data through EOI; for PNG
the SHA-256 of the concatenated IDAT data.  Other formats (HEIC, TIFF) cannot be cleaned this way; the
export then releases the stored preview instead of the original.
"""

from __future__ import annotations

import hashlib
import io
import struct
import zlib

from PIL import ExifTags, Image

_GPS_TAG = int(ExifTags.Base.GPSInfo)
_EXIF_IFD = int(ExifTags.IFD.Exif)


class NotSupported(Exception):
    """This format cannot be cleaned without re-encoding."""


def has_gps(data: bytes) -> bool:
    try:
        with Image.open(io.BytesIO(data)) as im:
            exif = im.getexif()
            return bool(exif.get_ifd(ExifTags.IFD.GPSInfo)) or _GPS_TAG in exif
    except Exception:
        return False


# ----- JPEG ---------------------------------------------------------------------------------------
def _jpeg_segments(data: bytes) -> tuple[list[tuple[int, int, int]], int]:
    """Leading marker segments as (marker, start, end) and the offset where image data begins."""
    if data[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG")
    pos = 2
    segments: list[tuple[int, int, int]] = []
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            raise ValueError("bad JPEG marker")
        marker = data[pos + 1]
        if not (0xE0 <= marker <= 0xEF or marker == 0xFE):
            return segments, pos
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        segments.append((marker, pos, pos + 2 + length))
        pos += 2 + length
    raise ValueError("truncated JPEG")


def _exif_without_gps(tiff_or_exif: bytes) -> bytes:
    exif = Image.Exif()
    exif.load(tiff_or_exif)
    exif.get_ifd(_EXIF_IFD)  # load the Exif sub-IFD so that it is written back (capture time)
    exif.get_ifd(ExifTags.IFD.Interop)
    if _GPS_TAG in exif:
        del exif[_GPS_TAG]
    exif._ifds.pop(ExifTags.IFD.GPSInfo, None)
    return exif.tobytes()


def strip_gps_jpeg(data: bytes) -> bytes:
    segments, _ = _jpeg_segments(data)
    out = bytearray(data[:2])
    for marker, start, end in segments:
        payload = data[start + 4 : end]
        if marker == 0xE1 and payload.startswith(b"Exif\x00\x00"):
            new = _exif_without_gps(payload)
            if not new.startswith(b"Exif\x00\x00"):
                new = b"Exif\x00\x00" + new
            out += b"\xff\xe1" + struct.pack(">H", len(new) + 2) + new
        else:
            out += data[start:end]
    _, image_start = _jpeg_segments(data)
    out += data[image_start:]
    return bytes(out)


def jpeg_image_hash(data: bytes) -> str:
    _, image_start = _jpeg_segments(data)
    return hashlib.sha256(data[image_start:]).hexdigest()


# ----- PNG ----------------------------------------------------------------------------------------
def _png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, chunks = 8, []
    while pos + 8 <= len(data):
        length = struct.unpack(">I", data[pos : pos + 4])[0]
        tag = data[pos + 4 : pos + 8]
        chunks.append((tag, data[pos + 8 : pos + 8 + length]))
        pos += 12 + length
        if tag == b"IEND":
            break
    return chunks


def _png_write(chunks: list[tuple[bytes, bytes]]) -> bytes:
    out = bytearray(b"\x89PNG\r\n\x1a\n")
    for tag, body in chunks:
        out += (
            struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body) & 0xFFFFFFFF)
        )
    return bytes(out)


def strip_gps_png(data: bytes) -> bytes:
    chunks = []
    for tag, body in _png_chunks(data):
        if tag == b"eXIf":
            new = _exif_without_gps(body)
            chunks.append((tag, new[6:] if new.startswith(b"Exif\x00\x00") else new))
        else:
            chunks.append((tag, body))
    return _png_write(chunks)


def png_image_hash(data: bytes) -> str:
    h = hashlib.sha256()
    for tag, body in _png_chunks(data):
        if tag == b"IDAT":
            h.update(body)
    return h.hexdigest()


# ----- dispatch -----------------------------------------------------------------------------------
def strip_gps(data: bytes, media_type: str) -> bytes:
    if media_type == "image/jpeg":
        return strip_gps_jpeg(data)
    if media_type == "image/png":
        return strip_gps_png(data)
    raise NotSupported(media_type)


def image_data_hash(data: bytes, media_type: str) -> str | None:
    try:
        if media_type == "image/jpeg":
            return jpeg_image_hash(data)
        if media_type == "image/png":
            return png_image_hash(data)
    except ValueError:
        return None
    return None
