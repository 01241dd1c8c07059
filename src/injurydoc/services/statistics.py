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

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from injurydoc.domain.errors import ValidationError
from injurydoc.domain.fields import EXAM_FIELDS, Field, Show, shown
from injurydoc.domain.texts import text
from injurydoc.domain.vocab import AuditAction, Lang, LegalBasis, Role
from injurydoc.services.session import Session
from injurydoc.store import protected as sealing
from injurydoc.store.audit import iso
from injurydoc.store.database import Database

#: The longest period one read may cover.
MAX_MONTHS: Final = 120
#: Counts from 1 up to this are shown as "<5".
SMALL: Final = 4
SUPPRESSED_TEXT: Final = "<5"

#: The legal bases a release to the police is counted under, each an ``exports_<code>`` indicator (its
#: short name is ``stats.basis.<code>`` in domain/texts.py).
_BASES: Final[tuple[LegalBasis, ...]] = (
    LegalBasis.CONSENT,
    LegalBasis.RATTSINTYG_REQUEST,
    LegalBasis.OSL_10_23,
    LegalBasis.OSL_10_21,
    LegalBasis.OSL_10_18C,
)


#: Examination fields counted as the examinations of the month where they are yes (the field registry's
#: ``Show.STATISTICS`` fields, in its order).
COUNTED_FIELDS: Final = shown(EXAM_FIELDS, Show.STATISTICS)


@dataclass(frozen=True, slots=True)
class Indicator:
    key: str
    sv: str
    en: str
    #: False for counts of distinct persons: the period's count is not the sum of the months'.
    additive: bool = True

    def label(self, lang: Lang) -> str:
        return self.sv if lang == "sv" else self.en


def _named(key: str, additive: bool = True) -> Indicator:
    """The indicator ``key``, worded as ``stats.indicator.<key>`` in the text catalogue."""
    return Indicator(
        key, text(f"stats.indicator.{key}", "sv"), text(f"stats.indicator.{key}", "en"), additive
    )


def _exports(b: LegalBasis) -> Indicator:
    """Releases to the police under ``b``: ``stats.indicator.exports`` naming ``stats.basis.<code>``."""
    sv, en = (
        text("stats.indicator.exports", g, basis=text(f"stats.basis.{b.code}", g)) for g in ("sv", "en")
    )
    return Indicator(f"exports_{b.code}", sv, en)


INDICATORS: Final[tuple[Indicator, ...]] = (
    _named("examinations"),
    _named("follow_ups"),
    _named("photos"),
    *(_exports(b) for b in _BASES),
    # the yes/no fields the registry marks for the statistics (domain/fields.py, Show.STATISTICS)
    *(Indicator(c.key, c.sv, c.en) for c in (f.counted for f in COUNTED_FIELDS) if c is not None),
    _named("protected_persons", additive=False),
    _named("exercises"),
)
KEYS: Final = tuple(i.key for i in INDICATORS)
EXPORT_KEYS: Final = tuple(f"exports_{b.code}" for b in _BASES)


def basis_label(key: str, lang: Lang) -> str:
    """The short name of the legal basis behind an ``exports_<code>`` indicator."""
    basis = LegalBasis(key.removeprefix("exports_"))
    return text(f"stats.basis.{basis.code}", lang)


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


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first days of every month from ``first``'s to ``last``'s (at most :data:`MAX_MONTHS`)."""
    return _months(first, last)


# ----- reading ----------------------------------------------------------------------------------
def _yes_count(f: Field) -> str:
    """SQL: how many of the group's (readable) examination bodies say yes to the field."""
    path = "$." + f.code  # a registry code: letters, digits, underscores and dots only
    return f"SUM(COALESCE(CASE WHEN json_valid(e.body) THEN json_extract(e.body, '{path}') END, 0) = 1)"


_EXAMS_SQL = f"""
SELECT r.i,
       SUM(e.follow_up_of IS NULL),
       SUM(e.follow_up_of IS NOT NULL),
       {"".join(_yes_count(f) + ", " for f in COUNTED_FIELDS)}
       COUNT(DISTINCT CASE WHEN p.protection <> 'none' THEN p.id END)
FROM r JOIN examinations e ON e.created_at >= r.lo AND e.created_at < r.hi
       JOIN patients p ON p.id = e.patient_id
GROUP BY r.i"""


def _says_yes(body: dict[str, Any], f: Field) -> bool:
    value: Any = body
    for part in f.path:
        value = value.get(part) if isinstance(value, dict) else None
    return bool(value == 1)


# A protected person's examination body is sealed (docs/store.md): counted here with the reader's key.
_SEALED_SQL = """
SELECT r.i, e.id, e.patient_id, e.body
FROM r JOIN examinations e ON e.created_at >= r.lo AND e.created_at < r.hi
WHERE NOT json_valid(e.body)"""

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
    counted = [(f, f.counted.key) for f in COUNTED_FIELDS if f.counted is not None]
    for i, first, follow, *yes, protected in db.all(cte + _EXAMS_SQL, params):
        rows[i].update(examinations=int(first or 0), follow_ups=int(follow or 0))
        rows[i].update({key: int(n or 0) for (_f, key), n in zip(counted, yes, strict=True)})
        rows[i]["protected_persons"] = int(protected or 0)
    for i, exam_id, patient_id, stored in db.all(cte + _SEALED_SQL, params):
        text = sealing.text_out(db, patient_id, "examinations", exam_id, "body", stored, locked="{}")
        body = json.loads(text)
        for f, key in counted:
            rows[i][key] += int(_says_yes(body, f))
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
        from injurydoc.services.statistics_report import render_csv

        return self._read(start, end, "csv", lambda st: render_csv(suppress(st), lang))[1]

    def pdf(self, start: dt.date, end: dt.date, lang: Lang = "sv") -> bytes:
        from injurydoc.services.statistics_report import render_pdf

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
def month_cell(n: int | None) -> Cell:
    """A month's cell: 1–4 (or None, suppressed by the unit server already) as "<5"."""
    return Cell(SUPPRESSED_TEXT, None) if n is None else _cell(n)


def _cell(n: int) -> Cell:
    return Cell(SUPPRESSED_TEXT, None) if 0 < n <= SMALL else Cell(str(n), n)


def total_cell(indicator: Indicator, cells: list[Cell], exact: int) -> Cell:
    """The period's total, from the shown month cells only when any of them is suppressed (then
    ``exact`` is not looked at: the unit server does not even return it)."""
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
        ind.key: total_cell(ind, [cells[ind.key] for _m, cells in months], stats.total[ind.key])
        for ind in INDICATORS
    }
    return SuppressedTable(stats.first, stats.last, months, total, stats.unit, stats.training)
