"""An action's RAG status, the same in the tracker, the area view and the exports."""

from __future__ import annotations

from datetime import date, timedelta

from psg_tui.core.minutes.model import Action

DUE_SOON = timedelta(days=7)


def action_rag(action: Action, as_of: date) -> str:
    """done: blue; dropped: grey; overdue: red; due within 7 days: amber; otherwise green."""
    if action.status == "done":
        return "blue"
    if action.status == "dropped":
        return "grey"
    if action.due < as_of:
        return "red"
    if action.due <= as_of + DUE_SOON:
        return "amber"
    return "green"
