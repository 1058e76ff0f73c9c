"""data.police.uk street-level CSVs: one month of one force per file, placed in areas by LSOA.

Every row is kept, even identical ones (anti-social behaviour rows have no Crime ID and two
incidents can agree in every column), so a row's identity is its position in its file:
'puk:<YYYY-MM>:<force-slug>:<row>'. A file replaces the (month, force) batches it contains,
which makes re-importing a file, or importing the next month, exact (the pipeline refuses a
replacement that would lose most of a month). A force's file covers every district it
polices: rows whose LSOA has no place in the database's areas (`lsoa_places`: an area holds the
code, or the ONS 2011 -> 2021 lookup links it to one that does) are skipped (and counted) before
they are checked, since their faults are not this partnership's to fix, unless their LSOA name
is of a district the areas are in: those are the other Census's codes (months after the 2021
Census use 2021 LSOAs), kept without a place and reported, so the lookup can place them later.
A month outside police.uk's range (from 2010-12 to next month) is rejected: it would become the
dashboard's period.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import duckdb

from psg_tui.core.errors import DataError
from psg_tui.importing.common import (
    BATCHES,
    CHECKED,
    DISTRICT_OF,
    DISTRICTS,
    PLACES,
    Change,
    Check,
    Layout,
    Source,
    count,
    counted,
    first_failure,
    latest_month,
    skip_counts,
    slug_sql,
    sql_quoted,
    sql_trimmed,
)
from psg_tui.importing.contract import (
    Kind,
    Options,
    Prepared,
    checked_file,
    coordinate_checks,
    coordinate_columns,
    outside_uk,
    outside_uk_warning,
    place_lsoas,
)
from psg_tui.importing.kinds.columns import POLICE_UK_COLUMNS, police_uk_layout, police_uk_part
from psg_tui.importing.reading import materialize

if TYPE_CHECKING:
    import polars as pl

FIRST_MONTH = date(2010, 12, 1)  # police.uk's street-level data begins in December 2010


def prepare_file(con: duckdb.DuckDBPyConnection, source: Source, options: Options) -> Prepared:
    """A police.uk file, told apart by its header (see `kinds.POLICE_UK_PARTS`): the street files
    are this kind's; an outcomes or stop-and-search file given here under another name (a
    download's names route them to their own kinds) is refused, naming the kind that reads it."""
    part = police_uk_part(source.own_header)
    if part != "street":
        raise DataError(
            f"{source.path} is a police.uk {part} file, which the police-uk-{part} kind imports.",
            f"Import it with `psg db import DB police-uk-{part} FILE` (or keep its download name,"
            f" YYYY-MM-FORCE-{part}.csv); nothing was changed.",
        )
    return prepare(con, source, options)


# A month as Excel shows it after opening a police.uk file: Aug-21, Aug 2021, August 2021, 01/08/2021.
EXCEL_MONTH = r"(?i)[a-z]{3,9}[- ]([0-9]{2}|[0-9]{4})|[0-9]{1,2}/[0-9]{1,2}/([0-9]{2}|[0-9]{4})"


def street_checks(last: date) -> list[Check]:
    """The checks on a street file's rows; `last` is the latest month accepted."""
    return [
        Check(
            "Month",
            f"month IS NULL AND regexp_full_match(coalesce(month_text, ''), '{EXCEL_MONTH}')",
            f"'Month ' || {sql_quoted('month_text')} || ' is not YYYY-MM: Excel rewrites the month this way when "
            "it opens and saves a police.uk file. Import the CSV as downloaded from data.police.uk, or in "
            "Excel format the Month column as text yyyy-mm (2021-08) before saving'",
        ),
        Check(
            "Month",
            "month IS NULL",
            f"'Month ' || coalesce({sql_quoted('month_text')}, 'blank') || ' is not YYYY-MM'",
        ),
        Check(
            "Month",
            f"month < DATE '{FIRST_MONTH}'",
            f"'Month ' || {sql_quoted('month_text')} || ' is before {FIRST_MONTH:%Y-%m}, when police.uk data begins'",
        ),
        Check(
            "Month",
            f"month > DATE '{last}'",
            f"'Month ' || {sql_quoted('month_text')} || ' is in the future (the latest month accepted is {last:%Y-%m})'",
        ),
        Check("Falls within", "force IS NULL", "'Falls within is blank'"),
        *coordinate_checks("Latitude", "Longitude"),
        Check("Crime type", "category IS NULL", "'Crime type is blank'"),
    ]


