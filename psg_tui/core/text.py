"""Plain-text renderings shared by the dashboard and the command line."""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any

from psg_tui.core.safe_text import printable

SPARK = "▁▂▃▄▅▆▇█"


def is_counts(values: list[Any]) -> bool:
    """A list drawn as a sparkline: whole numbers, with None for months without data."""
    return any(isinstance(v, int) for v in values) and all(v is None or isinstance(v, int) for v in values)


def drawable(value: Any) -> float | int | None:
    """A value a chart or sparkline can draw: a finite number; anything else (None, NaN, inf,
    text) is None, a gap, never a crash or a bar of some made-up height."""
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        return value if math.isfinite(value) else None
    except OverflowError:  # an integer too large for a float
        return None


def sparkline(values: list[Any]) -> str:
    """One block character per value, scaled between the list's own minimum and maximum; a
    month without data (None, or anything that is not a finite number) is a gap, never drawn
    as a zero."""
    points = [drawable(v) for v in values]
    known = [v for v in points if v is not None]
    if not known:
        return " " * len(values)
    low, high = min(known), max(known)
    span = high - low
    if not math.isfinite(span):  # two finite extremes whose difference is not
        return " " * len(values)
    return "".join(
        " " if v is None else SPARK[0] if span == 0 else SPARK[round((v - low) / span * (len(SPARK) - 1))]
        for v in points
    )


# The most of one value a screen draws. Imports refuse longer values (importing/rows.py), but a
# database changed by hand, or filled before they did, can hold megabytes in one field: drawn
# whole, and masked in privacy mode, it would hold up every key that redraws it.
DRAWN_TEXT = 10_000


def bounded(text: str, limit: int = DRAWN_TEXT) -> str:
    """`text`, or its first `limit` characters or so, cut after a word where there is one (so no
    name is cut in half for privacy masking to miss), saying how much more there is."""
    if len(text) <= limit:
        return text
    space = text.rfind(" ", limit // 2, limit)
    cut = space if space > 0 else limit
    return f"{text[:cut].rstrip()} … ({len(text) - cut:,} more characters not shown)"


def one_line(text: str) -> str:
    """Line breaks and tabs as single spaces, for table cells and headings."""
    return re.sub(r"[ \t]*[\n\t][ \t\n]*", " ", text).strip()


def did_you_mean(typed: str, known: dict[str, str] | list[str] | tuple[str, ...]) -> str | None:
    """'Did you mean police-uk?' for a mistyped choice, or None when nothing is close.

    `known` is the choices, or a mapping from each choice to another name it may be typed as
    (an area's id to its name), so "Stockton Town Centre" finds stockton-town-centre. Case,
    spaces and underscores do not count against a match."""
    names = known if isinstance(known, dict) else {choice: choice for choice in known}

    def folded(text: str) -> str:
        return re.sub(r"[\s_]+", "-", text.strip().casefold())

    by_form: dict[str, str] = {}
    for choice, other in names.items():
        by_form.setdefault(folded(choice), choice)
        by_form.setdefault(folded(other), choice)
    wanted = folded(typed)
    if wanted in by_form:
        found = [by_form[wanted]]
    else:
        import difflib

        close = difflib.get_close_matches(wanted, list(by_form), n=3, cutoff=0.6)
        found = list(dict.fromkeys(by_form[form] for form in close))
    if not found:
        return None
    return "Did you mean " + " or ".join(printable(choice) for choice in found) + "?"
