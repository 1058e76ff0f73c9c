"""Operations: what one looks like to the view, and the months its before/after figure compares.

The effect figure (core/effect.py) compares the operation's target incidents in equal windows
of whole months before and after its start. Only complete months count: the after-window runs
from the first whole month of the operation to the database's newest complete month (never the
as-of month or later), at most `EFFECT_MAX_MONTHS`; the before-window is as many months ending
the month before. A start part-way through a month leaves that month out of both (it is partly
each). The before-window never reaches back beyond the first month the database holds, so a
short history shortens both windows alike rather than counting missing months as quiet ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb

from psg_tui.core.coverage import Coverage
from psg_tui.core.effect import Effect
from psg_tui.core.errors import UsageError
from psg_tui.core.periods import Period
from psg_tui.core.queries import QueryResult

EFFECT_MAX_MONTHS = 12
NO_OPERATIONS = "No operations in this database: import them with psg db import DB operations FILE"
# The parameters an operation's query files may use (bound by `operation_values`).
OPERATION_PARAMETERS = frozenset(
    {"operation", "op_start", "before_start", "before_end", "after_start", "after_end", "months"}
)


@dataclass(frozen=True)
class Operation:
    id: str
    name: str
    started: date
    ended: date | None
    area_ids: tuple[str, ...]
    target_categories: tuple[str, ...]
    lead_agency: str | None
    aims: str | None

    def dates(self) -> str:
        """'from 1 Jun 2025' or '1 Jun 2025 to 31 Mar 2026'."""
        start = _day(self.started)
        return f"{start} to {_day(self.ended)}" if self.ended else f"from {start}"


def _day(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


def read_operations(con: duckdb.DuckDBPyConnection) -> list[Operation]:
    """Every operation, oldest start first (a database from before schema 2 has none)."""
    rows = con.execute(
        "SELECT id, name, started, ended, area_ids, target_categories, lead_agency, aims"
        " FROM operations ORDER BY started, name, id"
    ).fetchall()
    return [
        Operation(row[0], row[1], row[2], row[3], tuple(row[4] or ()), tuple(row[5] or ()), row[6], row[7])
        for row in rows
    ]


def operations_in(
    operations: list[Operation], within: dict[str, set[str]], area_id: str | None
) -> list[Operation]:
    """The operations working in an area: in it, in an area inside it (a ward's hotspot) or in
    an area it lies inside. `within` maps each area to the areas lying inside it."""
    if area_id is None:
        return []
    around = (
        within.get(area_id, set())
        | {area_id}
        | {outer for outer, inner in within.items() if area_id in inner}
    )
    return [o for o in operations if around & set(o.area_ids)]


def find_operation(operations: list[Operation], operation_id: str) -> Operation:
    """The operation with this id, or a usage error naming the ids there are."""
    for operation in operations:
        if operation.id == operation_id:
            return operation
    if not operations:
        raise UsageError(f"There is no operation '{operation_id}'.", NO_OPERATIONS)
    known = ", ".join(o.id for o in operations)
    raise UsageError(f"There is no operation '{operation_id}'.", f"Operations in this database: {known}.")


@dataclass(frozen=True)
class EffectWindow:
    """The equal windows of complete months before and after an operation's start."""

    months: int
    before: Period  # first month of the before-window
    after: Period  # first month of the after-window
    why_none: str = ""  # when months == 0: why there is no figure

    @property
    def before_last(self) -> Period:
        return self.before.shift(self.months - 1)

    @property
    def after_last(self) -> Period:
        return self.after.shift(self.months - 1)

    def label(self) -> str:
        """'12 months before (Jun 2024–May 2025) and after (Jun 2025–May 2026)'."""
        if not self.months:
            return self.why_none
        unit = "month" if self.months == 1 else "months"
        return (
            f"{self.months} {unit} before ({_span(self.before, self.before_last)})"
            f" and after ({_span(self.after, self.after_last)})"
        )


def _span(first: Period, last: Period) -> str:
    return first.label if first == last else f"{first.label}–{last.label}"


def effect_window(
    started: date, coverage: Coverage, as_of: date, max_months: int = EFFECT_MAX_MONTHS
) -> EffectWindow:
    after = Period.of(started) if started.day == 1 else Period.of(started).shift(1)
    last_whole = after.previous if started.day == 1 else Period.of(started).previous  # before-window's end
    newest = coverage.latest_complete
    if newest is None or not coverage.months:
        return EffectWindow(0, after, after, "no incidents in this database yet: nothing to compare")
    newest = min(newest, Period.of(as_of).previous)  # the as-of month is never complete
    available_after = _months_between(after, newest)
    available_before = _months_between(coverage.months[0], last_whole)
    months = max(0, min(max_months, available_after, available_before))
    if available_after <= 0:
        why = f"no complete month since the start yet (the newest is {newest.label}): nothing to compare"
    elif available_before <= 0:
        why = (
            f"no incidents before the start (the data begins {coverage.months[0].label}): nothing to compare"
        )
    else:
        why = ""
    return EffectWindow(months, last_whole.shift(1 - months), after, why)


def _months_between(first: Period, last: Period) -> int:
    """How many months from `first` to `last`, both included (0 if last is before first)."""
    return max(0, (last.year - first.year) * 12 + last.month - first.month + 1)


def operation_values(operation: Operation, window: EffectWindow) -> dict[str, Any]:
    """The values an operation's query files are bound to. With no window (`months` 0) the
    windows are empty ranges, so the effect query counts nothing rather than failing."""
    values: dict[str, Any] = {
        "operation": operation.id,
        "op_start": Period.of(operation.started).start,
        "months": window.months,
    }
    if window.months:
        values |= {
            "before_start": window.before.start,
            "before_end": window.before_last.start,
            "after_start": window.after.start,
            "after_end": window.after_last.start,
        }
    else:
        empty = {"before_start": date(2999, 12, 1), "before_end": date(1900, 1, 1)}
        values |= empty | {"after_start": empty["before_start"], "after_end": empty["before_end"]}
    return values


def effect_total(result: QueryResult) -> dict[str, Any] | None:
    """operation_effect.sql's total row (every target category)."""
    return next((row for row in result.dicts() if row.get("is_total")), None)


def effect_of(result: QueryResult) -> Effect | None:
    """The before/after figure from operation_effect.sql's result (None without a window)."""
    row = effect_total(result)
    if row is None or not row["months"]:
        return None
    return Effect(row["target_before"], row["target_after"], row["rest_before"], row["rest_after"])


@dataclass(frozen=True)
class OperationReport:
    """What the operation view shows: the operation, its outputs, and its before/after figure."""

    operation: Operation
    period: Period
    window: EffectWindow
    outputs: QueryResult
    effect_rows: QueryResult

    def total(self) -> dict[str, Any] | None:
        return effect_total(self.effect_rows)

    @property
    def effect(self) -> Effect | None:
        return effect_of(self.effect_rows)

    def outputs_by(self, breakdown: str) -> list[dict[str, Any]]:
        """The outputs rows of one breakdown: 'kind', 'agency' or 'total'."""
        return [row for row in self.outputs.dicts() if row["breakdown"] == breakdown]
