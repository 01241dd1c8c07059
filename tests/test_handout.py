"""The patient handout: the unit's contacts, the texts in seven languages, what the handout may hold about
the patient, the access-log row for printing it, and the PDF itself in every language."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata

import pytest

from injurydoc.domain.errors import AccessDenied, ValidationError
from injurydoc.domain.vocab import AuditAction, AuditOutcome, Protection
from injurydoc.handout import languages
from injurydoc.handout.contacts import (
    MAX_CONTACTS,
    MAX_NAME,
    LocalContact,
    LocalContactKind,
    UnitContacts,
    from_json,
    to_json,
)
from injurydoc.handout.document import (
    LRI,
    PDI,
    HandoutOptions,
    build,
    default_include_addresses,
    file_name,
)
from injurydoc.handout.texts import KEYS, LAWS, NEEDS_NATIVE_REVIEW, TEXTS
from injurydoc.services.audit_log import AuditFilter, AuditService
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.handout import HandoutChoice, HandoutService
from injurydoc.services.patients import PatientService
from injurydoc.services.unit_settings import TARGET, UnitSettingsService

from .conftest import DISTINCT_NAME, DISTINCT_PNR

UNIT_ADDRESS = "Storgatan 1, 123 45 Exempelstad"
CONTACTS = UnitContacts(
    unit_name="Vårdcentralen Exempelstad",
    unit_phone="0123-45 67 00",
    unit_address=UNIT_ADDRESS,
    contacts=(
        LocalContact(
            LocalContactKind.SOCIAL_SERVICES, "Socialkontoret Exempelstad", "0123-45 67 89", "Kungsgatan 2"
        ),
        LocalContact(LocalContactKind.WOMENS_SHELTER, "Kvinnojouren Blenda", "0123-11 22 33"),
        LocalContact(LocalContactKind.GIRLS_SHELTER, "Tjejjouren Väst", web="tjejjouren.se"),
        LocalContact(LocalContactKind.POLICE, "Polisstationen Exempelstad", "114 14", "Polisgatan 3"),
    ),
)


def _events(session, **kw):
    return AuditService(session).events(AuditFilter(**kw))


# ----- the unit's contacts ------------------------------------------------------------------------
def test_manager_saves_contacts_any_account_reads_them_and_each_save_is_logged(store):
    chef = store.sign_in("chef")
    assert UnitSettingsService(chef).local_contacts() == UnitContacts()
    stored = UnitSettingsService(chef).save_local_contacts(
        UnitContacts(
            unit_name="  Vårdcentralen   Exempelstad ",
            contacts=(LocalContact(LocalContactKind.POLICE, "Polisen\nExempelstad", "114 14"),),
        )
    )
    assert stored.unit_name == "Vårdcentralen Exempelstad"  # white space tidied, one line
    assert stored.contacts[0].name == "Polisen Exempelstad"
    UnitSettingsService(chef).save_local_contacts(CONTACTS)
    anna = store.sign_in("anna")
    assert UnitSettingsService(anna).local_contacts() == CONTACTS
    anna.close()
    saves = [
        e
        for e in _events(chef, action=AuditAction.CHANGED)
        if e.target == TARGET and e.outcome is AuditOutcome.OK
    ]
    assert len(saves) == 2
    assert all(e.patient_id is None for e in saves)
    assert saves[0].details == {"setting": "handout.contacts", "contacts": 4}  # newest first
    chef.close()


def test_a_clinician_cannot_change_the_contacts(store):
    chef = store.sign_in("chef")
    UnitSettingsService(chef).save_local_contacts(CONTACTS)
    anna = store.sign_in("anna")
    with pytest.raises(AccessDenied):
        UnitSettingsService(anna).save_local_contacts(UnitContacts(unit_name="Ändrat"))
    assert UnitSettingsService(anna).local_contacts() == CONTACTS
    anna.close()
    chef.close()


@pytest.mark.parametrize(
    "contacts",
    [
        UnitContacts(unit_name="x" * (MAX_NAME + 1)),
        UnitContacts(unit_phone="ring mig"),
        UnitContacts(contacts=(LocalContact(LocalContactKind.OTHER, "", "112"),)),
        UnitContacts(contacts=(LocalContact(LocalContactKind.OTHER, "Utan nummer"),)),
        UnitContacts(contacts=(LocalContact(LocalContactKind.OTHER, "A", "1", address="g" * 201),)),
        UnitContacts(
            contacts=tuple(LocalContact(LocalContactKind.OTHER, "A", "1") for _ in range(MAX_CONTACTS + 1))
        ),
    ],
)
def test_contacts_are_checked_before_they_are_stored(store, contacts):
    chef = store.sign_in("chef")
    with pytest.raises(ValidationError):
        UnitSettingsService(chef).save_local_contacts(contacts)
    assert UnitSettingsService(chef).local_contacts() == UnitContacts()
    chef.close()


def test_contacts_json_round_trip_and_unknown_kinds():
    assert from_json(to_json(CONTACTS)) == CONTACTS
    odd = from_json({"contacts": [{"kind": "helicopter", "name": "X", "phone": "1"}, "junk"], "unit_name": 5})
    assert odd == UnitContacts(contacts=(LocalContact(LocalContactKind.OTHER, "X", "1"),))
    assert from_json(None) == UnitContacts()


# ----- texts ----------------------------------------------------------------------------------------
_SCRIPT = {
    "ar": r"[\u0600-\u06ff]",
    "fa": r"[\u0600-\u06ff]",
    "ti": r"[\u1200-\u137f]",
    "uk": r"[\u0400-\u04ff]",
}


def test_seven_languages_with_the_same_keys_and_placeholders():
    assert languages.CODES == ("sv", "en", "ar", "so", "fa", "ti", "uk")
    assert set(TEXTS) == set(languages.CODES) == set(NEEDS_NATIVE_REVIEW)
    for code, texts in TEXTS.items():
        assert set(texts) == KEYS, code
        for key, value in texts.items():
            assert value.strip(), (code, key)
            assert re.findall(r"\{\w+\}", value) == re.findall(r"\{\w+\}", TEXTS["sv"][key]), (code, key)
            assert not re.search(r"\d", value.replace("{", "").replace("}", "")), (
                code,
                key,
            )  # numbers are added
        if code in _SCRIPT:  # written in its own script, not left in English
            assert all(re.search(_SCRIPT[code], v) for v in texts.values()), code
    assert set(LAWS) == {"osl", "pdl"}


def test_translations_not_read_by_a_native_speaker_are_marked():
    assert NEEDS_NATIVE_REVIEW == {
        "sv": False,
        "en": False,
        "ar": True,
        "so": True,
        "fa": True,
        "ti": True,
        "uk": True,
    }


def test_the_interpreter_language_suggests_the_handout_language():
    assert languages.suggested(["Arabiska"]) == ("sv", "ar")
    assert languages.suggested(["farsi", "", "tigrinja"]) == ("sv", "fa", "ti")
    assert languages.suggested(["Українська"]) == ("sv", "uk")
    assert languages.suggested(["kurdiska"]) == ("sv",)


# ----- what the handout holds ---------------------------------------------------------------------
def test_nothing_of_the_patient_by_default_and_the_name_only_when_chosen():
    plain = build(HandoutOptions(languages=("sv", "ar")), CONTACTS, unit_name="VC")
    assert all(DISTINCT_NAME not in p.html for p in plain)
    named = build(HandoutOptions(languages=("sv",), patient_name=DISTINCT_NAME), CONTACTS, unit_name="VC")
    assert DISTINCT_NAME in named[0].html
    assert file_name(("sv", "ar")) == "stodinformation-sv-ar.pdf"


def test_a_protected_person_gets_no_address_unless_chosen():
    assert default_include_addresses(Protection.NONE) is True
    for level in (
        Protection.SEKRETESSMARKERING,
        Protection.SKYDDAD_FOLKBOKFORING,
        Protection.FINGERADE_UPPGIFTER,
    ):
        assert default_include_addresses(level) is False
    without = build(HandoutOptions(include_addresses=False), CONTACTS, unit_name="VC")[0].html
    assert "Storgatan 1" not in without and "Kungsgatan 2" not in without
    assert "Socialkontoret Exempelstad" in without and "0123-45 67 00" in without  # names and phones stay
    with_ = build(HandoutOptions(include_addresses=True), CONTACTS, unit_name="VC")[0].html
    assert "Storgatan 1" in with_ and "Kungsgatan 2" in with_


def test_typed_text_is_escaped_and_phone_numbers_stay_left_to_right():
    hostile = UnitContacts(contacts=(LocalContact(LocalContactKind.OTHER, "<b>Jour</b> & co", "020-50"),))
    page = build(HandoutOptions(languages=("ar",)), hostile, unit_name="VC")[0].html
    assert "<b>Jour" not in page and "&lt;b&gt;Jour&lt;/b&gt; &amp; co" in page
    assert f"{LRI}020-50 50 50{PDI}" in page  # Kvinnofridslinjen
    assert 'dir="rtl"' in page and 'dir="ltr"' not in page
    assert (
        "Vårdcentralen Test"
        in build(HandoutOptions(), UnitContacts(), unit_name="Vårdcentralen Test")[0].html
    )


# ----- the access log -------------------------------------------------------------------------------
@pytest.fixture
def protected_exam(store):
    s = store.sign_in("anna")
    p = PatientService(s).create(
        personal_id=DISTINCT_PNR, name=DISTINCT_NAME, protection=Protection.SKYDDAD_FOLKBOKFORING
    )
    exam = ExaminationService(s).create(p.id)
    s.close()
    return p, exam


def test_printing_is_logged_on_the_examination(store, protected_exam):
    patient, exam = protected_exam
    anna = store.sign_in("anna")
    choice = HandoutChoice(languages=("sv", "ar"), include_name=False, include_addresses=False)
    HandoutService(anna).record_printed(exam.id, choice, "pdf")
    with pytest.raises(ValidationError):
        HandoutService(anna).record_printed(exam.id, HandoutChoice(languages=("xx",)), "pdf")
    with pytest.raises(ValidationError):
        HandoutService(anna).record_printed(exam.id, HandoutChoice(languages=()), "printer")
    anna.close()
    erik = store.sign_in("erik")  # no access to the protected case
    with pytest.raises(AccessDenied):
        HandoutService(erik).record_printed(exam.id, choice, "printer")
    erik.close()
    chef = store.sign_in("chef")
    rows = _events(chef, action=AuditAction.PRINTED, patient_id=patient.id)
    assert [(r.username, r.outcome) for r in rows] == [
        ("erik", AuditOutcome.DENIED),
        ("anna", AuditOutcome.OK),
    ]
    ok = rows[1]
    assert ok.target == f"examination:{exam.id}"
    assert ok.details == {
        "document": "handout",
        "medium": "pdf",
        "languages": ["sv", "ar"],
        "name_included": False,
        "addresses_included": False,
    }
    chef.close()


def test_the_service_never_puts_the_personal_number_on_the_handout(store, protected_exam):
    patient, _exam = protected_exam
    anna = store.sign_in("anna")
    pages = HandoutService(anna).pages(patient, HandoutChoice(("sv", "en"), include_name=True), CONTACTS)
    anna.close()
    digits = DISTINCT_PNR.replace("-", "")
    for page in pages:
        assert DISTINCT_NAME in page.html
        assert digits[2:8] not in page.html and DISTINCT_PNR[-4:] not in page.html


# ----- the PDF --------------------------------------------------------------------------------------
needs_poppler = pytest.mark.skipif(
    not all(shutil.which(t) for t in ("pdftoppm", "pdftotext", "pdffonts", "pdfinfo")),
    reason="poppler-utils not installed",
)


@pytest.fixture(scope="module")
def all_languages_pdf(tmp_path_factory):
    from PySide6.QtWidgets import QApplication

    from injurydoc.ui import handout_pdf

    _app = QApplication.instance() or QApplication([])
    options = HandoutOptions(languages=languages.CODES, patient_name=None, include_addresses=True)
    path = tmp_path_factory.mktemp("handout") / "stodinformation.pdf"
    path.write_bytes(handout_pdf.pdf_bytes(build(options, CONTACTS, unit_name="VC")))
    return path


def _run(*args):
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=60).stdout


def _glyphs(pdf, page):
    """(x, y-centre, height, text) of every positioned piece of text on a page; the text is folded
    to base letters (a shaped Arabic letter comes out as its presentation form)."""
    out = _run("pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-")
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [
        (float(a), (float(b) + float(d)) / 2, float(d) - float(b), unicodedata.normalize("NFKC", t))
        for a, b, _c, d, t in re.findall(pattern, out)
    ]


def _line_of(glyphs, y, tolerance=5.0):
    return sorted((g for g in glyphs if abs(g[1] - y) < tolerance), key=lambda g: g[0])


@needs_poppler
def test_every_language_renders_two_non_blank_sheets_with_embedded_fonts(all_languages_pdf, tmp_path):
    from PIL import Image

    info = _run("pdfinfo", str(all_languages_pdf))
    assert re.search(r"Pages:\s+14", info)
    assert re.search(r"Title:\s+Stödinformation", info)
    fonts = _run("pdffonts", str(all_languages_pdf)).splitlines()[2:]
    names = {line.split()[0] for line in fonts}
    assert {"DejaVuSans", "NotoNaskhArabic-Regular", "NotoSansEthiopic-Regular"} <= names
    assert all(line.split()[-5] == "yes" for line in fonts), fonts  # the "emb" column
    _run("pdftoppm", "-png", "-r", "40", str(all_languages_pdf), str(tmp_path / "sheet"))
    sheets = sorted(tmp_path.glob("sheet-*.png"))
    assert len(sheets) == 14
    for sheet in sheets:
        with Image.open(sheet) as im:
            dark = sum(im.convert("L").histogram()[:128])
        assert dark > 1500, sheet.name  # text on it, not an empty page


@needs_poppler
def test_each_language_begins_on_its_own_sheet(all_languages_pdf):
    for n, code in enumerate(languages.CODES):
        first = _run("pdftotext", "-f", str(2 * n + 1), "-l", str(2 * n + 1), str(all_languages_pdf), "-")
        title = TEXTS[code]["title"]
        assert title.split()[-1] in unicodedata.normalize("NFKC", first), code


@needs_poppler
@pytest.mark.parametrize(
    ("code", "rtl"), [("sv", False), ("uk", False), ("ti", False), ("ar", True), ("fa", True)]
)
def test_right_to_left_languages_are_laid_out_right_to_left(all_languages_pdf, code, rtl):
    page = 2 * languages.CODES.index(code) + 1
    glyphs = _glyphs(all_languages_pdf, page)
    title = TEXTS[code]["title"].replace(" ", "")
    # The title, the first line in large type: its letters read right to left in Arabic script.
    tallest = max(g[2] for g in glyphs)
    title_y = min(g[1] for g in glyphs if g[2] > 0.7 * tallest)
    line = _line_of(glyphs, title_y)
    visual = "".join(g[3] for g in line)
    assert (visual[::-1] if rtl else visual) == title
    # Aligned to the right margin in RTL, to the left otherwise.
    xs = [g[0] for g in line]
    assert (min(xs) > 200) is rtl and (max(xs) < 400) is not rtl
    # Kvinnofridslinjen's number reads 020-50 50 50 left to right in every script.
    k = next(g for g in glyphs if "Kvinnofridslinjen" in g[3])
    digits = "".join(ch for g in _line_of(glyphs, k[1], 8) for ch in g[3] if ch.isdigit() or ch == "-")
    assert "020-505050" in digits
    if rtl:  # shaped: letters take their joining forms (presentation forms in the text layer)
        pieces = _run("pdftotext", "-f", str(page), "-l", str(page), str(all_languages_pdf), "-")
        assert re.search(r"[\ufe70-\ufefc]", pieces)


@needs_poppler
def test_the_pdf_names_no_patient_by_default(store, protected_exam, tmp_path):
    from PySide6.QtWidgets import QApplication

    from injurydoc.ui import handout_pdf

    _app = QApplication.instance() or QApplication([])
    patient, _exam = protected_exam
    anna = store.sign_in("anna")
    choice = HandoutChoice(("sv",), include_addresses=default_include_addresses(patient.protection))
    data = handout_pdf.pdf_bytes(HandoutService(anna).pages(patient, choice, CONTACTS))
    anna.close()
    path = tmp_path / file_name(choice.languages)
    path.write_bytes(data)
    text = _run("pdftotext", str(path), "-") + _run("pdfinfo", str(path))
    assert "Kvinnofridslinjen" in text and "Socialkontoret Exempelstad" in text
    for secret in (
        DISTINCT_NAME.split()[0],
        DISTINCT_NAME.split()[1],
        DISTINCT_PNR,
        DISTINCT_PNR[-4:],
        "Storgatan",
    ):
        assert secret not in text
    for secret in (DISTINCT_NAME.split()[0], DISTINCT_PNR):  # not in the metadata either
        assert secret.encode() not in data
