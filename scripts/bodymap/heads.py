"""Head views: right profile (left is its mirror image) and the face from the front."""

from __future__ import annotations

import re
from collections.abc import Callable

from geom import PathB, Pt, clip, ellipse, mirror_poly, mirror_segs, mirror_segs_keep, rect, segs_d

W, HT = 400, 460


def profile() -> PathB:
    """Right profile, facing the viewer's right, from the nape clockwise over the crown to the throat."""
    p = PathB((150, 440))
    p.mark("nape_low")
    p.c((140, 400), (136, 360), (128, 330))  # nape
    p.mark("nape")
    p.c((112, 300), (78, 268), (73, 212))  # occiput
    p.mark("occiput")
    p.c((66, 120), (112, 40), (182, 38))  # crown
    p.mark("crown")
    p.c((232, 37), (266, 60), (278, 96))  # top of forehead
    p.mark("forehead_top")
    p.c((285, 116), (289, 134), (288, 150))  # forehead to brow
    p.mark("brow")
    p.c((288, 158), (283, 161), (284, 168))  # nasion
    p.mark("nasion")
    p.c((294, 190), (318, 204), (322, 219))  # nose ridge to tip
    p.mark("nose_tip")
    p.c((325, 230), (306, 233), (297, 233))  # under the nose
    p.mark("subnasale")
    p.c((300, 240), (304, 245), (302, 251))  # upper lip
    p.mark("upper_lip")
    p.c((300, 255), (296, 257), (296, 260))  # mouth
    p.mark("stomion")
    p.c((300, 263), (301, 268), (297, 273))  # lower lip
    p.mark("lower_lip")
    p.c((292, 278), (289, 280), (291, 286))  # chin dip
    p.mark("chin_dip")
    p.c((296, 296), (296, 304), (286, 309))  # chin
    p.mark("chin")
    p.c((274, 315), (262, 317), (250, 320))  # under the chin
    p.mark("throat_top")
    p.c((248, 360), (254, 405), (268, 440))  # throat
    p.mark("throat_low")
    p.end_mark()
    return p


def profile_details() -> list[str]:
    return [
        # ear: helix and a small inner fold
        "M168,166 C176,150 198,152 200,172 C202,192 194,206 192,220 C190,232 182,240 172,236"
        " C164,232 164,222 166,214",
        "M178,178 C184,170 192,174 191,186 C190,196 184,200 183,208",
        # eye and brow
        "M262,172 C268,168 274,166 281,166 M262,172 C268,176 274,178 280,178 M281,166 C278,170 278,174 280,178",
        "M252,157 C262,151 274,151 284,155",
        # nostril
        "M300,224 C296,216 304,212 310,218",
        # lips meet
        "M296,260 L286,260",
        # jaw line
        "M184,246 C190,270 204,292 240,304",
    ]


def profile_regions(side: str) -> list[tuple[str, str, list[Pt]]]:
    p = profile()
    head = p.sample()  # closed along the bottom cut
    big = 1000.0
    r: list[tuple[str, str, list[Pt]]] = []
    r.append(("scalp", side, clip(head, rect(0, 0, big, 330))))
    r.append(("forehead", side, clip(head, [(236, 40), (big, 40), (big, 158), (250, 158), (236, 120)])))
    r.append(("temple", side, clip(head, [(206, 110), (236, 120), (250, 158), (250, 182), (206, 176)])))
    r.append(("cheek", side, clip(head, [(206, 176), (250, 182), (big, 182), (big, 262), (212, 250)])))
    r.append(("jaw", side, clip(head, [(180, 244), (big, 266), (big, 322), (250, 322), (182, 254)])))
    r.append(("eye", side, clip(head, ellipse(270, 171, 20, 14))))
    r.append(("nose", "midline", clip(head, [(282, 160), (big, 160), (big, 236), (280, 236), (278, 200)])))
    r.append(("mouth", "midline", clip(head, [(272, 236), (big, 236), (big, 278), (272, 278)])))
    r.append(("ear", side, ellipse(184, 195, 24, 48)))
    r.append(("neck_lateral", side, clip(head, [(120, 282), (182, 254), (250, 322), (250, big), (120, big)])))
    r.append(("neck_anterior", "midline", clip(head, [(248, 318), (big, 300), (big, big), (248, big)])))
    r.append(("neck_posterior", "midline", clip(head, [(0, 270), (136, 288), (160, big), (0, big)])))
    return r


def face() -> PathB:
    """Viewer's right half of the face from the front, crown to the base of the neck."""
    p = PathB((200.0, 34.0))
    p.mark("crown")
    p.c((270, 34), (312, 90), (312, 160))  # skull
    p.mark("ear_top")
    p.c((324, 150), (334, 160), (332, 180))  # ear
    p.c((330, 204), (324, 228), (308, 232))
    p.mark("ear_low")
    p.c((302, 268), (284, 300), (256, 322))  # jaw
    p.c((240, 334), (222, 342), (200, 343))  # chin
    p.mark("chin")
    p.end_mark()
    return p


