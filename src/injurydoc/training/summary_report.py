"""The trainer's class summary as a PDF: a row per trainee's result and the most common mistakes.

Every page carries the training watermark: nothing made from exercises may pass for evidence.  The
summary holds what the results files hold — names the trainees typed, exercises (by title when the
program holds them), scores and point codes — and no documentation.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from injurydoc.domain.texts import template, text
from injurydoc.domain.vocab import Lang
from injurydoc.training.class_results import Summary


def render_summary_pdf(summary: Summary, lang: Lang = "sv", *, now: dt.datetime | None = None) -> bytes:
    """The class summary as PDF bytes, watermarked on every page."""
    from reportlab.graphics.shapes import Drawing, Rect, String
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable, SimpleDocTemplate, Spacer, TableStyle

    from injurydoc.export.report_parts import (
        FONT,
        FONT_BOLD,
        MARGIN,
        PAGE_W,
        NumberedCanvas,
        make_styles,
        para,
        register_fonts,
    )

    register_fonts()
    st = make_styles()
    when = (now or dt.datetime.now().astimezone()).strftime("%Y-%m-%d %H:%M")
    width = PAGE_W - 2 * MARGIN
    n = len(summary.rows)
    story: list[Any] = [
        para(text("class.title", lang), st.h1),
        para(text("class.subtitle", lang), st.small),
        Spacer(1, 3 * mm),
        para(text("class.watermark", lang), st.banner),
    ]
    style = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    facts = [
        (text("class.produced", lang), when),
        (text("class.results", lang), str(n)),
        (text("class.competent", lang), f"{summary.competent_count} / {n}"),
        (text("class.mean", lang), f"{round(100 * summary.mean_score)} %"),
    ]
    meta = LongTable(
        [[para(k, st.cell_bold), para(v, st.cell)] for k, v in facts], colWidths=[55 * mm, width - 55 * mm]
    )
    meta.setStyle(TableStyle(style))
    story += [meta, Spacer(1, 5 * mm), para(text("class.common", lang), st.h2)]

    head = TableStyle(
        [
            *style,
            ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e3e8ee")),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.HexColor("#1d3557")),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f5f7f9")]),
        ]
    )
    if not summary.most_common_mistakes:
        story.append(para(text("class.none", lang), st.body))
    else:
        bar_w = 60 * mm
        top = max(c for _code, c in summary.most_common_mistakes)

        def bar(count: int) -> Drawing:
            d = Drawing(bar_w, 4 * mm)
            d.add(
                Rect(
                    0,
                    0.6 * mm,
                    bar_w * count / max(top, 1),
                    2.8 * mm,
                    fillColor=colors.HexColor("#b71c1c"),
                    strokeColor=None,
                )
            )
            d.add(
                Rect(
                    0,
                    0.6 * mm,
                    bar_w,
                    2.8 * mm,
                    fillColor=None,
                    strokeColor=colors.HexColor("#bbbbbb"),
                    strokeWidth=0.3,
                )
            )
            d.add(String(bar_w + 2, 1.2 * mm, f"{count}/{n}", fontName=FONT, fontSize=7.5))
            return d

        rows = [
            [
                para(text("class.c_mistake", lang), st.cell_bold),
                para(text("class.c_count", lang), st.cell_bold),
            ]
        ]
        rows += [
            [para(Summary.title(code, lang), st.cell), bar(c)] for code, c in summary.most_common_mistakes
        ]
        table = LongTable(rows, colWidths=[width - bar_w - 14 * mm, bar_w + 14 * mm], repeatRows=1)
        table.setStyle(head)
        story.append(table)

    story += [Spacer(1, 5 * mm), para(text("class.per_trainee", lang), st.h2)]
    rows = [
        [
            para(text(f"class.{c}", lang), st.cell_bold)
            for c in ("c_name", "c_exercise", "c_score", "c_competent", "c_mistakes")
        ]
    ]
    for r in summary.rows:
        rows.append(
            [
                para(r.name, st.cell),
                para(r.exercise(lang), st.cell),
                para(f"{round(100 * r.score)} %", st.cell),
                para(text("class.yes" if r.competent else "class.no", lang), st.cell),
                para(str(r.mistakes), st.cell),
            ]
        )
    fixed = [45 * mm, 20 * mm, 20 * mm, 16 * mm]
    table = LongTable(rows, colWidths=[width - sum(fixed), *fixed], repeatRows=1)
    table.setStyle(head)
    story.append(table)

    class SummaryCanvas(NumberedCanvas):
        footer_left = text("class.title", lang)
        footer_right = when
        watermark = text("class.watermark", lang)
        page_label = template("class.page", lang)  # the canvas fills in page and pages

    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=18 * mm,
        title=text("class.title", lang),
        creator="injurydoc",
    )
    doc.build(story, canvasmaker=SummaryCanvas)
    return buf.getvalue()
