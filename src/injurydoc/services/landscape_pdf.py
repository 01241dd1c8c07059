"""Landscape A4 reports for the unit manager (access-log report, follow-up statistics): the page, the
margins, the footer with "page x of y", and the document's metadata, in one place."""

from __future__ import annotations

import io
from typing import Any

MARGIN_MM = 14


def page_width() -> float:
    """The usable width in points: landscape A4 minus the margins."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm

    return float(landscape(A4)[0] - 2 * MARGIN_MM * mm)


def build(story: list[Any], *, title: str, author: str, subject: str, footer: str, page_label: str) -> bytes:
    """The PDF bytes of ``story``; ``page_label`` holds ``{page}`` and ``{pages}``."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    margin = MARGIN_MM * mm
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=landscape(A4),
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=18 * mm,
        title=title,
        author=author,
        subject=subject,
        creator="injurydoc",
    )
    doc.build(story, canvasmaker=canvas_for(footer, page_label))
    return buf.getvalue()


def canvas_for(footer: str, page_label: str) -> Any:
    """A canvas class that draws the footer and "page x of y" on landscape pages."""
    from reportlab.lib import colors
    from reportlab.lib.units import mm

    from injurydoc.export.report_parts import FONT, NumberedCanvas

    class LandscapeCanvas(NumberedCanvas):
        def _decorate(self, total: int) -> None:
            w = self._pagesize[0]
            self.saveState()
            self.setFont(FONT, 7.5)
            self.setFillColor(colors.HexColor("#555555"))
            self.setStrokeColor(colors.HexColor("#bbbbbb"))
            self.line(14 * mm, 12 * mm, w - 14 * mm, 12 * mm)
            self.drawString(14 * mm, 8 * mm, footer)
            self.drawRightString(w - 14 * mm, 8 * mm, page_label.format(page=self._pageNumber, pages=total))
            self.restoreState()

    return LandscapeCanvas
