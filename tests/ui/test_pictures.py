"""The pictures screen: the figures behind the trend chart and the hotspot map, the keys that
change them, the images on the Stockton sample, and that plotext is loaded only when shown.

Review changed images with `pytest tests/ui/test_pictures.py --snapshot-update` and look at
the SVGs in tests/ui/__snapshots__/test_pictures/ before committing them.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import math
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest
from textual.app import InvalidModeError
from textual.widgets._footer import FooterKey

from psg_tui.app import PsgApp, make_app
from psg_tui.core.periods import Period
from psg_tui.screens.pictures import PicturesScreen
from psg_tui.widgets.charts import (
    Bounds,
    HotspotData,
    Place,
    bin_places,
    density_bands,
    fit_bounds,
    month_ticks,
    nice_ticks,
    trend_floor,
)
from psg_tui.widgets.footer import SteadyFooter
from psg_tui.widgets.hotspot_map import year_label
from tests.ui.screen import screen_text, settle_screen

MEETING_DAY = date(2026, 11, 19)
OCT = Period(2026, 10)


def open_pictures(app: PsgApp):
    """Switch to the pictures, installing the mode first unless the app already has it."""
    with contextlib.suppress(InvalidModeError):  # unless the app registers the mode itself
        app.add_mode("pictures", PicturesScreen)
    return app.switch_mode("pictures")


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()  # the charts lay out, then draw again to their final size


def pictures(app: PsgApp) -> PicturesScreen:
    assert isinstance(app.screen, PicturesScreen)
    return app.screen


def top_places(app: PsgApp) -> list[tuple[str | None, int]]:
    return [(p.location, p.count) for p in pictures(app).map_panel.top]


# -- the figures, without a screen ------------------------------------------------------


def test_axis_marks_are_whole_numbers_covering_the_data() -> None:
    assert nice_ticks(297) == [0, 100, 200, 300]
    assert nice_ticks(9) == [0, 5, 10]
    assert nice_ticks(0) == [0, 1]
    assert nice_ticks(300, bottom=190) == [150, 200, 250, 300]
    assert trend_floor([0, 5, 9]) == 0
    assert trend_floor([10, 100]) == 0  # a wide range keeps its zero
    assert 0 < trend_floor([210, 297]) < 210


def test_month_labels_always_name_the_latest_month() -> None:
    months = tuple(Period(2024, 11).shift(i).start for i in range(24))
    positions, labels = month_ticks(months, 70)
    assert positions[-1] == 23 and labels[-1] in ("Oct 2026", "Oct '26")
    assert len(set(b - a for a, b in itertools.pairwise(positions))) == 1
    # each label has room: never more labels than fit at 7 or more cells each
    assert len(labels) * 7 <= 70
    wide, _ = month_ticks(months, 400)
    assert wide == list(range(24))


def test_the_12_month_window_names_only_the_months_held() -> None:
    aug = Period(2021, 8)
    every = tuple(aug.shift(-i) for i in range(24))
    assert year_label(aug, every) == "Sep 2020 to Aug 2021"
    assert year_label(aug, (aug,)) == "Aug 2021 only (1 of the 12 months held)"
    gaps = (aug.shift(-11), aug.shift(-5), aug)
    assert year_label(aug, gaps) == "Sep 2020 to Aug 2021 (3 of the 12 months held)"
    assert year_label(aug, (aug.shift(-12), aug.shift(1))) == "the 12 months to Aug 2021 (none held)"


def test_map_keeps_the_true_shape_at_stockton() -> None:
    """A square kilometre is drawn square: cells are twice as tall as wide, and a degree of
    longitude is cos(54.57°) ≈ 0.58 of a degree of latitude."""
    places = [Place("a", 54.55, -1.33, 1), Place("b", 54.58, -1.28, 1)]
    bounds = fit_bounds(places, 60, 20)
    k = math.cos(math.radians(54.565))
    across = (bounds.east - bounds.west) * k  # in degrees of latitude
    down = bounds.north - bounds.south
    assert across / down == pytest.approx(59 / (19 * 2), rel=0.01)
    assert bounds.west < -1.33 and bounds.east > -1.28 and bounds.south < 54.55 and bounds.north > 54.58
    assert k == pytest.approx(0.58, abs=0.005)


def test_binning_counts_incidents_per_cell() -> None:
    bounds = Bounds(0.0, 10.0, 50.0, 60.0)
    places = [Place("a", 50.0, 0.0, 3), Place("b", 50.1, 0.1, 2), Place("c", 60.0, 10.0, 1)]
    assert bin_places(places, bounds, 11, 11) == {(0, 0): 5, (10, 10): 1}


def test_density_bands_cover_one_to_the_densest_cell() -> None:
    bands = density_bands(35)
    assert (bands[0].low, bands[-1].high) == (1, 35)
    assert all(a.high + 1 == b.low for a, b in itertools.pairwise(bands))
    assert bands[-1].name == "densest" and len({b.marker for b in bands}) == len(bands)
    assert [b.label for b in density_bands(2)] == ["1", "2"]
    assert density_bands(0) == []


def test_places_without_usable_coordinates_are_counted_not_drawn() -> None:
    rows = [
        {"location": "On or near A Street", "latitude": 54.5, "longitude": -1.3, "this_period": 4, "n": 0},
        {"location": "On or near A Street", "latitude": 54.6, "longitude": -1.2, "this_period": 3, "n": 0},
        {"location": "On or near B Road", "latitude": 54.5, "longitude": -1.31, "this_period": 5, "n": 0},
        {"location": "Market Square", "latitude": None, "longitude": None, "this_period": 2, "n": 0},
        {"location": "Typo", "latitude": 0.0, "longitude": 0.0, "this_period": 1, "n": 0},
        {"location": "Quiet", "latitude": 54.5, "longitude": -1.3, "this_period": 0, "n": 0},
    ]
    data = HotspotData.from_rows(rows, "this_period")
    assert (data.placed, data.left_out, data.total) == (12, 3, 15)
    # top places by name, as the Repeat locations panel counts them, at the busiest snap point
    top = data.top()
    assert [(p.location, p.count, p.latitude) for p in top] == [
        ("On or near A Street", 7, 54.5),
        ("On or near B Road", 5, 54.5),
    ]


# -- the screen on the mini database ------------------------------------------------------


async def test_pictures_show_the_areas_figures_and_follow_n_p_y_and_the_period(mini_db: Path) -> None:
    app = make_app(mini_db, today=MEETING_DAY)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        app.area_id = "north-ward"
        await open_pictures(app)
        await settle(pilot)
        screen = pictures(app)
        series = screen.trend_panel.series
        assert series is not None and len(series.months) == 24
        assert series.months[-1] == date(2026, 10, 1) and series.months[0] == date(2024, 11, 1)
        # North: 5 shoplifting + 4 ASB + the hotspot's street drinking report; Sep 6; Oct 2025 3
        assert series.incidents[-2:] == (6, 10) and series.year_before[-1] == 3
        assert sum(n for n in series.incidents if n is not None) == 16 + 3  # Oct 2025 is inside the 24 months
        assert series.incidents.count(None) == 21  # the mini has 3 of the 24 months; the rest are gaps
        assert top_places(app) == [("On or near High Street", 5), ("On or near Park Lane", 4)]
        assert screen.map_panel.data is not None and screen.map_panel.data.left_out == 1
        text = screen_text(app)
        assert "Oct 2026: 10" in text and "a year earlier 3" in text
        assert "Left out (no coordinates): 1" in text
        assert "High Street" in text and "Park Lane" in text

        await pilot.press("n")  # the next area by concern; the pictures stay on screen
        await settle(pilot)
        assert app.area_id == "north-hotspot"
        screen = pictures(app)
        assert screen.trend_panel.series is not None
        assert screen.trend_panel.series.incidents[-1] == 6
        assert top_places(app) == [("On or near High Street", 5)]

        await pilot.press("p")
        await settle(pilot)
        assert app.area_id == "north-ward"

        await pilot.press("y")  # the last 12 months: Park Lane 4 + 4 overtakes High Street 5 + 2
        await settle(pilot)
        assert top_places(app) == [("On or near Park Lane", 8), ("On or near High Street", 7)]
        # the mini holds Sep and Oct 2026 of those 12 months: the window names only them
        assert "Where: Sep 2026 to Oct 2026 (2 of the 12 months held)" in screen_text(app)
        assert "Nov 2025" not in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert top_places(app)[0] == ("On or near High Street", 5)

        await pilot.press("left_square_bracket")  # September
        await settle(pilot)
        assert app.period == Period(2026, 9)
        assert top_places(app) == [("On or near Park Lane", 4), ("On or near High Street", 2)]
        assert pictures(app).trend_panel.series.incidents[-1] == 6


async def test_an_empty_period_says_so(mini_db: Path) -> None:
    app = make_app(mini_db, today=MEETING_DAY, period="2025-10")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        app.area_id = "south-ward"
        await open_pictures(app)
        await settle(pilot)
        text = screen_text(app)
        assert "No incidents with coordinates in this period." in text
        assert "No incidents in these months." in text
        assert top_places(app) == []


def footer_text(footer: SteadyFooter) -> str:
    return " ".join(str(key.render()) for key in footer.query(FooterKey))


async def test_one_picture_at_a_time_when_narrow_both_when_wide(mini_db: Path) -> None:
    app = make_app(mini_db, today=MEETING_DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.area_id = "north-ward"
        await open_pictures(app)
        await settle(pilot)
        screen = pictures(app)
        assert screen.trend_panel.display and not screen.map_panel.display
        assert screen.active_bindings["v"].enabled
        await pilot.press("v")
        await settle(pilot)
        assert screen.map_panel.display and not screen.trend_panel.display
        assert "High Street" in screen_text(app)
        await pilot.resize_terminal(160, 45)
        await settle(pilot)
        assert screen.map_panel.display and screen.trend_panel.display
        assert screen.trend_panel.region.y == screen.map_panel.region.y  # side by side
        assert screen.map_panel.has_class("key-below")
        assert not screen.check_action("switch_view", ())  # nothing to switch: v leaves the footer
        footer = screen.query_one(SteadyFooter)
        assert "Trend/map" not in footer_text(footer)  # the footer is built again when keys change
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert screen.check_action("switch_view", ()) and not screen.map_panel.has_class("key-below")
        assert "Trend/map" in footer_text(footer)
        assert screen.map_panel.display and not screen.trend_panel.display


# -- what the chair sees on the Stockton sample -------------------------------------------


@pytest.fixture
def sample_app(sample_db: Path, tmp_path: Path) -> PsgApp:
    return make_app(sample_db, minutes=tmp_path / "m.toml", today=MEETING_DAY)


def show_pictures(*keys: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await open_pictures(pilot.app)
        await pilot.press("n")  # the area of most concern
        for key in keys:
            await settle(pilot)
            await pilot.press(key)
        await settle_screen(pilot)

    return run_before


def test_trend_80x24(snap_compare, sample_app: PsgApp) -> None:
    assert snap_compare(sample_app, terminal_size=(80, 24), run_before=show_pictures())


def test_map_80x24(snap_compare, sample_app: PsgApp) -> None:
    assert snap_compare(sample_app, terminal_size=(80, 24), run_before=show_pictures("v"))


def test_both_160x45(snap_compare, sample_app: PsgApp) -> None:
    assert snap_compare(sample_app, terminal_size=(160, 45), run_before=show_pictures())


def test_map_of_12_months_160x45(snap_compare, sample_app: PsgApp) -> None:
    assert snap_compare(sample_app, terminal_size=(160, 45), run_before=show_pictures("y"))


# -- plotext is loaded when the pictures are first shown, not at start-up ------------------

LAZY_SCRIPT = textwrap.dedent(
    """
    import asyncio, json, sys
    from datetime import date
    from pathlib import Path

    from textual.app import InvalidModeError

    from psg_tui.app import make_app

    PLOTTING = ("plotext", "textual_plotext")

    def loaded():
        return sorted(name for name in PLOTTING if name in sys.modules)

    async def main():
        app = make_app(Path(sys.argv[1]), minutes=Path(sys.argv[2]), today=date(2026, 11, 19))
        seen = {}
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            seen["started"] = loaded()
            from psg_tui.screens.pictures import PicturesScreen
            try:
                app.add_mode("pictures", PicturesScreen)
            except InvalidModeError:
                pass
            seen["screen imported"] = loaded()
            await app.switch_mode("pictures")
            await pilot.pause()
            seen["shown"] = loaded()
        print(json.dumps(seen))

    asyncio.run(main())
    """
)


def test_starting_the_dashboard_does_not_import_plotext(mini_db: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", LAZY_SCRIPT, str(mini_db), str(tmp_path / "m.toml")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["started"] == []
    assert seen["screen imported"] == []
    assert seen["shown"] == ["plotext", "textual_plotext"]  # the check can see them when they are there


async def test_privacy_mode_draws_the_map_labels_again(
    mini_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every location label goes through the app's privacy filter, and privacy mode redraws them."""
    app = make_app(mini_db, today=MEETING_DAY)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        app.area_id = "north-ward"
        await open_pictures(app)
        await settle(pilot)
        assert "High Street" in screen_text(app)
        monkeypatch.setattr(app, "shown", lambda text: "place hidden")
        app.privacy = True
        await settle(pilot)
        text = screen_text(app)
        assert "High Street" not in text and "Park Lane" not in text and "place hidden" in text
