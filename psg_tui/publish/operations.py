"""What each operation did in the minutes' period, from the meeting's database, for the minutes.

Outputs are counts by kind ("Patrol 24, CPW 3"), the way the operations report them, for the
period and since the operation started. Nothing here reads a subject reference, an outcome or
an operation's aims: a published copy, redacted or not, never lists whom the work was about.
The database is opened read-only and every value is bound.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from psg_tui.core.interventions import kind_label


@dataclass(frozen=True)
class Output:
    kind: str  # the label, e.g. 'Joint patrol'
    this_period: int
    since_start: int  # from the operation's start to the end of the period


@dataclass(frozen=True)
class OperationOutputs:
    id: str
    name: str
    lead_agency: str | None
    started: date
    ended: date | None
    outputs: tuple[Output, ...]  # most this period first

    @property
    def total(self) -> int:
        return sum(o.this_period for o in self.outputs)

    @property
    def total_since_start(self) -> int:
        return sum(o.since_start for o in self.outputs)


# An operation is listed when it ran at some time in the period, or has outputs dated in it.
# A day-precision record counts by its day; a month-precision one when its whole month lies
# inside the period (the minutes' period is a month unless someone chose otherwise).
_OUTPUTS_SQL = """
WITH dated AS (
    -- the first and last day a record can be about: its day, or its month's first and last
    SELECT operation_id, kind, count,
           CASE WHEN precision = 'day' THEN occurred ELSE month END AS earliest,
           CASE WHEN precision = 'day' THEN occurred ELSE last_day(month) END AS latest
    FROM interventions
    WHERE operation_id IS NOT NULL
),
listed AS (
    SELECT o.id, o.name, o.lead_agency, o.started, o.ended
    FROM operations o
    WHERE (o.started <= $end AND (o.ended IS NULL OR o.ended >= $start))
       OR EXISTS (SELECT 1 FROM dated d WHERE d.operation_id = o.id AND d.earliest >= $start AND d.latest <= $end)
)
SELECT l.id, l.name, l.lead_agency, l.started, l.ended, d.kind,
       coalesce(sum(d.count) FILTER (WHERE d.earliest >= $start AND d.latest <= $end), 0) AS this_period,
       coalesce(sum(d.count) FILTER (WHERE d.latest <= $end AND d.latest >= l.started), 0) AS since_start
FROM listed l
LEFT JOIN dated d ON d.operation_id = l.id
GROUP BY ALL
ORDER BY l.name, l.id, this_period DESC, since_start DESC, d.kind
"""


def read_operation_outputs(db: Path, start: date, end: date) -> tuple[OperationOutputs, ...]:
    """Every operation that ran in `start`..`end`, with its outputs by kind (read-only)."""
    import duckdb

    from psg_tui.core.database import open_database
    from psg_tui.core.errors import DataError

    con = open_database(db, read_only=True)
    try:
        rows = con.execute(_OUTPUTS_SQL, {"start": start, "end": end}).fetchall()
    except duckdb.Error as exc:
        raise DataError(f"Could not read the operations of {db}: {str(exc).splitlines()[0]}") from None
    finally:
        con.close()
    return outputs_from_rows(rows)


def outputs_from_rows(rows: list[tuple[Any, ...]]) -> tuple[OperationOutputs, ...]:
    found: dict[str, tuple[tuple[Any, ...], list[Output]]] = {}
    for op_id, name, lead, started, ended, kind, this_period, since_start in rows:
        entry = found.setdefault(op_id, ((op_id, name, lead, started, ended), []))
        if kind is not None and (this_period or since_start):
            entry[1].append(Output(kind_label(kind), int(this_period), int(since_start)))
    return tuple(
        OperationOutputs(op_id, name, lead, started, ended, tuple(outputs))
        for (op_id, name, lead, started, ended), outputs in found.values()
    )
