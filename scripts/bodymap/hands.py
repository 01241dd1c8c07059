"""Hands side by side, fingers up: palms, and backs.  The patient's right hand is on the viewer's left in both."""

from __future__ import annotations

import math
from collections.abc import Callable

from geom import PathB, Pt, Seg, bridge, clip, fp, rect, segs_d, simplify

W, HT = 400, 330
K = 0.5523
Y_WRIST = 262.0
BOTTOM = 310.0

# (base centre, tilt in degrees from vertical towards +x, length base→tip centre, half width)
FINGERS = [
    ((-36.0, 140.0), -10.0, 58.0, 9.5),  # little
    ((-13.0, 128.0), -3.0, 80.0, 10.5),  # ring
    ((11.0, 124.0), 2.0, 88.0, 11.0),  # middle
    ((34.0, 130.0), 8.0, 78.0, 10.5),  # index
]
THUMB = ((56.0, 205.0), 30.0, 46.0, 13.0)


def add(a: Pt, b: Pt, k: float = 1.0) -> Pt:
    return (a[0] + b[0] * k, a[1] + b[1] * k)


def frame(tilt: float) -> tuple[Pt, Pt]:
    a = math.radians(tilt)
    return (math.sin(a), -math.cos(a)), (-math.cos(a), -math.sin(a))


def finger_pts(f: tuple[Pt, float, float, float]) -> dict[str, Pt]:
    b, tilt, length, r = f
    u, nl = frame(tilt)
    rt = r * 0.88
    return {
        "bl": add(b, nl, r),
        "tl": add(add(b, u, length), nl, rt),
        "tip": add(b, u, length + rt),
        "tr": add(add(b, u, length), nl, -rt),
        "br": add(b, nl, -r),
    }


def capsule(p: PathB, f: tuple[Pt, float, float, float]) -> None:
    _, tilt, _, r = f
    u, nl = frame(tilt)
    rt = r * 0.88
    q = finger_pts(f)
    p.l(q["tl"])
    p.c(add(q["tl"], u, K * rt), add(q["tip"], nl, K * rt), q["tip"])
    p.c(add(q["tip"], nl, -K * rt), add(q["tr"], u, K * rt), q["tr"])
    p.l(q["br"])


def hand() -> PathB:
    """One hand, thumb towards +x, wrist cut at BOTTOM; local x about 0."""
    first = finger_pts(FINGERS[0])
    p = PathB((-36.0, BOTTOM))
    p.mark("wrist_ulnar")
    p.c((-40, 262), (-51, 200), first["bl"])  # ulnar edge, hypothenar
    p.mark("fingers")
    for i, f in enumerate(FINGERS):
        capsule(p, f)
        if i + 1 < len(FINGERS):
            br = finger_pts(f)["br"]
            bl = finger_pts(FINGERS[i + 1])["bl"]
            p.c((br[0], br[1] + 5), (bl[0], bl[1] + 5), bl)  # web
    p.mark("index_radial")
    t = finger_pts(THUMB)
    ir = finger_pts(FINGERS[-1])["br"]
    p.c((ir[0] + 1, ir[1] + 25), (t["bl"][0] - 1, t["bl"][1] - 25), t["bl"])
    p.mark("thumb")
    capsule(p, THUMB)
    p.mark("thenar")
    p.c((62, 238), (42, 262), (38, BOTTOM))
    p.mark("wrist_radial")
    p.end_mark()
    return p


def line_pts(a: Pt, b: Pt) -> str:
    return f"M{fp(a)} L{fp(b)}"


def palm_details() -> list[str]:
    d = [
        "M-45,170 C-24,162 4,166 28,154",  # heart line
        "M-44,190 C-20,186 8,178 40,170",  # head line
        "M41,184 C24,204 16,232 16,258",  # thenar crease
        "M-32,270 C-10,274 14,274 34,268",  # wrist crease
    ]
    for f in FINGERS:
        b, tilt, length, r = f
        u, nl = frame(tilt)
        for t in (0.36, 0.68):
            c = add(b, u, length * t)
            d.append(line_pts(add(c, nl, r * 0.55), add(c, nl, -r * 0.55)))
    b, tilt, length, r = THUMB
    u, nl = frame(tilt)
    c = add(b, u, length * 0.5)
    d.append(line_pts(add(c, nl, r * 0.55), add(c, nl, -r * 0.55)))
    return d


def ellipse_d(c: Pt, u: Pt, nl: Pt, a: float, b: float) -> str:
    """Ellipse with semi-axis a along nl and b along u, as four cubic arcs."""
    pts = [add(c, nl, a), add(c, u, b), add(c, nl, -a), add(c, u, -b)]
    out = [f"M{fp(pts[0])}"]
    for i in range(4):
        p0, p1 = pts[i], pts[(i + 1) % 4]
        d0 = (p0[0] - c[0], p0[1] - c[1])
        d1 = (p1[0] - c[0], p1[1] - c[1])
        out.append(f"C{fp(add(p0, d1, K))} {fp(add(p1, d0, K))} {fp(p1)}")
    return " ".join(out) + " Z"


