"""Pages of a PDF as PNG images (pdfium, in-process: no pdftoppm, no QtPdf, which PySide6-Essentials
lacks), for showing a report as it will be printed before it is signed."""

from __future__ import annotations

import io

import pypdfium2 as pdfium

#: 96 dpi on screen: a page of A4 is about 794 × 1123 pixels.
SCALE = 96 / 72


def pdf_pages_png(pdf: bytes, scale: float = SCALE, max_pages: int = 60) -> list[bytes]:
    doc = pdfium.PdfDocument(pdf)
    try:
        pages: list[bytes] = []
        for i in range(min(len(doc), max_pages)):
            page = doc[i]
            try:
                image = page.render(scale=scale).to_pil()
            finally:
                page.close()
            out = io.BytesIO()
            image.save(out, "PNG")
            pages.append(out.getvalue())
        return pages
    finally:
        doc.close()
