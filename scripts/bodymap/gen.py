"""Regenerate resources/bodymap/*.svg: .venv/bin/python scripts/bodymap/gen.py (render.py draws debug PNGs)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import body
from geom import Pt, poly_points

OUT = Path(__file__).resolve().parents[2] / "resources" / "bodymap"
STROKE = "#555555"
FILL = "#ffffff"


def svg(
    w: int,
    h: int,
    desc: str,
    outline: list[str],
    details: list[str],
    dots: list[Pt],
    regions: list[tuple[str, str, list[Pt]]],
    open_strokes: list[str] | None = None,
) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}">',
        f"  <desc>{desc}</desc>",
    ]
    if open_strokes is None:
        lines.append(
            f'  <g id="figure" fill="{FILL}" stroke="{STROKE}" stroke-width="1.5" '
            'stroke-linejoin="round" stroke-linecap="round">'
        )
        for d in outline:
            lines.append(f'    <path d="{d}"/>')
        lines.append("  </g>")
    else:
        # filled silhouettes without stroke, then the outline stroked as open paths (cut-off edges stay unstroked)
        lines.append(f'  <g id="figure-fill" fill="{FILL}" stroke="none">')
        for d in outline:
            lines.append(f'    <path d="{d}"/>')
        lines.append("  </g>")
        lines.append(
            f'  <g id="figure" fill="none" stroke="{STROKE}" stroke-width="1.5" '
            'stroke-linejoin="round" stroke-linecap="round">'
        )
        for d in open_strokes:
            lines.append(f'    <path d="{d}"/>')
        lines.append("  </g>")
    lines.append(
        f'  <g id="details" fill="none" stroke="{STROKE}" stroke-width="1" '
        'stroke-linejoin="round" stroke-linecap="round">'
    )
    for d in details:
        lines.append(f'    <path d="{d}"/>')
    for x, y in dots:
        lines.append(f'    <circle cx="{x:g}" cy="{y:g}" r="1.6" fill="{STROKE}" stroke="none"/>')
    lines.append("  </g>")
    lines.append('  <g id="regions" fill="none" stroke="none" fill-rule="evenodd">')
    seen: set[str] = set()
    for code, side, pts in regions:
        rid = f"region-{code}-{side}"
        assert rid not in seen, rid
        assert len(pts) >= 3, rid
        seen.add(rid)
        lines.append(
            f'    <polygon id="{rid}" data-region="{code}" data-side="{side}" points="{poly_points(pts)}"/>'
        )
    lines.append("  </g>")
    lines.append("</svg>")
    return "\n".join(lines) + "\n"


def body_view(view: str) -> str:
    det = body.details(view)
    det = det + [body.mirror_d(d) for d in det]
    dots: list[Pt] = []
    if view == "front":
        dots.append((200, 340))  # navel
        det.append("M214,127 C208,132 192,132 186,127")  # chin
    else:
        det.append("M200,168 C199.5,230 199.5,330 200,398")  # spine
        det.append("M200,412 L200,446")  # natal cleft
    desc = {
        "front": "Adult body outline seen from the front; the patient's right side is on the viewer's left.",
        "back": "Adult body outline seen from behind; the patient's right side is on the viewer's right.",
    }[view]
    return svg(400, 900, desc, [body.outline_d()], det, dots, body.regions(view))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    views = {"front": body_view("front"), "back": body_view("back")}
    try:
        import heads

        views.update(heads.views(svg))
    except ImportError:
        pass
    try:
        import hands

        views.update(hands.views(svg))
    except ImportError:
        pass
    for name, text in views.items():
        (OUT / f"{name}.svg").write_text(text, encoding="utf-8")
        print("wrote", name)


if __name__ == "__main__":
    main()