def neck_half() -> PathB:
    p = PathB((265.0, 316.0))
    p.c((263, 350), (264, 384), (272, 410))  # neck side
    p.c((288, 430), (320, 438), (352, 448))  # into the shoulder
    return p


def face_details() -> list[str]:
    return [
        "M224,186 C234,176 256,176 268,186 C256,194 236,194 224,186",  # eye
        "M218,164 C234,154 256,154 274,162",  # brow
        "M208,196 C209,214 213,230 219,242 C223,251 213,257 204,253",  # nose side and wing
        "M200,284 C208,286 218,285 226,280",  # mouth line
        "M318,170 C324,172 324,190 320,200",  # ear inner
    ]


def mirror_d(d: str, cx: float) -> str:
    def repl(m: re.Match[str]) -> str:
        x = 2 * cx - float(m.group(1))
        return f"{x:.1f}".rstrip("0").rstrip(".") + "," + m.group(2)

    return re.sub(r"(-?[\d.]+),(-?[\d.]+)", repl, d)


def face_regions() -> list[tuple[str, str, list[Pt]]]:
    f = face()
    half = f.sample() + [(200.0, 34.0)]
    fhead = [q for q in half] + mirror_poly(half, 200)[1:-1]
    n = neck_half()
    nh = n.sample()
    neck_poly = [(200.0, 316.0)] + nh + [(352.0, 460.0), (200.0, 460.0)]
    neck_full = neck_poly + [q for q in mirror_poly(neck_poly, 200)]
    big = 1000.0
    one: list[tuple[str, list[Pt]]] = []
    mid: list[tuple[str, list[Pt]]] = []
    mid.append(("scalp", clip(fhead, rect(0, 0, big, 96))))
    mid.append(("forehead", clip(fhead, rect(0, 96, big, 170))))
    one.append(("temple", clip(half, [(270, 110), (big, 110), (big, 200), (280, 200)])))
    one.append(("cheek", clip(half, rect(200, 168, big, 300))))
    one.append(("jaw", clip(half, [(200, 300), (300, 240), (big, 240), (big, big), (200, big)])))
    one.append(("neck_lateral", clip(neck_poly, rect(236, 0, big, big))))
    mid.append(("neck_anterior", clip(neck_full, rect(164, 0, 236, big))))
    one.append(("eye", ellipse(246, 182, 32, 20)))
    mid.append(
        (
            "nose",
            [(188, 166), (212, 166), (222, 222), (230, 252), (212, 264), (188, 264), (170, 252), (178, 222)],
        )
    )
    mid.append(("mouth", ellipse(200, 284, 38, 16)))
    mid.append(("jaw", clip(fhead, [(178, 308), (222, 308), (226, 350), (174, 350)])))
    one.append(("ear", clip(half, rect(310, 140, big, 240))))
    order = ["scalp", "forehead", "temple", "cheek", "jaw", "neck_lateral", "neck_anterior", "eye", "nose",
             "mouth", "ear"]  # fmt: skip
    out: list[tuple[str, str, list[Pt]]] = []
    for code in order:
        for c, poly in one:
            if c == code:
                # front view of the face: the drawn half (viewer's right) is the patient's left
                out.append((code, "right", mirror_poly(poly, 200)))
                out.append((code, "left", poly))
        for c, poly in mid:
            if c == code:
                out.append((code, "midline", poly))
    return out


Svg = Callable[..., str]


def views(svg: Svg) -> dict[str, str]:
    p = profile()
    closed = segs_d(p.segs, close=True)
    stroke = segs_d(p.segs)
    det = profile_details()
    right = svg(
        W, HT,
        "Head in right profile, facing the viewer's right.",
        [closed], det, [], profile_regions("right"), open_strokes=[stroke],
    )  # fmt: skip
    ms = mirror_segs_keep(p.segs, W / 2)
    left = svg(
        W, HT,
        "Head in left profile, facing the viewer's left.",
        [segs_d(ms, close=True)], [mirror_d(d, W / 2) for d in det], [],
        [(c, "left" if s == "right" else s, mirror_poly(poly, W / 2)) for c, s, poly in profile_regions("right")],
        open_strokes=[segs_d(ms)],
    )  # fmt: skip
    f = face()
    head_d = segs_d(f.segs + mirror_segs(f.segs, 200), close=True)
    n = neck_half()
    neck_fill = segs_d(
        mirror_segs(n.segs, 200) + [((200, 300), (200, 300), (200, 300), (200, 300))][:0], close=False
    )
    nb = mirror_segs(n.segs, 200)  # left side, from shoulder up to neck top
    neck_closed = segs_d(n.segs) + " L352,460 L48,460 L48,448 " + segs_d(nb)[1:].split(" ", 1)[1] + " Z"
    fd = face_details()
    fdet = fd + [mirror_d(d, 200) for d in fd]
    face_svg = svg(
        W, HT,
        "Face seen from the front; the patient's right side is on the viewer's left.",
        [neck_closed, head_d], fdet, [], face_regions(),
        open_strokes=[segs_d(n.segs), segs_d(nb), head_d],
    )  # fmt: skip
    _ = neck_fill
    return {"head_right": right, "head_left": left, "face": face_svg}
