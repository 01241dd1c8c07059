"""The examination report as PDF (reportlab), in Swedish or English.

Photos are the stored previews (upright, no EXIF), embedded as JPEG without re-encoding (``useA85`` off).
The body map is the same SVG the GUI shows, drawn as vectors through svglib, with numbered marks.
The last page reserves a box for the visible signature that :mod:`injurydoc.export.signatures` fills in.
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from injurydoc.domain.fields import exam_field
from injurydoc.domain.texts import Lang, text
from injurydoc.domain.vocab import Answer, BodyView

from .model import ReportData
from .report_parts import (
    CONTENT_W,
    MARGIN,
    SIGNATURE_BOX_H,
    BodyMapFlowable,
    NumberedCanvas,
    RenderedReport,
    SignatureBox,
    Styles,
    bodymap_drawing,
    make_styles,
    para,
    register_fonts,
    when,
)
from .report_sections import (
    BASE_FONT,
    date_text,
    injury_table,
    kv_table,
    photo_grid,
    photo_log,
    photos_by_injury,
)

# The two TTF fonts and the front and back body maps (drawn in every report) are read when the report is
# imported rather than at the first render: a process that imports the export and then forks (the tests'
# fork server for the kill workers) hands them to its children instead of each child reading them again
# (0.1 s of CPU), and the GUI's warm-up thread imports this module, so its first export does not read
# them either.  render() still registers the fonts should anything have undone them.
register_fonts()
bodymap_drawing(BodyView.FRONT)
bodymap_drawing(BodyView.BACK)


def label(code: str, lang: Lang) -> str:
    """The registry's label of an examination field."""
    return exam_field(code).label(lang)


def _answer(a: Answer, lang: Lang) -> str:
    return a.label(lang)


def render(data: ReportData) -> RenderedReport:
    register_fonts()
    st = make_styles()
    story: list[Flowable] = []
    for section in (
        _heading,
        _patient_section,
        _examination_section,
        _consent_section,
        _account_section,
        _strangulation_section,
        _findings_section,
        _assessment_section,
        _bodymap_section,
        _photos_section,
        _photo_log_section,
        _addenda_section,
    ):
        story += section(data, st)
    record: dict[str, Any] = {}
    story.append(_signature_section(data, st, record))
    pdf = _pdf(data, story)
    return RenderedReport(pdf=pdf, signature_page=int(record["page"]), signature_box=record["box"])


def _heading(data: ReportData, st: Styles) -> list[Flowable]:
    """The title, the unit and the case, and the banner for a protected person."""
    lang, exam, patient = data.lang, data.examination, data.patient
    story: list[Flowable] = []
    story.append(para(text("exam_report.title", lang), st.h1))
    story.append(para(text("exam_report.subtitle", lang), st.small))
    story.append(Spacer(1, 3 * mm))
    story.append(
        kv_table(
            [
                (text("exam_report.unit", lang), data.unit),
                (text("exam_report.case", lang), exam.case_ref),
            ],
            st,
        )
    )
    if patient.is_protected:
        story.append(
            para(
                text("exam_report.protected_banner", lang) + " · " + patient.protection.label(lang), st.banner
            )
        )
    if data.not_units_record:
        story.append(para(text("exam_report.not_units_record", lang), st.banner))
    return story


def _patient_section(data: ReportData, st: Styles) -> list[Flowable]:
    """Who the patient is; contact details withheld for a protected person."""
    lang, patient = data.lang, data.patient
    story: list[Flowable] = []
    story.append(para(text("exam_report.sec_patient", lang), st.h2))
    rows = [
        (text("exam_report.name", lang), patient.name),
        (
            text("exam_report.personal_id", lang),
            f"{patient.personal_id.value} ({patient.personal_id.kind.label(lang)})",
        ),
        (
            text("exam_report.birth_date", lang),
            patient.birth_date.isoformat() if patient.birth_date else text("exam_report.not_recorded", lang),
        ),
        (text("exam_report.sex", lang), patient.sex.label(lang)),
    ]
    if patient.is_protected:
        rows.append((text("exam_report.protection", lang), patient.protection.label(lang)))
        rows.append((text("exam_report.contacts", lang), text("exam_report.contacts_withheld", lang)))
    elif data.contacts:
        rows.append((text("exam_report.contacts", lang), "\n".join(c.value for c in data.contacts)))
    if patient.guardian_is_threat:
        rows.append((text("exam_report.protection", lang), text("exam_report.guardian_threat", lang)))
    story.append(kv_table(rows, st))
    return story


