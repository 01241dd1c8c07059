"""The follow-up statistics as files: CSV for a spreadsheet, PDF with the table and two charts.

Everything here works on a :class:`SuppressedTable`, so no file can hold a count that the screen hides.
"""

from __future__ import annotations

import csv as csvlib
import datetime as dt
import io
from collections.abc import Sequence
from typing import Any, Final

from injurydoc.domain.texts import text
from injurydoc.domain.vocab import Lang
from injurydoc.services import landscape_pdf
from injurydoc.services.statistics import (
    EXPORT_KEYS,
    INDICATORS,
    KEYS,
    SMALL,
    SUPPRESSED_TEXT,
    SuppressedTable,
    basis_label,
    month_label,
)


def period_text(first: dt.date, last: dt.date) -> str:
    return f"{month_label(first)} – {month_label(last)}"


def table_rows(table: SuppressedTable, lang: Lang) -> list[list[str]]:
    """Header, one row per month, the total: the same cells for CSV, PDF and screen."""
    rows = [[text("stats.month", lang), *(i.label(lang) for i in INDICATORS)]]
    rows += [[month_label(m), *(cells[k].text for k in KEYS)] for m, cells in table.months]
    rows.append([text("stats.total", lang), *(table.total[k].text for k in KEYS)])
    return rows


def render_csv(table: SuppressedTable, lang: Lang) -> bytes:
    buf = io.StringIO()
    writer = csvlib.writer(buf, delimiter=";", lineterminator="\r\n", quoting=csvlib.QUOTE_MINIMAL)
    # Cells hold only month labels, fixed indicator names and numbers: nothing that can start a
    # formula, so no quoting against CSV injection is needed.
    writer.writerows(table_rows(table, lang))
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def render_pdf(
    table: SuppressedTable,
    lang: Lang,
    produced_by: str,
    produced_at: dt.datetime,
    *,
    source: str | None = None,
    notes: Sequence[str] = (),
) -> bytes:
    """The report; ``source`` names where the counts come from (the unit server), ``notes`` say what
    they do not cover."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    from injurydoc.export.report_parts import make_styles, register_fonts

    register_fonts()
    st = make_styles()
    width = landscape_pdf.page_width()
    story = [
        *_heading(table, lang, produced_by, produced_at, st, width, source, notes),
        _grid(table, lang, st, width),
        Spacer(1, 6 * mm),
        _charts(table, lang, width),
    ]
    footer = f"{text('stats.title', lang)} · {table.unit} · {period_text(table.first, table.last)}"
    if table.training:
        footer += f" · {text('stats.training', lang)}"
    return landscape_pdf.build(
        story,
        title=text("stats.title", lang),
        author=produced_by,
        subject=table.unit,
        footer=footer,
        page_label=text("stats.page", lang, page="{page}", pages="{pages}"),
    )


def _heading(
    table: SuppressedTable,
    lang: Lang,
    produced_by: str,
    produced_at: dt.datetime,
    st: Any,
    width: float,
    source: str | None = None,
    notes: Sequence[str] = (),
) -> list[Any]:
    """Title, the training banner, who made it for which unit and period, and the suppression rule."""
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable, Spacer, TableStyle

    from injurydoc.export.report_parts import FONT, para

    story: list[Any] = [
        para(text("stats.title", lang), st.h1),
        para(text("stats.subtitle", lang), st.small),
        Spacer(1, 4 * mm),
    ]
    if table.training:
        story.append(para(text("stats.training", lang), st.banner))
    meta = [
        (text("stats.unit", lang), table.unit),
        (text("stats.period", lang), period_text(table.first, table.last)),
        *([(text("stats.source", lang), source)] if source else []),
        (text("stats.produced", lang), produced_by),
        (text("stats.produced_at", lang), produced_at.strftime("%Y-%m-%d %H:%M")),
    ]
    meta_table = LongTable(
        [[para(k, st.cell_bold), para(v, st.cell)] for k, v in meta],
        colWidths=[35 * mm, width - 35 * mm],
        hAlign="LEFT",
    )
    meta_table.setStyle(
        TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    )
    return [
        *story,
        meta_table,
        Spacer(1, 2 * mm),
        para(text("stats.rule", lang), st.small),
        *(para(note, st.small) for note in notes),
        Spacer(1, 4 * mm),
    ]


def _grid(table: SuppressedTable, lang: Lang, st: Any, width: float) -> Any:
    """The months × indicators table, a total row last."""
    from reportlab.lib import colors
    from reportlab.platypus import LongTable, TableStyle

    from injurydoc.export.report_parts import FONT, FONT_BOLD, para

    head_style = st.cell_bold.clone("stathead", fontSize=6.3, leading=7.6, alignment=2)
    num_style = st.cell.clone("statnum", fontSize=8.5, alignment=2)  # right-aligned numbers
    rows = table_rows(table, lang)
    data = [[para(v, head_style) for v in rows[0]]]
    data += [[para(r[0], st.cell), *(para(v, num_style) for v in r[1:])] for r in rows[1:]]
    grid = LongTable(data, colWidths=_widths(rows, width, st.cell, head_style), repeatRows=1, hAlign="LEFT")
    grid.setStyle(
        TableStyle(
            [
                # tables draw empty cells in Helvetica (not embedded) unless told otherwise
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e3e8ee")),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.HexColor("#1d3557")),
                ("ROWBACKGROUNDS", (0, 1), (-1, -2), [colors.white, colors.HexColor("#f5f7f9")]),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.HexColor("#1d3557")),
                ("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#e3e8ee")),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return grid


def _charts(table: SuppressedTable, lang: Lang, width: float) -> Any:
    """Two bar charts side by side: examinations and follow-ups, and releases by legal basis."""
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable, TableStyle

    from injurydoc.export.report_parts import FONT

    months = [month_label(m) for m, _cells in table.months]
    # releases not counted at all ("–", the unit server): no chart of them (it would look suppressed)
    counted = any(c[k].text != "–" for _m, c in table.months for k in EXPORT_KEYS)
    charts = [
        _bar_drawing(
            text("stats.chart_exams", lang),
            months,
            [(i.label(lang), [c[i.key].value for _m, c in table.months]) for i in INDICATORS[:2]],
            width / 2 - 4 * mm,
        ),
        _bar_drawing(
            text("stats.chart_exports", lang),
            months,
            [(basis_label(k, lang), [c[k].value for _m, c in table.months]) for k in EXPORT_KEYS],
            width / 2 - 4 * mm,
        ),
    ][: 2 if counted else 1]
    pair = LongTable([charts], colWidths=[width / 2] * len(charts), hAlign="LEFT")
    pair.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return pair


def _widths(rows: list[list[str]], width: float, cell: Any, head: Any) -> list[float]:
    """Column widths that keep every header word whole; the spare width is shared out evenly."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    pad = 8.0
    first = max(stringWidth(r[0], cell.fontName, cell.fontSize) for r in rows) + pad
    need = [max(stringWidth(w, head.fontName, head.fontSize) for w in h.split()) + pad for h in rows[0][1:]]
    spare = max(0.0, width - first - sum(need)) / len(need)
    return [first, *(n + spare for n in need)]


