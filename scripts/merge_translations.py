"""Refresh the Swedish catalogue and fill in translations from JSON files.

    .venv/bin/python scripts/merge_translations.py [resources/translations/pending/*.json]

Runs pyside6-lupdate over src/injurydoc/ui (dropping strings no longer in the code), then fills every
unfinished message whose English source appears in one of the JSON files ({"English": "Svenska"}).
Prints the sources still without a translation and exits 1 if there are any.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "translations" / "injurydoc_sv.ts"


def main(argv: list[str]) -> int:
    # INJURYDOC_TR_SOURCES: a space-separated list of files, when only some of the work tree is to be
    # catalogued (others' unfinished files left out).
    chosen = os.environ.get("INJURYDOC_TR_SOURCES", "").split()
    sources = chosen or sorted(str(p) for p in (ROOT / "src" / "injurydoc" / "ui").rglob("*.py"))
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    subprocess.run([str(lupdate), *sources, "-ts", str(TS), "-no-obsolete", "-silent"], check=True)
    table: dict[str, str] = {}
    files = [Path(a) for a in argv] or sorted((TS.parent / "pending").glob("*.json"))
    for f in files:
        table.update(json.loads(f.read_text("utf-8")))
    tree = ET.parse(TS)  # noqa: S314 - our own catalogue
    missing = []
    for msg in tree.getroot().iter("message"):
        src = msg.findtext("source") or ""
        tr = msg.find("translation")
        if tr is None:
            continue
        if tr.get("type") == "unfinished":
            if src in table:
                tr.text = table[src]
                del tr.attrib["type"]
            elif (tr.text or "").strip():  # lupdate's same-text guess from another context
                del tr.attrib["type"]
            else:
                missing.append(src)
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    for m in missing:
        print(f"untranslated: {m!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
