"""The perception gap's arithmetic against hand-computed cases (core/perception.py)."""

from __future__ import annotations

from datetime import date

import pytest

from psg_tui.core.evidence_maps import parse_topics
from psg_tui.core.perception import (
    FALLING_RISING,
    RISING_FALLING,
    TopicGap,
    Wave,
    count_trend,
    share_change,
    topic_gaps,
    wave_text,
    wilson,
)

TOPICS = parse_topics("t.toml", '[topics.drugs]\nlabel = "Drugs worry"\ncategories = ["Drugs"]\n')


def test_wilson_interval_by_hand() -> None:
    # 51 of 100: z = 1.959964, z²/n = 0.0384146, centre = (0.51 + 0.0192073) / 1.0384146 = 0.509630,
    # half = 1.959964 * sqrt(0.002499 + 0.0000960) / 1.0384146 = 0.096150: 0.41348 to 0.60578
    low, high = wilson(51, 100)
    assert low == pytest.approx(0.41348, abs=1e-5) and high == pytest.approx(0.60578, abs=1e-5)
    # 0 of 10 stays inside 0..1 (p ± 1.96 SE would give 0 to 0): upper = z²/n / (1 + z²/n) = 0.27754
    low, high = wilson(0, 10)
    assert low == 0 and high == pytest.approx(0.27754, abs=1e-5)
    low, high = wilson(10, 10)
    assert high == pytest.approx(1) and low == pytest.approx(1 - 0.27754, abs=1e-5)
    with pytest.raises(ValueError):
        wilson(0, 0)


def test_newcombe_interval_of_a_change_by_hand() -> None:
    # 100/200 -> 126/200: Wilson (0.43136, 0.56864) and (0.56123, 0.69387); d = 0.13,
    # low = 0.13 - sqrt((0.63 - 0.56123)² + (0.56864 - 0.5)²) = 0.13 - 0.09717 = 0.03283
    d, low, high = share_change((100, 200), (126, 200))
    assert d == pytest.approx(0.13)
    assert low == pytest.approx(0.03283, abs=1e-4)
    # high = 0.13 + sqrt((0.69387 - 0.63)² + (0.5 - 0.43136)²) = 0.13 + 0.09376 = 0.22376
    assert high == pytest.approx(0.22376, abs=1e-4)
    d, low, high = share_change((51, 100), (52, 100))
    assert low < 0 < high  # one point on 100 people is no change


def test_count_trend_is_poisson() -> None:
    # 168 -> 113: log(113/168) = -0.3966, SE = sqrt(1/168 + 1/113) = 0.1217, upper -0.158 < 0
    assert count_trend(168, 113) == "down"
    assert count_trend(113, 168) == "up"
    # 10 -> 7: log 0.7 = -0.357, SE = 0.485: could be chance
    assert count_trend(10, 7) == "steady"
    assert count_trend(5, 5) == "steady"
    assert count_trend(0, 12) == "up"  # 0.5 added to each: log(12.5/0.5) = 3.2, SE 1.44


def _gap(waves: list[tuple[int, int, int | None]], mapped: bool = True) -> TopicGap:
    return TopicGap(
        "drugs",
        "Drugs worry",
        mapped,
        tuple(Wave(f"W{i}", date(2025 + i, 10, 1), n, x, c) for i, (n, x, c) in enumerate(waves)),
    )


def test_verdicts_and_flags() -> None:
    assert _gap([(200, 100, 168), (200, 126, 113)]).verdict == RISING_FALLING
    assert _gap([(200, 100, 168), (200, 126, 113)]).is_gap
    assert _gap([(200, 126, 113), (200, 100, 168)]).verdict == FALLING_RISING
    assert _gap([(100, 51, 168), (100, 52, 113)]).verdict == "no clear change"
    assert not _gap([(100, 51, 168), (100, 52, 113)]).is_gap
    assert _gap([(200, 100, 100), (200, 126, 180)]).verdict == "concern rising, and recorded incidents rising"
    assert _gap([(200, 100, 100), (200, 126, 101)]).verdict == "concern rising; recorded incidents steady"
    assert _gap([(200, 100, None), (200, 126, None)], mapped=False).verdict == (
        "concern rising; no matching incidents in the topics file"
    )
    assert (
        _gap([(200, 100, None), (200, 126, 50)]).verdict == "concern rising; no incident figures to compare"
    )
    assert _gap([(200, 100, 10)]).verdict == "one wave only: no change to judge"


def test_rows_become_topics_and_a_year_with_a_gap_has_no_count() -> None:
    rows = [
        {"topic": "zz", "wave": "B", "wave_date": date(2026, 10, 1), "respondents": 10, "agreeing": 5,
         "incidents": None, "months_with_data": 12},
        {"topic": "drugs", "wave": "B", "wave_date": date(2026, 10, 1), "respondents": 100, "agreeing": 60,
         "incidents": 9, "months_with_data": 11},
        {"topic": "drugs", "wave": "A", "wave_date": date(2025, 10, 1), "respondents": 100, "agreeing": 40,
         "incidents": 20, "months_with_data": 12},
    ]  # fmt: skip
    gaps = topic_gaps(rows, TOPICS)
    assert [g.topic for g in gaps] == ["drugs", "zz"]  # the topics file's order, then the rest
    drugs = gaps[0]
    assert drugs.label == "Drugs worry" and [w.wave for w in drugs.waves] == ["A", "B"]
    assert [w.incidents for w in drugs.waves] == [20, None]
    assert drugs.verdict == "concern rising; no incident figures to compare"
    assert gaps[1].label == "zz" and not gaps[1].mapped
    assert wave_text(drugs.waves[0]) == "40% (31–50%)"
