"""Values a chart or sparkline draws: anything that is not a finite number is a gap."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest

from psg_tui.core.text import SPARK, drawable, sparkline


@pytest.mark.parametrize("odd", [math.nan, math.inf, -math.inf, None, "3", True, [1], 10**400])
def test_an_odd_value_is_a_gap_in_a_sparkline(odd: object) -> None:
    assert sparkline([1.0, odd, 3.0]) == f"{SPARK[0]} {SPARK[-1]}"


def test_a_list_of_nothing_drawable_is_all_gaps() -> None:
    assert sparkline([math.nan, None, math.inf]) == "   "


def test_extremes_whose_span_is_not_finite_draw_nothing() -> None:
    assert sparkline([-1.7e308, 1.7e308]) == "  "


def test_decimals_are_numbers() -> None:
    assert drawable(Decimal("2.5")) == 2.5
    assert drawable(Decimal("NaN")) is None


def test_bounded_keeps_short_text_and_cuts_long_text_after_a_word() -> None:
    from psg_tui.core.text import DRAWN_TEXT, bounded

    assert bounded("Street drinking") == "Street drinking"
    exact = "x" * DRAWN_TEXT
    assert bounded(exact) is exact
    long = "word " * 5_000  # 25,000 characters
    cut = bounded(long)
    assert cut.startswith("word word") and cut.endswith("more characters not shown)")
    kept = cut.split(" … (")[0]
    assert kept.endswith("word") and len(kept) <= DRAWN_TEXT  # cut between words, never inside one
    assert f"{len(long) - len(kept):,} more characters" in cut
    assert bounded("y" * (DRAWN_TEXT + 5)).startswith(
        "y" * DRAWN_TEXT + " … (5 more"
    )  # no space: cut at the limit
