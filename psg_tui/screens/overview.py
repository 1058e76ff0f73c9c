"""The overview: every area ranked by concern (or by rate per 1,000 residents: `s`); the
highlighted row is the current area."""

from __future__ import annotations

from typing import Any

import duckdb
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Static

from psg_tui.core.periods import Period
from psg_tui.core.queries import QueryResult
from psg_tui.core.rates import has_population, rank_by_rate
from psg_tui.screens.loading import LoadingScreen, Part
from psg_tui.widgets import cells
from psg_tui.widgets.fit import Column, FittedTable
from psg_tui.widgets.footer import SteadyFooter
from psg_tui.widgets.meeting_bar import MeetingBar

# (how far text may be cut, how long a column stays as the screen narrows): the area, this
# month and its change stay longest; what is left out shows beneath the table for the
# highlighted area.
OVERVIEW_FIT: dict[str, tuple[int | None, int]] = {
    "rag": (None, 100),
    "name": (24, 95),  # "Parkfield and Oxbr…": cut no shorter, a column is left out first
    "incidents": (None, 90),
    "change": (None, 85),
    "rate": (None, 45),  # ranked by rate it stays as long as the change (RANKED_RATE_FIT)
    "actions": (None, 70),
    "orders": (None, 60),
    "breaches": (None, 50),
    "previous": (None, 40),
    "trend": (None, 20),
    "phase": (6, 10),
}


def _count_with_flag(total: int, flagged: int, flag: str) -> Text:
    text = cells.number(total)
    if flagged:
        text = Text(f"{total:,} ({flagged:,} {flag})", style="bold red", justify="right")
    return text


RANKED_RATE_FIT = (None, 88)


def _rate(row: dict[str, Any]) -> Text:
    """The rate, or in a word or two why there is none ('few residents', 'no population')."""
    if row.get("rate") is not None:
        return cells.number(row["rate"])
    return Text(row.get("rate_note") or "–", style="dim", justify="right")


def overview_labels(period: Period) -> dict[str, str]:
    """The overview's columns and their headings, in order. This month and its change come
    straight after the name: on an 80-column projector they must not scroll out of sight."""
    return {
        "rag": "RAG",
        "name": "Area",
        "incidents": period.label,
        "change": "Change",
        "rate": "Per 1,000",
        "previous": period.previous.label,
        "orders": "Closures",
        "breaches": "Breaches",
        "actions": "Actions",
        "trend": "12 months",
        "phase": "Phase",
    }


def overview_cells(row: dict[str, Any]) -> dict[str, Text]:
    """One area's row of the overview, by column (also what followers are sent)."""
    return {
        "rag": cells.rag(row["rag"]),
        "name": cells.literal(row["name"], style="bold" if row["kind"] != "ward" else ""),
        "incidents": cells.number(row["incidents"]),
        "change": cells.change(row["change"], row["change_pct"]),
        "rate": _rate(row),
        "previous": cells.number(row["previous"]),
        "orders": _count_with_flag(row["active_orders"], row["expiring_orders"], "expiring"),
        "breaches": cells.number(row["breaches"]),
        "actions": _count_with_flag(row["open_actions"], row["overdue_actions"], "late"),
        "trend": cells.sparkline(row["trend"]),
        "phase": cells.literal(row["phase"] or ("ward" if row["kind"] == "ward" else row["kind"]), "dim"),
    }


