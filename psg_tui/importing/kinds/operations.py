"""Operations and interventions: what the partners did, checked against the 2014 Act's ladder.

`operations` (id, name, started, ended, areas, target_categories, lead_agency, aims) are upserted
by id; their areas must exist. `interventions` (date, area, operation, kind, count, agency,
subject, outcome, phase, hours, and optionally id) are upserted by id: a file without an id
column gets ids made from each row's content and its place among identical rows, so importing
the same file again changes nothing and two identical rows stay two (an edited row becomes a
new one, so a register whose rows are corrected later should carry its own id column).

A date is a day (YYYY-MM-DD, or DD/MM/YYYY) or a month (YYYY-MM: stored as its first day with
precision 'month'). `kind` is one of `core.interventions.INTERVENTION_KINDS` ('Joint patrol' and 'CPW' are
read as joint-patrol and cpw). `subject` is a pseudonymous reference (S-0042, SUBJ 17, Y/123):
a value the personal-details detector takes for a name (in any case: 'john smith 7'), an address,
a postcode, a phone number, an e-mail address, a date of birth, a vehicle registration, an NHS
number or a National Insurance number is rejected, and so is one without a digit ('Smith',
'Dovecot'), since a reference always numbers its subject; the reason never repeats the value.

Anti-social Behaviour, Crime and Policing Act 2014, as warnings (stored; the partnership may
hold the earlier step on paper): a community protection notice (s.43) for a subject with no
earlier written warning (CPW) for them, in this file or the database; a fixed penalty notice
with neither an earlier CPN for its subject nor a PSPO in force over its area that day. A
dispersal direction (s.35) longer than 48 hours is unlawful, so it is rejected, not warned.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

import duckdb

from psg_tui.core.interventions import DISPERSAL_MAX_HOURS, INTERVENTION_KINDS, PHASES, kind_list
from psg_tui.importing.common import (
    CHECKED,
    KNOWN_AREAS,
    SUBJECTS,
    UNKNOWN_AREAS,
    Check,
    Layout,
    Source,
    date_sql,
    first_failure,
    latest_month,
    list_sql,
    sql_quoted,
    sql_trimmed,
    text,
)
from psg_tui.importing.contract import Kind, Options, Prepared, upserted_by_id
from psg_tui.importing.kinds.ladder import ladder_warnings, operation_scope_warnings
from psg_tui.importing.reading import materialize

if TYPE_CHECKING:
    from psg_tui.core.personal import Detector

EARLIEST = "1990-01-01"  # older dates are typing mistakes, not a partnership's work
ID_PATTERN = "[a-z0-9]+(-[a-z0-9]+)*"
MONTH_PATTERN = "[0-9]{4}-[0-9]{1,2}"
MAX_COUNT = 1_000_000
SUBJECT_MAX_LENGTH = 32


def _in(values: Iterable[str]) -> str:
    return "(" + ", ".join(text(v) for v in values) + ")"


# ---------------------------------------------------------------------------- operations


def prepare_operations(con: duckdb.DuckDBPyConnection, source: Source, options: Options) -> Prepared:
    last = latest_month()
    checks = [
        Check("id", "id IS NULL", "'id is blank'"),
        Check(
            "id",
            f"NOT regexp_full_match(id, '{ID_PATTERN}')",
            f"'id ' || {sql_quoted('id')} || ' must be lowercase letters, digits and single hyphens"
            " (e.g. operation-shield)'",
        ),
        Check("id", "first_row < _row", "'id listed again (first on row ' || first_row || ')'"),
        Check("name", "name IS NULL", "'name is blank'"),
        Check(
            "started",
            "started IS NULL",
            f"'started ' || coalesce({sql_quoted('started_text')}, 'blank') || ' is not a date (YYYY-MM-DD)'",
        ),
        Check(
            "started",
            f"started < DATE '{EARLIEST}' OR started >= DATE '{last}' + INTERVAL 1 YEAR",
            f"'started ' || started || ' is outside {EARLIEST[:4]} to a year from now (a mistyped year?)'",
        ),
        Check(
            "ended",
            "ended_text IS NOT NULL AND ended IS NULL",
            f"'ended ' || {sql_quoted('ended_text')} || ' is not a date (YYYY-MM-DD), or leave it blank'",
        ),
        Check("ended", "ended < started", "'ended ' || ended || ' is before started ' || started"),
        Check(
            "ended",
            f"ended >= DATE '{last}' + INTERVAL 5 YEAR",
            "'ended ' || ended || ' is more than five years ahead (a mistyped year?)'",
        ),
        Check("areas", "len(area_ids) = 0", "'no areas listed (area ids, separated by ;)'"),
        Check("areas", "unknown_areas IS NOT NULL", "'unknown area(s): ' || unknown_areas"),
    ]
    select = f"""
        , parsed AS (
            SELECT _row, {sql_trimmed("id")} AS id, {sql_trimmed("name")} AS name, {sql_trimmed("started")} AS started_text,
                {sql_trimmed("ended")} AS ended_text, {list_sql('"areas"')} AS area_ids,
                {list_sql('"target_categories"')} AS target_categories,
                {sql_trimmed("lead_agency")} AS lead_agency, {sql_trimmed("aims")} AS aims
            FROM src),
        {UNKNOWN_AREAS},
        typed AS (
            SELECT p.*, u.unknown_areas, {date_sql("started_text")} AS started, {date_sql("ended_text")} AS ended,
                min(p._row) OVER (PARTITION BY p.id) AS first_row
            FROM parsed p LEFT JOIN unknown u USING (_row))
        SELECT *, {first_failure(checks)} FROM typed
    """
    rows = materialize(con, source, select, options.progress)
    warnings = _operation_warnings(con)
    names = ("id", "name", "started", "ended", "area_ids", "target_categories", "lead_agency", "aims")
    return upserted_by_id(con, source, checks, rows, "operations", [(c, c) for c in names], warnings)


def _operation_warnings(con: duckdb.DuckDBPyConnection) -> list[str]:
    found: list[tuple[int, str]] = []
    for row, name in con.execute(
        f"SELECT _row, name FROM {CHECKED} WHERE _check IS NULL AND len(target_categories) = 0 ORDER BY _row"
    ).fetchall():
        found.append(
            (row, f"operation {name} lists no target categories: its view has no incidents to compare")
        )
    if con.execute("SELECT count(*) FROM (SELECT 1 FROM incidents LIMIT 1)").fetchall()[0][0]:
        for row, category in con.execute(
            f"SELECT _row, category FROM (SELECT _row, unnest(target_categories) AS category FROM {CHECKED}"
            " WHERE _check IS NULL) c WHERE lower(category) NOT IN (SELECT DISTINCT lower(category) FROM incidents)"
            " ORDER BY _row, category"
        ).fetchall():
            found.append(
                (row, f"target category '{category}' is in no incident of this database (check its spelling)")
            )
    for row, name, other in con.execute(
        f"WITH mine AS (SELECT _row, id, name FROM {CHECKED} WHERE _check IS NULL),"
        " named AS (SELECT id, name FROM mine UNION SELECT id, name FROM operations"
        "           WHERE id NOT IN (SELECT id FROM mine))"
        " SELECT m._row, m.name, min(n.id) FROM mine m JOIN named n ON lower(n.name) = lower(m.name)"
        " AND n.id <> m.id GROUP BY m._row, m.name ORDER BY m._row"
    ).fetchall():
        found.append(
            (row, f"name '{name}' is also operation {other}'s: interventions must name these by id, not name")
        )
    found.sort(key=lambda item: item[0])
    return [f"row {row}: {message}" for row, message in found]


# ---------------------------------------------------------------------------- interventions


def subject_problem(value: str, detector: Detector | None = None) -> str | None:
    """Why `value` cannot be a subject reference (it looks like a person or a place), or None."""
    from psg_tui.core.personal import KEPT, OTHER, PERSON, Detector
    from psg_tui.core.personal.patterns import (
        ADDRESS,
        DOB,
        EMAIL,
        NHS_NUMBER,
        NI_NUMBER,
        OLD_DATE,
        PHONE,
        POSTCODE,
        VEHICLE,
    )

    looks = {
        VEHICLE: "a vehicle registration",
        NHS_NUMBER: "an NHS number",
        NI_NUMBER: "a National Insurance number",
        PERSON: "a person's name",
        OTHER: "a person's name",
        ADDRESS: "an address",
        POSTCODE: "a postcode",
        PHONE: "a phone number",
        EMAIL: "an e-mail address",
        DOB: "a date of birth",
        OLD_DATE: "a date of birth",
    }
    advice = "give a pseudonymous reference such as S-0042, never a name or an address"
    if len(value) > SUBJECT_MAX_LENGTH:
        return f"subject is longer than {SUBJECT_MAX_LENGTH} characters: {advice}"
    detector = detector or Detector()
    # A name typed in lower case ('john smith 7') is found as a capitalised one would be.
    capitalised = re.sub(r"[^\W\d_]+", lambda m: m.group().capitalize(), value)
    for candidate in dict.fromkeys((value, capitalised)):
        for finding in detector.find(candidate):
            if finding.kind != KEPT:
                return f"subject looks like {looks.get(finding.kind, 'personal details')}: {advice}"
    if not any(ch.isdigit() for ch in value):
        return f"subject has no number, so it may be a name: {advice}"
    return None


def _subject_table(con: duckdb.DuckDBPyConnection) -> None:
    """The file's subject values that are not references, with why (the detector runs in Python)."""
    from psg_tui.core.personal import Detector

    detector = Detector()
    values = [
        row[0]
        for row in con.execute(f"SELECT DISTINCT subject FROM {CHECKED} WHERE subject IS NOT NULL").fetchall()
    ]
    bad = [(value, problem) for value in values if (problem := subject_problem(value, detector))]
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {SUBJECTS} AS SELECT unnest($s::VARCHAR[]) AS bad_subject,"
        " unnest($p::VARCHAR[]) AS subject_problem",
        {"s": [b[0] for b in bad], "p": [b[1] for b in bad]},
    )


