"""Build the file parts of the hostile corpus: packages, backups, exercises, results and key files.

    .venv/bin/python tests/data/hostile/make_corpus_files.py [--check]

Like ``make_corpus.py`` (the photo part), one sub-folder per part with ``EXPECTED.json``: each case names
a file, how it is made from files the program itself wrote (:mod:`tests.fuzz.seeds`), which reader it is
for and what that reader must answer.  The files are not stored: the evidence packages and backups embed
fresh keys, so they differ from run to run; the tests (``tests/test_hostile_files.py``) build each case
in memory.  This script writes them for people and other tools (a fuzzer's seed corpus, exiftool).
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.data.hostile import backups, exercises, keyslots, packages, results  # noqa: E402

PARTS = {
    "packages": packages.CASES,
    "backups": backups.CASES,
    "exercises": exercises.CASES,
    "results": results.CASES,
    "keyslots": keyslots.CASES,
}


def expected(case: object) -> dict[str, object]:
    return {k: v for k, v in dataclasses.asdict(case).items() if k not in ("name", "make")}  # type: ignore[call-overload]


def build(check: bool = False) -> int:
    differs = 0
    for part, cases in PARTS.items():
        folder = HERE / part
        table = {case.name: expected(case) for case in cases}
        text = json.dumps(table, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
        if check:
            if (
                not (folder / "EXPECTED.json").is_file()
                or (folder / "EXPECTED.json").read_text("utf-8") != text
            ):
                print(f"differs: {part}/EXPECTED.json")
                differs += 1
            continue
        folder.mkdir(exist_ok=True)
        (folder / "EXPECTED.json").write_text(text, encoding="utf-8")
        if "--expected-only" in sys.argv[1:]:
            continue
        for case in cases:
            (folder / case.name).write_bytes(case.make())
    return 1 if differs else 0


if __name__ == "__main__":
    sys.exit(build(check="--check" in sys.argv[1:]))
