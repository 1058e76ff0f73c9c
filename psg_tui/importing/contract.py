"""What every import kind shares: how it declares itself (`Kind`), its options, the validated
file it hands back, and the checks on places (coordinates, LSOAs) that more than one kind makes.

The kinds (`kinds/`) import from here and never from `pipeline`, which runs them: the arrows
run one way, pipeline → kinds registry → kind → contract (an import-linter contract holds it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import duckdb

from psg_tui.importing.common import (
    CHECKED,
    PLACES,
    UK_BOUNDS,
    Change,
    Check,
    Layout,
    Reject,
    Source,
    count,
    fetch_rejects,
    sql_quoted,
    sql_trimmed,
    upsert_change,
)

if TYPE_CHECKING:
    from psg_tui.importing.progress import Progress
    from psg_tui.importing.rows import Rows


@dataclass
class Options:
    strict: bool = False
    source: str | None = None
    column_map: dict[str, str] | None = None
    progress: Progress | None = None  # a bar or lines on stderr (progress.start_progress)
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
    rows: Rows | None = None  # how the file's lines add up (without its frame)
    changes: Callable[[duckdb.DuckDBPyConnection], list[Change]] | None = None
    explain: Callable[[duckdb.DuckDBPyConnection], str] | None = None
    months: Callable[[duckdb.DuckDBPyConnection], list[date]] | None = None
    # Whose rows the file holds (police.uk: its forces), to name a file of a download left out
    # whole because none of its rows is in the database's areas.
    whose: str | None = None


Prepare = Callable[[duckdb.DuckDBPyConnection, Source, Options], Prepared]


@dataclass(frozen=True)
class Kind:
    """An import kind as it declares itself: one line of the registry (`kinds/__init__.py`) lists
    it, and the pipeline, the header checks, staging, the derived tables and `psg db import`
    (its choices and help) read everything they need to know about it from here."""

    name: str
    prepare: Prepare
    # Its lines in `psg db import --help`, after the name (wrapped as they are to be shown).
    help: str
    # The columns it reads: `exact` for a publisher's fixed columns (no --map), else required
    # and optional ones, found by name or alias (or through --map).
    layout: Layout
    # Its files may be Parquet as well as CSV.
    parquet: bool = False
    # A file's checks do not depend on the files before it in the same import, so the next
    # file may be read on a second connection while this one is written (`staging`).
    staged: bool = False
    # Its imports change where incidents are placed: the derived tables are rebuilt whole.
    places: bool = False
    # `--source NAME` applies (whose extract the file is).
    takes_source: bool = False
    # In a folder, only the files whose names end so, when the folder has any (police.uk).
    folder_suffix: str | None = None
    # The file's columns it does not read are named in a warning (not for publishers' files,
    # which carry many columns psg has no use for).
    warn_unused: bool = False
    # Before anything is written: refuse the import (raise a PsgError) for all its files.
    check: Callable[[duckdb.DuckDBPyConnection, list[Source], Options], None] | None = None
    # A publisher's several files told apart by header: the layout of the one this header is,
    # or None (police.uk's street, outcomes and stop-and-search files).
    layout_for: Callable[[list[str]], Layout | None] | None = None
    # Columns named by year rather than fixed (ONS lookups): each canonical column's position,
    # or None when the header has not got them; `layout.exact` is then only an example.
    find_columns: Callable[[list[str]], dict[str, int] | None] | None = None

    @property
    def mappable(self) -> bool:
        """Whether `--map` applies: not to a publisher's fixed columns."""
        return self.layout.exact is None

    def recognises(self, header: list[str]) -> bool:
        """Whether a header is one of this kind's files (to suggest the kind a file was meant for)."""
        if self.layout_for is not None:
            return self.layout_for(header) is not None
        if self.find_columns is not None:
            return self.find_columns(header) is not None
        layout = self.layout
        lowered = {name.strip().lower() for name in header}
        return layout.exact is None and all(
            any(n.lower() in lowered for n in layout.names(c)) for c in layout.required
        )


