"""Running an import: which files, all-or-nothing per file, strict mode, progress.

Every file's header is checked before anything is written. Each kind's `prepare` then reads
and validates a whole file into a temporary table without touching the database's tables, and
`apply` writes its good rows. Nothing can refuse a file after its first row is written, so a
file is either wholly in (its good rows) or not in at all.

Before a file is written it is refused (nothing of it stored) when: --strict and it has
rejects; it is a partial download (its last line cut off mid-row, or a zip member cut short
or damaged), unless --replace; it has rows but none could be stored (another force's file,
say: of several files, such a file is left out and named instead, and the import refused only
when no file has a row to store); or it would replace a police.uk month or a ward's LSOAs with
less than half of what they hold (`SHRINK_LIMIT`), unless --replace. Every data line must be stored, rejected, skipped or
blank: counts that do not add up stop the import rather than lose rows.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

import duckdb

from psg_tui.core.errors import DataError, PsgError, UsageError
from psg_tui.importing.archive import close_archives
from psg_tui.importing.common import (
    CHECKED,
    SHRINK_LIMIT,
    ImportSummary,
    Source,
    counted,
    drop_temp_tables,
)
from psg_tui.importing.contract import Kind, Options, Prepare, Prepared, unused_columns_warning
from psg_tui.importing.derived import after_import
from psg_tui.importing.download import Input, plan_import
from psg_tui.importing.drops import record_drops
from psg_tui.importing.headers import open_source
from psg_tui.importing.kinds import KINDS, kind_named
from psg_tui.importing.staging import Stager

COMMIT_ROWS = 1_000_000


class Summaries(list[ImportSummary]):
    """Each file's summary, and what the import left out of the files it was given (`notes`:
    the files of a download no kind of this version reads)."""

    def __init__(self, notes: list[str] | None = None) -> None:
        super().__init__()
        self.notes = list(notes or [])


class ImportRejected(DataError):
    """A file was refused after reading it (--strict rejects, nothing storable, a shrink, a
    partial download): nothing from it was stored. Carries every summary so far."""

    def __init__(self, message: str, hint: str | None, summaries: list[ImportSummary]) -> None:
        super().__init__(message, hint)
        self.summaries = summaries
        self.notes: list[str] = list(getattr(summaries, "notes", []))


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
) -> Summaries:
    """Import into an open writable connection; each file is all-or-nothing.

    Files, folders and zip archives are walked and each file routed to the kind that reads it
    (`download.plan_import`). Every file's header is checked before anything is written, so a
    refused file (wrong columns, empty, not UTF-8 in its header) changes nothing. A file is then
    read and validated in full before any of its rows are written: if it is refused at that stage
    (not UTF-8, or rejects with `strict`, which raises ImportRejected), the files before it stay
    imported and nothing of it is. Of several files, one none of whose rows is in the database's
    areas (another force's) is left out, not refused; the import is refused only when no file
    has a row to store. Files share a DuckDB transaction, committed at a file boundary once it
    holds a million rows, at the end, or before raising (far faster than a commit per file:
    DuckDB then writes whole row groups instead of a log); an unexpected database error rolls
    back the files since the last commit. Inside a caller's own transaction, the caller commits.
    """
    options = Options(strict=strict, source=source, column_map=column_map, replace=replace)
    try:
        return _import_files(con, name, files, options, progress)
    finally:
        close_archives()


def _import_files(
    con: duckdb.DuckDBPyConnection, name: str, files: list[Path], options: Options, progress: bool
) -> Summaries:
    kind = kind_named(name)
    if options.source is not None and not kind.takes_source:
        takes = ", ".join(k.name for k in KINDS if k.takes_source)
        raise UsageError(f"--source applies only to {takes} files.", "Leave it out for this kind.")
    plan = plan_import(name, [Path(f) for f in files])
    groups = [(k, _open_all(con, k, inputs, options)) for k, inputs in plan.groups]
    several = plan.count > 1
    if progress:
        from psg_tui.importing.progress import start_progress

        options.progress = start_progress({s.path: _size(s) for _, sources in groups for s in sources})
    summaries = Summaries(plan.notes)
    owned = _begin(con)
    try:
        for group_kind, sources in groups:
            _import_kind(con, group_kind, sources, options, owned, summaries, several)
        if several:
            _refuse_if_nothing_stored(summaries)
    except PsgError:
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
        if options.progress:
            options.progress.stop()
    _end(con, owned, "COMMIT")
    return summaries


def _size(source: Source) -> int:
    if source.member is not None:
        return max(source.member.size, 1)
    try:
        return max(source.path.stat().st_size, 1)
    except OSError:
        return 1


def _import_kind(
    con: duckdb.DuckDBPyConnection,
    kind: Kind,
    sources: list[Source],
    options: Options,
    owned: bool,
    summaries: Summaries,
    several: bool,
) -> None:
    """One kind's files, then its derived tables brought into step (also when a file is refused)."""
    touched: set[date] = set()  # months whose incidents were written since the derived tables were refreshed
    stager = (
        Stager(con, sources, kind.prepare, options) if owned and kind.staged and len(sources) > 1 else None
    )
    try:
        _write_all(con, kind, sources, options, stager, owned, summaries, touched, several)
    except PsgError:
        after_import(con, kind, touched)
        raise
    finally:
        if stager:
            stager.close()
    after_import(con, kind, touched)


def _refuse_if_nothing_stored(summaries: Summaries) -> None:
    """Files of a download each left out whole, and none stored: the import is refused."""
    left = [s for s in summaries if s.left_out]
    if not left or any(s.stored for s in summaries):
        return
    rows = sum(s.read for s in left)
    raise ImportRejected(
        f"None of the {rows:,} rows of the {len(left):,} files can be stored: "
        f"{'; '.join(left_out_lines(left))}."
        + (f"\n  {left[0].left_out_detail}" if left[0].left_out_detail else ""),
        "Nothing was changed. Check this is the right download for this database.",
        summaries,
    )


def left_out_lines(summaries: list[ImportSummary]) -> list[str]:
    """'Durham Constabulary: 2 files, 6,611 rows (LSOA not in any area of this database)', per force."""
    by: dict[str, list[ImportSummary]] = {}
    for s in summaries:
        if s.left_out:
            by.setdefault(s.left_out, []).append(s)
    lines = []
    for whose, group in by.items():
        reasons = sorted({reason for s in group for reason in s.skipped_reasons})
        lines.append(
            f"{whose}: {counted(len(group), 'file')}, {counted(sum(s.read for s in group))}"
            + (f" ({'; '.join(reasons)})" if reasons else "")
        )
    return lines


def _open_all(
    con: duckdb.DuckDBPyConnection, kind: Kind, inputs: list[Input], options: Options
) -> list[Source]:
    """Every file's header checked against its kind, and the kind's own checks of them all,
    before anything is written."""
    sources = [open_source(con, item, kind, options.column_map) for item in inputs]
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
    summaries: Summaries,
    touched: set[date],
    several: bool,
) -> None:
    """Write the files in turn, adding each one's summary to `summaries`; when the import owns its
    transaction, commit at a file boundary once it holds COMMIT_ROWS rows."""
    pending = 0
    for index, item in enumerate(sources):
        fetch: Callable[[int], Fetched] = stager.take if stager else _here(con, item, kind.prepare, options)
        summaries.append(
            _import_one(con, kind, item, partial(fetch, index), options, summaries, touched, several)
        )
        if options.progress:
            options.progress.file_done(item.path, summaries[-1].read)
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


