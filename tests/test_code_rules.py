"""Rules about how modules use each other that ruff and import-linter do not check.

- No private name (``_x``) is imported from another module: what a module shares it names publicly.
  The tests and benchmarks are held to it too: they neither import a private name of the program nor
  read one through a module, class or function they imported (``gps._Tiff``, ``Session._sign``).
- No private attribute is read on anything but ``self``/``cls``: a widget does not reach into another's
  insides (the examination editor's panels talk through signals).
- Nor in the tests: a test reads, calls or replaces no private attribute of the program's objects
  (``ed._add_contact()``, ``session.vault._data_key``, ``svc._photos = die``) but clicks, finds a widget by
  objectName or uses a public method; the raw state an insider test needs is read in
  ``tests/helpers/insider.py`` only.  A fault is injected through a public seam (a parameter such as
  ``cancelled``, a signal, a public module function), never by replacing a private method.
- Nor by name: no private name is given as a string (``monkeypatch.setattr(X, "_name", ...)``,
  ``getattr(x, "_name")``, ``mock.patch("injurydoc.a._b")``, ``vars(x)["_name"]``) in the tests or
  benchmarks, except the few of Python or a library listed in ``ALLOWED_PRIVATE_STRINGS``.
- No ``# noqa: E402``: imports stand at the top of the module.
- No function over 60 lines: one that does several things is broken into parts named for what they do.
  The ones left are listed in ``LONG_FUNCTIONS`` (a list that only shrinks: an entry that is no longer
  long fails too, so that it is taken off).

A name shared between modules is public where it is defined and is used under that name: importing it
under a private alias (``from .x import name as _name``) counts as importing a private name.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.sources import Source, source, sources

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "injurydoc"

#: (file, attribute): private attributes read on purpose on something other than self
ALLOWED_ATTRIBUTES = {
    ("domain/vocab.py", "_value_"),  # an Enum's __new__ fills in the member it creates
    ("domain/vocab.py", "_label_sv"),
    ("domain/vocab.py", "_label_en"),
    ("media/gps.py", "_ifds"),  # Pillow keeps the GPS IFD there; no public way to drop it from the EXIF
    ("store/vault.py", "_load"),  # the class's own constructors
    ("store/vault.py", "_open_db"),
}


#: (file, name): private names of Python or a library that a test or benchmark names as a string on purpose
ALLOWED_PRIVATE_STRINGS = {
    ("tests/test_about.py", "_MEIPASS"),  # PyInstaller's sys._MEIPASS: the bundle's folder, set and removed
}

MAX_FUNCTION_LINES = 60

#: (file, function): functions over MAX_FUNCTION_LINES lines, still to be broken up (issue 13).  Only shrinks.
#: Each entry says why it is still here.
LONG_FUNCTIONS: set[tuple[str, str]] = set()  # empty: every function is under the limit


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


Module = Source


def _private_imports(modules: list[Module]) -> set[tuple[str, str]]:
    found = set()
    for rel, _tree, _text, nodes in modules:
        for node in nodes:
            if not isinstance(node, ast.ImportFrom):
                continue
            if node.level or (node.module or "").startswith("injurydoc"):
                found |= {(rel, a.name) for a in node.names if _private(a.name)}
                # a shared name renamed private on import hides that it is shared: kept under its own name
                found |= {
                    (rel, f"{a.name} as {a.asname}") for a in node.names if a.asname and _private(a.asname)
                }
    return found


def _private_reads(modules: list[Module]) -> set[tuple[str, str, str]]:
    found = set()
    for rel, _tree, _text, nodes in modules:
        for node in nodes:
            if isinstance(node, ast.Attribute) and _private(node.attr):
                receiver = ast.unparse(node.value)
                if receiver not in ("self", "cls", "super()") and (rel, node.attr) not in ALLOWED_ATTRIBUTES:
                    found.add((rel, node.attr, receiver))
    return found


def _program_names(nodes: tuple[ast.AST, ...]) -> set[str]:
    """Local names bound to the program's modules, classes or functions by an import anywhere in the
    file (``from injurydoc.media import gps``, ``import injurydoc.store.lockout as lockout``)."""
    names = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "injurydoc":
            names |= {a.asname or a.name for a in node.names}
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] == "injurydoc":
                    names.add(a.asname or a.name.split(".")[0])
    return names


def _private_reads_of_the_program(modules: list[Module]) -> set[tuple[str, str, str]]:
    """(file, name, receiver) of each private name read through something imported from the program
    (``gps._Tiff``, ``injurydoc.media.gps._Tiff``, ``Session._sign``): for tests and benchmarks, which may
    read their own objects' insides but not the program's modules'."""
    found = set()
    for rel, _tree, _text, nodes in modules:
        imported = _program_names(nodes)
        for node in nodes:
            if isinstance(node, ast.Attribute) and _private(node.attr):
                receiver = ast.unparse(node.value)
                if receiver.split(".")[0] in imported and "(" not in receiver:
                    found.add((rel, node.attr, receiver))
    return found


