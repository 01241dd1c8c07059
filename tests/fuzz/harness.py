"""Hypothesis settings for the fuzz tests, and keeping what they find.

``make test`` runs each reader's fuzz test on a small, fixed set of examples (``derandomize``: the same
inputs in every run, so a failure in CI is a failure at home).  ``make fuzz`` sets ``INJURYDOC_FUZZ=long``:
``INJURYDOC_FUZZ_EXAMPLES`` examples per reader (default 2000) from a random start, and every input that
breaks a reader's contract is saved into ``tests/data/hostile/regressions/<reader>/``, where the replay
test (``test_regressions.py``) keeps trying it for ever.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, settings

LONG = os.environ.get("INJURYDOC_FUZZ") == "long"
REGRESSIONS = Path(__file__).resolve().parents[1] / "data" / "hostile" / "regressions"

FUZZ = settings(
    max_examples=int(os.environ.get("INJURYDOC_FUZZ_EXAMPLES", "2000" if LONG else "10")),
    derandomize=not LONG,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)


def keeping(reader: str, check: Callable[[bytes], object]) -> Callable[[bytes], object]:
    """``check``, saving an input that makes it fail (in long runs) before the failure goes on."""

    def run(data: bytes) -> object:
        try:
            return check(data)
        except BaseException:
            if LONG:
                folder = REGRESSIONS / reader
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"{hashlib.sha256(data).hexdigest()[:16]}.bin").write_bytes(data)
            raise

    return run
