"""What residents say (`survey`): per wave, area and topic, how many answered and how many agreed.

Columns `wave,area,topic,respondents,agreeing` and optionally `wave_date` (or `date`). A wave is
a date (YYYY-MM-DD, or YYYY-MM for its month's first day) or a label ("Community safety survey
2026") whose date is given in `wave_date`; the wave is stored as written and its date orders the
waves. `area` is an area id of the database or `all` (the whole district); unknown areas are
rejected. `topic` is a slug (drugs, feel-less-safe, asb-victim, street-drinking, sex-work; 'Feel
less safe' is read as feel-less-safe). `respondents` is a whole number above 0 and `agreeing` a
whole number from 0 to respondents: more agreeing than answered is rejected.

Upserted by (wave, area, topic). One wave has one date: rows of a wave whose date differs from
its first row's in the file are rejected; a wave stored with another date takes this file's date
on all its rows, with a warning (a corrected fieldwork month).
"""

from __future__ import annotations

from datetime import date

import duckdb

from psg_tui.importing.common import (
    CHECKED,
    Change,
    Check,
    Layout,
    Source,
    count,
    date_sql,
    first_failure,
    latest_month,
    sql_quoted,
    sql_trimmed,
    upsert_change,
)
from psg_tui.importing.contract import Kind, Options, Prepared, checked_file
from psg_tui.importing.kinds.population import MAX_STORED, not_whole, number_sql, too_large
from psg_tui.importing.reading import materialize

DISTRICT = "all"
TOPIC_PATTERN = "[a-z0-9]+(-[a-z0-9]+)*"
EARLIEST = "1990-01-01"
KEY = "wave || chr(31) || area_id || chr(31) || topic"


def wave_date_sql(expr: str) -> str:
    """A day, a UK day (DD/MM/YYYY) or a month (YYYY-MM: its first day) as a DATE, else NULL."""
    return (
        f"CASE WHEN regexp_full_match({expr}, '[0-9]{{4}}-[0-9]{{1,2}}')"
        f" THEN try_strptime({expr} || '-01', '%Y-%m-%d')::DATE ELSE {date_sql(expr)} END"
    )


def survey_checks(last: date) -> list[Check]:
    """The checks on a survey file's rows; `last` is the latest month a wave may fall in."""
    return [
        Check("wave", "wave IS NULL", "'wave is blank'"),
        Check(
            "wave_date",
            "date_text IS NOT NULL AND given_date IS NULL",
            f"'wave_date ' || {sql_quoted('date_text')} || ' is not a date (YYYY-MM-DD or YYYY-MM)'",
        ),
        Check(
            "wave",
            "wave_date IS NULL",
            f"'wave ' || {sql_quoted('wave')} || ' is not a date (YYYY-MM or YYYY-MM-DD): give its date in a"
            " wave_date column'",
        ),
        Check(
            "wave",
            f"wave_date < DATE '{EARLIEST}' OR wave_date >= DATE '{last}' + INTERVAL 1 MONTH",
            f"'wave date ' || wave_date || ' is outside {EARLIEST[:4]} to {last:%Y-%m}'",
        ),
        Check(
            "wave",
            "wave_date <> first_date",
            "'wave ' || "
            + sql_quoted("wave")
            + " || ' has the date ' || first_date || ' on row ' || first_row_of_wave"
            " || ': one wave, one date'",
        ),
        Check("area", "area_id IS NULL", "'area is blank (an area id, or all for the district)'"),
        Check(
            "area",
            f"area_id <> '{DISTRICT}' AND known_area IS NULL",
            f"'unknown area ' || {sql_quoted('area_id')} || ' (an area id of this database, or all)'",
        ),
        Check(
            "topic",
            f"topic IS NULL OR NOT regexp_full_match(topic, '{TOPIC_PATTERN}')",
            f"'topic ' || coalesce({sql_quoted('topic_text')}, 'blank')"
            " || ' must be a slug: lowercase letters, digits and single hyphens (e.g. feel-less-safe)'",
        ),
        Check(
            "respondents",
            f"{not_whole('respondents_num')} OR respondents_num < 1",
            f"'respondents ' || coalesce({sql_quoted('respondents_text')}, 'blank') || ' is not a whole number above 0'",
        ),
        Check(
            "agreeing",
            f"{not_whole('agreeing_num')} OR agreeing_num < 0",
            f"'agreeing ' || coalesce({sql_quoted('agreeing_text')}, 'blank') || ' is not a whole number (0 or more)'",
        ),
        too_large("respondents", "respondents_num", "respondents_text", "respondents"),
        too_large("agreeing", "agreeing_num", "agreeing_text", "agreeing"),
        Check(
            "agreeing",
            "agreeing_num > respondents_num",
            "'agreeing ' || agreeing_num::BIGINT || ' is more than the ' || respondents_num::BIGINT"
            " || ' respondents'",
        ),
        Check(
            "topic",
            "first_row < _row",
            "'wave, area and topic listed again (first on row ' || first_row || ')'",
        ),
    ]


