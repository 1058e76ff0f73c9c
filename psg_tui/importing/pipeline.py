"""Running an import: which files, all-or-nothing per file, strict mode, progress.

Every file's header is checked before anything is written. Each kind's `prepare` then reads
and validates a whole file into a temporary table without touching the database's tables, and
`apply` writes its good rows. Nothing can refuse a file after its first row is written, so a
file is either wholly in (its good rows) or not in at all.

Before a file is written it is refused (nothing of it stored) when: --strict and it has
rejects; it has rows but none could be stored (another force's file, say); or it would
replace a police.uk month or a ward's LSOAs with less than half of what they hold
(`SHRINK_LIMIT`), unless --replace. Every data line must be stored, rejected, skipped or
blank: counts that do not add up stop the import rather than lose rows.
"""

from __future__ import annotations

import contextlib
import sys
import time
from datetime import date
from pathlib import Path

import duckdb

from psg_tui.core.errors import DataError, MissingInputError, PsgError, UsageError
from psg_tui.core.files import IMPORT, regular_file
from psg_tui.importing.common import (
    CHECKED,
    IMPORT_FILE,
    SHRINK_LIMIT,
    ImportSummary,
    Source,
    counted,
    drop_temp_tables,
)
from psg_tui.importing.contract import Kind, Options, Prepared, unused_columns_warning
from psg_tui.importing.derived import after_import
from psg_tui.importing.headers import open_source
from psg_tui.importing.kinds import KINDS, find_kind, kind_named
from psg_tui.importing.staging import Stager

COMMIT_ROWS = 1_000_000


class ImportRejected(DataError):
    """A file was refused after reading it (--strict rejects, nothing storable, a shrink):
    nothing from it was stored. Carries every summary so far."""

    def __init__(self, message: str, hint: str | None, summaries: list[ImportSummary]) -> None:
        super().__init__(message, hint)
        self.summaries = summaries


def import_files(
    con: duckdb.DuckDBPyConnection,
    name: str,
    files: list[Path],
    *,
    strict: bool = False,
    source: str | None = None,
    column_map: dict[str, str] | None = None,
    progress: bool = False,
    replace: bool = False,
) -> list[ImportSummary]:
    """Import into an open writable connection; each file is all-or-nothing.

    Every file's header is checked before anything is written, so a refused file (wrong
    columns, empty, not UTF-8 in its header) changes nothing. A file is then read and validated
    in full before any of its rows are written: if it is refused at that stage (not UTF-8, or
    rejects with `strict`, which raises ImportRejected), the files before it stay imported and
    nothing of it is. Files share a DuckDB transaction, committed at a file boundary once it
    holds a million rows, at the end, or before raising (far faster than a commit per file:
    DuckDB then writes whole row groups instead of a log); an unexpected database error rolls
    back the files since the last commit. Inside a caller's own transaction, the caller commits.
    """
    kind = kind_named(name)
    options = Options(strict=strict, source=source, column_map=column_map, replace=replace)
    sources = _open_all(con, kind, files, options)
    if progress and sys.stderr.isatty():
        from psg_tui.importing.progress import ProgressBar

        options.progress = ProgressBar.start([s.path for s in sources])
    summaries: list[ImportSummary] = []
    touched: set[date] = set()  # months whose incidents were written since the derived tables were refreshed
    owned = _begin(con)
    stager = (
        Stager(con, sources, kind.prepare, options) if owned and kind.staged and len(sources) > 1 else None
    )
    try:
        _write_all(con, kind, sources, options, stager, owned, summaries, touched)
    except PsgError:
        after_import(con, kind, touched)
        _end(con, owned, "COMMIT")  # keep the files before this one; nothing of this one was written
        raise
    except duckdb.Error as exc:
        _end(con, owned, "ROLLBACK")
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DataError(
            f"Import failed, so nothing from this import was stored: {detail}",
            "This is a bug or a damaged database: run `psg db check DB`, and report it if that is clean.",
        ) from exc
    except BaseException:
        _end(con, owned, "ROLLBACK")
        raise
    finally:
        if stager:
            stager.close()
        if options.progress:
            options.progress.stop()
    try:
        after_import(con, kind, touched)
    except BaseException:
        _end(con, owned, "ROLLBACK")
        raise
    _end(con, owned, "COMMIT")
    return summaries


