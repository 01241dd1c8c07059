"""Exercise feedback: each error is found on its own, a good documentation scores 1.0, results files."""

import dataclasses
import datetime as dt
import json

import pytest

from injurydoc.domain.models import (
    AbsentFinding,
    BodyMark,
    ConcernReport,
    Consent,
    Examination,
    Injury,
    PhotoRecord,
    StrangulationAnswers,
)
from injurydoc.domain.vocab import (
    BodyRegion,
    BodyView,
    ConsentDecision,
    ConsentScope,
    Consistency,
    InjuryType,
    LegalBasis,
    PhotoRole,
    Side,
    ViolenceKind,
)
from injurydoc.training.class_results import class_summary
from injurydoc.training.feedback import (
    CODES,
    AnswerKey,
    ExpectedInjury,
    age_words,
    code_title,
    history_words,
    review,
)
from injurydoc.training.results import (
    FORMAT,
    MAX_BYTES,
    load_results,
    title,
    to_results_file,
)

T = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)


def _photo(pid, role, injuries=()):
    return PhotoRecord(
        id=pid,
        examination_id="e",
        number=1,
        sha256="0" * 64,
        original_name="x.jpg",
        size=1,
        media_type="image/jpeg",
        role=role,
        caption="",
        imported_by="a",
        imported_at=T,
        injury_ids=tuple(injuries),
    )


def _injury(iid="i1", number=1, side=Side.LEFT, region=BodyRegion.THIGH, **kw):
    fields = {
        "type": InjuryType.BRUISE,
        "marks": (BodyMark(BodyView.FRONT, 0.6, 0.6),),
        "length_mm": 20,
        "width_mm": 10,
        "shape": "Oval",
        "colour": "Blålila med gulaktig kant",
        "surrounding": "Lätt svullnad, ömhet vid beröring",
        "description": "Oskarpt avgränsat blåmärke på lårets framsida, 10 cm ovan knäskålen.",
        "patient_says_cause": "Han sparkade mig, säger patienten.",
    } | kw
    return Injury(id=iid, examination_id="e", number=number, side=side, region=region, **fields)


def good():
    """A documentation that matches the key in every respect."""
    exam = Examination(
        id="e",
        case_ref="SD-1",
        patient_id="p",
        examiner_id="a",
        unit="u",
        status="draft",
        created_at=T,
        consents=tuple(Consent(s, ConsentDecision.GIVEN, T) for s in ConsentScope),
        patient_account="Han sparkade mig i låret. Han slog mig också.",
        violence_kinds=(ViolenceKind.PHYSICAL,),
        absent_findings=(AbsentFinding(BodyRegion.NECK_ANTERIOR, "Inga synliga skador på halsen."),),
        other_findings="Inga övriga fynd.",
        consistency=Consistency.CONSISTENT,
        assessment="Fynden är förenliga med trubbigt våld. Kvinna, 34 år gammal.",
        injuries=(_injury(),),
    )
    photos = [
        _photo("p0", PhotoRole.ID_SHOT),
        _photo("p1", PhotoRole.OVERVIEW, ["i1"]),
        _photo("p2", PhotoRole.CLOSE_UP_SCALE, ["i1"]),
    ]
    return exam, photos


KEY = AnswerKey(
    injuries=(ExpectedInjury(BodyRegion.THIGH, Side.LEFT, InjuryType.BRUISE, (15, 25), (5, 15)),),
    photo_roles=(PhotoRole.ID_SHOT, PhotoRole.OVERVIEW, PhotoRole.CLOSE_UP_SCALE),
    strangulation_expected=False,
    legal_basis=LegalBasis.CONSENT,
)


def _with_injury(exam, **kw):
    return dataclasses.replace(exam, injuries=(dataclasses.replace(exam.injuries[0], **kw),))


def _mistakes(exam, photos, key=KEY, basis=LegalBasis.CONSENT):
    return sorted(p.code for p in review(exam, photos, key, basis).mistakes)


