"""Render packaging/linux/injurydoc.svg to the PNG (Linux) and ICO (Windows) icons next to it.

Run after changing the SVG:  .venv/bin/python packaging/render_icon.py
Uses Qt's SVG renderer (PySide6-Essentials) and Pillow, both already project dependencies.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

HERE = Path(__file__).resolve().parent
SVG = HERE / "linux" / "injurydoc.svg"


def render(size: int) -> Image.Image:
    renderer = QSvgRenderer(str(SVG))
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    return Image.open(io.BytesIO(bytes(buf.data())))


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    render(256).save(HERE / "linux" / "injurydoc.png")
    sizes = [16, 24, 32, 48, 64, 128, 256]
    big = render(256)
    big.save(HERE / "windows" / "injurydoc.ico", sizes=[(s, s) for s in sizes])
    print("wrote linux/injurydoc.png and windows/injurydoc.ico")  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
