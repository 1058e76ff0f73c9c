"""How the published minutes write dates, counts and paragraphs.

Text is made safe to show by `core.safe_text.visible` (in `summary.prepare`, before any
renderer sees it); line breaks become spaces with `core.text.one_line`.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Protocol


class Dated(Protocol):
    """An operation, as the database or a published view holds it."""

    @property
    def started(self) -> date: ...
    @property
    def ended(self) -> date | None: ...


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


def paragraphs(text: str) -> list[list[str]]:
    """Paragraphs (split at blank lines) as lists of lines, without leading or trailing space."""
    result: list[list[str]] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if lines:
            result.append(lines)
    return result


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


def operation_dates(operation: Dated) -> str:
    """'Since 20 January 2026', or '1 March 2026 to 30 June 2026' for one with an end date."""
    if operation.ended:
        return f"{long_date(operation.started)} to {long_date(operation.ended)}"
    return f"Since {long_date(operation.started)}"
