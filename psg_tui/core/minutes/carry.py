"""Starting a meeting's minutes, fresh or from the previous meeting's.

Carried-forward actions keep their id and their whole history, so the register in the
database and the minutes tell one story. Last meeting's attendees come across as `not-recorded`:
the chair marks them present, sending apologies or absent, and minutes from a chair who skipped
the roll call say so rather than calling everyone absent.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from psg_tui.core.errors import UsageError
from psg_tui.core.minutes.codec import meeting_table
from psg_tui.core.minutes.errors import MinutesInputError, Problem
from psg_tui.core.minutes.model import (
    NOT_RECORDED,
    Meeting,
    Minutes,
    format_action_id,
    meeting_year_problem,
)
from psg_tui.core.minutes.validate import Table, read_meeting
from psg_tui.core.periods import Period

DEFAULT_CLASSIFICATION = "OFFICIAL-SENSITIVE"  # minutes name people


def new_minutes(
    *,
    title: str,
    chair: str,
    meeting_date: date | None = None,
    classification: str = DEFAULT_CLASSIFICATION,
    period: Period | None = None,
    database: str | None = None,
) -> Minutes:
    """Empty minutes for a first meeting. The period defaults to the month before the meeting."""
    meeting_date = meeting_date or date.today()
    _check_years("The meeting date", meeting_date.isoformat(), meeting_date.year)
    if period is not None:
        _check_years("The period", str(period), period.year)
    period = period or Period.of(meeting_date).previous
    meeting = Meeting(
        title=title.strip(),
        date=meeting_date,
        chair=chair.strip(),
        classification=classification,
        period_start=period.start,
        period_end=period.end,
        database=database,
    )
    _check(meeting)
    return Minutes(meeting)


def carry_forward(
    previous: Minutes,
    *,
    title: str | None = None,
    chair: str | None = None,
    meeting_date: date | None = None,
    classification: str | None = None,
    period: Period | None = None,
    database: str | None = None,
) -> Minutes:
    """The next meeting's minutes: open actions carried forward, attendees expected (not recorded).

    Title, chair, classification and database are copied unless given; the date defaults
    to today and the period to the calendar month before the meeting.
    """
    old = previous.meeting
    fresh = new_minutes(
        title=title or old.title,
        chair=chair or old.chair,
        meeting_date=meeting_date,
        classification=classification or old.classification,
        period=period,
        database=database if database is not None else old.database,
    )
    attendees = [dataclasses.replace(a, status=NOT_RECORDED) for a in previous.attendees]
    actions = [a for a in previous.actions if a.is_open]
    highest = previous.highest_action_number()
    carried = Minutes(fresh.meeting, tuple(attendees), (), tuple(actions))
    last_id = format_action_id(highest) if highest > carried.highest_action_number() else None
    return dataclasses.replace(carried, last_action_id=last_id)


def _check_years(what: str, shown: str, year: int) -> None:
    """Refuse before any period arithmetic: year 1 has no month before it, 9999 none after."""
    why = meeting_year_problem(what, shown, year)
    if why is not None:
        raise UsageError(
            why + ".",
            "psg-tui works out the reporting period and the next meeting from it; "
            "give a date such as 2026-11-20 (--date) or a month such as 2026-10 (--period).",
        )


def _check(meeting: Meeting) -> None:
    problems: list[Problem] = []
    read_meeting(Table(meeting_table(meeting), "", (), problems, None))
    if problems:
        raise MinutesInputError(problems)
