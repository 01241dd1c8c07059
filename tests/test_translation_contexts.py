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


class _Calls(ast.NodeVisitor):
    """Each literal tr/translate call with the context Qt will look it up in, by the class it is in."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.classes: list[str] = []
        self.found: list[tuple[str, str, str]] = []  # (where, context, source)
        self.unknown: list[str] = []  # tr() whose context cannot be known from the code

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def visit_Call(self, node: ast.Call) -> None:
        f, args, where = node.func, node.args, f"{self.name}:{node.lineno}"
        literal = [
            a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None for a in args
        ]
        if isinstance(f, ast.Attribute) and f.attr == "tr" and literal and literal[0] is not None:
            on_self = isinstance(f.value, ast.Name) and f.value.id in ("self", "cls")
            if on_self and self.classes:
                self.found.append((where, self.classes[-1], literal[0]))
            else:
                # `editor.tr(...)`: lupdate files it under the class the call is written in, Qt looks it up
                # under the class of `editor` - the "Add absent finding" mismatch. Use translate("Ctx", ...).
                self.unknown.append(f"{where}: {ast.unparse(node)[:80]}")
        if (
            isinstance(f, ast.Attribute)
            and f.attr == "translate"
            and len(literal) >= 2
            and literal[0] is not None
            and literal[1] is not None
        ):
            self.found.append((where, literal[0], literal[1]))
        self.generic_visit(node)


def _lookups() -> tuple[list[tuple[str, str, str]], list[str]]:
    """(where, context, source) for each literal tr/translate call in ui/, and the tr() calls on another
    object than self (whose context is that object's class, unknown to lupdate)."""
    found: list[tuple[str, str, str]] = []
    unknown: list[str] = []
    for path in sorted(UI.rglob("*.py")):
        calls = _Calls(path.name)
        calls.visit(ast.parse(path.read_text(encoding="utf-8")))
        found += calls.found
        unknown += calls.unknown
    return found, unknown


def test_every_ui_string_is_translated_in_its_own_context() -> None:
    catalogue, (lookups, _unknown) = _catalogue(), _lookups()
    assert len(lookups) > 500, "the scan finds the calls"
    wrong = [
        f"{where}: {source!r} not translated in context {ctx} "
        f"(is in {sorted(c for c, s in catalogue.items() if source in s)})"
        for where, ctx, source in lookups
        if source not in catalogue.get(ctx, set())
    ]
    assert not wrong


def test_no_tr_on_another_object() -> None:
    """``other.tr("…")`` is looked up under ``other``'s class but filed by lupdate under the class the call
    is written in: untranslated at run time although the .ts has it. Use ``QCoreApplication.translate``."""
    _lookups_found, unknown = _lookups()
    assert not unknown
