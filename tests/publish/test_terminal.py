"""`psg minutes show`'s rendering: marking top and bottom, groups, overdue standing out, safe text."""

from __future__ import annotations

import io
import re

from rich.cells import cell_len
from rich.console import Console

from psg_tui.core.minutes import read_minutes
from psg_tui.publish import prepare, render_terminal

from .conftest import AS_OF, SAMPLE, hostile


def shown(view, width: int = 120, colour: bool = False) -> str:
    out = io.StringIO()
    console = Console(
        file=out,
        width=width,
        force_terminal=colour,
        color_system="truecolor" if colour else None,
        highlight=False,
    )
    render_terminal(view, console)
    return out.getvalue()


def test_marking_first_and_last():
    lines = [
        line.strip()
        for line in shown(prepare(read_minutes(SAMPLE), as_of=AS_OF)).splitlines()
        if line.strip()
    ]
    assert lines[0] == lines[-1] == "OFFICIAL-SENSITIVE"
    lines = [
        ln.strip() for ln in shown(prepare(hostile(), as_of=AS_OF, redact=True)).splitlines() if ln.strip()
    ]
    assert lines[0] == lines[-1] == "OFFICIAL-SENSITIVE — REDACTED COPY"


def test_actions_grouped_by_agency_with_rag_and_latest_update():
    text = shown(prepare(read_minutes(SAMPLE), as_of=AS_OF), width=160)
    headings = re.findall(r"^(.+?)  (\d+) actions?$", text, re.MULTILINE)
    assert headings == [
        ("A Way Out", "1"),
        ("Change Grow Live", "1"),
        ("Cleveland Fire Brigade", "2"),
        ("Cleveland Police", "4"),
        ("Probation Service", "1"),
        ("Stockton-on-Tees Borough Council", "4"),
        ("Thirteen Group", "2"),
    ]
    assert "Actions (15 actions, 4 overdue)" in text
    row = next(line for line in text.splitlines() if "A-0041" in line)
    assert "Red" in row and "Gareth Lowe" in row and "29 Oct 2026" in row and "blocked" in row
    assert "Latest (15 Oct 2026 10:55, Gareth Lowe): Waiting for the police disclosure" in text
    assert text.count("OVERDUE BY") == 4
    wide = shown(prepare(read_minutes(SAMPLE), as_of=AS_OF), width=300)
    police = next(line for line in wide.splitlines() if line.strip().startswith("Cleveland Police "))
    assert "Rachel Okafor (Chair (Neighbourhood Inspector, Stockton))" in police  # present
    assert "Aisha Karim (Sergeant, Operation Nightfall lead)" in police  # apologies, same agency's row


def test_overdue_stands_out_in_colour():
    text = shown(prepare(read_minutes(SAMPLE), as_of=AS_OF), colour=True)
    assert len(re.findall(r"\x1b\[1;31[;0-9]*mOVERDUE BY", text)) == 4  # bold red
    assert re.search(r"\x1b\[[;0-9]*m Red ", text)


def test_agency_filter_shows_only_that_agency():
    text = shown(prepare(read_minutes(SAMPLE), as_of=AS_OF, agency="CLEVELAND fire brigade"), width=160)
    ids = re.findall(r"A-\d{4}", text)
    assert sorted(set(ids)) == ["A-0045", "A-0047"]
    assert "Actions for Cleveland Fire Brigade only." in text


def test_hostile_text_is_shown_as_typed_at_80_columns():
    text = shown(prepare(hostile(), as_of=AS_OF), width=80)
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    flat = " ".join(text.split())
    for literal in (
        "[bold red]rich[/]",
        "<script>alert('x')</script>",
        "␛[2J␇",
        "⟨U+202E⟩evil",
        "Fire & Rescue <Service>",
    ):
        assert literal in flat, literal
    assert max(cell_len(line) for line in text.splitlines()) <= 80
