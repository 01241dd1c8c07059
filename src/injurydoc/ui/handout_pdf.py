"""Laying out and painting the patient handout with Qt: PDF, printer and preview from one routine.

Qt's text layout shapes Arabic script (HarfBuzz) and orders right-to-left text (Unicode bidi), which
reportlab does not.  Every language starts on a new sheet.  Only the bundled fonts are used, and the
PDF embeds them; its metadata names no patient.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
    QTextOption,
)

from injurydoc.resources import resource_path
from injurydoc.services.handout import HandoutPage, Script

FONT_FILES: Final = (
    "DejaVuSans.ttf",
    "DejaVuSans-Bold.ttf",
    "NotoNaskhArabic-Regular.ttf",
    "NotoNaskhArabic-Bold.ttf",
    "NotoSansEthiopic-Regular.ttf",
    "NotoSansEthiopic-Bold.ttf",
)
#: Font families per script, first choice first; DejaVu Sans covers the Latin and the digits in all.
FAMILIES: Final[dict[Script, list[str]]] = {
    "latin": ["DejaVu Sans"],
    "cyrillic": ["DejaVu Sans"],
    "arabic": ["Noto Naskh Arabic", "DejaVu Sans"],
    "ethiopic": ["Noto Sans Ethiopic", "DejaVu Sans"],
}
MARGIN_MM: Final = 16.0
#: Text is laid out once at this resolution (design metrics, CSS lengths in px = 1/96 inch) and scaled
#: to the device, so the preview breaks lines and sheets exactly where the PDF and the printer do.
LAYOUT_DPI: Final = 96
PDF_TITLE: Final = "Stödinformation"

_registered = False


def register_fonts() -> None:
    """Make the bundled fonts known to Qt (once; needs a QGuiApplication)."""
    global _registered  # noqa: PLW0603 - a process-wide, idempotent registration
    if _registered:
        return
    for name in FONT_FILES:
        if QFontDatabase.addApplicationFont(str(resource_path("fonts", name))) < 0:
            raise RuntimeError(f"font not loadable: {name}")
    _registered = True


def page_layout() -> QPageLayout:
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Portrait,
        QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
        QPageLayout.Unit.Millimeter,
    )


def _layout_device() -> QImage:
    probe = QImage(1, 1, QImage.Format.Format_RGB32)
    dpm = round(LAYOUT_DPI / 0.0254)
    probe.setDotsPerMeterX(dpm)
    probe.setDotsPerMeterY(dpm)
    return probe


def _document(page: HandoutPage, probe: QImage, size: QSizeF) -> QTextDocument:
    """One language's text laid out at LAYOUT_DPI and cut into sheets of ``size`` (layout pixels)."""
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(probe)
    doc.setUseDesignMetrics(True)
    font = QFont()
    font.setFamilies(FAMILIES[page.lang.script])
    font.setPointSizeF(10)  # the page's style sets the size per script
    doc.setDefaultFont(font)
    if page.lang.rtl:
        option = QTextOption()
        option.setTextDirection(Qt.LayoutDirection.RightToLeft)
        option.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        doc.setDefaultTextOption(option)
    doc.setDocumentMargin(0)
    doc.setHtml(page.html)
    doc.setPageSize(size)
    return doc


def _sheets(pages: Sequence[HandoutPage]) -> list[tuple[QTextDocument, int]]:
    """(document, page index) for every sheet, each language starting a new one."""
    register_fonts()
    rect = page_layout().paintRectPixels(LAYOUT_DPI)
    size = QSizeF(rect.width(), rect.height())
    probe = _layout_device()
    out: list[tuple[QTextDocument, int]] = []
    for page in pages:
        doc = _document(page, probe, size)
        out += [(doc, i) for i in range(doc.pageCount())]
    return out


def _paint_sheet(painter: QPainter, doc: QTextDocument, index: int, dpi: float) -> None:
    """Paint one sheet's text; the painter's origin is the top-left corner inside the margins."""
    size = doc.pageSize()
    painter.save()
    painter.scale(dpi / LAYOUT_DPI, dpi / LAYOUT_DPI)
    painter.translate(0, -index * size.height())
    doc.drawContents(painter, QRectF(0, index * size.height(), size.width(), size.height()))
    painter.restore()


def paint(device: QPagedPaintDevice, pages: Sequence[HandoutPage]) -> int:
    """Paint the handout on a PDF writer or a printer (its page layout already set).

    Returns the number of sheets.
    """
    sheets = _sheets(pages)
    painter = QPainter(device)
    try:
        for n, (doc, index) in enumerate(sheets):
            if n:
                device.newPage()
            _paint_sheet(painter, doc, index, device.logicalDpiX())
    finally:
        painter.end()
    return len(sheets)


def pdf_bytes(pages: Sequence[HandoutPage]) -> bytes:
    """The handout as PDF: fonts embedded, no patient in the metadata."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(300)
    writer.setPageLayout(page_layout())
    writer.setTitle(PDF_TITLE)
    writer.setCreator("injurydoc")
    paint(writer, pages)
    del writer  # finishes the file
    buffer.close()
    return bytes(data.data())


def preview(pages: Sequence[HandoutPage], dpi: int = 72) -> list[QImage]:
    """The sheets as images, laid out exactly as printed, for the dialog's preview."""
    layout = page_layout()
    full, rect = layout.fullRectPixels(dpi), layout.paintRectPixels(dpi)
    images: list[QImage] = []
    for doc, index in _sheets(pages):
        image = QImage(full.width(), full.height(), QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.translate(rect.left(), rect.top())
        _paint_sheet(painter, doc, index, dpi)
        painter.end()
        images.append(image)
    return images
