"""Small geometry toolkit for generating the body-map SVGs (generator only, not shipped)."""

from __future__ import annotations

import math

Pt = tuple[float, float]
Seg = tuple[Pt, Pt, Pt, Pt]


def lerp(a: Pt, b: Pt, t: float) -> Pt:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def bez(s: Seg, t: float) -> Pt:
    p0, p1, p2, p3 = s
    u = 1 - t
    return (
        u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
        u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
    )


class PathB:
    """A chain of cubic Bézier segments with named marks."""

    def __init__(self, start: Pt) -> None:
        self.start = start
        self.cur = start
        self.segs: list[Seg] = []
        self.marks: dict[str, int] = {"start": 0}

    def c(self, c1: Pt, c2: Pt, p: Pt) -> PathB:
        self.segs.append((self.cur, c1, c2, p))
        self.cur = p
        return self

    def l(self, p: Pt) -> PathB:  # noqa: E743
        return self.c(lerp(self.cur, p, 1 / 3), lerp(self.cur, p, 2 / 3), p)

    def mark(self, name: str) -> PathB:
        self.marks[name] = len(self.segs)
        return self

    def end_mark(self) -> None:
        self.marks["end"] = len(self.segs)

    def point(self, name: str) -> Pt:
        i = self.marks[name]
        return self.segs[i][0] if i < len(self.segs) else self.segs[-1][3]

    def sample(self, a: str = "start", b: str | None = None, n: int = 10) -> list[Pt]:
        ia = self.marks[a]
        ib = len(self.segs) if b is None else self.marks[b]
        pts: list[Pt] = []
        if ia <= ib:
            for s in self.segs[ia:ib]:
                for k in range(n):
                    pts.append(bez(s, k / n))
            pts.append(self.segs[ib - 1][3] if ib > ia else self.segs[ia][0])
        return pts


def fmt(v: float) -> str:
    s = f"{v:.1f}"
    if s.endswith(".0"):
        s = s[:-2]
    return "0" if s == "-0" else s


def fp(p: Pt) -> str:
    return f"{fmt(p[0])},{fmt(p[1])}"


def segs_d(segs: list[Seg], close: bool = False) -> str:
    if not segs:
        return ""
    out = [f"M{fp(segs[0][0])}"]
    for s in segs:
        out.append(f"C{fp(s[1])} {fp(s[2])} {fp(s[3])}")
    if close:
        out.append("Z")
    return " ".join(out)


def mirror_pt(p: Pt, cx: float) -> Pt:
    return (2 * cx - p[0], p[1])


def mirror_segs(segs: list[Seg], cx: float) -> list[Seg]:
    """Mirror and reverse, so the chain continues where the original ended."""
    out: list[Seg] = []
    for p0, p1, p2, p3 in reversed(segs):
        out.append((mirror_pt(p3, cx), mirror_pt(p2, cx), mirror_pt(p1, cx), mirror_pt(p0, cx)))
    return out


def mirror_poly(pts: list[Pt], cx: float) -> list[Pt]:
    return [mirror_pt(p, cx) for p in reversed(pts)]


def translate_segs(segs: list[Seg], dx: float, dy: float) -> list[Seg]:
    return [tuple((p[0] + dx, p[1] + dy) for p in s) for s in segs]  # type: ignore[misc]


def mirror_segs_keep(segs: list[Seg], cx: float) -> list[Seg]:
    """Mirror without reversing."""
    return [tuple(mirror_pt(p, cx) for p in s) for s in segs]  # type: ignore[misc]


def clip(subject: list[Pt], window: list[Pt]) -> list[Pt]:
    """Sutherland-Hodgman: clip a (possibly concave) polygon by a convex window (any orientation)."""
    area = sum(
        window[i][0] * window[(i + 1) % len(window)][1] - window[(i + 1) % len(window)][0] * window[i][1]
        for i in range(len(window))
    )
    sign = 1.0 if area > 0 else -1.0

    def inside(p: Pt, a: Pt, b: Pt) -> bool:
        return sign * ((b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])) >= 0

    def inter(p: Pt, q: Pt, a: Pt, b: Pt) -> Pt:
        x1, y1 = p
        x2, y2 = q
        x3, y3 = a
        x4, y4 = b
        den = (x1 - x2) * (y3 - y4) - (y1 - y2) * (x3 - x4)
        t = ((x1 - x3) * (y3 - y4) - (y1 - y3) * (x3 - x4)) / den
        return (x1 + t * (x2 - x1), y1 + t * (y2 - y1))

    out = list(subject)
    for i in range(len(window)):
        a = window[i]
        b = window[(i + 1) % len(window)]
        inp = out
        out = []
        if not inp:
            break
        s = inp[-1]
        for e in inp:
            if inside(e, a, b):
                if not inside(s, a, b):
                    out.append(inter(s, e, a, b))
                out.append(e)
            elif inside(s, a, b):
                out.append(inter(s, e, a, b))
            s = e
    return simplify(out)


def rect(x0: float, y0: float, x1: float, y1: float) -> list[Pt]:
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def simplify(pts: list[Pt], eps: float = 0.05) -> list[Pt]:
    out: list[Pt] = []
    for p in pts:
        q = (round(p[0], 1), round(p[1], 1))
        if out and abs(out[-1][0] - q[0]) < eps and abs(out[-1][1] - q[1]) < eps:
            continue
        out.append(q)
    while len(out) > 1 and out[0] == out[-1]:
        out.pop()
    # drop collinear
    changed = True
    while changed and len(out) > 3:
        changed = False
        for i in range(len(out)):
            a, b, c = out[i - 1], out[i], out[(i + 1) % len(out)]
            cross = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
            if abs(cross) < 0.02 and (b[0] - a[0]) * (c[0] - b[0]) + (b[1] - a[1]) * (c[1] - b[1]) >= 0:
                out.pop(i)
                changed = True
                break
    return out


def bridge(*polys: list[Pt]) -> list[Pt]:
    """Join disjoint polygons into one ring with zero-width there-and-back bridges (even-odd safe)."""
    polys_ = [p for p in polys if len(p) >= 3]
    out = list(polys_[0])
    for p in polys_[1:]:
        # attach at the nearest pair of vertices
        i, j = min(
            ((i, j) for i in range(len(out)) for j in range(len(p))),
            key=lambda ij: (out[ij[0]][0] - p[ij[1]][0]) ** 2 + (out[ij[0]][1] - p[ij[1]][1]) ** 2,
        )
        ring = p[j:] + p[:j] + [p[j]]
        out = out[: i + 1] + ring + out[i:]
    return out


def ellipse(cx: float, cy: float, rx: float, ry: float, n: int = 24, rot: float = 0.0) -> list[Pt]:
    c, s = math.cos(rot), math.sin(rot)
    pts = []
    for k in range(n):
        t = 2 * math.pi * k / n
        x, y = rx * math.cos(t), ry * math.sin(t)
        pts.append((round(cx + x * c - y * s, 1), round(cy + x * s + y * c, 1)))
    return pts


def poly_points(pts: list[Pt]) -> str:
    return " ".join(fp(p) for p in pts)
