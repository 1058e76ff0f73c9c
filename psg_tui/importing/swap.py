"""Every write to a database goes here: into a copy, then swapped in atomically, under the lock.

DuckDB lets several readers or one writer hold a file, never both, and the dashboard keeps
the database open read-only during a meeting. So a writer (an import, `db load-minutes`)
never writes the file in place: it copies it beside itself, writes the copy, checkpoints and
closes it, and renames it over the original with `os.replace`. A reader keeps the old file
(its open handle) until it reconnects; a failure at any point leaves the original untouched.
Writers take the database's write lock first (see `core.write_lock`), so a second writer
waits or is refused instead of swapping in a copy that lacks the first one's change. A dry
run does everything but the swap. A copy left by a killed writer is removed by the next one
(and by the next dashboard), which says so.
"""

from __future__ import annotations

import contextlib
import csv
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import duckdb

from psg_tui.core.database import check_schema, connect, open_database, schema_version, upgrade_schema
from psg_tui.core.dataset import is_dataset
from psg_tui.core.errors import OutputError, UsageError
from psg_tui.core.write_lock import COPY_MARK, database_write_lock, working_copies, write_lock_if_free
from psg_tui.importing.common import ImportSummary, Reject
from psg_tui.importing.derived import refresh_derived
from psg_tui.importing.download import plan_import
from psg_tui.importing.pipeline import ImportRejected, import_files
from psg_tui.importing.rejects import rejects_table

T = TypeVar("T")
Notice = Callable[[str], None]


def rejects_path(db: Path, kind: str) -> Path:
    """Where the full list of rejected rows goes: beside the database, one file per kind."""
    db = Path(db)
    return db.with_name(f"{db.stem}-rejects-{kind}.csv")


def import_into_database(
    db: Path,
    kind: str,
    files: list[Path],
    *,
    strict: bool = False,
    source: str | None = None,
    column_map: dict[str, str] | None = None,
    progress: bool = False,
    replace: bool = False,
    dry_run: bool = False,
    notice: Notice | None = None,
) -> list[ImportSummary]:
    """Import into a copy of `db` and swap it in; writes (or removes) the rejects CSV.

    All files go in together or not at all: a refused file, or any reject under --strict,
    leaves the database exactly as it was. `dry_run` imports into the copy and throws it
    away (the summaries say what would have changed; the rejects CSV is not touched).
    """
    db = Path(db)

    def work(con: duckdb.DuckDBPyConnection) -> list[ImportSummary]:
        return import_files(
            con,
            kind,
            files,
            strict=strict,
            source=source,
            column_map=column_map,
            progress=progress,
            replace=replace,
        )

    try:
        summaries = write_through_copy(
            db,
            work,
            what=f"psg db import {kind}",
            dry_run=dry_run,
            notice=notice,
            reads=plan_import(kind, [Path(f) for f in files]).reads,
        )
    except ImportRejected as error:
        if not dry_run:
            _write_kinds_rejects(db, kind, error.summaries)
        raise
    if not dry_run:
        _write_kinds_rejects(db, kind, summaries)
    return summaries


def _write_kinds_rejects(db: Path, kind: str, summaries: list[ImportSummary]) -> None:
    """One rejects list per kind the import read (a download's files go to several kinds)."""
    for name in dict.fromkeys([kind, *(s.kind for s in summaries)]):
        write_rejects(rejects_path(db, name), [r for s in summaries if s.kind == name for r in s.rejects])


def upgrade_database(db: Path, *, notice: Notice | None = None) -> tuple[str, list[str]]:
    """Bring an older database up to this schema version, keeping its data, through a copy
    swapped in (a dashboard may stay open). Returns the version it had and the tables added."""
    with contextlib.closing(open_database(db, any_version=True)) as con:
        before = schema_version(con, db)

    def upgrade(con: duckdb.DuckDBPyConnection) -> list[str]:
        added = upgrade_schema(con, db)
        if added:
            refresh_derived(con)  # the new derived tables start empty
        return added

    added = write_through_copy(db, upgrade, what="psg db upgrade", notice=notice, upgrade=True)
    return before, added


