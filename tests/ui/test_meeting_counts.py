"""The overview and the agenda count this meeting's actions and never compare a
month that has no data."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import duckdb
from textual.widgets import DataTable, Static

from psg_tui.app import PsgApp, make_app
from psg_tui.dialogs.action_form import ActionForm
from psg_tui.importing.derived import refresh_derived
from psg_tui.screens.agenda import AgendaScreen
from psg_tui.screens.tracker import TrackerScreen

# A 3 December meeting: the database's as-of date is 19 November, and A-0002 (south ward,
# in progress) was due on 1 December, so it is overdue at this meeting though not on the 19th.
MEETING = date(2026, 12, 3)

PREVIOUS_MINUTES = """\
format = "psg-minutes"
version = 1

[meeting]
title = "Mini PSG"
date = 2026-10-15
chair = "Dana Heron"
classification = "OFFICIAL-SENSITIVE"
period_start = 2026-09-01
period_end = 2026-09-30

[[actions]]
id = "A-0001"
title = "Serve warning at 1 Test Street"
area = "north-hotspot"
owner = "Sam Patel"
agency = "Council"
raised = 2026-10-15
due = 2026-11-01
status = "open"

[[actions]]
id = "A-0002"
title = "Target-harden Mill Road"
area = "south-ward"
owner = "Jo Bloggs"
agency = "Police"
raised = 2026-10-15
due = 2026-12-01
status = "in-progress"
"""


async def settle(app: PsgApp, pilot) -> None:
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space", "-": "minus"}.get(c, c) for c in text])


def rows(app: PsgApp) -> dict[str, dict]:
    return app.overview_rows


def counts(app: PsgApp, area: str) -> tuple[int, int, str]:
    row = rows(app)[area]
    return row["open_actions"], row["overdue_actions"], row["rag"]


async def test_actions_raised_and_closed_in_the_meeting_change_the_overview(
    mini_db: Path, tmp_path: Path
) -> None:
    previous = tmp_path / "2026-10-15.toml"
    previous.write_text(PREVIOUS_MINUTES)
    minutes = tmp_path / "meeting.toml"
    app = make_app(mini_db, minutes=minutes, carry_from=previous, today=MEETING, user="Dana Heron")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        # A-0002 is only in the database: overdue against the meeting's date, so the south ward is red.
        assert counts(app, "south-ward") == (1, 1, "red")
        # A-0001 is in both, counted once; the hotspot's overdue action also counts for its ward.
        assert counts(app, "north-hotspot")[:2] == (1, 1)
        assert counts(app, "north-ward")[:2] == (1, 1)
        assert {r["rag"] for r in rows(app).values()} == {"red"}
        concern = rows(app)["north-hotspot"]["concern"]

        await pilot.press("t")
        await settle(app, pilot)
        assert isinstance(app.screen, TrackerScreen)
        table = app.screen.query_one("#tracker-table", DataTable)
        table.move_cursor(row=table.get_row_index("A-0001"))
        await pilot.press("d")  # closed in the meeting: the minutes' status wins over the database's
        await settle(app, pilot)
        assert counts(app, "north-hotspot")[:2] == (0, 0)
        assert counts(app, "north-ward")[:2] == (0, 0)
        assert rows(app)["north-hotspot"]["concern"] == concern - 10

        table.move_cursor(row=table.get_row_index("A-0002"))
        await pilot.press("d")
        await settle(app, pilot)
        assert counts(app, "south-ward") == (0, 0, "green")  # no overdue action left, incidents down

        await pilot.press("a")  # a new action for the south ward, due after the meeting
        await pilot.pause()
        assert isinstance(app.screen, ActionForm)
        await type_text(pilot, "Patrol Mill Road")
        await pilot.press("tab")
        await type_text(pilot, "Jo Bloggs")
        await pilot.press("tab")
        await type_text(pilot, "Police")
        await pilot.press("tab", "ctrl+u")
        await type_text(pilot, "2026-12-20")
        await pilot.press("tab")
        app.screen.query_one("#area").value = "south-ward"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert counts(app, "south-ward") == (1, 0, "green")

        await pilot.press("o")
        await settle(app, pilot)
        overview = app.screen.query_one("#overview-table", DataTable)
        south = [str(c) for c in overview.get_row("south-ward")]
        assert (south[0].strip(), south[7]) == ("G", "1")
        assert str(overview.get_row("north-hotspot")[7]) == "0"
    on_disk = tomllib.loads(minutes.read_text(encoding="utf-8"))
    assert {a["id"]: a["status"] for a in on_disk["actions"]} == {
        "A-0001": "done",
        "A-0002": "done",
        "A-0004": "open",
    }


async def test_the_agenda_states_the_counts_its_table_lists(mini_db: Path, tmp_path: Path) -> None:
    previous = tmp_path / "2026-10-15.toml"
    previous.write_text(PREVIOUS_MINUTES)
    app = make_app(
        mini_db, minutes=tmp_path / "m.toml", carry_from=previous, today=MEETING, user="Dana Heron"
    )
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        await pilot.press("m")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, AgendaScreen)
        while (screen.step.kind, screen.step.key) != ("area", "south-ward"):
            await pilot.press("n")
        await settle(app, pilot)
        summary = screen.query_one("#area-summary", Static)
        assert "actions 1 open, 1 overdue" in str(summary.render())  # A-0002, due 1 December
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "Patrol Mill Road")
        await pilot.press("tab")
        await type_text(pilot, "Jo Bloggs")
        await pilot.press("tab")
        await type_text(pilot, "Police")
        await pilot.press("tab", "ctrl+u")
        await type_text(pilot, "2026-12-20")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert "actions 2 open, 1 overdue" in str(summary.render())


def _only_october(db: Path) -> Path:
    """The mini database with one month of incidents and nothing else that turns an area red."""
    con = duckdb.connect(str(db))
    con.execute("DELETE FROM incidents WHERE month <> DATE '2026-10-01'")
    for table in ("actions", "closure_orders", "pspo_breaches"):
        con.execute(f"DELETE FROM {table}")
    refresh_derived(con)  # incident_counts in step, as an import keeps it
    con.close()
    return db


async def test_one_month_loaded_shows_no_comparison_and_no_rag_by_rise(mini_db: Path, tmp_path: Path) -> None:
    app = make_app(_only_october(mini_db), minutes=tmp_path / "m.toml", today=date(2026, 11, 19))
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        heading = str(app.screen.query_one("#overview-heading", Static).render())
        assert "Oct 2026 no comparison: no data for Sep 2026" in heading
        assert "0 red, 0 amber" in heading
        table = app.screen.query_one("#overview-table", DataTable)
        north = [str(c) for c in table.get_row("north-ward")]
        assert north[2:5] == ["10", "–", "–"]  # this month, change, the month before
        assert {r["rag"] for r in rows(app).values()} == {"green"}
        await pilot.press("n")
        await settle(app, pilot)
        assert "no comparison: no data for Sep 2026" in str(app.screen.query_one("#area-heading").render())


async def test_a_database_changed_by_hand_shows_raw_counts_and_says_so(mini_db: Path, tmp_path: Path) -> None:
    """October's kept counts no longer match its incidents (its shoplifting deleted by hand): the
    overview counts October's rows themselves and the chair is told to rebuild the database."""
    con = duckdb.connect(str(mini_db))
    con.execute("DELETE FROM incidents WHERE month = DATE '2026-10-01' AND category = 'Shoplifting'")
    con.close()
    app = make_app(mini_db, minutes=tmp_path / "m.toml", today=date(2026, 11, 19))
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        said = " ".join(str(n.message) for n in app._notifications)
        assert "out of step with its incidents for 2026-10" in said and "psg db rebuild" in said
        table = app.screen.query_one("#overview-table", DataTable)
        assert [str(c) for c in table.get_row("north-ward")][2] == "5"  # 10 kept, 5 left after the delete