def test_good_documentation_scores_full_and_is_competent():
    exam, photos = good()
    fb = review(exam, photos, KEY, LegalBasis.CONSENT)
    assert fb.mistakes == []
    assert fb.score == 1.0 and fb.competent
    codes = {p.code for p in fb.points}
    assert {"consent_examination", "expected_injury", "size", "bruise_age", "history_in_findings"} <= codes
    assert "legal_basis" in codes and "extra_injury" not in codes


def test_each_rule_triggers_on_its_own_mistake():
    exam, photos = good()
    cases = {
        "consent (checklist)": (
            dataclasses.replace(exam, consents=exam.consents[1:]),
            photos,
            KEY,
            ["consent_examination"],
        ),
        "missed injury": (
            _with_injury(exam, type=InjuryType.ABRASION),
            photos,
            KEY,
            ["expected_injury"],
        ),
        "size": (_with_injury(exam, length_mm=45), photos, KEY, ["size"]),
        "bruise age": (_with_injury(exam, colour="Blålila, ca 2 dagar gammal"), photos, KEY, ["bruise_age"]),
        "history": (
            _with_injury(exam, description="Enligt patienten sparkade han henne."),
            photos,
            KEY,
            ["history_in_findings"],
        ),
        "no id shot": (exam, photos[1:], KEY, ["id_shot"]),
        "no absent findings": (dataclasses.replace(exam, absent_findings=()), photos, KEY, ["absent"]),
        "strangulation": (
            exam,
            photos,
            dataclasses.replace(KEY, strangulation_expected=True),
            ["strangulation"],
        ),
        "concern report": (
            exam,
            photos,
            dataclasses.replace(KEY, concern_report_expected=True),
            ["concern_report"],
        ),
    }
    for name, (e, p, key, expected) in cases.items():
        assert _mistakes(e, p, key) == expected, name


def test_side_error_is_reported_as_a_side_error():
    exam, photos = good()
    fb = review(_with_injury(exam, side=Side.RIGHT), photos, KEY, LegalBasis.CONSENT)
    assert [p.code for p in fb.mistakes] == ["side_error"]
    point = fb.mistakes[0]
    assert point.detail["injury"] == 1 and point.detail["documented_side"] == "right"
    assert point.detail["side"] == "left"
    assert "1" in point.title("en") and "right" in point.title("en") and "höger" in point.title("sv")
    assert "court" in point.why("en")
    # the size is still checked on the injury found on the wrong side
    assert any(p.code == "size" and p.ok for p in fb.points)


def test_exact_match_is_preferred_over_a_side_error():
    exam, photos = good()
    right = _injury("i2", 2, side=Side.RIGHT)
    left = dataclasses.replace(exam.injuries[0], id="i3", number=3)
    exam = dataclasses.replace(exam, injuries=(right, left))
    photos = [
        *photos,
        _photo("p3", PhotoRole.OVERVIEW, ["i2", "i3"]),
        _photo("p4", PhotoRole.CLOSE_UP_SCALE, ["i2", "i3"]),
    ]
    fb = review(exam, photos, KEY, LegalBasis.CONSENT)
    assert fb.mistakes == []
    found = next(p for p in fb.points if p.code == "expected_injury")
    assert found.detail["injury"] == 3
    extra = [p for p in fb.points if p.code == "extra_injury"]
    assert len(extra) == 1 and extra[0].ok and not extra[0].scored and extra[0].detail["injury"] == 2


def test_a_documented_injury_matches_at_most_one_expected():
    exam, photos = good()
    key = dataclasses.replace(KEY, injuries=KEY.injuries * 2)
    fb = review(exam, photos, key, LegalBasis.CONSENT)
    assert [p.code for p in fb.mistakes] == ["expected_injury"]
    assert fb.mistakes[0].detail["expected"] == 2


def test_extra_injuries_are_information_not_mistakes():
    exam, photos = good()
    extra = _injury("i2", 2, region=BodyRegion.FOREARM, side=Side.RIGHT, type=InjuryType.SCRATCH)
    exam = dataclasses.replace(exam, injuries=(*exam.injuries, extra))
    photos = [
        *photos,
        _photo("p3", PhotoRole.OVERVIEW, ["i2"]),
        _photo("p4", PhotoRole.CLOSE_UP_SCALE, ["i2"]),
    ]
    fb = review(exam, photos, KEY, LegalBasis.CONSENT)
    assert fb.mistakes == [] and fb.score == 1.0
    (info,) = fb.info
    assert info.code == "extra_injury" and "forearm" in info.title("en").lower()


