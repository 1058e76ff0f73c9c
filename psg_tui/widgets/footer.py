"""Textual's footer, rebuilt only when what it shows changes.

Textual's `Footer` removes and mounts all of its keys again whenever the screen's bindings may
have changed (every focus change, every screen shown): four times while the area view opens
for the first time and three at start-up, each costing the styles and layout of some fifteen
widgets, though the keys shown were the same each time. This one remembers what it shows
(each key, its description, whether it is enabled, its tooltip) and skips a rebuild that would
show the same.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.widgets import Footer


class SteadyFooter(Footer):
    # What the keys showed when last built (None: nothing built yet).
    _shown: Hashable | None = None

    def _showing(self) -> Hashable:
        bindings = tuple(
            (binding.key, binding.key_display, binding.description, binding.action, enabled, tooltip)
            for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show
        )
        return bindings, self.compact, self.show_command_palette

    def compose(self) -> ComposeResult:
        keys = list(super().compose())
        self._shown = self._showing() if keys else None  # nothing built until the bindings are ready
        yield from keys

    async def recompose(self) -> None:
        if self._shown is not None and self.is_attached and self._showing() == self._shown:
            return
        await super().recompose()
