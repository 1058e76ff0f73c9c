"""Add someone to the attendance list (or correct their agency or role)."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.widgets import Input, Label, Select

from psg_tui.core.errors import PsgError
from psg_tui.core.minutes import ATTENDEE_STATUSES
from psg_tui.dialogs.form import FormScreen

SaveAttendee = Callable[[str, str, str, str | None], str]


class AttendeeForm(FormScreen):
    DEFAULT_CSS = """
    AttendeeForm Grid { grid-size: 2; grid-columns: 10 1fr; grid-rows: auto; height: auto; grid-gutter: 0 1; margin: 1 0; }
    """

    def __init__(self, save: SaveAttendee, agencies: list[str]) -> None:
        super().__init__()
        self.save = save
        self.agencies = agencies

    def compose(self) -> ComposeResult:
        from textual.suggester import SuggestFromList

        with Vertical():
            yield self.form_heading("Add to attendance")
            with Grid():
                yield Label("Name")
                yield self.text_input(id="name", person=True, placeholder="Full name", compact=True)
                yield Label("Agency")
                yield Input(
                    id="agency",
                    placeholder="Their agency",
                    compact=True,
                    suggester=SuggestFromList(self.agencies, case_sensitive=False),
                )
                yield Label("Role")
                yield self.text_input(id="role", placeholder="optional, e.g. ASB officer", compact=True)
                yield Label("Status")
                yield Select(
                    [(s.replace("-", " "), s) for s in ATTENDEE_STATUSES],
                    id="status",
                    value="present",
                    allow_blank=False,
                    compact=True,
                )
            yield from self.form_buttons()

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def action_save(self) -> None:
        name = self.query_one("#name", Input).value.strip()
        agency = self.query_one("#agency", Input).value.strip()
        if not name or not agency:
            self.show_error("Name and agency are needed.", "name" if not name else "agency")
            return
        role = self.query_one("#role", Input).value.strip() or None
        status = str(self.query_one("#status", Select).value)
        try:
            self.dismiss(self.save(name, agency, status, role))
        except PsgError as error:
            self.show_error(str(error))
