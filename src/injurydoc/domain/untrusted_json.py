"""JSON from a file someone else made (an exercise, a results file), parsed strictly.

Refused, each with a reason in Swedish and English: text that is not UTF-8, nesting deeper than Python
recurses, invalid JSON, a key that occurs twice in one object (two readers could take different values),
``NaN``/``Infinity`` (not JSON), and integers of more digits than Python converts.  The caller bounds the
size before calling and turns :class:`JsonRefused` into its own error naming the file.
"""

from __future__ import annotations

import json
from typing import Any

from injurydoc.domain.errors import Both


class JsonRefused(Exception):
    """The bytes are not acceptable JSON; :attr:`reason` says why in both languages."""

    def __init__(self, reason: Both) -> None:
        super().__init__(reason.en)
        self.reason = reason


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise JsonRefused(
                Both(f"nyckeln {k[:40]!r} förekommer två gånger.", f"the key {k[:40]!r} occurs twice.")
            )
        out[k] = v
    return out


def _refuse_constant(name: str) -> Any:
    raise JsonRefused(Both(f"{name} är inte tillåtet.", f"{name} is not allowed."))


def loads_strict(data: bytes) -> Any:
    """The JSON value in ``data``, or :class:`JsonRefused`."""
    try:
        text = data.decode("utf-8")
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_refuse_constant)
    except UnicodeDecodeError:
        raise JsonRefused(Both("texten är inte UTF-8.", "the text is not UTF-8.")) from None
    except RecursionError:
        raise JsonRefused(Both("för djupt nästlad.", "nested too deeply.")) from None
    except json.JSONDecodeError as e:
        raise JsonRefused(
            Both(
                f"ogiltig JSON (rad {e.lineno}, kolumn {e.colno}).",
                f"invalid JSON (line {e.lineno}, column {e.colno}).",
            )
        ) from None
    except ValueError:  # e.g. an integer of more digits than Python converts
        raise JsonRefused(Both("ett tal är orimligt stort.", "a number is out of range.")) from None
