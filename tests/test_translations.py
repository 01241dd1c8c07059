"""Every visible UI string has a Swedish translation, with the same placeholders."""

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from injurydoc.resources import resource_path

TS = resource_path("translations", "injurydoc_sv.ts")
UI = Path(__file__).resolve().parents[1] / "src" / "injurydoc" / "ui"


def _messages(path):
    root = ET.parse(path).getroot()
    for ctx in root.iter("context"):
        name = ctx.find("name").text
        for msg in ctx.iter("message"):
            yield name, msg.find("source").text, msg.find("translation")


def test_every_message_is_translated():
    untranslated = [
        (ctx, src)
        for ctx, src, tr in _messages(TS)
        if tr.get("type") in ("unfinished", "obsolete", "vanished") or not (tr.text or "").strip()
    ]
    assert untranslated == []


def test_placeholders_match():
    for ctx, src, tr in _messages(TS):
        assert re.findall(r"%\d+|\{\w*\}", src) == re.findall(r"%\d+|\{\w*\}", tr.text or ""), (ctx, src)


def test_no_string_in_the_code_is_missing_from_the_catalogue(tmp_path):
    """Run lupdate on the sources into a copy: it must find nothing new."""
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    if not lupdate.exists():
        lupdate = Path(shutil.which("pyside6-lupdate") or "pyside6-lupdate")
    copy = tmp_path / "check.ts"
    shutil.copy(TS, copy)
    sources = sorted(str(p) for p in UI.rglob("*.py"))
    proc = subprocess.run(
        [str(lupdate), *sources, "-ts", str(copy), "-no-obsolete"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    fresh = {(c, s) for c, s, t in _messages(copy) if t.get("type") != "unfinished"}
    new = [(c, s) for c, s, t in _messages(copy) if t.get("type") == "unfinished"]
    assert new == [], f"strings without a Swedish translation: {new}"
    assert fresh == {(c, s) for c, s, _ in _messages(TS)}


def test_compiled_catalogue_is_built():
    assert resource_path("translations", "injurydoc_sv.qm").exists(), "run make translations"
