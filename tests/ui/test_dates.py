"""UK dates: 31/12/2026 and 31/12/26 as well as ISO, in every date field; an
impossible date is refused with a message naming the field, and nothing is saved."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Input

from psg_tui.app import make_app
from psg_tui.cli import main
from psg_tui.core.minutes import read_minutes
from psg_tui.dialogs.action_form import ActionForm
from tests.ui.screen import settle_screen
from tests.ui.test_tracker import add_action, type_text

TODAY = date(2026, 11, 19)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("2026-12-31", date(2026, 12, 31)),
        ("31/12/2026", date(2026, 12, 31)),
        ("31/12/26", date(2026, 12, 31)),
        ("1/2/2027", date(2027, 2, 1)),
        (" 29/02/2028 ", date(2028, 2, 29)),
        ("31.12.2026", date(2026, 12, 31)),
    ],
)
def test_the_forms_a_uk_meeting_types(typed: str, meant: date) -> None:
    from psg_tui.core.dates import parse_date

    assert parse_date(typed) == meant


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("31/02/2026", "Due date '31/02/2026' is not a real date: February 2026 has 28 days."),
        ("29/02/2027", "February 2027 has 28 days"),
        ("12/13/2026", "there is no month 13"),
        ("2026-04-31", "April 2026 has 30 days"),
        ("next week", "Due date 'next week' is not a date: type it as 31/12/2026 or 2026-12-31."),
        ("12/2026", "is not a date"),
    ],
)
def test_an_impossible_date_says_which_field_and_why(typed: str, says: str) -> None:
    from psg_tui.core.dates import DateError, parse_date

    with pytest.raises(DateError) as caught:
        parse_date(typed, "Due date")
    assert says in str(caught.value)


async def test_action_form_takes_a_uk_due_date_and_refuses_an_impossible_one(
    mini_db: Path, tmp_path: Path
) -> None:
    path = tmp_path / "meeting.toml"
    app = make_app(mini_db, minutes=path, user="Dana Heron", today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle_screen(pilot)
        await add_action(pilot, "Patrol", "Sam Patel", "Council", "31/02/2027")
        assert isinstance(app.screen, ActionForm)  # refused: the form stays open with the draft
        error = str(app.screen.query_one("#form-error").render())
        assert "Due date '31/02/2027' is not a real date: February 2027 has 28 days." in error
        assert app.screen.focused is not None and app.screen.focused.id == "due"
        assert "actions" not in tomllib.loads(path.read_text(encoding="utf-8"))
        await pilot.press("ctrl+u")
        await type_text(pilot, "31/12/26")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ActionForm)
    saved = tomllib.loads(path.read_text(encoding="utf-8"))["actions"]
    assert [a["due"] for a in saved] == [date(2026, 12, 31)]


async def test_a_new_actions_due_date_is_four_weeks_after_the_meeting(mini_db: Path, tmp_path: Path) -> None:
    """Not after the data's as-of date (19 Nov): the meeting on 7 Dec gets 4 Jan."""
    app = make_app(mini_db, minutes=tmp_path / "meeting.toml", today=date(2026, 12, 7))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle_screen(pilot)
        await pilot.press("t", "a")
        await settle_screen(pilot)
        assert isinstance(app.screen, ActionForm)
        assert app.screen.query_one("#due", Input).value == "2027-01-04"


async def test_next_meeting_date_in_the_uk_form(sample_db: Path, tmp_path: Path) -> None:
    from psg_tui.importing.sample import sample_minutes_path

    path = tmp_path / "meeting.toml"
    app = make_app(sample_db, minutes=path, carry_from=sample_minutes_path(), today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle_screen(pilot)
        await pilot.press("m")
        await settle_screen(pilot)
        while app.screen.step.kind != "aob":
            await pilot.press("n")
        await pilot.press("enter")  # choose the date box
        await type_text(pilot, "31/11/2026")
        await pilot.press("enter")
        await pilot.pause()
        assert "next_meeting" not in tomllib.loads(path.read_text(encoding="utf-8"))["meeting"]
        await pilot.press("ctrl+u")
        await type_text(pilot, "17/12/2026")
        await pilot.press("enter")
        await pilot.pause()
    assert tomllib.loads(path.read_text(encoding="utf-8"))["meeting"]["next_meeting"] == date(2026, 12, 17)


def test_cli_date_takes_the_uk_form(tmp_path: Path, capsys) -> None:
    out = tmp_path / "m.toml"
    args = ["minutes", "new", str(out), "--title", "Norton PSG", "--chair", "Insp. Heron", "--date"]
    assert main([*args, "05/03/2026"]) == 0
    assert read_minutes(out).meeting.date == date(2026, 3, 5)
    other = tmp_path / "n.toml"
    assert main([*args[:2], str(other), *args[3:], "30/02/2026"]) == 2
    err = capsys.readouterr().err
    assert "--date '30/02/2026' is not a real date: February 2026 has 28 days." in err
    assert "Traceback" not in err and not other.exists()
