"""Fixtures for the minutes tests: a small meeting built in code, a clock that ticks by the minute."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from psg_tui.core.minutes import Action, AreaRecord, Attendee, Meeting, Minutes, MinutesStore, Update
from psg_tui.core.minutes.codec import dump_minutes

HERE = Path(__file__).parent
SPEC_EXAMPLE = HERE / "spec_example.toml"  # the example in SPEC.md, "The minutes file"


class Clock:
    """Starts at 2026-11-20 10:00 and moves on a minute each time it is read."""

    def __init__(self, start: datetime = datetime(2026, 11, 20, 10, 0)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


def make_minutes(actions: int = 3) -> Minutes:
    meeting = Meeting(
        title="Stockton Town Centre Problem-Solving Group",
        date=date(2026, 11, 20),
        chair="Insp. Dana Heron",
        classification="OFFICIAL-SENSITIVE",
        period_start=date(2026, 10, 1),
        period_end=date(2026, 10, 31),
        database="stockton.duckdb",
    )
    statuses = ["open", "in-progress", "done", "blocked", "dropped"]
    return Minutes(
        meeting,
        attendees=[
            Attendee("Dana Heron", "Cleveland Police", "present", "Chair"),
            Attendee("Sam Patel", "Stockton-on-Tees Borough Council", "apologies"),
        ],
        areas=[
            AreaRecord("stockton-town-centre", "Street drinking down.", ["Extend Operation Shield patrols"])
        ],
        actions=[
            Action(
                id=f"A-{n:04d}",
                title=f"Action number {n}",
                owner="Sam Patel",
                agency="Stockton-on-Tees Borough Council",
                raised=date(2026, 10, 16),
                due=date(2026, 11, 30),
                status=statuses[(n - 1) % len(statuses)],
                area="stockton-town-centre" if n % 2 else None,
                updates=[Update(datetime(2026, 10, 16, 9, 30), "Dana Heron", "Raised", "open")],
            )
            for n in range(1, actions + 1)
        ],
    )


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def minutes_file(tmp_path: Path) -> Path:
    path = tmp_path / "minutes.toml"
    path.write_text(dump_minutes(make_minutes()), encoding="utf-8")
    return path


@pytest.fixture
def store(minutes_file: Path, clock: Clock):
    opened = MinutesStore.open(minutes_file, user="Dana Heron", clock=clock)
    yield opened
    opened.close()
