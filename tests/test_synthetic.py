"""The synthetic photographs (media/synthetic.py): the marks are blurred only around themselves, which must
give exactly the pixels of blurring the whole layer (the demo's and the exercises' pictures unchanged)."""

from __future__ import annotations

import dataclasses
import random

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageStat

from injurydoc.media.synthetic import Mark, PhotoSpec, make_photo, soft_marks, stored_pixels


def _whole_layer_blurred(marks: tuple[Mark, ...], w: int, h: int) -> Image.Image:
    """How the layer was made before: drawn, then the whole of it blurred."""
    layer = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for m in marks:
        cx, cy, rw, rh = m.x * w, m.y * h, m.w * w / 2, m.h * w / 2
        draw.ellipse((cx - rw, cy - rh, cx + rw, cy + rh), fill=(*m.colour, 150))
    return layer.filter(ImageFilter.GaussianBlur(radius=max(2, w // 160)))


# blur radius w // 160: 6, 3, 2 and 2 pixels (the demo's 1600-pixel photos: 10, see the last test)
@pytest.mark.parametrize("size", [(960, 720), (480, 360), (300, 400), (64, 48)])
def test_marks_blurred_around_themselves_are_the_whole_layer_blurred(size: tuple[int, int]) -> None:
    rng = random.Random(size[0] * 7 + size[1])
    w, h = size
    cases = [
        (),
        (Mark(0.5, 0.5),),
        (Mark(0.0, 0.0, 0.05, 0.05), Mark(1.0, 1.0, 0.05, 0.05)),  # across two corners
        (Mark(0.5, 0.5, 1.4, 1.2),),  # larger than the picture
    ]
    cases += [
        tuple(
            Mark(
                rng.uniform(-0.1, 1.1),
                rng.uniform(-0.1, 1.1),
                rng.uniform(0.005, 0.5),
                rng.uniform(0.005, 0.3),
                (rng.randrange(256), rng.randrange(256), rng.randrange(256)),
            )
            for _ in range(rng.randint(1, 4))
        )
        for _ in range(6)
    ]
    for marks in cases:
        assert soft_marks(marks, w, h).tobytes() == _whole_layer_blurred(marks, w, h).tobytes(), marks


def test_the_demos_photo_size_too() -> None:
    marks = (Mark(0.5, 0.45, 0.1, 0.05), Mark(0.98, 0.02, 0.3, 0.1, (170, 60, 60)))
    assert soft_marks(marks, 1600, 1200).tobytes() == _whole_layer_blurred(marks, 1600, 1200).tobytes()


def test_a_spec_gives_the_same_picture_every_time() -> None:
    """The noise is drawn from the spec's seed: the demo's photos and the screenshots are reproducible."""
    spec = PhotoSpec(size=(480, 360), seed=21, skin=(200, 150, 120), marks=(Mark(0.5, 0.5),), scale=True)
    assert make_photo(spec) == make_photo(spec)
    other = dataclasses.replace(spec, seed=22)  # the same picture but for its noise
    assert ImageChops.difference(stored_pixels(spec), stored_pixels(other)).getbbox() == (0, 0, 480, 360)


@pytest.mark.parametrize("sigma", [18.0, 69.0])
def test_the_noise_is_as_strong_as_a_cameras_was(sigma: float) -> None:
    """As strong as ``Image.effect_noise`` (what the pictures used before), blended in at a tenth: a flat
    patch of skin varies as much as before, so the JPEG files keep a camera's sizes."""
    spec = PhotoSpec(size=(400, 300), seed=9, skin=(200, 150, 120), noise=sigma)
    patch = stored_pixels(spec).crop((100, 100, 300, 200))
    expected = ImageStat.Stat(Image.effect_noise((400, 300), sigma)).stddev[0] * 0.10
    assert [round(s / expected, 1) for s in ImageStat.Stat(patch).stddev] == [1.0, 1.0, 1.0]
    flat = stored_pixels(PhotoSpec(size=(400, 300), seed=9, skin=(200, 150, 120), noise=0))
    assert max(ImageStat.Stat(flat.crop((100, 100, 300, 200))).stddev) < 0.5
