"""Residents per LSOA (`population`) and the ONS LSOA 2011 -> 2021 lookup (`lsoa_changes`).

`population`: the ONS mid-year LSOA estimates as published (`LSOA 2021 Code` and `Total`; the
older 2011-LSOA files' `LSOA Code` and `All Ages` are read too) or a plain `lsoa,population`
CSV with optional `year` and `source` columns (source defaults to the file's name). Codes are
stored as the file gives them: estimates from mid-2021 on are for 2021 LSOAs, which is what the
`area_population` view expects (it maps an area's 2011 LSOAs through `lsoa_changes`). A
population must be a whole number above 0. Upserted by LSOA. An LSOA in no area of the database
(nor the 2021 successor of one) is still stored, since an area may be added later, and the
summary warns with how many and the first few codes.

`lsoa-changes`: the ONS "LSOA (2011) to LSOA (2021)" lookup, columns
`LSOA11CD,LSOA11NM,LSOA21CD,LSOA21NM,CHGIND` (other columns ignored). CHGIND is U (unchanged),
S (a 2011 LSOA split into several), M (several merged into one) or X (irregular); anything
else is rejected. Upserted by the (2011, 2021) pair. A lookup that contradicts itself, or the
pairs already stored, is refused whole with the conflicting rows named (see `contradictions`):
one code both unchanged and split would count its residents twice, or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb

from psg_tui.core.errors import DataError
from psg_tui.importing.common import (
    CHECKED,
    LSOA_PATTERN,
    Change,
    Check,
    Layout,
    Source,
    count,
    first_failure,
    sql_quoted,
    sql_trimmed,
    text,
    upsert_change,
)
from psg_tui.importing.contract import Kind, Options, Prepared, checked_file
from psg_tui.importing.reading import materialize

CHANGE_KINDS = ("U", "S", "M", "X")
SHOWN_CODES = 5
EARLIEST_YEAR = 1990


def number_sql(expr: str) -> str:
    """A count as a number: '1,234' and ' 1234 ' read as 1234; NULL when it is not a number."""
    return f"try_cast(regexp_replace({expr}, '[, ]', '', 'g') AS DOUBLE)"


def not_whole(value: str) -> str:
    return f"({value} IS NULL OR NOT isfinite({value}) OR {value} <> floor({value}))"


# The largest count an INTEGER column keeps with room to spare; a count above it is a typing
# mistake or a file's garbage, and its row is rejected (the rest of the file is kept).
MAX_STORED = 2_000_000_000


def too_large(column: str, value: str, shown_text: str, label: str, limit: int = MAX_STORED) -> Check:
    """A check rejecting a row whose whole number `value` is above `limit` (what the column's
    cast keeps), naming the value as the file gave it (`shown_text`)."""
    return Check(
        column,
        f"{value} > {limit}",
        f"'{label} ' || {sql_quoted(shown_text)} || ' is too large to store (at most {limit:,})'",
    )


def lsoa_check(column: str, value: str, label: str) -> Check:
    return Check(
        column,
        f"NOT coalesce(regexp_full_match({value}, '{LSOA_PATTERN}'), false)",
        f"'{label} ' || coalesce({sql_quoted(value)}, 'blank') || ' is not E01/W01 followed by 6 digits'",
    )


def listed(codes: list[str], total: int) -> str:
    more = f" and {total - len(codes):,} more" if total > len(codes) else ""
    return ", ".join(codes) + more


# ---------------------------------------------------------------------------- population


def prepare_population(con: duckdb.DuckDBPyConnection, source: Source, options: Options) -> Prepared:
    from datetime import date

    latest = date.today().year + 1
    checks = [
        lsoa_check("lsoa", "lsoa_code", "LSOA code"),
        Check("lsoa", "first_row < _row", "'LSOA listed again (first on row ' || first_row || ')'"),
        Check(
            "population",
            not_whole("people"),
            f"'population ' || coalesce({sql_quoted('population_text')}, 'blank') || ' is not a whole number'",
        ),
        Check(
            "population",
            "people <= 0",
            f"'population ' || {sql_quoted('population_text')} || ' must be more than 0 (an LSOA has residents)'",
        ),
        too_large("population", "people", "population_text", "population"),
        Check(
            "year",
            f"year_text IS NOT NULL AND ({not_whole('year_num')} OR year_num NOT BETWEEN {EARLIEST_YEAR}"
            f" AND {latest})",
            f"'year ' || {sql_quoted('year_text')} || ' is not a year from {EARLIEST_YEAR} to {latest}'",
        ),
    ]
    select = f"""
        , parsed AS (
            SELECT _row, upper({sql_trimmed("lsoa")}) AS lsoa_code, {sql_trimmed("population")} AS population_text,
                {number_sql(sql_trimmed("population"))} AS people, {sql_trimmed("year")} AS year_text,
                {number_sql(sql_trimmed("year"))} AS year_num,
                coalesce({sql_trimmed("source")}, $file) AS source_name
            FROM src)
        SELECT *, CASE WHEN people BETWEEN 1 AND {MAX_STORED} THEN people::INTEGER END AS population,
            CASE WHEN year_num BETWEEN {EARLIEST_YEAR} AND {latest} THEN year_num::INTEGER END AS year,
            {first_failure(checks)}
        FROM (SELECT *, min(_row) OVER (PARTITION BY lsoa_code) AS first_row FROM parsed)
    """
    rows = materialize(con, source, select, options.progress, {"file": source.path.name})
    good = "_check IS NULL"
    warnings = _unknown_lsoas(con, good)
    if source.ignored:
        warnings.append(
            f"{len(source.ignored)} column(s) not used: {listed(source.ignored[:5], len(source.ignored))}"
        )

    def apply(con: duckdb.DuckDBPyConnection) -> int:
        con.execute(
            "INSERT OR REPLACE INTO population (lsoa_code, population, year, source)"
            f" SELECT lsoa_code, population, year, source_name FROM {CHECKED} WHERE {good}"
        )
        return count(con, good)

    def changes(con: duckdb.DuckDBPyConnection) -> list[Change]:
        return [upsert_change(con, "population", "lsoa_code", "lsoa_code", good, unit="LSOA")]

    return checked_file(con, source, checks, rows, apply, changes, warnings)


def _unknown_lsoas(con: duckdb.DuckDBPyConnection, good: str) -> list[str]:
    """LSOAs in no area, directly or as the 2021 successor of an area's 2011 LSOA: stored, but said."""
    total, codes = con.execute(
        f"SELECT count(*), list(lsoa_code ORDER BY _row)[:{SHOWN_CODES}] FROM {CHECKED} WHERE {good}"
        " AND lsoa_code NOT IN (SELECT lsoa_code FROM area_lsoas)"
        " AND lsoa_code NOT IN (SELECT c.lsoa21_code FROM lsoa_changes c"
        "                       JOIN area_lsoas al ON al.lsoa_code = c.lsoa11_code)"
    ).fetchall()[0]
    if not total:
        return []
    return [
        f"{total:,} LSOA(s) are in no area of this database (stored, in case an area is added later): "
        f"{listed(codes, total)}"
    ]


