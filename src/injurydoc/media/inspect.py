"""Inspect an image file's bytes: refuse what is not a whole, sane photo; read the EXIF a court needs.

Checks are made by decoding, not by ``verify()`` (a truncated JPEG passes ``verify``).  The original
bytes are never changed here; derivatives are made by :mod:`injurydoc.media.derivatives`.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
from dataclasses import dataclass

# HEIC/HEIF from phones; registered once, on first import of this module.
import pi_heif
from PIL import ExifTags, Image, UnidentifiedImageError

from injurydoc.domain.errors import KnownError

pi_heif.register_heif_opener()

#: Formats accepted, as Pillow names them, with the media type recorded.
ACCEPTED = {"JPEG": "image/jpeg", "PNG": "image/png", "TIFF": "image/tiff", "HEIF": "image/heif"}


@dataclass(frozen=True, slots=True)
class Limits:
    max_bytes: int = 80 * 1024 * 1024  # camera RAW-sized JPEGs are far below this
    max_pixels: int = 120_000_000  # 120 MP; above is a decompression bomb, not a photo
    #: Memory one photo's decoding may take, estimated from its header before anything is decoded
    #: (width × height × bytes per pixel of its mode, plus the reduced copy).  A 36 MP RGBA PNG needs
    #: about 170 MB; a 120 MP RGBA PNG of half a megabyte would need 540 MB and is refused.  Decodes
    #: running at once share the same budget (``derivatives._Budget``).
    max_decoded_bytes: int = 192 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ImageInfo:
    media_type: str
    width: int
    height: int
    captured_at: str | None  # ISO 8601, with the camera's UTC offset where it wrote one
    camera: str
    orientation: int | None
    has_gps: bool
    #: The file's own time (EXIF ModifyDate, else the file system's) when no capture time is known;
    #: never shown as the time the photo was taken.
    file_time: str | None = None
    #: "" or why the picture may be incomplete ("truncated": decoded with missing data filled in).
    decode_warning: str = ""


class PhotoRefused(KnownError):
    """A file that is not taken in, with the reason (``photo.*`` message codes)."""


def check_size(size: int, limits: Limits) -> None:
    if size == 0:
        raise PhotoRefused("photo.empty")
    if size > limits.max_bytes:
        raise PhotoRefused("photo.too_large", limit_mb=limits.max_bytes // (1024 * 1024))


def open_checked(data: bytes, limits: Limits) -> Image.Image:
    """Open ``data`` as an accepted image format, refusing bombs and non-images; not yet decoded."""
    check_size(len(data), limits)
    old = Image.MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            Image.MAX_IMAGE_PIXELS = limits.max_pixels
            im = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoRefused("photo.bomb") from None
    except UnidentifiedImageError:
        raise PhotoRefused("photo.not_image") from None
    except (OSError, ValueError, SyntaxError):
        raise PhotoRefused("photo.corrupt") from None
    finally:
        Image.MAX_IMAGE_PIXELS = old
    fmt = "HEIF" if im.format in ("HEIF", "HEIC", "AVIF") else im.format
    if fmt not in ACCEPTED or (im.format == "AVIF"):
        raise PhotoRefused("photo.format", format=im.format or "?")
    if im.width * im.height > limits.max_pixels or im.width <= 0 or im.height <= 0:
        raise PhotoRefused("photo.bomb")
    need = decode_cost(im)
    if need > limits.max_decoded_bytes:
        im.close()
        raise PhotoRefused(
            "photo.too_heavy",
            megapixels=max(1, round(im.width * im.height / 1_000_000)),
            mode=im.mode,
            need_mb=need // (1024 * 1024),
            limit_mb=limits.max_decoded_bytes // (1024 * 1024),
        )
    return im


#: Bytes per pixel Pillow holds for a decoded mode (multi-band modes take 4), and what converting it
#: to RGB(A) for the preview adds.
_BPP = {"1": 1, "L": 1, "P": 1, "I;16": 2, "I;16B": 2, "I;16L": 2, "I;16N": 2}
_CONVERTED = {
    "1",
    "P",
    "I;16",
    "I;16B",
    "I;16L",
    "I;16N",
    "I",
    "F",
    "CMYK",
    "YCbCr",
    "LAB",
    "HSV",
    "La",
    "PA",
}


def preview_scale(width: int, height: int, long_side: int = 2000) -> int:
    """The JPEG decoder's reduction (1, 2, 4 or 8) that still gives at least ``long_side`` pixels."""
    scale = 1
    while scale < 8 and max(width, height) // (scale * 2) >= long_side:
        scale *= 2
    return scale


