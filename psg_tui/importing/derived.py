"""Tables derived from others and kept in step by the imports that change their sources.

`lsoa_places` (where each LSOA code an incident may carry is placed: see its comment in
schema.sql) is rebuilt from areas, area_lsoas and lsoa_changes whenever an import changes one
of them, inside that import's transaction, so a failed import leaves it as it was. It is a
table rather than a view because every area panel joins it: evaluating the view's lookup
joins in each panel cost a quarter more per panel (bench/RESULTS.md, "lsoa_places"). `psg db check` says when
it is out of step (a database edited by hand) and how to put it right.
"""

from __future__ import annotations

import duckdb

# Kinds whose imports change where incidents are placed.
PLACING_KINDS = ("areas", "area-lsoas", "ons-wards", "lsoa-changes")

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


def refresh_derived(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild every derived table from its sources (after an upgrade, or SQL written by hand)."""
    refresh_places(con)


def after_import(con: duckdb.DuckDBPyConnection, kind: str) -> None:
    """Bring the derived tables into step with what an import of `kind` wrote (in its transaction)."""
    if kind in PLACING_KINDS:
        refresh_places(con)
