"""Incidents per 1,000 residents: the one threshold and the one ranking every view uses.

The rate itself is worked out in SQL (`queries/overview.sql`, `queries/area_context.sql`) from
the schema's `area_population` view; both files read the threshold as `$min_residents`, bound
from here, so the overview and the area view can never disagree about which areas get a rate.
"""

from __future__ import annotations

from typing import Any

from psg_tui.core.queries import MIN_RESIDENTS, QueryResult

# MIN_RESIDENTS: below this many residents a rate means little: a town-centre hotspot with 300
# residents and 30 incidents reads as 100 per 1,000, ten times a ward's, because shoppers and
# drinkers are not residents. Such areas show their counts and say why there is no rate.
__all__ = ["MIN_RESIDENTS", "has_population", "has_rates", "rank_by_rate"]

NO_POPULATION_HINT = "import the ONS mid-year LSOA estimates with `psg db import DB population FILE`"


def has_rates(rows: list[dict[str, Any]]) -> bool:
    """Whether any area has a rate (without population data none has)."""
    return any(row.get("rate") is not None for row in rows)


def has_population(rows: list[dict[str, Any]]) -> bool:
    return any(row.get("population") is not None for row in rows)


def rank_by_rate(overview: QueryResult) -> QueryResult:
    """The overview's rows with the areas that have a rate first, highest rate first (ties by
    name), then those without one in their order of concern. The sort is stable, so the areas
    without a rate keep the overview's own ranking."""
    if "rate" not in overview.columns:
        return overview
    rate = overview.columns.index("rate")
    name = overview.columns.index("name")
    with_rate = sorted(
        (row for row in overview.rows if row[rate] is not None), key=lambda row: (-row[rate], row[name])
    )
    without = [row for row in overview.rows if row[rate] is None]
    return QueryResult(overview.name, overview.columns, with_rate + without, overview.error)
