"""What followers of a shared screen are sent: each view built from what the chair's screen
already holds (the overview's rows, the area view's panel results, the tracker's list, the
agenda's items, the district's and an operation's reports, the graphs' trend), masked with the
screen's own mask, with privacy on unless the chair started with `--followers-see-names` (and
always when privacy is on in the room). Nothing here opens the database or runs a query.
Restricted actions are never sent: the tracker's list and the agenda leave them out (and out of
their counts) whatever the room sees, and the earlier-actions panel leaves out every action the
minutes hold, as the screen does. `sharing.py` decides when a view is built and sent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any, Protocol

from textual.screen import Screen
from textual.timer import Timer

from psg_tui.app.blanking import Blanker
from psg_tui.app.hosts import Notifies
from psg_tui.core.agenda import Step
from psg_tui.core.district import DistrictReport
from psg_tui.core.meeting import Meeting
from psg_tui.core.minutes import MinutesStore
from psg_tui.core.minutes.rag import action_rag, reckoning_date
from psg_tui.core.operations import OperationReport
from psg_tui.core.periods import Period
from psg_tui.core.privacy import ADDRESS_HIDDEN, ScreenMask
from psg_tui.core.queries import Query, QueryResult
from psg_tui.core.rates import has_population
from psg_tui.core.safe_text import visible
from psg_tui.core.text import bounded
from psg_tui.publish.follow import FollowTable, FollowView, blank_view
from psg_tui.screens.base import PsgScreen
from psg_tui.screens.overview import overview_cells, overview_labels
from psg_tui.widgets import cells
from psg_tui.widgets.actions_table import LABELS, RAG_CELL


class SharedApp(Notifies, Protocol):
    """What sharing reads of the dashboard (PsgApp provides it)."""

    privacy: bool
    area_id: str | None
    period: Period
    minutes_version: int
    rank_by_rate: bool
    overview_rows: dict[str, dict[str, Any]]
    area_order: list[str]
    meeting: Meeting
    blanker: Blanker

    @property
    def mask(self) -> ScreenMask: ...
    @property
    def minutes_store(self) -> MinutesStore: ...
    @property
    def current_mode(self) -> str: ...
    @property
    def screen_stack(self) -> list[Screen[Any]]: ...
    def area_label(self, area_id: str) -> str: ...
    def area_position(self, area_id: str) -> str: ...
    def redecorate(self) -> None: ...
    def set_interval(self, interval: float, callback: Callable[[], object]) -> Timer: ...
    def call_after_refresh(self, callback: Callable[[], object]) -> bool: ...


HIDDEN_COLUMNS = {"area_id", "id"}
# The tracker's columns, the title first: a screen reader names each cell by its row's title.
ACTION_COLUMNS = ("title", "id", "due", "rag", "status", "owner", "agency", "area")
ACTION_LABELS = {**LABELS, "rag": "Progress"}  # the screen says RAG in colour
NUMERIC = cells.NUMBER_COLUMNS | {"incidents", "previous", "orders", "breaches", "actions", "rate", "change"}


class FollowViews:
    """Builds the view followers are sent from what the chair's screen holds."""

    def __init__(self, app: SharedApp, *, followers_see_names: bool) -> None:
        self.app = app
        self.followers_see_names = followers_see_names

    def screen(self) -> PsgScreen | None:
        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, PsgScreen):
                return screen
        return None

    @property
    def privacy(self) -> bool:
        """Followers never see more than the room: on unless the chair let them see names."""
        return self.app.privacy or not self.followers_see_names

    def text(self, value: str) -> str:
        value = bounded(value)
        return visible(self.app.mask.text(value) if self.privacy else value)

    def name(self, value: str) -> str:
        value = bounded(value)
        return visible(self.app.mask.name(value) if self.privacy else value)

    def view(self) -> FollowView:
        app = self.app
        marking = app.meeting.classification
        if app.blanker.is_blank:
            return blank_view(marking)
        period = app.period
        previous = period.previous
        against = f"vs {previous.label}" if previous in app.meeting.coverage.months else "no comparison"
        common = FollowView(
            "view",
            marking=marking,
            title=self.text(app.meeting.title),
            detail=f"{period.label} {against} · as of {app.meeting.as_of:%d %b %Y}",
            privacy=self.privacy,
        )
        mode = app.current_mode
        if mode == "area" and app.area_id is not None:
            return self._area_view(common)
        if mode == "overview":
            return self._overview_view(common)
        if mode == "tracker":
            return self._tracker_view(common)
        if mode == "agenda":
            return self._agenda_view(common)
        if mode == "district":
            return self._district_view(common)
        if mode == "operation":
            return self._operation_view(common)
        if mode == "pictures" and app.area_id is not None:
            return self._pictures_view(common)
        where = "another view"
        return replace(
            common,
            heading=f"The chair is showing {where}",
            notes=("That view is not shared: this page follows again when the chair opens another.",),
            status=f"The chair is showing {where}",
        )

    def _overview_view(self, common: FollowView) -> FollowView:
        app = self.app
        period = app.period
        rows = [app.overview_rows[area] for area in app.area_order if area in app.overview_rows]
        labels = overview_labels(period)
        labels.pop("trend")  # a sparkline reads as noise to a screen reader
        if not has_population(rows):
            del labels["rate"]
        table_rows = []
        for row in rows:
            shown: dict[str, Any] = overview_cells({**row, "name": self.text(str(row["name"]))})
            shown["rag"] = str(row["rag"] or "–").capitalize()  # the word, not the screen's coloured letter
            table_rows.append(
                tuple(_plain(shown[key]) for key in ("name", *(k for k in labels if k != "name")))
            )
        order = ("name", *(k for k in labels if k != "name"))
        ranking = "by rate per 1,000" if app.rank_by_rate else "by concern"
        heading = f"{len(rows)} areas ranked {ranking}"
        table = FollowTable(
            caption=f"Areas ranked {ranking}, {period.label}",
            columns=tuple(labels[key] for key in order),
            rows=tuple(table_rows),
            numeric=tuple(key in NUMERIC for key in order),
            note="" if rows else "Loading the overview…",
            current=next((i for i, row in enumerate(rows) if row["area_id"] == app.area_id), None),
        )
        current = f"; the chair is on {self.text(app.area_label(app.area_id))}" if app.area_id else ""
        return replace(common, heading=heading, tables=(table,), status=f"Overview, {period.label}{current}")

    def _tracker_view(self, common: FollowView) -> FollowView:
        """The actions the tracker lists, in its order and with the chair's row marked; a
        restricted action is never sent, whatever the room sees, nor counted."""
        app = self.app
        screen = self.screen()
        drawn = getattr(screen, "drawn", None)
        listed = [] if drawn is None else [a for a in drawn[1] if not a.restricted]
        everyone = [a for a in app.minutes_store.minutes.actions if not a.restricted]
        as_of = reckoning_date(app.minutes_store.minutes)
        open_count = sum(a.is_open for a in everyone)
        overdue = sum(a.is_overdue(as_of) for a in everyone)
        order = "due date" if getattr(screen, "sort_by_due", True) else "id"
        selected = getattr(screen, "selected_id", None)
        rows = tuple(
            (
                self.text(action.title),
                action.id,
                f"{action.due:%d %b %Y}",
                RAG_CELL[action_rag(action, as_of)][1].strip().capitalize(),
                action.status,
                self.name(action.owner),
                self.text(action.agency),
                self.text(app.area_label(action.area)) if action.area else "–",
            )
            for action in listed
        )
        note = "Loading…" if drawn is None else ""
        if drawn is not None and not rows:
            note = "No action matches the chair's filters." if everyone else "No actions recorded yet."
        table = FollowTable(
            caption=f"Actions, sorted by {order}",
            columns=tuple(ACTION_LABELS[key] for key in ACTION_COLUMNS),
            rows=rows,
            numeric=(False,) * len(ACTION_COLUMNS),
            note=note,
            current=next((i for i, a in enumerate(listed) if a.id == selected), None),
        )
        counts = f"{len(rows)} shown of {len(everyone)} · {open_count} open · {overdue} overdue"
        return replace(
            common,
            heading="Actions",
            subheading=counts,
            tables=(table,),
            status=f"The action tracker: {counts}",
        )

    def _agenda_view(self, common: FollowView) -> FollowView:
        """The agenda's items with the chair's marked. A restricted action is never an item here:
        its step is left out and the carried-forward actions numbered without it; while the
        chair is on it, no item is marked and none is named."""
        screen = self.screen()
        steps: list[Step] = list(getattr(screen, "steps", ()))
        position: int = getattr(screen, "position", 0)
        minutes = self.app.minutes_store.minutes
        hidden = {
            i
            for i, step in enumerate(steps)
            if step.kind == "action" and ((a := minutes.get_action(step.key or "")) is None or a.restricted)
        }
        shown = [i for i in range(len(steps)) if i not in hidden]
        carried = [i for i in shown if steps[i].kind == "action"]
        rows = []
        for i in shown:
            step = steps[i]
            label = step.label
            if step.kind == "action":
                label = f"{step.section} ({carried.index(i) + 1} of {len(carried)})"
            rows.append((label, self._agenda_item(step)))
        current = shown.index(position) if position in shown else None
        on = rows[current] if current is not None else ("The chair is on an item not shown here", "")
        table = FollowTable(
            caption="Agenda",
            columns=("Item", "What"),
            rows=tuple(rows),
            numeric=(False, False),
            note="" if rows else "Loading…",
            current=current,
        )
        where = f"{on[0]}: {on[1]}" if on[1] else on[0]
        return replace(
            common,
            heading="Agenda",
            subheading=where,
            tables=(table,),
            status=f"The agenda: {where}",
        )

    def _district_view(self, common: FollowView) -> FollowView:
        """The district's figures (its query files' tables, masked as panels are); the actions
        it lists are not sent."""
        app = self.app
        period = app.period
        report: DistrictReport | None = getattr(self.screen(), "report", None)
        against = f"{period.shift(-23).label}–{period.shift(-12).label}"
        subheading = f"12 months to {period.label} against the 12 before ({against})"
        if report is None or report.period != period:
            tables: tuple[FollowTable, ...] = (FollowTable("The district", note="Loading…"),)
        else:
            tables = tuple(
                self._panel(query, report.results[query.name], True, set())
                for query in app.meeting.district_queries()
                if query.name in report.results
            )
        return replace(
            common,
            heading="The district",
            subheading=subheading,
            tables=tables,
            status=f"The district: {subheading}",
        )

    def _operation_view(self, common: FollowView) -> FollowView:
        """The operation's before/after figure and its outputs, as tables (the month-by-month
        lists the screen draws as sparklines are left out); subject references are in neither."""
        report: OperationReport | None = getattr(self.screen(), "report", None)
        if report is None or report.period != self.app.period:
            return replace(
                common,
                heading="An operation",
                tables=(FollowTable("The operation", note="Loading…"),),
                status="An operation's view",
            )
        operation = report.operation
        name = self.text(operation.name)
        effect = report.effect
        said = effect.wording() if effect is not None else report.window.label()
        total = report.total() or {}
        notes = (
            said[:1].upper() + said[1:],
            f"Its areas {total.get('target_before', 0):,} → {total.get('target_after', 0):,} · the rest of "
            f"the district {total.get('rest_before', 0):,} → {total.get('rest_after', 0):,}. "
            f"{report.window.label()}",
        )
        titles = {query.name: query for query in self.app.meeting.operation_queries()}
        tables = tuple(
            self._panel(titles[name_], result, True, set(), leave_out={"per_month", "months", "is_total"})
            for name_, result in (
                ("operation_effect", report.effect_rows),
                ("operation_outputs", report.outputs),
            )
            if name_ in titles
        )
        return replace(
            common,
            heading=name,
            subheading=said,
            notes=notes,
            tables=tables,
            status=f"The operation: {name}",
        )

    def _pictures_view(self, common: FollowView) -> FollowView:
        """The graphs' trend as its table of months; the map's points are not sent."""
        app = self.app
        area_id, period = app.area_id or "", app.period
        name = self.text(app.area_label(area_id))
        drawn = getattr(self.screen(), "drawn", None)
        query = app.meeting.queries.get("area_trend")
        if query is None:
            tables: tuple[FollowTable, ...] = ()
        elif drawn is None or tuple(drawn[:2]) != (area_id, period):
            tables = (FollowTable(self.text(query.title), note="Loading…"),)
        else:
            tables = (self._panel(query, drawn[2], True, set()),)
        return replace(
            common,
            heading=f"Graphs: {name}",
            subheading=period.label,
            tables=tables,
            notes=("The map of where incidents happened is shown in the room only.",),
            status=f"The graphs for {name}, {period.label}",
        )

    def _agenda_item(self, step: Step) -> str:
        if step.kind == "area":
            return self.text(self.app.area_label(step.key or ""))
        if step.kind == "action":
            action = self.app.minutes_store.minutes.get_action(step.key or "")
            return f"{action.id} {self.text(action.title)}" if action is not None else ""
        return ""  # attendance, new business, any other business: the item says it

    def _area_view(self, common: FollowView) -> FollowView:
        app = self.app
        area_id = app.area_id or ""
        period = app.period
        name = self.text(app.area_label(area_id))
        drawn = getattr(self.screen(), "drawn", None)
        results: dict[str, QueryResult] = {}
        complete = False
        if drawn is not None and drawn[:2] == (area_id, period):
            results, complete = drawn[2], drawn[3]
        skip = {action.id for action in app.minutes_store.minutes.actions}
        tables = tuple(
            self._panel(query, results.get(query.name), complete, skip)
            for query in app.meeting.area_queries()
        )
        return replace(
            common,
            heading=name,
            subheading=f"{app.area_position(area_id)} · {period.label}".strip(" ·"),
            tables=tables,
            status=f"Now showing {name}, {period.label}",
        )

    def _panel(
        self,
        query: Query,
        result: QueryResult | None,
        complete: bool,
        skip: set[str],
        *,
        leave_out: frozenset[str] | set[str] = frozenset(),
    ) -> FollowTable:
        period = self.app.period
        caption = self.text(query.title)
        if result is None:
            return FollowTable(caption, note="Loading…" if not complete else "Not loaded.")
        if result.error is not None:
            return FollowTable(caption, note="This panel could not be loaded.")
        folded = {"change", "work_change"} & set(result.columns)
        hidden = HIDDEN_COLUMNS | leave_out | ({"change_pct"} if folded else set())
        names = [c for c in result.columns if c not in hidden]
        rows = [r for r in result.dicts() if not (isinstance(r.get("id"), str) and r["id"] in skip)]
        shown_rows = []
        for row in rows:
            masked = {n: self._value(query, n, v) for n, v in row.items()}
            shown_rows.append(tuple(_plain(cells.cell(n, masked[n], masked)) for n in names))
        return FollowTable(
            caption,
            columns=tuple(cells.column_label(n, period) for n in names),
            rows=tuple(shown_rows),
            numeric=tuple(n in NUMERIC or _all_numbers(row.get(n) for row in rows) for n in names),
            note="" if rows else self.text(query.empty or "Nothing this period."),
        )

    def _value(self, query: Query, column: str, value: Any) -> Any:
        """A cell as followers may see it: the screen's privacy rules for panel columns."""
        if not isinstance(value, str):
            return value
        if self.privacy:
            if column.casefold() in query.addresses:
                return ADDRESS_HIDDEN
            if column.casefold() in query.people:
                return self.name(value)
        return self.text(value)


def _all_numbers(values: Iterable[Any]) -> bool:
    """A column of figures (right-aligned for followers): every value given is a number."""
    given = [value for value in values if value is not None]
    return bool(given) and all(isinstance(v, int | float) and not isinstance(v, bool) for v in given)


def _plain(text: Any) -> str:
    return str(getattr(text, "plain", text))
