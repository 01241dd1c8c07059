"""Python sources parsed for the static tests (tests/test_code_rules.py, tests/test_texts.py).

Each file is parsed and walked once, and its nodes are kept in a list that every rule reads (a walk of
the whole package per rule cost seconds).  :func:`sources` yields the files one at a time so that a tree
is dropped as soon as its findings are taken: keeping every tree of the package and the tests alive
(≈ 600,000 nodes) made the garbage collector go through them again and again, twice the parse itself.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple


class Source(NamedTuple):
    """One parsed file: its path (as the rules name it), tree, text and every node of the tree."""

    rel: str
    tree: ast.Module
    text: str
    nodes: tuple[ast.AST, ...]


def source(rel: str, text: str) -> Source:
    tree = ast.parse(text)
    return Source(rel, tree, text, tuple(ast.walk(tree)))


def sources(folder: Path, relative_to: Path) -> Iterator[Source]:
    """Every ``*.py`` under ``folder`` in sorted order, named relative to ``relative_to``."""
    for path in sorted(folder.rglob("*.py")):
        yield source(path.relative_to(relative_to).as_posix(), path.read_text(encoding="utf-8"))
