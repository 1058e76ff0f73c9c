"""What a follower's browser shows of the chair's screen, as escaped HTML.

The dashboard builds a `FollowView` from what its screen already holds (already masked: see
`psg_tui.app.sharing`); this module only renders it. Rendering goes through the same Jinja2
environment as the HTML minutes, with autoescaping on, and every string passes through
`visible` first, so markup, control characters and bidi tricks in any name reach the page as
text. The page loads nothing from elsewhere and runs no inline script.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from markupsafe import Markup

from psg_tui.core.safe_text import visible
from psg_tui.core.text import bounded, one_line
from psg_tui.publish.templating import template

BLANK_TEXT = "The chair has hidden the screen"
ENDED_TEXT = "The meeting's share has ended"


@dataclass(frozen=True)
class FollowTable:
    """One panel: its title is the table's caption; `numeric` right-aligns a column."""

    caption: str
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    numeric: tuple[bool, ...] = ()
    note: str = ""  # said instead of (or under) the table: no rows, still loading, failed
    current: int | None = None  # the row of the area the chair is on (the overview's highlight)


@dataclass(frozen=True)
class FollowView:
    state: Literal["view", "blank", "ended"]
    marking: str = ""
    title: str = ""
    detail: str = ""
    heading: str = ""
    subheading: str = ""
    tables: tuple[FollowTable, ...] = ()
    notes: tuple[str, ...] = ()
    privacy: bool = True
    status: str = field(default="")  # one line for the page's live region

    @property
    def announcement(self) -> str:
        if self.state == "blank":
            return BLANK_TEXT
        if self.state == "ended":
            return ENDED_TEXT
        return self.status or self.heading

    @property
    def page_title(self) -> str:
        if self.state == "view":
            return f"{self.marking} · {self.heading} · following the chair"
        return f"{self.announcement} · following the chair"


def blank_view(marking: str) -> FollowView:
    """Nothing but the sentence: not even the meeting's title."""
    return FollowView("blank", marking=marking)


def ended_view(marking: str) -> FollowView:
    return FollowView("ended", marking=marking)


def _text(value: Any) -> Any:
    """Every value the templates print: one safe line, cut like the screen cuts it."""
    if isinstance(value, str) and not isinstance(value, Markup):  # Markup: a rendered part
        return one_line(visible(bounded(value)))
    return value


def render_view(view: FollowView) -> str:
    """The part of the page that follows the chair (the inside of its `<main>`)."""
    return template("follow_view.html.j2", autoescape=True, finalize=_text).render(view=view)


def render_page(*, body: str, title: str, status: str, assets: str, events: str) -> str:
    """The whole page around `body` (render_view's output): `assets` is the folder URL of its
    script and style, `events` its stream."""
    return template("follow_page.html.j2", autoescape=True, finalize=_text).render(
        body=Markup(body), title=title, status=status, assets=assets, events=events
    )