def _examination_section(data: ReportData, st: Styles) -> list[Flowable]:
    """When and by whom the examination was made and signed, and who was present."""
    lang, exam = data.lang, data.examination
    story: list[Flowable] = []
    story.append(para(text("exam_report.sec_exam", lang), st.h2))
    present = "\n".join(
        f"{pp.role.label(lang)}{': ' + pp.name if pp.name else ''}"
        + (f" ({text('exam_report.language', lang)}: {pp.language})" if pp.language else "")
        for pp in exam.persons_present
    ) or text("exam_report.nobody_else", lang)
    ex = data.examiner
    rows = [
        (label("examined_from", lang), when(exam.examined_from, lang)),
        (label("examined_until", lang), when(exam.examined_until, lang)),
        (text("exam_report.examiner", lang), f"{ex.name}, {ex.profession.label(lang)}"),
        (text("exam_report.hsa_id", lang), ex.hsa_id or text("exam_report.not_recorded", lang)),
        (label("persons_present", lang), present),
    ]
    if data.follow_up_case_ref:
        rows.append((text("exam_report.follow_up_of", lang), data.follow_up_case_ref))
    if data.signer is not None:
        rows.append(
            (text("exam_report.signed_by", lang), f"{data.signer.name}, {data.signer.profession.label(lang)}")
        )
        rows.append((text("exam_report.signed_at", lang), when(exam.signed_at, lang)))
    if exam.content_sha256:
        rows.append((text("exam_report.content_hash", lang), exam.content_sha256))
    # The record's own times, labelled as such: not when the examination took place.
    rows.append((text("exam_report.started", lang), when(exam.started_at, lang)))
    rows.append((text("exam_report.ended", lang), when(exam.ended_at, lang)))
    if data.signature_state:
        rows.append((text("exam_report.signature_state", lang), data.signature_state))
    story.append(kv_table(rows, st))
    return story


def _consent_section(data: ReportData, st: Styles) -> list[Flowable]:
    """The consents recorded, and the legal basis for this release (decided at release)."""
    lang, exam = data.lang, data.examination
    story: list[Flowable] = []
    story.append(para(text("exam_report.sec_consent", lang), st.h2))
    rows = [
        (
            c.scope.label(lang),
            f"{c.decision.label(lang)} ({when(c.recorded_at, lang)})" + (f" – {c.note}" if c.note else ""),
        )
        for c in exam.consents
    ] or [(text("exam_report.consent_scope", lang), text("exam_report.not_recorded", lang))]
    lb = data.legal_basis
    if lb is None:  # the preview before signing
        rows.append((text("exam_report.legal_basis", lang), text("exam_report.basis_at_release", lang)))
    else:
        rows += [
            (text("exam_report.legal_basis", lang), lb.basis.label(lang)),
            (text("exam_report.decided_by", lang), data.basis_decided_by),
            (text("exam_report.decided_at", lang), when(lb.decided_at, lang)),
        ]
        if lb.reference:
            rows.append((text("exam_report.reference", lang), lb.reference))
        if data.recipient and data.recipient != lb.reference:
            rows.append((text("exam_report.recipient", lang), data.recipient))
        rows.append(
            (
                text("exam_report.exported_by", lang),
                f"{data.exported_by.name}, {data.exported_by.profession.label(lang)}",
            )
        )
        rows.append((text("exam_report.exported_at", lang), when(data.exported_at, lang)))
    story.append(kv_table(rows, st))
    return story


