"""Preview (long side about 2000 px) and thumbnail (about 256 px): upright, EXIF-free JPEGs.

Made once at intake from the original bytes; the JPEG decoder's reduced-scale decoding (``draft``)
does most of the work for camera JPEGs.  Everything happens in memory: nothing touches the disk.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageFile, ImageOps

from injurydoc.media.inspect import ImageInfo, Limits, PhotoRefused, open_checked, read_info

PREVIEW_LONG_SIDE = 2000
THUMB_LONG_SIDE = 256
PREVIEW_QUALITY = 85
THUMB_QUALITY = 80


@dataclass(frozen=True, slots=True)
class Processed:
    info: ImageInfo
    preview: bytes
    thumbnail: bytes


def _target(width: int, height: int, long_side: int) -> tuple[int, int]:
    scale = min(1.0, long_side / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _to_rgb(im: Image.Image) -> Image.Image:
    """Flatten to 8-bit RGB: transparency over white, 16-bit and other modes converted."""
    if im.mode in ("RGBA", "LA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    if im.mode in ("I;16", "I;16B", "I;16L", "I", "I;16N"):
        # 16-bit greyscale: scale down to 8 bits.
        return im.point(lambda v: v / 256).convert("L").convert("RGB")
    if im.mode == "RGB":
        return im
    return im.convert("RGB")


def _jpeg(im: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    im.save(out, "JPEG", quality=quality, optimize=True)  # no exif= : the copy carries no EXIF
    return out.getvalue()


def process(data: bytes, limits: Limits | None = None) -> Processed:
    """Check ``data`` by decoding it fully and make the preview and thumbnail."""
    with warnings.catch_warnings():
        # Pillow warns about damaged EXIF blocks; what cannot be read is shown as missing instead.
        warnings.filterwarnings("ignore", category=UserWarning, module=r"PIL\.")
        return _process(data, limits or Limits())


def _process(data: bytes, limits: Limits) -> Processed:
    im = open_checked(data, limits)
    # The bytes are already in memory: hand the decoder all of them in one call rather than in 64 KiB
    # blocks.  Each block returns to Python and must take the GIL back, and with two photos decoding
    # beside the store thread that hand-over cost about a tenth of an import (benchmarks/bench_intake.py).
    if isinstance(im, ImageFile.ImageFile):
        im.decodermaxblock = max(ImageFile.MAXBLOCK, len(data))
    info = read_info(im)
    try:
        if im.format == "JPEG":
            # The preview's size in the image's own (unrotated) frame decides the reduction.
            im.draft("RGB", _target(im.width, im.height, PREVIEW_LONG_SIDE))
        im.load()  # decodes everything: a truncated or corrupt file fails here
        # exif_transpose and _to_rgb already return new images: no further full-size copies.
        preview = _to_rgb(ImageOps.exif_transpose(im))
        if preview is im:
            preview = im.copy()
        preview.thumbnail((PREVIEW_LONG_SIDE, PREVIEW_LONG_SIDE), Image.Resampling.LANCZOS)
        thumb = preview.resize(
            _target(preview.width, preview.height, THUMB_LONG_SIDE), Image.Resampling.LANCZOS
        )
        return Processed(
            info=info, preview=_jpeg(preview, PREVIEW_QUALITY), thumbnail=_jpeg(thumb, THUMB_QUALITY)
        )
    except PhotoRefused:
        raise
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError):
        raise PhotoRefused("photo.corrupt") from None
    finally:
        im.close()
