"""Building blocks of the report: fonts, styles, the numbered canvas, photo, body-map and signature boxes."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from injurydoc.domain.texts import Lang, text
from injurydoc.domain.vocab import BodyView
from injurydoc.resources import resource_path

from .model import ReportPhoto

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

# Embed JPEG and other streams as binary: 47 s -> 0.4 s for 40 photos.  reportlab reads the setting each
# time it writes a stream (pdfdoc, pdfimages), not at import, so it holds from here on; every module that
# writes a PDF imports this one before it writes (tests/test_report_streams.py).
rl_config.useA85 = 0

FONT, FONT_BOLD = "DejaVuSans", "DejaVuSans-Bold"
PAGE_W, PAGE_H = A4
MARGIN = 18 * mm
CONTENT_W = PAGE_W - 2 * MARGIN
SIGNATURE_BOX_H = 32 * mm


def register_fonts() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(resource_path("fonts", "DejaVuSans.ttf"))))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(resource_path("fonts", "DejaVuSans-Bold.ttf"))))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)
    # Vector drawings (the body map) start from these defaults: keep every font embedded.
    from reportlab.graphics.shapes import STATE_DEFAULTS

    STATE_DEFAULTS["fontName"] = FONT


@dataclass
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    quote: ParagraphStyle
    banner: ParagraphStyle
    mono: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle


def make_styles() -> Styles:
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5, alignment=TA_LEFT)
    return Styles(
        body=body,
        small=ParagraphStyle(
            "small", parent=body, fontSize=7.5, leading=9.5, textColor=colors.HexColor("#444444")
        ),
        h1=ParagraphStyle("h1", parent=body, fontName=FONT_BOLD, fontSize=17, leading=21, spaceAfter=2),
        h2=ParagraphStyle(
            "h2",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=11.5,
            leading=14,
            spaceBefore=9,
            spaceAfter=4,
            textColor=colors.HexColor("#1d3557"),
        ),
        h3=ParagraphStyle(
            "h3", parent=body, fontName=FONT_BOLD, fontSize=10, leading=13, spaceBefore=5, spaceAfter=2
        ),
        quote=ParagraphStyle(
            "quote",
            parent=body,
            leftIndent=6 * mm,
            rightIndent=4 * mm,
            borderColor=colors.HexColor("#9aa5b1"),
            borderWidth=0,
            borderPadding=(3, 3, 3, 3),
            backColor=colors.HexColor("#f3f5f7"),
            spaceBefore=2,
            spaceAfter=4,
        ),
        banner=ParagraphStyle(
            "banner",
            parent=body,
            fontName=FONT_BOLD,
            textColor=colors.white,
            backColor=colors.HexColor("#8b0000"),
            borderPadding=(4, 4, 4, 4),
            spaceBefore=4,
            spaceAfter=8,
        ),
        mono=ParagraphStyle("mono", parent=body, fontSize=6.5, leading=8),
        cell=ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5),
        cell_bold=ParagraphStyle("cellb", parent=body, fontName=FONT_BOLD, fontSize=8.5, leading=10.5),
    )


def para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def when(value: dt.datetime | None, lang: Lang) -> str:
    if value is None:
        return text("exam_report.not_recorded", lang)
    return value.astimezone().strftime("%Y-%m-%d %H:%M")


def exif_time(value: str | None, lang: Lang) -> str:
    if not value:
        return text("exam_report.photo_no_time", lang)
    return value.replace("T", " ")


class NumberedCanvas(Canvas):
    """Draws "page x of y", the case id and (for training) the watermark once all pages are known."""

    footer_left = ""
    footer_right = ""
    watermark = ""
    page_label = "{page}/{pages}"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["initialFontName"] = FONT  # else reportlab references Helvetica, which is not embedded
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._decorate(total)
            super().showPage()
        super().save()

    def _decorate(self, total: int) -> None:
        self.saveState()
        self.setFont(FONT, 7.5)
        self.setFillColor(colors.HexColor("#555555"))
        self.setStrokeColor(colors.HexColor("#bbbbbb"))
        self.line(MARGIN, 13 * mm, PAGE_W - MARGIN, 13 * mm)
        self.drawString(MARGIN, 9 * mm, self.footer_left)
        label = self.page_label.format(page=self._pageNumber, pages=total)
        self.drawRightString(PAGE_W - MARGIN, 9 * mm, f"{self.footer_right}   {label}")
        if self.watermark:
            self.setFont(FONT_BOLD, 22)  # the whole sentence fits across an A4 page at 35°
            self.setFillColor(colors.Color(0.75, 0.1, 0.1, alpha=0.18))
            self.translate(PAGE_W / 2, PAGE_H / 2)
            self.rotate(35)
            self.drawCentredString(0, 0, self.watermark)
            self.rotate(-35)
            self.setFont(FONT_BOLD, 9)
            self.setFillColor(colors.Color(0.75, 0.1, 0.1, alpha=0.9))
            self.translate(-PAGE_W / 2, -PAGE_H / 2)
            self.drawCentredString(PAGE_W / 2, PAGE_H - 10 * mm, self.watermark)
        self.restoreState()


class _JpegReader(ImageReader):
    """An ImageReader for a JPEG that is embedded as it is.

    reportlab names each image by an MD5 of its decoded pixels — 2.6 s for 40 previews — and then embeds
    the JPEG bytes anyway.  For a JPEG, a digest of its bytes names it just as uniquely.
    """

    def __init__(self, data: bytes) -> None:
        super().__init__(io.BytesIO(data))
        self._digest = hashlib.sha256(data).digest()

    def getRGBData(self) -> bytes:
        if self.jpeg_fh() is not None:
            self._dataA = None
            return self._digest
        return bytes(super().getRGBData())


class PhotoFlowable(Flowable):
    """A stored preview, embedded as JPEG (no re-encoding), fitted into a box, with a caption."""

    def __init__(self, photo: ReportPhoto, width: float, max_h: float, caption: Paragraph) -> None:
        super().__init__()
        self.photo = photo
        self.reader = _JpegReader(photo.preview)
        iw, ih = self.reader.getSize()
        scale = min(width / iw, max_h / ih)
        self.img_w, self.img_h = iw * scale, ih * scale
        self.box_w = width
        self.caption = caption
        _, self.cap_h = caption.wrap(width, 100)
        self.height = self.img_h + self.cap_h + 2

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.box_w, self.height

    def draw(self) -> None:
        x = (self.box_w - self.img_w) / 2
        self.canv.drawImage(self.reader, x, self.cap_h + 2, self.img_w, self.img_h)
        self.canv.setStrokeColor(colors.HexColor("#999999"))
        self.canv.rect(x, self.cap_h + 2, self.img_w, self.img_h, stroke=1, fill=0)
        self.caption.drawOn(self.canv, 0, 0)


@functools.cache
def bodymap_drawing(view: BodyView) -> Drawing:
    """The body-map view's SVG as a reportlab drawing, read once per process: the resource never changes
    (parsing it took a report 0.03 s a view).  The drawing is shared: it is only drawn, under
    :data:`_DRAWING_LOCK`, since reportlab's renderer marks the shapes it draws while it draws them."""
    from svglib.svglib import svg2rlg

    drawing = svg2rlg(str(resource_path("bodymap", f"{view.code}.svg")))
    if drawing is None:  # pragma: no cover - our own resource
        raise RuntimeError(f"body map {view.code} could not be read")
    return drawing


