"""Hypothesis puts hostile text in every place a meeting holds text and walks every screen.

Each example fills the database (area, location, category, premises, the database's title)
and the minutes (attendee, role, agency, action, priority, note, decision) with strings built
from Rich/Textual markup, `[/]`, `[link=...]`, `[@click=...]`, ANSI and OSC-8 sequences, BEL,
NUL, C1 controls, bidi overrides, zero-width characters, right-to-left script and very long
runs, then drives the overview, area view, tracker (and its filter lists), agenda, graphs,
the edit and update forms, the command palette and the help, and checks on each screen:
the app is still running, no control character is drawn (it would reach the terminal), the
values are visible as typed where the screen shows them, and with privacy mode on the
person's name is not shown.

The Hypothesis profile sets how many examples run (3 by default: about 20 s on a quiet machine;
30 with HYPOTHESIS_PROFILE=explore), or PSG_HOSTILE_EXAMPLES; SECURITY.md records a longer run.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from psg_tui.dialogs.action_form import ActionForm
from psg_tui.dialogs.update_form import UpdateForm
from psg_tui.screens.district import DistrictScreen
from tests.examples import PER_WALK
from tests.ui.hostile import (
    control_characters_drawn,
    drawn_text,
    hostile_app,
    hostile_database,
    on_screen,
    seen,
)

FRAGMENTS = [
    "[/]", "[b]", "[/b]", "[link=https://evil.example]x[/link]", "[@click=app.quit]y[/]",
    "[on red]", "[$x]", "\\[", "[", "]", "[bold", "\x1b[31m", "\x1b[2J", "\x1b[8m",
    "\x1b]8;;https://evil.example\x1b\\", "\x1b]8;;\x1b\\", "\x1b]0;title\x07", "\x1b]52;c;ZXZpbA==\x07",
    "\x07", "\x00", "\x9b", "\x85", "\u202e", "\u2066", "\u200b", "\u200f", "\ufeff", "\u00ad",
    "שלום", "مرحبا", "👩‍👩‍👧", "e\u0301", "{0}", "%s", "\t", "\n", "\r\n", "x" * 3000,
]  # fmt: skip
DATABASE_FIELDS = ("area", "location", "category", "premises", "title")
MINUTES_FIELDS = ("agency", "role", "action", "priority", "note", "decision")
# As many examples as the profile gives a walk of every screen, or PSG_HOSTILE_EXAMPLES.
EXAMPLES = PER_WALK
if "PSG_HOSTILE_EXAMPLES" in os.environ:
    EXAMPLES = settings(PER_WALK, max_examples=int(os.environ["PSG_HOSTILE_EXAMPLES"]))

part = st.one_of(st.sampled_from(FRAGMENTS), st.text(min_size=1, max_size=12))
hostile = st.lists(part, min_size=1, max_size=4).map("".join).filter(lambda s: len(s.strip()) > 1)
texts = st.fixed_dictionaries({name: hostile for name in DATABASE_FIELDS + MINUTES_FIELDS})
# The person keeps a name's shape so privacy mode has something to hide: 'Zoe <hostile> Quist'.
people = hostile.map(lambda s: f"Zoe {s.strip()} Quist")


def one_line(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


async def walk(app, pilot, text: dict[str, str]) -> None:
    frame: list[str] = []

    async def visit(*keys: str, pause: float = 0.0) -> None:
        await pilot.press(*keys)
        await pilot.pause(pause)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
        frame[:] = drawn_text(app)
        assert control_characters_drawn(app, frame) == [], keys

    def shows(value: str, length: int = 8) -> bool:
        return on_screen(app, value, length, lines=frame)

    stored = app.minutes_store.minutes
    action = stored.actions[0]
    await visit()
    assert shows(text["area"])
    await visit("n")
    assert shows(text["area"])
    app.screen.query_one("#area-minutes").scroll_visible(
        animate=False
    )  # this meeting's actions, below the panels
    await visit()
    assert shows(one_line(action.title))
    await visit("D")  # the district view: hostile categories, titles and owners drawn as text
    assert isinstance(app.screen, DistrictScreen)
    await visit("t")
    assert shows(one_line(action.owner)) and shows(one_line(action.agency))
    await visit("f", "tab", "enter", pause=0.1)  # the agency filter's list
    assert shows(one_line(action.agency))
    await visit("enter")
    app.screen.query_one("#tracker-table").focus()
    await visit("enter")  # the edit form, filled in from the minutes
    assert isinstance(app.screen, ActionForm)
    await visit("ctrl+g", "u")
    assert isinstance(app.screen, UpdateForm)
    assert shows(one_line(stored.actions[0].updates[-1].note)[:20], length=6)
    await visit("ctrl+g", "m")
    person = stored.attendees[0]
    if len(seen(person.name) + seen(person.agency)) < 100:  # the role column is then on screen
        assert shows(one_line(person.role or ""))
    await visit("n", "n")  # the first area, with its notes and decisions
    await visit("g", pause=0.3)
    await visit("ctrl+p", pause=0.1)
    await visit(*"Go to", pause=0.3)
    await visit("escape", "escape")  # blank (the palette closes), and back
    await visit("question_mark")
    await visit("q", "t", "h")  # privacy mode: the person's name is not on screen
    for _ in ("tracker", "agenda"):
        assert not re.search(r"(?<!\w)Quist(?!\w)", " ".join(frame))
        await visit("m")


@EXAMPLES
@given(text=texts, person=people)
async def test_hostile_text_on_every_screen(text: dict[str, str], person: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        db = hostile_database(tmp, text)
        app = hostile_app(db, tmp / "m.toml", {**text, "person": person})
        async with app.run_test(size=(160, 60)) as pilot:
            await pilot.pause()
            await walk(app, pilot, text)
