"""The minutes of one meeting, as immutable values.

Every class is a frozen dataclass holding tuples, so a change builds a new state that shares
every untouched action with the old one. That is what lets the store write the new state to
disk before swapping it in, keep earlier states for undo for free, and skip re-rendering the
actions that did not change. Keys a later format version adds are kept in `extra` and written
back unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from psg_tui.core.periods import FIRST_YEAR, LAST_YEAR

FORMAT = "psg-minutes"
VERSION = 1

# "not-recorded": expected but not yet marked (the roll call skipped), never taken for absent.
NOT_RECORDED = "not-recorded"
ATTENDEE_STATUSES = ("present", "apologies", "absent", NOT_RECORDED)
ACTION_STATUSES = ("open", "in-progress", "done", "blocked", "dropped")
CLOSED_STATUSES = frozenset({"done", "dropped"})
CLASSIFICATIONS = ("OFFICIAL", "OFFICIAL-SENSITIVE")
# A meeting's dates must leave room for the month before (its period) and the month after (the
# next meeting); the periods' range does, and anything outside it is a typo (0226 for 2026).
MEETING_YEARS = (FIRST_YEAR, LAST_YEAR)


def meeting_year_problem(what: str, shown: str, year: int) -> str | None:
    """Why a day or month (`shown`) in `year` cannot be a meeting's date or period, or None."""
    low, high = MEETING_YEARS
    return None if low <= year <= high else f"{what} {shown} is not between {low} and {high}"


_ACTION_ID = re.compile(r"^A-(\d+)$")


def action_number(action_id: str | None) -> int | None:
    """The number in an `A-NNNN` id, or None for ids in another form."""
    match = _ACTION_ID.match(action_id or "")
    return int(match.group(1)) if match else None


def format_action_id(number: int) -> str:
    return f"A-{number:04d}"


@dataclass(frozen=True)
class Update:
    """One entry in an action's history: who did what, when, and the status it moved to."""

    at: datetime
    by: str
    note: str = ""
    status: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Action:
    id: str
    title: str
    owner: str
    agency: str
    raised: date
    due: date
    status: str = "open"
    area: str | None = None
    priority: str | None = None
    restricted: bool = False
    updates: tuple[Update, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "updates", tuple(self.updates))

    @property
    def is_open(self) -> bool:
        """Not done or dropped: still on the meeting's list and carried forward."""
        return self.status not in CLOSED_STATUSES

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.due < today

    @property
    def last_update(self) -> Update | None:
        return self.updates[-1] if self.updates else None


@dataclass(frozen=True)
class Attendee:
    name: str
    agency: str
    status: str = "present"
    role: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, hash=False)

    @property
    def status_label(self) -> str:
        """The status as the screen and the exports say it ("not recorded")."""
        return self.status.replace("-", " ")


@dataclass(frozen=True)
class AreaRecord:
    """What the meeting said about one area: notes and the decisions taken."""

    area: str
    notes: str = ""
    decisions: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "decisions", tuple(self.decisions))


Day = date


@dataclass(frozen=True)
class Meeting:
    title: str
    date: Day
    chair: str
    classification: str
    period_start: Day  # `Day`: in this class `date` is the field
    period_end: Day
    database: str | None = None
    next_meeting: Day | None = None
    extra: dict[str, Any] = field(default_factory=dict, hash=False)

    @property
    def label(self) -> str:
        """'<date> <title>': how the database's actions table names the meeting."""
        return f"{self.date.isoformat()} {self.title}"


@dataclass(frozen=True)
class Minutes:
    """One meeting's minutes.

    `last_action_id` is the highest action id ever used in this series of meetings, written
    when it is higher than every id in the file (after actions closed in an earlier meeting
    were left behind), so a new action never reuses the id of a closed one.
    """

    meeting: Meeting
    attendees: tuple[Attendee, ...] = ()
    areas: tuple[AreaRecord, ...] = ()
    actions: tuple[Action, ...] = ()
    last_action_id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        for name in ("attendees", "areas", "actions"):
            object.__setattr__(self, name, tuple(getattr(self, name)))

    def get_action(self, action_id: str) -> Action | None:
        return next((a for a in self.actions if a.id == action_id), None)

    def get_attendee(self, name: str) -> Attendee | None:
        return next((a for a in self.attendees if a.name == name), None)

    def get_area(self, area: str) -> AreaRecord | None:
        return next((a for a in self.areas if a.area == area), None)

    def open_actions(self, area: str | None = None) -> list[Action]:
        """Actions not done or dropped, optionally only those tied to `area`."""
        return [a for a in self.actions if a.is_open and (area is None or a.area == area)]

    def highest_action_number(self) -> int:
        numbers = [action_number(a.id) for a in self.actions]
        numbers.append(action_number(self.last_action_id))
        return max((n for n in numbers if n is not None), default=0)

    def next_action_id(self) -> str:
        """`A-NNNN` one above the highest id in the file, carried-forward history included."""
        return format_action_id(self.highest_action_number() + 1)


def replace_item(items: Iterable[Any], index: int, item: Any) -> tuple[Any, ...]:
    items = tuple(items)
    return (*items[:index], item, *items[index + 1 :])


def index_of(items: Iterable[Any], key: str, value: Any) -> int | None:
    return next((i for i, item in enumerate(items) if getattr(item, key) == value), None)
