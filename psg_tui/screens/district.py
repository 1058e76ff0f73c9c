"""The district view: the strategic assessment as the partnership's plan reports it.

The 12 months up to the reporting month against the 12 before ("crime down 8%, burglary down
26%"), each category, the interventions and this meeting's actions under the priority the
priorities file puts them in, and what residents say district-wide (the perception gap).

Action titles and owners are free text that may name someone: they go through the context's
`shown` / `shown_name` (masked in privacy mode, restricted actions left out) and are drawn as
text, never markup.
"""

from __future__ import annotations

from typing import Any

import duckdb
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import ItemGrid, Vertical, VerticalScroll
from textual.widgets import Static

from psg_tui.core.district import (
    NO_PRIORITY,
    NO_PRIORITY_GIVEN,
    DistrictReport,
    PriorityActions,
    actions_by_priority,
)
from psg_tui.core.interventions import kind_label
from psg_tui.core.perception import NO_SURVEY
from psg_tui.core.periods import Period
from psg_tui.screens.loading import LoadingScreen, Part
from psg_tui.widgets import cells
from psg_tui.widgets.actions_table import RAG_CELL, for_screen, hidden_note
from psg_tui.widgets.footer import SteadyFooter
from psg_tui.widgets.meeting_bar import MeetingBar
from psg_tui.widgets.panel import QueryPanel
from psg_tui.widgets.perception import perception_text

# The files this screen draws itself; any other district file is shown as a plain panel.
DRAWN_HERE = frozenset({"district_change", "district_interventions", "perception_gap"})
BOX_MIN_WIDTH = 70  # two priorities side by side from 140 columns
HEADLINE_CATEGORIES = 4  # the biggest movers named in the headline
SHOWN_ACTIONS = 4  # open actions listed under a priority (the rest counted)


