"""Hostile results files (corpus part ``results``)."""

from __future__ import annotations

import json

from tests.data.hostile._filecase import FileCase
from tests.fuzz.seeds import seeds


def _doc() -> dict:  # type: ignore[type-arg]
    return json.loads(seeds().results)


def huge_number_in_detail() -> bytes:
    doc = _doc()
    doc["points"][2]["detail"]["sizes_mm"] = [10**400, 1]
    return json.dumps(doc).encode()


def digits_beyond_python() -> bytes:
    return seeds().results.replace(b'"version": 1', b'"version": ' + b"7" * 5000, 1)


CASES: tuple[FileCase, ...] = (
    FileCase(
        "huge-number.injurydoc-result",
        huge_number_in_detail,
        "results",
        "results.invalid",
        "holds a number out of range",
    ),
    FileCase(
        "digits-beyond-python.injurydoc-result",
        digits_beyond_python,
        "results",
        "results.invalid",
        "a number is out of range",
    ),
    FileCase(
        "latin1.injurydoc-result",
        lambda: seeds().results.decode().encode("latin-1"),
        "results",
        "results.invalid",
        "not UTF-8",
    ),
    FileCase(
        "deep.injurydoc-result",
        lambda: b"[" * 100_000 + b"]" * 100_000,
        "results",
        "results.invalid",
        "nested too deeply",
    ),
    FileCase(
        "top-level-array.injurydoc-result",
        lambda: b"[]",
        "results",
        "results.invalid",
        "the top level must be an object",
    ),
    FileCase(
        "too-large.injurydoc-result",
        lambda: b" " * 1_000_001,
        "results",
        "results.invalid",
        "larger than 1 MB",
    ),
)