def back_details() -> list[str]:
    d = []
    for f in [*FINGERS, THUMB]:
        b, tilt, length, r = f
        u, nl = frame(tilt)
        d.append(ellipse_d(add(b, u, length - 1), u, nl, r * 0.55, 8.5))  # nail
        c = add(b, u, length * 0.5)
        d.append(
            f"M{fp(add(c, nl, r * 0.45))} C{fp(add(add(c, nl, r * 0.2), u, 2.5))} "
            f"{fp(add(add(c, nl, -r * 0.2), u, 2.5))} {fp(add(c, nl, -r * 0.45))}"
        )  # knuckle fold
    for f in FINGERS:
        b, _, _, r = f
        d.append(f"M{fp((b[0] - r * 0.5, b[1] + 16))} C{fp((b[0] - 2, b[1] + 12))} {fp((b[0] + 2, b[1] + 12))} "
                 f"{fp((b[0] + r * 0.5, b[1] + 16))}")  # knuckle  # fmt: skip
    return d


def place_segs(segs: list[Seg], cx: float, flip: bool) -> list[Seg]:
    def t(p: Pt) -> Pt:
        return ((cx - p[0]) if flip else (cx + p[0]), p[1])

    return [(t(a), t(b), t(c), t(d)) for a, b, c, d in segs]


def place_d(d: str, cx: float, flip: bool) -> str:
    import re

    def repl(m: re.Match[str]) -> str:
        x = float(m.group(1))
        x = cx - x if flip else cx + x
        return f"{x:.1f}".rstrip("0").rstrip(".") + "," + m.group(2)

    return re.sub(r"(-?[\d.]+),(-?[\d.]+)", repl, d)


def place_pts(pts: list[Pt], cx: float, flip: bool) -> list[Pt]:
    out = [((cx - x) if flip else (cx + x), y) for x, y in pts]
    return out[::-1] if flip else out


def halfplane_window(a: Pt, b: Pt, x_max: float) -> list[Pt]:
    """Convex window above the line a-b (screen coords), limited to x <= x_max."""
    slope = (b[1] - a[1]) / (b[0] - a[0])

    def y(x: float) -> float:
        return a[1] + (x - a[0]) * slope

    return [(-200.0, -100.0), (x_max, -100.0), (x_max, y(x_max)), (-200.0, y(-200.0))]


def hand_regions(surface: str) -> list[tuple[str, list[Pt]]]:
    p = hand()
    poly = p.sample()
    out = [
        ("wrist", clip(poly, rect(-200, Y_WRIST, 200, 1000))),
        (surface, clip(poly, rect(-200, 0, 200, Y_WRIST))),
    ]
    fingers = clip(poly, halfplane_window((-47.0, 150.0), (46.0, 138.0), 62.0))
    b, tilt, _, r = THUMB
    u, nl = frame(tilt)
    bl, br = add(b, nl, r + 3), add(b, nl, -r - 3)
    thumb = clip(poly, [bl, br, add(br, u, 200), add(bl, u, 200)])
    out.append(("finger", bridge(fingers, simplify(thumb))))
    return out


Svg = Callable[..., str]


def views(svg: Svg) -> dict[str, str]:
    p = hand()
    xs = [q[0] for s in p.segs for q in (s[0], s[3])]
    lo, hi = min(xs), max(xs)
    gap = 30.0
    res: dict[str, str] = {}
    for view, surface, det, thumb_in in (
        ("hands_palmar", "palm", palm_details(), True),
        ("hands_dorsal", "hand_back", back_details(), False),
    ):
        # right hand on the viewer's left.  Palms: thumbs point inwards (drawn shape, unflipped);
        # backs: thumbs point outwards (flipped).
        if thumb_in:
            cx_r = W / 2 - gap / 2 - hi
            placements = [("right", cx_r, False), ("left", W - cx_r, True)]
        else:
            cx_r = W / 2 - gap / 2 + lo
            placements = [("right", cx_r, True), ("left", W - cx_r, False)]
        outline: list[str] = []
        strokes: list[str] = []
        details: list[str] = []
        regions: list[tuple[str, str, list[Pt]]] = []
        for side, cx, flip in placements:
            segs = place_segs(p.segs, cx, flip)
            outline.append(segs_d(segs) + " Z")
            strokes.append(segs_d(segs))
            details += [place_d(d, cx, flip) for d in det]
        for code in ("wrist", surface, "finger"):
            for side, cx, flip in placements:
                for c, poly in hand_regions(surface):
                    if c == code:
                        regions.append((code, side, place_pts(poly, cx, flip)))
        desc = {
            "hands_palmar": "Both hands, palms towards the viewer, fingers up; the patient's right hand is on "
            "the viewer's left.",
            "hands_dorsal": "Both hands, backs towards the viewer, fingers up; the patient's right hand is on "
            "the viewer's left.",
        }[view]
        res[view] = svg(W, HT, desc, outline, details, [], regions, open_strokes=strokes)
    return res