# The columns police.uk's street and outcomes files share, parsed as the checks read them.
CRIME_COLUMNS = f"""
            {sql_trimmed('"Crime ID"')} AS crime_id,
            {sql_trimmed('"Month"')} AS month_text,
            CASE WHEN regexp_full_match(trim("Month"), '[0-9]{{4}}-[0-9]{{2}}')
                 THEN try_cast(trim("Month") || '-01' AS DATE) END AS month,
            {sql_trimmed('"Falls within"')} AS force,
            {coordinate_columns('"Latitude"', '"Longitude"')},
            {sql_trimmed('"Location"')} AS location,
            {sql_trimmed('"LSOA code"')} AS lsoa_code,
            {sql_trimmed('"LSOA name"')} AS lsoa_name"""

# A street file's rows as the checks read them: parsed, then placed through the LSOAs the
# database's areas hold (`_unplaced`: of a district the areas are in, but in no area).
STREET_ROWS = f"""
    , parsed AS (
        SELECT _row,{CRIME_COLUMNS},
            {sql_trimmed('"Crime type"')} AS category,
            {sql_trimmed('"Last outcome category"')} AS outcome
        FROM src),
    placed AS (
        SELECT p.*, pl.ward AS area_id,
            pl.lsoa_code IS NULL AND p.lsoa_code IS NOT NULL AND coalesce(
                {DISTRICT_OF.format("p.lsoa_name")} IN (SELECT district FROM {DISTRICTS}), false) AS _unplaced,
            pl.lsoa_code IS NOT NULL AS _placed
        FROM parsed p LEFT JOIN {PLACES} pl ON pl.lsoa_code = p.lsoa_code)
"""
# Rows with no place in the database are skipped before they are checked: their faults are
# not this partnership's to fix.
UNPLACED = "lsoa_code IS NULL OR NOT (_placed OR _unplaced)"
STORED = "_skip IS NULL AND _check IS NULL"


def street_select(checks: list[Check]) -> str:
    return f"""{STREET_ROWS}
        SELECT * EXCLUDE (_placed),
            CASE WHEN lsoa_code IS NULL THEN 'blank LSOA code (cannot be placed)'
                 WHEN NOT (_placed OR _unplaced) THEN 'LSOA not in any area of this database' END AS _skip,
            {first_failure(checks, unless=UNPLACED)}
        FROM placed
    """


def prepare(con: duckdb.DuckDBPyConnection, source: Source, options: Options) -> Prepared:
    place_lsoas(con)
    district_names(con)
    last = latest_month()
    checks = street_checks(last)
    rows = materialize(con, source, street_select(checks), options.progress)
    no_coords, far = con.execute(
        f"SELECT count(*) FILTER ({STORED} AND lat_text IS NULL),"
        f" count(*) FILTER ({STORED} AND {outside_uk('lat', 'lon')}) FROM {CHECKED}"
    ).fetchall()[0]
    warnings = []
    if no_coords:
        warnings.append(f"{no_coords:,} rows have no coordinates (stored without latitude/longitude)")
    warnings.extend(outside_uk_warning(far))
    warnings.extend(unplaced_warning(con, STORED))
    batches = Batches.counted(con, last)
    prepared = checked_file(
        con,
        source,
        checks,
        rows,
        batches.apply,
        batches.changes,
        warnings,
        skipped=skip_counts(con),
        explain=lambda con: whose_rows(con, source),
        months=batches.months,
    )
    prepared.whose = ", ".join(sorted({force for _, force, _ in batches.groups})) or None
    return prepared


