"""A titled panel showing one query file's result: a table, a trend chart or a summary.

Any `.sql` file an analyst drops into `queries/` with `-- scope: area` becomes one of
these, formatted by its column names (see `cells.py`).
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from decimal import Decimal
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from psg_tui.core.errors import PsgError
from psg_tui.core.evidence_maps import load_topics
from psg_tui.core.perception import perception_rows, topic_gaps
from psg_tui.core.periods import Period
from psg_tui.core.privacy import ADDRESS_HIDDEN
from psg_tui.core.queries import Query, QueryResult
from psg_tui.core.text import drawable
from psg_tui.widgets import cells
from psg_tui.widgets.fit import Column, FittedTable
from psg_tui.widgets.perception import perception_text
from psg_tui.widgets.shown import shown_for
from psg_tui.widgets.trend import TrendChart

_ID_SAFE = re.compile(r"[A-Za-z0-9_-]+")
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")
HIDDEN_COLUMNS = {"area_id"}
SHORTEST_TEXT = 12  # text is cut with … down to this before a column is left out
# The column naming the row (a category, a street) is cut only below this, unless that would
# leave out more than one more column at the right. The longest police.uk category, "Violence
# and sexual offences", fits.
NAMING_TEXT = 28
# police.uk's anonymised locations all start so: the constant part goes to the column's label,
# so a narrow screen shows the street rather than "On or near Par…".
ON_OR_NEAR = "On or near "
TREND_COLUMNS = ("month", "incidents")
SUMMARY_SKIP = HIDDEN_COLUMNS | {"name"}  # the screen's heading already names the area


def widget_key(name: str) -> str:
    """A panel file's name as a widget id: as it is when Textual allows it, else its allowed
    characters and a short hash, so `street drinking.sql` and `v1.2.sql` are panels too (and two
    names that differ only in such characters stay two)."""
    if _ID_SAFE.fullmatch(name):
        return name
    digest = hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{_ID_UNSAFE.sub('_', name)}-{digest}"


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
    QueryPanel DataTable { height: auto; max-height: 1000; }  /* whole: the view scrolls, not the table */
    QueryPanel .empty, QueryPanel .left-out { color: $text-muted; }
    QueryPanel.failed { border: round $error; }
    QueryPanel.failed .empty { color: $text-error; }
    """

    # The panel's file. The name shadows DOMNode.query, which a panel never uses on itself
    # (query_one finds its parts); screens and tests read `panel.query`.
    query: Query  # type: ignore[assignment]

    def __init__(self, query: Query) -> None:
        self.key = widget_key(query.name)
        super().__init__(id=f"panel-{self.key}", classes=f"panel render-{query.render}")
        self.query = query
        self.border_title = cells.literal_content(query.title)
        self.result: QueryResult | None = None
        self.period: Period | None = None
        self.skip_ids: set[str] = set()  # rows (by their id column) shown elsewhere, e.g. in the minutes

    def compose(self) -> ComposeResult:
        if self.query.render == "trend":
            yield TrendChart(id=f"chart-{self.key}")
        elif self.query.render in ("summary", "perception"):
            yield Static(id=f"{self.query.render}-{self.key}")
        else:
            table = FittedTable(id=f"table-{self.key}", cursor_type="none", zebra_stripes=True)
            # No cursor and shown whole (the view scrolls): focus would only make tab visit every
            # panel on its way to the minutes, and up/down stop scrolling the view.
            table.can_focus = False
            table.tooltip = cells.literal_content(self.query.description)
            yield table
            yield Static("", classes="left-out")
        yield Static("", classes="empty")

    def show(self, result: QueryResult, period: Period) -> None:
        self.result, self.period = result, period
        self.set_class(result.error is not None, "failed")
        if result.error is not None:
            self._show_failure(result.error)
            return
        for child in self.children:
            child.display = True
        empty = self.query_one(".empty", Static)
        empty.update(cells.literal(self.query.empty or "Nothing this period.") if not result.rows else "")
        empty.display = not result.rows
        if self.query.render == "trend":
            self._show_trend(result)
        elif self.query.render == "summary":
            self._show_summary(result, period)
        elif self.query.render == "perception":
            self._show_perception(result)
        else:
            self._show_table(result, period)

    def _show_failure(self, error: str) -> None:
        """This panel's query failed (an analyst's custom file, say): say why, here, as text."""
        self.add_class("failed")
        for child in self.children:
            child.display = child.has_class("empty")
        empty = self.query_one(".empty", Static)
        empty.update(Text(f"This panel could not be loaded. {error}"))
        empty.display = True

    def show_loading(self) -> None:
        """This panel's query is still running after the others (a slow file): nothing of the
        area shown before stays in it."""
        self.result, self.period = None, None
        self.remove_class("failed")
        for child in self.children:
            child.display = child.has_class("empty")
        empty = self.query_one(".empty", Static)
        empty.update(
            Text("Still loading: this panel's query is slow; the others are up to date.", style="italic")
        )
        empty.display = True

    def redraw(self) -> None:
        if self.result is not None and self.period is not None:
            self.show(self.result, self.period)

    def _show_table(self, result: QueryResult, period: Period) -> None:
        table = self.query_one(FittedTable)
        folded = {"change", "work_change"} & set(result.columns)  # the change cell shows its percentage
        hidden = HIDDEN_COLUMNS | ({"change_pct"} if folded else set())
        names = [c for c in result.columns if c not in hidden]
        rows = [row for row in result.dicts() if not _shown_elsewhere(row.get("id"), self.skip_ids)]
        texts = {n for n in names if any(isinstance(row[n], str) for row in rows)}
        near = {n for n in texts if all(str(row[n] or "").startswith(ON_OR_NEAR) for row in rows)}
        if near:
            rows = [{**row, **{n: row[n][len(ON_OR_NEAR) :] for n in near}} for row in rows]
        columns = [
            # the first column names the row; after it, the rightmost columns go first
            Column(
                n,
                ON_OR_NEAR.strip() if n in near else cells.column_label(n, period),
                (SHORTEST_TEXT if i else NAMING_TEXT) if n in texts else None,
                -i if i else 1,
                relax_to=SHORTEST_TEXT if i == 0 and n in texts else None,
            )
            for i, n in enumerate(names)
        ]
        table.fill(columns, [(None, {n: self._cell(n, row) for n in names}) for row in rows])
        table.display = bool(rows)
        self._note_left_out()
        if result.rows and not rows:
            empty = self.query_one(".empty", Static)
            empty.update("All of these are in this meeting's minutes (below).")
            empty.display = True

    def _cell(self, name: str, row: dict[str, Any]) -> Text:
        value = row[name]
        if isinstance(value, str):
            value = self._shown(name, value)
        return cells.cell(name, value, {**row, name: value})

    def _note_left_out(self) -> None:
        table = self.query_one(FittedTable)
        note = self.query_one(".left-out", Static)
        left_out = [c.label for c in table.left_out] if table.display else []
        listed = ", ".join(left_out)
        # a column named with a full stop ("% under inv.") ends the sentence itself
        note.update(
            f"Not shown at this width: {listed}{'' if listed.endswith('.') else '.'}" if left_out else ""
        )
        note.display = bool(left_out)

    def on_fitted_table_refitted(self) -> None:
        self._note_left_out()

    def _shown(self, column: str, value: str) -> str:
        """Privacy mode: the columns the panel's header (or the defaults) name as addresses are
        hidden, those it names as people are initials, and any other text goes through the
        personal-details detector, which masks the names and addresses it finds there."""
        shown = shown_for(self)
        if not shown.privacy:
            return value
        if column.casefold() in self.query.addresses:
            return ADDRESS_HIDDEN
        if column.casefold() in self.query.people:
            return shown.shown_name(value)
        return shown.shown(value)

    def _show_trend(self, result: QueryResult) -> None:
        """A month per row: `month` (a date) and `incidents`, optionally `year_before`. A count
        that is NULL, NaN or infinite is a month without data (a gap); text is refused."""
        missing = [c for c in TREND_COLUMNS if c not in result.columns]
        if missing:
            self._show_failure(f"{self.query.where} is drawn as a trend but has no {_names(missing)} column.")
            return
        rows = result.dicts()
        if not all(isinstance(r["month"], date) for r in rows):
            self._show_failure(f"{self.query.where} is drawn as a trend: its month column must hold dates.")
            return
        counts = {c: [r.get(c) for r in rows] for c in ("incidents", "year_before")}
        for column, values in counts.items():
            if any(v is not None and not isinstance(v, (int, float, Decimal)) for v in values):
                self._show_failure(
                    f"{self.query.where} is drawn as a trend: its {column} column must hold numbers."
                )
                return
        self.query_one(TrendChart).show(
            [r["month"] for r in rows],
            [drawable(v) for v in counts["incidents"]],
            [drawable(v) for v in counts["year_before"]]
            if "year_before" in result.columns
            else [0] * len(rows),
        )

    def _show_perception(self, result: QueryResult) -> None:
        """perception_gap.sql's rows, with their intervals and flags (core/perception.py)."""
        try:
            topics = load_topics()
            gaps = topic_gaps(perception_rows(result, self.query.where), topics)
        except PsgError as error:
            self._show_failure(str(error))
            return
        shown = shown_for(self)
        text = perception_text(gaps, shown.shown)
        for warning in topics.warnings:
            text.append_text(cells.literal(f"\n{warning}", "dim"))
        self.query_one(Static).update(text)

    def _show_summary(self, result: QueryResult, period: Period) -> None:
        text = Text()
        for row in result.dicts():
            for name, value in row.items():
                if name in SUMMARY_SKIP or value in (None, ""):
                    continue
                text.append_text(cells.literal(f"{cells.column_label(name, period)}: ", "bold"))
                text.append_text(cells.plain(self._shown(name, value) if isinstance(value, str) else value))
                text.append("   ")
        self.query_one(Static).update(text)


def _names(columns: list[str]) -> str:
    return " or ".join(f"'{c}'" for c in columns)


def _shown_elsewhere(row_id: Any, skip_ids: set[str]) -> bool:
    return isinstance(row_id, str) and row_id in skip_ids
