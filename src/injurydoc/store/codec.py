"""Dataclasses to JSON-able values and back, driven by type hints (vocabulary codes, ISO dates)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from functools import cache
from typing import Any, TypeVar

from injurydoc.domain.vocab import Vocab

T = TypeVar("T")


def encode(value: Any) -> Any:
    if isinstance(value, Vocab):
        return value.code
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list | frozenset | set):
        items = [encode(v) for v in value]
        return sorted(items) if isinstance(value, frozenset | set) else items
    if isinstance(value, dict):
        return {str(k): encode(v) for k, v in value.items()}
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def decode(tp: Any, raw: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if raw is None:
            return None
        return decode(args[0], raw)
    if origin is tuple:
        (item,) = typing.get_args(tp)[:1]
        return tuple(decode(item, v) for v in raw)
    if origin is frozenset:
        (item,) = typing.get_args(tp)
        return frozenset(decode(item, v) for v in raw)
    if origin is dict:
        return dict(raw)
    if isinstance(tp, type):
        if issubclass(tp, Vocab):
            return tp(raw)
        if tp is dt.datetime:
            return dt.datetime.fromisoformat(raw)
        if tp is dt.date:
            return dt.date.fromisoformat(raw)
        if dataclasses.is_dataclass(tp):
            return from_dict(tp, raw)
        if tp is float and isinstance(raw, int):
            return float(raw)
    return raw


def from_dict(cls: type[T], raw: dict[str, Any], **overrides: Any) -> T:
    """Build ``cls`` from ``raw``; unknown keys are ignored, missing ones take their defaults."""
    hints = _hints(cls)  # type: ignore[arg-type]
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if f.name in overrides:
            kwargs[f.name] = overrides[f.name]
        elif f.name in raw:
            kwargs[f.name] = decode(hints[f.name], raw[f.name])
    return cls(**kwargs)
