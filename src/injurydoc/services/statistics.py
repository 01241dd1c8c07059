"""De-identified follow-up statistics for the unit manager (the regional agreement's indicators).

Counts per calendar month, computed with SQL over the store, and nothing else: no names, numbers,
dates of birth or free text ever leave this module.  Unit managers only; every read is logged with the
period (and the output format) as its only details.

Month rule (local time of the computer): an examination and what is recorded in it (orosanmälan, SIP,
a protected patient) count in the month the examination was *created*; a photo in the month it was
*imported*; a release to the police in the month it was *exported*; a training exercise in the month
the attempt was *started*.

Suppression (``suppress``, the one place it happens): a month cell of 1–4 is shown as "<5", 0 as 0.
A total is exact only when every month above it is exact; otherwise it is the range the shown cells
allow (or "<5"), so that no total, on this period or any other, backs out a suppressed month.
See docs/statistics.md.
"""

from __future__ import annotations

import csv as csvlib
import datetime as dt
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from injurydoc.domain.errors import ValidationError
from injurydoc.domain.vocab import AuditAction, Lang, LegalBasis, Role
from injurydoc.services.session import Session
from injurydoc.store.audit import iso
from injurydoc.store.database import Database

#: The longest period one read may cover.
MAX_MONTHS: Final = 120
#: Counts from 1 up to this are shown as "<5".
SMALL: Final = 4
SUPPRESSED_TEXT: Final = "<5"

_BASIS_SHORT: Final[dict[LegalBasis, tuple[str, str]]] = {
    LegalBasis.CONSENT: ("samtycke", "consent"),
    LegalBasis.RATTSINTYG_REQUEST: ("rättsintyg (2005:225)", "forensic certificate (2005:225)"),
    LegalBasis.OSL_10_23: ("OSL 10:23", "OSL 10:23"),
    LegalBasis.OSL_10_21: ("OSL 10:21", "OSL 10:21"),
    LegalBasis.OSL_10_18C: ("OSL 10:18 c", "OSL 10:18 c"),
}


@dataclass(frozen=True, slots=True)
class Indicator:
    key: str
    sv: str
    en: str
    #: False for counts of distinct persons: the period's count is not the sum of the months'.
    additive: bool = True

    def label(self, lang: Lang) -> str:
        return self.sv if lang == "sv" else self.en


INDICATORS: Final[tuple[Indicator, ...]] = (
    Indicator("examinations", "Undersökningar", "Examinations"),
    Indicator("follow_ups", "Uppföljande undersökningar", "Follow-up examinations"),
    Indicator("photos", "Fotografier", "Photos"),
    *(
        Indicator(f"exports_{b.code}", f"Utlämnanden till polis: {sv}", f"Releases to the police: {en}")
        for b, (sv, en) in _BASIS_SHORT.items()
    ),
    Indicator("concern_reports", "Orosanmälningar", "Concern reports (orosanmälan)"),
    Indicator("sip_called", "SIP kallad", "SIP called"),
    Indicator("protected_persons", "Personer med skyddade personuppgifter", "Protected persons", False),
    Indicator("exercises", "Övningar genomförda", "Training exercises run"),
)
KEYS: Final = tuple(i.key for i in INDICATORS)
EXPORT_KEYS: Final = tuple(f"exports_{b.code}" for b in _BASIS_SHORT)


def basis_label(key: str, lang: Lang) -> str:
    """The short name of the legal basis behind an ``exports_<code>`` indicator."""
    sv, en = _BASIS_SHORT[LegalBasis(key.removeprefix("exports_"))]
    return sv if lang == "sv" else en


@dataclass(frozen=True, slots=True)
class MonthRow:
    month: dt.date  # the first day of the month
    counts: dict[str, int]  # indicator key -> exact count


@dataclass(frozen=True, slots=True)
class MonthlyStatistics:
    """Exact counts.  Show them only through :func:`suppress`."""

    first: dt.date
    last: dt.date  # the first day of the last month (inclusive)
    months: tuple[MonthRow, ...]
    total: dict[str, int]
    unit: str
    training: bool


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    #: The number to chart: None when suppressed or only a range is known.
    value: int | None


