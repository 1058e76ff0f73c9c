"""The area view: every area panel query for the current area and period."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import ItemGrid, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from psg_tui.core.periods import Period
from psg_tui.messages import AreaLoaded
from psg_tui.widgets.meeting_bar import MeetingBar
from psg_tui.widgets.panel import QueryPanel

if TYPE_CHECKING:
    from psg_tui.app.app import PsgApp


# One column of panels up to ~160 wide, two beyond: tables stay readable, never clipped.
PANEL_MIN_WIDTH = 78


class AreaScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield MeetingBar()
        yield Static(id="area-heading", classes="heading")
        queries = self.psg.meeting.area_queries()
        with VerticalScroll(id="area-scroll"):
            # Summaries run the full width above the grid of panels.
            for query in queries:
                if query.render == "summary":
                    yield QueryPanel(query)
            with ItemGrid(id="panel-grid", min_column_width=PANEL_MIN_WIDTH, stretch_height=False):
                for query in queries:
                    if query.render != "summary":
                        yield QueryPanel(query)
        yield Footer()

    @property
    def psg(self) -> PsgApp:
        return cast("PsgApp", self.app)

    def on_mount(self) -> None:
        self.psg.decorate_bar(self.query_one(MeetingBar))
        self.watch(self.psg, "period", self._refresh, init=False)
        self.watch(self.psg, "area_id", self._refresh, init=False)
        self.query_one("#area-scroll").focus()
        self._refresh()

    def _refresh(self, *_: object) -> None:
        area_id = self.psg.area_id
        if area_id is None:
            return
        self.psg.decorate_bar(self.query_one(MeetingBar))
        self._heading(loading=True)
        self.load(area_id, self.psg.period)

    def _heading(self, *, loading: bool = False) -> None:
        app = self.psg
        area_id = app.area_id or ""
        position = app.area_position(area_id)
        text = Text.assemble(
            (app.area_label(area_id), "bold"),
            f"   {position}" if position else "",
            f"   {app.period.label} against {app.period.previous.label}",
        )
        if loading:
            text.append("   loading…", style="dim italic")
        self.query_one("#area-heading", Static).update(text)

    @work(thread=True, exclusive=True, group="area", exit_on_error=False)
    def load(self, area_id: str, period: Period) -> None:
        meeting = self.psg.meeting
        cursor = meeting.con.cursor()
        try:
            results = meeting.area_panels(area_id, period, con=cursor)
        finally:
            cursor.close()
        self.post_message(AreaLoaded(area_id, period, results))

    def on_area_loaded(self, message: AreaLoaded) -> None:
        if (message.area_id, message.period) != (self.psg.area_id, self.psg.period):
            return  # stale: the chair has moved on
        for panel in self.query(QueryPanel):
            result = message.results.get(panel.query.name)
            if result is not None:
                panel.show(result, message.period)
        self._heading()
