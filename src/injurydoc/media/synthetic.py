"""Synthetic injury photographs made by the program itself: for the demo, exercises, tests and benchmarks.

Skin-toned, slightly noisy backgrounds (so that JPEG sizes are like a camera's), soft bruise-like marks,
an optional L-shaped scale with millimetre ticks, and EXIF written like a camera would: capture time with
UTC offset, make and model, orientation, and optionally a GPS position.  Nothing here depicts a real person.

A picture is a function of its :class:`PhotoSpec`: the noise too is drawn from the spec's seed, so the demo's
photos, the exercises built from them and the screenshots come out the same on every run.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import math
import random
import statistics
from dataclasses import dataclass, field

from PIL import Image, ImageDraw, ImageFilter, ImageFont
from PIL.TiffImagePlugin import IFDRational

SKIN_TONES = [(224, 180, 150), (198, 150, 120), (160, 112, 84), (112, 76, 56), (238, 205, 180)]
MARK_COLOURS = [(92, 62, 120), (120, 70, 110), (70, 60, 110), (150, 90, 80), (170, 60, 60)]

#: For each EXIF orientation, the operation that turns the upright picture into the stored pixels
#: (the inverse of what ``ImageOps.exif_transpose`` applies).
_STORE_AS = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


@dataclass(frozen=True)
class Mark:
    """An elliptical mark at (x, y) in 0..1 of the picture, size in 0..1 of the width."""

    x: float
    y: float
    w: float = 0.12
    h: float = 0.08
    colour: tuple[int, int, int] = (92, 62, 120)


@dataclass(frozen=True)
class PhotoSpec:
    size: tuple[int, int] = (1600, 1200)
    seed: int = 0
    skin: tuple[int, int, int] | None = None
    marks: tuple[Mark, ...] = ()
    scale: bool = False
    #: A red square in the upright picture's top-left corner, for orientation tests.
    corner_marker: bool = False
    orientation: int = 1
    captured: dt.datetime | None = None
    make: str = "Exempelkamera"
    model: str = "EK-100"
    gps: tuple[float, float] | None = None
    noise: float = 18.0
    label: str = ""
    #: a TrueType font for the label (the default font has no Swedish letters); its lines stack upwards
    label_font: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def _upright(spec: PhotoSpec) -> Image.Image:
    rnd = random.Random(spec.seed)  # noqa: S311 - picture variety, not secrecy
    w, h = spec.size
    skin = spec.skin or rnd.choice(SKIN_TONES)
    base = Image.new("RGB", (w, h), skin)
    # Gentle light falloff and camera noise: realistic JPEG sizes, nothing to recognise.
    shade = Image.linear_gradient("L").resize((w, h)).point(lambda v: 235 + v // 12)
    base = Image.composite(base, Image.new("RGB", (w, h), tuple(int(c * 0.82) for c in skin)), shade)
    if spec.noise > 0:
        noise = _camera_noise((w, h), spec.noise, spec.seed).convert("RGB")
        base = Image.blend(base, noise, 0.10)
    img = Image.alpha_composite(base.convert("RGBA"), soft_marks(spec.marks, w, h)).convert("RGB")
    d = ImageDraw.Draw(img)
    if spec.scale:
        _draw_scale(d, w, h)
    if spec.corner_marker:
        s = max(8, min(w, h) // 6)
        d.rectangle((0, 0, s, s), fill=(230, 0, 0))
    if spec.label and spec.label_font:
        size = max(12, h // 34)
        lines = spec.label.count("\n") + 1
        font = ImageFont.truetype(spec.label_font, size)
        d.multiline_text((w * 0.05, h * 0.97 - lines * size * 1.3), spec.label, fill=(30, 30, 30), font=font)
    elif spec.label:
        d.text((w * 0.05, h * 0.9), spec.label, fill=(30, 30, 30), font=_font(max(12, h // 30)))
    return img


def _camera_noise(size: tuple[int, int], sigma: float, seed: int) -> Image.Image:
    """Gaussian noise as ``Image.effect_noise`` draws it (128 + ``sigma`` × a standard normal, cut to 0..255,
    truncated), but from ``seed``: uniform bytes of SHAKE-256 over the seed and size, each turned into the
    normal quantile of its 1/256 (a look-up table).  The same inputs give the same noise; it costs a tenth
    of ``effect_noise``'s C ``rand()`` (which no Python seed reaches)."""
    w, h = size
    uniform = hashlib.shake_256(f"injurydoc synthetic noise {seed} {w}x{h}".encode()).digest(w * h)
    return Image.frombytes("L", (w, h), uniform).point(_normal_table(float(sigma)))


@functools.cache
def _normal_table(sigma: float) -> list[int]:
    normal = statistics.NormalDist(128.0, sigma)
    return [min(255, max(0, math.floor(normal.inv_cdf((u + 0.5) / 256)))) for u in range(256)]


