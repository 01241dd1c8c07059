"""The text catalogue (domain/texts.py): both languages complete; every key the code asks for exists."""

from __future__ import annotations

import ast
import json
import re
import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

from injurydoc.domain import rules
from injurydoc.domain.texts import SAME_IN_BOTH, TEXTS, template, text
from injurydoc.domain.vocab import LegalBasis
from injurydoc.export.verdict import CHECKS
from injurydoc.server.errors import ServerError
from injurydoc.services.legal_basis import requirement
from injurydoc.services.unit_connection import UnitError
from injurydoc.services.unit_status import SYNC_CODES
from injurydoc.training.exercise import EXERCISE_CODES, ExerciseError
from injurydoc.training.feedback_text import GENERIC_CODES, POINT_CODES, point_texts
from tests.helpers.sources import Source, sources

SRC = Path(__file__).resolve().parents[1] / "src" / "injurydoc"
AREAS = (
    "exam_report",
    "class",
    "stats",
    "log",
    "cli",
    "verdict",
    "signature",
    "audit_chain",
    "app",
    "server_error",
    "exercise_file",
    "setup",
    "feedback",
    "legal_basis",
    "checklist",
    "sync_error",
    "unit_error",
    "unit_file",
)
KEY = re.compile(rf"^(?:{'|'.join(AREAS)})\.[a-z0-9_.]+$")


def _fields(s: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(s) if f is not None and f != ""}


def _keys_in(module: Source) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(file, key) for each literal catalogue key passed to a call, and (file, prefix) for f-string keys."""
    literal: set[tuple[str, str]] = set()
    prefixes: set[tuple[str, str]] = set()
    name = Path(module.rel).name
    for node in module.nodes:
        if not isinstance(node, ast.Call):
            continue
        for arg in node.args:
            candidates = [arg]
            if isinstance(arg, ast.IfExp):
                candidates = [arg.body, arg.orelse]
            for c in candidates:
                if isinstance(c, ast.Constant) and isinstance(c.value, str) and KEY.match(c.value):
                    literal.add((name, c.value))
                elif isinstance(c, ast.JoinedStr) and c.values:
                    head = c.values[0]
                    if (
                        isinstance(head, ast.Constant)
                        and isinstance(head.value, str)
                        and re.match(rf"^(?:{'|'.join(AREAS)})\.", head.value)
                    ):
                        prefixes.add((name, head.value))
    return literal, prefixes


def _findings() -> bytes:
    """What the scans below find in the package, each file parsed once (tests/helpers/sources.py); as
    JSON, for ``made_once``: one xdist worker parses, the other reads."""
    literal: set[tuple[str, str]] = set()
    prefixes: set[tuple[str, str]] = set()
    error_codes: set[tuple[str, str, str]] = set()
    choices: list[str] = []
    tables: dict[str, list[int]] = {}
    for module in sources(SRC, SRC):
        keys, heads = _keys_in(module)
        literal |= keys
        prefixes |= heads
        error_codes |= _error_codes_in(module)
        if Path(module.rel).parent.name == "handout":  # the patient handout: many languages, its own tables
            continue
        choices += _language_choices_in(module)
        lines = _local_tables(module.tree, module.nodes)
        if lines:
            tables[module.rel] = lines
    found = {
        "literal": sorted(literal),
        "prefixes": sorted(prefixes),
        "error_codes": sorted(error_codes),
        "language_choices": choices,
        "tables": tables,
    }
    return json.dumps(found).encode()


@dataclass(frozen=True)
class Findings:
    literal: set[tuple[str, str]]  # (file, key) of each literal key passed to a call (_keys_in)
    prefixes: set[tuple[str, str]]  # (file, prefix) of each f-string key (_keys_in)
    error_codes: set[tuple[str, str, str]]  # (file, class, key) (_error_codes_in)
    language_choices: list[str]  # outside handout/ (_language_choices_in)
    tables: dict[str, list[int]]  # file -> lines, outside handout/ (_local_tables)


@pytest.fixture(scope="module")
def found(made_once: Callable[[Callable[[], bytes]], bytes]) -> Findings:
    """The findings of this run, made once (by this worker or the other)."""
    f = json.loads(made_once(_findings))
    return Findings(
        literal={(a, b) for a, b in f["literal"]},
        prefixes={(a, b) for a, b in f["prefixes"]},
        error_codes={(a, b, c) for a, b, c in f["error_codes"]},
        language_choices=f["language_choices"],
        tables=f["tables"],
    )


def test_every_key_used_in_the_code_exists(found: Findings) -> None:
    literal, prefixes = found.literal, found.prefixes
    assert len(literal) > 150, "the scan finds the calls (if this fails, the scan is broken, not the code)"
    missing = sorted(f"{f}: {k}" for f, k in literal if k not in TEXTS)
    assert not missing
    dead_prefix = sorted(f"{f}: {p}" for f, p in prefixes if not any(k.startswith(p) for k in TEXTS))
    assert not dead_prefix


def test_every_verifier_check_has_a_label() -> None:
    assert [c for c in CHECKS if f"verdict.check.{c}" not in TEXTS] == []


#: Error classes whose code ``<prefix>.<name>`` is worded in the catalogue as ``<area>.<name>``.
ERROR_AREAS = {
    "ServerError": ("server.", "server_error."),
    "ExerciseError": ("exercise.", "exercise_file."),
    "UnitError": ("unit.", "unit_error."),
}


def _error_codes_in(module: Source) -> set[tuple[str, str, str]]:
    """(file, class, key) for each literal code passed to ServerError(...), ExerciseError(...) or
    UnitError(...)."""
    found = set()
    for node in module.nodes:
        if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        if name in ERROR_AREAS and isinstance(node.args[0].value, str):
            prefix, area = ERROR_AREAS[name]
            found.add((Path(module.rel).name, name, area + node.args[0].value.removeprefix(prefix)))
    return found


def test_every_error_code_used_in_the_code_is_worded(found: Findings) -> None:
    used = found.error_codes
    assert len(used) > 20, "the scan finds the calls (if this fails, the scan is broken, not the code)"
    assert sorted(f"{f}: {cls} -> {key}" for f, cls, key in used if key not in TEXTS) == []
    # and each class refuses a code it has no words for (a typo is a bug, not an empty message)
    for cls in (ServerError, ExerciseError, UnitError):
        with pytest.raises(KeyError):
            cls("server.no_such_code")
    assert {cls for _f, cls, _k in used} == set(ERROR_AREAS), "the scan finds each class's calls"


def test_every_sync_attention_code_is_worded_and_nothing_else_is() -> None:
    """The sync's own codes (``sync.<name>``, services/unit_status.py) have words as ``sync_error.<name>``."""
    worded = {"sync." + k.split(".", 1)[1] for k in TEXTS if k.startswith("sync_error.")}
    assert worded == SYNC_CODES