def _open_all(
    con: duckdb.DuckDBPyConnection, kind: Kind, files: list[Path], options: Options
) -> list[Source]:
    """Every file's header checked against its kind, and the kind's own checks of them all,
    before anything is written."""
    if options.source is not None and not kind.takes_source:
        takes = ", ".join(k.name for k in KINDS if k.takes_source)
        raise UsageError(f"--source applies only to {takes} files.", "Leave it out for this kind.")
    sources = [
        open_source(con, path, kind, options.column_map)
        for path in expand_files(kind.name, [Path(f) for f in files])
    ]
    if kind.check is not None:
        kind.check(con, sources, options)
    return sources


def _write_all(
    con: duckdb.DuckDBPyConnection,
    kind: Kind,
    sources: list[Source],
    options: Options,
    stager: Stager | None,
    owned: bool,
    summaries: list[ImportSummary],
    touched: set[date],
) -> None:
    """Write the files in turn, adding each one's summary to `summaries`; when the import owns its
    transaction, commit at a file boundary once it holds COMMIT_ROWS rows."""
    pending = 0
    for index, item in enumerate(sources):
        fetch = stager.take if stager else _here(con, item, kind.prepare, options)
        summaries.append(
            _import_one(con, kind, item, lambda i=index, f=fetch: f(i), options, summaries, touched)
        )
        if options.progress:
            options.progress.file_done(item.path)
        pending += summaries[-1].stored
        if owned and pending >= COMMIT_ROWS and index + 1 < len(sources):
            after_import(con, kind, touched)  # what is committed is in step
            touched.clear()
            con.execute("COMMIT")  # a transaction of tens of millions of rows slows every insert
            con.execute("BEGIN TRANSACTION")
            pending = 0


def _begin(con: duckdb.DuckDBPyConnection) -> bool:
    """Start a transaction; False when the caller already has one open (they own commit and rollback)."""
    try:
        con.execute("BEGIN TRANSACTION")
    except duckdb.TransactionException:
        return False
    return True


def _end(con: duckdb.DuckDBPyConnection, owned: bool, how: str) -> None:
    """Commit or roll back our transaction, then drop the working tables (also after a failure)."""
    if owned:
        try:
            con.execute(how)
        except duckdb.Error:
            con.execute("ROLLBACK")
    with contextlib.suppress(duckdb.Error):
        con.unregister(CHECKED)
    with contextlib.suppress(duckdb.Error):
        drop_temp_tables(con)


def _here(con, source: Source, prepare, options: Options):
    """Prepare a file on the main connection (when it cannot be staged on a second one)."""

    def fetch(_index: int):
        started = time.perf_counter()
        if options.progress:
            options.progress.file_started(source.path)
        prepared = prepare(con, source, options)
        return prepared, time.perf_counter() - started, lambda: drop_temp_tables(con)

    return fetch


def _import_one(
    con, kind, source: Source, fetch, options: Options, summaries, touched: set[date]
) -> ImportSummary:
    """Write one prepared file (unless refused), adding the months of incidents it writes to `touched`."""
    prepared, prepare_seconds, release = fetch()
    started = time.perf_counter()
    rows = prepared.rows
    summary = ImportSummary(
        kind=kind.name,
        file=str(source.path),
        read=prepared.read,
        stored=0,
        skipped=sum(prepared.skipped.values()),
        rejects=prepared.rejects,
        warnings=[
            *(rows.notes if rows else []),
            *prepared.warnings,
            *(unused_columns_warning(source) if kind.warn_unused else []),
        ],
        seconds=prepare_seconds,
        skipped_reasons=prepared.skipped,
        lines=rows.lines if rows else prepared.read,
        blank=rows.records - prepared.read if rows else 0,
        unit=rows.unit if rows else "rows",
    )
    good = summary.accepted = summary.read - len(summary.rejects) - summary.skipped
    if summary.blank < 0 or good < 0 or summary.lines < summary.read + summary.blank:
        raise _unaccounted(source, summary)
    if summary.read == 0:
        summary.warnings.append("the file has a header but no rows: nothing to import")
    refuse = _refusal(con, source, prepared, summary, good, options)
    if refuse:
        raise ImportRejected(*refuse, [*summaries, summary])
    if prepared.months:
        touched.update(prepared.months(con))
    summary.stored = prepared.apply(con)
    if summary.stored != good:
        raise _unaccounted(source, summary)
    release()
    summary.seconds += time.perf_counter() - started
    return summary