# ---------------------------------------------------------------------------- lsoa-changes


def prepare_lsoa_changes(con: duckdb.DuckDBPyConnection, source: Source, options: Options) -> Prepared:
    kinds = ", ".join(text(k) for k in CHANGE_KINDS)
    checks = [
        lsoa_check("lsoa11cd", "lsoa11_code", "LSOA 2011 code"),
        lsoa_check("lsoa21cd", "lsoa21_code", "LSOA 2021 code"),
        Check(
            "chgind",
            f"change IS NULL OR change NOT IN ({kinds})",
            f"'CHGIND ' || coalesce({sql_quoted('change')}, 'blank') || ' is not one of U (unchanged), S (split),"
            " M (merged), X (irregular)'",
        ),
        Check(
            "lsoa21cd",
            "first_row < _row",
            "'this 2011 -> 2021 pair is listed again (first on row ' || first_row || ')'",
        ),
    ]
    select = f"""
        , parsed AS (
            SELECT _row, upper({sql_trimmed("lsoa11cd")}) AS lsoa11_code, {sql_trimmed("lsoa11nm")} AS lsoa11_name,
                upper({sql_trimmed("lsoa21cd")}) AS lsoa21_code, {sql_trimmed("lsoa21nm")} AS lsoa21_name,
                upper({sql_trimmed("chgind")}) AS change
            FROM src)
        SELECT *, {first_failure(checks)}
        FROM (SELECT *, min(_row) OVER (PARTITION BY lsoa11_code, lsoa21_code) AS first_row FROM parsed)
    """
    rows = materialize(con, source, select, options.progress)
    good = "_check IS NULL"
    refuse_contradictions(con, source, good)
    warnings = [
        f"row {row}: change U (unchanged) but the 2011 code {old} and the 2021 code {new} differ"
        for row, old, new in con.execute(
            f"SELECT _row, lsoa11_code, lsoa21_code FROM {CHECKED} WHERE {good} AND change = 'U'"
            " AND lsoa11_code <> lsoa21_code ORDER BY _row LIMIT 20"
        ).fetchall()
    ]

    def apply(con: duckdb.DuckDBPyConnection) -> int:
        con.execute(
            "INSERT OR REPLACE INTO lsoa_changes (lsoa11_code, lsoa11_name, lsoa21_code, lsoa21_name, change)"
            f" SELECT lsoa11_code, lsoa11_name, lsoa21_code, lsoa21_name, change FROM {CHECKED} WHERE {good}"
        )
        return count(con, good)

    def changes(con: duckdb.DuckDBPyConnection) -> list[Change]:
        pair = "lsoa11_code || ' ' || lsoa21_code"
        return [upsert_change(con, "lsoa_changes", pair, pair, good)]

    return checked_file(con, source, checks, rows, apply, changes, warnings)