def test_every_code_with_words_elsewhere_has_them_in_both_languages(found: Findings) -> None:
    """Keys built at run time (f"feedback.{code}.title", f"legal_basis.{code}", f"checklist.{code}.why")
    exist for every code, and no such key is left without its code."""
    assert len(EXERCISE_CODES) >= 12
    worded = {"exercise." + k.split(".", 1)[1] for k in TEXTS if k.startswith("exercise_file.")}
    assert worded == EXERCISE_CODES
    wanted = (
        [f"feedback.{c}.title" for c in POINT_CODES]
        + [f"feedback.{c}.why" for c in POINT_CODES]
        + [f"feedback.{c}.generic" for c in GENERIC_CODES]
        + [f"legal_basis.{b.code}" for b in LegalBasis]
        + [f"checklist.{c}.{part}" for c in rules.CODES for part in ("title", "why")]
    )
    assert sorted(k for k in wanted if k not in TEXTS) == []
    literal = {key for _file, key in found.literal}
    built = {k for k in TEXTS if k.startswith(("feedback.", "legal_basis.", "checklist."))} - literal
    assert built == set(wanted), "a key no code asks for (a code dropped from POINT_CODES/GENERIC_CODES?)"
    for lang in ("sv", "en"):
        assert {requirement(b, lang) for b in LegalBasis} <= {pair[lang == "en"] for pair in TEXTS.values()}
    assert point_texts("size")[1] == "Injury {n} has a plausible size"


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_both_languages_filled_with_the_same_placeholders(key: str) -> None:
    sv, en = TEXTS[key]
    assert sv.strip() and en.strip(), f"{key}: empty text"
    assert KEY.match(key), f"{key}: keys are area.name with a known area"
    assert _fields(sv) == _fields(en), f"{key}: placeholders differ"
    if key in SAME_IN_BOTH:
        assert sv == en, (
            f"{key} is allowed to be the same in both languages but is not: drop it from SAME_IN_BOTH"
        )
    else:
        assert sv != en, f"{key}: the English is the Swedish (translate it, or add it to SAME_IN_BOTH)"


