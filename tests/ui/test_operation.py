"""The operation view, driven as a chair would: from the palette, the overview and the area
view, on the fixture of tests/data/operations.sql (figures worked out in
tests/core/test_operation_queries.py)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from textual.widgets import DataTable

from psg_tui.app import PsgApp, make_app
from psg_tui.core.meeting import Meeting
from psg_tui.core.operations import NO_OPERATIONS, operations_in
from psg_tui.screens.area import AreaScreen
from psg_tui.screens.help import HelpScreen
from psg_tui.screens.operation import OperationScreen
from psg_tui.screens.overview import OverviewScreen
from tests.ops_fixture import build_ops
from tests.ui.screen import screen_text, settle_screen


@pytest.fixture
def ops_db(tmp_path: Path) -> Path:
    return build_ops(tmp_path / "ops.duckdb")


def ops_app(db: Path, tmp_path: Path) -> PsgApp:
    return make_app(
        db, minutes=tmp_path / "m.toml", today=date(2026, 11, 19), clock=lambda: datetime(2026, 11, 19, 10, 0)
    )


def flat(app: PsgApp) -> str:
    """The screen's text on one line, so a phrase wrapped at the edge of a box is still found."""
    return " ".join(line.strip(" │") for line in screen_text(app).splitlines())


def heading(app: PsgApp) -> str:
    return str(app.screen.query_one("#operation-heading").render())


