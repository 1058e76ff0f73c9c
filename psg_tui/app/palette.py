"""'Go to area: …' in the command palette, best match first.

Textual's palette sorts hits by the fuzzy matcher's score, and the matcher scores every name
that contains the typed text alike: typing "Village" ranks "Go to area: Hartburn Village"
level with "Go to area: Village", and the tie goes to whichever came first. Here an area
whose name is what was typed comes first, then names starting with it, then names with a
word starting with it, then any other match; the palette highlights the first hit, so
enter opens it.

Textual's palette reads a hit's name and help as markup, so an area called
`Evil [link=…]x[/link]` would crash it (or draw a live link): here both are Content, shown as
typed, and the fuzzy match is highlighted on the plain name.
"""

from __future__ import annotations

from functools import partial
from typing import cast

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from psg_tui.screens.context import MeetingContext
from psg_tui.widgets.cells import literal_content


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


def _highlighted(matcher: Matcher, name: str) -> Content:
    content = literal_content(name)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, content.plain)
    for offset in offsets:
        if not content.plain[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class AreaCommands(Provider):
    def _areas(self) -> list[tuple[str, str]]:
        return sorted(self._context.area_names.items(), key=lambda item: item[1])

    @property
    def _context(self) -> MeetingContext:
        return cast(MeetingContext, self.app)

    def _go(self, area_id: str) -> None:
        self._context.show_area(area_id)

    async def discover(self) -> Hits:
        for area_id, name in self._areas():
            yield DiscoveryHit(
                literal_content(f"Go to area: {name}"),
                partial(self._go, area_id),
                text=f"Go to area: {name}",
                help=literal_content(f"Show {name}'s panels"),  # type: ignore[arg-type]  # Content passes through
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for area_id, name in self._areas():
            text = f"Go to area: {name}"
            if (score := matcher.match(literal_content(text).plain)) > 0:
                yield Hit(
                    score * closeness(query, name),
                    _highlighted(matcher, text),
                    partial(self._go, area_id),
                    text=text,
                    help=literal_content(f"Show {name}'s panels"),  # type: ignore[arg-type]
                )


class OperationCommands(AreaCommands):
    """'Go to operation: …', ranked the same way."""

    def _areas(self) -> list[tuple[str, str]]:  # (operation id, name), by name
        return sorted(((o.id, o.name) for o in self._context.operations), key=lambda item: item[1])

    def _go(self, area_id: str) -> None:
        self._context.show_operation(area_id)

    async def discover(self) -> Hits:
        for operation_id, name in self._areas():
            yield DiscoveryHit(
                literal_content(f"Go to operation: {name}"),
                partial(self._go, operation_id),
                text=f"Go to operation: {name}",
                help=literal_content(f"What {name} did and whether it helped"),  # type: ignore[arg-type]
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for operation_id, name in self._areas():
            text = f"Go to operation: {name}"
            if (score := matcher.match(literal_content(text).plain)) > 0:
                yield Hit(
                    score * closeness(query, name),
                    _highlighted(matcher, text),
                    partial(self._go, operation_id),
                    text=text,
                    help=literal_content(f"What {name} did and whether it helped"),  # type: ignore[arg-type]
                )


# Every action of the dashboard by name and what it does, with its key: (title, help, action).
DASHBOARD_COMMANDS = (
    ("Overview", "All areas ranked by concern (o)", "overview"),
    ("Next area", "Show the next area by concern (n)", "next_area"),
    (
        "Rank by rate per 1,000",
        "Rank the overview by incidents per 1,000 residents instead of by concern, or back (s on the overview)",
        "toggle_ranking",
    ),
    ("Previous area", "Show the previous area by concern (p)", "previous_area"),
    ("Next month", "Move the reporting period on a month (])", "next_period"),
    ("Previous month", "Move the reporting period back a month ([)", "previous_period"),
    ("Reload data", "Reopen the database after an import (r)", "reload"),
    ("Privacy mode", "Show names as initials and hide addresses, or show them again (h)", "toggle_privacy"),
    ("Hide the screen", "Blank the screen at once; the same key brings it back (esc, f12, ctrl+b)", "blank"),
    ("High-contrast theme", "Switch between the projector theme and the normal one (c)", "toggle_contrast"),
    ("Action tracker", "Every action of this meeting (t)", "tracker"),
    (
        "District view",
        "The strategic assessment: 12-month change by priority, actions' RAG, what residents say (D)",
        "district",
    ),
    ("Operations", "The operations working in the current area, one after another (O)", "operation"),
    ("Agenda mode", "Run the meeting item by item, with a clock (m)", "agenda"),
    ("Add an action", "Raise a new action for the current area (a)", "add_action"),
    ("Undo the last change", "Undo the last change to the minutes (ctrl+z)", "undo"),
    ("Reload minutes from disk", "After the file was changed outside this screen (R)", "reload_minutes"),
    (
        "Share this screen",
        "Let remote members follow this screen in a browser, privacy on; copies the link",
        "share",
    ),
    ("Copy the follow link", "Copy the followers' link and show how many are following", "copy_share_link"),
    ("Keys and help", "Every key, and how areas are ranked (?)", "help"),
)
