"""The report's body-map page with a mark on every view: each close-up view and its title keep to their
own column, and nothing on any page reaches into the margins (five close-ups in one row once ran into
each other and off the page's right edge)."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics

from injurydoc.domain.models import BodyMark
from injurydoc.domain.vocab import BodyRegion, BodyView, InjuryType, Side
from injurydoc.export.report_parts import FONT_BOLD, MARGIN, PAGE_W, BodyMapFlowable
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.export import ExportService
from tests.helpers.export_cases import documented_case


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_mark_on_every_view_keeps_every_page_within_its_margins(store, tmp_path, lang):
    s, e = documented_case(store, tmp_path, sign=False)
    ex = ExaminationService(s)
    for view in BodyView:
        ex.add_injury(
            e.id,
            marks=(BodyMark(view, 0.5, 0.5),),
            type=InjuryType.BRUISE,
            region=BodyRegion.FACE,
            side=Side.MIDLINE,
        )
    pages = ExportService(s).preview(e.id, lang=lang)
    for number, png in enumerate(pages, 1):
        page = Image.open(io.BytesIO(png)).convert("L")
        margin = round(page.width * MARGIN / PAGE_W) - 2  # two pixels of anti-aliasing
        for box in ((0, 0, margin, page.height), (page.width - margin, 0, page.width, page.height)):
            darkest = page.crop(box).getextrema()[0]
            assert darkest > 200, f"page {number} ({lang}) draws in its margin {box}"


@pytest.mark.parametrize("view", list(BodyView))
def test_a_view_in_a_column_keeps_its_drawing_and_title_within_it(view):
    column = 50 * mm
    title = "Händer, handflator och handryggar"  # longer than any view's name
    flowable = BodyMapFlowable(view, [(1, 1.0, 0.0)], 55 * mm, (title, "", ""), max_width=column)
    width, height = flowable.wrap(column, 200 * mm)
    assert width <= column
    assert flowable.map_w <= column and height <= 55 * mm + 14
    assert pdfmetrics.stringWidth(title, FONT_BOLD, flowable.title_size) <= column
