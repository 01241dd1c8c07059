"""Render each SVG to /tmp/bodymap_<view>.png and a debug PNG with regions coloured."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QImage, QPainter, QPen, QPolygonF
from PySide6.QtSvg import QSvgRenderer

app = QGuiApplication(sys.argv)
SRC = Path("/work/main/resources/bodymap")
NS = "{http://www.w3.org/2000/svg}"
views = sys.argv[1:] or [p.stem for p in sorted(SRC.glob("*.svg"))]
for v in views:
    path = SRC / f"{v}.svg"
    r = QSvgRenderer(str(path))
    vb = r.viewBoxF()
    scale = float(sys.argv[0:1] and 1)
    W = 400 if vb.width() >= vb.height() * 0.8 else 400
    s = W / vb.width()
    Hh = round(vb.height() * s)
    for debug in (False, True):
        img = QImage(W, Hh, QImage.Format.Format_ARGB32)
        img.fill(QColor("#f0f0f0") if debug else QColor("white"))
        p = QPainter(img)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r.render(p, QRectF(0, 0, W, Hh))
        if debug:
            root = ET.parse(path).getroot()
            g = [e for e in root.iter(NS + "g") if e.get("id") == "regions"][0]
            for i, poly in enumerate(g.iter(NS + "polygon")):
                pts = [tuple(map(float, t.split(","))) for t in poly.get("points").split()]
                col = QColor.fromHsv((i * 67) % 360, 200, 230, 110)
                p.setBrush(QBrush(col))
                p.setPen(QPen(QColor(0, 0, 0, 140), 0.6))
                qp = QPolygonF([QPointF(x * s, y * s) for x, y in pts])
                p.drawPolygon(qp, Qt.FillRule.OddEvenFill)
        p.end()
        out = f"/tmp/bodymap_{v}{'_regions' if debug else ''}.png"
        img.save(out)
        print(out)
