"""The warning drawn on each bundled exercise's ID photo is bilingual (issue 18, item 10).

``scripts/build_exercises.py`` draws ``app.exercise_photo_label`` in Swedish and English into the pixels of
the ID shot.  There is no OCR on the machine, so the label is *read* by matching: the bundled exercise is
opened as the program opens it (``bundled_exercises`` + ``training.exercise.load``), the dark pixels of the
label's line are compared with the same line drawn in the same font, size and place — the expected
bilingual text matches almost pixel for pixel, and each one-word change of it, either language alone,
or the two in the other order match clearly worse.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont, ImageOps

from injurydoc.domain.texts import text
from injurydoc.resources import resource_path
from injurydoc.services.demo import bundled_exercises
from injurydoc.training.exercise import load

SV = text("app.exercise_photo_label", "sv")
EN = text("app.exercise_photo_label", "en")
LABEL = f"{SV} / {EN}"


def _variants() -> list[str]:
    """Texts that must not match as well: each word of the label changed (lower case), each language
    alone, and the two in the other order."""
    words = LABEL.split(" ")
    changed = [" ".join([*words[:i], w.lower(), *words[i + 1 :]]) for i, w in enumerate(words) if w.isalpha()]
    return [*changed, SV, EN, f"{EN} / {SV}"]


def _ink(img: Image.Image, band: tuple[int, int, int, int]) -> Image.Image:
    return img.crop(band).point(lambda v: 255 if v < 100 else 0)


def _agreement(a: Image.Image, b: Image.Image) -> float:
    """Dark pixels in both ÷ dark pixels in either (1.0: the same)."""
    both = ImageChops.darker(a, b).histogram()[255]
    either = ImageChops.lighter(a, b).histogram()[255]
    return both / max(either, 1)


def _id_photos() -> list[tuple[str, bytes]]:
    found = []
    for path in bundled_exercises():
        ex = load(path)
        shots = [p for p in ex.photos if p.caption is not None and p.caption.en == "ID shot"]
        assert shots, f"{path.name} has no ID shot"
        found += [(f"{path.name}:{p.file}", p.data) for p in shots]
    return found


@pytest.mark.parametrize(("name", "data"), _id_photos(), ids=lambda v: v if isinstance(v, str) else "")
def test_each_bundled_id_photo_carries_the_warning_in_swedish_and_english(name, data):
    img = ImageOps.exif_transpose(Image.open(io.BytesIO(data))).convert("L")
    w, h = img.size
    # where media/synthetic.py draws a two-line label (warning, then name and time), in that font and size
    size = max(12, h // 34)
    font = ImageFont.truetype(str(resource_path("fonts", "DejaVuSans.ttf")), size)
    top = h * 0.97 - 2 * size * 1.3
    band = (0, int(top), w, int(top + size * 1.25))
    photo = _ink(img, band)

    def match(line: str) -> float:
        drawn = Image.new("L", (w, h), 255)
        ImageDraw.Draw(drawn).text((w * 0.05, top), line, fill=0, font=font)
        return _agreement(_ink(drawn, band), photo)

    label = match(LABEL)
    assert label >= 0.9, f"{name}: the bilingual warning is not on the photo ({label:.2f})"
    for other in _variants():
        assert match(other) <= label - 0.1, f"{name} reads as {other!r} as well as the label"
    assert SV != EN and SV.startswith("ÖVNING") and EN.startswith("EXERCISE")
