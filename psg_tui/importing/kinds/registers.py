"""Closure order, PSPO and PSPO breach registers: small CSVs, upserted by id, with the law's limits.

Anti-social Behaviour, Crime and Policing Act 2014: a closure notice lasts at most 48 hours
(a court may keep it in force while a hearing is adjourned, hence only a warning); a closure
order lasts up to 3 months and, extended, at most 6 months in all; a PSPO lasts at most
3 years per making or extension. Breaches are checked against their PSPO's dates and
prohibitions. A warning is stored with the row; a reject is not stored.
"""

from __future__ import annotations

import duckdb

from psg_tui.importing.common import (
    KNOWN_AREAS,
    UNKNOWN_AREAS,
    Check,
    Layout,
    Source,
    date_sql,
    first_failure,
    list_sql,
    row_warnings,
    sql_quoted,
    sql_trimmed,
)
from psg_tui.importing.contract import Kind, Options, Prepared, upserted_by_id
from psg_tui.importing.reading import materialize

CLOSURE_KINDS = ("notice", "order")
CLOSURE_STATUSES = ("notice-served", "granted", "extended", "expired", "discharged", "refused")
BREACH_OUTCOMES = ("advice", "warning", "fpn-issued", "fpn-paid", "prosecution")


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def _one_of(column: str, values: tuple[str, ...]) -> Check:
    return Check(
        column,
        f"{column} IS NULL OR {column} NOT IN {_in(values)}",
        f"'{column} ' || coalesce({sql_quoted(column)}, 'blank') || ' is not one of {', '.join(values)}'",
    )


def _date(column: str, *, optional: bool = False) -> Check:
    cond = f"{column}_text IS NOT NULL AND {column} IS NULL" if optional else f"{column} IS NULL"
    reason = (
        f"'{column} ' || coalesce({sql_quoted(column + '_text')}, 'blank') || ' is not a date (YYYY-MM-DD)'"
    )
    return Check(column, cond, reason)


def _common(column: str = "id") -> list[Check]:
    return [
        Check(column, f"{column} IS NULL", f"'{column} is blank'"),
        Check(column, "first_row < _row", f"'{column} listed again (first on row ' || first_row || ')'"),
    ]


def _unknown_area(column: str = "area") -> Check:
    return Check(
        column, "known_area IS NULL", f"'unknown area ' || coalesce({sql_quoted(column)}, '(blank)')"
    )


def prepare_closure_orders(con: duckdb.DuckDBPyConnection, source: Source, options: Options) -> Prepared:
    checks = [
        *_common(),
        Check("premises", "premises IS NULL", "'premises is blank'"),
        _unknown_area(),
        _one_of("kind", CLOSURE_KINDS),
        _date("issued"),
        _date("hearing", optional=True),
        _date("expires", optional=True),
        _one_of("status", CLOSURE_STATUSES),
        Check("expires", "expires < issued", "'expires ' || expires || ' is before issued ' || issued"),
        Check("hearing", "hearing < issued", "'hearing ' || hearing || ' is before issued ' || issued"),
        Check(
            "expires",
            "kind = 'order' AND expires > issued + INTERVAL 6 MONTH",
            "'a closure order cannot last more than 6 months in all (issued ' || issued || ', expires ' || expires || ')'",
        ),
    ]
    select = f"""
        , parsed AS (
            SELECT _row, {sql_trimmed("id")} AS id, {sql_trimmed("premises")} AS premises, {sql_trimmed("area")} AS area,
                lower({sql_trimmed("kind")}) AS kind, {sql_trimmed("issued")} AS issued_text, {sql_trimmed("hearing")} AS hearing_text,
                {sql_trimmed("expires")} AS expires_text, lower({sql_trimmed("status")}) AS status,
                {sql_trimmed("applicant")} AS applicant
            FROM src),
        typed AS (
            SELECT *, {date_sql("issued_text")} AS issued, {date_sql("hearing_text")} AS hearing,
                {date_sql("expires_text")} AS expires, min(_row) OVER (PARTITION BY id) AS first_row
            FROM parsed p LEFT JOIN {KNOWN_AREAS} a ON a.known_area = p.area)
        SELECT *, area AS area_id, {first_failure(checks)} FROM typed
    """
    rows = materialize(con, source, select, options.progress)
    warnings = row_warnings(
        con,
        [
            (
                "kind = 'notice' AND expires > issued + INTERVAL 2 DAY",
                "'closure notice lasts more than 48 hours (issued ' || issued || ', expires ' || expires"
                " || '); only a court adjourning the hearing can extend it'",
            ),
            (
                "kind = 'notice' AND hearing > issued + INTERVAL 2 DAY",
                "'hearing ' || hearing || ' is more than 48 hours after the notice was issued ' || issued",
            ),
            (
                "kind = 'order' AND status <> 'extended' AND expires > issued + INTERVAL 3 MONTH",
                "'closure order lasts more than 3 months (issued ' || issued || ', expires ' || expires"
                " || ') but its status is ' || status || ', not extended'",
            ),
        ],
    )
    columns = ["id", "premises", "area_id", "kind", "issued", "hearing", "expires", "status", "applicant"]
    return upserted_by_id(con, source, checks, rows, "closure_orders", [(c, c) for c in columns], warnings)