def soft_marks(marks: tuple[Mark, ...], w: int, h: int) -> Image.Image:
    """The marks as soft-edged ellipses on a transparent layer of ``w`` × ``h``.

    Only the part of the layer around the marks is blurred: the rest is transparent before and after, so
    the pixels are those of blurring the whole layer, at a fraction of the cost (a 1600 × 1200 layer took
    60 ms; the marks' surroundings a few)."""
    layer = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for m in marks:
        cx, cy, rw, rh = m.x * w, m.y * h, m.w * w / 2, m.h * w / 2
        draw.ellipse((cx - rw, cy - rh, cx + rw, cy + rh), fill=(*m.colour, 150))
    drawn = layer.getbbox()
    if drawn is None:
        return layer
    radius = max(2, w // 160)
    # Pillow's Gaussian blur is three box blurs of radius at most ``radius`` (plus a fractional pixel)
    # and repeats the edge pixels beyond the image: past this margin it reaches nothing.
    margin = 4 * radius + 4
    box = (
        max(0, drawn[0] - margin),
        max(0, drawn[1] - margin),
        min(w, drawn[2] + margin),
        min(h, drawn[3] + margin),
    )
    layer.paste(layer.crop(box).filter(ImageFilter.GaussianBlur(radius=radius)), box[:2])
    return layer


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # pragma: no cover - older Pillow
        return ImageFont.load_default()


def _draw_scale(d: ImageDraw.ImageDraw, w: int, h: int) -> None:
    """An L-shaped scale (like an ABFO No. 2) in the lower left, 1 mm ticks, numbers every 10 mm."""
    mm = w / 400  # 400 mm across the picture
    x0, y0 = w * 0.06, h * 0.92
    arm = 100 * mm
    thick = 8 * mm
    d.rectangle((x0, y0 - thick, x0 + arm, y0), fill=(250, 250, 245), outline=(20, 20, 20))
    d.rectangle((x0, y0 - arm, x0 + thick, y0), fill=(250, 250, 245), outline=(20, 20, 20))
    font = _font(max(10, int(3.5 * mm)))
    for i in range(101):
        length = (4 if i % 10 == 0 else 2.5 if i % 5 == 0 else 1.5) * mm
        x = x0 + i * mm
        d.line((x, y0 - thick, x, y0 - thick + length), fill=(10, 10, 10), width=1)
        y = y0 - i * mm
        d.line((x0 + thick - length, y, x0 + thick, y), fill=(10, 10, 10), width=1)
        if i % 10 == 0 and 0 < i < 100:
            d.text((x - 2 * mm, y0 - thick + 4.5 * mm), str(i // 10), fill=(10, 10, 10), font=font)


def _exif(spec: PhotoSpec) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = spec.make  # Make
    exif[0x0110] = spec.model  # Model
    exif[0x0112] = spec.orientation
    ifd = exif.get_ifd(0x8769)
    if spec.captured is not None:
        local = spec.captured
        ifd[0x9003] = local.strftime("%Y:%m:%d %H:%M:%S")  # DateTimeOriginal
        off = local.utcoffset()
        if off is not None:
            minutes = int(off.total_seconds() // 60)
            sign = "+" if minutes >= 0 else "-"
            ifd[0x9011] = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"  # OffsetTimeOriginal
    if spec.gps is not None:
        lat, lon = spec.gps
        gps = exif.get_ifd(0x8825)
        gps[1] = "N" if lat >= 0 else "S"
        gps[2] = _dms(abs(lat))
        gps[3] = "E" if lon >= 0 else "W"
        gps[4] = _dms(abs(lon))
    return exif


def _dms(value: float) -> tuple[IFDRational, IFDRational, IFDRational]:
    d = int(value)
    m = int((value - d) * 60)
    s = round(((value - d) * 60 - m) * 60 * 100)
    return (IFDRational(d, 1), IFDRational(m, 1), IFDRational(s, 100))


def stored_pixels(spec: PhotoSpec) -> Image.Image:
    """The picture as the camera's sensor wrote it: upright transformed by the orientation's inverse."""
    img = _upright(spec)
    op = _STORE_AS[spec.orientation]
    return img if op is None else img.transpose(op)


def make_photo(spec: PhotoSpec, fmt: str = "JPEG", quality: int = 90) -> bytes:
    img = stored_pixels(spec)
    out = io.BytesIO()
    if fmt == "JPEG":
        img.save(out, "JPEG", quality=quality, exif=_exif(spec))
    elif fmt in ("HEIF", "HEIC"):
        # The program ships a HEIC *decoder* only (pi-heif: no x265); HEIC samples are kept as files.
        raise ValueError("HEIC cannot be written: no HEVC encoder is shipped")
    else:
        img.save(out, fmt)
    return out.getvalue()
