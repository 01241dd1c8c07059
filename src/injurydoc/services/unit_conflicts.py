"""A draft edited on two workstations while offline, laid out for the examiner to choose: both (or all)
versions side by side, section by section as the editor shows them, and the content of the version that
resolves it.  No Qt.

The versions come from ``services.unit_status.list_conflicts``; their ``content`` is canonical content
(``domain.canonical.canonical_dict``: the registry's fields flat under ``fields``, injuries, consents and
photos as parts), as the services queue it, or — from older versions — the examination as the store
encodes it (field codes as nested keys).  The examiner picks, for each section,
which version to keep; :func:`merged_content` builds the resolving content from those picks.  The
resolving version has the first pick's version as parent and lists every other version in
``supersedes`` (docs/server.md), so the choice stays on record and no version is lost.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final, Protocol

from injurydoc.domain.canonical import CANONICAL_FORMAT
from injurydoc.domain.fields import EXAM_FIELDS, Field, Kind
from injurydoc.domain.texts import text
from injurydoc.domain.vocab import Answer, Lang

__all__ = [
    "OTHER",
    "SECTION_ORDER",
    "ConflictLike",
    "FieldRow",
    "SectionView",
    "merged_content",
    "sections",
]

#: The editor's pages, in its order; "injuries" and "other" after them.
SECTION_ORDER: Final = (
    "account",
    "history",
    "strangulation",
    "absent",
    "assessment",
    "concern",
    "sip",
    "injuries",
)
OTHER: Final = "other"
#: Keys that are bookkeeping of the version, not what the examiner wrote.
_BOOKKEEPING: Final = frozenset({"supersedes", "id", "updated_at", "created_at", "version", "signed"})


class VersionLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def saved_at(self) -> str: ...
    @property
    def content(self) -> dict[str, Any]: ...


class ConflictLike(Protocol):
    @property
    def examination_id(self) -> str: ...
    @property
    def versions(self) -> Sequence[VersionLike]: ...


@dataclass(frozen=True)
class FieldRow:
    label: str
    values: tuple[str, ...]  # one text per version

    @property
    def differs(self) -> bool:
        return len(set(self.values)) > 1


@dataclass(frozen=True)
class SectionView:
    name: str
    rows: tuple[FieldRow, ...]

    @property
    def differs(self) -> bool:
        return any(r.differs for r in self.rows)


#: Top-level parts of canonical content (domain/canonical.py), the content of a version the services
#: queue: the registry's fields are flat under "fields" (dotted codes), the rest are parts of their own.
_CANONICAL_PARTS: Final = frozenset({"consents", "injuries", "photos"})
_CANONICAL_FRAME: Final = frozenset({"format", "kind", "version", "identity", "fields"})


def _canonical(content: dict[str, Any]) -> bool:
    return content.get("format") == CANONICAL_FORMAT and isinstance(content.get("fields"), dict)


def _get(content: dict[str, Any], path: tuple[str, ...]) -> Any:
    if _canonical(content):
        if len(path) == 1 and path[0] in _CANONICAL_PARTS:
            return content.get(path[0])
        return content["fields"].get(".".join(path))
    value: Any = content
    for part in path:
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _set(content: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    if _canonical(content):
        if len(path) == 1 and path[0] in _CANONICAL_PARTS:
            content[path[0]] = value
        else:
            content["fields"][".".join(path)] = value
        return
    target = content
    for part in path[:-1]:
        nxt = target.get(part)
        if not isinstance(nxt, dict):
            nxt = {}
            target[part] = nxt
        target = nxt
    target[path[-1]] = value


def _label_of(field: Field, code: Any, lang: Lang) -> str:
    if field.options is not None:
        try:
            return field.options(code).label(lang)
        except (ValueError, KeyError, TypeError):
            return str(code)
    return str(code)


def _text(field: Field | None, value: Any, lang: Lang) -> str:
    """How a value reads on screen ("–" when empty)."""
    if value is None or value in ("", [], {}):
        return "–"
    if field is not None and field.kind is Kind.BOOL:
        return (Answer.YES if value else Answer.NO).label(lang)
    if field is not None and field.kind is Kind.CHOICE:
        return _label_of(field, value, lang)
    if field is not None and field.kind is Kind.MULTI_CHOICE and isinstance(value, list):
        return ", ".join(_label_of(field, v, lang) for v in value)
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)[:2000]


def _injuries_text(value: Any, lang: Lang) -> str:
    if not isinstance(value, list) or not value:
        return "–"
    from injurydoc.domain.fields import INJURY_FIELDS

    by_code = {f.code: f for f in INJURY_FIELDS}
    lines = []
    for n, injury in enumerate(value, start=1):
        if not isinstance(injury, dict):
            continue
        parts = [
            _text(by_code.get(k), injury.get(k), lang)
            for k in ("injury_type", "region", "side", "length_mm", "width_mm")
            if injury.get(k) not in (None, "")
        ]
        lines.append(f"{n}. " + ", ".join(p for p in parts if p != "–"))
    return "\n".join(lines) or "–"


def _frame(contents: Sequence[dict[str, Any]]) -> frozenset[str]:
    """Keys that frame canonical content (not something the examiner wrote)."""
    return _CANONICAL_FRAME if any(_canonical(c) for c in contents) else frozenset()


def sections(conflict: ConflictLike, lang: Lang = "sv") -> list[SectionView]:
    """Every section of the examination, each with its fields' values per version (editor order)."""
    contents = [v.content if isinstance(v.content, dict) else {} for v in conflict.versions]
    by_section: dict[str, list[FieldRow]] = {}
    known_top: set[str] = set()
    for field in EXAM_FIELDS:
        known_top.add(field.path[0])
        values = tuple(_text(field, _get(c, field.path), lang) for c in contents)
        by_section.setdefault(field.section or OTHER, []).append(FieldRow(field.label(lang), values))
    if any("injuries" in c for c in contents):
        known_top.add("injuries")
        label = text("exam_report.log_injuries", lang)
        by_section["injuries"] = [
            FieldRow(label, tuple(_injuries_text(c.get("injuries"), lang) for c in contents))
        ]
    other_keys = sorted({k for c in contents for k in c} - known_top - _BOOKKEEPING - _frame(contents))
    for key in other_keys:
        values = tuple(_text(None, c.get(key), lang) for c in contents)
        by_section.setdefault(OTHER, []).append(FieldRow(key, values))
    order = [*SECTION_ORDER, OTHER]
    return [SectionView(name, tuple(by_section[name])) for name in order if name in by_section]


