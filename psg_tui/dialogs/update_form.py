"""Add an update to an action's history, optionally moving its status."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static

from psg_tui.core.errors import PsgError
from psg_tui.core.minutes import ACTION_STATUSES, Action

SaveUpdate = Callable[[str, str | None], str]


class UpdateForm(ModalScreen[str | None]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel", priority=True),
    ]
    DEFAULT_CSS = """
    UpdateForm { align: center middle; }
    UpdateForm > Vertical {
        width: 90%; max-width: 90; height: auto;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    UpdateForm #form-error { color: $error; height: auto; }
    UpdateForm .buttons { height: auto; align-horizontal: right; }
    UpdateForm Button { margin-left: 2; }
    UpdateForm Input, UpdateForm Select { margin: 1 0 0 0; }
    """

    def __init__(self, action: Action, save: SaveUpdate) -> None:
        super().__init__()
        self.action = action
        self.save = save

    def compose(self) -> ComposeResult:
        latest = self.action.last_update
        with Vertical():
            yield Static(f"[b]Update {self.action.id}[/b]  ctrl+s saves · esc cancels")
            yield Static(self.action.title, markup=False)
            if latest is not None:
                yield Static(
                    f"Last: {latest.at:%d %b %H:%M} {latest.by}: {latest.note}", markup=False, classes="dim"
                )
            yield Input(
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
            yield Static("", id="form-error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#note", Input).focus()

    def action_save(self) -> None:
        note = self.query_one("#note", Input).value
        status = self.query_one("#status", Select).value
        moved = status if isinstance(status, str) and status != self.action.status else None
        if not note.strip() and moved is None:
            self.query_one("#form-error", Static).update("Write a note, or choose a new status.")
            return
        try:
            saved = self.save(note, moved)
        except PsgError as error:
            self.query_one("#form-error", Static).update(str(error))
            return
        self.dismiss(saved)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted, "#note")
    def _submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
