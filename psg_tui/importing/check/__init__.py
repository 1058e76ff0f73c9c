"""`psg db check`: is this database ready for a meeting? Coverage, expiries and consistency.

Returns a structured report (so it is testable and the command only prints it). Errors are
things that are wrong (rows pointing at areas or PSPOs that do not exist); warnings are things
to look at before the meeting (gaps in the months, areas with no data, orders and PSPOs about
to expire). Population, deprivation and survey checks are in `check_evidence`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import duckdb

from psg_tui.core.coverage import IN_RANGE, month_bounds
from psg_tui.core.database import REQUIRED_TABLES, read_meta
from psg_tui.core.interventions import DISPERSAL_MAX_HOURS, INTERVENTION_KINDS
from psg_tui.core.periods import Period
from psg_tui.importing.check.evidence import evidence_findings
from psg_tui.importing.check.police_uk import police_uk_findings
from psg_tui.importing.derived import counts_out_of_step
from psg_tui.importing.drops import drop_lines

ERROR, WARNING, INFO = "error", "warning", "info"
CLOSURE_SOON_DAYS = 14
PSPO_SOON_DAYS = 90
IN_FORCE = ("notice-served", "granted", "extended")


@dataclass
class Finding:
    severity: str  # error | warning | info
    topic: str
    message: str


@dataclass
class SourceCoverage:
    source: str
    rows: int
    first: str  # YYYY-MM
    last: str
    months: int
    gaps: list[str]


@dataclass
class OperationCoverage:
    """The interventions recorded for one operation (`operation` None: those of no operation)."""

    operation: str | None
    name: str | None
    started: date | None
    ended: date | None
    rows: int
    outputs: int  # the sum of their counts
    first: str | None  # YYYY-MM
    last: str | None


@dataclass
class CheckReport:
    as_of: date
    counts: dict[str, int]
    coverage: list[SourceCoverage]
    newest_complete_month: str | None
    findings: list[Finding] = field(default_factory=list)
    operations: list[OperationCoverage] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def exit_code(self) -> int:
        return 65 if self.errors else 0


def check_database(con: duckdb.DuckDBPyConnection, *, today: date | None = None) -> CheckReport:
    findings: list[Finding] = []
    meta = read_meta(con)
    as_of = today or date.today()
    if meta.get("as_of"):
        try:
            as_of = date.fromisoformat(meta["as_of"])
        except ValueError:
            findings.append(
                Finding(WARNING, "meta", f"meta as_of '{meta['as_of']}' is not a date; using {as_of}")
            )
    counts = {
        table: _one(con, f"SELECT count(*) FROM {table}") for table in REQUIRED_TABLES if table != "meta"
    }
    bounds = month_bounds(today or date.today())
    coverage = _coverage(con, bounds)
    _out_of_range(con, bounds, findings)
    newest = _newest_complete(coverage, as_of, findings)
    report = CheckReport(as_of, counts, coverage, newest, findings)
    if not counts["areas"]:
        findings.append(Finding(WARNING, "areas", "no areas: import the ONS lookup (ons-wards) first"))
    if not counts["incidents"]:
        findings.append(Finding(WARNING, "incidents", "no incidents: import police.uk files (police-uk)"))
    for item in coverage:
        if item.gaps:
            findings.append(
                Finding(WARNING, "coverage", f"{item.source}: no rows for {_months_text(item.gaps)}")
            )
    _areas(con, findings)
    _counts(con, findings)
    _expiries(con, as_of, findings)
    _orphans(con, findings)
    report.operations = _operations(con, findings)
    _interventions(con, findings)
    findings.extend(Finding(WARNING, "imports", line) for line in drop_lines(con))
    findings.extend(evidence_findings(con, Finding, (ERROR, WARNING, INFO)))
    findings.extend(police_uk_findings(con, Finding, INFO))
    return report


def _one(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, object] | None = None) -> int:
    return int(con.execute(sql, params or {}).fetchall()[0][0])


def _coverage(con: duckdb.DuckDBPyConnection, bounds: dict[str, date]) -> list[SourceCoverage]:
    rows = con.execute(
        f"WITH m AS (SELECT source, month, count(*) AS n FROM incidents WHERE {IN_RANGE} GROUP BY ALL),"
        " s AS (SELECT source, sum(n) AS rows, min(month) AS first, max(month) AS last, count(*) AS months,"
        "       list(month) AS present FROM m GROUP BY source)"
        " SELECT source, rows, strftime(first, '%Y-%m'), strftime(last, '%Y-%m'), months,"
        "   list_sort([strftime(g::DATE, '%Y-%m') FOR g IN generate_series(first::TIMESTAMP, last::TIMESTAMP,"
        "              INTERVAL 1 MONTH) IF NOT list_contains(present, g::DATE)])"
        " FROM s ORDER BY source = 'police-uk' DESC, source",
        bounds,
    ).fetchall()
    return [SourceCoverage(s, int(n), f, last, int(m), list(gaps)) for s, n, f, last, m, gaps in rows]


def _out_of_range(con: duckdb.DuckDBPyConnection, bounds: dict[str, date], findings: list[Finding]) -> None:
    """Months no reader takes seriously (9999-12, 0000-01, next year): an older importer let them in."""
    number, months = con.execute(
        f"SELECT count(*), list(DISTINCT strftime(month, '%Y-%m') ORDER BY strftime(month, '%Y-%m'))[:5]"
        f" FROM incidents WHERE NOT ({IN_RANGE})",
        bounds,
    ).fetchall()[0]
    if number:
        findings.append(
            Finding(
                WARNING,
                "incidents",
                f"{number:,} incidents have a month before {bounds['earliest']:%Y-%m} or after "
                f"{bounds['latest']:%Y-%m} ({', '.join(months)}): the dashboard, queries and this check "
                "skip them; rebuild the database from its files (`psg db init`, `psg db import`) to drop them",
            )
        )


def _newest_complete(coverage: list[SourceCoverage], as_of: date, findings: list[Finding]) -> str | None:
    """The latest month that is over and that every source has data for."""
    if not coverage:
        return None
    finished = Period.of(as_of).previous
    newest = min([Period.parse(item.last) for item in coverage] + [finished])
    latest = max(Period.parse(item.last) for item in coverage)
    for item in coverage:
        behind = (latest.year * 12 + latest.month) - (
            Period.parse(item.last).year * 12 + Period.parse(item.last).month
        )
        if behind > 1:
            findings.append(
                Finding(
                    WARNING,
                    "coverage",
                    f"{item.source} ends in {item.last}, {behind} months "
                    f"before the newest data ({latest}): import its newer extracts",
                )
            )
    return str(newest)


def _areas(con: duckdb.DuckDBPyConnection, findings: list[Finding]) -> None:
    for (area,) in con.execute(
        "SELECT id FROM areas WHERE id NOT IN (SELECT area_id FROM area_lsoas) ORDER BY id"
    ).fetchall():
        findings.append(
            Finding(WARNING, "areas", f"area {area} has no LSOAs (only incidents naming it count)")
        )
    if not _one(con, "SELECT count(*) FROM incidents"):
        return
    for (area,) in con.execute(
        "SELECT id FROM areas WHERE id NOT IN (SELECT DISTINCT area_id FROM area_incidents"
        " WHERE area_id IS NOT NULL) ORDER BY id"
    ).fetchall():
        findings.append(Finding(WARNING, "areas", f"area {area} has no incidents"))
    unplaced = _one(
        con,
        "SELECT count(*) FROM incidents WHERE (lsoa_code IS NULL AND area_id IS NULL) OR (lsoa_code IS NOT NULL"
        " AND lsoa_code NOT IN (SELECT lsoa_code FROM area_lsoas))",
    )
    if unplaced:
        findings.append(Finding(WARNING, "incidents", f"{unplaced:,} incidents are in no area (never shown)"))


def _counts(con: duckdb.DuckDBPyConnection, findings: list[Finding]) -> None:
    """incident_counts against the incidents it counts: the panels' figures come from it."""
    months = counts_out_of_step(con)
    if months:
        findings.append(
            Finding(
                ERROR,
                "incident_counts",
                f"incident_counts is out of step with the incidents in {_months_text(months)}, so the"
                " dashboard's counts for those months would be wrong: the database was changed outside psg;"
                " rebuild it with `psg db rebuild DB`",
            )
        )


