"""The 2014 Act's CPW -> CPN -> FPN ladder and an operation's dates and areas, checked over an
interventions file being imported (the `CHECKED` table) together with what the database holds.

Both give warnings, not rejects: the partnership may hold the earlier step on paper, and work
is displaced. `psg db check` runs the same ladder SQL (`firsts_sql`, `earlier_sql`,
`pspo_basis_sql`) over the whole interventions table.
"""

from __future__ import annotations

import duckdb

from psg_tui.importing.common import CHECKED, count

SHOWN_WARNINGS = 200


# What came before a row: per subject and ladder step, the earliest day, the earliest month, and
# the earliest month given only as a month (which may be any day of it, so counts as earlier
# than anything in that month).
def firsts_sql(steps: str) -> str:
    """A CTE `firsts` (who, kind, first_day, first_month, first_month_only) over `steps`, a query
    of (who, kind, occurred, month, precision) rows."""
    return (
        f"firsts AS (SELECT who, kind, min(occurred) AS first_day, min(month) AS first_month,"
        f" min(month) FILTER (WHERE precision = 'month') AS first_month_only FROM ({steps}) s GROUP BY who, kind)"
    )


def earlier_sql(f: str, c: str = "c") -> str:
    """True when the step `f` (a `firsts` row) came before row `c` (or may have, within a month)."""
    return (
        f"coalesce({f}.first_day < {c}.occurred OR {f}.first_month_only <= {c}.month"
        f" OR ({c}.precision = 'month' AND {f}.first_month <= {c}.month), false)"
    )


def pspo_basis_sql(c: str = "c") -> str:
    """True when a PSPO was in force over row `c`'s area (or an area it lies within) on its date."""
    return (
        f"EXISTS (SELECT 1 FROM area_within w JOIN pspos p ON list_contains(p.area_ids, w.within_id)"
        f" WHERE w.area_id = {c}.area_id AND p.made <= CASE WHEN {c}.precision = 'month'"
        f" THEN last_day({c}.month) ELSE {c}.occurred END AND p.expires >= {c}.occurred)"
    )


STEPS = f"""
    SELECT upper(subject) AS who, kind, occurred, month, precision FROM {CHECKED}
    WHERE _check IS NULL AND subject IS NOT NULL AND kind IN ('cpw', 'cpn')
    UNION ALL
    SELECT upper(subject), kind, occurred, month, precision FROM interventions
    WHERE subject IS NOT NULL AND kind IN ('cpw', 'cpn')
      AND id NOT IN (SELECT iv_id FROM {CHECKED} WHERE _check IS NULL)
"""


def ladder_warnings(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The CPW -> CPN -> FPN ladder: summaries first, then the rows (the first SHOWN_WARNINGS)."""
    on = "CASE WHEN c.precision = 'month' THEN strftime(c.month, '%Y-%m') ELSE c.occurred::VARCHAR END"
    found = con.execute(
        f"""
        WITH {firsts_sql(STEPS)},
        rows AS (
            SELECT c._row, c.kind, c.subject, {on} AS on_text, c.area_id,
                {earlier_sql("w")} AS after_cpw, {earlier_sql("n")} AS after_cpn,
                CASE WHEN c.kind = 'fpn' THEN {pspo_basis_sql()} END AS pspo_in_force
            FROM {CHECKED} c
            LEFT JOIN firsts w ON w.who = upper(c.subject) AND w.kind = 'cpw'
            LEFT JOIN firsts n ON n.who = upper(c.subject) AND n.kind = 'cpn'
            WHERE c._check IS NULL AND c.kind IN ('cpn', 'fpn'))
        SELECT _row, CASE
            WHEN kind = 'cpn' AND subject IS NOT NULL AND NOT after_cpw
            THEN 'CPN for subject ' || subject || ' on ' || on_text || ' with no earlier CPW for that subject'
                 || ' (a community protection notice needs a written warning first)'
            WHEN kind = 'fpn' AND NOT pspo_in_force AND subject IS NOT NULL AND NOT after_cpn
            THEN 'FPN for subject ' || subject || ' on ' || on_text || ' has no basis: no earlier CPN for that'
                 || ' subject, and no PSPO in force over ' || area_id || ' on that date'
            WHEN kind = 'fpn' AND NOT pspo_in_force AND subject IS NULL
            THEN 'FPN on ' || on_text || ' has no basis: no PSPO in force over ' || area_id
                 || ' on that date, and no subject to follow a CPN for'
            END AS message, kind
        FROM rows ORDER BY _row
        """
    ).fetchall()
    problems = [(row, message, kind) for row, message, kind in found if message]
    unchecked = count(con, "_check IS NULL AND kind = 'cpn' AND subject IS NULL")
    summary = []
    cpn = sum(1 for _, _, kind in problems if kind == "cpn")
    fpn = len(problems) - cpn
    if cpn:
        summary.append(f"{cpn:,} CPN row(s) with no earlier CPW for their subject")
    if fpn:
        summary.append(
            f"{fpn:,} FPN row(s) with neither an earlier CPN for their subject nor a PSPO in force"
        )
    if unchecked:
        summary.append(
            f"{unchecked:,} CPN row(s) have no subject, so the CPW -> CPN ladder could not be checked for them"
        )
    detail = [f"row {row}: {message}" for row, message, _ in problems[:SHOWN_WARNINGS]]
    if len(problems) > SHOWN_WARNINGS:
        detail.append(f"... and {len(problems) - SHOWN_WARNINGS:,} more ladder warnings")
    return summary + detail


def operation_scope_warnings(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Interventions of an operation outside its dates or its areas (stored: displacement happens)."""
    found = con.execute(
        f"""
        WITH rows AS (
            SELECT c._row, c.operation_id, c.occurred, c.month, c.precision, c.area_id, o.started, o.ended,
                o.area_ids,
                EXISTS (SELECT 1 FROM area_within w WHERE w.area_id = c.area_id
                        AND list_contains(o.area_ids, w.within_id)) AS inside
            FROM {CHECKED} c JOIN operations o ON o.id = c.operation_id
            WHERE c._check IS NULL)
        SELECT _row, CASE
            WHEN (precision = 'day' AND occurred < started) OR (precision = 'month' AND month < date_trunc('month', started))
            THEN 'before operation ' || operation_id || ' started (' || started || ')'
            WHEN ended IS NOT NULL AND occurred > ended
            THEN 'after operation ' || operation_id || ' ended (' || ended || ')'
            WHEN NOT inside
            THEN 'area ' || area_id || ' is not one of operation ' || operation_id || '''s areas ('
                 || array_to_string(area_ids, ', ') || ')'
            END
        FROM rows ORDER BY _row
        """
    ).fetchall()
    problems = [(row, message) for row, message in found if message]
    if not problems:
        return []
    lines = [f"{len(problems):,} row(s) of an operation fall outside its dates or areas"]
    lines += [f"row {row}: {message}" for row, message in problems[:SHOWN_WARNINGS]]
    if len(problems) > SHOWN_WARNINGS:
        lines.append(f"... and {len(problems) - SHOWN_WARNINGS:,} more")
    return lines
