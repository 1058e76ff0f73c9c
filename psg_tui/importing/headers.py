"""Opening a file for its kind: the header matched to the kind's columns before anything is
written, or the file refused saying what was expected (and which kind it looks like)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from psg_tui.core.errors import DataError, UsageError
from psg_tui.importing.archive import Member
from psg_tui.importing.common import Layout, Source, header_key
from psg_tui.importing.contract import Kind
from psg_tui.importing.kinds import find_kind, guess_kind
from psg_tui.importing.reading import parquet_header, read_header
from psg_tui.importing.rejects import reject_columns


def open_source(
    con: duckdb.DuckDBPyConnection,
    item: Path | Member,
    kind: Kind,
    column_map: dict[str, str] | None,
) -> Source:
    """Check a file's header (or a zip member's) against its kind and say where each column is
    (before anything is written)."""
    member = item if isinstance(item, Member) else None
    path = item.path if isinstance(item, Member) else item
    if column_map and not kind.mappable:
        raise UsageError(
            f"--map does not apply to {kind.name} files: their columns are fixed by the publisher."
        )
    is_parquet = path.suffix.lower() in (".parquet", ".pq")
    if is_parquet and not kind.parquet:
        raise DataError(f"{path} is a Parquet file; {kind.name} files are read as CSV.", "Export it as CSV.")
    if is_parquet and member is not None:
        raise DataError(f"{path}: psg reads CSV files from a zip archive, not Parquet.", "Unzip it first.")
    header = parquet_header(con, path) if is_parquet else read_header(path, member)
    skip = reject_columns(header)  # a rejects file, corrected: its own four columns are not data
    source = _match(path, kind, header[skip:], column_map)
    if skip:
        source.header, source.lead = header, skip
        source.positions = {name: None if p is None else p + skip for name, p in source.positions.items()}
    source.parquet = is_parquet
    source.member = member
    return source


def _match(path: Path, kind: Kind, header: list[str], column_map: dict[str, str] | None) -> Source:
    if kind.find_columns is not None:  # columns named by year
        positions = kind.find_columns(header)
        if positions is None:
            raise wrong_header(path, kind.name, header, list(kind.layout.canonical))
        return Source(path, kind.name, header, dict(positions))
    layout = kind.layout
    unknown = sorted(set(column_map or {}) - set(layout.canonical))
    if unknown:
        raise UsageError(
            f"The column map names {', '.join(unknown)}, which {kind.name} files do not have.",
            f"Map these columns: {', '.join(layout.canonical)}.",
        )
    if kind.layout_for is not None:  # one of a publisher's files, told by its header
        layout = kind.layout_for(header) or layout
    return resolve(path, kind.name, header, layout, column_map)


def resolve(
    path: Path, kind: str, header: list[str], layout: Layout, column_map: dict[str, str] | None
) -> Source:
    """Match the file's header to the kind's columns, or refuse the file saying what was expected."""
    if layout.exact is not None:  # the publisher's columns, in order, whatever their case
        if [header_key(name) for name in header] != [header_key(name) for name in layout.exact]:
            raise wrong_header(path, kind, header, list(layout.exact))
        return Source(path, kind, header, {name: i for i, name in enumerate(layout.exact)})
    lowered = {name.lower(): i for i, name in reversed(list(enumerate(header)))}
    positions: dict[str, int | None] = {}
    for canonical in layout.canonical:
        wanted = (column_map or {}).get(canonical, canonical)
        position = lowered.get(wanted.strip().lower())
        if position is None and canonical not in (column_map or {}):
            position = next(
                (lowered[n.lower()] for n in layout.names(canonical) if n.lower() in lowered), None
            )
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
    lowered = {name.lower() for name in header}
    if {"easting", "northing"} <= lowered:
        hint = (
            "This is the old (2010-2012) police.uk layout with Easting/Northing. Download the current "
            "street-level files from data.police.uk (with Longitude, Latitude and LSOA code)."
        )
    elif len(header) > 2 and sum(1 for name in header if not name) * 2 > len(header):
        hint = (
            "Its first line is not a header row (most of its cells are blank): a spreadsheet saved as CSV "
            "keeps its title lines. Delete the lines above the header row, then import it again."
        )
    elif (other := guess_kind(header)) and other != kind:
        hint = f"It looks like a {other} file: import it with `psg db import DB {other} {path.name}`."
    else:
        hint = f"Check you chose the right KIND ({kind}); for other column names use --map FILE."
    found = find_kind(kind)
    layout = found.layout if found else None
    named = [
        f"{name} (or {' / '.join(layout.aliases[name])})" if layout and name in layout.aliases else name
        for name in missing or []
    ]
    detail = f" Missing: {', '.join(named)}." if missing else ""
    return DataError(
        f"{path} does not have the {kind} columns.{detail}\n"
        f"  Expected: {','.join(expected)}\n  Found:    {','.join(header)}",
        hint,
    )
