"""Replay every input the fuzzers ever found (tests/data/hostile/regressions/<reader>/*.bin)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .harness import REGRESSIONS
from .readers import CHECKS


def _inputs() -> list[object]:
    found = sorted(p for reader in CHECKS for p in (REGRESSIONS / reader).glob("*.bin"))
    return [pytest.param(p, id=f"{p.parent.name}/{p.name}") for p in found]


@pytest.mark.parametrize("path", _inputs())
def test_regression_input_gets_an_answer(path: Path) -> None:
    CHECKS[path.parent.name](path.read_bytes())


def test_every_reader_has_a_regression_folder() -> None:
    """Kept inputs are found: each reader's folder exists (saved inputs land where the replay looks)."""
    assert {p.name for p in REGRESSIONS.iterdir() if p.is_dir()} >= set(CHECKS)
