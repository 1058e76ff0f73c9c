"""What every import kind shares: its options, the validated file it hands back, and the checks
on places (coordinates, LSOAs) that more than one kind makes.

The kinds (`police_uk`, `incidents`, `registers`, `areas`) import from here and never from
`pipeline`, which orchestrates them: the arrows run one way, pipeline → kind → contract.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import duckdb

from psg_tui.importing.common import (
    PLACES,
    UK_BOUNDS,
    Change,
    Reject,
    Source,
    count,
    fetch_rejects,
    sql_quoted,
    sql_trimmed,
)


@dataclass
class Options:
    strict: bool = False
    source: str | None = None
    column_map: dict[str, str] | None = None
    progress: object | None = None  # a progress.ProgressBar
    replace: bool = False


@dataclass
class Prepared:
    """A validated file waiting to be written: `apply` stores the good rows and says how many.

    `rows` says how the file's lines add up; `changes` what `apply` would do to the rows the
    database holds (asked just before it runs); `explain` why no row of a file can be stored;
    `months`, for kinds that write incidents, the months (first days) whose incidents `apply`
    will delete or insert (asked just before it runs), so their counts are rebuilt.
    """

    source: object
    read: int
    rejects: list[Reject]
    skipped: dict[str, int]
    warnings: list[str]
    apply: Callable[[duckdb.DuckDBPyConnection], int]
    rows: object | None = None  # a rows.Rows, without its frame
    changes: Callable[[duckdb.DuckDBPyConnection], list[Change]] | None = None
    explain: Callable[[duckdb.DuckDBPyConnection], str] | None = None
    months: Callable[[duckdb.DuckDBPyConnection], list[date]] | None = None


def checked_file(con, source: Source, checks, rows, apply, changes, warnings) -> Prepared:
    """A file read into the checked table: its rows that passed `checks` wait for `apply`; the
    rest (and the lines `rows` could not read) are its rejects."""
    return Prepared(
        source=source,
        read=count(con) + len(rows.rejects),
        rejects=rows.rejects + fetch_rejects(con, source, checks),
        skipped={},
        warnings=warnings,
        apply=apply,
        rows=rows,
        changes=changes,
    )


def place_lsoas(con: duckdb.DuckDBPyConnection) -> None:
    """A small table: each LSOA code with a place in some area of the database (its own, or one
    the ONS 2011 -> 2021 lookup links it to: lsoa_places), with the ward it is in (if any)."""
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {PLACES} AS"
        " SELECT p.lsoa_code, min(al.area_id) FILTER (WHERE a.kind = 'ward') AS ward"
        " FROM lsoa_places p JOIN area_lsoas al ON al.lsoa_code = p.area_lsoa"
        " JOIN areas a ON a.id = al.area_id GROUP BY p.lsoa_code"
    )


def coordinate_checks(lat_label: str, lon_label: str) -> list[tuple[str, str, str]]:
    """Rejects for coordinates (columns lat_text/lon_text and their values lat/lon): both blank is
    allowed (stored as NULL), anything else must be a place on Earth."""
    return [
        (
            lat_label,
            "lat_text IS NOT NULL AND lat IS NULL",
            f"'latitude ' || {sql_quoted('lat_text')} || ' is not a number'",
        ),
        (
            lon_label,
            "lon_text IS NOT NULL AND lon IS NULL",
            f"'longitude ' || {sql_quoted('lon_text')} || ' is not a number'",
        ),
        (
            lat_label,
            "NOT coalesce(lat BETWEEN -90 AND 90, true)",
            f"'latitude ' || {sql_quoted('lat_text')} || ' is outside -90..90'",
        ),
        (
            lon_label,
            "NOT coalesce(lon BETWEEN -180 AND 180, true)",
            f"'longitude ' || {sql_quoted('lon_text')} || ' is outside -180..180'",
        ),
        (
            lat_label,
            "(lat_text IS NULL) <> (lon_text IS NULL)",
            "'latitude and longitude must both be given or both blank'",
        ),
    ]


def coordinate_columns(lat: str, lon: str) -> str:
    """SQL for lat_text, lon_text (trimmed text) and lat, lon (numbers) from the file's columns."""
    return (
        f"{sql_trimmed(lat)} AS lat_text, {sql_trimmed(lon)} AS lon_text,"
        f" try_cast({sql_trimmed(lat)} AS DOUBLE) AS lat, try_cast({sql_trimmed(lon)} AS DOUBLE) AS lon"
    )


def outside_uk(lat: str = "latitude", lon: str = "longitude") -> str:
    b = UK_BOUNDS
    return (
        f"{lat} IS NOT NULL AND NOT ({lat} BETWEEN {b['lat_min']} AND {b['lat_max']}"
        f" AND {lon} BETWEEN {b['lon_min']} AND {b['lon_max']})"
    )
