"""Access-log reports for loggkontroll (HSLF-FS 2016:40 4 kap. 9 §): CSV for Excel and a PDF to hand on.

Unit managers only.  A report shows each matching row's time, account, action, outcome, patient *id*,
target and details; never a patient's name or personal number, because a report may be handed around.
Producing a report is itself logged (PDF: printed, CSV: copied) in the transaction that reads the rows.
"""

from __future__ import annotations

import csv as csvlib
import datetime as dt
import hashlib
import io
import json
from collections.abc import Iterable
from typing import Any, Final

from injurydoc.domain.errors import NotFound
from injurydoc.domain.identity import parse_personal_id
from injurydoc.domain.models import AuditEvent
from injurydoc.domain.texts import text
from injurydoc.domain.vocab import AuditAction, Lang, Role
from injurydoc.services import landscape_pdf, protection
from injurydoc.services.audit_log import AuditFilter, filter_sql
from injurydoc.services.log_words import LogNames, details_text
from injurydoc.services.session import Session
from injurydoc.store import audit
from injurydoc.store.database import Database

#: The most rows one report holds; the audit row records when a report was cut short.
MAX_ROWS: Final = 20_000

_CSV_COLUMNS: Final = (
    "c_seq",
    "c_time",
    "c_unit",
    "c_account",
    "c_action",
    "c_outcome",
    "c_patient",
    "c_target",
    "c_details",
)


def local_time(at: dt.datetime) -> str:
    return at.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def _bound(at: dt.datetime, *, end: bool) -> tuple[str, bool]:
    """A period bound for people: a date when it is local midnight (``until`` is exclusive)."""
    local = at.astimezone()
    if local.time() == dt.time(0, 0):
        day = local.date() - dt.timedelta(days=1) if end else local.date()
        return day.isoformat(), True
    return local.strftime("%Y-%m-%d %H:%M"), False


