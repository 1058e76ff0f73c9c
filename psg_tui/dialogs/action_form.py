"""Add or edit an action. Tab runs title → owner → agency → due date → area → priority.

Owner, agency and priority suggest as you type (right arrow or end takes the suggestion): the
meeting's attendees and actions, then what the database already holds, and the priorities
file's priorities. A value not in the list is allowed and kept as typed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Checkbox, Input, Label, Select

from psg_tui.core.dates import FORMS, DateError, parse_date
from psg_tui.core.errors import PsgError
from psg_tui.core.minutes import Action
from psg_tui.dialogs.form import FormScreen
from psg_tui.widgets.cells import choice
from psg_tui.widgets.tickbox import TickBox

SaveAction = Callable[[dict[str, Any]], str]


class ActionForm(FormScreen):
    """Saves through `save`, which writes the minutes; the form closes only once that succeeded."""

    DEFAULT_CSS = """
    ActionForm Grid { grid-size: 2; grid-columns: 10 1fr; grid-rows: auto; height: auto; grid-gutter: 0 1; margin: 1 0; }
    """

    def __init__(
        self,
        heading: str,
        save: SaveAction,
        *,
        action: Action | None = None,
        area: str | None = None,
        areas: dict[str, str],
        people: list[str],
        agencies: list[str],
        default_due: date,
        priorities: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self.heading = heading
        self.save = save
        self.action = action
        self.area = action.area if action else area
        self.areas = areas
        self.people = people
        self.agencies = agencies
        self.priorities = list(priorities)
        self.default_due = action.due if action else default_due

    def compose(self) -> ComposeResult:
        action = self.action
        area_choices = [
            (choice(name), area_id) for area_id, name in sorted(self.areas.items(), key=lambda i: i[1])
        ]
        with Vertical():
            yield self.form_heading(self.heading)
            with Grid():
                yield Label("Title")
                yield self.text_input(
                    action.title if action else "", id="title", placeholder="What is to be done", compact=True
                )
                yield Label("Owner")
                yield self.text_input(
                    action.owner if action else "",
                    person=True,
                    id="owner",
                    placeholder="Person responsible",
                    compact=True,
                    suggester=SuggestFromList(self.people, case_sensitive=False),
                )
                yield Label("Agency")
                yield Input(
                    action.agency if action else "",
                    id="agency",
                    placeholder="Their agency",
                    compact=True,
                    suggester=SuggestFromList(self.agencies, case_sensitive=False),
                )
                yield Label("Due")
                yield Input(self.default_due.isoformat(), id="due", placeholder=FORMS, compact=True)
                yield Label("Area")
                yield Select(
                    area_choices,
                    id="area",
                    prompt="(no area)",
                    compact=True,
                    value=self.area if self.area in self.areas else Select.NULL,
                )
                yield Label("Priority")
                yield self.text_input(
                    action.priority or "" if action else "",
                    id="priority",
                    placeholder="optional",
                    compact=True,
                    suggester=SuggestFromList(self.priorities, case_sensitive=False),
                )
                yield Label("")
                yield TickBox(
                    "Restricted (left out of redacted copies)",
                    action.restricted if action else False,
                    id="restricted",
                    compact=True,
                )
            yield from self.form_buttons()

    def on_mount(self) -> None:
        for title in self.query("#title"):
            title.focus()

    def values(self) -> dict[str, Any]:
        area = self.query_one("#area", Select).value
        return {
            "title": self.query_one("#title", Input).value,
            "owner": self.query_one("#owner", Input).value,
            "agency": self.query_one("#agency", Input).value,
            "due": self.query_one("#due", Input).value.strip(),
            "area": None if area is Select.NULL else area,
            "priority": self.query_one("#priority", Input).value,
            "restricted": self.query_one("#restricted", Checkbox).value,
        }

    def action_save(self) -> None:
        values = self.values()
        missing = [name for name in ("title", "owner", "agency") if not values[name].strip()]
        if missing:
            self.show_error(f"{missing[0].capitalize()} is needed.", missing[0])
            return
        try:
            values["due"] = parse_date(values["due"], "Due date")
        except DateError as error:
            self.show_error(str(error), "due")
            return
        try:
            saved = self.save(values)
        except PsgError as error:
            problems = getattr(error, "problems", None) or [None]
            self.show_error(str(error), getattr(problems[0], "field", None))
            return
        self.dismiss(saved)
