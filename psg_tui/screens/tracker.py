"""The action tracker: every action of the meeting, filtered and sorted, edited in place."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Checkbox, DataTable, Input, Select, Static

from psg_tui.core.minutes import ACTION_STATUSES, Action
from psg_tui.screens.base import ActionsScreen
from psg_tui.widgets.actions_table import (
    action_detail,
    fill_actions_table,
    for_screen,
    hidden_note,
    matches,
    selected_action_id,
)
from psg_tui.widgets.cells import choice, literal
from psg_tui.widgets.fit import FittedTable
from psg_tui.widgets.footer import SteadyFooter
from psg_tui.widgets.leaving import LeavableInput
from psg_tui.widgets.meeting_bar import MeetingBar
from psg_tui.widgets.tickbox import TickBox

OPEN = "__open__"


class TrackerScreen(ActionsScreen):
    BINDINGS = [
        *ActionsScreen.ACTION_BINDINGS,
        Binding("enter", "edit", "Edit"),
        Binding("s", "sort", "Sort"),
        Binding("f", "filters", "Filter"),
        Binding(
            "slash",
            "search",
            "Search",
            key_display="/",
            tooltip="every word in the title, owner, agency, area or notes; enter goes back to the table",
        ),
    ]
    actions_table_id = "tracker-table"

    sort_by_due = True
    hidden = 0  # restricted actions left out in privacy mode
    _drawn: tuple[int, tuple[Action, ...]] = (0, ())

    def compose(self) -> ComposeResult:
        yield MeetingBar()
        yield Static(id="tracker-heading", classes="heading")
        with Horizontal(id="tracker-filters"):
            yield Select([], id="filter-area", prompt="Any area", compact=True)
            yield Select([], id="filter-agency", prompt="Any agency", compact=True)
            yield Select(
                [("Open (not done/dropped)", OPEN), *((s, s) for s in ACTION_STATUSES)],
                id="filter-status",
                prompt="Any status",
                compact=True,
            )
            yield TickBox("Overdue only", id="filter-overdue", compact=True)
        yield LeavableInput(
            id="tracker-search",
            placeholder="Search titles, people, agencies, areas, notes",
            compact=True,
            leave_to="#tracker-table",
        )
        yield FittedTable(id="tracker-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="tracker-detail")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.decorate()
        self.query_one("#tracker-search").display = False
        self.watch_context("minutes_version", self.refresh_actions)
        self.query_one("#tracker-table").focus()

    def on_screen_resume(self) -> None:
        self.decorate()
        self.refresh_actions()

    def visible_actions(self) -> list[Action]:
        minutes = self.context.minutes_store.minutes
        as_of = self.overdue_date
        area = self.query_one("#filter-area", Select).value
        agency = self.query_one("#filter-agency", Select).value
        status = self.query_one("#filter-status", Select).value
        overdue = self.query_one("#filter-overdue", Checkbox).value
        words = self.search_words
        app = self.context
        shown = [
            a
            for a in minutes.actions
            if (area is Select.NULL or a.area == area)
            and (agency is Select.NULL or a.agency == agency)
            and (status is Select.NULL or (a.is_open if status == OPEN else a.status == status))
            and (not overdue or a.is_overdue(as_of))
            and (not words or matches(a, words, app.area_names, app.shown, app.shown_name))
        ]
        key = (lambda a: (a.due, a.id)) if self.sort_by_due else (lambda a: a.id)
        shown, self.hidden = for_screen(shown, self.context.privacy)
        return sorted(shown, key=key)

    def refresh_actions(self, *_: object) -> None:
        if self.context.minutes is None:
            return
        minutes = self.context.minutes_store.minutes
        self._refresh_choices(minutes.actions)
        shown = self.visible_actions()
        self._drawn = (self._drawn[0] + 1, tuple(shown))
        fill_actions_table(
            self.query_one("#tracker-table", FittedTable),
            shown,
            as_of=self.overdue_date,
            area_names=self.context.area_names,
            shown=self.context.shown,
            shown_name=self.context.shown_name,
            select=self.context.minutes.just_added,
        )
        as_of = self.overdue_date
        open_count = sum(a.is_open for a in minutes.actions)
        overdue = sum(a.is_overdue(as_of) for a in minutes.actions)
        heading = Text.assemble(
            ("Actions", "bold"),
            f"  {len(shown)} shown of {len(minutes.actions)} · {open_count} open · ",
            (f"{overdue} overdue", "bold red" if overdue else ""),
            (f" · {hidden_note(self.hidden)}" if self.hidden else "", "bold"),
            f" · sorted by {'due date' if self.sort_by_due else 'id'}",
            literal(f" · matching '{self.search_words}'" if self.search_words else "", "bold"),
            " · saved to ",
            literal(str(self.context.minutes_store.path), "underline"),
        )
        self.query_one("#tracker-heading", Static).update(heading)
        self._show_detail()

    @property
    def drawn(self) -> tuple[int, tuple[Action, ...]] | None:
        """What the table lists now, in its order, numbered by each redraw (what followers are
        sent); None before the first."""
        return self._drawn if self._drawn[0] else None

    @property
    def selected_id(self) -> str | None:
        """The action the cursor is on: the one the chair is talking about."""
        return selected_action_id(self.query_one("#tracker-table", DataTable))

    @property
    def search_words(self) -> str:
        return self.query_one("#tracker-search", Input).value.strip()

    def _show_detail(self) -> None:
        """The selected action in full beneath the table: what a narrow screen cuts or leaves out."""
        detail = self.query_one("#tracker-detail", Static)
        action_id = selected_action_id(self.query_one("#tracker-table", DataTable))
        action = self.context.minutes_store.minutes.get_action(action_id or "")
        if action is None:
            detail.update(Text("No action matches." if self.search_words else "", style="dim"))
            return
        app = self.context
        detail.update(
            action_detail(
                action,
                as_of=app.meeting.as_of,
                area_names=app.area_names,
                shown=app.shown,
                shown_name=app.shown_name,
            )
        )

    @on(DataTable.RowHighlighted, "#tracker-table")
    def _highlighted(self) -> None:
        self._show_detail()

    def _refresh_choices(self, actions: Any) -> None:
        areas = sorted({a.area for a in actions if a.area}, key=lambda i: self.context.area_label(i))
        agencies = sorted({a.agency for a in actions})
        self._set_options("#filter-area", [(self.context.area_label(a), a) for a in areas])
        self._set_options("#filter-agency", [(a, a) for a in agencies])

    def _set_options(self, selector: str, options: list[tuple[str, str]]) -> None:
        """Labels are data: they go in as Text, never as markup for the Select to parse."""
        select = self.query_one(selector, Select)
        if getattr(select, "_psg_options", None) == options:
            return
        value = select.value
        select.set_options([(choice(label), key) for label, key in options])
        select._psg_options = options  # type: ignore[attr-defined]
        if value is not Select.NULL and value in {v for _, v in options}:
            select.value = value

    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(Input.Changed, "#tracker-search")
    def _filter_changed(self) -> None:
        self.refresh_actions()

    def action_search(self) -> None:
        search = self.query_one("#tracker-search", Input)
        search.display = True
        search.focus()

    @on(Input.Submitted, "#tracker-search")
    def _searched(self, event: Input.Submitted) -> None:
        """enter goes back to the table (an empty search also hides the box)."""
        event.input.display = bool(event.value.strip())
        self.query_one("#tracker-table").focus()

    def privacy_changed(self) -> None:
        self.refresh_actions()

    def action_sort(self) -> None:
        self.sort_by_due = not self.sort_by_due
        self.refresh_actions()

    def action_filters(self) -> None:
        self.query_one("#filter-area", Select).focus()