def _safe_cell(value: str) -> str:
    """Keep spreadsheet programs from reading a cell as a formula (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


class LogReportService:
    def __init__(self, session: Session) -> None:
        self.s = session

    # ----- public -----------------------------------------------------------------------------
    def patient_for_number(self, text: str) -> str:
        """The patient id of a personal identity number, for a log check on the patient's request
        (PDL 8:5: the patient asks who has read their record).  Unit managers only; the look-up is
        logged under the patient, the number itself is not."""
        self.s.require(Role.UNIT_MANAGER)
        pid = parse_personal_id(text)
        row = self.s.db.one(  # a protected person's number is stored only as its keyed lookup value
            "SELECT id FROM patients WHERE id_digits = ? OR id_lookup = ? ORDER BY created_at LIMIT 1",
            (pid.digits, protection.lookup(self.s, pid.digits)),
        )
        if row is None:
            raise NotFound("patient.not_found")
        patient_id = str(row[0])
        with self.s.transaction():
            self.s.audit(
                AuditAction.SEARCHED,
                patient_id=patient_id,
                target="audit_log",
                details={"event": "log_check_lookup", "by": "number"},
            )
        return patient_id

    def csv(self, filter: AuditFilter, lang: Lang = "sv") -> bytes:
        """UTF-8 with BOM, semicolons, a header row and one row per matching log event."""
        self.s.require(Role.UNIT_MANAGER)
        with self.s.transaction() as db:
            events, truncated = self._select(db, filter)
            names = LogNames(db)
            buf = io.StringIO()
            writer = csvlib.writer(buf, delimiter=";", lineterminator="\r\n", quoting=csvlib.QUOTE_MINIMAL)
            writer.writerow([text(f"log.{c}", lang) for c in _CSV_COLUMNS])
            for e in events:
                writer.writerow(
                    [
                        str(e.seq),
                        local_time(e.at),
                        _safe_cell(e.unit),
                        _safe_cell(e.username),
                        e.action.label(lang),
                        e.outcome.label(lang),
                        e.patient_id or "",
                        _safe_cell(names.target(e.target)),
                        _safe_cell(json.dumps(e.details, ensure_ascii=False, sort_keys=True)),
                    ]
                )
            data = ("\ufeff" + buf.getvalue()).encode("utf-8")
            self._log(AuditAction.COPIED, filter, events, truncated, "csv", data)
        return data

    def pdf(self, filter: AuditFilter, lang: Lang = "sv") -> bytes:
        """A landscape A4 report: title, unit, selection, who and when, the rows, page x of y."""
        self.s.require(Role.UNIT_MANAGER)
        with self.s.transaction() as db:
            events, truncated = self._select(db, filter)
            names = LogNames(db, lang)
            data = render_pdf(
                lang=lang,
                source=text("log.source_local", lang),
                unit=self.s.unit,
                training=self.s.is_training,
                selection=self.describe(filter, lang, names),
                produced_by=f"{self.s.account.display_name} ({self.s.account.username})",
                produced_at=dt.datetime.now().astimezone(),
                rows=[
                    [
                        str(e.seq),
                        local_time(e.at),
                        e.username,
                        e.action.label(lang),
                        e.outcome.label(lang),
                        e.patient_id or "",
                        names.target(e.target),
                        details_text(e.details, lang),
                    ]
                    for e in events
                ],
                truncated=truncated,
            )
            self._log(AuditAction.PRINTED, filter, events, truncated, "pdf", data)
        return data

    def target_names(self, events: Iterable[AuditEvent]) -> dict[str, str]:
        """Readable targets for log rows on screen: ``account:<user name>``, ``examination:<case ref>``."""
        self.s.require(Role.UNIT_MANAGER)
        names = LogNames(self.s.db)
        return {e.target: names.target(e.target) for e in events}

    def describe(self, f: AuditFilter, lang: Lang, names: LogNames | None = None) -> str:
        """The selection in words, for the report and for the screen."""
        names = names or LogNames(self.s.db)
        parts = []
        if f.account_id:
            parts.append(text("log.f_account", lang, v=names.account(f.account_id)))
        if f.patient_id:
            parts.append(text("log.f_patient", lang, v=f.patient_id))
        if f.action:
            parts.append(text("log.f_action", lang, v=f.action.label(lang)))
        if f.since:
            parts.append(text("log.f_since", lang, v=_bound(f.since, end=False)[0]))
        if f.until:
            bound, whole_day = _bound(f.until, end=True)
            parts.append(text("log.f_until" if whole_day else "log.f_until_before", lang, v=bound))
        return ", ".join(parts) if parts else text("log.all", lang)

    # ----- internals --------------------------------------------------------------------------
    @staticmethod
    def _select(db: Database, f: AuditFilter) -> tuple[list[AuditEvent], bool]:
        where, params = filter_sql(f)
        rows = db.all(
            "SELECT seq, at, account_id, username, unit, action, outcome, patient_id, target, "
            f"details, prev_hash, hash FROM audit_log WHERE {where} "
            "ORDER BY seq LIMIT ?",
            [*params, MAX_ROWS + 1],
        )
        truncated = len(rows) > MAX_ROWS
        return [audit.to_event(r) for r in rows[:MAX_ROWS]], truncated

    def _log(
        self,
        action: AuditAction,
        f: AuditFilter,
        events: list[AuditEvent],
        truncated: bool,
        fmt: str,
        data: bytes,
    ) -> None:
        details: dict[str, Any] = {
            "report": "log_review",
            "format": fmt,
            "filter": filter_dict(f),
            "rows": len(events),
            "sha256": hashlib.sha256(data).hexdigest(),
        }
        if events:
            details["seq"] = [events[0].seq, events[-1].seq]
        if truncated:
            details["truncated"] = True
        self.s.audit(action, patient_id=f.patient_id, target="audit_log", details=details)


def filter_dict(f: AuditFilter) -> dict[str, str]:
    """The filter as stored codes, for the access log's details."""
    out: dict[str, str] = {}
    if f.account_id:
        out["account_id"] = f.account_id
    if f.patient_id:
        out["patient_id"] = f.patient_id
    if f.action:
        out["action"] = f.action.code
    if f.since:
        out["since"] = audit.iso(f.since)
    if f.until:
        out["until"] = audit.iso(f.until)
    return out


