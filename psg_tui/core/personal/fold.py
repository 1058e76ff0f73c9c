"""Text folded for matching people's names, with a map back to the text as written.

A name can reach the minutes in many spellings that a reader takes for the same name: with
or without accents ('Zoë', 'Zoe'), in full-width or other compatibility forms, with an
invisible character inside it (a zero-width space or a soft hyphen, pasted from an e-mail),
or with look-alike letters from another script. Matching runs on the folded text: NFKC
compatibility forms, accents and other combining marks removed, letters that do not
decompose spelled out ('ø' -> 'o', 'ß' -> 'ss'), Cyrillic and Greek look-alikes read as
Latin, apostrophes and hyphens made plain, and invisible characters dropped. Every folded
character remembers which character of the original it came from, so whatever is found is
cut out of the text as written, invisible characters and all.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters NFKD leaves whole, read as the Latin letters an English reader would type for them.
_SPELLED = {
    "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O",
    "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th",
    "ı": "i", "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T", "ŀ": "l", "Ŀ": "L", "ĸ": "k",
    "’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "′": "'", "＇": "'",
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-", "﹣": "-", "－": "-",
}  # fmt: skip
# Cyrillic and Greek letters that look like Latin ones ('Маry' with a Cyrillic М).
_LOOKALIKES = dict(
    zip(
        "АВЕКМНОРСТХУаеорсухіјѕԁԛԝЅІЈΑΒΕΖΗΙΚΜΝΟΡΤΥΧοιν",
        "ABEKMHOPCTXYaeopcyxijsdqwSIJABEZHIKMNOPTYXoiv",
        strict=True,
    )
)
# Invisible characters that are letters by category (Hangul fillers) or marks NFKD keeps.
_INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u034f")
_ASCII_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@lru_cache(maxsize=8192)
def fold_char(ch: str) -> str:
    """What one character is read as when matching: '' for an invisible one."""
    if ch in _SPELLED:
        return _SPELLED[ch]
    if ch in _LOOKALIKES:
        return _LOOKALIKES[ch]
    category = unicodedata.category(ch)
    if ch in _INVISIBLE_LETTERS or category == "Cf" or (category == "Cc" and ch not in "\t\n\r"):
        return ""  # zero-width spaces and joiners, soft hyphens, bidi controls, word joiners
    out = []
    for part in unicodedata.normalize("NFKD", ch):
        if unicodedata.combining(part) or part in _INVISIBLE_LETTERS:
            continue
        out.append(_SPELLED.get(part) or _LOOKALIKES.get(part) or part)
    return "".join(out)


class Folded:
    """`text` folded for matching, and the map from folded positions back to `text`."""

    __slots__ = ("_starts", "original", "text")

    def __init__(self, text: str) -> None:
        self.original = text
        if text.isascii() and not _ASCII_CONTROL.search(text):
            self.text, self._starts = text, None  # nothing to fold: positions are the same
            return
        pieces: list[str] = []
        starts: list[int] = []
        for index, ch in enumerate(text):
            folded = ch if " " <= ch <= "~" or ch in "\t\n\r" else fold_char(ch)
            pieces.append(folded)
            starts.extend([index] * len(folded))
        self.text = "".join(pieces)
        self._starts = starts

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original text's span for folded [start, end): whole characters, never half of one."""
        if self._starts is None:
            return start, end
        if start >= end:
            point = self._starts[start] if start < len(self._starts) else len(self.original)
            return point, point
        return self._starts[start], self._starts[end - 1] + 1


def fold(text: str) -> str:
    """`text` as matching reads it (see the module's docstring)."""
    return Folded(text).text


CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_NOT_A_LETTER = re.compile(r"[\W_]+")  # 'DanaHeron' (an invisible joiner between) is two words


def key(text: str) -> str:
    """How a name is looked up: folded, case-folded, every run of non-letters one space."""
    return " ".join(_NOT_A_LETTER.split(CAMEL.sub(" ", fold(text)).casefold())).strip()