class DistrictScreen(LoadingScreen):
    lane = "district"
    BINDINGS = [Binding("b,backspace", "app.leave_district", "Back")]

    DEFAULT_CSS = """
    DistrictScreen #district-scroll { height: 1fr; }
    DistrictScreen #district-grid { grid-gutter: 0 1; }
    DistrictScreen #district-notes { color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        yield MeetingBar()
        yield Static(id="district-heading", classes="heading")
        with VerticalScroll(id="district-scroll"):
            yield Static(id="district-headline")
            yield Static(id="district-notes")
            yield ItemGrid(id="district-grid", min_column_width=BOX_MIN_WIDTH, stretch_height=False)
            with Vertical(id="district-perception-box", classes="view-box district-box"):
                yield Static(id="district-perception")
            # an analyst's own district files (scope: district, or district: true) as plain panels
            for query in self.context.meeting.district_queries():
                if query.name not in DRAWN_HERE:
                    yield QueryPanel(query)
        yield SteadyFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.report: DistrictReport | None = None
        self.error: str | None = None
        self.decorate()
        self.query_one("#district-perception-box").border_title = "What residents say: the district"
        self.watch_context("period", self.refresh_view, init=False)
        self.watch_context("minutes_version", self._redraw, init=False)
        self.query_one("#district-scroll").focus()
        self.refresh_view()

    # -- loading --------------------------------------------------------------------

    def refresh_view(self, *_: object) -> None:
        if self.hidden_now():
            return  # drawn when the chair comes back
        self.decorate()
        self._heading(loading=True)
        self.start_load()

    def load_key(self) -> Period:
        return self.context.period

    def read(self, key: Period, cursor: duckdb.DuckDBPyConnection, part: Part) -> DistrictReport:
        return self.context.meeting.district_report(key, con=cursor)

    def show_loaded(self, key: Period, value: DistrictReport) -> None:
        self.report, self.error = value, None
        self._redraw()

    def show_failed(self, key: Period, error: str) -> None:
        self.report, self.error = None, error
        self._redraw()

    def privacy_changed(self) -> None:
        self._redraw()

    # -- drawing ----------------------------------------------------------------------

    def _heading(self, *, loading: bool = False) -> None:
        period = self.context.period
        text = Text.assemble(
            ("The district", "bold"),
            f"   12 months to {period.label} against the 12 before ({period.shift(-23).label}–{period.shift(-12).label})",
        )
        if loading:
            text.append("   loading…", style="dim italic")
        self.query_one("#district-heading", Static).update(text)

    def _redraw(self, *_: object) -> None:
        self.decorate()
        report = self.report
        if report is None:
            if self.error:
                self.query_one("#district-headline", Static).update(
                    Text(f"The district could not be loaded. {self.error}")
                )
            return
        self._heading()
        changes = report.results.get("district_change")
        notes = [*report.problems, *report.warnings]
        if changes is not None and changes.error:
            notes.append(f"The 12-month change could not be loaded. {changes.error}")
        rows = changes.dicts() if changes is not None and not changes.error else []
        self.query_one("#district-headline", Static).update(self._headline(rows))
        self._draw_perception(report)
        minutes = self.context.minutes_store.minutes
        actions, hidden = for_screen(report.actions(minutes.actions), self.context.privacy)
        if hidden:
            notes.append(hidden_note(hidden))
        groups = actions_by_priority(actions, report.priorities, self.overdue_date)
        kinds = report.results.get("district_interventions")
        if kinds is not None and kinds.error:
            notes.append(f"What partners did could not be loaded. {kinds.error}")
        kind_rows = kinds.dicts() if kinds is not None and not kinds.error else []
        notes_widget = self.query_one("#district-notes", Static)
        notes_widget.update(cells.literal("\n".join(notes), lines=True))
        notes_widget.display = bool(notes)
        self._draw_priorities(rows, kind_rows, groups)
        for panel in self.query(QueryPanel):
            result = report.results.get(panel.query.name)
            if result is not None:
                panel.show(result, report.period)

    def _headline(self, rows: list[dict[str, Any]]) -> Text:
        """'All incidents down 8% (12,345 → 11,360) · recorded crime down 5% · Burglary down 26% · …'"""
        if not rows:
            return Text("No incidents in the 24 months to this period.", style="dim")
        if not rows[0]["comparable"]:
            return Text(
                f"No 12-month comparison: the database holds {_held(rows[0]['this_months'])} of the 12 "
                f"months to {self.context.period.label} and {_held(rows[0]['previous_months'])} of the 12 "
                "before (`psg db check DB` lists the gaps). The counts below are what it holds.",
                style="bold",
            )
        text = Text()
        totals = [r for r in rows if r["level"] == "total"]
        movers = sorted(
            {r["category"]: r for r in rows if r["level"] == "category" and r["change_pct"]}.values(),
            key=lambda r: -abs(r["change"] or 0),
        )[:HEADLINE_CATEGORIES]
        for i, row in enumerate([*totals, *movers]):
            if i:
                text.append(" · ", style="dim")
            text.append_text(cells.literal(self.context.shown(row["category"]), "bold"))
            text.append(" ")
            text.append_text(_moved(row))
            if row["level"] == "total":
                text.append(f" ({row['previous_year']:,} → {row['this_year']:,})", style="dim")
        return text

    def _draw_perception(self, report: DistrictReport) -> None:
        box = self.query_one("#district-perception", Static)
        result = report.results.get("perception_gap")
        if result is None:
            box.update(Text("No perception_gap.sql query file.", style="dim"))
        elif result.error:
            box.update(Text(f"This panel could not be loaded. {result.error}"))
        elif not result.rows:
            box.update(Text(NO_SURVEY, style="dim"))
        else:
            box.update(perception_text(report.gaps, self.context.shown))

    def _draw_priorities(
        self, rows: list[dict[str, Any]], kind_rows: list[dict[str, Any]], groups: list[PriorityActions]
    ) -> None:
        grid = self.query_one("#district-grid", ItemGrid)
        grid.remove_children()
        boxes: list[Vertical] = []
        headings = [g.heading for g in groups]
        for name in [r["priority"] or NO_PRIORITY for r in [*rows, *kind_rows] if r.get("level") != "total"]:
            if name not in headings:
                headings.append(name)
        by_heading = {g.heading: g for g in groups}
        for heading in headings:
            categories = [
                r for r in rows if r["level"] == "category" and (r["priority"] or NO_PRIORITY) == heading
            ]
            kinds = [r for r in kind_rows if (r["priority"] or NO_PRIORITY) == heading]
            group = by_heading.get(heading)
            box = Vertical(
                Static(self._priority_text(categories, kinds, group)), classes="view-box district-box"
            )
            own_wording = group is not None and not group.in_file and heading != NO_PRIORITY_GIVEN
            title = f"{heading} (not in the priorities file)" if own_wording else heading
            box.border_title = cells.literal_content(self.context.shown(title))
            boxes.append(box)
        grid.mount(*boxes)

    def _priority_text(
        self, categories: list[dict[str, Any]], kinds: list[dict[str, Any]], group: PriorityActions | None
    ) -> Text:
        text = Text()
        if categories:
            for i, row in enumerate(categories):
                if i:
                    text.append(" · ", style="dim")
                text.append_text(cells.literal(self.context.shown(row["category"])))
                text.append(f" {_years(row)} ", style="bold")
                text.append_text(_moved(row))
        else:
            text.append("No incidents in these categories.", style="dim")
        text.append("\n")
        if kinds:
            text.append("Done: ", style="dim")
            for i, row in enumerate(kinds):
                if i:
                    text.append(" · ", style="dim")
                text.append_text(cells.literal(kind_label(row["kind"])))
                text.append(f" {_count(row['this_year'])}", style="bold")
                text.append(f" (before {_count(row['previous_year'])})", style="dim")
        else:
            text.append("No interventions recorded under it.", style="dim")
        text.append("\n")
        self._actions_text(text, group)
        return text

    def _actions_text(self, text: Text, group: PriorityActions | None) -> None:
        if group is None or not group.actions:
            text.append("No actions under it.", style="dim")
            return
        counts = group.counts()
        text.append("Actions: ", style="dim")
        first = True
        for rag in ("red", "amber", "green", "blue", "grey"):
            if counts.get(rag):
                if not first:
                    text.append(" · ", style="dim")
                first = False
                text.append(f"{counts[rag]} ", style="bold")
                text.append_text(Text(RAG_CELL[rag][1].strip(), style=RAG_CELL[rag][0]))
        open_actions = [(a, rag) for a, rag in group.actions if a.is_open]
        for action, rag in open_actions[:SHOWN_ACTIONS]:
            style, label = RAG_CELL[rag]
            text.append("\n")
            text.append(label, style=style)
            text.append(f" {action.due:%d %b} ", style="bold")
            text.append_text(cells.literal(self.context.shown(action.title)))
            text.append(" · ", style="dim")
            text.append_text(cells.literal(self.context.shown_name(action.owner), "dim"))
        if len(open_actions) > SHOWN_ACTIONS:
            text.append(f"\n… and {len(open_actions) - SHOWN_ACTIONS} more open", style="dim")


def _held(months: int | None) -> str:
    return "none" if not months else f"{months}"


def _years(row: dict[str, Any]) -> str:
    """'36 → 48'; a year the database holds no month of is said, never drawn as 0."""
    before, now = row["previous_year"], row["this_year"]
    if before is None and now is None:
        return "no month held"
    if before is None:
        return f"{now:,} (the 12 months before not held)"
    if now is None:
        return f"{before:,} → not held"
    return f"{before:,} → {now:,}"


def _count(value: int | None) -> str:
    return "–" if value is None else f"{value:,}"


def _moved(row: dict[str, Any]) -> Text:
    """'▼ down 26%' (green) / '▲ up 50%' (red) / '= no change', or '–' with no comparison."""
    change, pct = row["change"], row["change_pct"]
    if change is None:
        return Text("–", style="dim")
    if change == 0:
        return Text("= no change", style="dim")
    arrow, word, style = ("▲", "up", "bold red") if change > 0 else ("▼", "down", "bold green")
    amount = f"{abs(change):,}" if pct is None else f"{abs(pct):.{1 if abs(pct) < 1 else 0}f}%"
    return Text(f"{arrow} {word} {amount}", style=style)