def _section_paths(name: str, contents: Sequence[dict[str, Any]]) -> list[tuple[str, ...]]:
    if name == "injuries":
        return [("injuries",)]
    if name == OTHER:
        known = {f.path[0] for f in EXAM_FIELDS} | {"injuries"} | _BOOKKEEPING | _frame(contents)
        keys = sorted({k for c in contents for k in c} - known)
        return [(k,) for k in keys] + [f.path for f in EXAM_FIELDS if (f.section or OTHER) == OTHER]
    return [f.path for f in EXAM_FIELDS if f.section == name]


def merged_content(
    conflict: ConflictLike, picks: dict[str, int], default: int = 0
) -> tuple[str, dict[str, Any], list[str]]:
    """The resolving version: ``(parent id, content, superseded ids)``.  ``picks``: section name -> index
    of the version whose text is kept for that section (``default`` for sections not named).  The parent
    is the version picked for the first section that differs (else ``default``)."""
    versions = list(conflict.versions)
    contents = [v.content if isinstance(v.content, dict) else {} for v in versions]
    base = json.loads(json.dumps(contents[default]))  # a deep copy
    base.pop("supersedes", None)
    for view in sections(conflict):
        chosen = picks.get(view.name, default)
        if chosen == default:
            continue
        for path in _section_paths(view.name, contents):
            _set(base, path, json.loads(json.dumps(_get(contents[chosen], path))))
    parent_index = default
    for view in sections(conflict):
        if view.differs:
            parent_index = picks.get(view.name, default)
            break
    parent = versions[parent_index].id
    superseded = [v.id for v in versions if v.id != parent]
    base["supersedes"] = superseded
    return parent, base, superseded
