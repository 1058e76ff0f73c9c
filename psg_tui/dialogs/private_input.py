"""Typing in a form while privacy mode is on: names and addresses show as dots.

The field holds (and saves) exactly what was typed; only what is drawn changes, character for
character, so the cursor stays where the chair is typing. A field that holds a person's name
keeps the first letter of each word (the room sees 'R••••• O•••••', as it sees 'R. O.'
elsewhere); in free text the words the screen's privacy mask would change are dotted out whole.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable

from rich.text import Text
from textual.widgets import Input

DOT = "•"
_WORDS = re.compile(r"\S+")


def dotted_name(value: str) -> str:
    return re.sub(r"(?<=\S)\S", DOT, value)


def dotted_text(value: str, masked: Callable[[str], str]) -> str:
    """`value` with every word that `masked` (the screen's mask) changes replaced by dots."""
    spans = [m.span() for m in _WORDS.finditer(value)]
    words = [value[a:b] for a, b in spans]
    shown = _WORDS.findall(masked(value))
    chars = list(value)
    matcher = difflib.SequenceMatcher(a=words, b=shown, autojunk=False)
    for tag, first, last, _, _ in matcher.get_opcodes():
        if tag != "equal":
            for start, end in spans[first:last]:
                chars[start:end] = DOT * (end - start)
    return "".join(chars)


class PrivateInput(Input):
    """An Input drawn through `dots` (same length as the value); its value is the real text."""

    def __init__(
        self, value: str = "", *, dots: Callable[[str], str], person: bool = False, **kwargs: object
    ) -> None:
        self._dots = dots  # before Input's own set-up, which may draw the value
        self.person = person
        super().__init__(value, **kwargs)  # type: ignore[arg-type]

    @property
    def _value(self) -> Text:
        shown = self._dots(self.value)
        if len(shown) != len(self.value):  # never draw the real text, whatever a mask returns
            shown = DOT * len(self.value)
        return Text(shown, no_wrap=True, overflow="ignore", end="")
