"""The area view: every area panel query for the current area and period."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import ItemGrid, VerticalScroll
from textual.widgets import Footer, Static

from psg_tui.core.periods import Period
from psg_tui.core.queries import QueryResult
from psg_tui.messages import AreaLoaded
from psg_tui.screens.base import ActionsScreen
from psg_tui.widgets.area_minutes import AreaMinutesPanel
from psg_tui.widgets.meeting_bar import MeetingBar
from psg_tui.widgets.panel import QueryPanel

# One column of panels up to 180 wide (tables stay whole and readable), two beyond.
PANEL_MIN_WIDTH = 90


class AreaScreen(ActionsScreen):
    BINDINGS = [
        *ActionsScreen.ACTION_BINDINGS,
        Binding("enter", "edit", "Edit action", tooltip="the action selected in this meeting's actions"),
        Binding("e", "notes", "Notes"),
    ]
    actions_table_id = "meeting-actions"
    nothing_selected = "This area has no actions in these minutes yet: a adds one."

    def compose(self) -> ComposeResult:
        yield MeetingBar()
        yield Static(id="area-heading", classes="heading")
        queries = self.context.meeting.area_queries()
        with VerticalScroll(id="area-scroll"):
            # Summaries run the full width above the grid of panels.
            for query in queries:
                if query.render == "summary":
                    yield QueryPanel(query)
            with ItemGrid(id="panel-grid", min_column_width=PANEL_MIN_WIDTH, stretch_height=False):
                for query in queries:
                    if query.render != "summary":
                        yield QueryPanel(query)
            yield AreaMinutesPanel()
        yield Footer()

    def on_mount(self) -> None:
        self._places: dict[str, float] = {}
        self._place_of: str | None = None
        self.decorate()
        self.watch(self.context, "period", self._refresh, init=False)
        self.watch(self.context, "area_id", self._refresh, init=False)
        self.watch(self.context, "minutes_version", self._show_minutes, init=False)
        self.query_one("#area-scroll").focus()
        self._refresh()

    def _refresh(self, *_: object) -> None:
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
            self.context.meeting.stop_lane("area")
            if self.query_one("#area-scroll").size.width:
                self._show(area_id, period, ready)
            else:  # the screen's first frame: tables fit the width they are laid out to
                self.call_after_refresh(self._show, area_id, period, ready)
            return
        self.load(area_id, period)

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

    @work(thread=True, exclusive=True, group="area", exit_on_error=False)
    def load(self, area_id: str, period: Period) -> None:
        meeting = self.context.meeting
        with meeting.worker_cursor("area") as cursor:
            results = meeting.area_panels(area_id, period, con=cursor)
            meeting.month_sources(period, cursor)  # for the heading
        self.post_message(AreaLoaded(area_id, period, results))

    def on_area_loaded(self, message: AreaLoaded) -> None:
        self._show(message.area_id, message.period, message.results)

    def _show(self, area_id: str, period: Period, results: dict[str, QueryResult]) -> None:
        if (area_id, period) != (self.context.area_id, self.context.period):
            return  # stale: the chair has moved on
        for panel in self.query(QueryPanel):
            result = results.get(panel.query.name)
            if result is not None:
                panel.show(result, period)
        self._heading()
