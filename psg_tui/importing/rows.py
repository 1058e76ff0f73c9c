"""Reading a CSV so that every line of it is accounted for: stored, rejected, skipped or blank.

Polars parses a file on every core, but it reads a row with too few fields as if the missing
ones were blank, and it cannot say how many lines a row took. So its result is checked
against the file's bytes: with no quote character in the file every line is one row, and the
commas must number (columns - 1) per row; with quotes, the same holds once the quoted parts
are taken out. Any row short of fields is found line by line and rejected. A file that Polars
refuses or that fails these checks (a quote never closed, a row too long, bad UTF-8) is read
by Python's csv module in strict mode, which says exactly which lines each row took, so an
unterminated quote rejects its row and says which lines it swallowed instead of losing them.

Control characters (ESC, BEL and the rest of C0 and C1, not tab) are removed from every value
and line breaks inside a value become spaces: a value is shown on terminals and screens. A row
with a value longer than MAX_TEXT characters is rejected (`drop_long_values`): no field psg keeps
needs more, and a megabyte of text in an operation's aims would slow every view that shows it.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from psg_tui.core import files
from psg_tui.core.errors import DataError, MissingInputError
from psg_tui.importing.common import IMPORT_FILE, Reject, Source

if TYPE_CHECKING:
    import polars as pl

CONTROL_BYTES = bytes([*range(0, 9), 11, 12, *range(14, 32), 127])
# One pass over a file keeps only the bytes that matter here; counting them is then cheap.
SPECIAL = b',\n"\r' + CONTROL_BYTES
NOT_SPECIAL = bytes(b for b in range(256) if b not in SPECIAL)
C1_BYTES = re.compile(rb"\xc2[\x80-\x9f]")
QUOTED = re.compile(rb'"[^"]*"')
CONTROL_PATTERN = r"[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]"
BREAK_PATTERN = r"\r\n|\r|\n"
CONTROL_TEXT = re.compile(CONTROL_PATTERN)
BREAK_TEXT = re.compile(BREAK_PATTERN)


@dataclass
class Rows:
    """A file's rows as text: `_row` (1 = the first row after the header; blank lines count)
    and c0..cN (None when empty), with what could not be read and how the lines add up."""

    frame: pl.DataFrame
    rejects: list[Reject]
    records: int  # rows the file holds, blank and unreadable ones included
    lines: int  # data lines (after the header); more than records when a row spans lines
    cleaned: int = 0  # values that had control characters removed
    broken: int = 0  # values whose line breaks became spaces
    unit: str = "lines"
    notes: list[str] = field(default_factory=list)
    # A partial file: the row its last line cuts off (it has no line end and cannot be read) ...
    cut_row: int | None = None
    # ... or what damaged the zip member it was read from (only the bytes before it were read).
    damaged: str | None = None


def read_rows(source: Source) -> Rows:
    damaged = None
    if source.member is not None:
        body, damaged = source.member.read()
    else:
        body = _read_bytes(source.path)
    start = _data_start(body)
    facts = Facts.of(body, start)
    names = [f"c{i}" for i in range(len(source.header))]
    rows = None
    frame = _polars(source.path if source.member is None else body, names)
    if frame is not None:
        rows = _check_against_bytes(source, body, start, facts, frame)
    if rows is None:
        rows = _read_exactly(source, body)
    rows.damaged = damaged
    rows.cut_row = _cut_row(body, start, rows)
    return _clean(rows, names, facts)


def _cut_row(body: bytes, start: int, rows: Rows) -> int | None:
    """The last row, when the file ends without a line end in the middle of it (too few fields,
    or a quote left open): the mark of a download that stopped part-way."""
    if len(body) <= start or body.endswith(b"\n"):
        return None
    last = rows.records
    unreadable = any(r.row == last and r.reason.startswith("unreadable row") for r in rows.rejects)
    return last if unreadable else None


# The longest value any column of any import may hold, in characters (an operation's aims, a
# closure order's premises): a few pages of text.
MAX_TEXT = 10_000


def drop_long_values(rows: Rows, source: Source) -> Rows:
    """Reject (and leave out) each row holding a value longer than MAX_TEXT characters, naming
    its first such column and the length, never the text."""
    import polars as pl

    frame = rows.frame
    names = [c for c in frame.columns if c != "_row"]
    if not names or frame.height == 0:
        return rows
    # A value's bytes are never fewer than its characters, and their count costs nothing to read.
    suspects = frame.filter(pl.any_horizontal([pl.col(n).str.len_bytes() > MAX_TEXT for n in names]))
    if suspects.height == 0:
        return rows
    lengths = suspects.select("_row", *[pl.col(n).str.len_chars().fill_null(0).alias(n) for n in names])
    long_rows: set[int] = set()
    for record in lengths.iter_rows(named=True):
        first = next((i for i, n in enumerate(names) if record[n] > MAX_TEXT), None)
        if first is None:
            continue
        row = int(record["_row"])
        long_rows.add(row)
        rows.rejects.append(
            Reject(
                str(source.path),
                row,
                source.header[first] if first < len(source.header) else names[first],
                f"the value is {record[names[first]]:,} characters long; a value may have at most "
                f"{MAX_TEXT:,} (a typing or export mistake?)",
            )
        )
    if long_rows:
        rows.frame = frame.filter(~pl.col("_row").is_in(sorted(long_rows)))
        rows.rejects.sort(key=lambda r: r.row)
    return rows


def parquet_rows(frame: pl.DataFrame) -> Rows:
    """A Parquet file's rows (already read by DuckDB); every value is still cleaned."""
    names = [c for c in frame.columns if c != "_row"]
    rows = Rows(frame, [], frame.height, frame.height, unit="rows")
    return _clean(rows, names, None)


