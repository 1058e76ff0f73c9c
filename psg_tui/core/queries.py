"""Panels as SQL files.

Each `queries/*.sql` file is one panel. A header of `-- key: value` comment lines
describes it; named parameters (`$area`, `$period_start`, ...) are always bound by
DuckDB, never pasted into the SQL text. Only the parameters a file uses are bound,
because DuckDB rejects unused ones.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from psg_tui.core.errors import DataError, QueryStopped, UsageError
from psg_tui.core.paths import queries_dir
from psg_tui.core.periods import Period

_HEADER = re.compile(r"^--\s*([a-z_]+)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_STRINGS_AND_COMMENTS = re.compile(r"'(?:[^']|'')*'|--[^\n]*")
SCOPES = ("overview", "area", "database")


@dataclass(frozen=True)
class Query:
    name: str
    sql: str
    title: str
    description: str
    scope: str = "area"
    order: int = 100
    render: str = "table"
    parameters: frozenset[str] = field(default_factory=frozenset)
    path: Path | None = None
    problem: str | None = None  # why the file cannot be run (a bad header), shown in its panel

    def bind(self, values: dict[str, Any]) -> dict[str, Any]:
        missing = sorted(self.parameters - values.keys())
        if missing:
            raise UsageError(
                f"Query '{self.name}' needs {', '.join('$' + m for m in missing)}.",
                "Pass --area ID for area panels (see `psg query DB --list`).",
            )
        return {name: values[name] for name in self.parameters}

    def run(self, con: duckdb.DuckDBPyConnection, values: dict[str, Any]) -> QueryResult:
        if self.problem:
            raise DataError(self.problem)
        try:
            cursor = con.execute(self.sql, self.bind(values))
            columns = [d[0] for d in cursor.description or []]
            rows = cursor.fetchall()
        except duckdb.InterruptException:
            raise QueryStopped(
                f"The query {self.path or self.name} was stopped before it finished."
            ) from None
        except duckdb.Error as exc:
            where = self.path or self.name
            raise DataError(f"The query {where} failed: {str(exc).splitlines()[0]}") from None
        return QueryResult(self.name, columns, rows)


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
    try:
        order = int(header.get("order", "100"))
    except ValueError:
        raise DataError(f"{path or name}: order '{header['order']}' is not a whole number.") from None
    code = _STRINGS_AND_COMMENTS.sub(" ", text)
    return Query(
        name=name,
        sql=text,
        title=header.get("title", name.replace("_", " ").capitalize()),
        description=header.get("description", ""),
        scope=scope,
        order=order,
        render=header.get("render", "table"),
        parameters=frozenset(_PARAM.findall(code)),
        path=path,
    )


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
        return parse_query(path.stem, path.read_text(encoding="utf-8"), path)
    except (OSError, UnicodeDecodeError) as exc:
        problem = f"{path} could not be read: {exc}"
    except DataError as exc:
        problem = exc.message
    return Query(
        name=path.stem,
        sql="",
        title=path.stem.replace("_", " ").capitalize(),
        description="",
        path=path,
        problem=problem,
    )


def panel_values(period: Period, as_of: date, area: str | None = None) -> dict[str, Any]:
    values: dict[str, Any] = dict(period.parameters(as_of))
    if area is not None:
        values["area"] = area
    return values
