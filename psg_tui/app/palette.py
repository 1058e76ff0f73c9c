"""'Go to area: …' in the command palette, best match first.

Textual's palette sorts hits by the fuzzy matcher's score, and the matcher scores every name
that contains the typed text alike: typing "Village" ranks "Go to area: Hartburn Village"
level with "Go to area: Village", and the tie goes to whichever came first. Here an area
whose name is what was typed comes first, then names starting with it, then names with a
word starting with it, then any other match; the palette highlights the first hit, so
enter opens it.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

if TYPE_CHECKING:
    from psg_tui.app.app import PsgApp


def closeness(typed: str, name: str) -> float:
    """How much better than a fuzzy match `name` fits what was typed (1: no better)."""
    typed, name = typed.casefold().strip(), name.casefold()
    if not typed:
        return 1.0
    if name == typed:
        return 4.0
    if name.startswith(typed):
        return 3.0
    if any(word.startswith(typed) for word in name.split()):
        return 2.0
    return 1.0


class AreaCommands(Provider):
    def _areas(self) -> list[tuple[str, str]]:
        app = cast("PsgApp", self.app)
        return sorted(app.area_names.items(), key=lambda item: item[1])

    def _go(self, area_id: str) -> None:
        cast("PsgApp", self.app).show_area(area_id)

    async def discover(self) -> Hits:
        for area_id, name in self._areas():
            yield DiscoveryHit(
                f"Go to area: {name}", partial(self._go, area_id), help=f"Show {escape(name)}'s panels"
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for area_id, name in self._areas():
            text = f"Go to area: {name}"
            if (score := matcher.match(text)) > 0:
                yield Hit(
                    score * closeness(query, name),
                    matcher.highlight(text),
                    partial(self._go, area_id),
                    text=text,
                    help=f"Show {escape(name)}'s panels",
                )
