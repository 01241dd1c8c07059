"""Front and back views: eight-heads canon, half drawn with cubic Béziers, mirrored about x = 200."""

from __future__ import annotations

from geom import PathB, Pt, bridge, clip, ellipse, mirror_poly, mirror_pt, mirror_segs, rect, segs_d

CX = 200.0
H = 105.0  # head height; figure top y=25, soles y=865 (8 heads)
TOP = 25.0


def half_outline() -> PathB:
    """Viewer's right half, from the crown down the outside and back up the inside to the crotch."""
    p = PathB((CX, TOP))
    p.mark("head_top")
    p.c((224, 25), (240, 44), (240, 70))  # skull to ear top
    p.mark("ear_top")
    p.c((245, 67), (248, 76), (246, 86))  # ear
    p.c((245, 94), (242, 99), (238, 98))
    p.mark("ear_bottom")
    p.c((237, 110), (231, 121), (222, 128))  # jaw
    p.mark("jaw")
    p.c((220, 136), (219, 147), (221, 156))  # neck side
    p.mark("neck_base")
    p.c((237, 163), (262, 163), (279, 169))  # trapezius
    p.mark("shoulder_top")
    p.c((292, 173), (300, 186), (299, 203))  # deltoid cap
    p.mark("arm_out")
    p.c((303, 240), (308, 278), (312, 310))  # upper arm, outer
    p.mark("elbow_out")
    p.c((318, 336), (324, 372), (325, 408))  # forearm, outer
    p.mark("wrist_out")
    p.c((331, 419), (335, 432), (335, 445))  # thumb, outer edge
    p.c((335, 455), (329, 457), (326, 450))  # thumb tip
    p.mark("thumb_in")
    p.c((327, 466), (326, 483), (321, 494))  # hand edge to fingertips
    p.c((316, 503), (304, 503), (300, 494))  # fingertips
    p.mark("hand_in")
    p.c((297, 475), (296, 440), (298, 420))  # hand, inner edge
    p.mark("wrist_in")
    p.c((296, 386), (288, 348), (281, 320))  # forearm, inner
    p.mark("elbow_in")
    p.c((278, 290), (274, 255), (266, 226))  # upper arm, inner
    p.mark("armpit")
    p.c((266, 257), (258, 292), (254, 322))  # flank to waist
    p.mark("waist")
    p.c((250, 352), (266, 385), (268, 422))  # waist to hip
    p.mark("hip_out")
    p.c((271, 490), (262, 585), (253, 638))  # thigh, outer
    p.mark("knee_out")
    p.c((250, 655), (250, 672), (250, 688))  # knee, outer
    p.mark("calf_out")
    p.c((256, 728), (251, 790), (240, 826))  # calf, outer
    p.mark("ankle_out")
    p.c((244, 840), (253, 850), (256, 859))  # foot, outer
    p.c((259, 868), (248, 871), (232, 871))  # toes
    p.c((216, 871), (206, 869), (206, 858))
    p.mark("foot_in")
    p.c((206, 848), (209, 840), (210, 828))  # instep to inner ankle
    p.mark("ankle_in")
    p.c((206, 790), (202, 742), (206, 700))  # calf, inner
    p.mark("knee_in_low")
    p.c((206, 685), (206, 665), (208, 645))  # knee, inner
    p.mark("knee_in")
    p.c((206, 580), (204, 500), (CX, 452))  # thigh, inner to crotch
    p.mark("crotch")
    p.end_mark()
    return p


def outline_d() -> str:
    half = half_outline()
    return segs_d(half.segs + mirror_segs(half.segs, CX), close=True)


def parts(p: PathB) -> dict[str, list[Pt]]:
    """Closed polygons of the viewer's right half, by body part."""
    head = p.sample("head_top", "neck_base") + [(CX, p.point("neck_base")[1])]
    arm = p.sample("shoulder_top", "armpit")
    torso = (
        [(CX, p.point("neck_base")[1])]
        + p.sample("neck_base", "shoulder_top")
        + p.sample("armpit", "hip_out")
        + [p.point("crotch")]
    )
    leg = p.sample("hip_out", "crotch")
    return {"head": head, "arm": arm, "torso": torso, "leg": leg}


