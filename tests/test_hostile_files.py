"""The hostile-file corpus (tests/data/hostile, file parts): each crafted file gets exactly its answer.

Every case is built in memory from files the program wrote and handed to its reader through the contract
check of :mod:`tests.fuzz.readers` (accepted, or refused with the project's error, nothing else, nothing
written outside); then the answer is compared with the case's: the verifier's failed check or
"unreadable", or the error's message code, with the named reason in the English message and a Swedish
message that differs from it.
"""

from __future__ import annotations

import pytest

from injurydoc.domain.errors import KnownError
from injurydoc.export.verify import VerifyReport
from tests.data.hostile import backups, exercises, keyslots, packages, results
from tests.data.hostile._filecase import FileCase
from tests.fuzz.readers import CHECKS

CASES: list[FileCase] = [*packages.CASES, *backups.CASES, *exercises.CASES, *results.CASES, *keyslots.CASES]
#: Cases that inflate or build hundreds of megabytes while being made (the readers refuse them unread).
SLOW = {
    "photo-bomb-200mb.zip",
    "zero-entries-1200.zip",
    "report-objstm-bomb.zip",
    "backup-json-600mb.injurydoc-backup",
    "database-1gib.injurydoc-backup",
}


def _param(case: FileCase) -> object:
    marks = [pytest.mark.slow] if case.name in SLOW else []
    return pytest.param(case, id=f"{case.reader}:{case.name}", marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_hostile_file_gets_its_answer(case: FileCase, made_once) -> None:
    data = (
        made_once(case.make) if case.name in SLOW else case.make()
    )  # tests/fuzz/test_memory.py reads them too
    answer = CHECKS[case.reader](data)
    if case.expect == "accepted":
        assert not isinstance(answer, Exception), answer
        if case.reader == "exercise" and case.needle:  # the patient's number as the reader made it
            assert answer.patient.personal_id == case.needle, answer.patient  # type: ignore[attr-defined]
        return
    if case.reader == "verify":
        assert isinstance(answer, VerifyReport)
        assert answer.exit_code() in (1, 2) and not answer.intact
        if case.expect == "unreadable":
            assert answer.unreadable and case.needle in answer.verdict("en"), answer.verdict("en")
            assert answer.unreadable_sv and answer.unreadable_sv in answer.verdict("sv")
        else:
            failed = {c.code: c for c in answer.checks if not c.ok}
            assert case.expect in failed, answer.verdict("en")
            assert case.needle in failed[case.expect].detail, failed[case.expect]
            assert failed[case.expect].detail_sv != failed[case.expect].detail
        return
    assert isinstance(answer, KnownError), answer
    assert answer.code == case.expect, (answer.code, answer.message("en"))
    assert case.needle in answer.message("en"), answer.message("en")
    assert answer.message("sv") != answer.message("en")


def test_corpus_expectations_are_recorded() -> None:
    """EXPECTED.json in each part folder is what the cases say (make_corpus --expected-only)."""
    from tests.data.hostile import make_corpus

    assert make_corpus.build(check=True, parts=tuple(make_corpus.FILE_PARTS)) == 0
