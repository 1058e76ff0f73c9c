"""Which months of incident_counts can be trusted, checked once when a database is opened.

The imports keep incident_counts in step with the incidents (`importing/derived.py`) and record
in meta (`TALLY_KEY`) each month's incidents and the sum of its counts as they left them. A
database changed by SQL of one's own can differ from that record: opening it compares the
incidents' total (DuckDB answers `count(*)` from its metadata) and each month's sum of counts
(a small table) with the record, and only when the total differs counts the incidents month by
month. The months that differ are stale: the count panels read the raw rows for them
(`$stale_months`) and the meeting says so until `psg db rebuild`. A database whose counts were
never recorded (made before they were kept) has every month stale.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import duckdb

TALLY_KEY = "incident_tally"
STALE_PARAMETERS = frozenset({"stale_months"})
# Each month's incidents (`rows`) and the sum of its counts (`counted`), YYYY-MM: [rows, counted].
TALLY_SELECT = (
    "SELECT strftime(month, '%Y-%m') AS m, sum(rows)::BIGINT, sum(counted)::BIGINT FROM ("
    " SELECT month, count(*) AS rows, 0 AS counted FROM incidents{where} GROUP BY month"
    " UNION ALL SELECT month, 0, sum(incidents) FROM incident_counts{where} GROUP BY month)"
    " GROUP BY m"
)


def read_tally(con: duckdb.DuckDBPyConnection) -> dict[str, list[int]] | None:
    """The recorded tally, or None when there is none (or it is not one psg wrote): then every
    month's incidents differ from it, so every month with incidents is stale."""
    row = con.execute("SELECT value FROM meta WHERE key = $key", {"key": TALLY_KEY}).fetchall()
    if not row:
        return None
    try:
        tally = json.loads(row[0][0])
    except ValueError:
        return None
    if not isinstance(tally, dict):
        return None
    return tally


def stale_months(con: duckdb.DuckDBPyConnection) -> list[date]:
    """The months (first days) whose incident_counts differ from the record the imports left."""
    tally = read_tally(con) or {}
    rows = con.execute("SELECT count(*) FROM incidents").fetchall()[0][0]
    # Grouped by the date and named in Python: formatting every row first costs 8x (10M rows).
    counted = _by_month(con, "SELECT month, sum(incidents) FROM incident_counts GROUP BY month")
    stale = {m for m in set(counted) | set(tally) if counted.get(m, 0) != _part(tally, m, 1)}
    if rows != sum(_part(tally, m, 0) for m in tally):
        held = _by_month(con, "SELECT month, count(*) FROM incidents GROUP BY month")
        stale |= {m for m in set(held) | set(tally) if held.get(m, 0) != _part(tally, m, 0)}
    return sorted(date.fromisoformat(f"{m}-01") for m in stale if _is_month(m))


def tallied_months(con: duckdb.DuckDBPyConnection) -> list[date] | None:
    """The months holding incidents, from the imports' record, when the incidents' total still
    matches it (None otherwise, or with no record): the database is then read as the imports
    left it, and opening it need not scan every incident's month. A hand edit that moves rows
    between months without changing their number is not seen here, as in `stale_months`;
    `psg db check` finds it."""
    tally = read_tally(con)
    if not tally:
        return None
    rows = con.execute("SELECT count(*) FROM incidents").fetchall()[0][0]
    if rows != sum(_part(tally, m, 0) for m in tally):
        return None
    return sorted(date.fromisoformat(f"{m}-01") for m in tally if _is_month(m) and _part(tally, m, 0) > 0)


def _by_month(con: duckdb.DuckDBPyConnection, sql: str) -> dict[str, int]:
    return {
        _month_key(month): int(value) for month, value in con.execute(sql).fetchall() if month is not None
    }


def _month_key(month: object) -> str:
    """YYYY-MM, as the record names months; a month Python cannot hold (year 0, 10000) comes
    back from DuckDB as text, and keeps its year and month so it is still told apart."""
    if isinstance(month, date):
        return f"{month:%Y-%m}"
    return "-".join(str(month).split("-")[:2])


def _part(tally: dict[str, Any], month: str, index: int) -> int:
    value: Any = tally.get(month)  # as the JSON holds it: None, or not a list, is stale
    try:
        return int(value[index])
    except (TypeError, ValueError, IndexError):
        return -1  # not a number psg wrote: never equal to a count, so the month is stale


def _is_month(text: str) -> bool:
    try:
        date.fromisoformat(f"{text}-01")
    except (TypeError, ValueError):
        return False
    return True


def stale_warning(months: list[date], db: str) -> str | None:
    """What the meeting is told when some months' counts are out of step (None when none are)."""
    if not months:
        return None
    named = [f"{m:%Y-%m}" for m in months]
    listed = (
        ", ".join(named) if len(named) <= 6 else f"{', '.join(named[:5])} and {len(named) - 5} more months"
    )
    return (
        f"The incident counts kept in {db} are out of step with its incidents for {listed} (the database"
        " was changed outside psg): those months are counted from the incidents themselves, which is"
        f" slower. `psg db rebuild {db}` puts the counts right."
    )
