"""The minutes TOML format: the spec's example, the layout we write, and a lossless round trip."""

from __future__ import annotations

import dataclasses
import tomllib
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from psg_tui.core.minutes import (
    ACTION_STATUSES,
    ATTENDEE_STATUSES,
    CLASSIFICATIONS,
    Action,
    AreaRecord,
    Attendee,
    Meeting,
    Minutes,
    Update,
    dump_minutes,
    parse_minutes,
)
from psg_tui.core.minutes.codec import ActionTextCache
from psg_tui.core.minutes.model import MEETING_YEARS
from psg_tui.core.minutes.validate import (
    ACTION_KEYS,
    AREA_KEYS,
    ATTENDEE_KEYS,
    MEETING_KEYS,
    TOP_KEYS,
    UPDATE_KEYS,
)
from tests.examples import IN_MEMORY

from .conftest import SPEC_EXAMPLE, make_minutes


def test_the_spec_example_reads_as_written():
    m = parse_minutes(SPEC_EXAMPLE.read_text(encoding="utf-8"), "spec")
    assert m.meeting.date == date(2026, 11, 20)
    assert m.meeting.next_meeting == date(2026, 12, 18)
    assert m.attendees[0].role == "Chair"
    assert m.areas[0].decisions == ("Extend Operation Shield patrols to Dovecot Street",)
    action = m.actions[0]
    assert (action.id, action.status, action.restricted) == ("A-0001", "open", False)
    assert action.updates == (
        Update(
            datetime(2026, 11, 20, 10, 42), "Dana Heron", "Warning drafted; serving this week.", "in-progress"
        ),
    )


def test_written_layout_follows_the_spec():
    text = dump_minutes(parse_minutes(SPEC_EXAMPLE.read_text(encoding="utf-8")))
    lines = text.splitlines()
    assert lines[:2] == ['format = "psg-minutes"', "version = 1"]
    # short tables still get their own headers (tomli-w alone would inline them)
    for header in ("[meeting]", "[[attendees]]", "[[areas]]", "[[actions]]", "[[actions.updates]]"):
        assert header in lines
    assert "at = 2026-11-20T10:42:00" in lines  # local date-time with a T, as in the spec
    assert "date = 2026-11-20" in lines  # local date, not a string
    action = lines[lines.index("[[actions]]") + 1 : lines.index("[[actions.updates]]") - 1]
    keys = [line.split(" = ")[0] for line in action]
    assert keys == [
        "id",
        "title",
        "area",
        "owner",
        "agency",
        "raised",
        "due",
        "status",
        "priority",
        "restricted",
    ]


def test_unknown_keys_are_kept_through_a_save():
    text = SPEC_EXAMPLE.read_text(encoding="utf-8")
    text = text.replace("version = 1\n", 'version = 1\ngenerator = "later psg-tui"\n', 1)
    text = text.replace(
        "restricted = false", 'restricted = false\nconfidence = 0.8\n[actions.links]\ncase = "C-1"'
    )
    text = text.replace('status = "present"', 'status = "present"\narrived = 10:05:00')
    m = parse_minutes(text)
    assert m.extra == {"generator": "later psg-tui"}
    assert m.actions[0].extra == {"confidence": 0.8, "links": {"case": "C-1"}}
    again = parse_minutes(dump_minutes(m))
    assert again == m
    assert again.attendees[0].extra["arrived"].isoformat() == "10:05:00"


def test_windows_line_ends_in_a_note_survive():
    m = make_minutes(1)
    action = m.actions[0]
    note = "first line\r\nsecond line\nthird\r"
    updated = Action(**{**action.__dict__, "updates": (Update(datetime(2026, 1, 1, 9, 0), "X", note),)})
    m = Minutes(m.meeting, m.attendees, m.areas, [updated])
    assert parse_minutes(dump_minutes(m)).actions[0].updates[0].note == note


