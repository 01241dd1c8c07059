"""Strict JSON for files from outside: each kind of bad input is refused with its reason in both languages."""

import pytest

from injurydoc.domain.untrusted_json import JsonRefused, loads_strict


@pytest.mark.parametrize(
    ("data", "en", "sv"),
    [
        (b"\xff\xfe{}", "not UTF-8", "inte UTF-8"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply", "för djupt"),
        (b'{"a": 1,}', "invalid JSON (line 1", "ogiltig JSON (rad 1"),
        (b'{"a": 1, "a": 2}', "'a' occurs twice", "'a' förekommer två gånger"),
        (b'{"x": NaN}', "NaN is not allowed", "NaN är inte tillåtet"),
        (b'{"x": -Infinity}', "-Infinity is not allowed", "-Infinity är inte tillåtet"),
        (b"1" * 5000, "number is out of range", "orimligt stort"),
    ],
)
def test_hostile_json_is_refused_with_a_reason(data, en, sv):
    with pytest.raises(JsonRefused) as exc:
        loads_strict(data)
    assert en in exc.value.reason.en
    assert sv in exc.value.reason.sv


def test_plain_json_is_read():
    assert loads_strict(b'{"a": [1, 2.5, "\xc3\xa5", null, true]}') == {"a": [1, 2.5, "å", None, True]}
