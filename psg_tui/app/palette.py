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

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.app import SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from psg_tui.widgets.cells import literal_content

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


def _highlighted(matcher: Matcher, name: str) -> Content:
    content = literal_content(name)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, content.plain)
    for offset in offsets:
        if not content.plain[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class AreaCommands(Provider):
    def _areas(self) -> list[tuple[str, str]]:
        app = cast("PsgApp", self.app)
        return sorted(app.area_names.items(), key=lambda item: item[1])

    def _go(self, area_id: str) -> None:
        cast("PsgApp", self.app).show_area(area_id)

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


def dashboard_commands(app: PsgApp) -> Iterable[SystemCommand]:
    """Every action of the dashboard by name, with its key; and each month of the data."""
    yield SystemCommand("Overview", "All areas ranked by concern (o)", app.action_overview)
    yield SystemCommand("Next area", "Show the next area by concern (n)", app.action_next_area)
    yield SystemCommand("Previous area", "Show the previous area by concern (p)", app.action_previous_area)
    yield SystemCommand("Next month", "Move the reporting period on a month (])", app.action_next_period)
    yield SystemCommand(
        "Previous month", "Move the reporting period back a month ([)", app.action_previous_period
    )
    yield SystemCommand("Reload data", "Reopen the database after an import (r)", app.action_reload)
    yield SystemCommand(
        "Privacy mode",
        "Show names as initials and hide addresses, or show them again (h)",
        app.action_toggle_privacy,
    )
    yield SystemCommand(
        "Hide the screen",
        "Blank the screen at once; the same key brings it back (esc, f12, ctrl+b)",
        app.action_blank,
    )
    yield SystemCommand(
        "High-contrast theme",
        "Switch between the projector theme and the normal one (c)",
        app.action_toggle_contrast,
    )
    yield SystemCommand("Action tracker", "Every action of this meeting (t)", app.action_tracker)
    yield SystemCommand("Agenda mode", "Run the meeting item by item, with a clock (m)", app.action_agenda)
    yield SystemCommand("Add an action", "Raise a new action for the current area (a)", app.action_add_action)
    yield SystemCommand(
        "Undo the last change", "Undo the last change to the minutes (ctrl+z)", app.action_undo
    )
    yield SystemCommand(
        "Reload minutes from disk",
        "After the file was changed outside this screen (R)",
        app.action_reload_minutes,
    )
    yield SystemCommand("Keys and help", "Every key, and how areas are ranked (?)", app.action_help)
    # "Go to area: …" comes from AreaCommands, which puts the best match first.
    for month in reversed(app.meeting.coverage.months):
        yield SystemCommand(
            f"Period: {month.label}",
            f"Report on {month.label} against {month.previous.label}",
            lambda m=month: setattr(app, "period", m),
        )
