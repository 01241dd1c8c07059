"""Dataclasses to JSON-able values and back, driven by type hints (vocabulary codes, ISO dates)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from collections.abc import Callable
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


def decode(tp: Any, raw: Any) -> Any:
    return _decoder(tp)(raw)


def _same(raw: Any) -> Any:
    return raw


def _float(raw: Any) -> Any:
    return float(raw) if isinstance(raw, int) else raw


@cache
def _decoder(tp: Any) -> Callable[[Any], Any]:
    """How to decode a value of type ``tp``: chosen once per type (opening an examination decodes some
    hundred fields; looking at each type hint again for each value was most of that cost)."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        inner = _decoder(args[0])
        return lambda raw: None if raw is None else inner(raw)
    if origin is tuple:
        (item,) = typing.get_args(tp)[:1]
        each = _decoder(item)
        return lambda raw: tuple(each(v) for v in raw)
    if origin is frozenset:
        (item,) = typing.get_args(tp)
        each = _decoder(item)
        return lambda raw: frozenset(each(v) for v in raw)
    if origin is dict:
        return dict
    if isinstance(tp, type):
        if issubclass(tp, Vocab):
            return tp
        if tp is dt.datetime:
            return dt.datetime.fromisoformat
        if tp is dt.date:
            return dt.date.fromisoformat
        if dataclasses.is_dataclass(tp):
            return lambda raw: from_dict(tp, raw)
        if tp is float:
            return _float
    return _same


@cache
def _fields(cls: type) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    """Each field of the dataclass ``cls`` with its decoder."""
    hints = typing.get_type_hints(cls)
    return tuple((f.name, _decoder(hints[f.name])) for f in dataclasses.fields(cls))


def from_dict(cls: type[T], raw: dict[str, Any], **overrides: Any) -> T:
    """Build ``cls`` from ``raw``; unknown keys are ignored, missing ones take their defaults."""
    kwargs: dict[str, Any] = {}
    for name, decoder in _fields(cls):  # type: ignore[arg-type]
        if name in overrides:
            kwargs[name] = overrides[name]
        elif name in raw:
            kwargs[name] = decoder(raw[name])
    return cls(**kwargs)
