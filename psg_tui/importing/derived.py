"""Tables derived from others and kept in step by the imports that change their sources.

`lsoa_places` (where each LSOA code an incident may carry is placed: see its comment in
schema.sql) is rebuilt from areas, area_lsoas and lsoa_changes whenever an import changes one
of them, inside that import's transaction, so a failed import leaves it as it was. It is a
table rather than a view because every area panel joins it: evaluating the view's lookup
joins in each panel cost a quarter more per panel (bench/RESULTS.md, "lsoa_places").

`incident_counts` is `area_incidents` counted per area, month, category and source, so the count
panels and the overview read a small table instead of placing every incident again. An import
of incidents rebuilds it for the months whose rows it deleted or inserted (`Prepared.months`);
an import that changes where incidents are placed rebuilds it whole, after lsoa_places. Each
refresh records every month's incidents and sum of counts (`core/counts.py`), so opening a
database changed by hand finds the months out of step and the panels read raw rows for them.

`psg db check` says when either is out of step (a database edited by hand) and `psg db rebuild`
puts it right (`refresh_derived`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

import duckdb

from psg_tui.core.counts import TALLY_KEY, TALLY_SELECT, read_tally

if TYPE_CHECKING:
    from psg_tui.importing.contract import Kind

# Every code the lookup links to another (`other`), both ways: 2011 -> 2021 and 2021 -> 2011.
LINKS = (
    "SELECT lsoa11_code AS code, lsoa21_code AS other FROM lsoa_changes"
    " UNION SELECT lsoa21_code AS code, lsoa11_code AS other FROM lsoa_changes"
)
PLACES_SELECT = f"""
    WITH held AS (SELECT DISTINCT lsoa_code FROM area_lsoas),
    links AS ({LINKS})
    SELECT lsoa_code, lsoa_code AS area_lsoa, 1 AS candidates, 'held' AS how FROM held
    UNION ALL
    SELECT l.code, min(l.other), count(DISTINCT l.other), 'lookup'
    FROM links l JOIN held h ON h.lsoa_code = l.other
    WHERE l.code NOT IN (SELECT lsoa_code FROM held)
    GROUP BY l.code
"""
# incident_counts as its sources give it, in its columns' order; `{where}` narrows the months.
COUNTS_SELECT = (
    "SELECT area_id, month, category, source, count(*) AS incidents FROM area_incidents{where}"
    " GROUP BY area_id, month, category, source"
)
# The months given as $months (a DATE list), with their range first so DuckDB skips the row
# groups of other months instead of testing every row against the list.
IN_MONTHS = " WHERE month BETWEEN $first AND $last AND list_contains($months, month)"


def refresh_places(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild lsoa_places from the areas' LSOAs and the lookup."""
    con.execute("DELETE FROM lsoa_places")
    con.execute(f"INSERT INTO lsoa_places {PLACES_SELECT}")


def places_out_of_step(con: duckdb.DuckDBPyConnection) -> int:
    """How many rows lsoa_places lacks or holds beyond what its sources give (0 when in step)."""
    return int(
        con.execute(
            f"SELECT count(*) FROM ((SELECT * FROM lsoa_places EXCEPT ALL ({PLACES_SELECT}))"
            f" UNION ALL (({PLACES_SELECT}) EXCEPT ALL SELECT * FROM lsoa_places))"
        ).fetchall()[0][0]
    )


def refresh_counts(con: duckdb.DuckDBPyConnection, months: Iterable[date] | None = None) -> None:
    """Rebuild incident_counts for `months` (first days of months), or whole when None.

    Reads lsoa_places, so after a change of placing refresh that first.
    """
    if months is None:
        con.execute("DELETE FROM incident_counts")
        con.execute(f"INSERT INTO incident_counts {COUNTS_SELECT.format(where='')}")
        _record(con, {}, "", {})
        return
    wanted = sorted(set(months))
    if not wanted:
        return
    params = {"months": wanted, "first": wanted[0], "last": wanted[-1]}
    con.execute(f"DELETE FROM incident_counts{IN_MONTHS}", params)
    con.execute(f"INSERT INTO incident_counts {COUNTS_SELECT.format(where=IN_MONTHS)}", params)
    kept = {m: v for m, v in (read_tally(con) or {}).items() if m not in {f"{w:%Y-%m}" for w in wanted}}
    _record(con, kept, IN_MONTHS, params)


def _record(
    con: duckdb.DuckDBPyConnection, kept: dict[str, list[int]], where: str, params: dict[str, object]
) -> None:
    """Record each month's incidents and sum of counts as this refresh left them (see core/counts.py),
    over `kept`: the record of the months it did not touch."""
    for month, rows, counted in con.execute(TALLY_SELECT.format(where=where), params).fetchall():
        kept[month] = [int(rows), int(counted)]
    con.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ($key, $value)",
        {"key": TALLY_KEY, "value": json.dumps(kept, sort_keys=True, separators=(",", ":"))},
    )


def counts_out_of_step(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The months (YYYY-MM) in which incident_counts differs from area_incidents counted ([] when in step)."""
    fresh = COUNTS_SELECT.format(where="")
    rows = con.execute(
        f"WITH fresh AS ({fresh}), differ AS ("
        "  (SELECT * FROM incident_counts EXCEPT ALL SELECT * FROM fresh)"
        "  UNION ALL (SELECT * FROM fresh EXCEPT ALL SELECT * FROM incident_counts))"
        " SELECT DISTINCT strftime(month, '%Y-%m') AS m FROM differ ORDER BY m"
    ).fetchall()
    return [row[0] for row in rows]


def refresh_derived(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild every derived table from its sources (after an upgrade, or SQL written by hand)."""
    refresh_places(con)
    refresh_counts(con)


def after_import(con: duckdb.DuckDBPyConnection, kind: Kind, months: Iterable[date] = ()) -> None:
    """Bring the derived tables into step with what an import of `kind` wrote (in its transaction):
    `months` are those whose incidents it deleted or inserted; a kind that `places` incidents
    (areas, their LSOAs, the lookup) changes every month's."""
    if kind.places:
        refresh_places(con)
        refresh_counts(con)
    else:
        refresh_counts(con, months)
    place_searches(con, months)


def place_searches(con: duckdb.DuckDBPyConnection, months: Iterable[date]) -> None:
    """Place the stop and searches kept without a place at the map points of the police.uk street
    rows of `months` (just written): a search is placed where a street row shares its point, so
    street files imported after the searches place them as if they had come first."""
    months = sorted(set(months))
    if (
        not months
        or not con.execute(
            "SELECT count(*) FROM stop_searches WHERE lsoa_code IS NULL AND latitude IS NOT NULL"
        ).fetchall()[0][0]
    ):
        return
    con.execute(
        "UPDATE stop_searches s SET lsoa_code = pt.lsoa_code FROM ("
        "  SELECT latitude, longitude, min(lsoa_code) AS lsoa_code FROM incidents"
        "  WHERE source = 'police-uk' AND lsoa_code IS NOT NULL"
        + IN_MONTHS.replace(" WHERE ", " AND ", 1)
        + "  GROUP BY latitude, longitude) pt"
        " WHERE s.lsoa_code IS NULL AND s.latitude = pt.latitude AND s.longitude = pt.longitude",
        {"first": months[0], "last": months[-1], "months": months},
    )
