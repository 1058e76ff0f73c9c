"""data.police.uk outcomes files: one force and month of outcome events, each naming its crime
by the Crime ID of the street file the crime was first published in.

A file replaces the (month, force) batches it holds ('police-uk-outcomes:2024-03:Cleveland
Police'), so importing it again changes nothing. A force's file covers every district it
polices and crimes of many earlier months: an event is kept when its crime is held (a street
row of this database has its Crime ID) or its LSOA has a place in the database's areas (its
crime's street month was not imported: kept, and counted by `psg db check`, so importing that
month later links it); the rest are skipped. A file none of whose crimes is held is skipped
whole (another force's file, or outcomes imported before their street files): of a download it
is left out and named, alone it is refused.
"""

from __future__ import annotations

import duckdb

from psg_tui.importing.common import (
    CHECKED,
    DISTRICT_OF,
    DISTRICTS,
    PLACES,
    Check,
    Layout,
    Source,
    count,
    counted,
    first_failure,
    latest_month,
    skip_counts,
    sql_trimmed,
    text,
)
from psg_tui.importing.contract import (
    Kind,
    Options,
    Prepared,
    checked_file,
    coordinate_checks,
    place_lsoas,
)
from psg_tui.importing.kinds.columns import POLICE_UK_OUTCOMES_COLUMNS
from psg_tui.importing.kinds.force_months import ForceMonths
from psg_tui.importing.kinds.police_uk import CRIME_COLUMNS, district_names, street_checks
from psg_tui.importing.reading import materialize

NONE_HELD = "none of its crimes is in this database's street data"
NOT_HERE = "crime not held and LSOA in no area of this database"

ROWS = f"""
    , parsed AS (
        SELECT _row,{CRIME_COLUMNS},
            {sql_trimmed('"Outcome type"')} AS outcome
        FROM src),
    held AS (
        SELECT DISTINCT source_ref AS crime_id FROM incidents
        WHERE source = 'police-uk' AND source_ref IN (SELECT crime_id FROM parsed)),
    marked AS (
        SELECT p.*, h.crime_id IS NOT NULL AS _held,
            pl.lsoa_code IS NOT NULL OR coalesce(
                {DISTRICT_OF.format("p.lsoa_name")} IN (SELECT district FROM {DISTRICTS}), false) AS _here
        FROM parsed p
        LEFT JOIN held h ON h.crime_id = p.crime_id
        LEFT JOIN {PLACES} pl ON pl.lsoa_code = p.lsoa_code),
    skipped AS (
        SELECT *,
            CASE WHEN NOT bool_or(_held) OVER () THEN {text(NONE_HELD)}
                 WHEN NOT (_held OR _here) THEN {text(NOT_HERE)} END AS _skip
        FROM marked)
"""
STORED = "_skip IS NULL AND _check IS NULL"


def checks() -> list[Check]:
    return [
        Check("Crime ID", "crime_id IS NULL", "'Crime ID is blank'"),
        *(check for check in street_checks(latest_month()) if check.column in ("Month", "Falls within")),
        *coordinate_checks("Latitude", "Longitude"),
        Check("Outcome type", "outcome IS NULL", "'Outcome type is blank'"),
    ]


def prepare(con: duckdb.DuckDBPyConnection, source: Source, options: Options) -> Prepared:
    place_lsoas(con)
    district_names(con)
    rules = checks()
    select = f"""{ROWS}
        SELECT * EXCLUDE (_here),
            CASE WHEN month IS NOT NULL AND force IS NOT NULL
                 THEN 'police-uk-outcomes:' || strftime(month, '%Y-%m') || ':' || force END AS batch,
            {first_failure(rules, unless="_skip IS NOT NULL")}
        FROM skipped
    """
    rows = materialize(con, source, select, options.progress)
    batches = ForceMonths(
        con,
        "outcomes",
        STORED,
        "INSERT INTO outcomes (crime_id, month, force, batch, outcome, lsoa_code, location, latitude, longitude)"
        f" SELECT crime_id, month, force, batch, outcome, lsoa_code, location, lat, lon FROM {CHECKED}"
        f" WHERE {STORED}",
        what="outcomes",
        unit="outcome",
    )
    warnings = []
    unheld = count(con, f"{STORED} AND NOT _held")
    if unheld:
        warnings.append(
            f"{counted(unheld, 'outcome')} of crimes this database has no street row for (their months' street"
            " files were not imported): stored, and counted by `psg db check`"
        )
    prepared = checked_file(
        con,
        source,
        rules,
        rows,
        batches.apply,
        batches.changes,
        warnings,
        skipped=skip_counts(con),
        explain=lambda con: explain(con),
    )
    prepared.whose = _forces(con)
    return prepared


def _forces(con: duckdb.DuckDBPyConnection) -> str | None:
    found = [
        row[0]
        for row in con.execute(
            f"SELECT DISTINCT force FROM {CHECKED} WHERE force IS NOT NULL ORDER BY 1"
        ).fetchall()
    ]
    return ", ".join(found[:3]) + (f" and {len(found) - 3} more" if len(found) > 3 else "") if found else None


def explain(con: duckdb.DuckDBPyConnection) -> str:
    """Why no outcome of a file can be stored: its crimes are none of those held."""
    crimes, held_any = con.execute(
        f"SELECT count(DISTINCT crime_id), (SELECT count(*) FROM incidents WHERE source = 'police-uk')"
        f" FROM {CHECKED}"
    ).fetchall()[0]
    if not held_any:
        return (
            f"Its {crimes:,} crimes cannot be matched: this database holds no police.uk street rows yet."
            " Import the street files (YYYY-MM-FORCE-street.csv) first, then the outcomes."
        )
    return (
        f"None of its {crimes:,} crimes (by Crime ID) is among the police.uk street rows this database"
        " holds: import the street files of the months the crimes were recorded in first, or check this"
        " is the right force's file."
    )


POLICE_UK_OUTCOMES = Kind(
    name="police-uk-outcomes",
    prepare=prepare,
    layout=Layout(exact=POLICE_UK_OUTCOMES_COLUMNS),
    help=(
        "data.police.uk outcomes CSVs (YYYY-MM-FORCE-outcomes.csv; also read from a\n"
        "police-uk download): import the street files first; re-importing a month\n"
        "replaces it"
    ),
    folder_suffix="-outcomes.csv",
)