def checked_file(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    checks: Sequence[Check],
    rows: Rows,
    apply: Callable[[duckdb.DuckDBPyConnection], int],
    changes: Callable[[duckdb.DuckDBPyConnection], list[Change]] | None,
    warnings: list[str],
    *,
    skipped: dict[str, int] | None = None,
    explain: Callable[[duckdb.DuckDBPyConnection], str] | None = None,
    months: Callable[[duckdb.DuckDBPyConnection], list[date]] | None = None,
) -> Prepared:
    """A file read into the checked table: its rows that passed `checks` (and were not
    `skipped`) wait for `apply`; the rest (and the lines `rows` could not read) are its rejects."""
    return Prepared(
        source=source,
        read=count(con) + len(rows.rejects),
        rejects=rows.rejects + fetch_rejects(con, source, checks),
        skipped=skipped or {},
        warnings=warnings,
        apply=apply,
        rows=rows,
        changes=changes,
        explain=explain,
        months=months,
    )


def unused_columns_warning(source: Source) -> list[str]:
    """The file's columns its kind does not read, named (for the kinds declaring `warn_unused`)."""
    return [f"columns not used: {', '.join(source.ignored)}"] if source.ignored else []


def outside_uk_warning(rows: int) -> list[str]:
    """Rows stored with coordinates outside the UK (`outside_uk`), counted."""
    return [f"{rows:,} rows have coordinates outside the UK (stored; check the file)"] if rows else []


def place_lsoas(con: duckdb.DuckDBPyConnection) -> None:
    """A small table: each LSOA code with a place in some area of the database (its own, or one
    the ONS 2011 -> 2021 lookup links it to: lsoa_places), with the ward it is in (if any)."""
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {PLACES} AS"
        " SELECT p.lsoa_code, min(al.area_id) FILTER (WHERE a.kind = 'ward') AS ward"
        " FROM lsoa_places p JOIN area_lsoas al ON al.lsoa_code = p.area_lsoa"
        " JOIN areas a ON a.id = al.area_id GROUP BY p.lsoa_code"
    )


def coordinate_checks(lat_label: str, lon_label: str) -> list[Check]:
    """Rejects for coordinates (columns lat_text/lon_text and their values lat/lon): both blank is
    allowed (stored as NULL), anything else must be a place on Earth."""
    return [
        Check(
            lat_label,
            "lat_text IS NOT NULL AND lat IS NULL",
            f"'latitude ' || {sql_quoted('lat_text')} || ' is not a number'",
        ),
        Check(
            lon_label,
            "lon_text IS NOT NULL AND lon IS NULL",
            f"'longitude ' || {sql_quoted('lon_text')} || ' is not a number'",
        ),
        Check(
            lat_label,
            "NOT coalesce(lat BETWEEN -90 AND 90, true)",
            f"'latitude ' || {sql_quoted('lat_text')} || ' is outside -90..90'",
        ),
        Check(
            lon_label,
            "NOT coalesce(lon BETWEEN -180 AND 180, true)",
            f"'longitude ' || {sql_quoted('lon_text')} || ' is outside -180..180'",
        ),
        Check(
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


def upserted_by_id(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    checks: list[Check],
    rows: Rows,
    table: str,
    columns: list[tuple[str, str]],
    warnings: list[str],
) -> Prepared:
    """A register's file whose rows replace those of the same id: `columns` pairs each stored
    column with the checked table's expression for it, the id first."""
    (_, key), *values = columns

    def apply(con: duckdb.DuckDBPyConnection) -> int:
        con.execute(
            f"INSERT OR REPLACE INTO {table} ({', '.join(c for c, _ in columns)})"
            f" SELECT {', '.join(e for _, e in columns)} FROM {CHECKED} WHERE _check IS NULL"
        )
        return count(con, "_check IS NULL")

    return checked_file(
        con,
        source,
        checks,
        rows,
        apply,
        lambda con: [upsert_change(con, table, "id", key, "_check IS NULL", compare=values)],
        warnings,
    )
