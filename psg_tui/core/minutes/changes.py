"""What one change to the minutes is: its fields tidied and checked, and the words its history keeps.

The store applies changes; these pure helpers say what a typed value means (dates, blanks,
Windows line ends), whether an action is still valid, and how an edit reads in the minutes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from psg_tui.core.dates import DateError, parse_date
from psg_tui.core.minutes.codec import action_table, update_table
from psg_tui.core.minutes.errors import MinutesInputError, Problem
from psg_tui.core.minutes.model import Action, Minutes, replace_item
from psg_tui.core.minutes.validate import Table, read_action

EDITABLE_FIELDS = ("title", "owner", "agency", "due", "area", "priority", "restricted")
MEETING_FIELDS = (
    "title", "date", "chair", "classification", "period_start", "period_end", "database", "next_meeting",
)  # fmt: skip
_DATE_FIELDS = ("due", "date", "period_start", "period_end", "next_meeting")


def local_now(clock: Callable[[], datetime]) -> datetime:
    """The clock's time as a local date-time to the second, as the minutes record it."""
    now = clock()
    if now.tzinfo is not None:
        now = now.astimezone().replace(tzinfo=None)
    return now.replace(microsecond=0)


def describe_edit(old: Action, new: Action) -> str:
    """What an edit changed, in the words the minutes should keep."""
    parts = []
    if (old.owner, old.agency) != (new.owner, new.agency):
        parts.append(f"Reassigned from {old.owner} ({old.agency}) to {new.owner} ({new.agency})")
    if old.title != new.title:
        parts.append(f"Title changed from '{old.title}' to '{new.title}'")
    if old.due != new.due:
        parts.append(f"Due date moved from {old.due.isoformat()} to {new.due.isoformat()}")
    for label, key in (("Area", "area"), ("Priority", "priority")):
        before, after = getattr(old, key), getattr(new, key)
        if before != after:
            if before is None:
                parts.append(f"{label} set to {after}")
            elif after is None:
                parts.append(f"{label} cleared (was {before})")
            else:
                parts.append(f"{label} changed from {before} to {after}")
    if old.restricted != new.restricted:
        parts.append("Marked restricted" if new.restricted else "No longer restricted")
    return "; ".join(parts)


def with_action(minutes: Minutes, index: int, action: Action) -> Minutes:
    return dataclasses.replace(minutes, actions=replace_item(minutes.actions, index, action))


def check_action(action: Action) -> None:
    problems: list[Problem] = []
    table = {**action_table(action), "updates": [update_table(u) for u in action.updates[-1:]]}
    read_action(Table(table, "", (), problems, None))
    if problems:
        raise MinutesInputError(problems)


def trimmed(text: str | None) -> str:
    """Trim a typed value; Windows line ends become plain ones so notes read the same everywhere."""
    return (text or "").replace("\r\n", "\n").strip()


def tidy(key: str, value: Any) -> Any:
    if key in _DATE_FIELDS:
        return None if value is None else as_date(key, value)
    if isinstance(value, str):
        cleaned = trimmed(value)
        return cleaned or (None if key in ("area", "priority", "database") else cleaned)
    return value


def as_date(key: str, value: date | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return parse_date(str(value), key.replace("_", " ").capitalize())
    except DateError as error:
        raise MinutesInputError([Problem(str(error), field=key)]) from None
