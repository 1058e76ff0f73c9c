"""Panels as SQL files.

Each `queries/*.sql` file is one panel. A header of `-- key: value` comment lines
describes it; named parameters (`$area`, `$period_start`, ...) are always bound by
DuckDB, never pasted into the SQL text. Only the parameters a file uses are bound,
because DuckDB rejects unused ones.

A panel file is one SELECT (WITH ... SELECT, VALUES, FROM ...). Anything else (COPY,
ATTACH, INSTALL, LOAD, SET, PRAGMA, CREATE ...) is refused before it runs, naming the file;
the locked-down connection (see `database.connect`) refuses what a SELECT could still try,
such as read_text('/etc/passwd') or glob('/root/*').
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from psg_tui.core import files
from psg_tui.core.database import unreadable
from psg_tui.core.errors import DataError, PsgError, QueryStopped, UsageError
from psg_tui.core.minutes.model import Minutes
from psg_tui.core.paths import queries_dir
from psg_tui.core.periods import Period
from psg_tui.core.safe_text import printable

# The columns privacy mode masks whole in every panel; a panel's header can name more.
PEOPLE_COLUMNS = frozenset({"owner", "by", "person"})
ADDRESS_COLUMNS = frozenset({"premises", "address"})
_COLUMN_NAME = re.compile(r"[^\s,]+")
_HEADER = re.compile(r"^--\s*([a-z_]+)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_STRINGS_AND_COMMENTS = re.compile(r"'(?:[^']|'')*'|--[^\n]*")
SCOPES = ("overview", "area", "operation", "district", "database")
# How a panel draws its rows (widgets/panel.py); the name is also a CSS class, so only these.
RENDERS = ("table", "trend", "summary", "perception")
ONLY_READS = (
    "A panel query may only read the database's tables: one SELECT, with no files, "
    "no other databases, no extensions and no settings."
)
# How long a panel's query may run in the dashboard before it is stopped and its panel says so
# (`-- budget: 30` in the file's header gives one more time, up to MAX_BUDGET_SECONDS).
DEFAULT_BUDGET_SECONDS = 10.0
MAX_BUDGET_SECONDS = 600.0
# SQL texts already found to be one SELECT (parsing the overview takes ~1 ms; an area has ~8 panels).
_ONE_SELECT: set[str] = set()


@dataclass(frozen=True)
class Query:
    name: str
    sql: str
    title: str
    description: str
    scope: str = "area"
    order: int = 100
    render: str = "table"
    empty: str = ""  # what the panel says when there are no rows (default: "Nothing this period.")
    parameters: frozenset[str] = field(default_factory=frozenset)
    path: Path | None = None
    problem: str | None = None  # why the file cannot be run (a bad header), shown in its panel
    district: bool = False  # an area file that also runs for the whole district with $area = 'all'
    budget: float = DEFAULT_BUDGET_SECONDS  # seconds the dashboard lets it run (`-- budget:`)
    # Columns privacy mode masks whole: `-- people:` (shown as initials) and `-- addresses:` (hidden),
    # each a comma-separated list of column names added to the defaults (PEOPLE_COLUMNS,
    # ADDRESS_COLUMNS). Every other text column still goes through the personal-details detector.
    people: frozenset[str] = PEOPLE_COLUMNS
    addresses: frozenset[str] = ADDRESS_COLUMNS

    def bind(self, values: dict[str, Any]) -> dict[str, Any]:
        missing = sorted(self.parameters - values.keys())
        if missing:
            raise UsageError(
                f"Query '{self.name}' needs {', '.join('$' + m for m in missing)}.",
                "Pass --area ID for area panels, --operation ID for operation ones (see `psg query DB --list`).",
            )
        return {name: values[name] for name in self.parameters}

    @property
    def where(self) -> str:
        return str(self.path or self.name)

    def run(self, con: duckdb.DuckDBPyConnection, values: dict[str, Any]) -> QueryResult:
        if self.problem:
            raise DataError(self.problem)
        try:
            self.check_is_one_select(con)
            cursor = con.execute(self.sql, self.bind(values))
            columns = [d[0] for d in cursor.description or []]
            rows = cursor.fetchall()
        except duckdb.InterruptException:
            raise QueryStopped(f"The query {self.where} was stopped before it finished.") from None
        except duckdb.Error as exc:
            raise self._explain(con, exc) from None
        except (ValueError, OverflowError, TypeError) as exc:  # a value Python cannot hold
            raise DataError(
                f"The query {self.where} returned a value Python cannot hold ({exc}).",
                "The database may have out-of-range dates (such as month 0000-01) from an older "
                "importer: `psg db check DB` lists them.",
            ) from None
        return QueryResult(self.name, columns, rows)

    def check_is_one_select(self, con: duckdb.DuckDBPyConnection) -> None:
        if self.sql in _ONE_SELECT:
            return
        kinds = [str(s.type).rsplit(".", 1)[-1] for s in con.extract_statements(self.sql)]
        if kinds != ["SELECT"]:
            found = (
                "no statement"
                if not kinds
                else f"{len(kinds)} statements"
                if len(kinds) > 1
                else f"a {kinds[0]} statement"
            )
            raise DataError(
                f"The query {self.where} was refused: it holds {found}, not one SELECT.", ONLY_READS
            )
        _ONE_SELECT.add(self.sql)

    def _explain(self, con: duckdb.DuckDBPyConnection, exc: duckdb.Error) -> DataError:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if isinstance(exc, duckdb.PermissionException):
            return DataError(
                f"The query {self.where} was refused: it tried to reach outside the database ({first}).",
                ONLY_READS,
            )
        if "configuration has been locked" in first:
            return DataError(
                f"The query {self.where} was refused: it tried to change a setting ({first}).", ONLY_READS
            )
        if isinstance(exc, duckdb.IOException) or first.startswith("Corrupt database file"):
            return unreadable(Path(_database_file(con) or "The database"), exc)
        return DataError(f"The query {self.where} failed: {first}")


@dataclass(frozen=True)
class QueryResult:
    name: str
    columns: list[str]
    rows: list[tuple[Any, ...]]
    error: str | None = None  # the panel's query failed: this says why, in its own box

    @classmethod
    def failed(cls, name: str, error: str) -> QueryResult:
        return cls(name, [], [], error)

    def dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def parse_query(name: str, text: str, path: Path | None = None) -> Query:
    header: dict[str, str] = {}
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        match = _HEADER.match(stripped)
        if not match:
            break
        header[match.group(1)] = match.group(2)
    scope = header.get("scope", "area")
    if scope not in SCOPES:
        raise DataError(f"{path or name}: scope '{scope}' is not one of {', '.join(SCOPES)}.")
    render = header.get("render", "table")
    if render not in RENDERS:
        raise DataError(f"{path or name}: render '{printable(render)}' is not one of {', '.join(RENDERS)}.")
    try:
        order = int(header.get("order", "100"))
    except ValueError:
        raise DataError(f"{path or name}: order '{header['order']}' is not a whole number.") from None
    budget = _budget(header.get("budget"), path or name)
    code = _STRINGS_AND_COMMENTS.sub(" ", text)
    return Query(
        name=name,
        sql=text,
        title=header.get("title", name.replace("_", " ").capitalize()),
        description=header.get("description", ""),
        scope=scope,
        order=order,
        render=render,
        empty=header.get("empty", ""),
        parameters=frozenset(_PARAM.findall(code)),
        path=path,
        district=header.get("district", "").lower() in ("true", "yes"),
        people=PEOPLE_COLUMNS | _columns(header.get("people", "")),
        addresses=ADDRESS_COLUMNS | _columns(header.get("addresses", "")),
        budget=budget,
    )


def _columns(value: str) -> frozenset[str]:
    """'tenant, landlord' -> {'tenant', 'landlord'}: column names, matched in any case."""
    return frozenset(name.casefold() for name in _COLUMN_NAME.findall(value))


def _budget(value: str | None, where: object) -> float:
    """`-- budget: 30` (or `30s`): seconds, more than 0 and at most MAX_BUDGET_SECONDS."""
    if value is None:
        return DEFAULT_BUDGET_SECONDS
    try:
        seconds = float(value.lower().removesuffix("s").strip())
    except ValueError:
        seconds = float("nan")
    if not 0 < seconds <= MAX_BUDGET_SECONDS:  # NaN fails this too
        raise DataError(
            f"{where}: budget '{printable(value)}' is not a number of seconds "
            f"between 0 and {MAX_BUDGET_SECONDS:g}."
        )
    return seconds


def query_dirs() -> list[Path]:
    dirs = [queries_dir()]
    extra = os.environ.get("PSG_QUERIES_DIR")
    if extra:
        dirs.append(Path(extra).expanduser())
    return dirs


def load_queries(dirs: list[Path] | None = None) -> dict[str, Query]:
    """Every panel query by name; a later folder's file overrides an earlier one's."""
    found: dict[str, Query] = {}
    for folder in dirs or query_dirs():
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.sql")):
            found[path.stem] = _read_query(path)
    return dict(sorted(found.items(), key=lambda item: (item[1].order, item[0])))


def _read_query(path: Path) -> Query:
    """A file that cannot be read or parsed is still a panel: one that shows what is wrong with
    it, so one analyst's typo never stops the meeting from starting."""
    try:
        return parse_query(path.stem, files.read_text(path, files.PANEL, "a panel query file"), path)
    except (OSError, UnicodeDecodeError) as exc:
        problem = f"{path} could not be read: {exc}"
    except PsgError as exc:  # a pipe, a device, too large, or a header that is wrong
        problem = exc.message
    return Query(
        name=path.stem,
        sql="",
        title=path.stem.replace("_", " ").capitalize(),
        description="",
        path=path,
        problem=problem,
    )