def prepare_pspos(con: duckdb.DuckDBPyConnection, source: Source, options: Options) -> Prepared:
    checks = [
        *_common(),
        Check("name", "name IS NULL", "'name is blank'"),
        _date("made"),
        _date("expires"),
        Check("expires", "expires <= made", "'expires ' || expires || ' is not after made ' || made"),
        Check(
            "expires",
            "expires > made + INTERVAL 3 YEAR",
            "'a PSPO lasts at most 3 years per making or extension (made ' || made || ', expires ' || expires || ')'",
        ),
        Check("prohibitions", "len(prohibitions) = 0", "'no prohibitions listed (separate them with ;)'"),
        Check("areas", "len(area_ids) = 0", "'no areas listed (separate area ids with ;)'"),
        Check("areas", "unknown_areas IS NOT NULL", "'unknown area(s): ' || unknown_areas"),
    ]
    select = f"""
        , parsed AS (
            SELECT _row, {sql_trimmed("id")} AS id, {sql_trimmed("name")} AS name, {sql_trimmed("made")} AS made_text,
                {sql_trimmed("expires")} AS expires_text, {list_sql('"prohibitions"')} AS prohibitions,
                {list_sql('"areas"')} AS area_ids
            FROM src),
        {UNKNOWN_AREAS},
        typed AS (
            SELECT p.*, u.unknown_areas, {date_sql("made_text")} AS made, {date_sql("expires_text")} AS expires,
                min(p._row) OVER (PARTITION BY p.id) AS first_row
            FROM parsed p LEFT JOIN unknown u USING (_row))
        SELECT *, {first_failure(checks)} FROM typed
    """
    rows = materialize(con, source, select, options.progress)
    columns = ["id", "name", "made", "expires", "prohibitions", "area_ids"]
    return upserted_by_id(con, source, checks, rows, "pspos", [(c, c) for c in columns], [])


def prepare_breaches(con: duckdb.DuckDBPyConnection, source: Source, options: Options) -> Prepared:
    checks = [
        *_common(),
        Check("pspo", "pspo_id IS NULL", "'pspo is blank'"),
        Check(
            "pspo",
            "pspo_made IS NULL",
            f"'unknown PSPO ' || {sql_quoted('pspo_id')} || ' (import the pspos register first)'",
        ),
        _date("occurred"),
        _unknown_area(),
        Check("prohibition", "prohibition IS NULL", "'prohibition is blank'"),
        _one_of("outcome", BREACH_OUTCOMES),
    ]
    select = f"""
        , parsed AS (
            SELECT _row, {sql_trimmed("id")} AS id, {sql_trimmed("pspo")} AS pspo_id, {sql_trimmed("occurred")} AS occurred_text,
                {sql_trimmed("area")} AS area, {sql_trimmed("location")} AS location, {sql_trimmed("prohibition")} AS prohibition,
                lower({sql_trimmed("outcome")}) AS outcome
            FROM src),
        typed AS (
            SELECT p.*, a.known_area, {date_sql("occurred_text")} AS occurred, min(p._row) OVER (PARTITION BY p.id)
                AS first_row, s.made AS pspo_made, s.expires AS pspo_expires, s.prohibitions AS pspo_prohibitions
            FROM parsed p LEFT JOIN {KNOWN_AREAS} a ON a.known_area = p.area
            LEFT JOIN (SELECT id AS pspo_key, made, expires, prohibitions FROM pspos) s ON s.pspo_key = p.pspo_id)
        SELECT *, area AS area_id, {first_failure(checks)} FROM typed
    """
    rows = materialize(con, source, select, options.progress)
    warnings = row_warnings(
        con,
        [
            (
                "occurred NOT BETWEEN pspo_made AND pspo_expires",
                "'breach on ' || occurred || ' is outside PSPO ' || pspo_id || ' (' || pspo_made || ' to ' || pspo_expires || ')'",
            ),
            (
                "NOT list_contains(list_transform(pspo_prohibitions, lambda x: lower(x)), lower(prohibition))",
                f"'prohibition ' || {sql_quoted('prohibition')} || ' is not one of PSPO ' || pspo_id || '''s: '"
                " || array_to_string(pspo_prohibitions, '; ')",
            ),
        ],
    )
    columns = ["id", "pspo_id", "occurred", "area_id", "location", "prohibition", "outcome"]
    return upserted_by_id(con, source, checks, rows, "pspo_breaches", [(c, c) for c in columns], warnings)


CLOSURE_ORDERS = Kind(
    name="closure-orders",
    prepare=prepare_closure_orders,
    layout=Layout(
        required=("id", "premises", "area", "kind", "issued", "status"),
        optional=("hearing", "expires", "applicant"),
    ),
    help=("id,premises,area,kind,issued,hearing,expires,status,applicant"),
    warn_unused=True,
)


PSPOS = Kind(
    name="pspos",
    prepare=prepare_pspos,
    layout=Layout(required=("id", "name", "made", "expires", "prohibitions", "areas")),
    help=("id,name,made,expires,prohibitions,areas (lists separated by ;)"),
    warn_unused=True,
)


PSPO_BREACHES = Kind(
    name="pspo-breaches",
    prepare=prepare_breaches,
    layout=Layout(
        required=("id", "pspo", "occurred", "area", "prohibition", "outcome"), optional=("location",)
    ),
    help=("id,pspo,occurred,area,location,prohibition,outcome"),
    warn_unused=True,
)