def _program_attributes(modules: list[Module]) -> set[str]:
    """The private attribute and method names the program's classes define or keep on ``self``/``cls``
    (``_data_key``, ``_add_contact``, ``_apply_links``)."""
    names = set()
    for _rel, _tree, _text, nodes in modules:
        for node in nodes:
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and _private(item.name):
                        names.add(item.name)
                    targets = item.targets if isinstance(item, ast.Assign) else []
                    if isinstance(item, ast.AnnAssign):
                        targets = [item.target]
                    names |= {t.id for t in targets if isinstance(t, ast.Name) and _private(t.id)}
            elif (
                isinstance(node, ast.Attribute)
                and _private(node.attr)
                and isinstance(node.value, ast.Name)
                and node.value.id in ("self", "cls")
            ):
                names.add(node.attr)
    return names


#: Test modules that read the program's raw state on purpose, for the other tests (the insider's door).
INSIDER_HELPERS = {"tests/helpers/insider.py"}


def _private_attributes_read_in_tests(modules: list[Module], program: set[str]) -> set[tuple[str, str, str]]:
    """(file, attribute, receiver) of each private attribute of the program's objects that a test reads,
    calls or replaces on anything but ``self``/``cls`` (``ed._add_contact()``, ``session.vault._data_key``,
    ``w._open_in_editor = opened.append``): a test does what a user or the public API does.  The tests'
    own helper objects keep their private names (a name no class of the program has); the insider's raw
    reads go through INSIDER_HELPERS."""
    found = set()
    for rel, _tree, _text, nodes in modules:
        if rel in INSIDER_HELPERS:
            continue
        for node in nodes:
            if (
                isinstance(node, ast.Attribute)  # read, called, replaced (``x._name = ...``) or deleted
                and node.attr in program
                and ast.unparse(node.value) not in ("self", "cls", "super()")
            ):
                found.add((rel, node.attr, ast.unparse(node.value)))
    return found


def _private_string(value: object) -> bool:
    """``"_name"`` (a private identifier) or ``"injurydoc.a._b"`` (a dotted path through a private name)."""
    if not isinstance(value, str):
        return False
    if value.isidentifier():
        return _private(value) and len(value) > 1 and value[1] != "_"
    parts = value.split(".")
    return parts[0] == "injurydoc" and all(p.isidentifier() for p in parts) and any(map(_private, parts))


def _private_names_as_strings(
    modules: list[Module], allowed: set[tuple[str, str]] = ALLOWED_PRIVATE_STRINGS
) -> set[tuple[str, str, str]]:
    """(file, name, where) of each private name given as a string to a call (``setattr(obj, "_name", v)``,
    ``monkeypatch.setattr(X, "_name", v)``, ``getattr(x, "_name")``, ``mock.patch("injurydoc.a._b")``) or as
    a subscript (``vars(obj)["_name"]``, ``obj.__dict__["_name"]``): the attribute syntax's rules, dodged."""
    found = set()
    for rel, _tree, _text, nodes in modules:
        if rel in INSIDER_HELPERS:
            continue
        for node in nodes:
            if isinstance(node, ast.Call):
                values, called = [*node.args, *(k.value for k in node.keywords)], node.func
            elif isinstance(node, ast.Subscript):
                values, called = [node.slice], node.value
            else:
                continue
            names = {str(v.value) for v in values if isinstance(v, ast.Constant) and _private_string(v.value)}
            names = {name for name in names if (rel, name) not in allowed}
            if names:  # the call or subscript written out only for a finding (it is most of the cost)
                where = ast.unparse(called)
                found |= {(rel, name, where) for name in names}
    return found