def _database_file(con: duckdb.DuckDBPyConnection) -> str | None:
    try:
        rows = con.execute(
            "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
        ).fetchall()
    except duckdb.Error:
        return None
    return rows[0][0] if rows else None


MINUTES_PARAMETERS = frozenset({"minutes_actions", "meeting_date"})
# The analyst's maps (core/evidence_maps.py), bound as lists of structs.
TOPIC_PARAMETERS = frozenset({"topic_categories"})
PRIORITY_PARAMETERS = frozenset({"priority_categories", "priority_kinds"})
DISTRICT = "all"  # the survey's and the district queries' area id for the whole district


def minutes_values(minutes: Minutes | None, without_minutes: date) -> dict[str, Any]:
    """The open minutes' actions, which count with the database's (the minutes' copy of an
    id wins), and the date overdue, days to expiry and 'in force' are reckoned from: the
    meeting's, else `without_minutes` (a date given to `psg query`, or the as-of date).
    A query reads them as `CAST($minutes_actions AS STRUCT(id VARCHAR, area_id VARCHAR,
    status VARCHAR, due DATE)[])`."""
    if minutes is None:
        return {"minutes_actions": [], "meeting_date": without_minutes}
    actions = [{"id": a.id, "area_id": a.area, "status": a.status, "due": a.due} for a in minutes.actions]
    return {"minutes_actions": actions, "meeting_date": minutes.meeting.date}


# Rates per 1,000 residents need at least this many (see `core/rates.py`, which re-exports it).
MIN_RESIDENTS = 1000


def panel_values(period: Period, as_of: date, area: str | None = None) -> dict[str, Any]:
    values: dict[str, Any] = dict(period.parameters(as_of))
    values["min_residents"] = MIN_RESIDENTS
    if area is not None:
        values["area"] = area
    return values
