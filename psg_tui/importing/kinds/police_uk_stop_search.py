"""data.police.uk stop-and-search files: one force and month of searches, with the file's own
columns and no LSOA.

The file names neither its force nor its month in its columns: they come from its download
name (YYYY-MM-FORCE-stop-and-search.csv; the force as the street files of this database name it
when one matches, 'Cleveland Police' for 'cleveland'), else from each search's Date and the
file's name. A search is placed at the LSOA of the street-level incidents on the same anonymised
map point (police.uk snaps both to the same points); one whose point no street row shares, or
with no coordinates, is kept without a place and counted (a street file imported later that has
its point places it: `derived.place_searches`). Searches placed in an LSOA of no area
of the database are skipped; a file none of whose searches is placed in its areas is skipped
whole (another force's, or imported before the street files): of a download it is left out and
named, alone it is refused. A file replaces the (month, force) batches it holds
('police-uk-stop-and-search:2024-03:Cleveland Police').
"""

from __future__ import annotations

import re

import duckdb

from psg_tui.importing.common import (
    CHECKED,
    PLACES,
    Check,
    Layout,
    Source,
    count,
    first_failure,
    latest_month,
    skip_counts,
    sql_quoted,
    sql_trimmed,
    text,
)
from psg_tui.importing.contract import (
    Kind,
    Options,
    Prepared,
    checked_file,
    coordinate_checks,
    coordinate_columns,
    place_lsoas,
)
from psg_tui.importing.kinds.columns import POLICE_UK_STOP_SEARCH_COLUMNS
from psg_tui.importing.kinds.force_months import ForceMonths
from psg_tui.importing.kinds.police_uk import FIRST_MONTH
from psg_tui.importing.reading import materialize

DOWNLOAD_NAME = re.compile(r"^([0-9]{4}-(?:0[1-9]|1[0-2]))-(.+)-stop-and-search\.csv$", re.IGNORECASE)
NONE_PLACED = "none of its searches is at a map point of this database's areas"
ELSEWHERE = "at a map point of an LSOA in no area of this database"
STORED = "_skip IS NULL AND _check IS NULL"


def _flag(column: str) -> str:
    """True/False (any case; also yes/no) as a BOOLEAN; blank and anything else NULL (checked apart)."""
    value = f"lower({sql_trimmed(column)})"
    return f"CASE WHEN {value} IN ('true', 'yes') THEN true WHEN {value} IN ('false', 'no') THEN false END"


FLAGS = {
    "part_of_operation": '"Part of a policing operation"',
    "outcome_linked": '"Outcome linked to object of search"',
    "removal_of_clothing": '"Removal of more than just outer clothing"',
}


def _select(month: str | None) -> str:
    """The checked rows: parsed, placed through the street rows' map points, skipped or checked
    (`$force`, bound: it may be the file's own name)."""
    file_month = f"DATE '{month}-01'" if month else "NULL::DATE"
    flags = ",\n".join(
        f"{_flag(column)} AS {name}, {sql_trimmed(column)} AS {name}_text" for name, column in FLAGS.items()
    )
    rules = checks()
    return f"""
    , parsed AS (
        SELECT _row,
            {sql_trimmed('"Type"')} AS type,
            {sql_trimmed('"Date"')} AS date_text,
            timezone('UTC', try_cast({sql_trimmed('"Date"')} AS TIMESTAMPTZ)) AS occurred,
            {sql_trimmed('"Policing operation"')} AS policing_operation,
            {coordinate_columns('"Latitude"', '"Longitude"')},
            {sql_trimmed('"Gender"')} AS gender,
            {sql_trimmed('"Age range"')} AS age_range,
            {sql_trimmed('"Self-defined ethnicity"')} AS self_defined_ethnicity,
            {sql_trimmed('"Officer-defined ethnicity"')} AS officer_defined_ethnicity,
            {sql_trimmed('"Legislation"')} AS legislation,
            {sql_trimmed('"Object of search"')} AS object_of_search,
            {sql_trimmed('"Outcome"')} AS outcome,
            {flags}
        FROM src),
    points AS (
        SELECT latitude, longitude, min(lsoa_code) AS lsoa_code FROM incidents
        WHERE source = 'police-uk' AND lsoa_code IS NOT NULL
          AND latitude IN (SELECT lat FROM parsed) AND longitude IN (SELECT lon FROM parsed)
        GROUP BY latitude, longitude),
    placed AS (
        SELECT p.*, pt.lsoa_code, pl.lsoa_code IS NOT NULL AS _here,
            coalesce({file_month}, date_trunc('month', p.occurred)::DATE) AS month,
            $force::VARCHAR AS force
        FROM parsed p
        LEFT JOIN points pt ON pt.latitude = p.lat AND pt.longitude = p.lon
        LEFT JOIN {PLACES} pl ON pl.lsoa_code = pt.lsoa_code),
    skipped AS (
        SELECT *,
            CASE WHEN NOT bool_or(_here) OVER () THEN {text(NONE_PLACED)}
                 WHEN lsoa_code IS NOT NULL AND NOT _here THEN {text(ELSEWHERE)} END AS _skip
        FROM placed)
    SELECT *,
        CASE WHEN month IS NOT NULL THEN 'police-uk-stop-and-search:' || strftime(month, '%Y-%m') || ':' || force END
            AS batch,
        {first_failure(rules, unless="_skip IS NOT NULL")}
    FROM skipped
    """


