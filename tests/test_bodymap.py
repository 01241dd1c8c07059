"""Body-map SVGs: every view parses, its regions use the stored vocabularies and line up with the drawing."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from injurydoc.bodymap import SVG_NS, Region, View, load_view, parse_view, svg_bytes
from injurydoc.domain.vocab import BodyRegion, BodyView, Side

VIEWS = [v.code for v in BodyView]
REGION_CODES = {r.code for r in BodyRegion}
SIDE_CODES = {s.code for s in Side}


def hit_at(view: View, x: float, y: float) -> tuple[str, str] | None:
    """Hit-test at view-box coordinates."""
    r = view.hit(*view.to_normalised(x, y))
    return None if r is None else (r.code, r.side)


@pytest.mark.parametrize("code", VIEWS)
def test_view_parses_with_valid_regions(code: str) -> None:
    view = load_view(code)
    assert view.code == code
    assert view.svg_path.is_file()
    assert view.width > 0 and view.height > 0
    minimum = 3 if code.startswith(("hands", "face")) else 5
    assert len(view.regions) >= minimum
    ids = [r.id for r in view.regions]
    assert len(ids) == len(set(ids))
    for r in view.regions:
        assert r.code in REGION_CODES, r
        assert r.side in SIDE_CODES, r
        assert len(r.points) >= 3
        x0, y0, x1, y1 = r.bounds()
        assert view.min_x <= x0 < x1 <= view.min_x + view.width
        assert view.min_y <= y0 < y1 <= view.min_y + view.height


@pytest.mark.parametrize("code", VIEWS)
def test_svg_root_attributes_and_no_text(code: str) -> None:
    root = ET.fromstring(svg_bytes(code))
    assert root.tag == f"{{{SVG_NS}}}svg"
    for attr in ("viewBox", "width", "height"):
        assert root.get(attr)
    desc = root.find(f"{{{SVG_NS}}}desc")
    assert desc is not None and desc.text and desc.text.strip()
    assert root.find(f".//{{{SVG_NS}}}text") is None
    for el in root.iter(f"{{{SVG_NS}}}polygon"):
        assert el.get("id") == f"region-{el.get('data-region')}-{el.get('data-side')}"


def test_front_sides_are_the_patients() -> None:
    front = load_view("front")
    assert hit_at(front, 96, 365) == ("forearm", "right")  # viewer's left = patient's right
    assert hit_at(front, 304, 365) == ("forearm", "left")
    assert hit_at(front, 111, 260) == ("upper_arm", "right")
    assert hit_at(front, 230, 560) == ("thigh", "left")
    assert hit_at(front, 170, 560) == ("thigh", "right")
    assert hit_at(front, 200, 250) == ("chest", "midline")
    assert hit_at(front, 170, 280) == ("chest", "right")
    assert hit_at(front, 230, 360) == ("abdomen", "left")
    assert hit_at(front, 200, 145) == ("neck_anterior", "midline")
    assert hit_at(front, 200, 100) == ("face", "midline")
    assert hit_at(front, 100, 480) == ("finger", "right")
    assert hit_at(front, 300, 445) == ("palm", "left")
    assert front.hit(0.02, 0.02) is None
    assert front.hit(0.5, 0.72) is None  # between the knees
    assert front.hit(0.02, 0.5) is None


def test_back_sides_are_the_patients() -> None:
    back = load_view("back")
    assert hit_at(back, 96, 365) == ("forearm", "left")  # viewer's left = patient's left from behind
    assert hit_at(back, 304, 365) == ("forearm", "right")
    assert hit_at(back, 200, 145) == ("neck_posterior", "midline")
    assert hit_at(back, 230, 260) == ("upper_back", "right")
    assert hit_at(back, 200, 260) == ("upper_back", "midline")
    assert hit_at(back, 170, 350) == ("lower_back", "left")
    assert hit_at(back, 225, 435) == ("buttock", "right")
    assert hit_at(back, 96, 440) == ("hand_back", "left")
    assert back.hit(0.02, 0.02) is None


def test_head_and_face_views() -> None:
    right = load_view("head_right")
    left = load_view("head_left")
    assert hit_at(right, 312, 218) == ("nose", "midline")
    assert hit_at(right, 184, 195) == ("ear", "right")
    assert hit_at(right, 120, 120) == ("scalp", "right")
    assert hit_at(right, 270, 171) == ("eye", "right")
    assert hit_at(right, 200, 380) == ("neck_lateral", "right")
    # the left profile is the mirror image of the right one
    for x, y in [(312, 218), (184, 195), (120, 120), (270, 171), (200, 380), (240, 210), (290, 300)]:
        a = hit_at(right, x, y)
        b = hit_at(left, right.width - x, y)
        assert a is not None and b is not None
        assert a[0] == b[0]
        assert {a[1], b[1]} in ({"midline"}, {"right", "left"})
    face = load_view("face")
    assert hit_at(face, 154, 182) == ("eye", "right")  # viewer's left
    assert hit_at(face, 246, 182) == ("eye", "left")
    assert hit_at(face, 200, 220) == ("nose", "midline")
    assert hit_at(face, 200, 284) == ("mouth", "midline")
    assert hit_at(face, 200, 130) == ("forehead", "midline")
    assert hit_at(face, 200, 400) == ("neck_anterior", "midline")
    assert face.hit(0.02, 0.02) is None


@pytest.mark.parametrize(("code", "palm"), [("hands_palmar", "palm"), ("hands_dorsal", "hand_back")])
def test_hand_views(code: str, palm: str) -> None:
    view = load_view(code)
    codes = {(r.code, r.side) for r in view.regions}
    for side in ("right", "left"):
        assert {(palm, side), ("finger", side), ("wrist", side)} <= codes
    # the patient's right hand is on the viewer's left in both hand views
    right = view.region(palm, "right")
    left = view.region(palm, "left")
    assert right is not None and left is not None
    assert right.bounds()[2] < view.width / 2 < left.bounds()[0]
    for r in (right, left):
        x0, y0, x1, y1 = r.bounds()
        hit = view.hit(*view.to_normalised((x0 + x1) / 2, y0 + (y1 - y0) * 0.6))
        assert hit is not None and hit.code == palm and hit.side == r.side
    assert view.hit(0.02, 0.02) is None
    assert view.hit(0.5, 0.5) is None


def test_regions_stay_within_the_figure_bounding_box() -> None:
    for code in VIEWS:
        view = load_view(code)
        boxes = [r.bounds() for r in view.regions]
        bx0 = min(b[0] for b in boxes)
        by0 = min(b[1] for b in boxes)
        bx1 = max(b[2] for b in boxes)
        by1 = max(b[3] for b in boxes)
        figure = _figure_bbox(code)
        hits = inside = 0
        steps = 60
        for i in range(steps + 1):
            for j in range(steps + 1):
                nx, ny = i / steps, j / steps
                if view.hit(nx, ny) is None:
                    continue
                hits += 1
                x, y = view.to_viewbox(nx, ny)
                if figure[0] - 2 <= x <= figure[2] + 2 and figure[1] - 2 <= y <= figure[3] + 2:
                    inside += 1
        assert hits > 0
        assert inside / hits >= 0.9, code
        # and the regions cover most of the figure's box extent
        assert bx0 <= figure[0] + 0.1 * (figure[2] - figure[0])
        assert bx1 >= figure[2] - 0.1 * (figure[2] - figure[0])
        assert by0 <= figure[1] + 0.1 * (figure[3] - figure[1])
        assert by1 >= figure[3] - 0.1 * (figure[3] - figure[1])


def _figure_bbox(code: str) -> tuple[float, float, float, float]:
    """Bounding box of the drawn outline paths (cubic control points bound the curve)."""
    root = ET.fromstring(svg_bytes(code))
    xs: list[float] = []
    ys: list[float] = []
    for g in root.iter(f"{{{SVG_NS}}}g"):
        if g.get("id") not in ("figure", "figure-fill"):
            continue
        for path in g.iter(f"{{{SVG_NS}}}path"):
            nums = [float(n) for n in path.get("d", "").replace("M", " ").replace("C", " ").replace("L", " ")
                    .replace("Z", " ").replace(",", " ").split()]  # fmt: skip
            xs += nums[0::2]
            ys += nums[1::2]
    assert xs and ys
    return min(xs), min(ys), max(xs), max(ys)


@pytest.mark.parametrize("code", VIEWS)
def test_regions_match_the_drawing(code: str, qapp) -> None:
    """Render the figure with Qt; points on the figure hit a region, points off it hit none."""
    qt = pytest.importorskip("PySide6.QtSvg")
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QImage, QPainter

    view = load_view(code)
    renderer = qt.QSvgRenderer(str(view.svg_path))
    assert renderer.isValid()
    w, h = round(view.width), round(view.height)
    img = QImage(w, h, QImage.Format.Format_ARGB32)
    img.fill(QColor(0, 0, 0, 0))
    painter = QPainter(img)
    renderer.render(painter, QRectF(0, 0, w, h))
    painter.end()
    # the alpha channel, a byte a pixel, read by index (a pixelColor() call per pixel was most of the cost)
    alpha = img.convertToFormat(QImage.Format.Format_Alpha8)
    stride, mask = alpha.bytesPerLine(), bytes(alpha.constBits())

    def on_figure(x: int, y: int) -> bool:
        return mask[y * stride + x] > 0

    def near_edge(x: int, y: int) -> bool:
        d = 3
        states = {
            on_figure(min(max(x + dx, 0), w - 1), min(max(y + dy, 0), h - 1))
            for dx in (-d, 0, d)
            for dy in (-d, 0, d)
        }
        return len(states) > 1

    on = on_hit = off = off_hit = 0
    for y in range(2, h - 2, 4):
        for x in range(2, w - 2, 4):
            if near_edge(x, y):
                continue
            hit = view.hit(*view.to_normalised(x + 0.5, y + 0.5)) is not None
            if on_figure(x, y):
                on += 1
                on_hit += hit
            else:
                off += 1
                off_hit += hit
    assert on > 0 and off > 0
    assert on_hit / on >= 0.97, f"{code}: only {on_hit}/{on} points on the figure hit a region"
    assert off_hit / off <= 0.01, f"{code}: {off_hit}/{off} points off the figure hit a region"


def test_hit_outside_unit_square_is_none() -> None:
    front = load_view("front")
    assert front.hit(-0.1, 0.5) is None
    assert front.hit(0.5, 1.1) is None


def test_region_contains_is_even_odd() -> None:
    square = Region("chest", "midline", ((0, 0), (10, 0), (10, 10), (0, 10)))
    assert square.contains(5, 5)
    assert not square.contains(15, 5)
    assert not square.contains(-1, 5)


@pytest.mark.parametrize("decl", [b'<!DOCTYPE svg [<!ENTITY x "y">]>', b'<!ENTITY x "y">'])
def test_doctype_and_entities_refused(decl: bytes, tmp_path: Path) -> None:
    data = b'<?xml version="1.0"?>' + decl + svg_bytes("front").split(b"?>", 1)[1]
    with pytest.raises(ValueError, match="DOCTYPE"):
        parse_view("front", data, tmp_path / "x.svg")


def test_missing_viewbox_refused(tmp_path: Path) -> None:
    data = b'<svg xmlns="http://www.w3.org/2000/svg"><g id="regions"/></svg>'
    with pytest.raises(ValueError, match="viewBox"):
        parse_view("front", data, tmp_path / "x.svg")


def test_load_view_is_cached() -> None:
    assert load_view("front") is load_view("front")
    with pytest.raises(ValueError):
        load_view("../front")
