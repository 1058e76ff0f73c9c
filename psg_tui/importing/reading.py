"""Reading a file as text: header checks, the Polars and DuckDB readers, unreadable rows.

Every column is read as text together with its data row number (row 1 is the first row after
the header; blank lines are ignored but keep their place), so that a bad value becomes a reject
with a reason instead of stopping the reader, and a row's number is stable (police.uk ids are
built from it). A row with fewer fields than the header is read with the missing ones blank;
a row with more is unreadable and rejected.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb

from psg_tui.core.errors import DataError, MissingInputError, UsageError
from psg_tui.importing.common import (
    CHECKED,
    FRAME,
    GAPS,
    RAW,
    RAW_ERRORS,
    RAW_SCANS,
    Layout,
    Reject,
    Source,
    ident,
)


def read_header(path: Path) -> list[str]:
    """The header row, with clear messages for empty, binary and non-UTF-8 files."""
    try:
        with path.open("rb") as handle:
            head = handle.read(1 << 16)
    except OSError as exc:
        raise MissingInputError(
            f"Could not read {path}: {exc.strerror}.", "Check the path and permissions."
        ) from None
    if not head.strip(b"\r\n\t \xef\xbb\xbf"):
        raise DataError(f"{path} is empty.", "Export the data again; the file has no header and no rows.")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError(
            f"{path} is UTF-16 text, not UTF-8.",
            "Save it again as 'CSV UTF-8 (comma delimited)' (Excel) or UTF-8 CSV, then import it.",
        )
    if head.startswith(b"PAR1"):
        raise DataError(
            f"{path} is a Parquet file.", "Give it a .parquet name; only `incidents` reads Parquet."
        )
    line = head.split(b"\n", 1)[0].rstrip(b"\r")
    if b"\x00" in line:
        raise DataError(f"{path} is not a text CSV file.", "Export the data as CSV (comma-separated, UTF-8).")
    try:
        first = line.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _not_utf8(path, 1) from exc
    return [name.strip() for name in next(csv.reader(io.StringIO(first)), [])]


def parquet_header(con: duckdb.DuckDBPyConnection, path: Path) -> list[str]:
    try:
        rows = con.execute(
            "SELECT name FROM parquet_schema($p) WHERE num_children IS NULL", {"p": str(path)}
        ).fetchall()
    except duckdb.Error as exc:
        raise DataError(f"{path} is not a readable Parquet file: {_first_line(exc)}") from None
    return [row[0] for row in rows]


def resolve(
    path: Path, kind: str, header: list[str], layout: Layout, column_map: dict[str, str] | None
) -> Source:
    """Match the file's header to the kind's columns, or refuse the file saying what was expected."""
    if layout.exact is not None:
        if header != list(layout.exact):
            raise wrong_header(path, kind, header, list(layout.exact))
        return Source(path, kind, header, {name: i for i, name in enumerate(header)})
    lowered = {name.lower(): i for i, name in reversed(list(enumerate(header)))}
    positions: dict[str, int | None] = {}
    for canonical in layout.canonical:
        wanted = (column_map or {}).get(canonical, canonical)
        position = lowered.get(wanted.strip().lower())
        if position is None and column_map and canonical in column_map:
            raise DataError(
                f"{path}: the column map says {canonical} = '{wanted}', but the file has no column '{wanted}'.",
                f"The file's columns are: {', '.join(header)}. Fix the map file.",
            )
        positions[canonical] = position
    missing = [name for name in layout.required if positions[name] is None]
    if missing:
        raise wrong_header(path, kind, header, list(layout.canonical), missing=missing)
    used = {p for p in positions.values() if p is not None}
    ignored = [name for i, name in enumerate(header) if i not in used]
    return Source(path, kind, header, positions, ignored=ignored)


def wrong_header(
    path: Path, kind: str, header: list[str], expected: list[str], *, missing: list[str] | None = None
) -> DataError:
    from psg_tui.importing.kinds import guess_kind

    lowered = {name.lower() for name in header}
    if {"easting", "northing"} <= lowered:
        hint = (
            "This is the old (2010-2012) police.uk layout with Easting/Northing. Download the current "
            "street-level files from data.police.uk (with Longitude, Latitude and LSOA code)."
        )
    elif (other := guess_kind(header)) and other != kind:
        hint = f"It looks like a {other} file: import it with `psg db import DB {other} {path.name}`."
    else:
        hint = f"Check you chose the right KIND ({kind}); for other column names use --map FILE."
    detail = f" Missing: {', '.join(missing)}." if missing else ""
    return DataError(
        f"{path} does not have the {kind} columns.{detail}\n"
        f"  Expected: {','.join(expected)}\n  Found:    {','.join(header)}",
        hint,
    )


def _picks(source: Source, names: list[str]) -> str:
    return ", ".join(
        f"CAST({names[p]} AS VARCHAR) AS {ident(name)}"
        if p is not None
        else f"NULL::VARCHAR AS {ident(name)}"
        for name, p in source.positions.items()
    )


def source_sql(source: Source) -> tuple[str, dict[str, object]]:
    """A subquery yielding `_row` and every canonical column as VARCHAR (NULL when absent).

    This is DuckDB's own reader, used for Parquet and for CSVs that Polars cannot read cleanly:
    tolerant (bad rows go to a rejects table instead of raising) and null-padding short rows,
    as Polars does. Blank rows are dropped after numbering.
    """
    params: dict[str, object] = {"path": str(source.path)}
    if source.parquet:
        names = [ident(name) for name in source.header]
        return (
            f"SELECT file_row_number + 1 AS _row, {_picks(source, names)} FROM read_parquet($path, file_row_number = true)",
            params,
        )
    names = [f"c{i}" for i in range(len(source.header))]
    params["columns"] = {name: "VARCHAR" for name in names}
    reader = (
        "read_csv($path, header = true, auto_detect = false, columns = $columns, delim = ',', quote = '\"',"
        " escape = '\"', strict_mode = true, null_padding = true, parallel = false, store_rejects = true,"
        f" rejects_table = '{RAW_ERRORS}', rejects_scan = '{RAW_SCANS}')"
    )
    numbered = f"SELECT row_number() OVER () AS _row, coalesce({', '.join(names)}) IS NULL AS _blank, * FROM {reader}"
    return f"SELECT _row, {_picks(source, names)} FROM ({numbered}) WHERE NOT _blank", params


def polars_frame(source: Source):
    """The CSV read by Polars (all text, numbered rows), or None when it cannot read it cleanly.

    Polars parses a file on every core with exact row numbers, where DuckDB's reader must run
    on one core to number rows in file order; a file Polars refuses (invalid UTF-8, a row with
    too many fields) goes to DuckDB's tolerant reader, which says which rows were unreadable.
    """
    import polars as pl

    names = [f"c{i}" for i in range(len(source.header))]
    try:
        return pl.read_csv(
            source.path,
            has_header=True,
            new_columns=names,
            infer_schema=False,
            quote_char='"',
            encoding="utf8",
            row_index_name="_row",
            row_index_offset=1,
            raise_if_empty=False,
            truncate_ragged_lines=False,
        )
    except (pl.exceptions.PolarsError, OSError, ValueError):
        return None


def frame_sql(source: Source) -> str:
    names = [f"c{i}" for i in range(len(source.header))]
    return (
        f"SELECT _row::BIGINT AS _row, {_picks(source, names)} FROM {FRAME}"
        f" WHERE coalesce({', '.join(names)}) IS NOT NULL"
    )


def materialize(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    select: str,
    progress=None,
    params: dict[str, object] | None = None,
) -> list[Reject]:
    """Create the CHECKED temp table from `select` (which reads `src`); returns unreadable-row rejects.

    A CSV is read by Polars when it can be. Otherwise DuckDB reads it in tolerant mode, so a
    malformed row never raises (an error would abort the import's transaction): rows of the
    wrong shape become rejects, and the file is read again so the others keep their row numbers.
    """
    params = params or {}
    if not source.parquet:
        frame = polars_frame(source)
        if frame is not None:
            con.register(FRAME, frame)
            try:
                statement = (
                    f"CREATE OR REPLACE TEMP TABLE {CHECKED} AS WITH src AS ({frame_sql(source)}) {select}"
                )
                _run(con, statement, params, progress)
            finally:
                con.unregister(FRAME)
            return []
    sql, read_params = source_sql(source)
    statement = f"CREATE OR REPLACE TEMP TABLE {CHECKED} AS WITH src AS ({sql}) {select}"
    _run(con, statement, {**read_params, **params}, progress)
    if source.parquet:
        return []
    errors = con.execute(
        "SELECT line, arg_min(error_type, column_idx), min(column_idx), arg_min(error_message, column_idx)"
        f" FROM {RAW_ERRORS} GROUP BY line ORDER BY line"
    ).fetchall()
    _drop(con, RAW_ERRORS, RAW_SCANS)
    if not errors:
        return []
    unicode = [line for line, kind, _, _ in errors if "ENCODING" in str(kind) or "UNICODE" in str(kind)]
    if unicode:
        raise _not_utf8(source.path, int(unicode[0]))
    _renumber(con, source, select, progress, params)
    expected = len(source.header)
    return [
        Reject(
            str(source.path), int(line) - 1, "", f"unreadable row: {_shape(kind, fields, message, expected)}"
        )
        for line, kind, fields, message in errors
    ]


def _renumber(con, source: Source, select: str, progress, params: dict[str, object]) -> None:
    """Rebuild CHECKED giving good rows their true data row numbers, counting the skipped bad rows."""
    sql, read_params = source_sql(source)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {RAW} AS {sql}", read_params)
    # Good row k's true row is k + (bad rows before it); a bad row on line L is data row L - 1.
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {GAPS} AS SELECT line - 1 - rank AS good_before, max(rank) AS bad"
        f" FROM (SELECT line, row_number() OVER (ORDER BY line) AS rank FROM (SELECT DISTINCT line FROM {RAW_ERRORS}))"
        " GROUP BY ALL"
    )
    fixed = (
        f"SELECT r.* REPLACE (r._row + coalesce(g.bad, 0) AS _row) FROM {RAW} r"
        f" ASOF LEFT JOIN {GAPS} g ON r._row - 1 >= g.good_before"
    )
    _run(con, f"CREATE OR REPLACE TEMP TABLE {CHECKED} AS WITH src AS ({fixed}) {select}", params, progress)
    _drop(con, RAW, GAPS, RAW_ERRORS, RAW_SCANS)


def _drop(con: duckdb.DuckDBPyConnection, *tables: str) -> None:
    for table in tables:
        con.execute(f"DROP TABLE IF EXISTS {table}")


def _run(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, object], progress) -> None:
    if progress is None:
        con.execute(sql, params)
    else:
        progress.run(con, sql, params)


def _shape(kind: str, fields: int | None, message: str, expected: int) -> str:
    if kind == "MISSING COLUMNS" and fields is not None:
        return f"{fields} fields, expected {expected}"
    if kind == "TOO MANY COLUMNS":
        return f"more than {expected} fields"
    if kind == "UNQUOTED VALUE":
        return "a quote is not closed or is followed by other text"
    return _first_line_text(message or "malformed CSV")


def _not_utf8(path: Path, line: int) -> DataError:
    where = f" (first bad character on line {line})" if line else ""
    return DataError(
        f"{path} is not UTF-8 text{where}.",
        "Save it again as 'CSV UTF-8 (comma delimited)' (Excel) or re-encode it to UTF-8, then import it.",
    )


def _first_line(exc: BaseException) -> str:
    return _first_line_text(str(exc))


def _first_line_text(message: str) -> str:
    lines = [line for line in message.strip().splitlines() if line.strip()]
    return lines[0] if lines else "unknown error"


def open_source(
    con: duckdb.DuckDBPyConnection, path: Path, kind: str, column_map: dict[str, str] | None
) -> Source:
    """Check a file's header against its kind and say where each column is (before anything is written)."""
    from psg_tui.importing.kinds import LAYOUTS, ons_columns

    if column_map and kind in ("police-uk", "ons-wards"):
        raise UsageError(f"--map does not apply to {kind} files: their columns are fixed by the publisher.")
    is_parquet = path.suffix.lower() in (".parquet", ".pq")
    if is_parquet and kind != "incidents":
        raise DataError(f"{path} is a Parquet file; {kind} files are read as CSV.", "Export it as CSV.")
    header = parquet_header(con, path) if is_parquet else read_header(path)
    if kind == "ons-wards":
        positions = ons_columns(header)
        if positions is None:
            raise wrong_header(path, kind, header, ["LSOA11CD", "LSOA11NM", "WD19CD", "WD19NM"])
        return Source(path, kind, header, dict(positions))
    unknown = sorted(set(column_map or {}) - set(LAYOUTS[kind].canonical))
    if unknown:
        raise UsageError(
            f"The column map names {', '.join(unknown)}, which {kind} files do not have.",
            f"Map these columns: {', '.join(LAYOUTS[kind].canonical)}.",
        )
    source = resolve(path, kind, header, LAYOUTS[kind], column_map)
    source.parquet = is_parquet
    return source


def load_column_map(path: Path) -> dict[str, str]:
    """Read a --map file: TOML `canonical = "their header"` lines, or a two-column CSV.

    TOML (keys may also sit under a `[columns]` table)::

        id = "Incident Ref"
        occurred = "Date Reported"

    CSV: a header `canonical,theirs` then one row per column.
    """
    if not path.is_file():
        raise MissingInputError(f"There is no column map file at {path}.", "Check the --map path.")
    raw = path.read_bytes()
    try:
        body = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _not_utf8(path, 0) from None
    if path.suffix.lower() == ".csv":
        rows = [row for row in csv.reader(io.StringIO(body)) if row and any(cell.strip() for cell in row)]
        if rows and [cell.strip().lower() for cell in rows[0][:2]] == ["canonical", "theirs"]:
            rows = rows[1:]
        if any(len(row) != 2 for row in rows):
            raise UsageError(f"{path}: every row of a CSV column map needs two cells: canonical,theirs.")
        mapping = {row[0].strip(): row[1].strip() for row in rows}
    else:
        import tomllib

        try:
            data = tomllib.loads(body)
        except tomllib.TOMLDecodeError as exc:
            raise UsageError(
                f"{path} is not valid TOML: {exc}.", 'Write one line per column: id = "Ref"'
            ) from None
        data = data.get("columns", data)
        if not all(isinstance(value, str) for value in data.values()):
            raise UsageError(f'{path}: every value must be a column name in quotes, e.g. id = "Ref".')
        mapping = {key.strip(): value.strip() for key, value in data.items()}
    if not mapping:
        raise UsageError(f"{path} maps no columns.", 'Write one line per column: occurred = "Date Reported"')
    return mapping
