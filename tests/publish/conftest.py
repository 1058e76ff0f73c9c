"""Fixtures for the publishing tests: the sample minutes and a hostile meeting built to break exports."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest

from psg_tui.cli import main
from psg_tui.core.minutes import Action, AreaRecord, Attendee, Meeting, Minutes, Update, read_minutes
from psg_tui.core.minutes.codec import dump_minutes

SAMPLE = Path(__file__).parents[2] / "sample_db" / "minutes" / "2026-10-15-stockton-psg.toml"
AS_OF = date(2026, 11, 8)  # the fixed reference date for RAG in every test

LONG_WORD = "x" * 4000
HOSTILE_NOTES = (
    "<script>alert('x')</script> <img src=x onerror=alert(1)> <!-- hidden --> **bold** _it_ "
    "[link](http://evil.example) ![pic](http://evil.example/p.png) `code` | a | b | [bold red]rich[/] "
    "&amp; &lt; AT&T \x1b[2J\x07 \u202eevil\u202c 🚓👮🏽‍♀️ مرحبا بالعالم שלום\n"
    "# Not a heading\n- not a list\n1. not numbered\n> not a quote\n    not code\n---\n"
    "Dana said the heron by Danaher Street was the same as at Samphire Road. Patel's note; "
    "O’Brien and NAKAMURA and zoë; Wei and Li; Morgan; Blake; Kit; Secretowner; יעל; כהן.\n\n"
    f"{LONG_WORD}\n\n" + "A very long note. " * 1500
)
# Text that only the restricted items hold: none of it may reach a redacted copy.
RESTRICTED_TEXT = ("RESTRICTED-ACTION-9041", "RESTRICTED-NOTE-7731", "RESTRICTED-UPDATE-5521")


def hostile() -> Minutes:
    meeting = Meeting(
        title='Stockton <script>alert("t")</script> & "Quotes" \'n\' Dana Heron’s PSG',
        date=date(2026, 10, 15),
        chair="Insp. Dana Heron",
        classification="OFFICIAL-SENSITIVE",
        period_start=date(2026, 9, 1),
        period_end=date(2026, 9, 30),
        database='x.duckdb"><img src=x onerror=alert(1)>',
        next_meeting=date(2026, 11, 19),
    )
    attendees = [
        Attendee("Dana Heron", "Cleveland Police", "present", "Chair"),
        Attendee("Sam Patel", "Stockton-on-Tees Borough Council", "apologies"),
        Attendee("Zoë O'Brien-Nakamura", "Fire & Rescue <Service>", "present", "Watch Manager"),
        Attendee("יעל כהן", "Change Grow Live", "present", "Outreach (שלום)"),
        Attendee("Li Wei", "Thirteen Group", "absent"),
    ]
    areas = [
        AreaRecord(
            "town-centre<script>",
            HOSTILE_NOTES,
            ["Ask Heron to brief Sam", "Dana-led review of Danaher Street CCTV", "<b>bold</b> decision"],
        ),
        AreaRecord("restricted-area", "RESTRICTED-NOTE-7731 about Sam", [], {"restricted": True}),
    ]

    def action(number: int, title: str, owner: str, agency: str, due: date, status: str = "open", **kw):
        return Action(f"A-{number:04d}", title, owner, agency, date(2026, 9, 17), due, status, **kw)

    actions = [
        action(
            1,
            "Call Dana about <script>alert(1)</script> & the Samphire flats",
            "Sam Patel",
            "Stockton-on-Tees Borough Council",
            date(2026, 11, 5),
            area="town-centre<script>",
            updates=[
                Update(
                    datetime(2026, 10, 1, 9, 0),
                    "Morgan Blake",
                    "Morgan spoke to Sam and Zoë; Blake to follow up",
                ),
                Update(
                    datetime(2026, 10, 2, 9, 0),
                    "Dana Heron",
                    "RESTRICTED-UPDATE-5521",
                    None,
                    {"restricted": True},
                ),
            ],
        ),
        action(
            2,
            "Fire visit *now*",
            "Zoë O'Brien-Nakamura",
            "Fire & Rescue <Service>",
            date(2026, 10, 1),
            "done",
        ),
        action(3, "تواصل مع יעל כהן", "יעל כהן", "Change Grow Live", date(2026, 11, 12), "in-progress"),
        action(4, "Dropped idea from Heron", "Dana Heron", "Cleveland Police", date(2026, 10, 1), "dropped"),
        action(
            5,
            "RESTRICTED-ACTION-9041 safeguarding for Kit Secretowner",
            "Kit Secretowner",
            "Probation Service",
            date(2026, 11, 30),
            restricted=True,
        ),
        action(
            6, "Check the van", "Li Wei", "Thirteen Group", date(2027, 1, 1), priority='Drugs "and" alcohol'
        ),
        action(7, "Due today", "Dana Heron", "  cleveland   POLICE ", AS_OF),
    ]
    return Minutes(meeting, attendees, areas, actions)


@pytest.fixture
def hostile_file(tmp_path: Path) -> Path:
    """The hostile meeting as a real minutes file, read back through the real reader."""
    path = tmp_path / "hostile.toml"
    path.write_text(dump_minutes(hostile()), encoding="utf-8")
    return path


@pytest.fixture
def sample_file(tmp_path: Path) -> Path:
    path = tmp_path / "sample.toml"
    path.write_bytes(SAMPLE.read_bytes())
    return path


TITLES = {"insp"}


def names_to_check(path: Path) -> set[str]:
    """Every person's name in the file and every part of it with 3+ letters (ranks aside)."""
    m = read_minutes(path)
    people = {m.meeting.chair, *(a.name for a in m.attendees), *(a.owner for a in m.actions)}
    people |= {u.by for a in m.actions for u in a.updates}
    found = set()
    for name in people:
        found.add(name)
        for part in re.split(r"[\s\-'’]+", name):
            part = part.strip(".")
            if len(part) >= 3 and part.casefold() not in TITLES:
                found.add(part)
    return found


def surviving(text: str, names: set[str]) -> list[str]:
    """The names that still appear in `text` as whole words, in any case."""
    return sorted(n for n in names if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text, re.IGNORECASE))


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err