_DRAWING_LOCK = threading.Lock()


class BodyMapFlowable(Flowable):
    """One body-map view as vectors, with each injury's number at its mark."""

    def __init__(
        self,
        view: BodyView,
        marks: list[tuple[int, float, float]],
        height: float,
        labels: tuple[str, str, str],
        max_width: float | None = None,
    ):
        """``max_width``: the column the view must keep to (its neighbours start there); the drawing is
        scaled down to fit it and centred in it, and its title made smaller until it fits too."""
        super().__init__()
        drawing = bodymap_drawing(view)
        self.drawing = drawing
        self.scale = height / drawing.height
        if max_width is not None:
            self.scale = min(self.scale, max_width / drawing.width)
        self.map_w = drawing.width * self.scale
        self.width = self.map_w if max_width is None else max_width
        self.offset = (self.width - self.map_w) / 2
        self.map_h = drawing.height * self.scale
        self.height = self.map_h + 14
        self.marks = marks
        self.title, self.left_label, self.right_label = labels
        self.title_size = 8.5
        while (
            self.title_size > 5
            and pdfmetrics.stringWidth(self.title, FONT_BOLD, self.title_size) > self.width
        ):
            self.title_size -= 0.5

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        h, x0 = self.map_h, self.offset
        c.saveState()
        c.translate(x0, 0)
        c.scale(self.scale, self.scale)
        with _DRAWING_LOCK:
            self.drawing.drawOn(c, 0, 0)
        c.restoreState()
        c.setFont(FONT_BOLD, self.title_size)
        c.drawCentredString(self.width / 2, h + 4, self.title)
        c.setFont(FONT, 6.5)
        c.setFillColor(colors.HexColor("#333333"))
        c.drawString(x0, h - 8, self.left_label)
        c.drawRightString(x0 + self.map_w, h - 8, self.right_label)
        for number, x, y in self.marks:
            px, py = x0 + x * self.map_w, (1 - y) * h
            c.setFillColor(colors.HexColor("#c1121f"))
            c.setStrokeColor(colors.white)
            c.circle(px, py, 6.5, stroke=1, fill=1)
            c.setFillColor(colors.white)
            c.setFont(FONT_BOLD, 7.5)
            c.drawCentredString(px, py - 2.6, str(number))


class SignatureBox(Flowable):
    """The visible signature block: who signs and with which certificate, drawn with the report's
    embedded font; the signature field's widget is placed over it (see signatures.py)."""

    def __init__(self, width: float, height: float, record: dict[str, Any], lines: tuple[str, ...]) -> None:
        super().__init__()
        self.width, self.height = width, height
        self.record = record
        self.lines = lines

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        x, y = self.canv.absolutePosition(0, 0)
        self.record["page"] = self.canv.getPageNumber() - 1
        self.record["box"] = (x, y, x + self.width, y + self.height)
        c = self.canv
        c.setStrokeColor(colors.HexColor("#1d3557"))
        c.setFillColor(colors.HexColor("#f3f6fa"))
        c.setLineWidth(1.2)
        c.rect(0, 0, self.width, self.height, stroke=1, fill=1)
        c.setFillColor(colors.HexColor("#1d3557"))
        y = self.height - 12
        for i, line in enumerate(self.lines):
            c.setFont(FONT_BOLD if i == 0 else FONT, 9 if i == 0 else 7.5)
            c.drawString(6, y, line)
            y -= 12 if i == 0 else 10


@dataclass
class RenderedReport:
    pdf: bytes
    #: 0-based page index and (x1, y1, x2, y2) in PDF points of the signature box.
    signature_page: int
    signature_box: tuple[float, float, float, float]
    pages: int = 0
    meta: dict[str, Any] = field(default_factory=dict)
