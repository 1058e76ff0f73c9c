"""The command palette: every action by name, every area, every month.

Textual's own provider reads each command's name and help as markup, so an area called
`Evil [link=…]x[/link]` would crash the palette (or draw a live link). This one shows every
name and help text literally and highlights the fuzzy match on the plain name.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Matcher
from textual.content import Content
from textual.system_commands import SystemCommandsProvider

from psg_tui.widgets.cells import literal_content

if TYPE_CHECKING:
    from psg_tui.app.app import PsgApp


def _highlighted(matcher: Matcher, name: str) -> Content:
    content = literal_content(name)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, content.plain)
    for offset in offsets:
        if not content.plain[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class LiteralCommands(SystemCommandsProvider):
    """The app's system commands, with names and help shown as typed."""

    async def discover(self) -> Hits:
        commands = sorted(self.app.get_system_commands(self.screen), key=lambda command: command[0])
        for name, help_text, callback, discover in commands:
            if discover:
                yield DiscoveryHit(
                    literal_content(name),
                    callback,
                    text=name,
                    help=literal_content(help_text),  # type: ignore[arg-type]  # Content passes through
                )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback, *_ in self.app.get_system_commands(self.screen):
            if (score := matcher.match(literal_content(name).plain)) > 0:
                yield Hit(
                    score,
                    _highlighted(matcher, name),
                    callback,
                    text=name,
                    help=literal_content(help_text),  # type: ignore[arg-type]
                )


def psg_commands(app: PsgApp) -> Iterable[SystemCommand]:
    """Every dashboard action, each area and each month of the data."""
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
        "After the file was changed outside this screen",
        app.action_reload_minutes,
    )
    yield SystemCommand("Keys and help", "Every key, and how areas are ranked (?)", app.action_help)
    for area_id, name in sorted(app.area_names.items(), key=lambda item: item[1]):
        yield SystemCommand(
            f"Go to area: {name}", f"Show {name}'s panels", lambda a=area_id: app.show_area(a)
        )
    for month in reversed(app.meeting.coverage.months):
        yield SystemCommand(
            f"Period: {month.label}",
            f"Report on {month.label} against {month.previous.label}",
            lambda m=month: setattr(app, "period", m),
        )
