"""The rejects file: each rejected row with why, and its own values, so it can be corrected and
imported again as it is.

Its columns are `file, row, column, reason` and then the rejected files' own columns (their
header, as written), holding each row's values as the file had them. An import reads such a
file like the original: the four leading columns are recognised by name and left out
(`reject_columns`). A value the import refused because it may identify a person (an
intervention's subject) is not copied: the cell is left empty, as the reason never repeats it.
"""

from __future__ import annotations

import contextlib
import csv
import io
from collections import defaultdict
from pathlib import Path

from psg_tui.importing.common import Reject, header_key

REJECT_COLUMNS = ("file", "row", "column", "reason")


def reject_columns(header: list[str]) -> int:
    """How many leading columns of `header` are a rejects file's own (4), else 0."""
    lead = [header_key(name) for name in header[: len(REJECT_COLUMNS)]]
    return len(REJECT_COLUMNS) if lead == list(REJECT_COLUMNS) and len(header) > len(REJECT_COLUMNS) else 0


def rejects_table(rejects: list[Reject]) -> tuple[list[str], list[tuple[object, ...]]]:
    """The rejects file's header and rows: each reject with its row's values from its file."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for reject in rejects:
        wanted[reject.file].add(reject.row)
    headers: dict[str, list[str]] = {}
    values: dict[str, dict[int, list[str]]] = {}
    for name, rows in wanted.items():
        headers[name], values[name] = _read_rows(Path(name), rows)
    columns: list[str] = []
    for header in headers.values():  # the files' columns, each once, in the order first met
        columns += [c for c in header if c not in columns and c not in REJECT_COLUMNS]
    table = []
    for reject in rejects:
        header, found = headers[reject.file], values[reject.file].get(reject.row, [])
        own = dict(zip(header, found, strict=False))
        if reject.withheld:
            own[reject.column] = ""
        table.append(
            (reject.file, reject.row, reject.column, reject.reason, *(own.get(c, "") for c in columns))
        )
    return [*REJECT_COLUMNS, *columns], table


def _read_rows(path: Path, rows: set[int]) -> tuple[list[str], dict[int, list[str]]]:
    """The file's header (without a rejects file's own four columns) and the values of `rows`
    (1 = the first row after the header, blank lines counted, as the import numbers them).
    A file that cannot be read again gives no values: the reject is still listed."""
    try:
        if path.suffix.lower() in (".parquet", ".pq"):
            return _parquet_rows(path, rows)
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
    except (OSError, ValueError):
        return [], {}
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] = []
    found: dict[int, list[str]] = {}
    with contextlib.suppress(StopIteration):
        header = [name.strip() for name in next(reader)]
    skip = reject_columns(header)
    last = max(rows, default=0)
    record = 0
    while record < last:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error:
            record += 1
            continue
        record += 1
        if record in rows:
            found[record] = fields[skip:]
    return header[skip:], found


def _parquet_rows(path: Path, rows: set[int]) -> tuple[list[str], dict[int, list[str]]]:
    import polars as pl

    frame = pl.read_parquet(path).with_row_index("_row", offset=1)
    picked = frame.filter(pl.col("_row").is_in(sorted(rows)))
    header = [c for c in frame.columns if c != "_row"]
    found = {
        int(row["_row"]): ["" if row[c] is None else str(row[c]) for c in header]
        for row in picked.iter_rows(named=True)
    }
    return header, found
