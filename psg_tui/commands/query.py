"""`psg query DB NAME`: any panel's query for a briefing, as a table, CSV or JSON."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from psg_tui.core.counts import STALE_PARAMETERS
from psg_tui.core.dates import FORMS, DateError, parse_date
from psg_tui.core.errors import UsageError
from psg_tui.core.evidence_maps import load_topics
from psg_tui.core.meeting import Meeting
from psg_tui.core.minutes import read_minutes
from psg_tui.core.operations import (
    NO_OPERATIONS,
    OPERATION_PARAMETERS,
    Operation,
    effect_of,
    find_operation,
)
from psg_tui.core.perception import with_figures
from psg_tui.core.periods import Period
from psg_tui.core.queries import DISTRICT, Query, QueryResult, load_queries
from psg_tui.core.safe_text import printable
from psg_tui.core.text import did_you_mean, is_counts, sparkline

# A spreadsheet treats a cell starting with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    query = sub.add_parser(
        "query",
        help="run a panel's query for a briefing",
        description="Run any queries/*.sql panel for an area and period. Add a panel by adding a .sql file.",
    )
    query.add_argument("db", type=Path, metavar="DB")
    query.add_argument("name", nargs="?", metavar="NAME", help="the query's file name without .sql")
    query.add_argument("--list", action="store_true", help="list the queries with their descriptions")
    query.add_argument(
        "--area",
        metavar="ID",
        help="area id (see `psg query DB overview`); 'all' for the district, where a file allows it",
    )
    query.add_argument("--operation", metavar="ID", help="operation id, for an operation's queries")
    query.add_argument("--period", metavar="YYYY-MM", help="reporting month (default: newest complete month)")
    when = query.add_mutually_exclusive_group()
    when.add_argument(
        "--minutes",
        type=Path,
        metavar="FILE",
        help="the meeting's minutes: its date and its actions count, as on the dashboard",
    )
    when.add_argument(
        "--meeting-date",
        metavar="DATE",
        help="reckon days to expiry and overdue from this date, 31/12/2026 or 2026-12-31 "
        "(default: the database's as-of date, said in the caption)",
    )
    query.add_argument("--format", choices=("table", "csv", "json"), default="table")
    query.set_defaults(handler=run_query)


def run_query(args: argparse.Namespace) -> int:
    if args.list:
        return list_queries()
    if not args.name:
        raise UsageError("Name the query to run.", "See the choices with `psg query DB --list`.")
    queries = load_queries()
    if args.name not in queries:
        raise UsageError(f"There is no query called '{args.name}'.", f"Known queries: {', '.join(queries)}.")
    minutes = read_minutes(args.minutes) if args.minutes else None
    meeting_date = _meeting_date(args.meeting_date) if args.meeting_date else None
    meeting = Meeting(args.db)
    try:
        if minutes is not None:
            meeting.minutes = lambda: minutes
        meeting.meeting_date = meeting_date
        period = meeting.check_period(Period.parse(args.period)) if args.period else meeting.default_period()
        query = queries[args.name]
        if "area" in query.parameters:
            if not args.area:
                raise UsageError(f"'{query.name}' is an area panel: give --area ID.", _area_hint(meeting))
            if args.area == DISTRICT and not query.district:
                raise UsageError(
                    f"'{query.name}' has no district figure: give an area id.", _area_hint(meeting)
                )
            if args.area != DISTRICT and args.area not in meeting.area_names():
                raise UsageError(
                    f"There is no area '{printable(args.area)}' in {args.db}.", _area_hint(meeting, args.area)
                )
        about = []
        if query.scope == "operation" or query.parameters & OPERATION_PARAMETERS:
            operation = _operation(meeting, query, args.operation)
            about = [operation.name, meeting.effect_window(operation).label()]
        result = meeting.run(query, period, args.area, operation=args.operation)
        if meeting.count_warning and query.parameters & STALE_PARAMETERS:
            print(printable(meeting.count_warning), file=sys.stderr)
        if query.render == "perception":
            topics = load_topics()
            for warning in topics.warnings:
                print(printable(warning), file=sys.stderr)
            result = with_figures(result, topics, query.where)
        if about and (effect := effect_of(result)) is not None:
            about.append(effect.wording())
        compared = _comparisons(meeting, query, period)
        reckoned = _reckoned(meeting, query)
    finally:
        meeting.close()
    if reckoned and args.format != "table" and minutes is None and meeting_date is None:
        print(
            f"Note: {reckoned}; give --meeting-date or --minutes to reckon from the meeting's.",
            file=sys.stderr,
        )
    if args.format == "csv":
        write_csv(result)
    elif args.format == "json":
        json.dump(result.dicts(), sys.stdout, default=_json_value, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        caption = " · ".join(
            [
                period.label,
                *([args.area] if args.area else []),
                *about,
                *compared,
                *([reckoned] if reckoned else []),
            ]
        )
        Console().print(rich_table(result, title=query.title, caption=caption))
    return 0


def _operation(meeting: Meeting, query: Query, operation_id: str | None) -> Operation:
    """The operation an operation's query is run for; a missing or unknown id names the known ones."""
    operations = meeting.operations()
    known = f"Operations in this database: {', '.join(o.id for o in operations)}."
    if not operations:
        raise UsageError(
            f"'{query.name}' is an operation's query, and {meeting.path} has none.", NO_OPERATIONS
        )
    if not operation_id:
        raise UsageError(f"'{query.name}' is an operation's query: give --operation ID.", known)
    return find_operation(operations, operation_id)