@pytest.mark.parametrize(
    ("length", "width", "ok"),
    [(15, 5, True), (25, 15, True), (14.5, 10, False), (20, 16, False), (None, 10, True)],
)
def test_size_tolerance(length, width, ok):
    exam, photos = good()
    fb = review(_with_injury(exam, length_mm=length, width_mm=width), photos, KEY, LegalBasis.CONSENT)
    assert all(p.ok for p in fb.points if p.code == "size") is ok
    if length is None:
        # a missing measurement is the checklist's point, not a size error
        assert [p.code for p in fb.mistakes] == ["injury_measured"]


def test_size_not_checked_without_a_range():
    exam, photos = good()
    key = dataclasses.replace(
        KEY, injuries=(ExpectedInjury(BodyRegion.THIGH, Side.LEFT, InjuryType.BRUISE, None, None),)
    )
    fb = review(_with_injury(exam, length_mm=400), photos, key, LegalBasis.CONSENT)
    assert fb.mistakes == [] and not any(p.code == "size" for p in fb.points)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Gammalt blåmärke", "gammalt"),
        ("Ser färskt ut", "färskt"),
        ("Ca 3 dagar gammal", "3 dagar gammal"),
        ("Uppkommet för ett par dagar sedan", "ett par dagar"),
        ("Nytt blåmärke under det gamla", "nytt blåmärke"),
        ("Blåmärket åldras", "åldras"),
        ("Färgen talar för högre ålder", "ålder"),
        ("An old bruise", "old"),
        ("FRESH bruise", "fresh"),
        ("About 5 days old", "5 days old"),
        ("A recent bruise", "recent bruise"),
        ("Bruise aged by its yellow colour", "aged"),
    ],
)
def test_bruise_age_words(text, word):
    assert word in age_words(text)
    exam, photos = good()
    fb = review(_with_injury(exam, colour=text), photos, KEY, LegalBasis.CONSENT)
    (point,) = fb.mistakes
    assert point.code == "bruise_age" and point.detail["field"] == "colour" and point.detail["injury"] == 1
    assert word in point.detail["words"]
    assert word in point.title("sv") and "colour" in point.title("en")
    assert "48 %" in point.why("en") and "48 %" in point.why("sv")


@pytest.mark.parametrize(
    "text",
    [
        "Blålila, gulaktig kant",
        "Kvinna, 34 år gammal",
        "A 34-year-old woman",
        "Man 70 years old",
        "Holder, bold outline, agedness",  # word boundaries
        "Färskvatten",
        "Folded skin",
    ],
)
def test_no_bruise_age_false_alarms(text):
    assert age_words(text) == []


def test_bruise_age_found_in_exam_fields_too():
    exam, photos = good()
    exam = dataclasses.replace(exam, assessment="Blåmärket är sannolikt en vecka gammalt.")
    (point,) = review(exam, photos, KEY, LegalBasis.CONSENT).mistakes
    assert (
        point.code == "bruise_age"
        and point.detail["field"] == "assessment"
        and point.detail["injury"] is None
    )
    exam = dataclasses.replace(good()[0], other_findings="Several old and fresh bruises on the back.")
    (point,) = review(exam, photos, KEY, LegalBasis.CONSENT).mistakes
    assert point.detail["field"] == "other_findings" and point.detail["words"] == ["old", "fresh"]


@pytest.mark.parametrize(
    "text",
    [
        "Patienten uppger att det gör ont",
        "Enligt patienten uppkommet i går",
        "Patienten berättar att han tog tag i armen",
        "Han slog med en stekpanna",
        "Hon slog med handflatan",
        "Han sparkade",
        "Patient says it was a belt",
        "According to the patient a belt was used",
        "He hit her with a belt",
        "She hit him",
    ],
)
def test_history_in_findings_is_flagged(text):
    assert history_words(text)
    exam, photos = good()
    for name in ("description", "colour", "shape"):
        (point,) = review(_with_injury(exam, **{name: text}), photos, KEY, LegalBasis.CONSENT).mistakes
        assert point.code == "history_in_findings" and point.detail["field"] == name
        assert point.detail["injury"] == 1


