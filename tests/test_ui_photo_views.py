"""The photo grid tells the clinician what intake found (issue 15): an incomplete file carries a badge
and says so, a position a GPS badge; without DateTimeOriginal the photo is "taken: unknown" and the
file's own time is shown apart, labelled as such — never as the capture time."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from PIL import Image
from PySide6.QtCore import Qt

from injurydoc.domain.models import PhotoRecord
from injurydoc.ui.app import install_translations
from injurydoc.ui.photo_views import PhotoListModel

GREY = (128, 128, 128)


def _thumb() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (160, 120), GREY).save(out, "JPEG", quality=95)
    return out.getvalue()


def _rec(pid: str, number: int, **kw: object) -> PhotoRecord:
    base: dict[str, object] = {
        "id": pid,
        "examination_id": "e",
        "number": number,
        "sha256": "0" * 64,
        "original_name": f"IMG_{number:04d}.JPG",
        "size": 1,
        "media_type": "image/jpeg",
        "role": None,
        "caption": "",
        "imported_by": "a",
        "imported_at": dt.datetime(2026, 12, 5, tzinfo=dt.UTC),
    }
    return PhotoRecord(**{**base, **kw})  # type: ignore[arg-type]


@pytest.fixture
def model(qapp):
    install_translations(qapp, "sv")
    rows = [
        _rec("plain", 1, captured_at="2026-12-05T10:01:02+01:00"),
        _rec("damaged", 2, decode_warning="truncated", file_time="2026-11-21T09:00:00"),
        _rec("gps", 3, has_gps=True, captured_at="2026-12-05T10:03:00+01:00"),
    ]
    m = PhotoListModel()
    m.set_rows(rows, {r.id: _thumb() for r in rows})
    yield m
    install_translations(qapp, "en")


def _tip(model: PhotoListModel, row: int) -> str:
    return str(model.data(model.index(row), Qt.ItemDataRole.ToolTipRole))


def _pixel(model: PhotoListModel, row: int, x: int, y: int) -> tuple[int, int, int]:
    icon = model.data(model.index(row), Qt.ItemDataRole.DecorationRole)
    colour = icon.pixmap(160, 120).toImage().pixelColor(x, y)
    return colour.red(), colour.green(), colour.blue()


def _near(a: tuple[int, int, int], b: tuple[int, int, int]) -> bool:
    return all(abs(x - y) <= 24 for x, y in zip(a, b, strict=True))


def test_capture_time_only_from_the_camera_and_the_file_time_labelled_apart(model):
    assert "Tagen: 2026-12-05 10:01:02" in _tip(model, 0)
    damaged = _tip(model, 1)
    assert "Tagen: okänt när" in damaged
    assert "Filens tid (inte tagningstid): 2026-11-21 09:00:00" in damaged
    assert "Tagen: 2026-11-21" not in damaged


def test_an_incomplete_file_and_a_position_have_their_badges_and_words(model):
    assert "Ofullständig fil" in _tip(model, 1)
    assert "Ofullständig" not in _tip(model, 0) and "GPS" not in _tip(model, 0)
    assert "GPS" in _tip(model, 2)
    badge = (200, 120, 0)  # top left: the file was incomplete
    assert _near(_pixel(model, 1, 8, 8), badge)
    assert _near(_pixel(model, 0, 8, 8), GREY) and _near(_pixel(model, 2, 8, 8), GREY)
    gps = (139, 0, 0)  # top right: the original carries a position
    assert _near(_pixel(model, 2, 160 - 42, 6), gps)
    assert _near(_pixel(model, 0, 160 - 42, 6), GREY) and _near(_pixel(model, 1, 160 - 42, 6), GREY)
