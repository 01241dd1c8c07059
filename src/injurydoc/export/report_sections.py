"""Report sections that repeat: key-value tables, injuries, photo grids and the photo log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    Table,
    TableStyle,
)

from injurydoc.domain.fields import INJURY_FIELDS, Kind, Show, injury_field, shown
from injurydoc.domain.models import Injury
from injurydoc.domain.texts import Lang, text
from injurydoc.domain.vocab import PhotoRole

from .model import ReportData, ReportPhoto
from .report_parts import (
    CONTENT_W,
    FONT,
    PhotoFlowable,
    Styles,
    exif_time,
    para,
    when,
)

#: Tables draw empty cells with their own default font (Helvetica, not embedded) unless told otherwise.
BASE_FONT = ("FONTNAME", (0, 0), (-1, -1), FONT)


def kv_table(rows: list[tuple[str, str]], st: Styles, first: float = 52 * mm) -> Table:
    data = [[para(k, st.cell_bold), para(v, st.cell)] for k, v in rows]
    table = Table(data, colWidths=[first, CONTENT_W - first], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                BASE_FONT,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#dddddd")),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def date_text(d: dt.date | None) -> str:
    return d.isoformat() if d else ""


def injury_table(inj: Injury, st: Styles, lang: Lang) -> Table:
    size = text("exam_report.not_recorded", lang)
    if inj.length_mm is not None or inj.width_mm is not None:
        size = text("exam_report.size_value", lang, length=_num(inj.length_mm), width=_num(inj.width_mm))
        if inj.depth_mm is not None:
            size += ", " + text("exam_report.size_depth", lang, depth=_num(inj.depth_mm))
    location = f"{inj.region.label(lang)}, {inj.side.label(lang)}" + (
        f" – {inj.location_detail}" if inj.location_detail else ""
    )
    rows = [
        (injury_field("type").label(lang), inj.type.label(lang)),
        (text("exam_report.location", lang), location),
        (text("exam_report.size", lang), size),
    ]
    for f in shown(INJURY_FIELDS, Show.REPORT):
        if f.kind in (Kind.TEXT, Kind.MULTILINE) and f.code != "location_detail" and getattr(inj, f.code):
            rows.append((f.label(lang), getattr(inj, f.code)))
    return kv_table(rows, st)


def _num(v: float | None) -> str:
    if v is None:
        return "?"
    return str(int(v)) if float(v).is_integer() else f"{v:.1f}"


def photos_by_injury(data: ReportData) -> dict[int, list[ReportPhoto]]:
    out: dict[int, list[ReportPhoto]] = {}
    order = {
        PhotoRole.OVERVIEW: 0,
        PhotoRole.MID_RANGE: 1,
        PhotoRole.CLOSE_UP: 2,
        PhotoRole.CLOSE_UP_SCALE: 3,
        PhotoRole.ID_SHOT: 4,
    }
    for p in data.photos:
        for n in p.injury_numbers:
            out.setdefault(n, []).append(p)
    for photos in out.values():
        photos.sort(key=lambda p: (order.get(p.role, 9) if p.role else 9, p.number))
    return out


def _caption(p: ReportPhoto, st: Styles, lang: Lang) -> Paragraph:
    role = p.role.label(lang) if p.role else text("exam_report.photo_no_role", lang)
    caption = text(
        "exam_report.photo_caption",
        lang,
        n=p.number,
        role=role,
        time=exif_time(p.captured_at, lang),
        hash=p.sha256[:16],
    )
    if p.caption:
        caption += "\n" + p.caption
    if p.decode_warning:
        caption += "\n" + text("exam_report.log_decode_warning", lang)
    return para(caption, st.small)


def photo_grid(heading: str, photos: list[ReportPhoto], st: Styles, lang: Lang) -> list[Flowable]:
    col_w = (CONTENT_W - 6 * mm) / 2
    cells = [PhotoFlowable(p, col_w, 70 * mm, _caption(p, st, lang)) for p in photos]
    rows = [cells[i : i + 2] + ([""] if len(cells[i : i + 2]) == 1 else []) for i in range(0, len(cells), 2)]
    out: list[Flowable] = []
    for i, row in enumerate(rows):
        table = Table([row], colWidths=[col_w + 3 * mm, col_w + 3 * mm], hAlign="LEFT")
        table.setStyle(
            TableStyle([BASE_FONT, ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
        )
        if i == 0:
            out.append(KeepTogether([para(heading, st.h3), table]))
        else:
            out.append(table)
    return out


def _taken(p: ReportPhoto, lang: Lang) -> str:
    """The capture time (EXIF DateTimeOriginal); without one, "unknown" and the file's time, labelled."""
    taken = exif_time(p.captured_at, lang)
    if not p.captured_at and p.file_time:
        taken += "; " + text("exam_report.log_file_time", lang, time=p.file_time.replace("T", " "))
    return taken


def photo_log(data: ReportData, st: Styles, lang: Lang) -> Table:
    head = [
        para(text(f"exam_report.{k}", lang), st.cell_bold)
        for k in (
            "log_no",
            "log_file",
            "log_role",
            "log_injuries",
            "log_captured",
            "log_camera",
            "log_imported",
        )
    ]
    rows: list[list[Any]] = [head]
    for p in data.photos:
        imported = f"{when(p.imported_at, lang)} {text('exam_report.log_by', lang)} {p.imported_by}"
        rows.append(
            [
                para(str(p.number), st.cell),
                para(p.original_name, st.cell),
                para(p.role.label(lang) if p.role else "–", st.cell),
                para(", ".join(str(n) for n in p.injury_numbers) or "–", st.cell),
                para(_taken(p, lang), st.cell),
                para(p.camera or "–", st.cell),
                para(imported, st.cell),
            ]
        )
        note = ""
        if p.export_note == "gps_removed":
            note = " · " + text("exam_report.log_gps_removed", lang)
        elif p.export_note == "original_withheld":
            note = " · " + text("exam_report.log_original_withheld", lang)
        if p.decode_warning:
            note += " · " + text("exam_report.log_decode_warning", lang)
        rows.append(
            [
                para("", st.mono),
                para(f"{text('exam_report.log_hash', lang)}: {p.sha256}{note}", st.mono),
                "",
                "",
                "",
                "",
                "",
            ]
        )
    widths = [9 * mm, 33 * mm, 24 * mm, 16 * mm, 28 * mm, 24 * mm]  # "Skador" on one line
    widths.append(CONTENT_W - sum(widths))
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    style: list[Any] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8ecf1")),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
    ]
    for r in range(2, len(rows), 2):
        style.append(("SPAN", (1, r), (-1, r)))
        style.append(("LINEBELOW", (0, r), (-1, r), 0.25, colors.HexColor("#cccccc")))
    table.setStyle(TableStyle([BASE_FONT, *style]))
    return table