def write_through_copy(
    db: Path,
    work: Callable[[duckdb.DuckDBPyConnection], T],
    *,
    what: str,
    dry_run: bool = False,
    notice: Notice | None = None,
    reads: list[Path] | None = None,
    upgrade: bool = False,
) -> T:
    """Run `work` on a writable copy of `db` under the write lock, then swap the copy in.

    The copy goes beside the real file (a symbolic link to the database stays a link).
    `work`'s SQL may read the files in `reads` and no others. With `upgrade`, an older schema
    is accepted (`work` brings it up to date: `psg db upgrade`).
    """
    db = Path(os.path.realpath(db)) if Path(db).exists() else Path(db)
    if is_dataset(db):
        raise UsageError(
            f"{db} is a Parquet dataset (`psg db export`): it is only ever read, so {what} cannot change it.",
            "Run it on the DuckDB database the dataset was exported from, then export it again.",
        )
    with database_write_lock(db, what):
        remove_stale_copies(db, notice)
        copy = _copy_for_import(db, any_version=upgrade)
        try:
            con = _connect(copy, db, reads or [], upgrade=upgrade)
            try:
                result = work(con)
                if not dry_run:
                    con.execute("CHECKPOINT")
            finally:
                con.close()
            if not dry_run:
                _swap(copy, db)
        finally:
            for leftover in (copy, _wal(copy)):
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()
    return result


def _swap(copy: Path, db: Path) -> None:
    if _wal(copy).exists():
        raise OutputError(
            f"The working copy {copy} still has a write-ahead log after checkpointing.",
            "Nothing was changed; try again.",
        )
    _fsync(copy)
    os.replace(copy, db)
    _fsync_dir(db.parent)
    with contextlib.suppress(FileNotFoundError):
        _wal(db).unlink()  # belonged to the replaced file and was folded into the copy


def write_rejects(path: Path, rejects: list[Reject]) -> None:
    """The rejects CSV (row = 1-based data row) with each row's own values (see rejects.py),
    overwritten each run; removed when there are none."""
    header, rows = rejects_table(rejects)
    write_listing(path, header, rows)


def write_listing(path: Path, header: list[str], rows: list[tuple[object, ...]]) -> None:
    """A CSV of what was rejected, replaced each run; removed when there is nothing to list."""
    if not rows:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return
    try:
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
    except OSError as exc:
        raise OutputError(f"Could not write the rejects list {path}: {exc.strerror}.") from None


def _copy_for_import(db: Path, *, any_version: bool = False) -> Path:
    """Copy the database (and any write-ahead log) while holding a read lock, so no writer is mid-change."""
    reader = open_database(
        db, read_only=True, any_version=any_version
    )  # a clear error if missing, not ours, or locked by a writer
    copy = db.with_name(f".{db.name}{COPY_MARK}{os.getpid()}.tmp")
    try:
        shutil.copyfile(db, copy)
        shutil.copymode(db, copy)
        if _wal(db).exists():
            shutil.copyfile(_wal(db), _wal(copy))
    except OSError as exc:
        for leftover in (copy, _wal(copy)):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
        raise OutputError(
            f"Could not copy {db} to import into it: {exc.strerror}.",
            f"The import needs free space for a second copy of the database in {db.parent}, and write access.",
        ) from None
    finally:
        reader.close()
    return copy


def _connect(copy: Path, db: Path, reads: list[Path], *, upgrade: bool = False) -> duckdb.DuckDBPyConnection:
    """The working copy, locked down: its SQL may read the files being imported and no others."""
    try:
        con = connect(copy, read_only=False, reads=reads)
    except duckdb.Error as exc:
        raise OutputError(f"Could not open the working copy of {db}: {exc}") from None
    try:
        if upgrade:
            schema_version(con, db)  # a psg-tui database of any version: `work` upgrades it
        else:
            check_schema(con, db)
    except BaseException:
        con.close()
        raise
    return con


def remove_stale_copies(db: Path, notice: Notice | None = None) -> list[Path]:
    """Remove working copies left by a writer that was killed (its process is gone); say so.

    Call with the write lock held: then no writer is using any copy, and a live process id
    only means the number was reused, but such a copy is kept to be safe.
    """
    db = Path(db)
    removed = []
    for leftover in working_copies(db):
        pid = leftover.name.removeprefix(f".{db.name}{COPY_MARK}").split(".", 1)[0]
        if not pid.isdigit() or _alive(int(pid)):
            continue
        try:
            size = leftover.stat().st_size
            leftover.unlink()
        except OSError:
            continue
        removed.append(leftover)
        if notice:
            notice(
                f"Removed {leftover.name} ({size / 1e6:,.1f} MB) beside {db.name}: a working copy left by a "
                f"write that was stopped (process {pid} is gone). The database itself was not changed by it."
            )
    return removed


def clean_up_after_killed_writers(db: Path, notice: Notice | None = None) -> list[Path]:
    """At a dashboard's start: remove stale copies if no writer is running now (else leave them)."""
    db = Path(db)
    if not working_copies(db):
        return []
    with write_lock_if_free(db, "psg (removing copies left by a stopped import)") as free:
        return remove_stale_copies(db, notice) if free else []


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