@dataclass(frozen=True)
class Facts:
    """Counts of the bytes after the header that decide how a file can be read."""

    commas: int
    lines: int
    quotes: int
    controls: bool  # C0 (not tab, CR, LF), DEL or C1 control characters
    lone_cr: bool  # a CR that does not end a line

    @classmethod
    def of(cls, body: bytes, start: int) -> Facts:
        special = body.translate(None, NOT_SPECIAL)
        head = body[:start].translate(None, NOT_SPECIAL)
        counts = {c: special.count(c) - head.count(c) for c in (b",", b"\n", b'"', b"\r")}
        controls = len(special) - len(head) - sum(counts.values())
        c1 = b"\xc2" in body and C1_BYTES.search(body, start) is not None
        crs = counts[b"\r"]
        open_end = len(body) > start and not body.endswith(b"\n")
        return cls(
            commas=counts[b","],
            lines=counts[b"\n"] + open_end,
            quotes=counts[b'"'],
            controls=bool(controls) or c1,
            lone_cr=bool(crs) and crs != body.count(b"\r\n", start),
        )


# ----------------------------------------------------------------------------- fast path


def _polars(path: Path | bytes, names: list[str]) -> pl.DataFrame | None:
    import polars as pl

    try:
        return pl.read_csv(
            path if isinstance(path, Path) else io.BytesIO(path),
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


def _check_against_bytes(
    source: Source, body: bytes, start: int, facts: Facts, frame: pl.DataFrame
) -> Rows | None:
    """Polars' rows checked against the bytes; None when only an exact read can tell."""
    records = frame.height
    commas, plain_lines, plain = facts.commas, facts.lines, None
    if facts.quotes:
        plain = QUOTED.sub(b"", body[start:])
        if b'"' in plain:
            return None  # a quote that is never closed
        commas, plain_lines = plain.count(b","), _count_lines(plain)
    if plain_lines != records:
        return None
    expected = len(source.header) - 1
    rejects: list[Reject] = []
    if commas != expected * records:
        short = [
            (row, found + 1)
            for row, line in enumerate(_split_lines(body[start:] if plain is None else plain), start=1)
            if (found := line.count(b",")) != expected and line not in (b"", b"\r")
        ]
        if any(fields > expected + 1 for _, fields in short):
            return None
        rejects = [_short(source, row, fields) for row, fields in short]
    if facts.lines > records:
        rejects += _swallowing(source, frame)
    if rejects:
        frame = _without(frame, [r.row for r in rejects])
    return Rows(frame, rejects, records, facts.lines)


def _swallowing(source: Source, frame: pl.DataFrame) -> list[Reject]:
    """Rows with a value holding a whole line of commas: a quote left open took in other rows."""
    import polars as pl

    names = [c for c in frame.columns if c != "_row"]
    multi = frame.filter(pl.any_horizontal(pl.col(n).str.contains("\n", literal=True) for n in names))
    found = []
    for record in multi.iter_rows(named=True):
        values = [record[n] for n in names]
        if _swallows(values, len(names)):
            found.append(_open_quote(source, record["_row"], None))
    return found


def _without(frame: pl.DataFrame, rows: list[int]) -> pl.DataFrame:
    import polars as pl

    return frame.filter(~pl.col("_row").is_in(rows))


# ----------------------------------------------------------------------------- exact path


def _read_exactly(source: Source, body: bytes) -> Rows:
    """Python's csv module, strict: slower, but it knows which lines every row took."""
    import polars as pl

    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise not_utf8(source.path, body[: exc.start].count(b"\n") + 1) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    ncols = len(source.header)
    with contextlib.suppress(StopIteration, csv.Error):
        next(reader)  # the header, checked already
    header_lines = reader.line_num
    numbers: list[int] = []
    columns: list[list[str | None]] = [[] for _ in range(ncols)]
    rejects: list[Reject] = []
    record = 0
    while True:
        first = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            record += 1
            last = max(reader.line_num, first)
            if "unexpected end of data" in str(exc):
                rejects.append(_open_quote(source, record, (first, last)))
            else:
                rejects.append(
                    _unreadable(source, record, "a quote is not closed or is followed by other text")
                )
            continue
        record += 1
        if not fields:
            continue  # a blank line
        last = reader.line_num
        if len(fields) != ncols:
            rejects.append(_short(source, record, len(fields)))
            continue
        if last > first and _swallows(fields, ncols):
            rejects.append(_open_quote(source, record, (first, last)))
            continue
        numbers.append(record)
        for column, value in zip(columns, fields, strict=True):
            column.append(value or None)
    data = {"_row": pl.Series(numbers, dtype=pl.Int64)}
    data.update({f"c{i}": pl.Series(values, dtype=pl.String) for i, values in enumerate(columns)})
    return Rows(pl.DataFrame(data), rejects, record, reader.line_num - header_lines)


def _swallows(values: Sequence[str | None], ncols: int) -> bool:
    """A value with a later line holding a row's worth of commas is other rows, not text."""
    return any(
        value and "\n" in value and any(line.count(",") >= ncols - 1 for line in value.split("\n")[1:])
        for value in values
    )


# ----------------------------------------------------------------------------- cleaning


def _clean(rows: Rows, names: list[str], facts: Facts | None) -> Rows:
    """Control characters out of every value; line breaks in a value become spaces.

    `facts` None (Parquet): no bytes were seen, so every value is cleaned."""
    import polars as pl

    if not names or rows.frame.height == 0:
        return rows
    controls = facts is None or facts.controls
    breaks = facts is None or facts.lone_cr or rows.lines > rows.records
    if not (controls or breaks):
        return rows
    frame = rows.frame
    if breaks:
        fixed = [pl.col(n).str.replace_all(BREAK_PATTERN, " ") for n in names]
        rows.broken = _changed(frame, names, fixed)
        frame = frame.with_columns(fixed)
    if controls:
        fixed = [pl.col(n).str.replace_all(CONTROL_PATTERN, "") for n in names]
        rows.cleaned = _changed(frame, names, fixed)
        frame = frame.with_columns(fixed)
    rows.frame = frame
    if rows.cleaned:
        rows.notes.append(
            f"control characters (such as ESC or BEL, which can change a terminal) removed from "
            f"{rows.cleaned:,} value(s)"
        )
    if rows.broken:
        rows.notes.append(f"line breaks inside {rows.broken:,} value(s) replaced by spaces")
    return rows


def _changed(frame: pl.DataFrame, names: list[str], fixed: list[pl.Expr]) -> int:
    import polars as pl

    checks = [(pl.col(n) != f).fill_null(False).cast(pl.Int64) for n, f in zip(names, fixed, strict=True)]
    return int(frame.select(pl.sum_horizontal(checks).sum()).item() or 0)


# ----------------------------------------------------------------------------- pieces


def _read_bytes(path: Path) -> bytes:
    try:
        return files.read_bytes(path, files.IMPORT, IMPORT_FILE)
    except OSError as exc:
        raise MissingInputError(
            f"Could not read {path}: {exc.strerror}.", "Check the path and permissions."
        ) from None


def _data_start(body: bytes) -> int:
    end = body.find(b"\n")
    return len(body) if end < 0 else end + 1


def _split_lines(data: bytes) -> list[bytes]:
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return lines


def _count_lines(data: bytes) -> int:
    return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)


def _short(source: Source, row: int, fields: int) -> Reject:
    expected = len(source.header)
    shape = f"more than {expected} fields" if fields > expected else f"{fields} fields, expected {expected}"
    return _unreadable(source, row, shape)


def _open_quote(source: Source, row: int, lines: tuple[int, int] | None) -> Reject:
    where = f" (lines {lines[0]}-{lines[1]} of the file)" if lines and lines[1] > lines[0] else ""
    return _unreadable(
        source,
        row,
        f"a quote opened in this row is never closed, so the lines after it were read into it{where};"
        " close the quote and import the file again",
    )


def _unreadable(source: Source, row: int, why: str) -> Reject:
    return Reject(str(source.path), row, "", f"unreadable row: {why}")


def not_utf8(path: Path, line: int) -> DataError:
    where = f" (first bad character on line {line})" if line else ""
    return DataError(
        f"{path} is not UTF-8 text{where}.",
        "Save it again as 'CSV UTF-8 (comma delimited)' (Excel) or re-encode it to UTF-8, then import it.",
    )
