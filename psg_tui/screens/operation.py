"""The operation view: what an operation did (its outputs) and whether it helped (before/after).

It never shows a subject reference: its query files do not select them. Names, agencies and
aims are free text that may name someone, so they go through the context's `shown` (masked in
privacy mode) and are drawn as text, never as markup.
"""

from __future__ import annotations

from typing import Any

import duckdb
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import ItemGrid, Vertical, VerticalScroll
from textual.widgets import Static

from psg_tui.core.effect import Effect
from psg_tui.core.interventions import kind_label
from psg_tui.core.operations import NO_OPERATIONS, Operation, OperationReport
from psg_tui.core.periods import Period
from psg_tui.screens.loading import LoadingScreen, Part
from psg_tui.widgets import cells
from psg_tui.widgets.fit import Column, FittedTable
from psg_tui.widgets.footer import SteadyFooter
from psg_tui.widgets.meeting_bar import MeetingBar

# Two boxes side by side from this width of each (200 columns: two; 80: one).
BOX_MIN_WIDTH = 70
# (cut text to, keep): the name and this month stay longest at 80 columns.
OUTPUT_FIT: dict[str, tuple[int | None, int]] = {
    "name": (12, 100),
    "this_period": (None, 90),
    "since_start": (None, 80),
    "previous": (None, 40),
    "per_month": (None, 20),
}
CATEGORY_FIT: dict[str, tuple[int | None, int]] = {
    "category": (12, 100),
    "target_before": (None, 90),
    "target_after": (None, 90),
    "rest_before": (None, 50),
    "rest_after": (None, 50),
}


