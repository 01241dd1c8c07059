"""The synthetic photographs (media/synthetic.py): the marks are blurred only around themselves, which must
give exactly the pixels of blurring the whole layer (the demo's and the exercises' pictures unchanged)."""

from __future__ import annotations

import random

import pytest
from PIL import Image, ImageDraw, ImageFilter

from injurydoc.media.synthetic import Mark, soft_marks


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