CHANGE_NAMES = {"U": "unchanged", "S": "split", "M": "merged", "X": "irregular"}
SHOWN_CONFLICTS = 5
# Per code, which of its rows (the file's good rows with the pairs already stored that the file
# does not replace) cannot all be true: one code with two change indicators; an unchanged or
# merged 2011 LSOA with two 2021 successors; an unchanged or split-off 2021 LSOA with two 2011
# predecessors. On import only codes with a row from the file are named: a file is not refused
# for what an earlier import stored (`psg db check` names those).
_CONFLICTS = """
    WITH given AS ({given}),
    pairs AS (
        SELECT * FROM given
        UNION ALL
        SELECT NULL, s.lsoa11_code, s.lsoa21_code, s.change FROM lsoa_changes s
        WHERE NOT EXISTS (SELECT 1 FROM given g WHERE g.old = s.lsoa11_code AND g.new = s.lsoa21_code)),
    sides AS (
        SELECT 2011 AS year, old AS code, new AS other, _row, change FROM pairs
        UNION ALL
        SELECT 2021, new, old, _row, change FROM pairs),
    grouped AS (
        SELECT year, code, count(DISTINCT change) AS kinds, min(change) AS change,
            count(DISTINCT other) AS others, count(_row) AS from_file,
            list((_row, change, other) ORDER BY _row NULLS LAST, other) AS rows
        FROM sides GROUP BY year, code)
    SELECT year, code, kinds, change, others, rows FROM grouped
    WHERE {named} AND (kinds > 1
        OR (year = 2011 AND change IN ('U', 'M') AND others > 1)
        OR (year = 2021 AND change IN ('U', 'S') AND others > 1))
    ORDER BY list_min(list_transform(rows, lambda r: r[1])), year, code
"""


