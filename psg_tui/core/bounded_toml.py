"""TOML read with a cap on nesting, for every file psg reads as TOML (minutes, the topics and
priorities maps, column maps, settings).

tomllib recurses once per level, so a value nested hundreds deep (`a = [[[[…]]]]`) raises
RecursionError from inside it, and whatever walks the result recurses too. A file nested past
MAX_DEPTH is refused here as TooDeep, which each reader turns into its own message naming the file.
"""

from __future__ import annotations

import tomllib
from typing import Any

# The deepest file psg uses (the minutes) nests 5 deep; this leaves room for any sensible one.
MAX_DEPTH = 32


class TooDeep(ValueError):
    """Values nested past MAX_DEPTH; `key` is the top-level key holding them ("" when tomllib
    itself could not read that deep)."""

    def __init__(self, key: str) -> None:
        super().__init__(f"values are nested more than {MAX_DEPTH} deep (arrays or tables inside each other)")
        self.key = key

    def where(self) -> str:
        return f" (under '{self.key}')" if self.key else ""


def loads(text: str) -> dict[str, Any]:
    """tomllib.loads, refusing a document nested past MAX_DEPTH with TooDeep (TOMLDecodeError
    is raised as tomllib raises it)."""
    try:
        doc = tomllib.loads(text)
    except RecursionError:
        raise TooDeep("") from None
    key = too_deep(doc)
    if key is not None:
        raise TooDeep(key)
    return doc


def too_deep(doc: dict[str, Any]) -> str | None:
    """The top-level key whose value is nested past MAX_DEPTH, else None. Iterative, so it cannot
    itself run out of stack."""
    stack = [(value, 1, key) for key, value in doc.items()]
    while stack:
        value, depth, key = stack.pop()
        if depth > MAX_DEPTH:
            return key
        if isinstance(value, dict):
            stack.extend((v, depth + 1, key) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1, key) for v in value)
    return None
