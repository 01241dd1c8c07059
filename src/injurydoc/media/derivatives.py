"""Preview (long side about 2000 px) and thumbnail (about 256 px): upright, EXIF-free JPEGs.

Made once at intake from the original bytes; the JPEG decoder's reduced-scale decoding (``draft``)
does most of the work for camera JPEGs.  Everything happens in memory: nothing touches the disk.
"""

from __future__ import annotations

import dataclasses
import io
import threading
import warnings
from dataclasses import dataclass

from PIL import Image, ImageFile

from injurydoc.media import gps
from injurydoc.media.inspect import (
    ImageInfo,
    Limits,
    PhotoRefused,
    decode_cost,
    open_checked,
    read_info,
    reduction,
)

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


class _Budget:
    """Memory shared by the decodes running at once (the intake's worker threads): a decode waits until
    its estimated cost fits beside the others', so that a batch stays within its budget whatever the
    pixel format.  One decode alone always runs (its own cost is checked against the per-photo limit)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._used = 0

    def take(self, cost: int, cap: int) -> None:
        with self._cond:
            while self._used and self._used + cost > cap:
                self._cond.wait()
            self._used += cost

    def give(self, cost: int) -> None:
        with self._cond:
            self._used -= cost
            self._cond.notify_all()


_budget = _Budget()

#: EXIF orientation -> the operation that makes the stored pixels upright (as ImageOps.exif_transpose).
_UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_RESAMPLES_AS_IS = {"RGB", "RGBA", "L", "LA"}


def _resamplable(im: Image.Image) -> Image.Image:
    """``im`` in a mode that resamples well: palette and 1-bit to RGB(A), 16-bit and float scaled to
    8 bits, CMYK and other colour spaces to RGB.  A copy only when the mode needs one."""
    if im.mode in _RESAMPLES_AS_IS:
        return im
    if (im.mode == "P" and "transparency" in im.info) or im.mode == "PA":
        return im.convert("RGBA")
    if im.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):  # 16-bit greyscale: scaled to 8 bits
        return im.point(lambda v: v / 256).convert("L")
    if im.mode == "La":
        return im.convert("LA")
    return im.convert("RGB")


#: Rows of output made per strip when reducing a large picture.
_STRIP_ROWS = 64


def _reduced(im: Image.Image) -> Image.Image:
    """``im`` as 8-bit RGB (transparency over white), box-reduced by :func:`reduction`.

    Done strip by strip: each strip is cropped, converted (palette, 16-bit …), flattened and reduced
    on its own, so that no full-size copy in another mode is made.  (Pillow's own resize and reduce
    first convert RGBA to premultiplied alpha at full size, which doubled the memory of a large
    transparent PNG.)  Flattening before resampling gives the same picture as resampling with
    premultiplied alpha and then flattening: compositing over white is linear.  Box reduction of strips
    whose height is a multiple of the factor gives exactly the whole picture's result.
    """
    factor = reduction(im.width, im.height, PREVIEW_LONG_SIDE)
    if factor == 1 and im.mode == "RGB":
        return im
    out = Image.new("RGB", (-(-im.width // factor), -(-im.height // factor)))
    step = factor * _STRIP_ROWS
    for y in range(0, im.height, step):
        strip = _flatten(_resamplable(im.crop((0, y, im.width, min(im.height, y + step)))))
        out.paste(strip.reduce(factor) if factor > 1 else strip, (0, y // factor))
    return out


def _flatten(im: Image.Image) -> Image.Image:
    """8-bit RGB: transparency over white.  Made at preview size, so the copies are small."""
    if im.mode in ("RGBA", "LA"):
        rgba = im.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return im if im.mode == "RGB" else im.convert("RGB")


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


def _decoded(data: bytes, limits: Limits, *, repaired: bool = False) -> tuple[Image.Image, int]:
    """``data`` opened and decoded (JPEGs at reduced scale), with the memory it took from the shared
    budget; the caller closes the image and gives the memory back."""
    im = open_checked(data + b"\xff\xd9" if repaired else data, limits)
    cost = 0
    try:
        # The bytes are already in memory: hand the decoder all of them in one call rather than in
        # 64 KiB blocks (each block returns to Python and must take the GIL back; see bench_intake.py).
        # (JPEG only: other decoders would copy the whole file into that one block.)
        if isinstance(im, ImageFile.ImageFile) and im.format == "JPEG":
            im.decodermaxblock = max(ImageFile.MAXBLOCK, len(data) + 2)
        if im.format == "JPEG":
            # The preview's size in the image's own (unrotated) frame decides the reduction.
            im.draft("RGB", _target(im.width, im.height, PREVIEW_LONG_SIDE))
        # The file's bytes are held while it is decoded: they count against the shared budget too.
        cost = decode_cost(im) + len(data)
        _budget.take(cost, limits.max_decoded_bytes)
        im.load()  # decodes everything: a truncated or corrupt file fails here
    except BaseException:
        im.close()
        _budget.give(cost)
        raise
    return im, cost


def _grey(region: Image.Image) -> bool:
    extrema = region.getextrema()
    bands = extrema if isinstance(extrema[0], tuple) else (extrema,)
    return all(lo == hi and abs(lo - 128) <= 1 for lo, hi in bands)


def _surviving_rows(im: Image.Image) -> int:
    """Rows above the uniform grey that libjpeg fills in for missing data (a binary search)."""
    lo, hi = 0, im.height  # rows [hi, height) are known grey; [0, lo) are known to hold picture
    while lo < hi:
        mid = (lo + hi) // 2
        if _grey(im.crop((0, mid, im.width, im.height))):
            hi = mid
        else:
            lo = mid + 1
    return lo


def _jpeg_truncated(data: bytes) -> bool:
    """A JPEG whose data stops before its end-of-image marker (a cut-off file or transfer)."""
    return data[:2] == b"\xff\xd8" and b"\xff\xd9" not in data[-(1 << 20) :]


def check(data: bytes, limits: Limits | None = None) -> ImageInfo:
    """Check ``data`` exactly as :func:`process` does (a full decode, the same refusals and the same
    ``decode_warning``) without making the preview and thumbnail: for a reader that only needs to know
    that the photo is whole (an exercise's photos are made into derivatives when a trainee starts it)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning, module=r"PIL\.")
        im, cost, info = _opened(data, limits or Limits())
        try:
            _reduced(im)  # the mode conversions a preview would need, so that nothing fails only there
            return info
        except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError):
            raise PhotoRefused("photo.corrupt") from None
        finally:
            im.close()
            _budget.give(cost)