def refuse_contradictions(con: duckdb.DuckDBPyConnection, source: Source, good: str) -> None:
    """Refuse the whole file when its rows (with the lookup already stored) contradict each other,
    naming each code and its rows: nothing is imported."""
    given = f"SELECT _row, lsoa11_code AS old, lsoa21_code AS new, change FROM {CHECKED} WHERE {good}"
    found = con.execute(_CONFLICTS.format(given=given, named="from_file > 0")).fetchall()
    if not found:
        return
    lines = [
        _conflict(year, code, kinds, change, others, rows)
        for year, code, kinds, change, others, rows in found
    ]
    more = f"; and {len(lines) - SHOWN_CONFLICTS} more" if len(lines) > SHOWN_CONFLICTS else ""
    raise DataError(
        f"{source.path} contradicts itself{' or the lookup already stored' if _any_stored(found) else ''}, "
        f"so nothing was imported: {'; '.join(lines[:SHOWN_CONFLICTS])}{more}.",
        "Each 2011 LSOA is unchanged (U, one 2021 code), split (S), merged (M) or irregular (X), and so is "
        "each 2021 LSOA; the ONS file is consistent, so download it again or correct those rows "
        "(row 1 = the first row after the header).",
    )


def stored_contradictions(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Each code on which the stored lookup contradicts itself, with its rows (for `psg db check`:
    a database changed by hand, or filled before imports refused such a lookup)."""
    nothing = "SELECT NULL::BIGINT AS _row, NULL AS old, NULL AS new, NULL AS change WHERE false"
    found = con.execute(_CONFLICTS.format(given=nothing, named="true")).fetchall()
    return [_conflict(*row, stored="stored") for row in found]


def _any_stored(found: list[tuple[Any, ...]]) -> bool:
    return any(row[0] is None for *_, rows in found for row in rows)


def _conflict(
    year: int,
    code: str,
    kinds: int,
    change: str,
    others: int,
    rows: list[Any],
    *,
    stored: str = "already stored",
) -> str:
    if kinds > 1:
        problem = "has more than one change indicator"
    elif year == 2011:
        problem = f"is {change} ({CHANGE_NAMES[change]}) but has {others} 2021 codes"
    else:
        problem = f"is {change} ({CHANGE_NAMES[change]}) but has {others} 2011 codes"
    arrow = "->" if year == 2011 else "<-"
    shown_rows = ", ".join(
        f"{'row ' + str(row) if row is not None else stored}: {kind} {arrow} {code_}"
        for row, kind, code_ in (_fields(r) for r in rows[:SHOWN_CODES])
    )
    return f"the {year} LSOA {code} {problem} ({shown_rows})"


def _fields(row: dict[str, Any] | Sequence[Any]) -> tuple[int | None, str, str]:
    row_, kind, code = row.values() if isinstance(row, dict) else row
    return row_, kind, code


LSOA_CHANGES = Kind(
    name="lsoa-changes",
    prepare=prepare_lsoa_changes,
    layout=Layout(required=("lsoa11cd", "lsoa21cd", "chgind"), optional=("lsoa11nm", "lsoa21nm")),
    help=(
        "the ONS LSOA 2011 -> 2021 lookup: LSOA11CD,LSOA11NM,LSOA21CD,LSOA21NM,CHGIND\n"
        "(CHGIND U unchanged, S split, M merged, X irregular); import it before imd"
    ),
    places=True,
)


# ONS mid-year LSOA estimates (sapelsoasyoa: `LSOA 2021 Code`, `Total`; before mid-2021,
# 2011 LSOAs: `LSOA Code`, `All Ages`) or a plain lsoa,population CSV.
POPULATION = Kind(
    name="population",
    prepare=prepare_population,
    layout=Layout(
        required=("lsoa", "population"),
        optional=("year", "source"),
        aliases={
            "lsoa": ("lsoa_code", "LSOA 2021 Code", "LSOA21CD", "LSOA code (2021)", "LSOA Code", "LSOA11CD"),
            "population": ("Total", "All Ages", "all_ages"),
        },
    ),
    help=(
        "ONS mid-year LSOA estimates (LSOA 2021 Code,...,Total; or LSOA Code,All Ages)\n"
        "or lsoa,population[,year,source]; population a whole number above 0; LSOAs in\n"
        "no area are stored and listed in a warning; upserted by LSOA"
    ),
)