def _intervention_checks(has_id: bool) -> list[Check]:
    last = latest_month()
    ids = [
        Check("id", "given_id IS NULL", "'id is blank (or leave the id column out and psg makes ids)'"),
        Check("id", "first_row < _row", "'id listed again (first on row ' || first_row || ')'"),
    ]
    return [
        *(ids if has_id else []),
        Check(
            "date",
            "occurred IS NULL",
            f"'date ' || coalesce({sql_quoted('date_text')}, 'blank')"
            " || ' is not YYYY-MM-DD (a day) or YYYY-MM (a month)'",
        ),
        Check(
            "date",
            f"occurred < DATE '{EARLIEST}' OR occurred >= DATE '{last}' + INTERVAL 1 MONTH",
            f"'date ' || {sql_quoted('date_text')} || ' is outside {EARLIEST[:4]} to {last:%Y-%m}"
            " (a future date, or a mistyped year)'",
        ),
        Check("area", "area IS NULL", "'area is blank'"),
        Check("area", "known_area IS NULL", f"'unknown area ' || {sql_quoted('area')}"),
        Check(
            "operation",
            "operation_text IS NOT NULL AND op_name_n > 1 AND op_by_id IS NULL",
            f"'operation ' || {sql_quoted('operation_text')} || ' names ' || op_name_n"
            " || ' operations: give its id'",
        ),
        Check(
            "operation",
            "operation_text IS NOT NULL AND operation_id IS NULL",
            f"'unknown operation ' || {sql_quoted('operation_text')}"
            " || ' (give an operation id or name; import the operations file first)'",
        ),
        Check(
            "kind",
            f"kind IS NULL OR kind NOT IN {_in(INTERVENTION_KINDS)}",
            f"'kind ' || coalesce({sql_quoted('kind_text')}, 'blank') || ' is not one of: ' || {text(kind_list())}",
        ),
        Check(
            "count",
            "count_text IS NOT NULL AND (count_num IS NULL OR NOT isfinite(count_num) OR count_num <> floor(count_num))",
            f"'count ' || {sql_quoted('count_text')} || ' is not a whole number'",
        ),
        Check(
            "count",
            "count_num < 1",
            f"'count ' || {sql_quoted('count_text')} || ' must be at least 1 (blank means 1)'",
        ),
        Check(
            "count",
            f"count_num > {MAX_COUNT}",
            f"'count ' || {sql_quoted('count_text')} || ' is more than {MAX_COUNT:,} in one row (a typing mistake?)'",
        ),
        Check("agency", "agency IS NULL", "'agency is blank'"),
        Check("subject", "subject_problem IS NOT NULL", "subject_problem"),
        Check(
            "phase",
            f"phase IS NOT NULL AND phase NOT IN {_in(PHASES)}",
            f"'phase ' || {sql_quoted('phase')} || ' is not one of {', '.join(PHASES)} (or blank)'",
        ),
        Check(
            "hours",
            "hours_text IS NOT NULL AND (hours IS NULL OR NOT isfinite(hours))",
            f"'hours ' || {sql_quoted('hours_text')} || ' is not a number'",
        ),
        Check("hours", "hours <= 0", f"'hours ' || {sql_quoted('hours_text')} || ' must be more than 0'"),
        Check(
            "hours",
            f"kind = 'dispersal' AND hours > {DISPERSAL_MAX_HOURS}",
            f"'a dispersal direction lasts at most {DISPERSAL_MAX_HOURS} hours (2014 Act s.35), not '"
            f" || {sql_quoted('hours_text')}",
        ),
    ]


