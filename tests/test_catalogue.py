"""Every message and every vocabulary term exists in Swedish and English, with matching placeholders."""

import string

import pytest

from injurydoc.domain import vocab
from injurydoc.domain.errors import MESSAGES, KnownError

VOCABS = [
    v
    for v in vars(vocab).values()
    if isinstance(v, type) and issubclass(v, vocab.Vocab) and v is not vocab.Vocab
]


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_message_in_both_languages_with_same_placeholders(code):
    sv, en = MESSAGES[code]
    assert sv.strip() and en.strip()
    assert sv != en or code.startswith("x")
    assert _fields(sv) == _fields(en)


@pytest.mark.parametrize("cls", VOCABS, ids=lambda c: c.__name__)
def test_vocabulary_has_codes_and_both_labels(cls):
    codes = [m.code for m in cls]
    assert len(set(codes)) == len(codes)
    for member in cls:
        assert member.code == member.code.strip().lower()
        assert member.label("sv") and member.label("en")
        assert cls(member.code) is member


def test_known_error_formats_in_both_languages():
    err = KnownError("store.too_new", found=9, supported=1)
    assert "9" in err.message("sv") and "9" in err.message("en")
    assert err.message("sv") != err.message("en")


def test_stored_codes_are_stable():
    # Codes are stored in databases and exchanged in packages: renaming one breaks old data.
    assert vocab.LegalBasis.OSL_10_18C.code == "osl_10_18c"
    assert {m.code for m in vocab.LegalBasis} == {
        "consent",
        "rattsintyg_request",
        "osl_10_23",
        "osl_10_21",
        "osl_10_18c",
    }
    assert {m.code for m in vocab.Protection} == {
        "none",
        "sekretessmarkering",
        "skyddad_folkbokforing",
        "fingerade_uppgifter",
    }
    assert {m.code for m in vocab.PhotoRole} == {
        "id_shot",
        "overview",
        "mid_range",
        "close_up",
        "close_up_scale",
    }
    assert "age" not in " ".join(m.code for m in vocab.InjuryType)