def _account_section(data: ReportData, st: Styles) -> list[Flowable]:
    """The patient's own account, quoted and kept apart from the findings, and the history."""
    lang, exam = data.lang, data.examination
    story: list[Flowable] = []
    story.append(para(text("exam_report.sec_account", lang), st.h2))
    story.append(
        para(
            "”" + exam.patient_account + "”"
            if exam.patient_account
            else text("exam_report.not_recorded", lang),
            st.quote,
        )
    )
    rows = [
        (label("reported_time", lang), exam.reported_time or text("exam_report.not_recorded", lang)),
        (label("reported_place", lang), exam.reported_place or text("exam_report.not_recorded", lang)),
        (
            label("violence_kinds", lang),
            ", ".join(v.label(lang) for v in exam.violence_kinds) or text("exam_report.not_recorded", lang),
        ),
        (
            label("relation", lang),
            exam.relation.label(lang) if exam.relation else text("exam_report.not_recorded", lang),
        ),
    ]
    story.append(kv_table(rows, st))
    story.append(para(text("exam_report.sec_history", lang), st.h3))
    children = exam.children_in_household.label(lang) + (
        f" – {exam.children_details}" if exam.children_details else ""
    )
    story.append(
        kv_table(
            [
                (
                    label("earlier_violence", lang),
                    exam.earlier_violence or text("exam_report.not_recorded", lang),
                ),
                (
                    label("psychological_state", lang),
                    exam.psychological_state or text("exam_report.not_recorded", lang),
                ),
                (label("children_in_household", lang), children),
                (label("samples_taken", lang), exam.samples_taken or text("exam_report.not_recorded", lang)),
            ],
            st,
        )
    )
    return story


def _strangulation_section(data: ReportData, st: Styles) -> list[Flowable]:
    """The strangulation questions and answers, when they were asked."""
    lang, exam = data.lang, data.examination
    story: list[Flowable] = []
    sq = exam.strangulation
    if sq.asked:
        story.append(para(text("exam_report.sec_strangulation", lang), st.h2))
        story.append(para(text("exam_report.strang_note", lang), st.small))
        rows = [
            (
                label("strangulation.methods", lang),
                ", ".join(m.label(lang) for m in sq.methods) or text("exam_report.not_recorded", lang),
            ),
            (label("strangulation.times", lang), sq.times or text("exam_report.not_recorded", lang)),
            (label("strangulation.duration", lang), sq.duration or text("exam_report.not_recorded", lang)),
            (label("strangulation.could_breathe", lang), _answer(sq.could_breathe, lang)),
            (label("strangulation.could_speak", lang), _answer(sq.could_speak, lang)),
            (label("strangulation.loss_of_consciousness", lang), _answer(sq.loss_of_consciousness, lang)),
            (label("strangulation.incontinence", lang), _answer(sq.incontinence, lang)),
            (label("strangulation.voice_change", lang), _answer(sq.voice_change, lang)),
            (label("strangulation.swallowing_difficulty", lang), _answer(sq.swallowing_difficulty, lang)),
            (label("strangulation.breathing_difficulty", lang), _answer(sq.breathing_difficulty, lang)),
            (label("strangulation.vision_change", lang), _answer(sq.vision_change, lang)),
            (label("strangulation.hearing_change", lang), _answer(sq.hearing_change, lang)),
            (
                label("strangulation.petechiae_sites", lang),
                sq.petechiae_sites or text("exam_report.not_recorded", lang),
            ),
            (
                label("strangulation.neck_findings", lang),
                sq.neck_findings or text("exam_report.not_recorded", lang),
            ),
        ]
        if sq.notes:
            rows.append((label("strangulation.notes", lang), sq.notes))
        story.append(kv_table(rows, st))
    return story


def _findings_section(data: ReportData, st: Styles) -> list[Flowable]:
    """Each injury's findings, the findings recorded as absent, and other findings."""
    lang, exam = data.lang, data.examination
    story: list[Flowable] = []
    story.append(para(text("exam_report.sec_findings", lang), st.h2))
    if not exam.injuries:
        story.append(para(text("exam_report.no_injuries", lang), st.body))
    for inj in exam.injuries:
        story.append(
            KeepTogether(
                [para(text("exam_report.injury_no", lang, n=inj.number), st.h3), injury_table(inj, st, lang)]
            )
        )
    story.append(para(text("exam_report.sec_absent", lang), st.h3))
    if exam.absent_findings:
        story.append(kv_table([(a.region.label(lang), a.text) for a in exam.absent_findings], st))
    else:
        story.append(para(text("exam_report.none_recorded", lang), st.body))
    if exam.other_findings:
        story.append(para(text("exam_report.sec_other_findings", lang), st.h3))
        story.append(para(exam.other_findings, st.body))
    return story


