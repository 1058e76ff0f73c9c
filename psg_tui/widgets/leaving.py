"""Fields on the dashboard's own screens that the chair can always leave.

A box on a screen (the next meeting's date, a decision, the tracker's search) takes every
letter while it has the focus, so the screen's keys (n, p, o, ...) would be typed into it.
ctrl+g, tab and shift+tab always leave it: the focus goes to the place the screen names, or
nowhere, and the screen's keys work again. Forms are different: there tab moves between fields.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input

LEAVE_KEYS = "ctrl+g,tab,shift+tab"


class LeavableInput(Input):
    """An Input that ctrl+g, tab and shift+tab leave. `leave_to` is a selector on the screen
    for where the focus goes (nowhere if it is None or not shown)."""

    BINDINGS = [Binding(LEAVE_KEYS, "leave", "Leave the box", show=False)]

    def __init__(self, *args: object, leave_to: str | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.leave_to = leave_to

    def action_leave(self) -> None:
        target = self.screen.query(self.leave_to).first() if self.leave_to else None
        if target is not None and target.display and target.focusable:
            target.focus()
        else:
            self.screen.set_focus(None)