def _meeting_date(text: str) -> date:
    try:
        return parse_date(text, "--meeting-date")
    except DateError as error:
        raise UsageError(str(error), f"Give the date as {FORMS}.") from None


def _reckoned(meeting: Meeting, query: Query) -> str | None:
    """What days to expiry, overdue and 'in force' are reckoned from, for a query that uses it."""
    if "meeting_date" not in query.parameters:
        return None
    return f"dates reckoned from {meeting.reckoning_date:%d %b %Y} ({meeting.reckoned_from})"


def list_queries() -> int:
    table = Table("name", "scope", "description", title="Panel queries", show_lines=False)
    for query in load_queries().values():
        table.add_row(query.name, query.scope, query.description)
    Console().print(table)
    return 0


def _comparisons(meeting: Meeting, query: Query, period: Period) -> list[str]:
    """What the caption says about the months compared, for a query that compares months."""
    others = [("prev_comparable", period.previous), ("ly_comparable", period.last_year)]
    used = [other for name, other in others if name in query.parameters]
    if not used:
        return []
    window = meeting.month_sources(period)
    return [window.against(period, other) for other in used]


def rich_table(result: QueryResult, *, title: str, caption: str) -> Table:
    """Every value is printed as plain text with its control characters made visible: data can
    hold Rich markup or terminal escapes (ESC, BEL), and neither may act on the terminal."""
    table = Table(title=printable(title), caption=printable(caption))
    for name in result.columns:
        table.add_column(printable(name), justify="right" if _numeric(result, name) else "left")
    for row in result.rows:
        table.add_row(*(_text(value) for value in row))
    return table


def write_csv(result: QueryResult) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow([_csv_value(value) for value in row])


def _csv_value(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    if isinstance(value, list):
        return ";".join("" if v is None else str(v) for v in value)
    return "" if value is None else value


def _json_value(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def _numeric(result: QueryResult, name: str) -> bool:
    index = result.columns.index(name)
    return any(isinstance(row[index], (int, float)) for row in result.rows)


def _text(value: Any) -> Text:
    """Values become Text, never markup: a '[bold]' in the data is shown as typed."""
    if value is None:
        return Text("–")
    if isinstance(value, bool):
        return Text("yes" if value else "no")
    if isinstance(value, int):
        return Text(f"{value:,}")
    if isinstance(value, list):
        if is_counts(value):
            return Text(sparkline(value))
        return Text(printable(", ".join(str(v) for v in value)))
    return Text(printable(str(value)))


def _area_hint(meeting: Meeting, typed: str | None = None) -> str:
    areas = meeting.area_names()
    names = list(areas)
    shown = ", ".join(names[:8]) + (", …" if len(names) > 8 else "")
    guess = did_you_mean(typed, areas) if typed else None
    return f"{guess + ' ' if guess else ''}Areas in this database: {shown}"