def _assessment_section(data: ReportData, st: Styles) -> list[Flowable]:
    """The examiner's assessment, the report of concern and the coordinated plan (SIP)."""
    lang, exam = data.lang, data.examination
    story: list[Flowable] = []
    story.append(para(text("exam_report.sec_assessment", lang), st.h2))
    rows = [
        (
            label("consistency", lang),
            exam.consistency.label(lang) if exam.consistency else text("exam_report.not_recorded", lang),
        )
    ]
    rows.append((label("assessment", lang), exam.assessment or text("exam_report.not_recorded", lang)))
    story.append(kv_table(rows, st))
    story.append(para(text("exam_report.sec_concern", lang), st.h3))
    cr = exam.concern_report
    concern = (
        f"{text('exam_report.concern_made', lang)} {date_text(cr.made_at)} "
        f"{text('exam_report.concern_office', lang)} {cr.office}"
        + (f" ({text('exam_report.concern_grounds', lang)}: {cr.grounds})" if cr.grounds else "")
        if cr.made
        else text("exam_report.concern_not_made", lang)
    )
    sip = (
        text("exam_report.sip_called", lang)
        + (f" {date_text(exam.sip.date)}" if exam.sip.date else "")
        + (f", {text('exam_report.sip_consent', lang)}" if exam.sip.consent else "")
        if exam.sip.called
        else text("exam_report.sip_not_called", lang)
    )
    story.append(kv_table([(text("exam_report.concern_label", lang), concern), ("SIP", sip)], st))
    return story


def _bodymap_section(data: ReportData, st: Styles) -> list[Flowable]:
    """The body maps, front and back, with the injuries' numbered marks (and any other views)."""
    lang, exam = data.lang, data.examination
    story: list[Flowable] = []
    story.append(CondPageBreak(120 * mm))
    story.append(para(text("exam_report.sec_bodymap", lang), st.h2))
    maps = []
    for view, title in (
        (BodyView.FRONT, text("exam_report.bodymap_front", lang)),
        (BodyView.BACK, text("exam_report.bodymap_back", lang)),
    ):
        marks = [(i.number, m.x, m.y) for i in exam.injuries for m in i.marks if m.view is view]
        # Front: the patient's right is on the viewer's left; back: on the viewer's right.
        left, right = (
            (text("exam_report.patient_right", lang), text("exam_report.patient_left", lang))
            if view is BodyView.FRONT
            else (text("exam_report.patient_left", lang), text("exam_report.patient_right", lang))
        )
        maps.append(BodyMapFlowable(view, marks, 105 * mm, (title, left, right)))
    table = Table([maps], colWidths=[CONTENT_W / 2] * 2, hAlign="CENTER")
    table.setStyle(TableStyle([BASE_FONT, ("ALIGN", (0, 0), (-1, -1), "CENTER")]))
    story.append(table)
    story.extend(_other_views(data))
    return story


#: The close-up views (head, face, hands) stand three to a row, each within its own column.
_VIEWS_PER_ROW = 3


def _other_views(data: ReportData) -> list[Flowable]:
    """The close-up views that carry a mark, in the body map's own order, three to a row: each drawing
    and its title kept within its column, so neighbours never overlap and no view leaves the page."""
    lang, exam = data.lang, data.examination
    used = {m.view for i in exam.injuries for m in i.marks} - {BodyView.FRONT, BodyView.BACK}
    others = [v for v in BodyView if v in used]
    column = CONTENT_W / _VIEWS_PER_ROW
    rows: list[Flowable] = []
    for start in range(0, len(others), _VIEWS_PER_ROW):
        row = []
        for view in others[start : start + _VIEWS_PER_ROW]:
            marks = [(i.number, m.x, m.y) for i in exam.injuries for m in i.marks if m.view is view]
            labels = (view.label(lang), "", "")
            row.append(BodyMapFlowable(view, marks, 55 * mm, labels, max_width=column - 4 * mm))
        grid = Table([row], colWidths=[column] * len(row), hAlign="CENTER")
        grid.setStyle(TableStyle([BASE_FONT, ("ALIGN", (0, 0), (-1, -1), "CENTER")]))
        rows.append(grid)
    return rows


