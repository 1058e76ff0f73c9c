"""The area view: every area panel query for the current area and period."""

from __future__ import annotations

from typing import Any

import duckdb
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import ItemGrid, VerticalScroll
from textual.widgets import Static

from psg_tui.core.periods import Period
from psg_tui.core.queries import QueryResult
from psg_tui.screens.base import ActionsScreen
from psg_tui.screens.loading import LoadingScreen, Part
from psg_tui.widgets.area_minutes import AreaMinutesPanel
from psg_tui.widgets.fit import FittedTable
from psg_tui.widgets.footer import SteadyFooter
from psg_tui.widgets.meeting_bar import MeetingBar
from psg_tui.widgets.panel import QueryPanel

# One column of panels up to 180 wide (tables stay whole and readable), two beyond.
PANEL_MIN_WIDTH = 90
# Panels per column built with the screen; the rest (below the fold) are mounted just after its
# first frame, so the first area opened from the overview is drawn sooner.
FIRST_PANELS = 3


class AreaScreen(ActionsScreen, LoadingScreen):
    lane = "area"
    BINDINGS = [
        *ActionsScreen.ACTION_BINDINGS,
        Binding("enter", "edit", "Edit action", tooltip="the action selected in this meeting's actions"),
        Binding("e", "notes", "Notes"),
    ]
    actions_table_id = "meeting-actions"
    _settling: set[QueryPanel]  # panels mounted below the fold, drawn once they have a width
    nothing_selected = "This area has no actions in these minutes yet: a adds one."

    def compose(self) -> ComposeResult:
        yield MeetingBar()
        yield Static(id="area-heading", classes="heading")
        queries = self.context.meeting.area_queries()
        grid = [query for query in queries if query.render != "summary"]
        columns = 2 if self.app.size.width >= 2 * PANEL_MIN_WIDTH else 1
        self._below_the_fold = grid[FIRST_PANELS * columns :]
        with VerticalScroll(id="area-scroll"):
            # Summaries run the full width above the grid of panels.
            for query in queries:
                if query.render == "summary":
                    yield QueryPanel(query)
            with ItemGrid(id="panel-grid", min_column_width=PANEL_MIN_WIDTH, stretch_height=False):
                for query in grid[: FIRST_PANELS * columns]:
                    yield QueryPanel(query)
            yield AreaMinutesPanel()
        yield SteadyFooter()

    async def _mount_below_the_fold(self) -> None:
        """The panels the first frame left out, drawn with what the others show."""
        later, self._below_the_fold = self._below_the_fold, []
        panels = [QueryPanel(query) for query in later]
        self._settling = set(panels)  # drawn by `draw` below, once they have a width
        await self.query_one("#panel-grid", ItemGrid).mount_all(panels)
        self._show_minutes()  # the earlier-actions panel skips this meeting's actions

        def draw(tries: int = 5) -> None:  # once laid out: tables fit the width they are given
            if tries and any(not table.content_region.width for table in self._tables_of(panels)):
                self.call_after_refresh(draw, tries - 1)
                return
            self._settling = set()
            drawn = self._drawn
            if drawn is not None and drawn[:2] == (self.context.area_id, self.context.period):
                _area_id, period, results, complete = drawn
                for panel in panels:
                    self._show_panel(panel, period, results, complete)

        self.call_after_refresh(draw)

    def on_mount(self) -> None:
        self._places: dict[str, float] = {}
        self._place_of: str | None = None
        # What the panels show: (area, period, results, complete), for panels mounted later.
        self._drawn: tuple[str, Period, dict[str, QueryResult], bool] | None = None
        self._settling = set()  # mounted, not yet laid out: drawn when they are
        if self._below_the_fold:
            self.call_after_refresh(self._mount_below_the_fold)
        self.decorate()
        self.watch_context("period", self.refresh_view, init=False)
        self.watch_context("area_id", self.refresh_view, init=False)
        self.watch_context("minutes_version", self._show_minutes, init=False)
        self.query_one("#area-scroll").focus()
        self.refresh_view()

    @property
    def drawn(self) -> tuple[str, Period, dict[str, QueryResult], bool] | None:
        """What the panels show now (area, period, results, complete): what followers are sent."""
        drawn: tuple[str, Period, dict[str, QueryResult], bool] | None = getattr(self, "_drawn", None)
        return drawn

    @staticmethod
    def _tables_of(panels: list[QueryPanel]) -> list[FittedTable]:
        return [table for panel in panels for table in panel.walk_children(FittedTable) if table.display]

    def refresh_view(self, *_: object) -> None:
        if self.hidden_now():
            return  # drawn when the chair comes back
        area_id = self.context.area_id
        if area_id is None:
            return
        self._keep_place(area_id)
        self.decorate()
        self._heading(loading=True)
        self._show_minutes()
        period = self.context.period
        ready = self.context.meeting.ready_area_panels(area_id, period)
        if ready is not None:  # prefetched: drawn now, from memory, without a query
            self.loaded_without_reading()
            if self.query_one("#area-scroll").size.width:
                self._show(area_id, period, ready)
            else:  # the screen's first frame: tables fit the width they are laid out to
                self.call_after_refresh(self._show, area_id, period, ready)
            return
        self.start_load()

    def _keep_place(self, area_id: str) -> None:
        """Each area opens where the chair last left it, a new one at its top (not at the
        scroll position of the area shown before)."""
        scroll = self.query_one("#area-scroll", VerticalScroll)
        if self._place_of is not None:
            self._places[self._place_of] = scroll.scroll_y
        if area_id != self._place_of:
            scroll.scroll_to(y=self._places.get(area_id, 0), animate=False, immediate=True)
        self._place_of = area_id

    def _show_minutes(self, *_: object) -> None:
        area_id = self.context.area_id
        if area_id is None:
            return
        self.show_area_minutes(area_id)
        minutes = self.context.minutes_store.minutes
        self._earlier_actions_panel_skips(set(a.id for a in minutes.actions))

    def _earlier_actions_panel_skips(self, ids: set[str]) -> None:
        for panel in self.query(QueryPanel):
            if panel.query.name == "area_actions":
                panel.skip_ids = ids

    # -- the chair's changes ---------------------------------------------------

    def privacy_changed(self) -> None:
        for panel in self.query(QueryPanel):
            panel.redraw()
        self._show_minutes()

    def _heading(self, *, loading: bool = False) -> None:
        period = self.context.period
        if loading:  # what is compared is known once the panels' worker has read the months
            tail = period.label
        else:
            window = self.context.meeting.month_sources(period)
            tail = f"{period.label} {window.against(period, period.previous)}"
        self.query_one("#area-heading", Static).update(self.area_heading(tail, loading=loading))

    # -- loading (screens/loading.py) -------------------------------------------------

    def load_key(self) -> tuple[str, Period] | None:
        area_id = self.context.area_id
        return None if area_id is None else (area_id, self.context.period)

    def read(self, key: tuple[str, Period], cursor: duckdb.DuckDBPyConnection, part: Part) -> Any:
        area_id, period = key
        meeting = self.context.meeting
        meeting.month_sources(period, cursor)  # for the heading
        return meeting.area_panels(area_id, period, con=cursor, on_part=part)

    def show_loaded(self, key: tuple[str, Period], value: dict[str, QueryResult]) -> None:
        self._show(*key, value)

    def show_part(self, key: tuple[str, Period], value: dict[str, QueryResult]) -> None:
        """The quick panels, while a slow one still runs (Meeting.area_panels)."""
        self._show(*key, value, complete=False)

    def show_failed(self, key: tuple[str, Period], error: str) -> None:
        self._heading()
        super().show_failed(key, error)

    def _show(
        self, area_id: str, period: Period, results: dict[str, QueryResult], *, complete: bool = True
    ) -> None:
        if (area_id, period) != (self.context.area_id, self.context.period):
            return  # stale: the chair has moved on
        self._drawn = (area_id, period, results, complete)
        for panel in self.query(QueryPanel):
            if panel not in self._settling:
                self._show_panel(panel, period, results, complete)
        self._heading(loading=not complete)

    @staticmethod
    def _show_panel(
        panel: QueryPanel, period: Period, results: dict[str, QueryResult], complete: bool
    ) -> None:
        result = results.get(panel.query.name)
        if result is not None:
            panel.show(result, period)
        elif not complete:
            panel.show_loading()  # a slow file still runs: never the area shown before
