"""Days to expiry, 'expiring', 'in force' and overdue are reckoned from the meeting's date, like
the actions on screen; outside a meeting (`psg query`) from the date given, else the database's
as-of date, and the output says which."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from psg_tui.cli import main
from psg_tui.core.meeting import Meeting
from psg_tui.core.minutes import dump_minutes, new_minutes
from psg_tui.core.periods import Period

OCT = Period(2026, 10)
AS_OF = date(2026, 11, 19)  # the mini database's as-of date; CO-1 expires on 28 Nov
AFTER_EXPIRY = date(2026, 12, 7)


def _minutes_on(day: date):
    return new_minutes(title="Mini PSG", chair="Dana Heron", meeting_date=day, period=OCT)


def _figures(meeting: Meeting) -> tuple[dict, dict, dict, dict]:
    overview = {r["area_id"]: r for r in meeting.overview(OCT).dicts()}
    panels = {k: v.dicts() for k, v in meeting.area_panels("north-hotspot", OCT).items()}
    orders = {r["id"]: r for r in panels["area_closure_orders"]}
    actions = {r["id"]: r for r in panels["area_actions"]}
    return overview["north-hotspot"], orders["CO-1"], actions["A-0001"], panels["area_profile"][0]


def test_an_order_that_expired_before_the_meeting_is_expired_not_days_left(mini_db: Path) -> None:
    meeting = Meeting(mini_db)
    minutes = _minutes_on(AFTER_EXPIRY)
    meeting.minutes = lambda: minutes
    hotspot, order, action, _ = _figures(meeting)
    assert (order["status"], order["days_to_expiry"]) == ("expired", None)
    assert (hotspot["active_orders"], hotspot["expiring_orders"]) == (0, 0)
    assert action["days_overdue"] == 36  # due 1 Nov, like the tracker's 'overdue'
    meeting.close()


def test_a_meeting_before_the_as_of_date_counts_the_days_from_its_own(mini_db: Path) -> None:
    meeting = Meeting(mini_db)
    minutes = _minutes_on(date(2026, 11, 10))
    meeting.minutes = lambda: minutes
    hotspot, order, action, profile = _figures(meeting)
    assert (order["status"], order["days_to_expiry"]) == ("granted", 18)  # not yet within 14 days
    assert hotspot["expiring_orders"] == 0
    assert action["days_overdue"] == 9
    assert "North Alcohol PSPO" in profile["pspos_in_force"]
    meeting.close()


def test_without_minutes_the_as_of_date_then_a_date_given(mini_db: Path) -> None:
    meeting = Meeting(mini_db)
    assert (meeting.reckoning_date, meeting.reckoned_from) == (AS_OF, "the database's as-of date")
    _, order, _, _ = _figures(meeting)
    assert order["days_to_expiry"] == 9
    meeting.meeting_date = AFTER_EXPIRY
    assert meeting.reckoning_date == AFTER_EXPIRY
    hotspot, order, _, _ = _figures(meeting)
    assert order["status"] == "expired" and hotspot["expiring_orders"] == 0
    meeting.close()


def test_psg_query_says_which_date_it_reckoned_from(
    mini_db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "300")
    command = ["query", str(mini_db), "area_closure_orders", "--area", "north-hotspot"]
    assert main(command) == 0
    assert "dates reckoned from 19 Nov 2026 (the database's as-of date)" in capsys.readouterr().out

    assert main([*command, "--meeting-date", "07/12/2026", "--format", "json"]) == 0
    shown = capsys.readouterr()
    order = next(r for r in json.loads(shown.out) if r["id"] == "CO-1")
    assert (order["status"], order["days_to_expiry"]) == ("expired", None)
    assert shown.err == ""  # a date was given: nothing to warn about

    assert main([*command, "--format", "csv"]) == 0
    assert (
        "reckoned from 19 Nov 2026 (the database's as-of date); give --meeting-date"
        in capsys.readouterr().err
    )

    # A query that reckons nothing from a date says nothing about one.
    assert main(["query", str(mini_db), "area_categories", "--area", "north-hotspot"]) == 0
    assert "reckoned" not in capsys.readouterr().out


def test_psg_query_takes_the_date_and_actions_from_the_minutes(
    mini_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "300")
    path = tmp_path / "minutes.toml"
    path.write_text(dump_minutes(_minutes_on(AFTER_EXPIRY)), encoding="utf-8")
    assert main(["query", str(mini_db), "overview", "--minutes", str(path), "--format", "json"]) == 0
    shown = capsys.readouterr()
    hotspot = next(r for r in json.loads(shown.out) if r["area_id"] == "north-hotspot")
    assert hotspot["expiring_orders"] == 0 and shown.err == ""
    assert main(["query", str(mini_db), "overview", "--minutes", str(path)]) == 0
    assert "dates reckoned from 07 Dec 2026 (the meeting's date)" in capsys.readouterr().out


def test_psg_query_refuses_an_impossible_meeting_date(
    mini_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["query", str(mini_db), "overview", "--meeting-date", "31/02/2026"])
    assert code == 2
    assert (
        "--meeting-date '31/02/2026' is not a real date: February 2026 has 28 days" in capsys.readouterr().err
    )
