"""Inspect an image file's bytes: refuse what is not a whole, sane photo; read the EXIF a court needs.

Checks are made by decoding, not by ``verify()`` (a truncated JPEG passes ``verify``).  The original
bytes are never changed here; derivatives are made by :mod:`injurydoc.media.derivatives`.
"""

from __future__ import annotations

import datetime as dt
import io
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


@dataclass(frozen=True, slots=True)
class ImageInfo:
    media_type: str
    width: int
    height: int
    captured_at: str | None  # ISO 8601, with the camera's UTC offset where it wrote one
    camera: str
    orientation: int | None
    has_gps: bool


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
    return im


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
            captured = _capture_time(
                sub.get(ExifTags.Base.DateTimeOriginal) or exif.get(ExifTags.Base.DateTime),
                sub.get(ExifTags.Base.OffsetTimeOriginal) or sub.get(ExifTags.Base.OffsetTime),
            )
        except Exception:
            captured = None
        try:
            gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
            has_gps = bool(gps) and (ExifTags.GPS.GPSLatitude in gps or ExifTags.GPS.GPSLongitude in gps)
        except Exception:
            has_gps = ExifTags.Base.GPSInfo in exif
    return ImageInfo(
        media_type=ACCEPTED.get(fmt, "application/octet-stream"),
        width=im.width,
        height=im.height,
        captured_at=captured,
        camera=camera[:200],
        orientation=orientation,
        has_gps=has_gps,
    )


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
