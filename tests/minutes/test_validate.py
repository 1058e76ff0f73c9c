"""Hand-broken minutes: every mistake is named by line, table and field, and the file is never touched."""

from __future__ import annotations

from pathlib import Path

import pytest

from psg_tui.core.errors import MissingInputError
from psg_tui.core.minutes import MinutesError, MinutesStore, read_minutes
from psg_tui.core.minutes.codec import dump_minutes

from .conftest import make_minutes

GOOD = dump_minutes(make_minutes(3))


def line_of(text: str, fragment: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line containing `fragment`."""
    hits = [n for n, line in enumerate(text.splitlines(), 1) if fragment in line]
    return hits[occurrence - 1]


def nth_replace(text: str, old: str, new: str, occurrence: int) -> str:
    parts = text.split(old)
    assert len(parts) > occurrence, f"{old!r} occurs fewer than {occurrence} times"
    return old.join(parts[:occurrence]) + new + old.join(parts[occurrence:])


# Each case: how to break the good file, the fragment on the line that should be named, and
# what the message must say.
CASES = {
    "bad TOML": (lambda t: t.replace('chair = "Insp. Dana Heron"', 'chair = "Insp. Dana Heron'), "chair =",
                 ["not valid TOML", "column"]),
    "date that is no date": (lambda t: nth_replace(t, "due = 2026-11-30", 'due = "2026-13-01"', 2), "2026-13-01",
                             ["actions[2] A-0002: due '2026-13-01' is not a date"]),
    "date in quotes": (lambda t: nth_replace(t, "due = 2026-11-30", 'due = "2026-11-30"', 3), '"2026-11-30"',
                       ["actions[3] A-0003: due '2026-11-30' is text, not a date"]),
    "wrong type": (lambda t: nth_replace(t, 'title = "Action number 1"', "title = 12", 1), "title = 12",
                   ["actions[1] A-0001: title 12 is not text"]),
    "duplicate id": (lambda t: t.replace('id = "A-0003"', 'id = "A-0001"'), ('id = "A-0001"', 2),
                     ["actions[3] A-0001: id 'A-0001' is also used by actions[1]"]),
    "unknown action status": (lambda t: t.replace('status = "done"', 'status = "finished"'), "finished",
                              ["actions[3] A-0003: status 'finished' is not one of open, in-progress"]),
    "unknown update status": (lambda t: nth_replace(t, 'status = "open"', 'status = "doing"', 2), "doing",
                              ["actions[1] A-0001 updates[1]: status 'doing' is not one of"]),
    "missing field": (lambda t: nth_replace(t, 'owner = "Sam Patel"\n', "", 2), None,
                      ["actions[2] A-0002: owner is missing"]),
    "future version": (lambda t: t.replace("version = 1", "version = 2"), "version = 2",
                       ["written by a newer psg-tui; upgrade"]),
    "not minutes": (lambda t: t.replace('format = "psg-minutes"', 'format = "agenda"'), "format =",
                    ["format 'agenda' is not 'psg-minutes'"]),
    "attendee status": (lambda t: t.replace('status = "apologies"', 'status = "late"'), "late",
                        ["attendees[2] Sam Patel: status 'late' is not one of present, apologies, absent, not-recorded"]),
    "classification": (lambda t: t.replace('"OFFICIAL-SENSITIVE"', '"SECRET"'), "SECRET",
                       ["[meeting]: classification 'SECRET' is not one of OFFICIAL, OFFICIAL-SENSITIVE"]),
    "period backwards": (lambda t: t.replace("period_end = 2026-10-31", "period_end = 2026-09-30"), "period_end",
                         ["[meeting]: period_start 2026-10-01 is after period_end 2026-09-30"]),
    "time zone": (lambda t: nth_replace(t, "at = 2026-10-16T09:30:00", "at = 2026-10-16T09:30:00Z", 1), "09:30:00Z",
                  ["actions[1] A-0001 updates[1]: at 2026-10-16T09:30:00+00:00 has a time zone"]),
    "flag": (lambda t: nth_replace(t, "restricted = false", 'restricted = "no"', 2), 'restricted = "no"',
             ["actions[2] A-0002: restricted 'no' is not true or false"]),
}  # fmt: skip


@pytest.mark.parametrize("case", list(CASES))
def test_broken_file_is_named_and_left_alone(tmp_path: Path, case: str):
    breaker, fragment, expected = CASES[case]
    text = breaker(GOOD)
    assert text != GOOD
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    before = path.read_bytes()

    with pytest.raises(MinutesError) as caught:
        read_minutes(path)
    message = caught.value.message
    for part in expected:
        assert part in message
    if isinstance(fragment, tuple):
        assert f"line {line_of(text, *fragment)}" in message
    elif fragment is not None:
        assert f"line {line_of(text, fragment)}" in message
    else:  # a missing key: the line of the table it is missing from
        assert f"line {line_of(text, '[[actions]]', 2)}" in message
    assert caught.value.exit_code == 65

    with pytest.raises(MinutesError):
        MinutesStore.open(path, user="Dana Heron")
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.toml"]  # no lock or temp file left


def test_every_problem_is_listed_not_just_the_first(tmp_path: Path):
    text = GOOD.replace('status = "done"', 'status = "finished"').replace(
        'agency = "Cleveland Police"', "agency = 3"
    )
    text = nth_replace(text, "due = 2026-11-30", "due = 2026-11-30T09:00:00", 1)
    with pytest.raises(MinutesError) as caught:
        parse_and_fail(text)
    problems = [str(p) for p in caught.value.problems]
    assert len(problems) == 3
    assert any("attendees[1] Dana Heron: agency 3 is not text" in p for p in problems)
    assert any("actions[3] A-0003: status 'finished'" in p for p in problems)


def parse_and_fail(text: str):
    from psg_tui.core.minutes import parse_minutes

    return parse_minutes(text, "x.toml")


def test_newer_version_hint_says_upgrade():
    with pytest.raises(MinutesError) as caught:
        parse_and_fail(GOOD.replace("version = 1", "version = 3"))
    assert "Upgrade psg-tui" in caught.value.hint


def test_not_utf8_names_the_line(tmp_path: Path):
    path = tmp_path / "latin1.toml"
    path.write_bytes(GOOD.replace("Street drinking", "Caf\u00e9 drinking").encode("latin-1"))
    with pytest.raises(MinutesError) as caught:
        read_minutes(path)
    assert "not UTF-8" in caught.value.message
    assert f"line {line_of(GOOD, 'Street drinking')}" in caught.value.message


def test_lines_are_not_guessed_when_headers_do_not_match(tmp_path: Path):
    # actions written as an inline array: no [[actions]] headers to count, so no line number
    text = (
        'format = "psg-minutes"\nversion = 1\n'
        'actions = [{ id = "A-0001", title = "x", owner = "o", agency = "a", raised = 2026-01-01, '
        'due = "soon", status = "open" }]\n'
        '[meeting]\ntitle = "T"\ndate = 2026-01-01\nchair = "C"\n'
        'classification = "OFFICIAL"\nperiod_start = 2026-01-01\nperiod_end = 2026-01-31\n'
    )
    with pytest.raises(MinutesError) as caught:
        parse_and_fail(text)
    assert [str(p) for p in caught.value.problems] == ["actions[1] A-0001: due 'soon' is not a date"]


def test_missing_file_is_missing_input(tmp_path: Path):
    with pytest.raises(MissingInputError):
        read_minutes(tmp_path / "nope.toml")


# A TOML syntax error: tomllib gives only line and column; the message also names the table
# (the action by id) and the field around that line, as `minutes validate` promises.
SYNTAX = {
    "due": (lambda t: nth_replace(t, "due = 2026-11-30", "due = 2026-1130", 2), "due = 2026-1130",
            "actions[2] A-0002: due is not valid TOML"),
    "title": (lambda t: t.replace('title = "Action number 3"', 'title = "Action number 3'), "Action number 3",
              "actions[3] A-0003: title is not valid TOML"),
    "update note": (lambda t: nth_replace(t, 'note = "Raised"', 'note = "Raised', 1), 'note = "Raised',
                    "actions[1] A-0001 updates[1]: note is not valid TOML"),
    "attendee": (lambda t: t.replace('agency = "Cleveland Police"', "agency = Cleveland Police"),
                 "agency = Cleveland Police", "attendees[1] Dana Heron: agency is not valid TOML"),
    "unclosed list": (lambda t: t.replace('patrols",\n]', 'patrols",\n'), ("[[actions]]", 1),
                      "areas[1] stockton-town-centre: decisions is not valid TOML"),
    "meeting": (lambda t: t.replace('chair = "Insp. Dana Heron"', 'chair = "Insp. Dana Heron'), "chair =",
                "[meeting]: chair is not valid TOML"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(SYNTAX))
def test_a_toml_syntax_error_names_the_action_and_field_around_its_line(tmp_path: Path, case: str):
    breaker, fragment, expected = SYNTAX[case]
    text = breaker(GOOD)
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MinutesError) as caught:
        read_minutes(path)
    message = caught.value.message
    line = line_of(text, *fragment) if isinstance(fragment, tuple) else line_of(text, fragment)
    assert f"line {line}, column" in message
    assert expected in message


@pytest.mark.parametrize(
    "breaker, expected",
    [
        (lambda t: t.replace("[meeting]", "[meeting"), "line 4, column 9: not valid TOML"),
        (
            lambda t: t.replace("decisions = [", "oops\ndecisions = ["),
            "areas[1] stockton-town-centre: not valid",
        ),
    ],
    ids=["broken header", "stray word"],
)
def test_a_syntax_error_on_a_line_of_its_own_names_no_field_from_the_line_above(
    tmp_path: Path, breaker, expected
):
    path = tmp_path / "broken.toml"
    path.write_text(breaker(GOOD), encoding="utf-8")
    with pytest.raises(MinutesError) as caught:
        read_minutes(path)
    assert expected in caught.value.message
    assert (
        "version is not valid" not in caught.value.message
        and "notes is not valid" not in caught.value.message
    )