def test_history_in_patient_says_cause_is_the_right_place():
    exam, photos = good()
    text = "Patienten uppger att han slog och sparkade henne; according to the patient he hit her."
    assert review(_with_injury(exam, patient_says_cause=text), photos, KEY, LegalBasis.CONSENT).mistakes == []
    assert (
        review(dataclasses.replace(exam, patient_account=text), photos, KEY, LegalBasis.CONSENT).mistakes
        == []
    )


def test_wrong_or_missing_legal_basis():
    exam, photos = good()
    fb = review(exam, photos, KEY, LegalBasis.OSL_10_23)
    (point,) = fb.mistakes
    assert point.code == "legal_basis"
    assert point.detail == {"expected": "consent", "chosen": "osl_10_23"}
    assert "OSL" in point.title("sv") and "secrecy" in point.why("en")
    assert _mistakes(exam, photos, basis=None) == ["legal_basis"]
    # no basis in the key: nothing to check
    fb = review(exam, photos, dataclasses.replace(KEY, legal_basis=None), None)
    assert fb.mistakes == [] and not any(p.code == "legal_basis" for p in fb.points)


def test_missing_id_shot_is_one_mistake():
    exam, photos = good()
    fb = review(exam, photos[1:], KEY, LegalBasis.CONSENT)
    assert [p.code for p in fb.mistakes] == ["id_shot"]
    # no photos at all: the checklist has no ID-shot item, so the key's expectation speaks
    codes = _mistakes(exam, [])
    assert codes == ["injury_overview", "injury_scale", "photo_role"]
    point = next(p for p in review(exam, [], KEY, LegalBasis.CONSENT).mistakes if p.code == "photo_role")
    assert point.detail == {"role": "id_shot"} and "ID" in point.title("en")


def test_expected_mid_range_photo():
    exam, photos = good()
    key = dataclasses.replace(KEY, photo_roles=(*KEY.photo_roles, PhotoRole.MID_RANGE))
    assert _mistakes(exam, photos, key) == ["photo_role"]
    assert _mistakes(exam, [*photos, _photo("p9", PhotoRole.MID_RANGE, ["i1"])], key) == []


def test_strangulation_not_asked():
    exam, photos = good()
    key = dataclasses.replace(KEY, strangulation_expected=True)
    assert _mistakes(exam, photos, key) == ["strangulation"]
    # the trainee ticked strangulation: the checklist's item counts once, not twice
    strangled = dataclasses.replace(exam, violence_kinds=(ViolenceKind.PHYSICAL, ViolenceKind.STRANGULATION))
    fb = review(strangled, photos, key, LegalBasis.CONSENT)
    assert [p.code for p in fb.points].count("strangulation") == 1
    assert [p.code for p in fb.mistakes] == ["strangulation"]
    asked = dataclasses.replace(exam, strangulation=StrangulationAnswers(asked=True))
    assert _mistakes(asked, photos, key) == []


def test_concern_report_made():
    exam, photos = good()
    key = dataclasses.replace(KEY, concern_report_expected=True)
    made = dataclasses.replace(exam, concern_report=ConcernReport(made=True, office="Socialkontoret"))
    assert _mistakes(made, photos, key) == []


def test_absent_findings_not_expected_is_not_scored():
    exam, photos = good()
    key = dataclasses.replace(KEY, absent_findings_expected=False)
    fb = review(dataclasses.replace(exam, absent_findings=()), photos, key, LegalBasis.CONSENT)
    assert fb.score == 1.0
    (absent,) = [p for p in fb.points if p.code == "absent"]
    assert not absent.scored