def _photos_section(data: ReportData, st: Styles) -> list[Flowable]:
    """The photographs, grouped by injury, then those linked to none."""
    lang, exam = data.lang, data.examination
    story: list[Flowable] = []
    by_injury = photos_by_injury(data)
    story.append(PageBreak())
    story.append(para(text("exam_report.sec_photos", lang), st.h2))
    if not data.photos:
        story.append(para(text("exam_report.no_photos", lang), st.body))
    for inj in exam.injuries:
        photos = by_injury.get(inj.number, [])
        if not photos:
            continue
        heading = (
            f"{text('exam_report.injury_no', lang, n=inj.number)} – {inj.type.label(lang)}, "
            f"{inj.region.label(lang)}, {inj.side.label(lang)}"
        )
        story.extend(photo_grid(heading, photos, st, lang))
    unlinked = [p for p in data.photos if not p.injury_numbers]
    if unlinked:
        story.extend(photo_grid(text("exam_report.sec_other_photos", lang), unlinked, st, lang))
    return story


def _photo_log_section(data: ReportData, st: Styles) -> list[Flowable]:
    """The photo log: each photo's times, hashes and links."""
    lang = data.lang
    story: list[Flowable] = []
    story.append(CondPageBreak(60 * mm))
    story.append(para(text("exam_report.sec_photo_log", lang), st.h2))
    if data.photos:
        story.append(photo_log(data, st, lang))
    else:
        story.append(para(text("exam_report.no_photos", lang), st.body))
    return story


def _addenda_section(data: ReportData, st: Styles) -> list[Flowable]:
    """The addenda written after signing, with their authors."""
    lang = data.lang
    story: list[Flowable] = []
    story.append(para(text("exam_report.sec_addenda", lang), st.h2))
    if data.addenda:
        for add, author in data.addenda:
            story.append(
                para(
                    text("exam_report.addendum_by", lang, when=when(add.created_at, lang), who=author), st.h3
                )
            )
            story.append(para(add.text, st.body))
    else:
        story.append(para(text("exam_report.no_addenda", lang), st.body))
    return story


def _signature_section(data: ReportData, st: Styles, record: dict[str, Any]) -> Flowable:
    """The signature heading and the box the signature goes into (its place is noted in ``record``)."""
    lang = data.lang
    sig = [
        para(text("exam_report.sec_signature", lang), st.h2),
        para(text("exam_report.signature_text", lang), st.body),
        para(
            text("exam_report.timestamp_yes", lang, tsa=data.timestamp_service)
            if data.timestamp_service
            else text("exam_report.timestamp_no", lang),
            st.small,
        ),
        Spacer(1, 3 * mm),
        SignatureBox(110 * mm, SIGNATURE_BOX_H, record, data.signature_lines),
    ]
    return KeepTogether(sig)


def _pdf(data: ReportData, story: list[Flowable]) -> bytes:
    """The story laid out on A4 pages, numbered, with the footer (and an exercise's watermark)."""
    lang, exam = data.lang, data.examination
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=16 * mm,
        bottomMargin=20 * mm,
        title=f"{text('exam_report.title', lang)} {exam.case_ref}",
        author=data.examiner.name,
        subject=text("exam_report.subtitle", lang),
        creator=f"injurydoc {data.program_version}",
        lang="sv-SE" if lang == "sv" else "en-GB",
        invariant=0,
    )
    canvas_cls = type(
        "ReportCanvas",
        (NumberedCanvas,),
        {
            "footer_left": f"{text('exam_report.case', lang)} {exam.case_ref} · {data.unit}",
            "footer_right": text("exam_report.program", lang, version=data.program_version),
            "watermark": text("exam_report.training_watermark", lang) if data.training else "",
            "page_label": text("exam_report.page", lang, page="{page}", pages="{pages}"),
        },
    )
    doc.build(story, canvasmaker=canvas_cls)
    return out.getvalue()
