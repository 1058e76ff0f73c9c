"""Markup, escape sequences and odd characters in the data or the minutes are shown as text:
they never crash the dashboard, draw a live link or reach the terminal as control codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from psg_tui.app import make_app
from tests.ui.hostile import TODAY, control_characters_drawn, hostile_app, hostile_database, on_screen


async def settle(app, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_an_agency_holding_markup_does_not_crash_the_tracker_filters(tmp_path: Path) -> None:
    agency = "Police [/]"
    app = hostile_app(hostile_database(tmp_path, {}), tmp_path / "m.toml", {"agency": agency})
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        await pilot.press("f", "tab", "enter")  # open the agency filter's list
        await settle(app, pilot)
        assert on_screen(app, agency, length=len(agency))
        await pilot.press("down", "down", "enter")
        await settle(app, pilot)
        assert app.is_running and on_screen(app, agency, length=len(agency))


async def test_an_area_named_with_a_link_is_shown_as_typed_in_the_palette(tmp_path: Path) -> None:
    name = "Evil [link=https://evil.example]x[/link]"
    app = hostile_app(hostile_database(tmp_path, {"area": name}), tmp_path / "m.toml", {})
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await pilot.press(*"Evil")
        await pilot.pause(0.5)
        assert on_screen(app, f"Go to area: {name}", length=60)
        assert app.is_running


async def test_toasts_show_file_names_and_names_as_text(tmp_path: Path) -> None:
    folder = tmp_path / "[@click=app.quit]odd [b]folder"
    folder.mkdir()
    app = make_app(hostile_database(tmp_path, {}), minutes=folder / "m.toml", today=TODAY)
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        await settle(app, pilot)  # the start-up toast names the minutes file
        assert on_screen(app, "[@click=app.quit]odd [b]folder", length=30)
        await pilot.press("m")
        await settle(app, pilot)
        await pilot.press("plus")
        await pilot.pause()
        await pilot.press(*"Ann [/]", "tab", *"Police", "ctrl+s")
        await settle(app, pilot)
        await pilot.press("space")  # the attendance toast names the person
        await settle(app, pilot)
        assert app.is_running and on_screen(app, "Ann [/]: apologies", length=18)


async def test_a_location_holding_markup_is_listed_on_the_hotspot_map(tmp_path: Path) -> None:
    location = "On or near [/] [bold]Street"
    app = hostile_app(hostile_database(tmp_path, {"location": location}), tmp_path / "m.toml", {})
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        await pilot.press("n", "g")
        await settle(app, pilot)
        await pilot.pause(0.5)
        await settle(app, pilot)
        assert app.is_running and on_screen(app, "[/] [bold]Street", length=16)


async def test_a_panel_query_whose_title_and_column_hold_markup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    queries = tmp_path / "queries"
    queries.mkdir()
    (queries / "odd.sql").write_text(
        "-- title: Odd [/] panel\n-- description: [link=x]y[/link]\n-- scope: area\n-- order: 99\n"
        '-- render: table\nSELECT 1 AS "[b]count[/]" WHERE $area IS NOT NULL\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("PSG_QUERIES_DIR", str(queries))
    app = hostile_app(hostile_database(tmp_path, {}), tmp_path / "m.toml", {})
    async with app.run_test(size=(200, 160)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        assert app.is_running and on_screen(app, "Odd [/] panel", length=13)


ESCAPES = {
    "area": "North \x1b[2J\x1b[31mWard\x07",
    "location": "On or near \x1b]8;;https://evil.example\x1b\\Elm\x1b]8;;\x1b\\ Road",
    "premises": "1 Test \x1b]52;c;ZXZpbA==\x07Street",
    "title": "Mini \x1b]0;pwned\x07PSG",
    "action": "Patrol \u202eevil\u202c and \x1b[5mblink",
    "person": "Rachel \x1b[8mOkafor",
    "note": "Seen at \x9b31m the \x00 shop",
    "agency": "Police\x1b[0m",
}


async def test_escape_sequences_in_the_data_never_reach_the_terminal(tmp_path: Path) -> None:
    app = hostile_app(hostile_database(tmp_path, ESCAPES), tmp_path / "m.toml", ESCAPES)
    async with app.run_test(size=(200, 160)) as pilot:
        await settle(app, pilot)
        screens = {}
        for name, keys in (("overview", ()), ("area", ("n",)), ("tracker", ("t",)), ("agenda", ("m", "n"))):
            await pilot.press(*keys)
            await settle(app, pilot)
            screens[name] = control_characters_drawn(app)
        await pilot.press("t", "enter")  # the edit form, filled from the minutes
        await settle(app, pilot)
        screens["form"] = control_characters_drawn(app)
        assert screens == {name: [] for name in screens}
        # and what was there is visible, ESC as ␛
        await pilot.press("ctrl+g", "o")
        await settle(app, pilot)
        assert on_screen(app, "North ␛[2J␛[31mWard␇", length=20)
