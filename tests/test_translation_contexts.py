"""Every UI string is translated in the context Qt will look it up in (issue 18 item 10).

``self.tr("…")`` inside class ``C`` is looked up under context ``C`` (PySide6 also tries ``C``'s base
classes); ``QCoreApplication.translate("X", "…")`` under ``X``.  A string that lupdate filed under
another context shows in English at run time even though the .ts "has" it.  The run-time walk in
test_ui_runtime_swedish.py sees only what its screens show; this reads every call in ui/."""

from __future__ import annotations

import ast
import xml.etree.ElementTree as ET
from pathlib import Path

from injurydoc.resources import resource_path

UI = Path(__file__).resolve().parents[1] / "src" / "injurydoc" / "ui"


def _catalogue() -> dict[str, set[str]]:
    root = ET.parse(resource_path("translations", "injurydoc_sv.ts")).getroot()
    out: dict[str, set[str]] = {}
    for ctx in root.iter("context"):
        for m in ctx.iter("message"):
            tr = m.find("translation")
            if (
                tr is not None
                and tr.get("type") not in ("unfinished", "obsolete", "vanished")
                and (tr.text or "").strip()
            ):
                out.setdefault(ctx.findtext("name") or "", set()).add(m.findtext("source") or "")
    return out


def _lookups() -> list[tuple[str, str, str]]:
    """(where, context, source) for each literal tr/translate call in ui/."""
    found = []
    for path in sorted(UI.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
            for node in ast.walk(cls):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args):
                    continue
                args = node.args
                where = f"{path.name}:{node.lineno}"
                if (
                    node.func.attr == "tr"
                    and isinstance(args[0], ast.Constant)
                    and isinstance(args[0].value, str)
                ):
                    found.append((where, cls.name, args[0].value))
                if (
                    node.func.attr == "translate"
                    and len(args) >= 2
                    and isinstance(args[0], ast.Constant)
                    and isinstance(args[1], ast.Constant)
                ):
                    found.append((where, str(args[0].value), str(args[1].value)))
    return found


def test_every_ui_string_is_translated_in_its_own_context() -> None:
    catalogue, lookups = _catalogue(), _lookups()
    assert len(lookups) > 500, "the scan finds the calls"
    wrong = [
        f"{where}: {source!r} not translated in context {ctx} "
        f"(is in {sorted(c for c, s in catalogue.items() if source in s)})"
        for where, ctx, source in lookups
        if source not in catalogue.get(ctx, set())
    ]
    assert not wrong