_COLOURS: Final = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")  # as ui/charts.py


def _bar_drawing(
    title: str, categories: list[str], series: list[tuple[str, list[int | None]]], w: float
) -> Any:
    """Grouped bars as a vector drawing; a suppressed value is a pale bar up to 4 marked "<5"."""
    import math

    from reportlab.graphics.shapes import Drawing, Line, Rect, String
    from reportlab.lib import colors

    from injurydoc.export.report_parts import FONT, FONT_BOLD

    h, left, bottom, legend = 150.0, 22.0, 16.0, 12.0 * math.ceil(len(series) / 3)
    d = Drawing(w, h)
    d.add(String(0, h - 10, title, fontName=FONT_BOLD, fontSize=8))
    for j, (name, _v) in enumerate(series):
        x, y = (j % 3) * (w / 3), h - 24 - 12 * (j // 3)
        d.add(Rect(x, y, 7, 7, fillColor=colors.HexColor(_COLOURS[j % 6]), strokeColor=None))
        d.add(String(x + 10, y + 0.5, name, fontName=FONT, fontSize=6.5))
    top_y = h - 22 - legend
    values = [SMALL if v is None else v for _n, vs in series for v in vs]
    top = max([*values, 1])
    raw = top / 5
    power = 10 ** math.floor(math.log10(raw))
    step = max(1, int(next(m * power for m in (1, 2, 5, 10) if raw <= m * power)))
    top = math.ceil(top / step) * step
    plot_h, plot_w = top_y - bottom, w - left

    def y_of(v: float) -> float:
        return float(bottom + plot_h * v / top)

    for v in range(0, top + 1, step):
        d.add(Line(left, y_of(v), w, y_of(v), strokeColor=colors.HexColor("#dddddd"), strokeWidth=0.4))
        d.add(String(left - 3, y_of(v) - 2, str(v), fontName=FONT, fontSize=6, textAnchor="end"))
    slot = plot_w / max(1, len(categories))
    bar = slot * 0.8 / max(1, len(series))
    every = max(1, math.ceil(30 / slot))
    for i, cat in enumerate(categories):
        x0 = left + slot * i + slot * 0.1
        for j, (_name, vals) in enumerate(series):
            colour = colors.HexColor(_COLOURS[j % 6])
            value = vals[i]
            if value is None:
                d.add(Rect(x0 + bar * j, bottom, bar, y_of(SMALL) - bottom, fillColor=colors.Color(
                    colour.red, colour.green, colour.blue, alpha=0.25), strokeColor=colour, strokeWidth=0.5,
                    strokeDashArray=[1.5, 1.5]))  # fmt: skip
                d.add(String(x0 + bar * (j + 0.5), y_of(SMALL) + 1.5, SUPPRESSED_TEXT, fontName=FONT,
                             fontSize=5.5, textAnchor="middle"))  # fmt: skip
            elif value:
                d.add(
                    Rect(x0 + bar * j, bottom, bar, y_of(value) - bottom, fillColor=colour, strokeColor=None)
                )
        if i % every == 0:
            d.add(
                String(
                    left + slot * (i + 0.5), bottom - 9, cat, fontName=FONT, fontSize=6, textAnchor="middle"
                )
            )
    d.add(Line(left, bottom, w, bottom, strokeWidth=0.6))
    return d