def test_allow_list_only_names_real_keys() -> None:
    assert TEXTS.keys() >= SAME_IN_BOTH


def test_text_chooses_the_language_and_fills_placeholders() -> None:
    assert text("exam_report.page", "sv", page=2, pages=5) == "Sida 2 av 5"
    assert text("exam_report.page", "en", page=2, pages=5) == "Page 2 of 5"
    assert template("class.page", "en") == "Page {page} of {pages}"
    with pytest.raises(KeyError):
        text("exam_report.no_such_text", "sv")
    with pytest.raises(KeyError):
        text("exam_report.page", "sv")  # a placeholder left unfilled is a bug, not a half-made sentence


def test_no_inline_language_choice_or_local_t_left() -> None:
    """Strings choose their language in the catalogue only: no ``... if sv else ...``, no local ``t()``."""
    offenders = []
    for path in SRC.rglob("*.py"):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.search(r"""["'] if sv else ["']""", line) or re.match(r"def _?t\(", line):
                offenders.append(f"{path.relative_to(SRC)}:{n}: {line.strip()}")
    assert not offenders


def _is_code(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value in ("sv", "en")


def _language_choice(node: ast.IfExp) -> bool:
    """``"text" if lang == "sv" else "text"`` (or ``[0 if sv else 1]`` into a local table): a sentence
    chosen by language outside the catalogue.  Language codes and field names (``"sv-SE"``, ``"reason_en"``)
    may still be chosen so."""
    on_language = any(
        (isinstance(n, ast.Name) and n.id == "sv")
        or (isinstance(n, ast.Compare) and any(_is_code(c) for c in (n.left, *n.comparators)))
        for n in ast.walk(node.test)
    )
    if not on_language:
        return False
    branches = (node.body, node.orelse)
    if all(
        isinstance(b, ast.Constant) and b.value in (0, 1) and not isinstance(b.value, bool) for b in branches
    ):
        return True
    for b in branches:
        words = ""
        if isinstance(b, ast.Constant) and isinstance(b.value, str):
            words = b.value
        elif isinstance(b, ast.JoinedStr):
            words = "".join(
                v.value for v in b.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
            )
        if re.search(r"\s|[^\x00-\x7f]", words):
            return True
    return False


def _language_choices_in(module: Source) -> list[str]:
    return [
        f"{module.rel}:{node.lineno}: {ast.unparse(node)[:90]}"
        for node in module.nodes
        if isinstance(node, ast.IfExp) and _language_choice(node)
    ]


def test_no_sentence_chosen_by_language_outside_the_catalogue(found: Findings) -> None:
    """The AST form of the rule above: any conditional that picks a sentence by language, however it is
    spelt (``lang == "sv"``, ``cli.lang == "en"``, ``sv``), or an index into a local sv/en table (outside
    handout/, the patient handout: many languages, its own tables (docs))."""
    offenders = found.language_choices
    assert not offenders


def test_the_language_choice_rule_catches_each_spelling() -> None:
    caught = [
        '"rad " if lang == "sv" else "row "',
        'f"Foton: {n}" if cli.lang == "sv" else f"Photos: {n}"',
        '"Protected person" if lang == "en" else name',
        "table[key][0 if sv else 1]",
    ]
    allowed = [
        '"sv-SE" if lang == "sv" else "en-GB"',
        '"reason" if lang == "sv" else "reason_en"',
        "a if b else c",
    ]
    for source, expected in [(c, True) for c in caught] + [(a, False) for a in allowed]:
        nodes = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.IfExp)]
        assert [_language_choice(n) for n in nodes] == [expected], source


#: Files that may still hold a table of Swedish/English sentences of their own, and why.  Only shrinks.
OWN_TABLES = {
    "domain/texts.py": "the catalogue itself",
    "domain/errors.py": "the error catalogue (MESSAGES, one per error code; tests/test_catalogue.py)",
}