def _expiries(con: duckdb.DuckDBPyConnection, as_of: date, findings: list[Finding]) -> None:
    params = {"as_of": as_of, "days": CLOSURE_SOON_DAYS}
    for ident, premises, expires, status in con.execute(
        "SELECT id, premises, expires, status FROM closure_orders WHERE status IN ('notice-served', 'granted',"
        " 'extended') AND expires BETWEEN $as_of AND $as_of + $days::INTEGER ORDER BY expires, id",
        params,
    ).fetchall():
        days = (expires - as_of).days
        findings.append(
            Finding(
                INFO, "closure orders", f"{ident} ({premises}, {status}) expires {expires}, in {days} day(s)"
            )
        )
    for ident, expires, status in con.execute(
        "SELECT id, expires, status FROM closure_orders WHERE status IN ('notice-served', 'granted', 'extended')"
        " AND expires < $as_of ORDER BY expires, id",
        {"as_of": as_of},
    ).fetchall():
        findings.append(
            Finding(
                WARNING, "closure orders", f"{ident} expired on {expires} but its status is still {status}"
            )
        )
    for ident, name, expires in con.execute(
        "SELECT id, name, expires FROM pspos WHERE expires BETWEEN $as_of AND $as_of + $days::INTEGER"
        " ORDER BY expires, id",
        {"as_of": as_of, "days": PSPO_SOON_DAYS},
    ).fetchall():
        findings.append(
            Finding(
                WARNING,
                "pspos",
                f"{ident} ({name}) expires {expires}, in {(expires - as_of).days} day(s): renewal due",
            )
        )