def _opened(data: bytes, limits: Limits) -> tuple[Image.Image, int, ImageInfo]:
    """``data`` decoded in full (a cut-off JPEG with what survives of it), its budgeted memory and its
    information; the caller closes the image and gives the memory back."""
    warning = ""
    try:
        im, cost = _decoded(data, limits)
    except PhotoRefused:
        raise
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError):
        if not _jpeg_truncated(data):
            raise PhotoRefused("photo.corrupt") from None
        # A cut-off JPEG: with its end marker restored libjpeg decodes what is there and fills the
        # rest with grey.  It may be the only picture there is, so it is kept — marked as incomplete.
        try:
            im, cost = _decoded(data, limits, repaired=True)
        except PhotoRefused:
            raise
        except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError):
            raise PhotoRefused("photo.corrupt") from None
        warning = "truncated"
    kept = False
    try:
        if warning and _surviving_rows(im) < max(8, im.height // 50):
            raise PhotoRefused("photo.corrupt")  # (almost) nothing of the picture survived: only the grey
        if not warning and _jpeg_truncated(data):
            warning = "truncated"
        info = read_info(im)
        info = dataclasses.replace(info, has_gps=info.has_gps or gps.has_gps(data), decode_warning=warning)
        kept = True
        return im, cost, info
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError):
        raise PhotoRefused("photo.corrupt") from None
    finally:
        if not kept:
            im.close()
            _budget.give(cost)


def _process(data: bytes, limits: Limits) -> Processed:
    im, cost, info = _opened(data, limits)
    try:
        # Reduce first, in the decoded image's own frame and in strips (no full-size copy, whatever
        # the mode); flatten and turn upright at preview size.
        preview = _reduced(im)  # may be ``im`` itself: the thumbnail below then works in place
        preview.thumbnail((PREVIEW_LONG_SIDE, PREVIEW_LONG_SIDE), Image.Resampling.LANCZOS)
        op = _UPRIGHT.get(info.orientation or 1)
        if op is not None:
            preview = preview.transpose(op)
        # Box-reduced by a whole factor to no less than twice the thumbnail's size, then Lanczos (as
        # ``Image.thumbnail`` makes the preview): a third of the time of Lanczos over the whole preview.
        # It differs from that by at most 19 levels (about 50 dB PSNR), less than the thumbnail's own
        # JPEG encoding does (up to 34 levels, about 45 dB): docs/benchmarks.md section 4.
        thumb = preview.resize(
            _target(preview.width, preview.height, THUMB_LONG_SIDE),
            Image.Resampling.LANCZOS,
            reducing_gap=2.0,
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
        _budget.give(cost)