def test_exactly_two_planted_mistakes():
    exam, photos = good()
    planted = _with_injury(exam, side=Side.RIGHT, description="Färskt blåmärke, oskarpt avgränsat.")
    fb = review(planted, photos, KEY, LegalBasis.CONSENT)
    assert sorted(p.code for p in fb.mistakes) == ["bruise_age", "side_error"]
    scored = [p for p in fb.points if p.scored]
    assert fb.score == pytest.approx((len(scored) - 2) / len(scored))
    assert not fb.competent or fb.score >= 0.85


def test_score_and_competence_threshold():
    exam, photos = good()
    bad = dataclasses.replace(
        _with_injury(exam, side=Side.RIGHT, colour="Gammalt", description="Han slog"),
        absent_findings=(),
        consents=(),
    )
    fb = review(bad, [], KEY, None)
    assert fb.score < 0.85 and not fb.competent
    assert 0.0 <= fb.score <= 1.0


def test_every_point_has_texts_in_both_languages():
    exam, photos = good()
    bad = dataclasses.replace(
        _with_injury(exam, side=Side.RIGHT, colour="Gammalt", description="Han slog", length_mm=90),
        absent_findings=(),
        strangulation=StrangulationAnswers(),
    )
    extra = _injury("i2", 2, region=BodyRegion.FOREARM)
    bad = dataclasses.replace(bad, injuries=(*bad.injuries, extra))
    key = dataclasses.replace(
        KEY,
        strangulation_expected=True,
        concern_report_expected=True,
        photo_roles=(*KEY.photo_roles, PhotoRole.MID_RANGE),
    )
    fb = review(bad, [], key, LegalBasis.OSL_10_18C)
    seen = {p.code for p in fb.points}
    assert {"side_error", "size", "bruise_age", "history_in_findings", "photo_role", "extra_injury"} <= seen
    assert {"strangulation", "concern_report", "legal_basis"} <= seen
    for p in fb.points:
        for lang in ("sv", "en"):
            assert p.title(lang) and p.why(lang) and "{" not in p.title(lang), p.code
        assert p.title("sv") != p.title("en") or p.code == "photo_role", p.code
    for code in CODES:
        assert code_title(code, "sv") and code_title(code, "en") and "{" not in code_title(code, "en")


# --------------------------------------------------------------------------------------------- results


def test_results_file_round_trip():
    exam, photos = good()
    fb = review(_with_injury(exam, side=Side.RIGHT), photos, KEY, LegalBasis.CONSENT)
    data = to_results_file(fb, "ex-1", "  Anna   Svensson ", now=T)
    doc = json.loads(data)
    assert doc["format"] == FORMAT and doc["version"] == 1 and doc["trainee"] == "Anna Svensson"
    # nothing of the documentation's text is written, only codes and signal words
    assert "Oskarpt" not in data.decode() and "sparkade" not in data.decode()
    result = load_results(data)
    assert result.exercise_id == "ex-1" and result.trainee == "Anna Svensson" and result.created_at == T
    assert result.score == pytest.approx(fb.score) and result.competent == fb.competent
    assert [(p.code, p.ok, p.scored) for p in result.points] == [(p.code, p.ok, p.scored) for p in fb.points]
    assert [p.detail for p in result.points] == [p.detail for p in fb.points]
    assert [p.code for p in result.mistakes] == ["side_error"]


def test_results_file_refuses_bad_input_when_writing():
    fb = review(*good(), KEY, LegalBasis.CONSENT)
    for exercise, name in [("ex-1", "   "), ("Ex 1!", "Anna"), ("ex-1", "x" * 300), ("ex-1", "a\x00b")]:
        with pytest.raises(ValueError):
            to_results_file(fb, exercise, name, now=T)


def _valid_doc():
    fb = review(*good(), KEY, LegalBasis.CONSENT)
    return json.loads(to_results_file(fb, "ex-1", "Anna", now=T))


