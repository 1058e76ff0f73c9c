"""The chair runs the action tracker from the keyboard; the minutes file on disk is the judge."""

from __future__ import annotations

import tomllib
from datetime import date, datetime
from pathlib import Path

import pytest
from textual.widgets import DataTable, Select

from psg_tui.app import PsgApp, make_app
from psg_tui.cli import main
from psg_tui.core.minutes import MinutesLockedError
from psg_tui.dialogs.action_form import ActionForm
from psg_tui.dialogs.update_form import UpdateForm
from psg_tui.screens.tracker import TrackerScreen
from psg_tui.widgets.area_minutes import NotesArea

TODAY = date(2026, 11, 19)


def on_disk(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def actions_on_disk(path: Path) -> dict[str, dict]:
    return {a["id"]: a for a in on_disk(path).get("actions", [])}


async def settle(app: PsgApp, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(c, c) for c in text])


async def add_action(pilot, title: str, owner: str, agency: str, due: str) -> None:
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ActionForm)
    await type_text(pilot, title)
    await pilot.press("tab")
    await type_text(pilot, owner)
    await pilot.press("tab")
    await type_text(pilot, agency)
    await pilot.press("tab", "ctrl+u")
    await type_text(pilot, due)
    await pilot.press("ctrl+s")
    await pilot.pause()


@pytest.fixture
def minutes_path(tmp_path: Path) -> Path:
    return tmp_path / "meeting.toml"


async def test_add_then_done_is_on_disk_at_each_step(mini_db: Path, minutes_path: Path) -> None:
    app = make_app(mini_db, minutes=minutes_path, user="Dana Heron", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TrackerScreen)
        await add_action(pilot, "Patrol Market Square", "Sam Patel", "Council", "2026-12-10")
        assert isinstance(app.screen, TrackerScreen)  # the form closed only after the save
        saved = actions_on_disk(minutes_path)
        # The mini database already holds A-0001..A-0003 from earlier meetings: no reuse.
        assert list(saved) == ["A-0004"]
        action = saved["A-0004"]
        assert (action["title"], action["owner"], action["agency"]) == (
            "Patrol Market Square",
            "Sam Patel",
            "Council",
        )
        assert action["due"] == date(2026, 12, 10) and action["status"] == "open"
        table = app.screen.query_one("#tracker-table", DataTable)
        assert table.row_count == 1

        await add_action(pilot, "Earlier one", "Jo", "Police", "2026-11-25")
        assert table.row_count == 2
        # The new action is selected (it sorts first: due sooner), so d or u acts on it.
        assert table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value == "A-0005"
        await pilot.press("down")
        assert table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value == "A-0004"
        await pilot.press("d")
        await pilot.pause()
        done = actions_on_disk(minutes_path)["A-0004"]
        assert done["status"] == "done"
        assert done["updates"][-1]["status"] == "done" and done["updates"][-1]["by"] == "Dana Heron"

        await pilot.press("ctrl+z")
        await pilot.pause()
        assert actions_on_disk(minutes_path)["A-0004"]["status"] == "open"


