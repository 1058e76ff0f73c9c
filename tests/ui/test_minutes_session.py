"""Opening the dashboard on minutes: what the chair is told, and the minutes' own settings honoured."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from psg_tui.app import PsgApp, make_app
from psg_tui.cli import main
from psg_tui.core.minutes import MinutesStore, read_minutes
from psg_tui.core.minutes.codec import dump_minutes
from psg_tui.core.periods import Period
from tests.minutes.conftest import make_minutes

TODAY = date(2026, 11, 19)


async def toasts(app: PsgApp, pilot) -> list[str]:
    await pilot.pause()
    return [n.message for n in app._notifications]


def write_minutes(
    path: Path, *, period: tuple[date, date] | None = None, database: str | None = None
) -> Path:
    minutes = make_minutes(3)
    meeting = minutes.meeting
    changes = {"database": database if database is not None else "mini.duckdb"}
    if period:
        changes.update(period_start=period[0], period_end=period[1])
    path.write_text(
        dump_minutes(dataclasses.replace(minutes, meeting=dataclasses.replace(meeting, **changes))),
        encoding="utf-8",
    )
    return path


async def test_reopening_says_resumed_with_the_action_count(mini_db: Path, tmp_path: Path) -> None:
    path = write_minutes(tmp_path / "m.toml")
    with MinutesStore.open(path, user="Dana Heron", clock=lambda: datetime(2026, 11, 19, 9, 0)) as store:
        store.add_update("A-0002", "chased")
    app = make_app(mini_db, minutes=path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        messages = await toasts(app, pilot)
    assert f"Resumed the minutes: 3 actions, 1 updated today — {path}" in messages


async def test_todays_default_minutes_say_started_then_resumed(mini_db: Path) -> None:
    first = make_app(mini_db, today=TODAY)
    async with first.run_test(size=(120, 40)) as pilot:
        assert any(m.startswith("Started the minutes — ") for m in await toasts(first, pilot))
        first.minutes_store.add_action(title="t", owner="o", agency="a", due="2026-12-01")
    again = make_app(mini_db, today=TODAY)  # no --minutes: today's file in the data folder again
    async with again.run_test(size=(120, 40)) as pilot:
        messages = await toasts(again, pilot)
    assert any(m.startswith("Resumed the minutes: 1 action, 1 updated today — ") for m in messages), messages


async def test_hand_written_comments_are_warned_about_on_screen(mini_db: Path, tmp_path: Path) -> None:
    path = write_minutes(tmp_path / "m.toml")
    text = path.read_text(encoding="utf-8").replace('id = "A-0002"', 'id = "A-0002"  # chase the council')
    path.write_text(
        "# kept by hand\n" + text.replace('note = "Raised"', 'note = "Flat #3"'), encoding="utf-8"
    )
    app = make_app(mini_db, minutes=path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        messages = await toasts(app, pilot)
    lines = [n for n, row in enumerate(path.read_text().splitlines(), 1) if "#" in row and "Flat" not in row]
    warning = f"m.toml has 2 comments (lines {lines[0]}, {lines[1]}): psg-tui does not keep comments"
    assert any(m.startswith(warning) for m in messages), messages


def test_validate_warns_about_comments_and_still_passes(tmp_path: Path, capsys) -> None:
    path = write_minutes(tmp_path / "m.toml")
    path.write_text("# kept by hand\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["minutes", "validate", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("valid: 3 actions")
    assert "has 1 comment (line 1): psg-tui does not keep comments" in err


async def test_resumed_minutes_open_on_their_own_period(mini_db: Path, tmp_path: Path) -> None:
    path = write_minutes(tmp_path / "m.toml", period=(date(2026, 9, 1), date(2026, 9, 30)))
    app = make_app(mini_db, minutes=path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.period == Period(2026, 9)
        assert not any("These minutes are for" in m for m in await toasts(app, pilot))
    chosen = make_app(mini_db, minutes=path, today=TODAY, period="2026-10")  # --period still wins
    async with chosen.run_test(size=(120, 40)):
        assert chosen.period == Period(2026, 10)


async def test_minutes_for_a_period_the_database_lacks_say_so(mini_db: Path, tmp_path: Path) -> None:
    path = write_minutes(tmp_path / "m.toml", period=(date(2026, 12, 1), date(2026, 12, 31)))
    app = make_app(mini_db, minutes=path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.period == Period(2026, 10)
        messages = await toasts(app, pilot)
    assert (
        "These minutes are for Dec 2026, but mini.duckdb has incidents only for Oct 2025 to Oct 2026: "
        "showing Oct 2026." in " ".join(messages)
    )


@pytest.fixture
def no_dashboard(monkeypatch: pytest.MonkeyPatch) -> None:
    """`psg open` up to the point the dashboard would take the terminal."""
    monkeypatch.setattr(PsgApp, "run", lambda self, *a, **k: self.minutes_store.close())


async def test_minutes_of_another_database_are_warned_about_on_screen_and_on_the_command_line(
    mini_db: Path, tmp_path: Path, capsys, no_dashboard
) -> None:
    path = write_minutes(tmp_path / "m.toml", database="city.duckdb")
    app = make_app(mini_db, minutes=path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        messages = " ".join(await toasts(app, pilot))
    expected = (
        "These minutes were kept with the database city.duckdb, but this dashboard has mini.duckdb open"
    )
    assert expected in messages
    assert main(["open", str(mini_db), "--minutes", str(path)]) == 0
    assert f"psg: warning: {expected}" in capsys.readouterr().err


async def test_new_minutes_take_the_databases_title_and_leave_the_chair_to_be_given(
    mini_db: Path, tmp_path: Path, capsys, no_dashboard
) -> None:
    con = duckdb.connect(str(mini_db))
    con.execute("UPDATE meta SET value = 'Norton and Roseworth' WHERE key = 'title'")
    con.close()
    path = tmp_path / "new.toml"
    app = make_app(mini_db, minutes=path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        messages = " ".join(await toasts(app, pilot))
    meeting = read_minutes(path).meeting
    assert meeting.title == "Norton and Roseworth Problem-Solving Group"
    assert meeting.chair == ""  # not the login name
    assert 'No chair is recorded in new.toml: start psg with --chair "NAME"' in messages
    assert main(["open", str(mini_db), "--minutes", str(path), "--chair", "Insp. Dana Heron"]) == 0
    assert read_minutes(path).meeting.chair == "Insp. Dana Heron"
    assert "No chair" not in capsys.readouterr().err


def test_blank_chair_minutes_show_and_export_as_not_recorded(tmp_path: Path, capsys) -> None:
    minutes = make_minutes(2)
    path = tmp_path / "m.toml"
    path.write_text(
        dump_minutes(dataclasses.replace(minutes, meeting=dataclasses.replace(minutes.meeting, chair=""))),
        encoding="utf-8",
    )
    for argv, shown in (
        (["show", str(path)], "Chair          not recorded"),
        (["export", str(path), "--format", "md", "--redact"], "- **Chair:** not recorded"),
        (["export", str(path), "--format", "html"], "<dt>Chair</dt><dd><bdi>not recorded</bdi></dd>"),
    ):
        assert main(["minutes", *argv]) == 0
        out, err = capsys.readouterr()
        assert shown in out and "Traceback" not in err
