"""The before/after figure of an operation against the rest of the district, by hand."""

from __future__ import annotations

import math

import pytest

from psg_tui.core.effect import Effect


def test_ratio_of_ratios_and_interval_match_a_hand_computed_case() -> None:
    # 100 target incidents in the 6 months before, 82 after; the rest of the district 1,000 and 1,000.
    effect = Effect(target_before=100, target_after=82, rest_before=1000, rest_after=1000)
    assert effect.ratio == pytest.approx(0.82)
    se = math.sqrt(1 / 100 + 1 / 82 + 1 / 1000 + 1 / 1000)  # 0.155548
    low, high = effect.interval
    assert low == pytest.approx(math.exp(math.log(0.82) - 1.959964 * se))  # 0.6045
    assert high == pytest.approx(math.exp(math.log(0.82) + 1.959964 * se))  # 1.1123
    assert low == pytest.approx(0.6045, abs=1e-4) and high == pytest.approx(1.1123, abs=1e-4)
    assert effect.could_be_chance
    assert effect.wording() == "down 18% against the rest of the district; could be chance"


def test_a_clear_fall_gives_its_interval_in_words() -> None:
    effect = Effect(target_before=400, target_after=300, rest_before=4000, rest_after=4100)
    assert effect.ratio == pytest.approx((300 / 400) / (4100 / 4000))
    assert not effect.could_be_chance
    assert effect.wording() == (
        "down 27% against the rest of the district; 95% interval: down 14% to down 37%"
    )


def test_a_district_wide_fall_is_not_credited_to_the_operation() -> None:
    effect = Effect(target_before=200, target_after=150, rest_before=2000, rest_after=1500)
    assert effect.ratio == pytest.approx(1.0)
    assert effect.wording().startswith("no change against the rest of the district")


def test_a_zero_count_is_corrected_and_said() -> None:
    effect = Effect(target_before=0, target_after=3, rest_before=100, rest_after=90)
    assert effect.corrected
    assert effect.ratio == pytest.approx((3.5 / 0.5) / (90.5 / 100.5))
    assert "0.5 added" in effect.wording()


def test_nothing_to_compare_is_said_plainly() -> None:
    assert "nothing to compare" in Effect(0, 0, 10, 12).wording()
    assert "nothing to compare against" in Effect(5, 3, 0, 0).wording("the rest of Stockton")