async def test_bad_due_date_keeps_the_form_open_and_writes_nothing(mini_db: Path, minutes_path: Path) -> None:
    app = make_app(mini_db, minutes=minutes_path, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        before = minutes_path.read_bytes()
        await add_action(pilot, "Something", "Jo", "Police", "2026-13-01")
        assert isinstance(app.screen, ActionForm)
        assert "there is no month 13" in str(app.screen.query_one("#form-error").render())
        assert app.focused is not None and app.focused.id == "due"
        assert minutes_path.read_bytes() == before
        await pilot.press("ctrl+g")
        assert not isinstance(app.screen, ActionForm)
        assert minutes_path.read_bytes() == before


async def test_edit_reassigns_and_the_history_says_so(mini_db: Path, minutes_path: Path) -> None:
    app = make_app(mini_db, minutes=minutes_path, user="Chair", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await add_action(pilot, "Visit", "Sam Patel", "Council", "2026-12-01")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ActionForm)
        await pilot.press("tab")  # owner
        await pilot.press("ctrl+u")
        await type_text(pilot, "Jo Bloggs")
        await pilot.press("tab", "ctrl+u")
        await type_text(pilot, "Police")
        await pilot.press("ctrl+s")
        await pilot.pause()
        action = actions_on_disk(minutes_path)["A-0004"]
        assert (action["owner"], action["agency"]) == ("Jo Bloggs", "Police")
        assert "Sam Patel" in action["updates"][-1]["note"] and "Jo Bloggs" in action["updates"][-1]["note"]


async def test_update_with_a_status_change(mini_db: Path, minutes_path: Path) -> None:
    app = make_app(mini_db, minutes=minutes_path, user="Chair", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await add_action(pilot, "Visit", "Sam", "Council", "2026-12-01")
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, UpdateForm)
        await type_text(pilot, "Warning drafted")
        app.screen.query_one("#status", Select).value = "in-progress"
        await pilot.press("ctrl+s")
        await pilot.pause()
        action = actions_on_disk(minutes_path)["A-0004"]
        assert action["status"] == "in-progress"
        assert action["updates"][-1] | {} == action["updates"][-1]
        assert (action["updates"][-1]["note"], action["updates"][-1]["status"]) == (
            "Warning drafted",
            "in-progress",
        )


async def test_filters_and_sort(mini_db: Path, minutes_path: Path) -> None:
    # Raised a month before the meeting, so one can already be overdue (due is never before raised).
    app = make_app(mini_db, minutes=minutes_path, today=TODAY, clock=lambda: datetime(2026, 10, 20, 10, 0))
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await add_action(pilot, "Late one", "Sam", "Council", "2026-11-01")
        await add_action(pilot, "Later one", "Jo", "Police", "2026-12-20")
        await add_action(pilot, "Soon one", "Jo", "Police", "2026-11-22")
        table = app.screen.query_one("#tracker-table", DataTable)
        ids = [table.coordinate_to_cell_key((r, 0)).row_key.value for r in range(table.row_count)]
        assert ids == ["A-0004", "A-0006", "A-0005"]  # by due date
        app.screen.query_one("#filter-agency", Select).value = "Police"
        await pilot.pause()
        assert table.row_count == 2
        app.screen.query_one("#filter-agency", Select).clear()
        app.screen.query_one("#filter-overdue").value = True
        await pilot.pause()
        assert table.row_count == 1
        assert "overdue" in str(table.get_cell_at((0, 0)))
        app.screen.query_one("#filter-overdue").value = False
        await pilot.press("s")  # sort by id
        await pilot.pause()
        ids = [table.coordinate_to_cell_key((r, 0)).row_key.value for r in range(table.row_count)]
        assert ids == ["A-0004", "A-0005", "A-0006"]


async def test_area_view_shows_the_meetings_actions_and_saves_notes(
    mini_db: Path, minutes_path: Path
) -> None:
    app = make_app(mini_db, minutes=minutes_path, today=TODAY)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")  # North Ward
        await settle(app, pilot)
        await add_action(pilot, "Hotspot patrol", "Sam", "Council", "2026-12-01")
        assert actions_on_disk(minutes_path)["A-0004"]["area"] == "north-ward"  # defaults to the area in view
        table = app.screen.query_one("#meeting-actions", DataTable)
        assert table.row_count == 1
        await pilot.press("e")
        await type_text(pilot, "Street drinking down")
        await pilot.press("ctrl+g")  # leaving the field saves it
        await pilot.pause()
        areas = on_disk(minutes_path)["areas"]
        assert areas == [{"area": "north-ward", "notes": "Street drinking down", "decisions": []}] or (
            areas[0]["notes"] == "Street drinking down"
        )
        app.screen.query_one("#decision-input").focus()
        await type_text(pilot, "Extend patrols")
        await pilot.press("enter")
        await pilot.pause()
        assert on_disk(minutes_path)["areas"][0]["decisions"] == ["Extend patrols"]
        assert isinstance(app.screen.query_one(NotesArea), NotesArea)


async def test_a_second_instance_is_told_and_nothing_is_lost(
    mini_db: Path, minutes_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app = make_app(mini_db, minutes=minutes_path, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await add_action(pilot, "First", "Sam", "Council", "2026-12-01")
        with pytest.raises(MinutesLockedError):
            make_app(mini_db, minutes=minutes_path, today=TODAY)
        assert main(["open", str(mini_db), "--minutes", str(minutes_path)]) == 75
        assert "Traceback" not in capsys.readouterr().err
        await add_action(pilot, "Second", "Jo", "Police", "2026-12-02")
    assert list(actions_on_disk(minutes_path)) == ["A-0004", "A-0005"]


async def test_resuming_keeps_what_was_written(mini_db: Path, minutes_path: Path) -> None:
    app = make_app(mini_db, minutes=minutes_path, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await add_action(pilot, "First", "Sam", "Council", "2026-12-01")
    again = make_app(mini_db, minutes=minutes_path, today=TODAY)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(again, pilot)
        assert [a.id for a in again.minutes_store.minutes.actions] == ["A-0004"]


async def test_a_broken_minutes_file_is_reported_and_left_alone(
    mini_db: Path, minutes_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    minutes_path.write_text('format = "psg-minutes"\nversion = 1\n[meeting\n', encoding="utf-8")
    before = minutes_path.read_bytes()
    assert main(["open", str(mini_db), "--minutes", str(minutes_path)]) == 65
    err = capsys.readouterr().err
    assert "line 3" in err and "Traceback" not in err
    assert minutes_path.read_bytes() == before


async def test_dashboard_keys_do_nothing_while_a_form_is_open(mini_db: Path, minutes_path: Path) -> None:
    """Letters typed before the form has focus must not switch screens or stack a second form."""
    app = make_app(mini_db, minutes=minutes_path, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ActionForm)
        for action in ("tracker", "next_area", "add_action", "overview", "reload", "agenda"):
            await app.run_action(action)
        await pilot.pause()
        assert app.screen is form and app.area_id == "north-ward" and app.current_mode == "area"
        await pilot.press("ctrl+g")
        await app.run_action("tracker")
        await pilot.pause()
        assert isinstance(app.screen, TrackerScreen)


async def test_overdue_is_reckoned_from_the_meetings_date_on_every_screen(
    mini_db: Path, minutes_path: Path
) -> None:
    """The database is as of 19 November; at the 3 December meeting an action due on
    30 November is overdue in the tracker, the area view and the agenda alike."""
    # The action is raised on 20 November (the clock), before it falls due.
    app = make_app(
        mini_db, minutes=minutes_path, today=date(2026, 12, 3), clock=lambda: datetime(2026, 11, 20, 10, 0)
    )
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app, pilot)
        assert (
            str(app.meeting.as_of) == "2026-11-19"
            and str(app.minutes_store.minutes.meeting.date) == "2026-12-03"
        )
        app.minutes_store.add_action(
            title="Late", owner="Sam", agency="Council", due="2026-11-30", area="north-ward"
        )
        app.minutes_version += 1
        await pilot.press("t")
        await settle(app, pilot)
        table = app.screen.query_one("#tracker-table", DataTable)
        late = next(i for i in range(table.row_count) if "Late" in str(table.get_row_at(i)[4]))
        assert str(table.get_row_at(late)[0]).strip() == "overdue"
        heading = str(app.screen.query_one("#tracker-heading").render())
        expected = sum(a.is_overdue(date(2026, 12, 3)) for a in app.minutes_store.minutes.actions)
        assert f"{expected} overdue" in heading
        await pilot.press("o", "n")  # North Ward
        await settle(app, pilot)
        if app.area_id != "north-ward":
            app.show_area("north-ward")
            await settle(app, pilot)
        area_table = app.screen.query_one("#meeting-actions", DataTable)
        cells = [area_table.get_row_at(i) for i in range(area_table.row_count)]
        rag, title = area_table.get_column_index("rag"), area_table.get_column_index("title")
        assert any("overdue" in str(row[rag]) for row in cells if "Late" in str(row[title]))
