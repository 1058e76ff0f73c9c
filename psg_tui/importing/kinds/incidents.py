"""Local incident extracts (council ASB, housing, partner logs) as CSV or Parquet.

Canonical columns: id, occurred, category, area, lsoa_code, location, latitude, longitude,
outcome, operation, and optionally source (else `--source NAME`). `occurred` is a day
(YYYY-MM-DD, or DD/MM/YYYY as UK spreadsheets write it) or a minute (YYYY-MM-DD HH:MM[:SS],
also with a 'T'). Each row needs an LSOA code or an area id. Rows are upserted by
(source, id): re-importing an extract, or a newer one overlapping it, never duplicates.

Files whose headers differ are read through a column map (`--map FILE`), TOML::

    id = "Incident Ref"
    occurred = "Date Reported"
    category = "Type"

or a CSV with the header `canonical,theirs`.
"""

from __future__ import annotations

from datetime import date

import duckdb

from psg_tui.core.errors import UsageError
from psg_tui.importing.common import (
    CHECKED,
    LSOA_PATTERN,
    PLACES,
    Change,
    Check,
    Layout,
    Source,
    count,
    first_failure,
    latest_month,
    skip_counts,
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
from psg_tui.importing.reading import materialize

ISO_DAY = "[0-9]{4}-[0-9]{2}-[0-9]{2}"
ISO_MINUTE = "[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?"
UK_DAY = "[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}"
UK_MINUTE = "[0-9]{1,2}/[0-9]{1,2}/[0-9]{4} [0-9]{2}:[0-9]{2}(:[0-9]{2})?"
EARLIEST = "1990-01-01"  # older records are typing mistakes (0001, 1900), not a partnership's data


def check_source_name(name: str) -> str | None:
    """Why a source name cannot be used, or None: it becomes part of every incident id."""
    if not name.strip():
        return "is blank"
    if ":" in name:
        return "contains ':'"
    if name.strip() == "police-uk":
        return "is reserved for data.police.uk files (use the police-uk kind)"
    return None


def check_options(source: Source, options: Options) -> None:
    """Before anything is written: every row must get a usable source name."""
    if options.source is not None and (problem := check_source_name(options.source)):
        raise UsageError(
            f"--source '{options.source}' {problem}.", "Name the extract, e.g. --source council-asb."
        )
    if source.positions.get("source") is None and options.source is None:
        raise UsageError(
            f"{source.path} has no source column, so psg cannot tell whose incidents these are.",
            "Give --source NAME (e.g. --source council-asb), or add a source column.",
        )


def check_all_options(con: duckdb.DuckDBPyConnection, sources: list[Source], options: Options) -> None:
    for source in sources:
        check_options(source, options)


def incident_checks(last: date) -> list[Check]:
    """The checks on an extract's rows; `last` is the latest month a record may fall in."""
    after_last = f"DATE '{last}' + INTERVAL 1 MONTH"
    return [
        Check("id", "ref IS NULL", "'id is blank'"),
        Check("source", "src_name IS NULL", "'source is blank (fill it in, or give --source NAME)'"),
        Check(
            "source",
            "src_name LIKE '%:%' OR src_name = 'police-uk'",
            f"'source ' || {sql_quoted('src_name')} || ' cannot contain '':'' or be police-uk'",
        ),
        Check("id", "first_row < _row", "'id listed again (first on row ' || first_row || ')'"),
        Check(
            "occurred",
            "occurred IS NULL",
            f"'occurred ' || coalesce({sql_quoted('occurred_text')}, 'blank')"
            " || ' is not YYYY-MM-DD or YYYY-MM-DD HH:MM[:SS]'",
        ),
        Check(
            "occurred",
            f"occurred < DATE '{EARLIEST}' OR occurred >= {after_last}",
            f"'occurred ' || {sql_quoted('occurred_text')} || ' is outside {EARLIEST[:4]} to {last:%Y-%m}"
            " (a future date, or a mistyped year)'",
        ),
        Check("category", "category IS NULL", "'category is blank'"),
        Check("lsoa_code", "lsoa_code IS NULL AND area IS NULL", "'give an LSOA code or an area'"),
        Check(
            "lsoa_code",
            f"lsoa_code IS NOT NULL AND NOT regexp_full_match(lsoa_code, '{LSOA_PATTERN}')",
            f"'LSOA code ' || {sql_quoted('lsoa_code')} || ' is not E01/W01 followed by 6 digits'",
        ),
        Check("area", "area IS NOT NULL AND known_area IS NULL", f"'unknown area ' || {sql_quoted('area')}"),
        *coordinate_checks("latitude", "longitude"),
    ]


OCCURRED = "occurred_text"
# An extract's rows as the checks read them: parsed, timed (a day or a minute) and placed by
# the area they name or through the LSOAs the database's areas hold.
INCIDENT_ROWS = f"""
        , parsed AS (
            SELECT _row, {sql_trimmed("id")} AS ref, coalesce({sql_trimmed("source")}, $default_source) AS src_name,
                {sql_trimmed("occurred")} AS occurred_text, {sql_trimmed("category")} AS category,
                {sql_trimmed("area")} AS area, upper({sql_trimmed("lsoa_code")}) AS lsoa_code,
                {sql_trimmed("location")} AS location, {coordinate_columns("latitude", "longitude")},
                {sql_trimmed("outcome")} AS outcome,
                {sql_trimmed("operation")} AS operation
            FROM src),
        timed AS (
            SELECT *,
                CASE WHEN regexp_full_match({OCCURRED}, '{ISO_DAY}') THEN try_cast({OCCURRED} AS DATE)::TIMESTAMP
                     WHEN regexp_full_match({OCCURRED}, '{ISO_MINUTE}') THEN try_cast({OCCURRED} AS TIMESTAMP)
                     WHEN regexp_full_match({OCCURRED}, '{UK_DAY}') THEN try_strptime({OCCURRED}, '%d/%m/%Y')
                     WHEN regexp_full_match({OCCURRED}, '{UK_MINUTE}')
                     THEN try_strptime({OCCURRED}, ['%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M']) END AS occurred,
                CASE WHEN regexp_full_match({OCCURRED}, '{ISO_DAY}|{UK_DAY}') THEN 'day' ELSE 'minute' END
                    AS precision,
                min(_row) OVER (PARTITION BY src_name, ref) AS first_row
            FROM parsed),
        placed AS (
            SELECT t.*, a.id AS known_area, pl.lsoa_code AS placed_lsoa, pl.ward
            FROM timed t
            LEFT JOIN (SELECT id FROM areas) a ON a.id = t.area
            LEFT JOIN (SELECT lsoa_code, ward FROM {PLACES}) pl ON pl.lsoa_code = t.lsoa_code)
"""
GOOD = "_check IS NULL AND _skip IS NULL"


def incident_select(checks: list[Check]) -> str:
    return f"""{INCIDENT_ROWS}
        SELECT *, coalesce(known_area, ward) AS area_id,
            CASE WHEN _check IS NULL AND area IS NULL AND placed_lsoa IS NULL
                 THEN 'LSOA not in any area of this database' END AS _skip
        FROM (SELECT *, {first_failure(checks)} FROM placed)
    """


def prepare(con: duckdb.DuckDBPyConnection, source: Source, options: Options) -> Prepared:
    place_lsoas(con)
    checks = incident_checks(latest_month())
    default_source = options.source.strip() if options.source else None
    rows = materialize(
        con, source, incident_select(checks), options.progress, {"default_source": default_source}
    )
    far, unplaced = con.execute(
        f"SELECT count(*) FILTER ({GOOD} AND {outside_uk('lat', 'lon')}),"
        f" count(*) FILTER ({GOOD} AND lsoa_code IS NOT NULL AND placed_lsoa IS NULL)"
        f" FROM {CHECKED}"
    ).fetchall()[0]
    warnings = outside_uk_warning(far)
    if unplaced:
        warnings.append(
            f"{unplaced:,} rows name an area but their LSOA is in no area of this database: they are "
            "counted in the area they name (add the LSOAs with area-lsoas to place them by LSOA)"
        )
    return checked_file(
        con, source, checks, rows, apply, changes, warnings, skipped=skip_counts(con), months=months
    )


def apply(con: duckdb.DuckDBPyConnection) -> int:
    """Upsert the good rows by (source, id)."""
    con.execute(
        f"DELETE FROM incidents WHERE id IN (SELECT src_name || ':' || ref FROM {CHECKED} WHERE {GOOD})"
    )
    con.execute(
        "INSERT INTO incidents (id, source, source_ref, batch, month, occurred, precision, category,"
        " area_id, lsoa_code, location, latitude, longitude, outcome, operation)"
        " SELECT src_name || ':' || ref, src_name, ref, src_name, date_trunc('month', occurred)::DATE,"
        " occurred, precision, category, area_id, lsoa_code, location, lat,"
        f" lon, outcome, operation FROM {CHECKED} WHERE {GOOD}"
    )
    return count(con, GOOD)


def changes(con: duckdb.DuckDBPyConnection) -> list[Change]:
    """Per source: the incidents it holds now, and how many of the file's rows are new."""
    found = con.execute(
        f"WITH f AS (SELECT DISTINCT src_name, src_name || ':' || ref AS id FROM {CHECKED} WHERE {GOOD}),"
        " held AS (SELECT source, count(*) AS n FROM incidents WHERE source IN (SELECT src_name FROM f)"
        " GROUP BY source)"
        " SELECT f.src_name, coalesce(any_value(h.n), 0), count(*) FILTER (WHERE i.id IS NULL),"
        " count(*) FILTER (WHERE i.id IS NOT NULL)"
        " FROM f LEFT JOIN (SELECT id FROM incidents) i USING (id) LEFT JOIN held h ON h.source = f.src_name"
        " GROUP BY f.src_name ORDER BY f.src_name"
    ).fetchall()
    return [
        Change(f"incidents from {name}", int(before), int(before) + int(new), False, int(new), int(old))
        for name, before, new, old in found
    ]


def months(con: duckdb.DuckDBPyConnection) -> list[date]:
    """The months of the rows `apply` replaces (an id's month may change) and of those it writes."""
    return [
        row[0]
        for row in con.execute(
            "SELECT month FROM incidents"
            f" WHERE id IN (SELECT src_name || ':' || ref FROM {CHECKED} WHERE {GOOD})"
            f" UNION SELECT date_trunc('month', occurred)::DATE FROM {CHECKED} WHERE {GOOD}"
        ).fetchall()
    ]


INCIDENTS = Kind(
    name="incidents",
    prepare=prepare,
    layout=Layout(
        required=("id", "occurred", "category"),
        optional=("area", "lsoa_code", "location", "latitude", "longitude", "outcome", "operation", "source"),
    ),
    help=(
        "local extracts, CSV or Parquet: id,occurred,category,area,lsoa_code,location,\n"
        "latitude,longitude,outcome,operation[,source]; occurred YYYY-MM-DD (day) or\n"
        "YYYY-MM-DD HH:MM[:SS] (minute), DD/MM/YYYY also read; upserted by (source, id)"
    ),
    parquet=True,
    staged=True,
    takes_source=True,
    check=check_all_options,
    warn_unused=True,
)