def _edit(**changes):
    doc = _valid_doc() | changes
    return json.dumps(doc).encode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"{not json", "invalid JSON"),
        (b"\xff\xfe\x00", "UTF-8"),
        (b"[]", "top level"),
        (b"[" * 200_000 + b"]" * 200_000, "nested too deeply"),
        (b" " * (MAX_BYTES + 1), "larger than"),
        (_edit(format="injurydoc-exercise"), "format"),
        (_edit(version=2), "version"),
        (_edit(version=True), "version"),
        (_edit(extra=1), "unknown keys"),
        (_edit(score="1"), "score"),
        (_edit(score=1.5), "score"),
        (_edit(score=0.5), "does not match"),
        (_edit(trainee=42), "trainee"),
        (_edit(trainee="x" * 5000), "trainee"),
        (_edit(exercise_id="../../etc"), "exercise id"),
        (_edit(created_at="yesterday"), "created_at"),
        (_edit(created_at="2026-11-20T10:00:00"), "time zone"),
        (_edit(points={}), "points"),
        (_edit(points=[{"code": "rm -rf", "ok": True, "scored": True, "detail": {}}]), "code"),
        (_edit(points=[{"code": "size", "ok": "yes", "scored": True, "detail": {}}]), "ok"),
        (_edit(points=[{"code": "size", "ok": True, "scored": True, "detail": {"x": {"y": 1}}}]), "type"),
        (_edit(points=[{"code": "size", "ok": True, "scored": True, "detail": []}]), "object"),
        (_edit(points=[{"code": "size", "ok": True}]), "keys"),
        (_edit(points=[{"code": "size", "ok": False, "scored": False, "detail": {}}]), "not scored"),
        (b'{"format": "injurydoc-training-result", "format": "x"}', "twice"),
        (_edit(score=1.0).replace(b'"score": 1.0', b'"score": NaN'), "NaN"),
    ],
)
def test_hostile_results_files_are_refused(data, message):
    with pytest.raises(ValueError, match=message) as err:
        load_results(data)
    # Every refusal says what is wrong in Swedish too (shown in the trainer's class summary).
    sv = err.value.message("sv")
    assert sv and sv != str(err.value) and sv.startswith(("Inte en resultatfil", "Resultatfil"))


def test_huge_results_file_is_refused_before_parsing():
    doc = _valid_doc()
    doc["points"] = doc["points"] * 20_000
    with pytest.raises(ValueError, match="larger than"):
        load_results(json.dumps(doc).encode())


# --------------------------------------------------------------------------------------------- class summary


def test_class_summary_counts_the_most_common_mistakes():
    exam, photos = good()
    docs = {
        # side error + bruise age
        "Bertil": _with_injury(exam, side=Side.RIGHT, colour="Färskt"),
        # side error + history, bruise age in two fields (counts once for this trainee)
        "Anna": _with_injury(exam, side=Side.RIGHT, description="Han slog. Gammalt.", colour="Gammal"),
        # all good but the legal basis
        "Cecilia": exam,
    }
    bases = {"Anna": LegalBasis.CONSENT, "Bertil": LegalBasis.CONSENT, "Cecilia": None}
    results = [
        load_results(to_results_file(review(e, photos, KEY, bases[n]), "ex-1", n, now=T))
        for n, e in docs.items()
    ]
    summary = class_summary(results)
    assert summary.most_common_mistakes == [
        ("bruise_age", 2),
        ("side_error", 2),
        ("history_in_findings", 1),
        ("legal_basis", 1),
    ]
    assert [r.name for r in summary.rows] == ["Anna", "Bertil", "Cecilia"]
    anna, bertil, cecilia = summary.rows
    assert (anna.mistakes, bertil.mistakes, cecilia.mistakes) == (4, 2, 1)
    assert all(r.exercise_id == "ex-1" for r in summary.rows)
    assert anna.exercise("sv") == "ex-1"  # an exercise the program does not hold: its id
    titled = class_summary(results, {"ex-1": ("Slag mot låret", "A blow to the thigh")}).rows[0]
    assert (titled.exercise("sv"), titled.exercise("en")) == ("Slag mot låret", "A blow to the thigh")
    assert cecilia.competent and cecilia.score > bertil.score > anna.score
    assert summary.competent_count == sum(r.competent for r in summary.rows)
    assert summary.title("side_error", "en") == title("side_error", "en") == code_title("side_error", "en")
    assert "höger" in summary.title("side_error", "sv")
    assert class_summary([]).most_common_mistakes == [] and class_summary([]).rows == []
