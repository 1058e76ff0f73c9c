"""A psg-tui database as a Parquet dataset: written by `psg db export DB --parquet DIR`, read by
`psg open DIR` and `psg query DIR ...` with the same panels and the same answers.

The folder holds one folder of Parquet files per table and a manifest:

    DIR/manifest.json                         format, schema version, as-of, every file
    DIR/incidents/part_force=cleveland-police/part_month=2024-06/data_0.parquet   (by force, month)
    DIR/outcomes/part_force=cleveland-police/part_month=2024-06/data_0.parquet   (by force, month)
    DIR/areas/data.parquet                    (every other table, the kept counts among them)

The partition values are slugs in the path only: every row keeps its own columns in the file, so
the tables read back with the types the database gave them. The manifest lists each file with its
rows, bytes and SHA-256; opening checks that every file is there with its size and rows (from the
Parquet footers, without reading the data), so a missing partition or a file that is not Parquet
is named rather than shown as a smaller figure. `verify_checksums` reads every byte (`psg db
check DIR`).

Opened, the dataset is an in-memory DuckDB whose tables are views over exactly the listed files,
locked down as every connection is (`database.connect`): SQL may read those files and nothing else.
The small tables (registers, areas, the kept counts: up to IN_MEMORY_ROWS) are read into memory
once on opening, and DuckDB keeps every file's footer after its first read, so a panel's query
decodes only the partitions' data (at 1M incidents, a cold area load 0.4-0.55x what reading every
table from its files took).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from psg_tui.core.errors import DataError, MissingInputError, OutputError
from psg_tui.core.safe_text import printable

MANIFEST = "manifest.json"
FORMAT = "psg-tui parquet dataset"
FORMAT_VERSION = 1
MANIFEST_LIMIT = 64 * 1024 * 1024  # bytes: a manifest larger than this is not one we wrote
# Tables written in partitions: (partition column name, SQL giving its value), by table.
PARTITIONS: dict[str, tuple[tuple[str, str], ...]] = {
    # police.uk rows by the force named in their batch ('police-uk:2024-06:Cleveland Police'),
    # a local extract's by its source
    "incidents": (
        ("force", "CASE WHEN source = 'police-uk' THEN split_part(batch, ':', 3) ELSE source END"),
        ("month", "strftime(month, '%Y-%m')"),
    ),
    "outcomes": (("force", "force"), ("month", "strftime(month, '%Y-%m')")),
}
# A table of no more rows than this, not partitioned, is read into memory when the dataset is
# opened (a few MB at most; a nation's registers and kept counts beyond it stay files).
IN_MEMORY_ROWS = 500_000
_PART_PREFIX = "part_"  # the partition columns as written (dropped again when read)


def is_dataset(path: Path) -> bool:
    return path.is_dir() and (path / MANIFEST).is_file()


# -- writing ---------------------------------------------------------------------------------


def export_dataset(
    con: duckdb.DuckDBPyConnection, tables: Iterable[str], dest: Path, meta: dict[str, str]
) -> dict[str, Any]:
    """Write `tables` of `con` under `dest` (a new folder) with a manifest; return the manifest.

    Everything is written into a hidden folder beside `dest`, which is renamed to `dest` only
    once the manifest is written: an export stopped half-way leaves no dataset behind.
    `con` must be allowed to write there (`database.connect(..., writes=...)`)."""
    dest = Path(dest)
    if dest.exists():
        raise OutputError(f"{dest} already exists.", "Choose a new folder name for the export.")
    if not dest.parent.is_dir():
        raise OutputError(
            f"The folder {dest.parent} does not exist.", "Create it first, or choose another path."
        )
    work = dest.parent / f".{dest.name}.partial"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir()
    try:
        listed: dict[str, Any] = {}
        for table in tables:
            listed[table] = _export_table(con, table, work)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "schema_version": meta.get("schema_version", ""),
            "as_of": meta.get("as_of"),
            "title": meta.get("title"),
            "classification": meta.get("classification"),
            "exported": datetime.now(UTC).isoformat(timespec="seconds"),
            "tables": listed,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(work, dest)
    except (OSError, duckdb.Error) as exc:
        shutil.rmtree(work, ignore_errors=True)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc).splitlines()[0]
        raise OutputError(f"Could not write the dataset {dest}: {reason}. Nothing was written.") from None
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return manifest


def _export_table(con: duckdb.DuckDBPyConnection, table: str, work: Path) -> dict[str, Any]:
    folder = work / table
    rows = int(con.execute(f'SELECT count(*) FROM "{table}"').fetchall()[0][0])
    parts = PARTITIONS.get(table)
    if parts and rows:
        extra = ", ".join(
            f"regexp_replace(lower(CAST({sql} AS VARCHAR)), '[^a-z0-9]+', '-', 'g') AS {_PART_PREFIX}{name}"
            for name, sql in parts
        )
        by = ", ".join(f"{_PART_PREFIX}{name}" for name, _sql in parts)
        con.execute(
            f'COPY (SELECT *, {extra} FROM "{table}") TO $dest (FORMAT parquet, PARTITION_BY ({by}))',
            {"dest": str(folder)},
        )
    else:
        folder.mkdir()
        con.execute(
            f'COPY (SELECT * FROM "{table}") TO $dest (FORMAT parquet)',
            {"dest": str(folder / "data.parquet")},
        )
    files = sorted(p for p in folder.rglob("*.parquet"))
    counts = _file_rows(con, files)
    by_month = bool(parts and rows and any(name == "month" for name, _sql in parts))
    return {
        "rows": rows,
        "partitioned_by": [name for name, _sql in parts] if parts and rows else [],
        # Every row's month is the first day of its partition's month (as the imports store it):
        # a reader may take `month` from the path, so a filter on it skips the other partitions.
        "month_from_partition": by_month
        and not con.execute(
            f"SELECT count(*) FROM \"{table}\" WHERE month IS DISTINCT FROM date_trunc('month', month)"
        ).fetchall()[0][0],
        "files": [
            {
                "path": p.relative_to(work).as_posix(),
                "rows": counts[str(p)],
                "bytes": p.stat().st_size,
                "sha256": _sha256(p),
            }
            for p in files
        ],
    }


def _file_rows(con: duckdb.DuckDBPyConnection, files: list[Path]) -> dict[str, int]:
    if not files:
        return {}
    found = con.execute(
        "SELECT file_name, num_rows FROM parquet_file_metadata($files)", {"files": [str(p) for p in files]}
    ).fetchall()
    return {str(name): int(rows) for name, rows in found}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# -- reading ---------------------------------------------------------------------------------


def read_manifest(folder: Path) -> dict[str, Any]:
    """The dataset's manifest, checked for shape; a DataError naming what is wrong."""
    path = folder / MANIFEST
    try:
        if path.stat().st_size > MANIFEST_LIMIT:
            raise DataError(f"{path} is too large to be a psg-tui manifest.", _REEXPORT)
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise MissingInputError(
            f"Could not read {path}: {exc.strerror}.", "Ask its owner for read access."
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(f"{path} is not a psg-tui manifest ({exc}).", _REEXPORT) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise DataError(f"{path} is not a psg-tui manifest (no format {FORMAT!r}).", _REEXPORT)
    tables = manifest.get("tables")
    if not isinstance(tables, dict) or not all(
        isinstance(t, dict) and isinstance(t.get("files"), list) and isinstance(t.get("rows"), int)
        for t in tables.values()
    ):
        raise DataError(f"{path} lists its tables in a form this psg-tui does not read.", _REEXPORT)
    return manifest


_REEXPORT = "Export the database again with `psg db export DB --parquet NEW_FOLDER`."


def dataset_files(folder: Path, manifest: dict[str, Any]) -> dict[str, list[Path]]:
    """Every table's files, each checked to be inside the folder, present and of its size."""
    root = folder.resolve()
    found: dict[str, list[Path]] = {}
    for table, entry in manifest["tables"].items():
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", str(table)):
            raise DataError(f"{folder / MANIFEST} names a table {printable(str(table))!r}.", _REEXPORT)
        paths = []
        for item in entry["files"]:
            relative = str(item.get("path", "")) if isinstance(item, dict) else ""
            path = (folder / relative).resolve()
            if not relative or root not in path.parents or path.suffix != ".parquet":
                raise DataError(
                    f"{folder / MANIFEST} lists a file outside the dataset: {printable(relative)!r}.",
                    _REEXPORT,
                )
            try:
                size = path.stat().st_size
            except OSError:
                raise DataError(
                    f"The dataset {folder} is missing {relative} ({table}): a partition was not copied.",
                    "Copy the whole folder again, or export the database again.",
                ) from None
            if size != item.get("bytes"):
                raise DataError(
                    f"{folder / relative} is {size:,} bytes; the manifest says {item.get('bytes')}: "
                    "it was changed or cut short after the export.",
                    "Copy the whole folder again, or export the database again.",
                )
            paths.append(path)
        found[table] = paths
    return found


def verify_checksums(folder: Path, manifest: dict[str, Any]) -> list[str]:
    """The files whose SHA-256 differs from the manifest's (every byte read)."""
    return [
        item["path"]
        for entry in manifest["tables"].values()
        for item in entry["files"]
        if _sha256(folder / item["path"]) != item.get("sha256")
    ]


def create_views(
    con: duckdb.DuckDBPyConnection,
    folder: Path,
    manifest: dict[str, Any],
    files: dict[str, list[Path]],
) -> None:
    """Each table a view over its listed files; rows checked against the manifest from the
    footers. A small table (up to IN_MEMORY_ROWS, not partitioned: the kept counts, the areas,
    the registers) is read into memory once instead, so a panel does not decode its files again
    on every key; the partitioned tables and any large one stay views over their files."""
    for table, paths in files.items():
        entry = manifest["tables"][table]
        try:
            counts = _file_rows(con, paths)
        except duckdb.Error:
            raise DataError(
                f"{_not_parquet(con, paths) or folder / table} is not a Parquet file.", _REEXPORT
            ) from None
        total = sum(counts.values())
        if total != entry["rows"]:
            raise DataError(
                f"The dataset {folder} holds {total:,} {table} rows; its manifest says {entry['rows']:,}.",
                "Copy the whole folder again, or export the database again.",
            )
        listed = ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths)
        parts = [f"{_PART_PREFIX}{name}" for name in entry.get("partitioned_by") or []]
        # The partition values are read as text, never guessed as numbers or dates.
        types = ", ".join(f"'{p}': VARCHAR" for p in parts)
        hive = f"hive_partitioning = true, hive_types = {{{types}}}"
        source = f"read_parquet([{listed}], {hive if parts else 'hive_partitioning = false'})"
        select = f"SELECT * EXCLUDE ({', '.join(parts)})" if parts else "SELECT *"
        if parts and entry.get("month_from_partition") is True and f"{_PART_PREFIX}month" in parts:
            columns = [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()]
            select = "SELECT " + ", ".join(
                # the same dates, from the path: a panel's month filter reads its months' files only
                f"strptime({_PART_PREFIX}month, '%Y-%m')::DATE AS month" if c == "month" else f'"{c}"'
                for c in columns
                if c not in parts
            )
        what = "TABLE" if not parts and total <= IN_MEMORY_ROWS else "VIEW"
        con.execute(f'CREATE {what} "{table}" AS {select} FROM {source}')


def _not_parquet(con: duckdb.DuckDBPyConnection, paths: list[Path]) -> Path | None:
    for path in paths:
        try:
            _file_rows(con, [path])
        except duckdb.Error:
            return path
    return None