class Batches:
    """The (month, force) batches a street file replaces, each deleted and written whole, with the
    rows each will hold after: counted beside the file's reading, made into a table once, on
    first use (by `changes` or `apply`, whichever the pipeline asks first)."""

    def __init__(self, groups: list[tuple[date, str, int]]) -> None:
        self.groups = groups
        self.first = groups[0][0] if groups else None
        self.last = groups[-1][0] if groups else None
        self.made = False

    @classmethod
    def counted(cls, con: duckdb.DuckDBPyConnection, latest: date) -> Batches:
        batched = f"month IS NOT NULL AND force IS NOT NULL AND month BETWEEN DATE '{FIRST_MONTH}' AND DATE '{latest}'"
        groups = con.execute(
            f"SELECT month, force, count(*) FILTER ({STORED}) FROM {CHECKED} WHERE {batched}"
            " GROUP BY month, force ORDER BY month, force"
        ).fetchall()
        return cls(groups)

    def months(self, con: duckdb.DuckDBPyConnection) -> list[date]:
        """Its batches' months: all that writing the file touches."""
        return [g[0] for g in self.groups]

    def make(self, con: duckdb.DuckDBPyConnection) -> None:
        if self.made:
            return
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {BATCHES} AS SELECT strftime(month, '%Y-%m') AS month_text, month,"
            f" force, 'police-uk:' || strftime(month, '%Y-%m') || ':' || force AS batch,"
            f" {slug_sql('force')} AS force_slug, after"
            " FROM (SELECT unnest($months) AS month, unnest($forces) AS force, unnest($afters) AS after)",
            {
                "months": [g[0] for g in self.groups],
                "forces": [g[1] for g in self.groups],
                "afters": [g[2] for g in self.groups],
            },
        )
        self.made = True

    def apply(self, con: duckdb.DuckDBPyConnection) -> int:
        self.make(con)
        # The month range lets DuckDB skip row groups of other months instead of scanning every batch.
        con.execute(
            f"DELETE FROM incidents WHERE month BETWEEN $first AND $last AND batch IN (SELECT batch FROM {BATCHES})",
            {"first": self.first, "last": self.last},
        )
        con.execute(
            "INSERT INTO incidents (id, source, source_ref, batch, month, occurred, precision, category,"
            " area_id, lsoa_code, location, latitude, longitude, outcome, operation)"
            " SELECT 'puk:' || c.month_text || ':' || b.force_slug || ':' || c._row, 'police-uk', c.crime_id,"
            " b.batch, c.month, c.month::TIMESTAMP, 'month', c.category, c.area_id, c.lsoa_code, c.location,"
            " c.lat, c.lon, c.outcome, NULL"
            f" FROM {CHECKED} c JOIN {BATCHES} b USING (month, force)"
            f" WHERE c._skip IS NULL AND c._check IS NULL"
        )
        return count(con, STORED)

    def changes(self, con: duckdb.DuckDBPyConnection) -> list[Change]:
        """Each batch the file replaces: the rows it holds now and after."""
        self.make(con)
        found = con.execute(
            f"SELECT b.month_text, b.force, coalesce(i.n, 0), b.after FROM {BATCHES} b LEFT JOIN ("
            "   SELECT batch, count(*) AS n FROM incidents WHERE month BETWEEN $first AND $last"
            f"   AND batch IN (SELECT batch FROM {BATCHES}) GROUP BY batch) i USING (batch)"
            " ORDER BY b.month_text, b.force",
            {"first": self.first, "last": self.last},
        ).fetchall()
        return [Change(f"{month} {force}", int(before), int(after)) for month, force, before, after in found]


def district_names(con: duckdb.DuckDBPyConnection) -> None:
    """A small table of the districts this database's areas are in, from their LSOAs' names
    ('Stockton-on-Tees 014E' is in Stockton-on-Tees)."""
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {DISTRICTS} AS SELECT DISTINCT {DISTRICT_OF.format('lsoa_name')}"
        " AS district FROM area_lsoas WHERE lsoa_name IS NOT NULL"
    )