class OperationScreen(LoadingScreen):
    lane = "operation"
    other_lanes = ("operation-outputs",)
    BINDINGS = [
        Binding("b,backspace", "app.leave_operation", "Back"),
        Binding("O", "app.operation", "Next operation"),
    ]

    DEFAULT_CSS = """
    OperationScreen #operation-scroll { height: 1fr; }
    OperationScreen #operation-grid { grid-gutter: 0 1; }
    OperationScreen FittedTable { height: auto; max-height: 1000; }
    OperationScreen .muted { color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        yield MeetingBar()
        yield Static(id="operation-heading", classes="heading")
        with VerticalScroll(id="operation-scroll"):
            yield Static(id="operation-about")
            with Vertical(id="operation-effect-box", classes="view-box op-box"):
                yield Static(id="operation-effect")
            with ItemGrid(id="operation-grid", min_column_width=BOX_MIN_WIDTH, stretch_height=False):
                with Vertical(id="operation-kinds-box", classes="view-box op-box"):
                    yield Static(id="operation-headline")
                    yield FittedTable(id="operation-kinds", cursor_type="none", zebra_stripes=True)
                with Vertical(id="operation-agencies-box", classes="view-box op-box"):
                    yield FittedTable(id="operation-agencies", cursor_type="none", zebra_stripes=True)
                with Vertical(id="operation-categories-box", classes="view-box op-box"):
                    yield FittedTable(id="operation-categories", cursor_type="none", zebra_stripes=True)
                with Vertical(id="operation-aims-box", classes="view-box op-box"):
                    yield Static(id="operation-aims")
        yield SteadyFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.report: OperationReport | None = None
        self.decorate()
        self.query_one("#operation-effect-box").border_title = "Did it help?"
        self.query_one("#operation-aims-box").border_title = "Aims"
        self.watch_context("operation_id", self.refresh_view, init=False)
        self.watch_context("period", self.refresh_view, init=False)
        self.query_one("#operation-scroll").focus()
        self.refresh_view()

    # -- loading ------------------------------------------------------------------

    def refresh_view(self, *_: object) -> None:
        if self.hidden_now():
            return  # drawn when the chair comes back
        self.decorate()
        operation = self._operation()
        self._show_parts(operation is not None)
        heading = self.query_one("#operation-heading", Static)
        if operation is None:
            heading.update(Text(NO_OPERATIONS))
            self.query_one("#operation-about", Static).update(
                Text(
                    "An operations file lists each operation's id, name, start (and end), areas, "
                    "target incident categories, lead agency and aims; its interventions are "
                    "imported with `psg db import DB interventions FILE`.",
                    style="dim",
                )
            )
            return
        if self.report is None or self.report.operation.id != operation.id:
            self.report = None
            self._show_about(operation)
        heading.update(self._heading(operation, loading=True))
        self.start_load()

    def _operation(self) -> Operation | None:
        operations = self.context.operations
        if not operations:
            return None
        wanted = self.context.operation_id
        return next((o for o in operations if o.id == wanted), operations[0])

    def _show_parts(self, shown: bool) -> None:
        for part in ("#operation-effect-box", "#operation-grid"):
            self.query_one(part).display = shown

    # -- loading (screens/loading.py) -------------------------------------------------

    def load_key(self) -> tuple[str, Period] | None:
        operation = self._operation()
        return None if operation is None else (operation.id, self.context.period)

    def read(self, key: tuple[str, Period], cursor: duckdb.DuckDBPyConnection, part: Part) -> OperationReport:
        meeting = self.context.meeting
        with meeting.worker_cursor("operation-outputs") as second:  # the outputs run beside the effect
            return meeting.operation_report(*key, con=cursor, second=second)

    def show_loaded(self, key: tuple[str, Period], value: OperationReport) -> None:
        self.report = value
        self._draw()

    def show_failed(self, key: tuple[str, Period], error: str) -> None:
        operation = self._operation()
        if operation is None:
            return
        self.query_one("#operation-heading", Static).update(self._heading(operation))
        self.query_one("#operation-effect", Static).update(
            Text(f"This operation could not be loaded. {error}")
        )
        self.query_one("#operation-grid").display = False

    def privacy_changed(self) -> None:
        operation = self._operation()
        if operation is not None:
            self._show_about(operation)
        if self.report is not None:
            self._draw()

    # -- drawing --------------------------------------------------------------------

    def _text(self, value: object, style: str = "") -> Text:
        """Free text from the data as the screen may show it now (masked in privacy mode)."""
        return cells.literal(self.context.shown(str(value)), style)

    def _heading(self, operation: Operation, *, loading: bool = False) -> Text:
        ids = [o.id for o in self.context.operations]
        text = Text.assemble(
            self._text(operation.name, "bold"),
            f"   operation {ids.index(operation.id) + 1} of {len(ids)}",
            f"   {operation.dates()}",
            f"   {self.context.period.label}",
        )
        if loading:
            text.append("   loading…", style="dim italic")
        return text

    def _show_about(self, operation: Operation) -> None:
        names = [self.context.area_label(a) for a in operation.area_ids]
        about = Text.assemble(("Areas ", "dim"), self._text(", ".join(names) or "none"))
        about.append("   lead ", style="dim")
        about.append_text(self._text(operation.lead_agency or "not recorded"))
        about.append("\nTargets ", style="dim")
        about.append_text(self._text(", ".join(operation.target_categories) or "none"))
        self.query_one("#operation-about", Static).update(about)
        aims = self.query_one("#operation-aims", Static)
        aims.update(self._text(operation.aims) if operation.aims else Text("No aims recorded.", style="dim"))

    def _draw(self) -> None:
        report = self.report
        if report is None:
            return
        operation = report.operation
        self._show_parts(True)
        self._show_about(operation)
        self.query_one("#operation-heading", Static).update(self._heading(operation))
        self.query_one("#operation-effect", Static).update(self._effect_text(report))
        self._draw_outputs(report)
        self._draw_categories(report)
        # the tables' new heights are known only once they have rows: lay the boxes out again
        self.query_one("#operation-scroll").refresh(layout=True)

    def _effect_text(self, report: OperationReport) -> Text:
        effect = report.effect
        window = report.window
        if effect is None:
            why = window.label()
            return Text(why[:1].upper() + why[1:], style="bold")
        text = Text(effect.wording(), style=_effect_style(effect))
        total = report.total() or {}
        text.append("\nIts areas ")
        text.append(f"{total.get('target_before', 0):,} → {total.get('target_after', 0):,}", style="bold")
        text.append(" · the rest of the district ")
        text.append(f"{total.get('rest_before', 0):,} → {total.get('rest_after', 0):,}", style="bold")
        text.append(f"\n{window.label()}", style="dim")
        low, high = effect.interval
        text.append(f"\nRatio of ratios {effect.ratio:.2f} (95% interval {low:.2f}–{high:.2f})", style="dim")
        return text

    def _draw_outputs(self, report: OperationReport) -> None:
        period = report.period
        labels = {
            "name": "Kind",
            "this_period": period.label,
            "previous": period.previous.label,
            "since_start": "Since start",
            "per_month": "By month",
        }
        kinds = [{**row, "name": kind_label(row["name"])} for row in report.outputs_by("kind")]
        box = self.query_one("#operation-kinds-box")
        box.border_title = cells.literal_content(f"What was done: since {operation_start(report)}")
        headline = self.query_one("#operation-headline", Static)
        if kinds:
            # the line an operation reports: "Disruption 35 · Engagement 40 · ..."
            line = Text("Since the start: ", style="dim")
            for i, row in enumerate(kinds):
                if i:
                    line.append(" · ", style="dim")
                line.append_text(self._text(row["name"]))
                line.append(f" {row['since_start']:,}", style="bold")
            headline.update(line)
        else:
            headline.update(Text(f"No interventions recorded for this operation up to {period.label}."))
        self._fill("#operation-kinds", labels, kinds, OUTPUT_FIT)
        agencies = report.outputs_by("agency")
        self.query_one("#operation-agencies-box").border_title = "By agency"
        self._fill("#operation-agencies", {**labels, "name": "Agency"}, agencies, OUTPUT_FIT)
        self.query_one("#operation-agencies-box").display = bool(agencies)

    def _draw_categories(self, report: OperationReport) -> None:
        box = self.query_one("#operation-categories-box")
        box.border_title = "Target incidents: before → after"
        box.display = bool(report.window.months)
        labels = {
            "category": "Category",
            "target_before": "Before",
            "target_after": "After",
            "rest_before": "Rest before",
            "rest_after": "Rest after",
        }
        self._fill("#operation-categories", labels, report.effect_rows.dicts(), CATEGORY_FIT)

    def _fill(
        self,
        selector: str,
        labels: dict[str, str],
        rows: list[dict[str, Any]],
        fit: dict[str, tuple[int | None, int]],
    ) -> None:
        table = self.query_one(selector, FittedTable)
        columns = [Column(key, label, *fit[key]) for key, label in labels.items()]
        table.fill(columns, [(None, {key: self._cell(key, row) for key in labels}) for row in rows])
        table.display = bool(rows)

    def _cell(self, key: str, row: dict[str, Any]) -> Text:
        value = row[key]
        if key == "per_month":
            return cells.sparkline(value)
        if isinstance(value, str):
            return self._text(value, "bold" if row.get("is_total") else "")
        return cells.number(value)


def operation_start(report: OperationReport) -> str:
    started = report.operation.started
    return f"{started.day} {started:%b %Y}"


def _effect_style(effect: Effect) -> str:
    if effect.could_be_chance:
        return "bold"
    return "bold green" if effect.ratio < 1 else "bold red"