def full(poly: list[Pt]) -> list[Pt]:
    """A half polygon that runs along the midline, made whole by its mirror image."""
    return [q for q in poly if q[0] > CX - 0.01] + [q for q in mirror_poly(poly, CX) if q[0] < CX + 0.01]


Y_FOREHEAD = 52.0
Y_FACE = 80.0
Y_NECK = 128.0
Y_CHEST = 212.0  # chest starts at the collarbones; above is the neck root / shoulder
Y_ABDOMEN = 300.0
Y_ELBOW = (296.0, 330.0)
Y_WRIST = (404.0, 424.0)
Y_FINGERS = 470.0
Y_KNEE = (628.0, 690.0)
Y_ANKLE = (812.0, 842.0)
MID = 7.0  # half-width of the midline strip on the trunk


def regions(view: str) -> list[tuple[str, str, list[Pt]]]:
    """(code, side, polygon) in paint order; the drawn half is the viewer's right."""
    p = half_outline()
    pt = parts(p)
    head, arm, torso, leg = pt["head"], pt["arm"], pt["torso"], pt["leg"]
    ftorso = full(torso)
    fhead = full(head)
    # The drawn half (viewer's right) is the patient's left on the front view, right on the back.
    near = "left" if view == "front" else "right"
    far = "right" if view == "front" else "left"

    one_side: list[tuple[str, list[Pt]]] = []  # regions on the drawn half, mirrored for the other side
    mid: list[tuple[str, list[Pt]]] = []
    big = 1000.0
    hand = "palm" if view == "front" else "hand_back"

    if view == "front":
        mid.append(("scalp", clip(fhead, rect(0, 0, big, Y_FOREHEAD))))
        mid.append(("forehead", clip(fhead, rect(0, Y_FOREHEAD, big, Y_FACE))))
        mid.append(("face", clip(fhead, rect(0, Y_FACE, big, Y_NECK + 6))))
    else:
        mid.append(("scalp", clip(fhead, rect(0, 0, big, Y_NECK + 6))))
    one_side.append(("ear", clip(head, rect(237.5, 60, big, 104))))
    neck_code = "neck_anterior" if view == "front" else "neck_posterior"
    neck_base_y = p.point("neck_base")[1]
    mid.append((neck_code, clip(fhead, rect(0, Y_NECK, big, big))))
    # trunk
    neck_root = clip(ftorso, rect(0, 0, big, Y_CHEST))  # lower neck / collarbone zone
    if view == "front":
        # sides of the trunk first, the midline strip on top
        one_side.append(("chest", clip(torso, rect(CX, 0, big, Y_ABDOMEN))))
        one_side.append(("abdomen", clip(torso, rect(CX, Y_ABDOMEN, big, big))))
        one_side.append(
            ("hip", bridge(clip(torso, rect(246, 388, big, big)), clip(leg, rect(250, 0, big, 458))))
        )
        one_side.append(("breast", ellipse(236, 250, 25, 21)))
        mid.append(("chest", clip(ftorso, rect(CX - MID, 0, CX + MID, Y_ABDOMEN))))
        mid.append(("abdomen", clip(ftorso, rect(CX - MID, Y_ABDOMEN, CX + MID, 410))))
        mid.append(("genital", clip(ftorso, rect(CX - 17, 410, CX + 17, big))))
        one_side.append(
            (
                "shoulder",
                bridge(
                    clip(arm, rect(0, 0, big, 226)),
                    clip(torso, [(250, 150), (300, 150), (300, 226), (266, 226)]),
                ),
            )
        )
        _ = neck_root
    else:
        one_side.append(("upper_back", clip(torso, rect(CX, 0, big, 318))))
        one_side.append(("lower_back", clip(torso, rect(CX, 318, big, 395))))
        one_side.append(
            ("buttock", bridge(clip(torso, rect(CX, 395, big, big)), clip(leg, rect(0, 0, big, 470))))
        )
        one_side.append(
            ("hip", bridge(clip(torso, rect(250, 392, big, big)), clip(leg, rect(254, 0, big, 456))))
        )
        mid.append(("upper_back", clip(ftorso, rect(CX - MID, 0, CX + MID, 318))))
        mid.append(("lower_back", clip(ftorso, rect(CX - MID, 318, CX + MID, 398))))
        one_side.append(
            (
                "shoulder",
                bridge(
                    clip(arm, rect(0, 0, big, 226)),
                    clip(torso, [(250, 150), (300, 150), (300, 226), (266, 226)]),
                ),
            )
        )
    # arm
    one_side.append(("upper_arm", clip(arm, rect(0, 224, big, Y_ELBOW[0]))))
    one_side.append(("elbow", clip(arm, rect(0, Y_ELBOW[0], big, Y_ELBOW[1]))))
    one_side.append(("forearm", clip(arm, rect(0, Y_ELBOW[1], big, Y_WRIST[0]))))
    one_side.append(("wrist", clip(arm, rect(0, Y_WRIST[0], big, Y_WRIST[1]))))
    one_side.append((hand, clip(arm, rect(0, Y_WRIST[1], big, Y_FINGERS))))
    thumb = clip(arm, rect(p.point("thumb_in")[0] - 0.5, Y_WRIST[1], big, Y_FINGERS))
    one_side.append(("finger", bridge(clip(arm, rect(0, Y_FINGERS, big, big)), thumb)))
    # leg
    top = 0.0 if view == "front" else 470.0
    one_side.append(("thigh", clip(leg, rect(0, top, big, Y_KNEE[0]))))
    one_side.append(("knee", clip(leg, rect(0, Y_KNEE[0], big, Y_KNEE[1]))))
    one_side.append(("lower_leg", clip(leg, rect(0, Y_KNEE[1], big, Y_ANKLE[0]))))
    one_side.append(("ankle", clip(leg, rect(0, Y_ANKLE[0], big, Y_ANKLE[1]))))
    one_side.append(("foot", clip(leg, rect(0, Y_ANKLE[1], big, big))))
    _ = neck_base_y

    out: list[tuple[str, str, list[Pt]]] = []
    # general → specific: trunk sides, then midline strips, then limbs (which do not overlap the trunk)
    order = [
        "scalp", "forehead", "face", "ear", "neck_anterior", "neck_posterior",
        "chest", "abdomen", "upper_back", "lower_back", "buttock", "hip", "breast", "genital", "shoulder",
        "upper_arm", "elbow", "forearm", "wrist", "palm", "hand_back", "finger",
        "thigh", "knee", "lower_leg", "ankle", "foot",
    ]  # fmt: skip
    for code in order:
        for c, poly in one_side:
            if c == code:
                out.append((code, far, mirror_poly(poly, CX)))
                out.append((code, near, poly))
        for c, poly in mid:
            if c == code:
                out.append((code, "midline", poly))
    return out


def details(view: str) -> list[str]:
    """Inner orientation lines for the drawn half, returned as path data (mirrored by the caller)."""
    if view == "front":
        return [
            "M208,171 C222,176 244,170 266,174",  # collarbone
            "M282,318 C287,322 293,322 297,318",  # elbow crease
            "M262,417 C246,432 222,442 206,449",  # groin line
            "M220,652 C226,660 236,660 242,652",  # knee cap
        ]
    return [
        "M226,200 C242,195 258,192 272,188",  # spine of the shoulder blade
        "M222,206 C219,224 221,242 231,256",  # medial border of the shoulder blade
        "M290,312 C295,318 301,318 305,312",  # elbow point
        "M206,460 C222,468 244,468 258,456",  # gluteal fold
        "M218,660 C228,664 238,664 246,660",  # knee crease
    ]


def mirror_d(d: str) -> str:
    import re

    def repl(m: re.Match[str]) -> str:
        x, y = float(m.group(1)), float(m.group(2))
        mx, _ = mirror_pt((x, y), CX)
        s = f"{mx:.1f}".rstrip("0").rstrip(".")
        return f"{s},{m.group(2)}"

    return re.sub(r"(-?[\d.]+),(-?[\d.]+)", repl, d)