def decode_cost(im: Image.Image) -> int:
    """Peak memory, in bytes, of decoding ``im`` and making its preview — from the header alone."""
    w, h = im.width, im.height
    if im.format == "JPEG":  # decoded at reduced scale (draft), 4 bytes per pixel, and resampled
        s = preview_scale(w, h)
        return -(-w // s) * -(-h // s) * 4 * 2
    per_pixel = _BPP.get(im.mode, 4)
    if im.format in ("HEIF", "HEIC"):
        per_pixel += 3  # libheif's own decoded buffer, before Pillow's copy
    k = reduction(w, h)
    return w * h * per_pixel + -(-w // k) * -(-h // k) * 4


def reduction(width: int, height: int, long_side: int = 2000) -> int:
    """The whole factor a decoded picture is box-reduced by before resampling to the preview: the
    largest that leaves at least 1.5 × the preview's long side."""
    return max(1, max(width, height) * 2 // (3 * long_side))


def read_info(im: Image.Image) -> ImageInfo:
    """EXIF facts; a broken or absent EXIF block yields what could be read, the rest as missing."""
    with warnings.catch_warnings():
        # Pillow warns about corrupt EXIF; what could not be read is simply shown as missing.
        warnings.simplefilter("ignore")
        return _read_info(im)


def _read_info(im: Image.Image) -> ImageInfo:
    fmt = "HEIF" if im.format in ("HEIF", "HEIC") else str(im.format)
    captured: str | None = None
    camera = ""
    orientation: int | None = None
    has_gps = False
    file_time: str | None = None
    try:
        exif = im.getexif()
    except Exception:  # broken EXIF must not stop a photo from being kept
        exif = None
    if exif:
        try:
            orientation_raw = exif.get(ExifTags.Base.Orientation)
            if isinstance(orientation_raw, int) and 1 <= orientation_raw <= 8:
                orientation = orientation_raw
            make = str(exif.get(ExifTags.Base.Make, "") or "").strip("\x00 ").strip()
            model = str(exif.get(ExifTags.Base.Model, "") or "").strip("\x00 ").strip()
            camera = model if make and model.lower().startswith(make.lower()) else f"{make} {model}".strip()
        except Exception:  # a damaged IFD: the camera is shown as missing
            camera = ""
        try:
            sub = exif.get_ifd(ExifTags.IFD.Exif)
            # Only DateTimeOriginal is the moment the picture was taken; IFD0 DateTime is when the file
            # was last changed (an editor's save), and is kept apart as the file time.
            captured = _capture_time(
                sub.get(ExifTags.Base.DateTimeOriginal), sub.get(ExifTags.Base.OffsetTimeOriginal)
            )
            file_time = _capture_time(exif.get(ExifTags.Base.DateTime), sub.get(ExifTags.Base.OffsetTime))
        except Exception:
            captured = None
        try:
            gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
            has_gps = bool(gps) and (ExifTags.GPS.GPSLatitude in gps or ExifTags.GPS.GPSLongitude in gps)
        except Exception:
            has_gps = ExifTags.Base.GPSInfo in exif
    xmp = _xmp_of(im)
    if captured is None and xmp:
        captured = _xmp_time(xmp, _XMP_TAKEN)
    if file_time is None and xmp:
        file_time = _xmp_time(xmp, _XMP_MODIFIED)
    return ImageInfo(
        media_type=ACCEPTED.get(fmt, "application/octet-stream"),
        width=im.width,
        height=im.height,
        captured_at=captured,
        camera=camera[:200],
        orientation=orientation,
        has_gps=has_gps,
        file_time=file_time,
    )


_XMP_TAKEN = re.compile(
    rb"(?:exif:DateTimeOriginal|photoshop:DateCreated)\s*(?:=\s*[\"']|>)\s*([0-9T:+\-.Z ]{10,40})"
)
_XMP_MODIFIED = re.compile(rb"xmp:ModifyDate\s*(?:=\s*[\"']|>)\s*([0-9T:+\-.Z ]{10,40})")


def _xmp_of(im: Image.Image) -> bytes:
    for key in ("xmp", "XML:com.adobe.xmp"):
        value = im.info.get(key)
        if isinstance(value, bytes):
            return value
        if isinstance(value, str):
            return value.encode("utf-8", errors="ignore")
    return b""


def _xmp_time(xmp: bytes, pattern: re.Pattern[bytes]) -> str | None:
    """An XMP date (ISO 8601, seconds required) as ISO text with its offset where it has one."""
    m = pattern.search(xmp)
    if m is None:
        return None
    text = m.group(1).decode("ascii", errors="ignore").strip().replace("Z", "+00:00")
    try:
        t = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if len(text) < 19:  # a date without a time of day is not a moment
        return None
    return t.replace(microsecond=0).isoformat()


def _capture_time(raw: object, offset: object) -> str | None:
    if not isinstance(raw, str):
        return None
    text = raw.strip("\x00 ").strip()
    try:
        t = dt.datetime.strptime(text[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    iso = t.isoformat()
    if isinstance(offset, str):
        off = offset.strip("\x00 ").strip()
        if len(off) == 6 and off[0] in "+-" and off[3] == ":":
            iso += off
    return iso
