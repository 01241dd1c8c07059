"""Build the hostile-file corpus in this folder, one sub-folder per part, each with ``EXPECTED.json``.

    .venv/bin/python tests/data/hostile/make_corpus.py [--check]

Each part lives in a module of its own beside this script (``photos.py``; other parts add theirs) with a
``CASES`` tuple; every case names a file, how to make it, and what the program must do with it.  The
files are deterministic: ``--check`` rebuilds them in memory and exits 1 if a stored file differs (the
tests use the generators directly, so the files are for people and other tools: exiftool, a fuzzer's
seed corpus).
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

from tests.data.hostile import photos  # noqa: E402

PARTS = {"photos": photos.CASES}
#: Made on demand only: too large to keep in the repository, cheap to rebuild.
NOT_STORED = {"rgba-bomb.png", "deflated-bomb.tif"}


def expected(case: object) -> dict[str, object]:
    out = {k: v for k, v in dataclasses.asdict(case).items() if k not in ("name", "make")}  # type: ignore[call-overload]
    return {k: list(v) if isinstance(v, tuple) else v for k, v in out.items()}


def build(check: bool = False) -> int:
    differs = 0
    for part, cases in PARTS.items():
        folder = HERE / part
        folder.mkdir(exist_ok=True)
        table = {}
        for case in cases:
            table[case.name] = expected(case)
            if case.name in NOT_STORED:
                continue
            data = case.make()
            path = folder / case.name
            if check:
                if not path.is_file() or path.read_bytes() != data:
                    print(f"differs: {part}/{case.name}")
                    differs += 1
            else:
                path.write_bytes(data)
        text = json.dumps(table, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
        if check:
            if (folder / "EXPECTED.json").read_text(encoding="utf-8") != text:
                print(f"differs: {part}/EXPECTED.json")
                differs += 1
        else:
            (folder / "EXPECTED.json").write_text(text, encoding="utf-8")
    return 1 if differs else 0


if __name__ == "__main__":
    sys.exit(build(check="--check" in sys.argv[1:]))