# A survey file's rows as the checks read them: parsed, dated (a wave's date from wave_date,
# else the wave itself) and ordered (each wave's first date, each key's first row).
SURVEY_ROWS = f"""
        , parsed AS (
            SELECT _row, {sql_trimmed("wave")} AS wave, {sql_trimmed("wave_date")} AS date_text,
                CASE WHEN lower({sql_trimmed("area")}) = '{DISTRICT}' THEN '{DISTRICT}' ELSE {sql_trimmed("area")} END AS area_id,
                {sql_trimmed("topic")} AS topic_text,
                lower(regexp_replace({sql_trimmed("topic")}, '[ _]+', '-', 'g')) AS topic,
                {sql_trimmed("respondents")} AS respondents_text, {number_sql(sql_trimmed("respondents"))} AS respondents_num,
                {sql_trimmed("agreeing")} AS agreeing_text, {number_sql(sql_trimmed("agreeing"))} AS agreeing_num
            FROM src),
        typed AS (
            SELECT p.*, {wave_date_sql("date_text")} AS given_date,
                coalesce({wave_date_sql("date_text")}, {wave_date_sql("wave")}) AS wave_date, a.id AS known_area
            FROM parsed p LEFT JOIN areas a ON a.id = p.area_id),
        ordered AS (
            SELECT *, min(_row) OVER (PARTITION BY wave, area_id, topic) AS first_row,
                arg_min(wave_date, _row) FILTER (WHERE wave_date IS NOT NULL) OVER (PARTITION BY wave) AS first_date,
                min(_row) FILTER (WHERE wave_date IS NOT NULL) OVER (PARTITION BY wave) AS first_row_of_wave
            FROM typed)
"""
GOOD = "_check IS NULL"


def survey_select(checks: list[Check]) -> str:
    return f"""{SURVEY_ROWS}
        SELECT *, CASE WHEN respondents_num BETWEEN 1 AND {MAX_STORED} THEN respondents_num::INTEGER END AS respondents,
            CASE WHEN agreeing_num BETWEEN 0 AND {MAX_STORED} THEN agreeing_num::INTEGER END AS agreeing,
            {first_failure(checks)}
        FROM ordered
    """


def prepare_survey(con: duckdb.DuckDBPyConnection, source: Source, options: Options) -> Prepared:
    checks = survey_checks(latest_month())
    rows = materialize(con, source, survey_select(checks), options.progress)
    return checked_file(con, source, checks, rows, _apply, _changes, _moved_waves(con))


def _moved_waves(con: duckdb.DuckDBPyConnection) -> list[str]:
    """A warning for each wave stored with another date, which this file's date replaces."""
    moved = con.execute(
        f"SELECT DISTINCT c.wave, s.wave_date, c.wave_date FROM {CHECKED} c"
        " JOIN (SELECT DISTINCT wave, wave_date FROM survey) s ON s.wave = c.wave"
        f" WHERE c.{GOOD} AND s.wave_date <> c.wave_date ORDER BY c.wave"
    ).fetchall()
    return [
        f"wave '{wave}' was stored with the date {old}; its rows now carry this file's date {new}"
        for wave, old, new in moved
    ]


def _apply(con: duckdb.DuckDBPyConnection) -> int:
    con.execute(
        "UPDATE survey SET wave_date = c.wave_date FROM (SELECT DISTINCT wave, wave_date FROM"
        f" {CHECKED} WHERE {GOOD}) c WHERE survey.wave = c.wave AND survey.wave_date <> c.wave_date"
    )
    con.execute(
        "INSERT OR REPLACE INTO survey (wave, wave_date, area_id, topic, respondents, agreeing)"
        f" SELECT wave, wave_date, area_id, topic, respondents, agreeing FROM {CHECKED} WHERE {GOOD}"
    )
    return count(con, GOOD)


def _changes(con: duckdb.DuckDBPyConnection) -> list[Change]:
    return [upsert_change(con, "survey", KEY, KEY, GOOD)]


SURVEY = Kind(
    name="survey",
    prepare=prepare_survey,
    layout=Layout(
        required=("wave", "area", "topic", "respondents", "agreeing"),
        optional=("wave_date",),
        aliases={"wave_date": ("date",)},
    ),
    help=(
        "wave,area,topic,respondents,agreeing[,wave_date]: wave YYYY-MM(-DD) or a label\n"
        "with its wave_date; area an area id or all; topic a slug (feel-less-safe);\n"
        "agreeing 0..respondents; upserted by (wave, area, topic)"
    ),
    warn_unused=True,
)
