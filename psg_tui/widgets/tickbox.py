"""A checkbox whose state is a shape, not only a colour: ✓ when on, empty when off.

Textual's Checkbox draws the same X either way and changes only its colour, which a
projector washes out and a colour-blind member cannot read.
"""

from __future__ import annotations

from textual.widgets import Checkbox

ON, OFF = "✓", " "


class TickBox(Checkbox):
    def on_mount(self) -> None:
        self.watch(self, "value", self._show_state)

    def _show_state(self, value: bool) -> None:
        self.BUTTON_INNER = ON if value else OFF
        self.refresh()