def _late_imports(modules: list[Module]) -> set[str]:
    return {rel for rel, _tree, text, _nodes in modules if "noqa: E402" in text}


def _long_functions(modules: list[Module]) -> dict[tuple[str, str], int]:
    """(file, qualified name) -> lines, of every function or method longer than MAX_FUNCTION_LINES."""
    found: dict[tuple[str, str], int] = {}

    def visit(rel: str, node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = prefix + child.name
                lines = (child.end_lineno or child.lineno) - child.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    found[(rel, name)] = lines
                visit(rel, child, name + ".")
            elif isinstance(child, ast.ClassDef):
                visit(rel, child, prefix + child.name + ".")
            else:
                visit(rel, child, prefix)

    def long(node: ast.AST) -> bool:
        return isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and (
            (node.end_lineno or node.lineno) - node.lineno + 1 > MAX_FUNCTION_LINES
        )

    for rel, tree, _text, nodes in modules:
        if any(map(long, nodes)):  # the walk that names them only where there is one to name
            visit(rel, tree, "")
    return found


@dataclass(frozen=True)
class Findings:
    """What the rules find in the package (``src``) and in the tests and benchmarks (``tests``)."""

    long_functions: set[tuple[str, str, int]]  # _long_functions(src), as (file, name, lines)
    private_imports: set[tuple[str, str]]  # _private_imports(src)
    private_reads: set[tuple[str, str, str]]  # _private_reads(src)
    late_imports: set[str]  # _late_imports(src)
    tests_private_imports: set[tuple[str, str]]  # _private_imports(tests)
    tests_private_reads: set[tuple[str, str, str]]  # _private_reads_of_the_program(tests)
    tests_private_attributes: set[tuple[str, str, str]]  # ..._read_in_tests(tests/ only, program attrs)
    tests_private_strings: set[tuple[str, str, str]]  # _private_names_as_strings(tests)
    tests_private_strings_used: set[tuple[str, str, str]]  # the same with nothing allowed


Rule = Callable[[list[Module]], set[Any]]


def _gather(found: dict[str, set[Any]], module: Module, rules: dict[str, Rule]) -> None:
    """Run each rule on the one module and add what it finds (every rule reads the modules one by one)."""
    for name, rule in rules.items():
        found[name] |= rule([module])


def _findings() -> bytes:
    """Every rule run on every module, each file parsed once and dropped when its findings are taken
    (tests/helpers/sources.py); as JSON, for ``made_once``: one xdist worker parses, the other reads."""
    src_rules: dict[str, Rule] = {
        "long_functions": lambda m: {(rel, name, n) for (rel, name), n in _long_functions(m).items()},
        "private_imports": _private_imports,
        "private_reads": _private_reads,
        "late_imports": _late_imports,
        "program": _program_attributes,
    }
    found: dict[str, set[Any]] = {name: set() for name in src_rules}
    for module in sources(SRC, SRC):
        _gather(found, module, src_rules)
    program = found.pop("program")
    test_rules: dict[str, Rule] = {
        "tests_private_imports": _private_imports,
        "tests_private_reads": _private_reads_of_the_program,
        "tests_private_attributes": lambda m: _private_attributes_read_in_tests(
            [t for t in m if t.rel.startswith("tests/")], program
        ),
        "tests_private_strings": _private_names_as_strings,
        "tests_private_strings_used": lambda m: _private_names_as_strings(m, allowed=set()),
    }
    found |= {name: set() for name in test_rules}
    for folder in ("tests", "benchmarks"):
        for module in sources(ROOT / folder, ROOT):
            _gather(found, module, test_rules)
    return json.dumps({name: sorted(items) for name, items in found.items()}).encode()


@pytest.fixture(scope="module")
def found(made_once: Callable[[Callable[[], bytes]], bytes]) -> Findings:
    """The findings of this run, made once (by this worker or the other)."""
    as_json: dict[str, list[Any]] = json.loads(made_once(_findings))
    # JSON keeps a tuple as a list: back to the rules' own sets of tuples (or of strings)
    values: dict[str, Any] = {
        name: {tuple(i) if isinstance(i, list) else i for i in items} for name, items in as_json.items()
    }
    return Findings(**values)


def test_no_function_is_longer_than_60_lines(found: Findings) -> None:
    long = {(rel, name): lines for rel, name, lines in found.long_functions}
    new = {f"{rel}:{name} ({long[(rel, name)]} lines)" for rel, name in set(long) - LONG_FUNCTIONS}
    assert not new, f"break these into parts named for what they do: {sorted(new)}"
    shorter = LONG_FUNCTIONS - set(long)
    assert not shorter, (
        f"no longer over {MAX_FUNCTION_LINES} lines (or gone): take off LONG_FUNCTIONS: {shorter}"
    )


def test_no_private_name_is_imported_from_another_module(found: Findings) -> None:
    assert found.private_imports == set()


def test_no_private_attribute_is_read_across_objects(found: Findings) -> None:
    assert found.private_reads == set()


def test_tests_and_benchmarks_use_no_private_name_of_the_program(found: Findings) -> None:
    assert found.tests_private_imports == set()
    assert found.tests_private_reads == set()


def test_tests_read_no_private_attribute_of_the_programs_objects(found: Findings) -> None:
    assert found.tests_private_attributes == set()


def test_tests_and_benchmarks_name_no_private_attribute_in_a_string(found: Findings) -> None:
    assert found.tests_private_strings == set()
    used = {(rel, name) for rel, name, _where in found.tests_private_strings_used}
    assert used >= ALLOWED_PRIVATE_STRINGS, "no longer named there: take off ALLOWED_PRIVATE_STRINGS"


def test_no_import_below_the_top_of_a_module(found: Findings) -> None:
    assert found.late_imports == set()


def test_the_rules_see_what_they_forbid() -> None:
    """The checks above, run on a crafted module, find each kind of breach."""
    text = (
        "from injurydoc.ui.exam_editor import ExamEditor, _loaded\n"
        "from injurydoc.ui.bodymap_items import clamp as _clamp\n"
        "def f(editor: ExamEditor) -> None:\n"
        "    editor.review._refresh()\n"
        "    self._fine = 1\n"
        "import os  # noqa: E402\n"
    )
    crafted = [source("ui/crafted.py", text)]
    assert _private_imports(crafted) == {("ui/crafted.py", "_loaded"), ("ui/crafted.py", "clamp as _clamp")}
    assert _private_reads(crafted) == {("ui/crafted.py", "_refresh", "editor.review")}
    assert _late_imports(crafted) == {"ui/crafted.py"}
    text = (
        "import injurydoc.store.lockout as lockout\n"
        "import injurydoc.media.derivatives\n"
        "from injurydoc.media import gps\n"
        "from injurydoc.services.session import Session\n"
        "from tests.helpers import insider\n"
        "def test_x(editor) -> None:\n"
        "    from injurydoc.store import protected as prot\n"
        "    gps._Tiff(b'')\n"
        "    lockout._key('s', 'u')\n"
        "    injurydoc.media.derivatives._target(1, 2, 3)\n"
        "    Session._sign_checkpoint = None\n"
        "    prot._wrap_context('s', 'p', 'h', 1)\n"
        "    editor._fine(), insider._own_helper, gps.Tiff(b'')._fine\n"
    )
    crafted = [source("tests/test_crafted.py", text)]
    assert _private_reads_of_the_program(crafted) == {
        ("tests/test_crafted.py", "_Tiff", "gps"),
        ("tests/test_crafted.py", "_key", "lockout"),
        ("tests/test_crafted.py", "_target", "injurydoc.media.derivatives"),
        ("tests/test_crafted.py", "_sign_checkpoint", "Session"),
        ("tests/test_crafted.py", "_wrap_context", "prot"),
    }
    program_text = (
        "class Vault:\n"
        "    _cache: dict = {}\n"
        "    def __init__(self) -> None:\n"
        "        self._data_key = b''\n"
        "    def _add_contact(self) -> None:\n"
        "        pass\n"
    )
    program = _program_attributes([source("store/crafted.py", program_text)])
    assert program == {"_cache", "_data_key", "_add_contact"}
    text = (
        "class Fake:\n"
        "    def __init__(self) -> None:\n"
        "        self._calls = []\n"
        "        self._data_key = b''\n"
        "def test_x(session, ed, fake) -> None:\n"
        "    assert session.vault._data_key is None\n"
        "    ed._add_contact()\n"
        "    Vault._cache.clear()\n"
        "    fake._calls.append(1)\n"
        "    ed.photos._apply_links = None\n"
        "    svc._add_contact = fake.die\n"
        "    del session._data_key\n"
    )
    crafted = [source("tests/test_crafted.py", text)]
    assert _private_attributes_read_in_tests(crafted, program) == {
        ("tests/test_crafted.py", "_data_key", "session.vault"),
        ("tests/test_crafted.py", "_add_contact", "ed"),
        ("tests/test_crafted.py", "_cache", "Vault"),
        ("tests/test_crafted.py", "_add_contact", "svc"),
        ("tests/test_crafted.py", "_data_key", "session"),
    }
    insider = [source("tests/helpers/insider.py", text)]
    assert _private_attributes_read_in_tests(insider, program) == set()
    text = (
        "def test_x(monkeypatch, svc, ex_mod, fake) -> None:\n"
        "    monkeypatch.setattr(ExportService, '_photos', fake)\n"
        "    monkeypatch.setattr('injurydoc.training.exercise._check_photo', fake)\n"
        "    monkeypatch.delattr(ex_mod, name='_check_photo')\n"
        "    setattr(svc, '_draft', fake)\n"
        "    getattr(svc, '_store_one')(1)\n"
        "    vars(svc)['_cache'], svc.__dict__['_seen']\n"
        "    mock.patch.object(sys, '_MEIPASS', 'x'), monkeypatch.setattr(sys, '_MEIPASS', 'x')\n"
        "    x.replace(' ', '_'), monkeypatch.setattr(svc, 'public', fake), KdfParams.__init__.__defaults__\n"
        "    monkeypatch.setattr('injurydoc.training.exercise.load', fake), d['__x__'], d['_']\n"
    )
    crafted = [source("tests/test_about.py", text)]
    assert _private_names_as_strings(crafted) == {
        ("tests/test_about.py", "_photos", "monkeypatch.setattr"),
        ("tests/test_about.py", "injurydoc.training.exercise._check_photo", "monkeypatch.setattr"),
        ("tests/test_about.py", "_check_photo", "monkeypatch.delattr"),
        ("tests/test_about.py", "_draft", "setattr"),
        ("tests/test_about.py", "_store_one", "getattr"),
        ("tests/test_about.py", "_cache", "vars(svc)"),
        ("tests/test_about.py", "_seen", "svc.__dict__"),
    }
    assert ("tests/other.py", "_MEIPASS", "monkeypatch.setattr") in _private_names_as_strings(
        [source("tests/other.py", text)]
    )
    body = "".join(f"        x = {i}\n" for i in range(MAX_FUNCTION_LINES))
    text = f"class A:\n    def long(self) -> None:\n{body}    def short(self) -> None:\n        pass\n"
    crafted = [source("ui/crafted.py", text)]
    assert _long_functions(crafted) == {("ui/crafted.py", "A.long"): MAX_FUNCTION_LINES + 1}
