"""Textual's footer, rebuilt only when what it shows changes.

Textual's `Footer` removes and mounts all of its keys again whenever the screen's bindings may
have changed (every focus change, every screen shown): four times while the area view opens
for the first time and three at start-up, each costing the styles and layout of some fifteen
widgets, though the keys shown were the same each time. This one remembers what it shows
(each key, its description, whether it is enabled, its tooltip) and skips a rebuild that would
show the same. Its keys are built in the footer's style, not restyled into it one by one.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextlib import AbstractContextManager, nullcontext

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


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
        with self._asking():
            keys = list(super().compose())
            self._shown = self._showing() if keys else None  # nothing built until the bindings are ready
        for key in keys:
            if isinstance(key, FooterKey) and not key.has_class("-command-palette"):
                # Born with the footer's style: a key starts compact and is then bound to the
                # footer's (not compact), each change restyling it (~20 keys, twice each). The
                # palette's key is not bound, and stays compact.
                key.set_reactive(FooterKey.compact, self.compact)
                key.set_class(self.compact, "-compact", update=False)
        yield from keys

    def build_now(self) -> None:
        """Build the keys now, on a screen not yet shown."""
        self._bindings_ready = True
        self.call_later(self.recompose)

    def _asking(self) -> AbstractContextManager[object]:
        """The keys are asked for as on the footer's screen, which may not be the one shown (a
        screen built ahead): a screen that can say which keys are its own says so in here."""
        as_shown: Callable[[], AbstractContextManager[object]] | None = getattr(
            self.screen, "keys_as_shown", None
        )
        return as_shown() if as_shown is not None else nullcontext()

    async def recompose(self) -> None:
        with self._asking():
            same = self._shown is not None and self.is_attached and self._showing() == self._shown
        if same:
            return
        await super().recompose()