def prepare_interventions(con: duckdb.DuckDBPyConnection, source: Source, options: Options) -> Prepared:
    has_id = source.positions.get("id") is not None
    parse = f"""
        , parsed AS (
            SELECT _row, {sql_trimmed("id")} AS given_id, {sql_trimmed("date")} AS date_text, {sql_trimmed("area")} AS area,
                {sql_trimmed("operation")} AS operation_text, {sql_trimmed("kind")} AS kind_text,
                lower(regexp_replace({sql_trimmed("kind")}, '[ _]+', '-', 'g')) AS kind,
                {sql_trimmed("count")} AS count_text, {sql_trimmed("agency")} AS agency, {sql_trimmed("subject")} AS subject,
                {sql_trimmed("outcome")} AS outcome, lower({sql_trimmed("phase")}) AS phase,
                {sql_trimmed("hours")} AS hours_text
            FROM src),
        typed AS (
            SELECT *,
                CASE WHEN regexp_full_match(date_text, '{MONTH_PATTERN}')
                     THEN try_strptime(date_text || '-01', '%Y-%m-%d')::DATE
                     ELSE {date_sql("date_text")} END AS occurred,
                CASE WHEN regexp_full_match(date_text, '{MONTH_PATTERN}') THEN 'month' ELSE 'day' END
                    AS precision,
                try_cast(count_text AS DOUBLE) AS count_num, try_cast(hours_text AS DOUBLE) AS hours
            FROM parsed)
        SELECT t.*, date_trunc('month', t.occurred)::DATE AS month, a.known_area, t.area AS area_id,
            o1.op_by_id, o2.op_name_n, coalesce(o1.op_by_id, CASE WHEN o2.op_name_n = 1 THEN o2.op_name_id END)
                AS operation_id,
            CASE WHEN count_text IS NULL THEN 1
                 WHEN count_num BETWEEN 1 AND {MAX_COUNT} AND count_num = floor(count_num)
                 THEN count_num::INTEGER END AS n,
            min(t._row) OVER (PARTITION BY t.given_id) AS first_row
        FROM typed t
        LEFT JOIN {KNOWN_AREAS} a ON a.known_area = t.area
        LEFT JOIN (SELECT id AS op_by_id FROM operations) o1 ON o1.op_by_id = t.operation_text
        LEFT JOIN (SELECT lower(name) AS op_name, min(id) AS op_name_id, count(*) AS op_name_n
                   FROM operations GROUP BY 1) o2 ON o2.op_name = lower(t.operation_text)
    """
    rows = materialize(con, source, parse, options.progress)
    _subject_table(con)
    checks = _intervention_checks(has_id)
    content = (
        "concat_ws(chr(31), occurred::VARCHAR, precision, area_id, coalesce(operation_id, ''), kind,"
        " n::VARCHAR, agency, coalesce(subject, ''), coalesce(outcome, ''), coalesce(phase, ''),"
        " coalesce(hours::VARCHAR, ''))"
    )
    derived = (
        "'iv-' || left(md5(content || chr(31) || row_number() OVER (PARTITION BY content ORDER BY _row)), 20)"
    )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {CHECKED} AS"
        f" SELECT *, {'given_id' if has_id else derived} AS iv_id FROM ("
        f"   SELECT c.*, s.subject_problem, {content} AS content, {first_failure(checks)}"
        f"   FROM {CHECKED} c LEFT JOIN {SUBJECTS} s ON s.bad_subject = c.subject)"
    )
    warnings = ladder_warnings(con) + operation_scope_warnings(con)
    same = ("occurred", "precision", "month", "area_id", "operation_id", "kind")
    columns = [("id", "iv_id"), *((c, c) for c in same), ("count", "n")]
    columns += [(c, c) for c in ("agency", "subject", "outcome", "phase", "hours")]
    return upserted_by_id(con, source, checks, rows, "interventions", columns, warnings)