def _refusal(con, source: Source, prepared: Prepared, summary: ImportSummary, good: int, options: Options):
    """(message, hint) when this file must not be written, else None; also sets its changes."""
    if options.strict and prepared.rejects:
        first = prepared.rejects[0]
        return (
            f"{source.path}: {len(prepared.rejects):,} rejected row(s) and --strict is on, so nothing was "
            f"imported from it. First: row {first.row}, {first.column or 'row'}: {first.reason}.",
            "Fix the rows (see the rejects list), or import without --strict to keep the good rows.",
        )
    if summary.read and good == 0:
        why = [f"{n:,} skipped ({reason})" for reason, n in prepared.skipped.items()]
        if prepared.rejects:
            why.append(f"{len(prepared.rejects):,} rejected (see the rejects list)")
        detail = prepared.explain(con) if prepared.explain else ""
        return (
            f"{source.path}: none of its {counted(summary.read)} can be stored: {', '.join(why)}."
            + (f"\n  {detail}" if detail else ""),
            "Nothing was changed. Check this is the right file for this database, or fix its rows.",
        )
    summary.changes = prepared.changes(con) if prepared.changes else []
    shrinking = [c for c in summary.changes if c.shrinks]
    if shrinking and not options.replace:
        listed = "; ".join(c.describe() for c in shrinking[:5])
        more = f" (and {len(shrinking) - 5} more)" if len(shrinking) > 5 else ""
        return (
            f"{source.path} would replace what the database holds with less than "
            f"{SHRINK_LIMIT:.0%} of it: {listed}{more}. Nothing was changed.",
            "If the file is a partial download or of the wrong area, get the whole file. If the smaller "
            "figure is right (the publisher revised the month), import again with --replace.",
        )
    return None


def _unaccounted(source: Source, summary: ImportSummary) -> DataError:
    return DataError(
        f"{source.path}: psg could not account for every line ({summary.accounting}; "
        f"{summary.read:,} rows read), so nothing from this import was stored.",
        "This is a bug: please report it with the file's first lines (not its data).",
    )


def expand_files(kind: str, files: list[Path]) -> list[Path]:
    """Files as given, with a folder standing for its CSVs (and Parquet files, for the kinds that
    read them; for a kind with a `folder_suffix`, such as police-uk's -street.csv, those files)."""
    if not files:
        raise UsageError("No files to import.", "Give one or more files (or a folder) after the KIND.")
    found: list[Path] = []
    for path in files:
        if path.is_dir():
            found.extend(_folder_files(kind, path))
        elif path.exists():
            found.append(path)
        else:
            raise MissingInputError(
                f"There is no file at {path}.", "Check the path (and the folder you are in)."
            )
    unique: dict[Path, Path] = {}
    for path in found:
        regular_file(path, IMPORT, IMPORT_FILE)  # no pipe, device or huge file reaches a reader
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def _folder_files(name: str, folder: Path) -> list[Path]:
    kind = find_kind(name)
    patterns = ["*.csv", "*.parquet"] if kind and kind.parquet else ["*.csv"]
    suffix = kind.folder_suffix if kind else None
    for search in (folder.glob, folder.rglob):
        hits = sorted({p for pattern in patterns for p in search(pattern) if p.is_file()})
        if suffix and any(p.name.endswith(suffix) for p in hits):
            hits = [p for p in hits if p.name.endswith(suffix)]
        if hits:
            return hits
    wanted = " or ".join(patterns)
    raise MissingInputError(
        f"The folder {folder} has no {wanted} files.", "Give the files themselves, or another folder."
    )
