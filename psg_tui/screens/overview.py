"""The overview: every area ranked by concern; the highlighted row is the current area."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static

from psg_tui.core.periods import Period
from psg_tui.messages import OverviewLoaded
from psg_tui.screens.base import PsgScreen
from psg_tui.widgets import cells
from psg_tui.widgets.meeting_bar import MeetingBar


def _count_with_flag(total: int, flagged: int, flag: str) -> Text:
    text = cells.number(total)
    if flagged:
        text = Text(f"{total:,} ({flagged:,} {flag})", style="bold red", justify="right")
    return text


class OverviewScreen(PsgScreen):
    BINDINGS = [
        Binding("enter", "open_area", "Open area", priority=True),
    ]

    def compose(self) -> ComposeResult:
        yield MeetingBar()
        yield Static(id="overview-heading", classes="heading")
        table: DataTable[Any] = DataTable(id="overview-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield Footer()

    def on_mount(self) -> None:
        self.decorate()
        self.watch(self.psg, "period", self._period_changed, init=False)
        self.watch(self.psg, "area_id", self._area_changed, init=False)
        self.query_one("#overview-heading", Static).update("Loading the overview…")
        self.load(self.psg.period)

    def _period_changed(self, period: Period) -> None:
        self.decorate()
        self.load(period)

    @work(thread=True, exclusive=True, group="overview", exit_on_error=False)
    def load(self, period: Period) -> None:
        meeting = self.psg.meeting
        cursor = meeting.con.cursor()
        try:
            result = meeting.overview(period, con=cursor)
        finally:
            cursor.close()
        self.post_message(OverviewLoaded(period, result))

    def on_overview_loaded(self, message: OverviewLoaded) -> None:
        if message.period != self.psg.period:
            return  # a newer period's load is on its way
        # Refilling the table moves its cursor; those highlights are not the chair choosing
        # an area (a hidden overview refilled after [ or r would otherwise keep switching it).
        with self.prevent(DataTable.RowHighlighted):
            self.psg.set_area_order(message.result)
            table = self.query_one("#overview-table", DataTable)
            period = message.period
            # This month and its change come straight after the name: on an 80-column projector
            # they are what must not scroll out of sight.
            labels = {
                "rag": "RAG",
                "name": "Area",
                "incidents": period.label,
                "change": "Change",
                "previous": period.previous.label,
                "orders": "Closures",
                "breaches": "Breaches",
                "actions": "Actions",
                "trend": "12 months",
                "phase": "Phase",
            }
            rows = message.result.dicts()
            name_width = 26 if self.app.size.width < 120 else 48
            # Fixed widths: nothing to measure, so the table looks the same however fast it fills.
            widths = {
                "rag": 3,
                "name": min(max((len(r["name"]) for r in rows), default=4), name_width),
                "incidents": 8,
                "change": 14,
                "previous": 8,
                "orders": 14,
                "breaches": 8,
                "actions": 11,
                "trend": 12,
                "phase": 6,
            }
            table.clear(columns=True)
            for key, label in labels.items():
                table.add_column(label, key=key, width=widths[key])
            for row in rows:
                name = cells.literal(row["name"], style="bold" if row["kind"] != "ward" else "")
                name.truncate(name_width, overflow="ellipsis")
                table.add_row(
                    cells.rag(row["rag"]),
                    name,
                    cells.number(row["incidents"]),
                    cells.change(row["change"], row["change_pct"]),
                    cells.number(row["previous"]),
                    _count_with_flag(row["active_orders"], row["expiring_orders"], "expiring"),
                    cells.number(row["breaches"]),
                    _count_with_flag(row["open_actions"], row["overdue_actions"], "late"),
                    cells.sparkline(row["trend"]),
                    cells.literal(row["phase"] or ("ward" if row["kind"] == "ward" else row["kind"]), "dim"),
                    key=row["area_id"],
                )
            red = sum(1 for r in rows if r["rag"] == "red")
            amber = sum(1 for r in rows if r["rag"] == "amber")
            total = sum(r["incidents"] for r in rows if r["kind"] == "ward")
            heading = Text.assemble(
                (f"{len(rows)} areas ranked by concern", "bold"),
                f" · {period.label} against {period.previous.label} · ",
                (f"{red} red", "bold red"),
                ", ",
                (f"{amber} amber", "bold yellow"),
                f" · {total:,} incidents across the wards",
            )
            if not rows:
                heading = Text(
                    "This database has no areas yet: import them with `psg db import DB ons-wards FILE`."
                )
            self.query_one("#overview-heading", Static).update(heading)
            self._area_changed(self.psg.area_id)

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
        if self.psg.area_id is None and event.cursor_row == 0:
            return  # the table's first highlight is not a choice: no area is current yet
        self.psg.area_id = key

    @on(DataTable.RowSelected, "#overview-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.psg.show_area(event.row_key.value)

    def action_open_area(self) -> None:
        table = self.query_one("#overview-table", DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
            if key is not None:
                self.psg.show_area(key)
