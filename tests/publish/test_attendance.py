"""Attendance: until the chair marks someone, they are "not recorded" — in the minutes file, on
the terminal, in Markdown and in HTML — never "absent"; minutes written with only present,
apologies and absent read and export as before."""

from __future__ import annotations

import dataclasses
import io

import html5lib
from rich.console import Console

from psg_tui.core.minutes import carry_forward, dump_minutes, parse_minutes, read_minutes
from psg_tui.publish import prepare, render_html, render_markdown, render_terminal

from .conftest import AS_OF, SAMPLE, hostile


def _skipped_roll_call():
    """The next meeting's minutes, carried forward, with nobody marked but the chair."""
    minutes = carry_forward(hostile())
    chair, *others = minutes.attendees
    return dataclasses.replace(minutes, attendees=(dataclasses.replace(chair, status="present"), *others))


def _terminal(view) -> str:
    out = io.StringIO()
    render_terminal(view, Console(file=out, width=160, highlight=False))
    return out.getvalue()


def test_carried_forward_attendees_are_not_recorded_and_the_file_round_trips() -> None:
    minutes = _skipped_roll_call()
    assert [a.status for a in minutes.attendees] == ["present"] + ["not-recorded"] * 4
    text = dump_minutes(minutes)
    assert 'status = "not-recorded"' in text and 'status = "absent"' not in text
    assert parse_minutes(text) == minutes


def test_exports_say_not_recorded_never_absent() -> None:
    view = prepare(_skipped_roll_call(), as_of=AS_OF)
    markdown = render_markdown(view)
    assert "**Not recorded:**" in markdown and "**Absent:**" not in markdown
    page = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(render_html(view))
    [table] = [t for t in page.iter("table") if "attendance" in t.get("class", "")]
    headings = [
        " ".join("".join(th.itertext()).split()) for th in table.iter("th") if th.get("scope") == "col"
    ]
    assert headings == ["Agency", "Present", "Apologies", "Absent", "Not recorded"]
    shown = _terminal(view)
    assert "Not recorded" in shown and "Li Wei" in shown


def test_minutes_without_anyone_unrecorded_export_as_before() -> None:
    view = prepare(read_minutes(SAMPLE), as_of=AS_OF)
    assert [h for h, _ in view.attendance_columns] == ["Present", "Apologies", "Absent"]
    assert "Not recorded" not in render_markdown(view) + render_html(view) + _terminal(view)
    old = prepare(hostile(), as_of=AS_OF)  # written with "absent": still absent
    assert "**Absent:** Li Wei" in render_markdown(old)