def test_notes_with_newlines_are_written_readably():
    m = make_minutes(1)
    area = AreaRecord("stockton-town-centre", 'Two things:\n- patrols "up"\n- drinking down')
    text = dump_minutes(Minutes(m.meeting, (), [area], ()))
    assert '"""' in text and "- patrols" in text
    assert parse_minutes(text).areas[0] == area


# -- the property: any valid minutes survive write -> read unchanged ------------------------

TRICKY = [
    '"',
    "'",
    '"""',
    "'''",
    "\\",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "#",
    "[[actions]]",
    "é",
    "😀",
    "\x00",
    "\x7f",
]
texts = st.one_of(st.text(max_size=30), st.lists(st.sampled_from(TRICKY) | st.text(max_size=3)).map("".join))
named = texts.filter(lambda s: s.strip() != "")
optional_named = st.none() | named
scalars = st.one_of(
    texts,
    st.integers(-(2**63), 2**63 - 1),
    st.booleans(),
    st.dates(),
    st.floats(allow_nan=False),
    st.lists(st.integers(0, 9), max_size=3),
)
values = (
    scalars
    | st.dictionaries(st.text(max_size=5), scalars, max_size=2)
    | st.lists(st.dictionaries(st.text(max_size=5), scalars, max_size=2), min_size=1, max_size=2)
)


def extras(known):
    return st.dictionaries(st.text(max_size=8).filter(lambda k: k not in known), values, max_size=2)


updates = st.builds(
    Update,
    at=st.datetimes(),
    by=named,
    note=texts,
    status=st.none() | st.sampled_from(ACTION_STATUSES),
    extra=extras(UPDATE_KEYS),
)
actions = st.builds(
    Action,
    id=named,
    title=named,
    owner=named,
    agency=named,
    raised=st.dates(),
    due=st.dates(),
    status=st.sampled_from(ACTION_STATUSES),
    area=optional_named,
    priority=st.none() | texts,
    restricted=st.booleans(),
    updates=st.lists(updates, max_size=4),
    extra=extras(ACTION_KEYS),
).map(lambda a: a if a.due >= a.raised else dataclasses.replace(a, raised=a.due, due=a.raised))
attendees = st.builds(
    Attendee,
    name=named,
    agency=named,
    status=st.sampled_from(ATTENDEE_STATUSES),
    role=st.none() | texts,
    extra=extras(ATTENDEE_KEYS),
)
areas = st.builds(
    AreaRecord, area=named, notes=texts, decisions=st.lists(texts, max_size=3), extra=extras(AREA_KEYS)
)


meeting_dates = st.dates(date(MEETING_YEARS[0], 1, 1), date(MEETING_YEARS[1], 12, 31))


@st.composite
def meetings(draw):
    start, end = sorted([draw(meeting_dates), draw(meeting_dates)])
    return Meeting(
        title=draw(named),
        date=draw(meeting_dates),
        chair=draw(named),
        classification=draw(st.sampled_from(CLASSIFICATIONS)),
        period_start=start,
        period_end=end,
        database=draw(optional_named),
        next_meeting=draw(st.none() | meeting_dates),
        extra=draw(extras(MEETING_KEYS)),
    )


all_minutes = st.builds(
    Minutes,
    meeting=meetings(),
    attendees=st.lists(attendees, max_size=4, unique_by=lambda a: a.name),
    areas=st.lists(areas, max_size=3, unique_by=lambda a: a.area),
    actions=st.lists(actions, max_size=25, unique_by=lambda a: a.id),
    last_action_id=st.none() | st.integers(0, 99999).map(lambda n: f"A-{n:04d}"),
    extra=extras(TOP_KEYS),
)


@pytest.mark.slow
@IN_MEMORY
@given(all_minutes)
def test_any_valid_minutes_round_trip_unchanged(minutes):
    text = dump_minutes(minutes)
    tomllib.loads(text)  # plain TOML for any reader, not just ours
    assert parse_minutes(text) == minutes
    cache = ActionTextCache()
    assert dump_minutes(minutes, cache) == text  # the cached path writes the same bytes
    assert dump_minutes(minutes, cache) == text
