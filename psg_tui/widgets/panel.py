"""A titled panel showing one query file's result: a table, a trend chart or a summary.

Any `.sql` file an analyst drops into `queries/` with `-- scope: area` becomes one of
these, formatted by its column names (see `cells.py`).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from psg_tui.core.periods import Period
from psg_tui.core.privacy import ADDRESS_HIDDEN
from psg_tui.core.queries import Query, QueryResult
from psg_tui.widgets import cells
from psg_tui.widgets.trend import TrendChart

HIDDEN_COLUMNS = {"area_id"}
ADDRESS_COLUMNS = {"premises", "address"}
PERSON_COLUMNS = {"owner", "by", "person"}
LONGEST_TEXT = 40  # longer text is cut with … so the figures beside it stay on screen
SUMMARY_SKIP = HIDDEN_COLUMNS | {"name"}  # the screen's heading already names the area


class QueryPanel(Vertical):
    """One panel of the area view."""

    DEFAULT_CSS = """
    QueryPanel {
        height: auto;
        border: round $primary 60%;
        border-title-color: $text;
        border-title-style: bold;
        padding: 0 1;
    }
    QueryPanel DataTable { height: auto; max-height: 18; }
    QueryPanel .empty { color: $text-muted; }
    """

    def __init__(self, query: Query) -> None:
        super().__init__(id=f"panel-{query.name}", classes=f"panel render-{query.render}")
        self.query = query
        self.border_title = cells.literal_content(query.title)
        self.result: QueryResult | None = None
        self.period: Period | None = None
        self.skip_ids: set[str] = set()  # rows (by their id column) shown elsewhere, e.g. in the minutes

    def compose(self) -> ComposeResult:
        if self.query.render == "trend":
            yield TrendChart(id=f"chart-{self.query.name}")
        elif self.query.render == "summary":
            yield Static(id=f"summary-{self.query.name}")
        else:
            table: DataTable[Any] = DataTable(
                id=f"table-{self.query.name}", cursor_type="none", zebra_stripes=True
            )
            table.tooltip = cells.literal_content(self.query.description)
            yield table
        yield Static("", classes="empty")

    def show(self, result: QueryResult, period: Period) -> None:
        self.result, self.period = result, period
        empty = self.query_one(".empty", Static)
        empty.update("Nothing this period." if not result.rows else "")
        empty.display = not result.rows
        if self.query.render == "trend":
            self._show_trend(result)
        elif self.query.render == "summary":
            self._show_summary(result)
        else:
            self._show_table(result, period)

    def redraw(self) -> None:
        if self.result is not None and self.period is not None:
            self.show(self.result, self.period)

    def _show_table(self, result: QueryResult, period: Period) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)
        hidden = HIDDEN_COLUMNS | ({"change_pct"} if "change" in result.columns else set())
        columns = [c for c in result.columns if c not in hidden]
        for name in columns:
            table.add_column(cells.literal(cells.column_label(name, period)), key=name)
        rows = [row for row in result.dicts() if row.get("id") not in self.skip_ids]
        for row in rows:
            table.add_row(*(self._cell(name, row) for name in columns))
        table.display = bool(rows)
        if result.rows and not rows:
            empty = self.query_one(".empty", Static)
            empty.update("All of these are in this meeting's minutes (below).")
            empty.display = True

    def _cell(self, name: str, row: dict[str, Any]) -> Text:
        value = row[name]
        if isinstance(value, str):
            value = self._shown(name, value)
        text = cells.cell(name, value, {**row, name: value})
        if isinstance(value, str):
            text.truncate(LONGEST_TEXT, overflow="ellipsis")
        return text

    def _shown(self, column: str, value: str) -> str:
        """Privacy mode: premises are addresses, owners are people, any text may name either."""
        app = self.app
        if not getattr(app, "privacy", False):
            return value
        if column in ADDRESS_COLUMNS:
            return ADDRESS_HIDDEN
        if column in PERSON_COLUMNS:
            return app.shown_name(value)  # type: ignore[attr-defined]
        return app.shown(value)  # type: ignore[attr-defined]

    def _show_trend(self, result: QueryResult) -> None:
        rows = result.dicts()
        self.query_one(TrendChart).show(
            [r["month"] for r in rows],
            [r["incidents"] for r in rows],
            [r.get("year_before", 0) for r in rows],
        )

    def _show_summary(self, result: QueryResult) -> None:
        text = Text()
        for row in result.dicts():
            for name, value in row.items():
                if name in SUMMARY_SKIP or value in (None, ""):
                    continue
                text.append_text(cells.literal(f"{cells.column_label(name, Period(2000, 1))}: ", "bold"))
                text.append_text(cells.plain(self._shown(name, value) if isinstance(value, str) else value))
                text.append("   ")
        self.query_one(Static).update(text)
