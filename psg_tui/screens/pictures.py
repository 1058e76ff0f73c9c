"""Pictures for the chair: the area's trend over two years and a map of where incidents happen.

This module is cheap to import: the plotting widgets (and so plotext) are imported when the
screen is first composed, i.e. first shown, so starting the dashboard never pays for them.
Narrower than WIDE columns the two pictures are shown one at a time (`v` switches); from
WIDE on they stand side by side.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import duckdb
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import Static

from psg_tui.core.periods import Period
from psg_tui.core.queries import QueryResult
from psg_tui.screens.context import STILL_LOADING, area_stepped
from psg_tui.screens.loading import LoadingScreen, Part
from psg_tui.widgets.charts import TrendSeries
from psg_tui.widgets.footer import SteadyFooter
from psg_tui.widgets.meeting_bar import MeetingBar

if TYPE_CHECKING:
    from psg_tui.widgets.hotspot_map import HotspotPanel
    from psg_tui.widgets.trend_plot import TrendPanel

WIDE = 140
TREND_QUERY = "area_trend"
POINTS_QUERY = "area_points"


class PicturesScreen(LoadingScreen):
    lane = "pictures"
    DEFAULT_CSS = """
    PicturesScreen #pictures { height: 1fr; }
    PicturesScreen #pictures > * { width: 1fr; height: 1fr; }
    PicturesScreen.-narrow.view-trend #map-panel { display: none; }
    PicturesScreen.-narrow.view-map #trend-panel { display: none; }
    PicturesScreen TrendPanel, PicturesScreen HotspotPanel { background: $surface; }
    """
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]
    BINDINGS = [
        # n and p step through the areas here, keeping the pictures on screen.
        Binding("n", "next_area", "Next area"),
        Binding("p", "previous_area", "Prev area"),
        Binding("v", "switch_view", "Trend/map"),
        Binding("y", "map_window", "Map: month/year"),
        Binding("g", "app.pictures", "Leave graphs"),
    ]

    view: reactive[str] = reactive("trend")
    map_window: reactive[str] = reactive("period")

    def compose(self) -> ComposeResult:
        from psg_tui.widgets.hotspot_map import HotspotPanel
        from psg_tui.widgets.trend_plot import TrendPanel

        yield MeetingBar()
        yield Static(id="pictures-heading", classes="heading")
        with Horizontal(id="pictures"):
            yield TrendPanel(id="trend-panel")
            yield HotspotPanel(id="map-panel")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.watch_context("period", self.refresh_view, init=False)
        self.watch_context("area_id", self.refresh_view, init=False)
        self.refresh_view()

    def privacy_changed(self) -> None:
        # map labels pass through the app's privacy filter: draw them again
        self.map_panel.redraw()

    @property
    def trend_panel(self) -> TrendPanel:
        return self.query_one("#trend-panel")  # type: ignore[return-value]

    @property
    def map_panel(self) -> HotspotPanel:
        return self.query_one("#map-panel")  # type: ignore[return-value]

    def watch_view(self, view: str) -> None:
        self.set_class(view == "trend", "view-trend")
        self.set_class(view == "map", "view-map")

    def watch_map_window(self, window: str) -> None:
        if self.is_mounted:
            self.map_panel.set_window(window)

    # -- keys -----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # side by side, both pictures are on screen: nothing to switch
        return not (action == "switch_view" and self.size.width >= WIDE)

    def on_resize(self) -> None:
        self.refresh_bindings()
        # side by side, each picture is taller than wide: the map's key goes beneath it
        self.map_panel.set_class(self.size.width >= WIDE, "key-below")

    def action_switch_view(self) -> None:
        self.view = "map" if self.view == "trend" else "trend"

    def action_map_window(self) -> None:
        self.map_window = "year" if self.map_window == "period" else "period"

    def _step_area(self, step: int) -> None:
        """n and p move through the areas here, staying on the graphs."""
        area_id = area_stepped(self.context, step)
        if area_id is None:
            self.notify(STILL_LOADING, timeout=2)
            return
        self.context.area_id = area_id

    def action_next_area(self) -> None:
        self._step_area(1)

    def action_previous_area(self) -> None:
        self._step_area(-1)

    # -- data -----------------------------------------------------------------

    def refresh_view(self, *_: object) -> None:
        if self.hidden_now():
            return  # drawn when the chair comes back
        self.decorate()
        area_id = self.context.area_id
        if area_id is None:
            self.query_one("#pictures-heading", Static).update(
                "No area chosen yet: press n for the area of most concern, or pick one in the overview (o)."
            )
            return
        self._heading(loading=True)
        self.trend_panel.show_loading()
        self.map_panel.show_loading()
        self.start_load()

    def _heading(self, *, loading: bool = False) -> None:
        heading = self.area_heading(f"pictures for {self.context.period.label}", loading=loading)
        self.query_one("#pictures-heading", Static).update(heading)

    # -- loading (screens/loading.py) -------------------------------------------------

    def load_key(self) -> tuple[str, Period] | None:
        area_id = self.context.area_id
        return None if area_id is None else (area_id, self.context.period)

    def read(
        self, key: tuple[str, Period], cursor: duckdb.DuckDBPyConnection, part: Part
    ) -> tuple[QueryResult, QueryResult]:
        area_id, period = key
        meeting = self.context.meeting
        trend = meeting.run(meeting.queries[TREND_QUERY], period, area_id, con=cursor)
        points = meeting.run(meeting.queries[POINTS_QUERY], period, area_id, con=cursor)
        return trend, points

    def show_loaded(self, key: tuple[str, Period], value: tuple[QueryResult, QueryResult]) -> None:
        trend, points = value
        self.drawn = (*key, trend)  # what followers are sent (the trend as a table; no points)
        self.trend_panel.show(TrendSeries.from_rows(trend.dicts()))
        self.map_panel.window = self.map_window
        self.map_panel.show(points.dicts(), key[1], self.context.meeting.coverage.months)
        self._heading()

    def show_failed(self, key: tuple[str, Period], error: str) -> None:
        self.query_one("#pictures-heading", Static).update(
            Text.assemble(
                self.area_heading(f"pictures for {key[1].label}"),
                f"\nThe pictures could not be loaded. {error}",
            )
        )
        for panel in (self.trend_panel, self.map_panel):  # no longer loading: nothing to draw
            panel.query_one(".empty", Static).update(Text("Not drawn: the heading says why.", style="dim"))
