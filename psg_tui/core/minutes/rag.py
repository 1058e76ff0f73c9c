"""An action's RAG status and whether it is overdue: the same in the tracker, the area view, the
agenda and the exports, all reckoned from the same date (see `reckoning_date`)."""

from __future__ import annotations

from datetime import date, timedelta

from psg_tui.core.minutes.model import Action, Minutes

DUE_SOON = timedelta(days=7)


def action_rag(action: Action, as_of: date) -> str:
    """done: blue; dropped: grey; overdue: red; due within 7 days, or blocked: amber; otherwise
    green. A blocked action is never green: it is not on track, whatever its due date says."""
    if action.status == "done":
        return "blue"
    if action.status == "dropped":
        return "grey"
    if action.due < as_of:
        return "red"
    if action.due <= as_of + DUE_SOON or action.status == "blocked":
        return "amber"
    return "green"


def reckoning_date(minutes: Minutes) -> date:
    """The date overdue and RAG are reckoned from, everywhere: the meeting's own date.

    Not today (minutes read a week later would call last week's actions overdue that the
    meeting saw on track) and not the database's as-of date (the data's last day, not the
    meeting's): at a 3 December meeting an action due on 30 November is overdue.
    """
    return minutes.meeting.date


def is_overdue(action: Action, minutes: Minutes) -> bool:
    """Open and due before the meeting's date."""
    return action.is_overdue(reckoning_date(minutes))
