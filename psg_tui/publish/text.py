"""Text from a minutes file made safe to show: every character survives as something visible.

A note can hold anything TOML allows, including escape sequences that would clear a terminal
(ESC), bell characters, bidirectional overrides that reorder a line (the "Trojan Source"
trick) and characters that make an HTML page non-conforming. Each becomes a visible marker
rather than being dropped, so a reader can still see that something was there.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

# C0 controls except tab and newline, DEL, C1 controls, the bidi embeddings, overrides and
# isolates, and the characters HTML treats as non-characters.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef\ufffe\uffff"
    "\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U0004fffe\U0004ffff"
    "\U0005fffe\U0005ffff\U0006fffe\U0006ffff\U0007fffe\U0007ffff\U0008fffe\U0008ffff"
    "\U0009fffe\U0009ffff\U000afffe\U000affff\U000bfffe\U000bffff\U000cfffe\U000cffff"
    "\U000dfffe\U000dffff\U000efffe\U000effff\U000ffffe\U000fffff\U0010fffe\U0010ffff]"
)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␛ for ESC, ␇ for BEL
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"⟨U+{code:04X}⟩"


def clean(text: str) -> str:
    """NFC-normalised text with line breaks as `\\n` and every unsafe character made visible."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    return _UNSAFE.sub(_visible, text)


def paragraphs(text: str) -> list[list[str]]:
    """Paragraphs (split at blank lines) as lists of lines, without leading or trailing space."""
    result: list[list[str]] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if lines:
            result.append(lines)
    return result


def one_line(text: str) -> str:
    """Line breaks and tabs as single spaces, for table cells and headings."""
    return re.sub(r"[ \t]*[\n\t][ \t\n]*", " ", text).strip()


def long_date(day: date) -> str:
    """'15 October 2026', without depending on the process's locale."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else many or word + 's'}"


def short_date(day: date) -> str:
    """'31 Oct 2026', for narrow columns."""
    return f"{day.day} {_MONTHS[day.month - 1][:3]} {day.year}"


def period_text(start: date, end: date) -> str:
    """'1–30 September 2026', '1 September – 31 October 2026', or both dates in full."""
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{long_date(end)}"
    if start.year == end.year:
        return f"{start.day} {_MONTHS[start.month - 1]} – {long_date(end)}"
    return f"{long_date(start)} – {long_date(end)}"


def short_moment(moment: datetime) -> str:
    return f"{long_date(moment.date())}, {moment:%H:%M}"


def operation_dates(operation) -> str:
    """'Since 20 January 2026', or '1 March 2026 to 30 June 2026' for one with an end date."""
    if operation.ended:
        return f"{long_date(operation.started)} to {long_date(operation.ended)}"
    return f"Since {long_date(operation.started)}"