class OverviewScreen(LoadingScreen):
    lane = "overview"
    stops_when_left = False  # it ranks the areas n and p step through on every screen
    BINDINGS = [
        Binding("enter", "open_area", "Open area", priority=True),
        # Not in the footer, which is full at 80 columns: the heading says how the areas are ranked.
        Binding(
            "s",
            "app.toggle_ranking",
            "Rank by rate per 1,000 residents, or back by concern",
            show=False,
            tooltip="rank by incidents per 1,000 residents instead of by concern, or back",
        ),
    ]

    def compose(self) -> ComposeResult:
        yield MeetingBar()
        yield Static(id="overview-heading", classes="heading")
        yield FittedTable(id="overview-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="overview-detail")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self._cells: dict[str, dict[str, Text]] = {}
        self._last_load: tuple[Period, QueryResult] | None = None  # the last load, as the query ranked it
        self._minutes_seen = self.context.minutes_version  # what the overview's counts include
        self.query_one("#overview-detail").display = False
        self.decorate()
        self.watch_context("period", self._period_changed, init=False)
        self.watch_context("area_id", self._area_changed, init=False)
        # Actions raised or closed in the meeting change the counts, the RAG and the ranking.
        self.watch_context("minutes_version", self._minutes_changed, init=False)
        # Ranking by rate re-sorts what is loaded: n and p then step in the order shown.
        self.watch_context("rank_by_rate", self._ranking_changed, init=False)
        self.query_one("#overview-heading", Static).update("Loading the overview…")
        self.start_load()

    def _period_changed(self, period: Period) -> None:
        self.decorate()
        self.start_load()

    def _minutes_changed(self) -> None:
        # Textual also calls the watcher when it first sets up the app's reactives, just after
        # this screen's first load began: that is no change, and restarting the load would
        # only throw the first one away.
        if self.context.minutes_version == self._minutes_seen:
            return
        self._minutes_seen = self.context.minutes_version
        self.start_load()

    # -- loading (screens/loading.py) -------------------------------------------------

    def load_key(self) -> Period:
        return self.context.period

    def read(self, key: Period, cursor: duckdb.DuckDBPyConnection, part: Part) -> QueryResult:
        meeting = self.context.meeting
        result = meeting.overview(key, con=cursor)
        meeting.month_sources(key, cursor)  # read by the heading: already cached by the overview
        return result

    def show_failed(self, key: Period, error: str) -> None:
        self.query_one("#overview-heading", Static).update(Text(f"The overview could not be loaded. {error}"))

    def _ranking_changed(self) -> None:
        if self._last_load is not None:
            self.show_loaded(*self._last_load)

    def show_loaded(self, key: Period, value: QueryResult) -> None:
        self._last_load = (key, value)
        by_rate = self.context.rank_by_rate
        result: QueryResult = rank_by_rate(value) if by_rate else value
        # Refilling the table moves its cursor; those highlights are not the chair choosing
        # an area (a hidden overview refilled after [ or r would otherwise keep switching it).
        with self.prevent(DataTable.RowHighlighted):
            self.context.set_area_order(result)
            period = key
            # This month and its change come straight after the name: on an 80-column projector
            # they are what must not scroll out of sight.
            labels = overview_labels(period)
            rows = result.dicts()
            # Without any population data the rate column would be blanks: the heading says so once.
            rated = has_population(rows)
            if not rated:
                del labels["rate"]
            table = self.query_one("#overview-table", FittedTable)
            self._cells = {row["area_id"]: overview_cells(row) for row in rows}
            fit = dict(OVERVIEW_FIT, rate=RANKED_RATE_FIT) if by_rate else OVERVIEW_FIT
            columns = [Column(key, labels[key], *fit[key]) for key in labels]
            table.fill(columns, list(self._cells.items()))
            red = sum(1 for r in rows if r["rag"] == "red")
            amber = sum(1 for r in rows if r["rag"] == "amber")
            window = self.context.meeting.month_sources(period)
            counts = [r["incidents"] for r in rows if r["kind"] == "ward" and r["incidents"] is not None]
            total = (
                f"{sum(counts):,} incidents across the wards"
                if window.has_data(period)
                else window.missing(period)
            )
            unrated = sum(1 for r in rows if r.get("rate") is None)
            if by_rate:
                ranking = Text.assemble(
                    (f"{len(rows)} areas ranked by rate per 1,000", "bold"),
                    f" ({unrated} without a rate last)" if unrated else "",
                )
            else:
                ranking = Text(f"{len(rows)} areas ranked by concern", style="bold")
            heading = Text.assemble(
                ranking,
                f" · {period.label} {window.against(period, period.previous)} · ",
                (f"{red} red", "bold red"),
                ", ",
                (f"{amber} amber", "bold yellow"),
                f" · {total}",
                "" if rated or "rate" not in result.columns else " · no rates: no population data",
            )
            if not rows:
                heading = Text(
                    "This database has no areas yet: import them with `psg db import DB ons-wards FILE`."
                )
            self.query_one("#overview-heading", Static).update(heading)
            self._area_changed(self.context.area_id)
        self._show_detail()

    def _show_detail(self) -> None:
        """What a narrow screen leaves out of the table, for the highlighted area."""
        table = self.query_one("#overview-table", FittedTable)
        detail = self.query_one("#overview-detail", Static)
        detail.display = bool(table.left_out) and table.row_count > 0
        if not detail.display:
            return
        key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        row = self._cells.get(key or "")
        if row is None:
            return
        text = Text.assemble((row["name"].plain, "bold"))
        for column in table.left_out:
            text.append(f"  {column.label} ", style="dim")
            text.append_text(Text(row[column.key].plain, style=row[column.key].style))
        detail.update(text)

    @on(DataTable.RowHighlighted, "#overview-table")
    @on(FittedTable.Refitted, "#overview-table")
    def _detail_follows(self) -> None:
        self._show_detail()

    def _area_changed(self, area_id: str | None) -> None:
        table = self.query_one("#overview-table", DataTable)
        if area_id is None or table.row_count == 0:
            return
        try:
            index = table.get_row_index(area_id)
        except Exception:
            return
        if table.cursor_row != index:
            table.move_cursor(row=index)

    @on(DataTable.RowHighlighted, "#overview-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value
        if key is None or not self.is_current:
            return  # only the chair moving the cursor on a visible overview chooses an area
        if self.context.area_id is None and event.cursor_row == 0:
            return  # the table's first highlight is not a choice: no area is current yet
        self.context.area_id = key

    @on(DataTable.RowSelected, "#overview-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.context.show_area(event.row_key.value)

    def action_open_area(self) -> None:
        table = self.query_one("#overview-table", DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
            if key is not None:
                self.context.show_area(key)
