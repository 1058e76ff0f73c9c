"""Add an update to an action's history, optionally moving its status."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Select, Static

from psg_tui.core.errors import PsgError
from psg_tui.core.minutes import ACTION_STATUSES, Action
from psg_tui.dialogs.form import FormScreen
from psg_tui.widgets.cells import literal

SaveUpdate = Callable[[str, str | None], str]


class UpdateForm(FormScreen):
    DEFAULT_CSS = """
    UpdateForm Input, UpdateForm Select { margin: 1 0 0 0; }
    """

    def __init__(self, action: Action, save: SaveUpdate) -> None:
        super().__init__()
        self.action = action
        self.save = save

    def compose(self) -> ComposeResult:
        latest = self.action.last_update
        with Vertical():
            yield self.form_heading(f"Update {self.action.id}")
            yield Static(literal(self.shown(self.action.title)))
            if latest is not None:
                last = (
                    f"Last: {latest.at:%d %b %H:%M} {self.shown_name(latest.by)}: {self.shown(latest.note)}"
                )
                yield Static(literal(last), classes="dim")
            yield self.text_input(
                id="note",
                placeholder="What has happened (e.g. 'Warning drafted; serving this week')",
                compact=True,
            )
            yield Select(
                [(f"status: {s}", s) for s in ACTION_STATUSES],
                id="status",
                value=self.action.status,
                allow_blank=False,
                compact=True,
            )
            yield from self.form_buttons()

    def on_mount(self) -> None:
        self.query_one("#note", Input).focus()

    def action_save(self) -> None:
        note = self.query_one("#note", Input).value
        status = self.query_one("#status", Select).value
        moved = status if isinstance(status, str) and status != self.action.status else None
        if not note.strip() and moved is None:
            self.show_error("Write a note, or choose a new status.", "note")
            return
        try:
            saved = self.save(note, moved)
        except PsgError as error:
            self.show_error(str(error))
            return
        self.dismiss(saved)

    @on(Input.Submitted, "#note")
    def _submitted(self) -> None:
        self.action_save()