async def test_the_overview_opens_every_operation_in_turn_and_b_goes_back(
    ops_db: Path, tmp_path: Path
) -> None:
    app = ops_app(ops_db, tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle_screen(pilot)
        assert isinstance(app.screen, OverviewScreen) and app.area_id is None
        await pilot.press("O")
        await settle_screen(pilot)
        assert isinstance(app.screen, OperationScreen)
        assert heading(app).startswith("Operation Test   operation 1 of 3   from 1 May 2026")
        text = flat(app)
        assert "down 5% against the rest of the district; could be chance" in text
        assert "Its areas 24 → 19 · the rest of the district 36 → 30" in text
        assert "6 months before (Nov 2025–Apr 2026) and after (May 2026–Oct 2026)" in text
        assert "Since the start: Disruption 35 · Patrol 14 · Engagement 11 · CPW 1" in text
        assert "Areas East Ward, East Hotspot" in text and "lead Test Police" in text
        kinds = app.screen.query_one("#operation-kinds", DataTable)
        assert [str(kinds.get_cell_at((0, i))) for i in range(4)] == ["Disruption", "12", "23", "35"]
        agencies = app.screen.query_one("#operation-agencies", DataTable)
        assert (
            str(agencies.get_cell_at((0, 0))) == "Test Police" and str(agencies.get_cell_at((0, 3))) == "49"
        )
        assert "SUBJ-" not in text  # subjects are never shown
        await pilot.press("O")
        await settle_screen(pilot)
        assert app.operation_id == "operation-mid" and "Operation Mid" in heading(app)
        assert "no change against the rest of the district; could be chance" in flat(app)
        await pilot.press("O")
        await settle_screen(pilot)
        assert "No complete month since the start yet (the newest is Oct 2026)" in flat(app)
        await pilot.press("O")
        await settle_screen(pilot)
        assert app.operation_id == "operation-test"  # round again
        await pilot.press("b")
        await settle_screen(pilot)
        assert isinstance(app.screen, OverviewScreen)


async def test_the_area_view_opens_the_operations_working_there(ops_db: Path, tmp_path: Path) -> None:
    app = ops_app(ops_db, tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle_screen(pilot)
        app.show_area("east-ward")  # the hotspot's Operation Mid works inside the ward
        await settle_screen(pilot)
        assert isinstance(app.screen, AreaScreen)
        await pilot.press("O")
        await settle_screen(pilot)
        assert app.operation_id == "operation-test"
        await pilot.press("O")
        await settle_screen(pilot)
        assert app.operation_id == "operation-mid"
        await pilot.press("O")
        await settle_screen(pilot)
        assert app.operation_id == "operation-test"  # Operation Late works in West Ward only
        await pilot.press("backspace")
        await settle_screen(pilot)
        assert isinstance(app.screen, AreaScreen) and app.area_id == "east-ward"
        app.show_area("west-ward")
        await settle_screen(pilot)
        await pilot.press("O")
        await settle_screen(pilot)
        assert app.operation_id == "operation-late"
        await pilot.press("b")
        app.show_area("far-ward")  # no operation works there: every operation, and a word why
        await settle_screen(pilot, quiet=False)
        await pilot.press("O")
        await pilot.pause()
        assert any("No operation works in Far Ward" in n.message for n in app._notifications)
        await settle_screen(pilot)
        assert app.operation_id == "operation-test"


async def test_the_palette_goes_to_an_operation(ops_db: Path, tmp_path: Path) -> None:
    app = ops_app(ops_db, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle_screen(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Operations" in titles
        await pilot.press("ctrl+p", *"Operation Mid", "enter")  # "Go to operation: Operation Mid"
        await settle_screen(pilot)
        assert isinstance(app.screen, OperationScreen) and app.operation_id == "operation-mid"
        assert "Operation Mid" in heading(app)


async def test_the_reporting_month_moves_the_outputs(ops_db: Path, tmp_path: Path) -> None:
    app = ops_app(ops_db, tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle_screen(pilot)
        await pilot.press("O", "left_square_bracket")
        await settle_screen(pilot)
        assert "Sep 2026" in heading(app)
        assert "Since the start: Disruption 23 · Patrol 10 · Engagement 5" in flat(app)


async def test_privacy_mode_masks_the_aims_and_never_shows_subjects(ops_db: Path, tmp_path: Path) -> None:
    app = ops_app(ops_db, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle_screen(pilot)
        app.show_operation("operation-mid")
        await settle_screen(pilot)
        assert "Mr John Smith of 12 Elm Road" in flat(app)  # control
        await pilot.press("h")
        await settle_screen(pilot)
        text = flat(app)
        assert "Smith" not in text and "Elm Road" not in text and "address hidden" in text
        assert "SUBJ-" not in text


async def test_no_operations_says_so_plainly(tmp_path: Path) -> None:
    app = ops_app(build_ops(tmp_path / "none.duckdb", with_operations=False), tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle_screen(pilot)
        await pilot.press("O")
        await settle_screen(pilot)
        assert isinstance(app.screen, OperationScreen)
        assert NO_OPERATIONS in flat(app)
        assert not app.screen.query_one("#operation-effect-box").display


async def test_a_failing_query_file_is_said_in_the_view(
    ops_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An analyst's broken override of an operation file: the view says why, no traceback."""
    (tmp_path / "q").mkdir()
    (tmp_path / "q" / "operation_effect.sql").write_text("-- scope: operation\nSELECT nope FROM operations\n")
    monkeypatch.setenv("PSG_QUERIES_DIR", str(tmp_path / "q"))
    app = ops_app(ops_db, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle_screen(pilot)
        await pilot.press("O")
        await settle_screen(pilot)
        assert "This operation could not be loaded." in flat(app) and "operation_effect.sql" in flat(app)


async def test_help_lists_the_operation_keys(ops_db: Path, tmp_path: Path) -> None:
    app = ops_app(ops_db, tmp_path)
    async with app.run_test(size=(120, 90)) as pilot:  # the whole help on screen, no scrolling
        await settle_screen(pilot)
        await pilot.press("question_mark")
        await settle_screen(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = flat(app)
        assert "Operation view" in text and "Operations" in text


def test_operations_touching_an_area(ops_db: Path) -> None:
    meeting = Meeting(ops_db)
    operations, within = meeting.operations(), meeting.areas_within()
    meeting.close()
    ids = lambda area: [o.id for o in operations_in(operations, within, area)]  # noqa: E731
    assert ids("east-hotspot") == ["operation-test", "operation-mid"]  # in it, and in the ward it lies in
    assert ids("east-ward") == ["operation-test", "operation-mid"]  # and in the hotspot inside it
    assert ids("west-ward") == ["operation-late"] and ids("far-ward") == [] and ids(None) == []


async def test_the_view_runs_on_a_stand_in_context(ops_db: Path, tmp_path: Path) -> None:
    """Built with a meeting context, not the app (see tests/ui/test_context.py)."""
    from tests.ui.test_context import context_for

    context = context_for(ops_db, tmp_path, OperationScreen)
    context.operation_id = "operation-mid"
    async with context.run_test(size=(100, 40)) as pilot:
        await settle_screen(pilot)
        assert isinstance(context.screen, OperationScreen)
        assert str(context.screen.query_one("#operation-heading").render()).startswith("Operation Mid")
        context.operation_id = "operation-test"
        await settle_screen(pilot)
        assert "Since the start: Disruption 35" in flat(context)  # type: ignore[arg-type]
    context.meeting.close()
    context.minutes.store.close()


async def test_markup_and_control_characters_in_an_operation_are_shown_as_typed(
    ops_db: Path, tmp_path: Path
) -> None:
    import duckdb

    con = duckdb.connect(str(ops_db))
    con.execute(
        "UPDATE operations SET name = 'Op [link=x]Evil[/link] \x1b[31m', lead_agency = '[bold]Police',"
        " aims = '[/]' WHERE id = 'operation-mid'"
    )
    con.close()
    app = ops_app(ops_db, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle_screen(pilot)
        await pilot.press("ctrl+p", *"Evil", "enter")
        await settle_screen(pilot)
        assert app.operation_id == "operation-mid"
        text = flat(app)
        assert "Op [link=x]Evil[/link] ␛[31m" in text and "lead [bold]Police" in text and "[/]" in text


async def test_an_aim_of_megabytes_is_cut_for_drawing_and_masking(ops_db: Path, tmp_path: Path) -> None:
    """A 5 MB aim stored by hand (imports refuse one) is drawn as its first few pages, cut after a
    word and saying how much is left out; privacy mode masks only what is drawn."""
    import duckdb

    from psg_tui.core.text import DRAWN_TEXT

    aims = "Patrols with Mr John Smith " + "and more patrols " * 300_000  # ~5 MB
    con = duckdb.connect(str(ops_db))
    con.execute("UPDATE operations SET aims = $aims WHERE id = 'operation-mid'", {"aims": aims})
    con.close()
    app = ops_app(ops_db, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle_screen(pilot)
        app.show_operation("operation-mid")
        await settle_screen(pilot)
        drawn = str(app.screen.query_one("#operation-aims").render())
        assert drawn.startswith("Patrols with Mr John Smith and more patrols")
        assert drawn.endswith("more characters not shown)")
        assert len(drawn) < DRAWN_TEXT + 100
        await pilot.press("h")
        await settle_screen(pilot)
        masked = str(app.screen.query_one("#operation-aims").render())
        assert "Smith" not in masked and len(masked) < DRAWN_TEXT + 100
        assert app.is_running