Fetched = tuple[Prepared, float, Callable[[], object]]  # the file prepared, seconds, its release


def _here(
    con: duckdb.DuckDBPyConnection, source: Source, prepare: Prepare, options: Options
) -> Callable[[int], Fetched]:
    """Prepare a file on the main connection (when it cannot be staged on a second one)."""

    def fetch(_index: int) -> Fetched:
        started = time.perf_counter()
        if options.progress:
            options.progress.file_started(source.path)
        prepared = prepare(con, source, options)
        return prepared, time.perf_counter() - started, lambda: drop_temp_tables(con)

    return fetch


def _import_one(
    con: duckdb.DuckDBPyConnection,
    kind: Kind,
    source: Source,
    fetch: Callable[[], Fetched],
    options: Options,
    summaries: list[ImportSummary],
    touched: set[date],
    several: bool = False,
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
    if several and summary.read and good == 0 and not prepared.rejects and not rows_damaged(rows):
        # Another force's file in a download: left out and named, not a reason to refuse the rest.
        summary.left_out = prepared.whose or "rows in no area of this database"
        if not any(s.left_out for s in summaries) and prepared.explain:
            summary.left_out_detail = prepared.explain(con)
        release()
        summary.seconds += time.perf_counter() - started
        return summary
    refuse = _refusal(con, source, prepared, summary, good, options)
    if refuse:
        message, hint = refuse
        raise ImportRejected(message, hint, [*summaries, summary])
    if prepared.months:
        touched.update(prepared.months(con))
    summary.stored = prepared.apply(con)
    if summary.stored != good:
        raise _unaccounted(source, summary)
    record_drops(con, kind.name, summary.changes)
    release()
    summary.seconds += time.perf_counter() - started
    return summary


def _refusal(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    prepared: Prepared,
    summary: ImportSummary,
    good: int,
    options: Options,
) -> tuple[str, str | None] | None:
    """(message, hint) when this file must not be written, else None; also sets its changes."""
    if options.strict and prepared.rejects:
        first = prepared.rejects[0]
        return (
            f"{source.path}: {len(prepared.rejects):,} rejected row(s) and --strict is on, so nothing was "
            f"imported from it. First: row {first.row}, {first.column or 'row'}: {first.reason}.",
            "Fix the rows (see the rejects list), or import without --strict to keep the good rows.",
        )
    cut = _partial(source, prepared)
    if cut and not options.replace:
        return (
            f"{source.path} {cut}: a partial download, so nothing was changed.",
            "Download the file again. If it is right as it is, import it with --replace (what cannot be"
            " read is rejected, and the rest replaces the month).",
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


def rows_damaged(rows: object) -> bool:
    return bool(getattr(rows, "cut_row", None) or getattr(rows, "damaged", None))


def _partial(source: Source, prepared: Prepared) -> str | None:
    """How the file shows it is not whole (a zip member damaged, its last line cut off), or None."""
    rows = prepared.rows
    damaged = getattr(rows, "damaged", None)
    if damaged:
        return f"could not be read whole from the archive: {damaged}"
    cut = getattr(rows, "cut_row", None)
    if cut:
        return f"ends in the middle of a row (row {cut:,}, its last line, is cut off)"
    return None


def _unaccounted(source: Source, summary: ImportSummary) -> DataError:
    return DataError(
        f"{source.path}: psg could not account for every line ({summary.accounting}; "
        f"{summary.read:,} rows read), so nothing from this import was stored.",
        "This is a bug: please report it with the file's first lines (not its data).",
    )