@dataclass(frozen=True, slots=True)
class SuppressedTable:
    first: dt.date
    last: dt.date
    months: tuple[tuple[dt.date, dict[str, Cell]], ...]
    total: dict[str, Cell]
    unit: str
    training: bool


# ----- months -----------------------------------------------------------------------------------
def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def month_label(month: dt.date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def _bound(month: dt.date) -> str:
    """Local midnight on the first of ``month``, as the UTC text the store compares with."""
    return iso(dt.datetime(month.year, month.month, 1).astimezone())


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    first, last = month_start(first), month_start(last)
    if first > last:
        raise ValidationError("field.invalid", field="period")
    n = (last.year - first.year) * 12 + last.month - first.month + 1
    if n > MAX_MONTHS:
        raise ValidationError("field.range", field="period", low=1, high=MAX_MONTHS)
    return [add_months(first, i) for i in range(n)]


# ----- reading ----------------------------------------------------------------------------------
_EXAMS_SQL = """
SELECT r.i,
       SUM(e.follow_up_of IS NULL),
       SUM(e.follow_up_of IS NOT NULL),
       SUM(COALESCE(json_extract(e.body, '$.concern_report.made'), 0) = 1),
       SUM(COALESCE(json_extract(e.body, '$.sip.called'), 0) = 1),
       COUNT(DISTINCT CASE WHEN p.protection <> 'none' THEN p.id END)
FROM r JOIN examinations e ON e.created_at >= r.lo AND e.created_at < r.hi
       JOIN patients p ON p.id = e.patient_id
GROUP BY r.i"""

_PHOTOS_SQL = """
SELECT r.i, COUNT(*) FROM r JOIN photos f ON f.imported_at >= r.lo AND f.imported_at < r.hi
GROUP BY r.i"""

_EXPORTS_SQL = """
SELECT r.i, d.basis, COUNT(*)
FROM r JOIN exports x ON x.exported_at >= r.lo AND x.exported_at < r.hi
       JOIN disclosure_bases d ON d.id = x.legal_basis_id
GROUP BY r.i, d.basis"""

_EXERCISES_SQL = """
SELECT r.i, COUNT(*) FROM r JOIN exercise_attempts a ON a.started_at >= r.lo AND a.started_at < r.hi
GROUP BY r.i"""


def _count(db: Database, months: list[dt.date]) -> tuple[list[dict[str, int]], dict[str, int]]:
    """One row of counts per month, and the whole period as a last range (for distinct persons)."""
    ranges = [(i, _bound(m), _bound(add_months(m, 1))) for i, m in enumerate(months)]
    ranges.append((len(months), _bound(months[0]), _bound(add_months(months[-1], 1))))
    values = ", ".join("(?, ?, ?)" for _ in ranges)
    params = [v for r in ranges for v in r]
    cte = f"WITH r(i, lo, hi) AS (VALUES {values}) "
    rows: list[dict[str, int]] = [dict.fromkeys(KEYS, 0) for _ in ranges]
    for i, first, follow, concern, sip, protected in db.all(cte + _EXAMS_SQL, params):
        rows[i].update(
            examinations=int(first or 0),
            follow_ups=int(follow or 0),
            concern_reports=int(concern or 0),
            sip_called=int(sip or 0),
            protected_persons=int(protected or 0),
        )
    for i, n in db.all(cte + _PHOTOS_SQL, params):
        rows[i]["photos"] = int(n)
    for i, basis, n in db.all(cte + _EXPORTS_SQL, params):
        key = f"exports_{basis}"
        if key in rows[i]:
            rows[i][key] += int(n)
    for i, n in db.all(cte + _EXERCISES_SQL, params):
        rows[i]["exercises"] = int(n)
    return rows[:-1], rows[-1]


class StatisticsService:
    def __init__(self, session: Session) -> None:
        self.s = session

    def monthly(self, start: dt.date, end: dt.date) -> MonthlyStatistics:
        """Counts for every month from ``start``'s to ``end``'s (both included); the read is logged."""
        return self._read(start, end, "screen")[0]

    def csv(self, start: dt.date, end: dt.date, lang: Lang = "sv") -> bytes:
        """UTF-8 with BOM, semicolons (Swedish Excel): a header, one row per month, the total."""
        return self._read(start, end, "csv", lambda st: render_csv(suppress(st), lang))[1]

    def pdf(self, start: dt.date, end: dt.date, lang: Lang = "sv") -> bytes:
        produced_by = f"{self.s.account.display_name} ({self.s.account.username})"

        def render(st: MonthlyStatistics) -> bytes:
            return render_pdf(suppress(st), lang, produced_by, dt.datetime.now().astimezone())

        return self._read(start, end, "pdf", render)[1]

    def _read(
        self,
        start: dt.date,
        end: dt.date,
        fmt: str,
        render: Callable[[MonthlyStatistics], bytes] | None = None,
    ) -> tuple[MonthlyStatistics, bytes]:
        self.s.require(Role.UNIT_MANAGER)
        months = _months(start, end)
        with self.s.transaction() as db:
            rows, total = _count(db, months)
            stats = MonthlyStatistics(
                first=months[0],
                last=months[-1],
                months=tuple(MonthRow(m, c) for m, c in zip(months, rows, strict=True)),
                total=total,
                unit=self.s.unit,
                training=self.s.is_training,
            )
            data: bytes = render(stats) if render is not None else b""
            details: dict[str, Any] = {
                "from": month_label(months[0]),
                "to": month_label(months[-1]),
                "format": fmt,
            }
            if data:
                details["sha256"] = hashlib.sha256(data).hexdigest()
            self.s.audit(AuditAction.STATISTICS, target="statistics", details=details)
        return stats, data


# ----- suppression: the one place -----------------------------------------------------------------
def _cell(n: int) -> Cell:
    return Cell(SUPPRESSED_TEXT, None) if 0 < n <= SMALL else Cell(str(n), n)


def _total(indicator: Indicator, cells: list[Cell], exact: int) -> Cell:
    """The period's total, from the shown month cells only when any of them is suppressed."""
    hidden = sum(1 for c in cells if c.value is None)
    if not hidden:
        # every month is 0 or at least 5, so a sum is too; a count of distinct persons is at least
        # its largest month.  Either way this number cannot be below 5 unless it is 0.
        return _cell(exact)
    shown = [c.value for c in cells if c.value is not None]
    high = sum(shown) + SMALL * hidden
    low = sum(shown) + hidden if indicator.additive else max([*shown, 1])
    if high <= SMALL:
        return Cell(SUPPRESSED_TEXT, None)
    return Cell(f"{low}–{high}", None)


def suppress(stats: MonthlyStatistics) -> SuppressedTable:
    months = tuple((r.month, {k: _cell(r.counts[k]) for k in KEYS}) for r in stats.months)
    total = {
        ind.key: _total(ind, [cells[ind.key] for _m, cells in months], stats.total[ind.key])
        for ind in INDICATORS
    }
    return SuppressedTable(stats.first, stats.last, months, total, stats.unit, stats.training)


# ----- CSV and PDF --------------------------------------------------------------------------------
_TEXT: Final[dict[str, tuple[str, str]]] = {
    "title": ("Uppföljningsstatistik", "Follow-up statistics"),
    "subtitle": (
        "Våld i nära relationer – indikatorer för uppföljning, utan personuppgifter",
        "Violence in close relationships – follow-up indicators, without personal data",
    ),
    "unit": ("Vårdenhet", "Care unit"),
    "period": ("Period", "Period"),
    "produced": ("Framtagen av", "Produced by"),
    "produced_at": ("Framtagen", "Produced"),
    "month": ("Månad", "Month"),
    "total": ("Hela perioden", "Whole period"),
    "training": ("Övningsdatabas – inte en riktig journal", "Training store – not a real record"),
    "rule": (
        "Antal från 1 till 4 visas som <5. En summa som skulle avslöja ett sådant antal visas som "
        "ett intervall. Undersökningar, orosanmälningar, SIP och personer med skyddade "
        "personuppgifter räknas i den månad undersökningen skapades, foton när de lades in, "
        "utlämnanden när de gjordes och övningar när de påbörjades.",
        "Counts from 1 to 4 are shown as <5. A total that would reveal such a count is shown as a "
        "range. Examinations, concern reports, SIP and protected persons count in the month the "
        "examination was created, photos when imported, releases when made and exercises when started.",
    ),
    "page": ("Sida {page} av {pages}", "Page {page} of {pages}"),
    "chart_exams": ("Undersökningar per månad", "Examinations per month"),
    "chart_exports": ("Utlämnanden till polis per rättslig grund", "Releases to the police by legal basis"),
}


def t(key: str, lang: Lang, **params: object) -> str:
    sv, en = _TEXT[key]
    return (sv if lang == "sv" else en).format(**params)


def period_text(first: dt.date, last: dt.date) -> str:
    return f"{month_label(first)} – {month_label(last)}"


def table_rows(table: SuppressedTable, lang: Lang) -> list[list[str]]:
    """Header, one row per month, the total: the same cells for CSV, PDF and screen."""
    rows = [[t("month", lang), *(i.label(lang) for i in INDICATORS)]]
    rows += [[month_label(m), *(cells[k].text for k in KEYS)] for m, cells in table.months]
    rows.append([t("total", lang), *(table.total[k].text for k in KEYS)])
    return rows


def render_csv(table: SuppressedTable, lang: Lang) -> bytes:
    buf = io.StringIO()
    writer = csvlib.writer(buf, delimiter=";", lineterminator="\r\n", quoting=csvlib.QUOTE_MINIMAL)
    # Cells hold only month labels, fixed indicator names and numbers: nothing that can start a
    # formula, so no quoting against CSV injection is needed.
    writer.writerows(table_rows(table, lang))
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def render_pdf(table: SuppressedTable, lang: Lang, produced_by: str, produced_at: dt.datetime) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable, SimpleDocTemplate, Spacer, TableStyle

    from injurydoc.export.report_parts import FONT, FONT_BOLD, make_styles, para, register_fonts
    from injurydoc.services.log_report import canvas_for

    register_fonts()
    st = make_styles()
    page = landscape(A4)
    margin = 14 * mm
    width = page[0] - 2 * margin
    story: list[Any] = [para(t("title", lang), st.h1), para(t("subtitle", lang), st.small), Spacer(1, 4 * mm)]
    if table.training:
        story.append(para(t("training", lang), st.banner))
    meta = [
        (t("unit", lang), table.unit),
        (t("period", lang), period_text(table.first, table.last)),
        (t("produced", lang), produced_by),
        (t("produced_at", lang), produced_at.strftime("%Y-%m-%d %H:%M")),
    ]
    meta_table = LongTable(
        [[para(k, st.cell_bold), para(v, st.cell)] for k, v in meta],
        colWidths=[35 * mm, width - 35 * mm],
        hAlign="LEFT",
    )
    meta_table.setStyle(
        TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    )
    story += [meta_table, Spacer(1, 2 * mm), para(t("rule", lang), st.small), Spacer(1, 4 * mm)]

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
    story.append(grid)
    months = [month_label(m) for m, _cells in table.months]
    charts = [
        _bar_drawing(
            t("chart_exams", lang),
            months,
            [(i.label(lang), [c[i.key].value for _m, c in table.months]) for i in INDICATORS[:2]],
            width / 2 - 4 * mm,
        ),
        _bar_drawing(
            t("chart_exports", lang),
            months,
            [(basis_label(k, lang), [c[k].value for _m, c in table.months]) for k in EXPORT_KEYS],
            width / 2 - 4 * mm,
        ),
    ]
    pair = LongTable([charts], colWidths=[width / 2] * 2, hAlign="LEFT")
    pair.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [Spacer(1, 6 * mm), pair]
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=page,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=18 * mm,
        title=t("title", lang),
        author=produced_by,
        subject=table.unit,
        creator="injurydoc",
    )
    footer = f"{t('title', lang)} · {table.unit} · {period_text(table.first, table.last)}"
    if table.training:
        footer += f" · {t('training', lang)}"
    doc.build(story, canvasmaker=canvas_for(footer, t("page", lang, page="{page}", pages="{pages}")))
    return buf.getvalue()


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