def unplaced_warning(con: duckdb.DuckDBPyConnection, stored: str) -> list[str]:
    """Rows of the district whose LSOA code no area holds, even through the ONS lookup: kept
    (without a place) so that importing the lookup later places them, and said so."""
    rows, codes, total, lookup = con.execute(
        f"SELECT count(*), list(DISTINCT lsoa_code ORDER BY lsoa_code)[:5], count(DISTINCT lsoa_code),"
        f" (SELECT count(*) FROM lsoa_changes) FROM {CHECKED} WHERE {stored} AND _unplaced"
    ).fetchall()[0]
    if not rows:
        return []
    more = f" and {total - len(codes):,} more" if total > len(codes) else ""
    then = (
        "they are in no area and not in the LSOA 2011 -> 2021 lookup either: add them to an area (area-lsoas)"
        " or import the whole ONS lookup (lsoa-changes)"
        if lookup
        else "LSOA codes of another Census (2021 codes in a database of 2011 areas, or the reverse?): import"
        " the ONS LSOA 2011 -> 2021 lookup (`psg db import DB lsoa-changes FILE`) to place them"
    )
    return [
        f"{rows:,} rows are in this district's LSOAs ({', '.join(codes)}{more}) that no area holds: stored"
        f" without a place, so no area shows them yet; {then}"
    ]


def whose_rows(con: duckdb.DuckDBPyConnection, source: Source) -> str:
    """The forces and districts a file's rows are from, beside what the database covers.

    Asked only when no row of a file can be stored, so it may read the file again.
    """
    import polars as pl

    from psg_tui.importing.rows import read_rows

    frame = read_rows(source).frame
    falls, reported, lsoa = (f"c{source.positions[n]}" for n in ("Falls within", "Reported by", "LSOA name"))
    text = f"Its rows fall within {_tally(frame, falls) or 'no named force'}"
    if not frame[reported].equals(frame[falls]):
        text += f" (reported by {_tally(frame, reported)})"
    districts = frame.with_columns(pl.col(lsoa).str.replace(r"\s*[0-9]{3}[A-Z]$", ""))
    text += f"; districts (from the LSOA names): {_tally(districts, lsoa) or 'none named'}."
    ours = _column(
        con,
        f"SELECT DISTINCT {DISTRICT_OF.format('lsoa_name')} AS d FROM area_lsoas"
        " WHERE lsoa_name IS NOT NULL ORDER BY d",
    )
    held = _column(
        con,
        "SELECT DISTINCT regexp_extract(batch, '^police-uk:[^:]*:(.*)$', 1) AS f FROM incidents"
        " WHERE source = 'police-uk' ORDER BY f",
    )
    if not ours:
        return text + " This database has no areas with LSOA names: import the ONS lookup (ons-wards) first."
    text += f" This database's areas are in {_listed(ours)}"
    return text + (f", and its police.uk data is from {_listed(held)}." if held else ".")


def _tally(frame: pl.DataFrame, column: str) -> str:
    """'City of London Police (5,033 rows), ...': the column's values, most frequent first."""
    import polars as pl

    counts = frame.filter(pl.col(column).is_not_null()).group_by(column).len()
    ordered = counts.sort(["len", column], descending=[True, False]).rows()
    return _listed([f"{name[:60]} ({counted(n)})" for name, n in ordered])


def _column(con: duckdb.DuckDBPyConnection, sql: str) -> list[str]:
    return [row[0] for row in con.execute(sql).fetchall() if row[0]]


def _listed(items: list[str], limit: int = 5) -> str:
    text = ", ".join(items[:limit])
    return text + (f" and {len(items) - limit} more" if len(items) > limit else "")


POLICE_UK = Kind(
    name="police-uk",
    prepare=prepare_file,
    layout=Layout(exact=POLICE_UK_COLUMNS),
    help=(
        "data.police.uk street-level CSVs (files, a folder, or the download's zip); rows\n"
        "whose LSOA is in no area are skipped; re-importing a month replaces it"
    ),
    staged=True,
    folder_suffix="-street.csv",
    layout_for=police_uk_layout,
)
