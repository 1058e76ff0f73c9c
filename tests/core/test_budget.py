"""A panel file that never finishes fails in its own box, on time, and holds back no other
panel: each file runs under a time budget (`-- budget:`, core/budget.py)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from psg_tui.core.meeting import QUICK_SECONDS, Meeting
from psg_tui.core.queries import DEFAULT_BUDGET_SECONDS, MAX_BUDGET_SECONDS, parse_query
from tests.spy import count_query_runs

NEVER_ENDS = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) AS n FROM r"


def never_ending_panel(folder: Path, *, budget: str | None = "2") -> Path:
    folder.mkdir(exist_ok=True)
    header = "-- title: Forever\n-- scope: area\n-- order: 1\n" + (f"-- budget: {budget}\n" if budget else "")
    (folder / "forever.sql").write_text(header + NEVER_ENDS + "\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("value", "seconds"), [(None, DEFAULT_BUDGET_SECONDS), ("30", 30.0), ("2.5s", 2.5), ("600", 600.0)]
)
def test_the_budget_header_gives_seconds(value: str | None, seconds: float) -> None:
    header = f"-- budget: {value}\n" if value is not None else ""
    assert parse_query("p", header + "SELECT 1").budget == seconds


@pytest.mark.parametrize("value", ["0", "-3", "nan", "inf", "soon", str(MAX_BUDGET_SECONDS + 1), "1e400"])
def test_a_budget_that_is_not_a_sensible_number_of_seconds_is_refused(value: str) -> None:
    from psg_tui.core.errors import DataError

    with pytest.raises(DataError, match="budget"):
        parse_query("p", f"-- budget: {value}\nSELECT 1")


def test_a_file_past_its_budget_fails_alone_and_the_others_are_handed_over_first(
    mini_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PSG_QUERIES_DIR", str(never_ending_panel(tmp_path / "queries")))
    meeting = Meeting(mini_db)
    meeting.use_budgets()
    period = meeting.default_period()
    parts: list[tuple[float, dict]] = []
    started = time.monotonic()
    results = meeting.area_panels(
        "north-ward", period, on_part=lambda part: parts.append((time.monotonic() - started, part))
    )
    took = time.monotonic() - started
    # The quick panels were handed over after the forever file's first second, before its budget:
    # it then had its whole budget (2 s), and failed in its own result, saying what to do. (Both
    # measured from the handing over, which a loaded machine delays, not from the start.)
    assert len(parts) == 1
    handed_at, part = parts[0]
    assert "forever" not in part and part["area_categories"].rows
    assert "took longer than 2 s" in results["forever"].error
    assert "-- budget:" in results["forever"].error
    assert took - handed_at >= 2.0 * 0.95
    assert took < QUICK_SECONDS + 2.0 + 30.0  # stopped: a file past its budget never runs on
    assert all(r.error is None for name, r in results.items() if name != "forever")
    # Known slow now: the next area runs it last without a quick try, and the prefetch skips it.
    parts.clear()
    meeting.area_panels("south-ward", period, on_part=lambda part: parts.append((0.0, part)))
    assert len(parts) == 1 and "forever" not in parts[0][1]
    meeting.keep_results()
    cursor = meeting.con.cursor()
    ran = count_query_runs(monkeypatch)
    meeting.prefetch_area("north-ward", period, cursor)
    assert "forever" not in ran and ran  # the others computed, the slow one left to the area's load
    meeting.close()