ORPHANS = (
    (
        "incidents",
        "SELECT count(*), list(DISTINCT area_id ORDER BY area_id)[:5] FROM incidents"
        " WHERE area_id IS NOT NULL AND area_id NOT IN (SELECT id FROM areas)",
        "incidents in unknown areas",
    ),
    (
        "area_lsoas",
        "SELECT count(*), list(DISTINCT area_id ORDER BY area_id)[:5] FROM area_lsoas"
        " WHERE area_id NOT IN (SELECT id FROM areas)",
        "LSOA links to unknown areas",
    ),
    (
        "closure_orders",
        "SELECT count(*), list(DISTINCT area_id ORDER BY area_id)[:5] FROM closure_orders"
        " WHERE area_id NOT IN (SELECT id FROM areas)",
        "closure orders in unknown areas",
    ),
    (
        "pspo_breaches",
        "SELECT count(*), list(DISTINCT pspo_id ORDER BY pspo_id)[:5] FROM pspo_breaches"
        " WHERE pspo_id NOT IN (SELECT id FROM pspos)",
        "PSPO breaches of unknown PSPOs",
    ),
    (
        "pspo_breaches",
        "SELECT count(*), list(DISTINCT area_id ORDER BY area_id)[:5] FROM pspo_breaches"
        " WHERE area_id NOT IN (SELECT id FROM areas)",
        "PSPO breaches in unknown areas",
    ),
    (
        "pspos",
        "SELECT count(*), list(DISTINCT a ORDER BY a)[:5] FROM (SELECT unnest(area_ids) AS a FROM pspos)"
        " WHERE a NOT IN (SELECT id FROM areas)",
        "PSPO areas that do not exist",
    ),
    (
        "actions",
        "SELECT count(*), list(DISTINCT area_id ORDER BY area_id)[:5] FROM actions"
        " WHERE area_id IS NOT NULL AND area_id NOT IN (SELECT id FROM areas)",
        "actions for unknown areas",
    ),
    (
        "operations",
        "SELECT count(DISTINCT id), list(DISTINCT id || ' (' || a || ')' ORDER BY id || ' (' || a || ')')[:5]"
        " FROM (SELECT id, unnest(area_ids) AS a FROM operations) WHERE a NOT IN (SELECT id FROM areas)",
        "operations with areas that do not exist",
    ),
    (
        "operations",
        "SELECT count(*), list(id ORDER BY id)[:5] FROM operations WHERE ended < started",
        "operations that end before they start",
    ),
    (
        "interventions",
        "SELECT count(*), list(DISTINCT area_id ORDER BY area_id)[:5] FROM interventions"
        " WHERE area_id NOT IN (SELECT id FROM areas)",
        "interventions in unknown areas",
    ),
    (
        "interventions",
        "SELECT count(*), list(DISTINCT operation_id ORDER BY operation_id)[:5] FROM interventions"
        " WHERE operation_id IS NOT NULL AND operation_id NOT IN (SELECT id FROM operations)",
        "interventions of unknown operations",
    ),
    (
        "interventions",
        "SELECT count(*), list(DISTINCT kind ORDER BY kind)[:5] FROM interventions"
        " WHERE kind NOT IN (SELECT unnest($kinds::VARCHAR[]))",
        "interventions of a kind psg does not know",
    ),
    (
        "interventions",
        "SELECT count(*), list(id ORDER BY occurred, id)[:5] FROM interventions"
        " WHERE kind = 'dispersal' AND hours > $dispersal_hours",
        "dispersal directions longer than the law's 48 hours",
    ),
)


