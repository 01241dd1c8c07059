"""Body-map views: the SVG figures in ``resources/bodymap/`` and hit-testing of their invisible regions.

Each view is one SVG file, ``<view>.svg`` for every :class:`~injurydoc.domain.vocab.BodyView` code.  Besides
the drawing it holds a group ``<g id="regions">`` of invisible ``<polygon>`` elements::

    <polygon id="region-forearm-right" data-region="forearm" data-side="right" points="x,y x,y ..."/>

``data-region`` is a :class:`~injurydoc.domain.vocab.BodyRegion` code and ``data-side`` a
:class:`~injurydoc.domain.vocab.Side` code, always the PATIENT's side: on ``front`` and ``face`` the patient's
right is on the viewer's left, on ``back`` it is on the viewer's right; ``head_right`` shows the right side of
the head (facing the viewer's right) and ``head_left`` is its mirror image; on both hand views the patient's
right hand is on the viewer's left (palms with the thumbs pointing inwards, backs with the thumbs outwards).

Conventions:

* Coordinates.  A mark is stored as ``(nx, ny)`` normalised to the view box: ``nx = (x - min_x) / width``
  and ``ny = (y - min_y) / height``, both 0..1, origin at the top left, y growing downwards.  Region points
  are kept in view-box units; :meth:`View.hit` takes normalised coordinates.
* Midline.  Structures on the midline have side ``midline``: scalp, forehead and face on the front view,
  nose, mouth, chin and the front and back of the neck, the genital area.  The trunk (chest, abdomen, upper
  and lower back) is split into ``right`` and ``left`` with a narrow ``midline`` strip on top along the
  sternum, linea alba and spine, so a point on the centre line of the chest is ``chest``/``midline``.  On the
  profile views everything that is not on the midline takes the side shown.
* Overlap.  Regions are listed general first, specific later; a point in several regions belongs to the
  last one (painter's order).  Polygons may consist of several pieces joined by zero-width bridges, so the
  test is even-odd (ray casting).
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from injurydoc.resources import resource_path

SVG_NS = "http://www.w3.org/2000/svg"
_FORBIDDEN = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


@dataclass(frozen=True)
class Region:
    """One hit-test region, in view-box units."""

    code: str
    side: str
    points: tuple[tuple[float, float], ...]

    @property
    def id(self) -> str:
        return f"region-{self.code}-{self.side}"

    def contains(self, x: float, y: float) -> bool:
        """Even-odd point-in-polygon test by ray casting towards +x."""
        inside = False
        pts = self.points
        n = len(pts)
        if n < 3:
            return False
        left, top, right, bottom = self._box
        if not (left <= x <= right and top <= y <= bottom):  # no edge can be crossed: most regions end here
            return False
        x1, y1 = pts[-1]
        for x2, y2 in pts:
            if (y1 > y) != (y2 > y):
                cross_x = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
                if x < cross_x:
                    inside = not inside
            x1, y1 = x2, y2
        return inside

    def bounds(self) -> tuple[float, float, float, float]:
        return self._box

    @functools.cached_property
    def _box(self) -> tuple[float, float, float, float]:
        """The bounds, worked out once (a view's hit test asks every region for them)."""
        xs = [p[0] for p in self.points]
        ys = [p[1] for p in self.points]
        return min(xs), min(ys), max(xs), max(ys)


@dataclass(frozen=True)
class View:
    """One body-map view: its view box and regions in paint order (last is topmost)."""

    code: str
    width: float
    height: float
    regions: tuple[Region, ...]
    svg_path: Path
    min_x: float = 0.0
    min_y: float = 0.0

    def to_viewbox(self, nx: float, ny: float) -> tuple[float, float]:
        return self.min_x + nx * self.width, self.min_y + ny * self.height

    def to_normalised(self, x: float, y: float) -> tuple[float, float]:
        return (x - self.min_x) / self.width, (y - self.min_y) / self.height

    def hit(self, nx: float, ny: float) -> Region | None:
        """The topmost region under a point given in coordinates normalised to 0..1 of the view box."""
        if not (0.0 <= nx <= 1.0 and 0.0 <= ny <= 1.0):
            return None
        x, y = self.to_viewbox(nx, ny)
        for region in reversed(self.regions):
            if region.contains(x, y):
                return region
        return None

    def region(self, code: str, side: str) -> Region | None:
        for r in self.regions:
            if r.code == code and r.side == side:
                return r
        return None


def svg_path(code: str) -> Path:
    if not re.fullmatch(r"[a-z_]+", code):
        raise ValueError(f"not a body-map view code: {code!r}")
    return resource_path("bodymap", f"{code}.svg")


def svg_bytes(code: str) -> bytes:
    return svg_path(code).read_bytes()


def _parse_points(text: str, where: str) -> tuple[tuple[float, float], ...]:
    nums = [float(n) for n in _NUMBER.findall(text)]
    if len(nums) < 6 or len(nums) % 2:
        raise ValueError(f"{where}: a polygon needs at least three x,y points")
    return tuple((nums[i], nums[i + 1]) for i in range(0, len(nums), 2))


def parse_view(code: str, data: bytes, path: Path) -> View:
    """Parse one body-map SVG; raises ValueError on anything unexpected."""
    if _FORBIDDEN.search(data):
        raise ValueError(f"{path}: DOCTYPE and ENTITY declarations are not allowed")
    try:
        root = ET.fromstring(data)  # noqa: S314 - our own resource, and DTDs are refused above
    except ET.ParseError as exc:
        raise ValueError(f"{path}: not well-formed XML: {exc}") from exc
    if root.tag != f"{{{SVG_NS}}}svg":
        raise ValueError(f"{path}: root element is not <svg>")
    vb = [float(n) for n in _NUMBER.findall(root.get("viewBox", ""))]
    if len(vb) != 4 or vb[2] <= 0 or vb[3] <= 0:
        raise ValueError(f"{path}: missing or invalid viewBox")
    groups = [g for g in root.iter(f"{{{SVG_NS}}}g") if g.get("id") == "regions"]
    if len(groups) != 1:
        raise ValueError(f"{path}: expected exactly one <g id='regions'>")
    regions: list[Region] = []
    seen: set[str] = set()
    for el in groups[0].iter(f"{{{SVG_NS}}}polygon"):
        rcode = el.get("data-region")
        side = el.get("data-side")
        if not rcode or not side:
            raise ValueError(f"{path}: region polygon without data-region or data-side")
        region = Region(rcode, side, _parse_points(el.get("points", ""), f"{path} {rcode}/{side}"))
        if region.id in seen:
            raise ValueError(f"{path}: duplicate region {region.id}")
        seen.add(region.id)
        regions.append(region)
    return View(
        code=code,
        width=vb[2],
        height=vb[3],
        regions=tuple(regions),
        svg_path=path,
        min_x=vb[0],
        min_y=vb[1],
    )


@functools.cache
def load_view(code: str) -> View:
    """The parsed view for a :class:`~injurydoc.domain.vocab.BodyView` code (cached)."""
    path = svg_path(code)
    return parse_view(code, path.read_bytes(), path)