def render_pdf(
    *,
    lang: Lang,
    source: str,
    unit: str,
    training: bool,
    selection: str,
    produced_by: str,
    produced_at: dt.datetime,
    rows: Iterable[list[str]],
    truncated: bool,
    columns: tuple[tuple[str, float], ...] | None = None,
) -> bytes:
    """The landscape report: heading, which log it covers (``source``), the selection, who and when,
    then ``rows`` under ``columns`` (text key, width in mm; the last column takes the rest of the
    page and its width is ignored)."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    from injurydoc.export.report_parts import make_styles, para, register_fonts

    register_fonts()
    st = make_styles()
    width = landscape_pdf.page_width()
    story: list[Any] = [
        para(text("log.title", lang), st.h1),
        para(text("log.subtitle", lang), st.small),
        Spacer(1, 4 * mm),
    ]
    if training:
        story.append(para(text("log.training", lang), st.banner))
    meta = [
        (text("log.unit", lang), unit),
        (text("log.source", lang), source),
        (text("log.filter", lang), selection),
        (text("log.produced", lang), produced_by),
        (text("log.produced_at", lang), produced_at.strftime("%Y-%m-%d %H:%M")),
    ]
    body = list(rows)
    meta.append((text("log.rows", lang), str(len(body))))
    story += [_meta_table(meta, st, width), Spacer(1, 2 * mm), para(text("log.notice", lang), st.small)]
    story.append(Spacer(1, 4 * mm))
    if truncated:
        story.append(para(text("log.truncated", lang, max=MAX_ROWS), st.banner))
    cols = columns or PDF_COLUMNS
    table = _rows_table(body, lang, st, width, cols) if body else para(text("log.no_rows", lang), st.body)
    story.append(table)
    footer = f"{text('log.title', lang)} · {unit} · {produced_at.strftime('%Y-%m-%d %H:%M')}"
    return landscape_pdf.build(
        story,
        title=text("log.title", lang),
        author=produced_by,
        subject=unit,
        footer=footer,
        page_label=text("log.page", lang, page="{page}", pages="{pages}"),
    )


def _meta_table(meta: list[tuple[str, str]], st: Any, width: float) -> Any:
    """Which unit, which selection, who made it and when, how many rows."""
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable, TableStyle

    from injurydoc.export.report_parts import FONT, para

    table = LongTable(
        [[para(k, st.cell_bold), para(v, st.cell)] for k, v in meta],
        colWidths=[35 * mm, width - 35 * mm],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ],
        )
    )
    return table


def _rows_table(
    body: list[list[str]], lang: Lang, st: Any, width: float, columns: tuple[tuple[str, float], ...]
) -> Any:
    """The log's rows, the column heads repeated on every page."""
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable, TableStyle

    from injurydoc.export.report_parts import FONT, FONT_BOLD, para

    fixed = [w * mm for _c, w in columns[:-1]]
    cell = st.mono.clone("logcell", fontSize=7, leading=8.6)
    head = [
        para(text(f"log.{c}", lang), st.cell_bold.clone("loghead", fontSize=7.5, leading=9))
        for c, _w in columns
    ]
    table = LongTable(
        [head, *[[para(v, cell) for v in r] for r in body]],
        colWidths=[*fixed, width - sum(fixed)],
        repeatRows=1,
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                # tables draw empty cells in Helvetica (not embedded) unless told otherwise
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e3e8ee")),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.HexColor("#1d3557")),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f5f7f9")]),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


#: The standalone report's columns: text key, width in mm (a patient id fits on one line); the last
#: column (details) takes the rest of the page.
PDF_COLUMNS: Final = (
    ("c_seq", 10.0),
    ("c_time", 29.0),
    ("c_account", 20.0),
    ("c_action", 28.0),
    ("c_outcome", 14.0),
    ("c_patient", 55.0),
    ("c_target", 50.0),
    ("c_details", 0.0),
)
