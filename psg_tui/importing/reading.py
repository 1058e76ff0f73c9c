"""Reading a file as text: its header, column maps, and the checked table each kind builds.

Every column is read as text together with its data row number (row 1 is the first row after
the header; blank lines are ignored but keep their place), so that a bad value becomes a reject
with a reason instead of stopping the reader, and a row's number is stable (police.uk ids are
built from it). A row with more or fewer fields than the header is unreadable and rejected
(see `rows`, which also accounts for every line of the file).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from psg_tui.core import bounded_toml, files
from psg_tui.core.errors import DataError, MissingInputError, UsageError
from psg_tui.importing.archive import Member
from psg_tui.importing.common import CHECKED, FRAME, IMPORT_FILE, Source, ident
from psg_tui.importing.rows import Rows, not_utf8

if TYPE_CHECKING:
    import polars as pl

    from psg_tui.importing.progress import Progress


def read_header(path: Path, member: Member | None = None) -> list[str]:
    """The header row, with clear messages for empty, binary and non-UTF-8 files."""
    if member is not None:
        head = member.head()
    else:
        try:
            head = files.read_bytes(path, files.IMPORT, IMPORT_FILE, head=1 << 16)
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
    if head.startswith(b"PK\x03\x04") and (b"xl/" in head or b"[Content_Types].xml" in head):
        raise DataError(
            f"{path} is an Excel workbook, not a CSV file.",
            "In Excel, open it and choose File > Save As > 'CSV UTF-8 (comma delimited)', then import "
            "the .csv file. Check its date columns afterwards: Excel may rewrite 2021-08 as Aug-21.",
        )
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise DataError(
            f"{path} is an old-style Excel workbook (.xls), not a CSV file.",
            "In Excel, open it and choose File > Save As > 'CSV UTF-8 (comma delimited)', then import "
            "the .csv file.",
        )
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        raise DataError(
            f"{path} is a zip archive, not a CSV file.",
            "Import a data.police.uk download as it is (`psg db import DB police-uk DOWNLOAD.zip`); "
            "for other kinds, unzip it first and import the CSV files inside.",
        )
    if head.startswith(b"PAR1"):
        raise DataError(
            f"{path} is a Parquet file.",
            "Give it a .parquet name; incidents, operations and interventions read Parquet.",
        )
    line = head.split(b"\n", 1)[0].rstrip(b"\r")
    if b"\x00" in line:
        raise DataError(f"{path} is not a text CSV file.", "Export the data as CSV (comma-separated, UTF-8).")
    try:
        first = line.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise not_utf8(path, 1) from exc
    return [name.strip() for name in next(csv.reader(io.StringIO(first)), [])]


def parquet_header(con: duckdb.DuckDBPyConnection, path: Path) -> list[str]:
    try:
        rows = con.execute(
            "SELECT name FROM parquet_schema($p) WHERE num_children IS NULL", {"p": str(path)}
        ).fetchall()
    except duckdb.Error as exc:
        raise DataError(f"{path} is not a readable Parquet file: {_first_line(exc)}") from None
    return [row[0] for row in rows]


def frame_sql(source: Source) -> str:
    """`_row` and every canonical column (NULL when the file lacks it) from the registered rows."""
    picks = ", ".join(
        f"c{p} AS {ident(name)}" if p is not None else f"NULL::VARCHAR AS {ident(name)}"
        for name, p in source.positions.items()
    )
    names = ", ".join(f"c{i}" for i in range(len(source.header)))
    return f"SELECT _row::BIGINT AS _row, {picks} FROM {FRAME} WHERE coalesce({names}) IS NOT NULL"


def materialize(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    select: str,
    progress: Progress | None = None,
    params: dict[str, object] | None = None,
) -> Rows:
    """Create the CHECKED temp table from `select` (which reads `src`); returns how the file's
    rows and lines add up, with the rows that could not be read (see `rows`)."""
    from psg_tui.importing.rows import drop_long_values, parquet_rows, read_rows

    rows = parquet_rows(_parquet_frame(con, source)) if source.parquet else read_rows(source)
    rows = drop_long_values(rows, source)
    con.register(FRAME, rows.frame)
    try:
        statement = f"CREATE OR REPLACE TEMP TABLE {CHECKED} AS WITH src AS ({frame_sql(source)}) {select}"
        _run(con, statement, params or {}, progress)
    finally:
        con.unregister(FRAME)
        rows.frame = rows.frame.clear()  # the checked table holds what is needed; free the text
    return rows


def _parquet_frame(con: duckdb.DuckDBPyConnection, source: Source) -> pl.DataFrame:
    casts = ", ".join(f"CAST({ident(name)} AS VARCHAR) AS c{i}" for i, name in enumerate(source.header))
    try:
        frame: pl.DataFrame = con.sql(
            f"SELECT file_row_number + 1 AS _row, {casts} FROM read_parquet($path, file_row_number = true)",
            params={"path": str(source.path)},
        ).pl()
        return frame
    except duckdb.Error as exc:
        raise DataError(f"{source.path} is not a readable Parquet file: {_first_line(exc)}") from None


def _run(
    con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, object], progress: Progress | None
) -> None:
    if progress is None:
        con.execute(sql, params)
    else:
        progress.run(con, sql, params)


def _first_line(exc: BaseException) -> str:
    return _first_line_text(str(exc))


def _first_line_text(message: str) -> str:
    lines = [line for line in message.strip().splitlines() if line.strip()]
    return lines[0] if lines else "unknown error"


def load_column_map(path: Path) -> dict[str, str]:
    """Read a --map file: TOML `canonical = "their header"` lines, or a two-column CSV.

    TOML (keys may also sit under a `[columns]` table)::

        id = "Incident Ref"
        occurred = "Date Reported"

    CSV: a header `canonical,theirs` then one row per column.
    """
    try:
        raw = files.read_bytes(path, files.TOML, "a column map (--map)")
    except FileNotFoundError:
        raise MissingInputError(f"There is no column map file at {path}.", "Check the --map path.") from None
    try:
        body = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise not_utf8(path, 0) from None
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
            data = bounded_toml.loads(body)
        except bounded_toml.TooDeep as exc:
            raise UsageError(
                f"{path}: {exc}{exc.where()}.", 'Write one line per column: id = "Ref"'
            ) from None
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