OPERATIONS = Kind(
    name="operations",
    prepare=prepare_operations,
    layout=Layout(
        required=("id", "name", "started", "areas"),
        optional=("ended", "target_categories", "lead_agency", "aims"),
    ),
    help=(
        "id,name,started,ended,areas,target_categories,lead_agency,aims, CSV or Parquet\n"
        "(areas and categories separated by ;; areas must exist; ended blank or not\n"
        "before started); upserted by id"
    ),
    parquet=True,
    warn_unused=True,
)


INTERVENTIONS = Kind(
    name="interventions",
    prepare=prepare_interventions,
    layout=Layout(
        required=("date", "area", "kind", "agency"),
        optional=("operation", "count", "subject", "outcome", "phase", "hours", "id"),
    ),
    help=(
        "date,area,operation,kind,count,agency,subject,outcome,phase[,hours][,id], CSV\n"
        "or Parquet: what partners did. date YYYY-MM-DD (a day) or YYYY-MM (a month);\n"
        "operation blank, an operation's id or its name; kind one of patrol,\n"
        "joint-patrol, engagement, safeguarding-referral, treatment-referral,\n"
        "disruption, arrest, charge, caution, restorative-justice, cpw, cpn, fpn, cbo,\n"
        "injunction, dispersal, closure, target-hardening, community-event, other;\n"
        "count blank (1) or a whole number; phase blank or clear|hold|build; subject\n"
        "blank or a pseudonymous reference (S-0042): a value that looks like a name\n"
        "(in any case), an address, a postcode, a vehicle registration, an NHS or\n"
        "National Insurance number, or has no number, is rejected. A dispersal over 48\n"
        "hours is rejected; a CPN with no earlier CPW for its subject, and an FPN with\n"
        "neither an earlier CPN nor a PSPO in force there, are warnings. Upserted by\n"
        "id; without an id column, ids come from each row's content, so importing\n"
        "the same file again changes nothing"
    ),
    parquet=True,
    warn_unused=True,
)
