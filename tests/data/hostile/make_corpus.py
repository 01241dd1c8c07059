"""Build the hostile-file corpus in this folder, one sub-folder per part, each with ``EXPECTED.json``.

    .venv/bin/python -m tests.data.hostile.make_corpus [--check] [--expected-only]

Each part lives in a module of its own beside this script (``photos.py``, ``packages.py``, ``backups.py``,
``exercises.py``, ``results.py``, ``keyslots.py``) with a ``CASES`` tuple; every case names a file, how to
make it and what the program must do with it.

- **photos** are deterministic and kept in the repository (but for the bombs, made on demand): ``--check``
  rebuilds them in memory and reports any stored file that differs.
- **the other parts** are made from files the program itself wrote (:mod:`tests.fuzz.seeds`); evidence
  packages and backups embed fresh keys, so only their ``EXPECTED.json`` is kept, and the tests build each
  case in memory.  The script writes the files for people and other tools (a fuzzer's seed corpus,
  exiftool) unless ``--expected-only`` is given.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

from tests.data.hostile import backups, exercises, keyslots, packages, photos, results

HERE = Path(__file__).resolve().parent
#: Parts whose files are kept in the repository.
STORED_PARTS = {"photos": photos.CASES}
#: Parts of which only EXPECTED.json is kept.
FILE_PARTS = {
    "packages": packages.CASES,
    "backups": backups.CASES,
    "exercises": exercises.CASES,
    "results": results.CASES,
    "keyslots": keyslots.CASES,
}
#: Made on demand only: too large to keep in the repository, cheap to rebuild.
NOT_STORED = {"rgba-bomb.png", "deflated-bomb.tif"}


def expected(case: object) -> dict[str, object]:
    out = {k: v for k, v in dataclasses.asdict(case).items() if k not in ("name", "make")}  # type: ignore[call-overload]
    return {k: list(v) if isinstance(v, tuple) else v for k, v in out.items()}


def _expected_differs(folder: Path, text: str) -> bool:
    path = folder / "EXPECTED.json"
    return not path.is_file() or path.read_text(encoding="utf-8") != text


def build(check: bool = False, *, parts: tuple[str, ...] = (), write_files: bool = True) -> int:
    """Write (or with ``check``, compare) the corpus; the number of things that differ, 0 when none."""
    differs = 0
    for part, cases in {**STORED_PARTS, **FILE_PARTS}.items():
        if parts and part not in parts:
            continue
        folder = HERE / part
        text = json.dumps({c.name: expected(c) for c in cases}, indent=1, ensure_ascii=False, sort_keys=True)
        text += "\n"
        stored = part in STORED_PARTS
        if check:
            if _expected_differs(folder, text):
                print(f"differs: {part}/EXPECTED.json")
                differs += 1
            for case in cases if stored else ():
                path = folder / case.name
                if case.name not in NOT_STORED and (not path.is_file() or path.read_bytes() != case.make()):
                    print(f"differs: {part}/{case.name}")
                    differs += 1
            continue
        folder.mkdir(exist_ok=True)
        (folder / "EXPECTED.json").write_text(text, encoding="utf-8")
        for case in cases if (stored or write_files) else ():
            if case.name not in NOT_STORED or not stored:
                (folder / case.name).write_bytes(case.make())
    return differs


if __name__ == "__main__":
    args = sys.argv[1:]
    sys.exit(1 if build(check="--check" in args, write_files="--expected-only" not in args) else 0)
