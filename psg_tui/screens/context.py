"""What a dashboard screen may know of the meeting: a small, typed context the app hands it.

Screens never import the app. Each is built with a `MeetingContext` (in the dashboard, the
app itself, which composes them; in a test, any stand-in that has these names), reads the
meeting through it, watches its reactive state (`area_id`, `operation_id`, `period`, `privacy`,
`minutes_version`, `rank_by_rate`: the context is a Textual node, so `screen.watch(context, "period", …)`
works) and asks its `minutes` to change the minutes. Anything else a screen needs of the
dashboard is a message it posts or a key's action it names.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any, Protocol

from textual.screen import Screen

from psg_tui.core.meeting import Meeting
from psg_tui.core.minutes import MinutesStore
from psg_tui.core.operations import Operation
from psg_tui.core.periods import Period
from psg_tui.core.queries import QueryResult
from psg_tui.widgets.meeting_bar import MeetingBar
from psg_tui.widgets.shown import Shown


class MinutesActions(Protocol):
    """The chair's changes to the minutes: each is on disk before the screen says so."""

    @property
    def store(self) -> MinutesStore: ...

    @property
    def just_added(self) -> str | None: ...

    def add(self, area: str | None) -> None: ...
    def edit(self, action_id: str) -> None: ...
    def update(self, action_id: str) -> None: ...
    def done(self, action_id: str) -> bool: ...
    def note(self, action_id: str, text: str) -> bool: ...
    def undo(self) -> None: ...
    def set_next_meeting(self, text: str) -> bool: ...
    def set_area_notes(self, area: str, notes: str) -> bool: ...
    def add_decision(self, area: str, text: str) -> bool: ...
    def set_attendee(self, name: str, agency: str, status: str, role: str | None) -> bool: ...


class MeetingContext(Shown, Protocol):
    """The meeting as every screen sees it (privacy-aware text comes from `Shown`)."""

    meeting: Meeting
    clock: Callable[[], datetime]
    # Reactive: screens watch these.
    area_id: str | None
    operation_id: str | None
    period: Period
    minutes_version: int
    rank_by_rate: bool  # the overview ranks by incidents per 1,000 residents (n/p follow it)
    # The database's operations, oldest start first (the operation view shows `operation_id`'s).
    operations: list[Operation]
    # The areas: names by id, and the overview's order of concern with its rows.
    area_names: dict[str, str]
    area_order: list[str]
    overview_rows: dict[str, dict[str, Any]]

    @property
    def minutes(self) -> MinutesActions: ...
    @property
    def minutes_store(self) -> MinutesStore: ...

    def area_label(self, area_id: str) -> str: ...
    def area_position(self, area_id: str) -> str: ...
    def areas_within(self, area_id: str) -> set[str]: ...
    def set_area_order(self, overview: QueryResult) -> None: ...
    def show_area(self, area_id: str) -> None: ...
    def show_operation(self, operation_id: str | None) -> None: ...
    def decorate_bar(self, bar: MeetingBar) -> None: ...
    def keys_as_on(self, screen: Screen[Any]) -> AbstractContextManager[None]: ...


STILL_LOADING = "The areas are still loading."


class InAreaOrder(Protocol):
    """The current area and the overview's order: what stepping through the areas reads."""

    @property
    def area_id(self) -> str | None: ...
    @property
    def area_order(self) -> list[str]: ...


def area_stepped(context: InAreaOrder, step: int) -> str | None:
    """The area `step` places on from the context's in the overview's order, wrapping round
    (from no area, or one not in the order, `n` starts at the first and `p` at the last); None
    while the order is still loading."""
    order = context.area_order
    if not order:
        return None
    if context.area_id not in order:
        return order[0 if step > 0 else -1]
    return order[(order.index(context.area_id) + step) % len(order)]