def _words(node: ast.expr) -> str | None:
    """The text of a string however it is spelt (a literal, an f-string's fixed parts, ``a + b``), else
    None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _words(node.left), _words(node.right)
        return None if left is None or right is None else left + right
    return None


def _pair_of_words(node: ast.expr) -> list[str] | None:
    """The strings of a tuple of two or more strings (``("sv", "en")``, or tuples joined with ``+``)."""
    words = _one_tuple(node)
    return words if words is not None and len(words) >= 2 else None


def _one_tuple(node: ast.expr) -> list[str] | None:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _one_tuple(node.left), _one_tuple(node.right)
        return None if left is None or right is None else left + right
    if not isinstance(node, ast.Tuple):
        return None
    words = [_words(e) for e in node.elts]
    return None if any(w is None for w in words) else words  # type: ignore[return-value]


def _table_values(node: ast.AST) -> list[ast.expr] | None:
    """The values of a dict however it is built: a literal (its ``**`` parts left aside), ``dict(k=v)``,
    or either joined to another with ``|``; None when ``node`` builds no dict."""
    if isinstance(node, ast.Dict):
        return [v for k, v in zip(node.keys, node.values, strict=True) if k is not None]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict":
        values = [kw.value for kw in node.keywords if kw.arg is not None]
        for arg in node.args:
            values += _table_values(arg) or []
        return values
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        left, right = _table_values(node.left), _table_values(node.right)
        return None if left is None and right is None else (left or []) + (right or [])
    return None


def _local_tables(tree: ast.AST, nodes: Iterable[ast.AST] | None = None) -> list[int]:
    """Line of each dict whose values are all tuples of strings, some of them Swedish: a table of
    sentences in both languages (``{"code": ("Svensk text", "English text")}``), however the dict, its
    tuples or its strings are put together (``|``, ``dict(...)``, ``**``, ``+``, f-strings).  ``nodes``:
    the tree's nodes in ``ast.walk`` order, when they are at hand."""
    lines = []
    inner: set[int] = set()  # the parts of a dict built with ``|``: the whole is reported, once
    for node in ast.walk(tree) if nodes is None else nodes:
        if id(node) in inner:
            continue
        values = _table_values(node)
        if isinstance(node, ast.BinOp) and values is not None:
            inner |= {id(n) for n in ast.walk(node) if n is not node}
        if not values:
            continue
        pairs = [_pair_of_words(v) for v in values]
        if all(p is not None for p in pairs):
            words = " ".join(w for p in pairs for w in p)  # type: ignore[union-attr]
            if re.search("[åäöÅÄÖ]", words):
                lines.append(node.lineno)
    return lines


def test_no_table_of_sentences_outside_the_catalogue(found: Findings) -> None:
    tables = found.tables  # outside handout/, the patient handout: many languages, its own tables (docs)
    new = sorted(f"{rel}:{lines}" for rel, lines in tables.items() if rel not in OWN_TABLES)
    assert not new, "move these sentences into domain/texts.py (docs/architecture.md, 'To add a text')"
    gone = sorted(set(OWN_TABLES) - set(tables))
    assert not gone, f"no table left: take these off OWN_TABLES: {gone}"


def test_the_table_rule_catches_a_table() -> None:
    caught = 'M = {"x.a": ("Välj en mapp.", "Choose a folder."), "x.b": ("Hej", "Hello")}'
    four = 'T = {"size": ("Skada {n} har en rimlig storlek", "Injury {n}", "Mät.", "Measure.")}'
    allowed = [
        'D = {"a": ("sv-SE", "en-GB")}',
        'D = {"a": "Välj", "b": "Hej"}',
        "D = {}",
        'D = BASE | {"a": 1}',
        'D = {**BASE, "a": ("Välj", 2)}',
        'D = dict(a="Välj", b="Hej")',
    ]
    assert _local_tables(ast.parse('D = {"x.a": ("Välj en mapp.", "Choose.")} + OTHER')) == [1]
    assert _local_tables(ast.parse(caught)) == [1]
    assert _local_tables(ast.parse(four)) == [1]
    built = [  # the same table, put together with | , dict(), **, + or f-strings
        'M = {"x.a": ("Välj en mapp.", "Choose a folder.")} | {"x.b": ("Hej", "Hello")}',
        'M = BASE | {"x.a": ("Välj en mapp.", "Choose a folder.")}',
        'M = {**BASE, "x.a": ("Välj en mapp.", "Choose a folder.")}',
        'M = dict(a=("Välj en mapp.", "Choose a folder."))',
        'M = dict(BASE) | dict(a=("Välj en mapp.", "Choose a folder."))',
        'M = {"x.a": ("Välj " + "en mapp.", "Choose " + "a folder.")}',
        'M = {"x.a": ("Välj en mapp.",) + ("Choose a folder.",)}',
        'M = {"x.a": (f"Välj {n} mappar.", f"Choose {n} folders.")}',
    ]
    for source in built:
        assert _local_tables(ast.parse(source)) == [1], source
    for source in allowed:
        assert _local_tables(ast.parse(source)) == [], source
