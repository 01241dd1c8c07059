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
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate, Spacer

    from injurydoc.export.report_parts import (
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
    story: list[Any] = [
        para(text("class.title", lang), st.h1),
        para(text("class.subtitle", lang), st.small),
        Spacer(1, 3 * mm),
        para(text("class.watermark", lang), st.banner),
        _facts(summary, lang, when, st, width),
        Spacer(1, 5 * mm),
        para(text("class.common", lang), st.h2),
        _mistakes(summary, lang, st, width),
        Spacer(1, 5 * mm),
        para(text("class.per_trainee", lang), st.h2),
        _per_trainee(summary, lang, st, width),
    ]

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


def _cell_style() -> list[tuple[Any, ...]]:
    from injurydoc.export.report_parts import FONT

    return [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]


def _head_style() -> Any:
    """A table with a head row and striped rows."""
    from reportlab.lib import colors
    from reportlab.platypus import TableStyle

    from injurydoc.export.report_parts import FONT_BOLD

    return TableStyle(
        [
            *_cell_style(),
            ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e3e8ee")),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.HexColor("#1d3557")),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f5f7f9")]),
        ]
    )


def _facts(summary: Summary, lang: Lang, when: str, st: Any, width: float) -> Any:
    """When it was made, how many results, how many competent, the mean score."""
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable, TableStyle

    from injurydoc.export.report_parts import para

    n = len(summary.rows)
    facts = [
        (text("class.produced", lang), when),
        (text("class.results", lang), str(n)),
        (text("class.competent", lang), f"{summary.competent_count} / {n}"),
        (text("class.mean", lang), f"{round(100 * summary.mean_score)} %"),
    ]
    meta = LongTable(
        [[para(k, st.cell_bold), para(v, st.cell)] for k, v in facts], colWidths=[55 * mm, width - 55 * mm]
    )
    meta.setStyle(TableStyle(_cell_style()))
    return meta


def _mistakes(summary: Summary, lang: Lang, st: Any, width: float) -> Any:
    """The most common mistakes, each with a bar of how many made it."""
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable

    from injurydoc.export.report_parts import para

    if not summary.most_common_mistakes:
        return para(text("class.none", lang), st.body)
    bar_w = 60 * mm
    top = max(c for _code, c in summary.most_common_mistakes)
    rows = [
        [
            para(text("class.c_mistake", lang), st.cell_bold),
            para(text("class.c_count", lang), st.cell_bold),
        ]
    ]
    rows += [
        [para(Summary.title(code, lang), st.cell), _bar(c, top, len(summary.rows), bar_w)]
        for code, c in summary.most_common_mistakes
    ]
    table = LongTable(rows, colWidths=[width - bar_w - 14 * mm, bar_w + 14 * mm], repeatRows=1)
    table.setStyle(_head_style())
    return table


def _bar(count: int, top: int, n: int, bar_w: float) -> Any:
    from reportlab.graphics.shapes import Drawing, Rect, String
    from reportlab.lib import colors
    from reportlab.lib.units import mm

    from injurydoc.export.report_parts import FONT

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


def _per_trainee(summary: Summary, lang: Lang, st: Any, width: float) -> Any:
    """One row per result: name, exercise, score, competent or not, number of mistakes."""
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable

    from injurydoc.export.report_parts import para

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
    table.setStyle(_head_style())
    return table