def _orphans(con: duckdb.DuckDBPyConnection, findings: list[Finding]) -> None:
    for topic, sql, what in ORPHANS:
        params = {"kinds": list(INTERVENTION_KINDS), "dispersal_hours": DISPERSAL_MAX_HOURS}
        number, examples = con.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql}).fetchall()[0]
        if number:
            shown = ", ".join(str(e) for e in examples)
            findings.append(Finding(ERROR, topic, f"{number:,} {what} (e.g. {shown})"))


def _operations(con: duckdb.DuckDBPyConnection, findings: list[Finding]) -> list[OperationCoverage]:
    """Interventions per operation (and those of none), with the months they span."""
    rows = con.execute(
        "WITH i AS (SELECT operation_id, count(*) AS n, sum(count) AS outputs, min(month) AS first,"
        "           max(month) AS last FROM interventions GROUP BY operation_id)"
        " SELECT coalesce(o.id, i.operation_id), o.name, o.started, o.ended, coalesce(i.n, 0),"
        "   coalesce(i.outputs, 0), strftime(i.first, '%Y-%m'), strftime(i.last, '%Y-%m')"
        " FROM operations o FULL JOIN i ON i.operation_id = o.id"
        " ORDER BY coalesce(o.id, i.operation_id) IS NULL, o.started, coalesce(o.id, i.operation_id)"
    ).fetchall()
    found = [
        OperationCoverage(row[0], row[1], row[2], row[3], int(row[4]), int(row[5]), row[6], row[7])
        for row in rows
    ]
    if found and any(item.name is not None for item in found):
        for area, name in con.execute(
            "SELECT id, name FROM (SELECT id, unnest(operations) AS name FROM areas)"
            " WHERE lower(name) NOT IN (SELECT lower(name) FROM operations) ORDER BY id, name"
        ).fetchall():
            findings.append(
                Finding(
                    INFO, "operations", f"area {area} lists {name}, which is not in the operations register"
                )
            )
    for item in found:
        if item.name is not None and item.rows == 0:
            findings.append(
                Finding(
                    WARNING, "operations", f"{item.operation} ({item.name}) has no interventions recorded"
                )
            )
    return found


def _interventions(con: duckdb.DuckDBPyConnection, findings: list[Finding]) -> None:
    """The CPW -> CPN -> FPN ladder over what the database holds (the import warns per row)."""
    from psg_tui.importing.kinds.ladder import earlier_sql, firsts_sql, pspo_basis_sql

    steps = (
        "SELECT upper(subject) AS who, kind, occurred, month, precision FROM interventions"
        " WHERE subject IS NOT NULL AND kind IN ('cpw', 'cpn')"
    )
    cpn, cpn_ids, fpn, fpn_ids = con.execute(
        f"WITH {firsts_sql(steps)},"
        " rows AS (SELECT c.id, c.kind, c.occurred, c.subject, "
        f"  {earlier_sql('w')} AS after_cpw, {earlier_sql('n')} AS after_cpn,"
        f"  CASE WHEN c.kind = 'fpn' THEN {pspo_basis_sql()} END AS pspo_in_force"
        "  FROM interventions c"
        "  LEFT JOIN firsts w ON w.who = upper(c.subject) AND w.kind = 'cpw'"
        "  LEFT JOIN firsts n ON n.who = upper(c.subject) AND n.kind = 'cpn'"
        "  WHERE c.kind IN ('cpn', 'fpn'))"
        " SELECT count(*) FILTER (WHERE kind = 'cpn' AND subject IS NOT NULL AND NOT after_cpw),"
        "   list(id ORDER BY occurred, id) FILTER (WHERE kind = 'cpn' AND subject IS NOT NULL AND NOT after_cpw)[:5],"
        "   count(*) FILTER (WHERE kind = 'fpn' AND NOT pspo_in_force AND NOT (subject IS NOT NULL AND after_cpn)),"
        "   list(id ORDER BY occurred, id) FILTER (WHERE kind = 'fpn' AND NOT pspo_in_force"
        "        AND NOT (subject IS NOT NULL AND after_cpn))[:5]"
        " FROM rows"
    ).fetchall()[0]
    if cpn:
        findings.append(
            Finding(
                WARNING,
                "interventions",
                f"{cpn:,} CPNs have no earlier CPW for their subject (e.g. {', '.join(cpn_ids)})",
            )
        )
    if fpn:
        findings.append(
            Finding(
                WARNING,
                "interventions",
                f"{fpn:,} FPNs have neither an earlier CPN for their subject nor a PSPO in force over their "
                f"area that day (e.g. {', '.join(fpn_ids)})",
            )
        )


def _months_text(months: list[str]) -> str:
    if len(months) <= 6:
        return ", ".join(months)
    return f"{', '.join(months[:5])} and {len(months) - 5} more months"
