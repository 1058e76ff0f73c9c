"""`psg db check` for the evidence tables: population, deprivation, the LSOA lookup, the survey.

Rates need every area's residents, fair comparison needs deprivation on the same LSOAs, and
areas built from 2011 LSOAs need the 2011 -> 2021 lookup to reach 2021 estimates. Each finding
says what is missing and which import fills it. A database with none of them is still ready
for a meeting (the dashboard shows counts without rates), so their absence is information; gaps
in what was imported are warnings; rows pointing at areas that do not exist, and a lookup that
contradicts itself, are errors.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import duckdb

from psg_tui.importing.derived import LINKS, places_out_of_step
from psg_tui.importing.kinds.population import stored_contradictions

SHOWN = 5

T = TypeVar("T")
# add(severity, topic, message): one finding.
Add = Callable[[str, str, str], None]


def evidence_findings(
    con: duckdb.DuckDBPyConnection, finding: Callable[[str, str, str], T], severities: tuple[str, str, str]
) -> list[T]:
    """Findings (made with `finding(severity, topic, message)`) about the evidence tables."""
    error, warning, info = severities
    found: list[T] = []

    def add(severity: str, topic: str, message: str) -> None:
        found.append(finding(severity, topic, message))

    areas = _one(con, "SELECT count(*) FROM areas WHERE id IN (SELECT area_id FROM area_lsoas)")
    _lookup(con, add, error, warning, info)
    _placement(con, add, error, warning, info)
    _population(con, add, warning, info, areas)
    _deprivation(con, add, warning, info, areas)
    _survey(con, add, error, info)
    return found


def _one(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, object] | None = None) -> Any:
    return con.execute(sql, params or {}).fetchall()[0][0]


def _areas(n: int, verb: str = "have") -> str:
    singular = {"have": "has", "are": "is"}[verb]
    return f"{n:,} area {singular}" if n == 1 else f"{n:,} areas {verb}"


def _examples(values: list[str], total: int) -> str:
    more = f" and {total - len(values):,} more" if total > len(values) else ""
    return ", ".join(values) + more


def _lookup(con: duckdb.DuckDBPyConnection, add: Add, error: str, warning: str, info: str) -> None:
    rows, by_change = con.execute(
        "SELECT count(*), string_agg(change || ' ' || n, ', ' ORDER BY change) FROM"
        " (SELECT change, count(*) AS n FROM lsoa_changes GROUP BY change)"
    ).fetchall()[0]
    if rows:
        total = _one(con, "SELECT count(*) FROM lsoa_changes")
        add(info, "lsoa_changes", f"LSOA 2011 -> 2021 lookup loaded: {total:,} rows ({by_change})")
        conflicts = stored_contradictions(con)
        if conflicts:
            more = f"; and {len(conflicts) - SHOWN} more" if len(conflicts) > SHOWN else ""
            add(
                error,
                "lsoa_changes",
                f"the LSOA 2011 -> 2021 lookup contradicts itself, so areas on those codes may lose their "
                f"rates: {'; '.join(conflicts[:SHOWN])}{more}. Import the ONS lookup again, whole",
            )
        return
    stranded = _one(
        con,
        "SELECT count(DISTINCT lsoa_code) FROM area_lsoas WHERE lsoa_code NOT IN (SELECT lsoa_code FROM population)",
    )
    if stranded and _one(con, "SELECT count(*) FROM population"):
        add(
            warning,
            "lsoa_changes",
            f"no LSOA 2011 -> 2021 lookup, and {stranded:,} area LSOAs have no population estimate: if they "
            "are 2011 codes, import the ONS lookup (lsoa-changes) so they reach the 2021 estimates",
        )


def _placement(con: duckdb.DuckDBPyConnection, add: Add, error: str, warning: str, info: str) -> None:
    """Incidents whose LSOA code no area holds (a Census apart from the areas, most often), and
    those the lookup placed by rule (lsoa_places: the lowest-coded of several area LSOAs)."""
    stale = places_out_of_step(con)
    if stale:
        add(
            error,
            "placement",
            f"lsoa_places is out of step with the areas' LSOAs and the lookup ({stale:,} rows differ), so"
            " incidents may be shown in the wrong areas: the database was changed outside psg; rebuild it"
            " with `psg db rebuild DB`",
        )
    months, codes, total, rows = con.execute(
        "SELECT list(DISTINCT strftime(month, '%Y-%m') ORDER BY 1), list(DISTINCT lsoa_code ORDER BY lsoa_code)[:$n],"
        " count(DISTINCT lsoa_code), count(*) FROM incidents"
        " WHERE lsoa_code IS NOT NULL AND lsoa_code NOT IN (SELECT lsoa_code FROM lsoa_places)"
        " AND (area_id IS NULL OR area_id NOT IN (SELECT id FROM areas))",
        {"n": SHOWN},
    ).fetchall()[0]
    if rows:
        lookup = _one(con, "SELECT count(*) FROM lsoa_changes")
        fix = (
            "they are not in the LSOA 2011 -> 2021 lookup either: import the whole ONS lookup (lsoa-changes)"
            " or add them to an area (area-lsoas)"
            if lookup
            else "if they are codes of the other Census (2021 codes beside 2011 areas, or the reverse), import"
            " the ONS LSOA 2011 -> 2021 lookup (lsoa-changes) to place them"
        )
        add(
            warning,
            "placement",
            f"{rows:,} incidents in {_month_span(months)} cannot be placed in any area: their LSOA codes"
            f" ({_examples(codes, total)}) are in no area; {fix}",
        )
    through, by_rule, rule_codes = con.execute(
        f"WITH links AS ({LINKS}),"
        " shared AS (SELECT lsoa_code FROM lsoa_places WHERE how = 'lookup' AND candidates > 1),"
        " candidate_areas AS (SELECT l.code, l.other, list(al.area_id ORDER BY al.area_id) AS areas"
        "   FROM links l JOIN area_lsoas al ON al.lsoa_code = l.other"
        "   WHERE l.code IN (SELECT lsoa_code FROM shared) GROUP BY l.code, l.other),"
        " differing AS (SELECT code FROM candidate_areas GROUP BY code HAVING count(DISTINCT areas) > 1)"
        " SELECT count(*) FILTER (WHERE p.how = 'lookup'), count(*) FILTER (WHERE d.code IS NOT NULL),"
        "   count(DISTINCT d.code)"
        " FROM incidents i JOIN lsoa_places p ON p.lsoa_code = i.lsoa_code LEFT JOIN differing d ON d.code = i.lsoa_code"
    ).fetchall()[0]
    if through:
        add(info, "placement", f"{through:,} incidents placed in areas through the LSOA 2011 -> 2021 lookup")
    if by_rule:
        add(
            info,
            "placement",
            f"{by_rule:,} incidents in {rule_codes:,} LSOAs that the 2011 -> 2021 change split or merged across"
            " areas were placed by rule in the lowest-coded of the area LSOAs they match (see lsoa_places in"
            " schema.sql): the areas sharing those LSOAs may each be over or under by up to that many",
        )


def _month_span(months: list[str]) -> str:
    if len(months) == 1:
        return months[0]
    return f"{len(months)} months ({months[0]} to {months[-1]})"


def _population(con: duckdb.DuckDBPyConnection, add: Add, warning: str, info: str, areas: int) -> None:
    lsoas = _one(con, "SELECT count(*) FROM population")
    if not lsoas:
        if areas:
            add(
                info,
                "population",
                "no population estimates: rates per 1,000 residents cannot be shown; import the ONS "
                "mid-year LSOA estimates (population)",
            )
        return
    years = _one(con, "SELECT string_agg(DISTINCT coalesce(year::VARCHAR, '?'), ', ') FROM population")
    add(info, "population", f"{lsoas:,} LSOAs with a population estimate (year {years})")
    total, names = con.execute(
        "SELECT count(*), list(a.id ORDER BY a.id)[:$n] FROM areas a"
        " LEFT JOIN area_population p ON p.area_id = a.id WHERE a.id IN (SELECT area_id FROM area_lsoas)"
        " AND p.population IS NULL",
        {"n": SHOWN},
    ).fetchall()[0]
    if total:
        add(warning, "population", f"{_areas(total)} no population (no rate): {_examples(names, total)}")
    total, names = con.execute(
        "SELECT count(*), list(area_id || ' (' || without_population || ' of ' || lsoas || ')'"
        " ORDER BY area_id)[:$n] FROM area_population WHERE population IS NOT NULL AND without_population > 0",
        {"n": SHOWN},
    ).fetchall()[0]
    if total:
        add(
            warning,
            "population",
            f"{_areas(total)} LSOAs without an estimate, so their population is too low: "
            f"{_examples(names, total)}",
        )
    total, names = con.execute(
        "SELECT count(*), list(area_id ORDER BY area_id)[:$n] FROM area_population WHERE approximate",
        {"n": SHOWN},
    ).fetchall()[0]
    if total:
        add(
            info,
            "population",
            f"{_areas(total, 'are')} approximate in population (a merged 2021 LSOA shared with another area): "
            f"{_examples(names, total)}",
        )


def _deprivation(con: duckdb.DuckDBPyConnection, add: Add, warning: str, info: str, areas: int) -> None:
    editions = con.execute("SELECT edition, count(*) FROM imd GROUP BY edition ORDER BY edition").fetchall()
    if not editions:
        if areas:
            add(
                info,
                "imd",
                "no Indices of Deprivation: areas cannot be compared by deprivation; import the IoD LSOA file (imd)",
            )
        return
    for edition, lsoas in editions:
        covered = _one(
            con,
            "SELECT count(*) FROM area_deprivation WHERE edition = $e AND mean_decile IS NOT NULL",
            {"e": edition},
        )
        add(
            info,
            "imd",
            f"IMD {edition}: {lsoas:,} LSOAs; {covered:,} of {areas:,} areas have a deprivation figure",
        )
        missing = _one(
            con,
            "SELECT count(DISTINCT x.area_id || ' ' || x.lsoa_code) FROM area_lsoa_parts x"
            " WHERE x.lsoa21_code NOT IN (SELECT lsoa_code FROM imd WHERE edition = $e)",
            {"e": edition},
        )
        if missing:
            add(
                warning,
                "imd",
                f"IMD {edition}: {missing:,} area LSOAs have no decile (import the whole file, or the "
                "lsoa-changes lookup for 2011 codes)",
            )


def _survey(con: duckdb.DuckDBPyConnection, add: Add, error: str, info: str) -> None:
    for wave, wave_date, rows, topics, areas in con.execute(
        "SELECT wave, min(wave_date), count(*), string_agg(DISTINCT topic, ', ' ORDER BY topic),"
        " count(DISTINCT area_id) FROM survey GROUP BY wave ORDER BY min(wave_date), wave"
    ).fetchall():
        add(info, "survey", f"{wave} ({wave_date:%Y-%m}): {rows:,} rows, {areas} area(s), topics {topics}")
    total, names = con.execute(
        "SELECT count(*), list(DISTINCT area_id ORDER BY area_id)[:$n] FROM survey"
        " WHERE area_id <> 'all' AND area_id NOT IN (SELECT id FROM areas)",
        {"n": SHOWN},
    ).fetchall()[0]
    if total:
        add(error, "survey", f"{total:,} survey rows for unknown areas (e.g. {', '.join(names)})")