def checks() -> list[Check]:
    last = latest_month()
    return [
        Check("Type", "type IS NULL", "'Type is blank'"),
        Check(
            "Date",
            "occurred IS NULL",
            f"'Date ' || coalesce({sql_quoted('date_text')}, 'blank') || ' is not a date and time"
            " (2021-08-01T10:15:00+00:00)'",
        ),
        Check(
            "Date",
            f"occurred < TIMESTAMP '{FIRST_MONTH}' OR occurred >= TIMESTAMP '{last}' + INTERVAL 1 MONTH",
            f"'Date ' || {sql_quoted('date_text')} || ' is outside police.uk''s range ({FIRST_MONTH:%Y-%m} to"
            f" {last:%Y-%m})'",
        ),
        *coordinate_checks("Latitude", "Longitude"),
        *(
            Check(
                POLICE_UK_STOP_SEARCH_COLUMNS[index],
                f"{name}_text IS NOT NULL AND {name} IS NULL",
                f"{text(POLICE_UK_STOP_SEARCH_COLUMNS[index] + ' ')} || {sql_quoted(name + '_text')}"
                " || ' is not True or False'",
            )
            for name, index in (("part_of_operation", 2), ("outcome_linked", 13), ("removal_of_clothing", 14))
        ),
    ]


def force_of(con: duckdb.DuckDBPyConnection, slug: str) -> str:
    """The force a download name's slug stands for, as this database's street files name it."""
    forces = [
        row[0]
        for row in con.execute(
            "SELECT DISTINCT regexp_extract(batch, '^police-uk:[^:]*:(.*)$', 1) FROM incidents"
            " WHERE source = 'police-uk' ORDER BY 1"
        ).fetchall()
        if row[0]
    ]
    wanted = _slug(slug)
    return next(
        (f for f in forces if _slug(f) == wanted or _slug(f).startswith(wanted + "-")),
        slug,
    )


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def prepare(con: duckdb.DuckDBPyConnection, source: Source, options: Options) -> Prepared:
    place_lsoas(con)
    named = DOWNLOAD_NAME.match(source.path.name)
    month, force = (named.group(1), force_of(con, named.group(2))) if named else (None, source.path.stem)
    rules = checks()
    rows = materialize(con, source, _select(month), options.progress, params={"force": force})
    batches = ForceMonths(
        con,
        "stop_searches",
        STORED,
        "INSERT INTO stop_searches (id, batch, force, month, occurred, type, part_of_operation,"
        " policing_operation, latitude, longitude, lsoa_code, gender, age_range, self_defined_ethnicity,"
        " officer_defined_ethnicity, legislation, object_of_search, outcome, outcome_linked, removal_of_clothing)"
        " SELECT 'pss:' || strftime(month, '%Y-%m') || ':' || "
        f"{text(_slug(force))} || ':' || _row, batch, force, month, occurred, type, part_of_operation,"
        " policing_operation, lat, lon, lsoa_code, gender, age_range, self_defined_ethnicity,"
        " officer_defined_ethnicity, legislation, object_of_search, outcome, outcome_linked, removal_of_clothing"
        f" FROM {CHECKED} WHERE {STORED}",
        what="stop and search",
        unit="row",
    )
    warnings = []
    unplaced = count(con, f"{STORED} AND lsoa_code IS NULL")
    if unplaced:
        warnings.append(
            f"{unplaced:,} search{'' if unplaced == 1 else 'es'} could not be placed (no street row of this database shares their map"
            " point, as for searches in the force's other districts, or they have no coordinates): stored"
            " without an LSOA, so no area shows them"
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
    prepared.whose = force
    return prepared


def explain(con: duckdb.DuckDBPyConnection) -> str:
    """Why no search of a file can be stored: none is at a map point of the areas' street rows."""
    held = con.execute("SELECT count(*) FROM incidents WHERE source = 'police-uk'").fetchall()[0][0]
    if not held:
        return (
            "A search is placed through the street rows on its map point, and this database holds no"
            " police.uk street rows yet: import the street files (YYYY-MM-FORCE-street.csv) first."
        )
    return (
        "A search is placed through the street rows on its map point, and none of this file's points is"
        " one of the street rows in this database's areas: check this is the right force's file, or import"
        " the street files of its months first."
    )


POLICE_UK_STOP_SEARCH = Kind(
    name="police-uk-stop-and-search",
    prepare=prepare,
    layout=Layout(exact=POLICE_UK_STOP_SEARCH_COLUMNS),
    help=(
        "data.police.uk stop-and-search CSVs (YYYY-MM-FORCE-stop-and-search.csv; also\n"
        "read from a police-uk download), placed through the street files' map points:\n"
        "import the street files first; re-importing a month replaces it"
    ),
    folder_suffix="-stop-and-search.csv",
)
