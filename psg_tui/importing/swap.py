"""`psg db import`'s path: import into a copy of the database, then swap it in atomically.

DuckDB lets several readers or one writer hold a file, never both, and the dashboard keeps
the database open read-only during a meeting. So the import never writes the file in place:
it copies it beside itself, imports into the copy, checkpoints and closes it, and renames it
over the original with `os.replace`. A reader keeps the old file (its open handle) until it
reconnects; a failure at any point leaves the original untouched.
"""

from __future__ import annotations

import contextlib
import csv
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb

from psg_tui.core.database import check_schema, connect, open_database
from psg_tui.core.errors import LockedError, OutputError
from psg_tui.importing.common import ImportSummary, Reject
from psg_tui.importing.pipeline import ImportRejected, expand_files, import_files

TEMP_MARK = ".import-"


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
) -> list[ImportSummary]:
    """Import into a copy of `db` and swap it in; writes (or removes) the rejects CSV.

    All files go in together or not at all: a refused file, or any reject under --strict,
    leaves the database exactly as it was.
    """
    db = Path(db)
    with _import_lock(db):
        return _import_into_copy(db, kind, files, strict, source, column_map, progress)


def _import_into_copy(db, kind, files, strict, source, column_map, progress) -> list[ImportSummary]:
    _remove_stale_copies(db)
    copy = _copy_for_import(db)
    try:
        con = _connect(copy, db, expand_files(kind, [Path(f) for f in files]))
        try:
            summaries = import_files(
                con, kind, files, strict=strict, source=source, column_map=column_map, progress=progress
            )
            con.execute("CHECKPOINT")
        finally:
            con.close()
        wal = _wal(copy)
        if wal.exists():
            raise OutputError(
                f"The imported copy {copy} still has a write-ahead log after checkpointing.",
                "Nothing was changed; try again.",
            )
        _fsync(copy)
        os.replace(copy, db)
        _fsync_dir(db.parent)
        with contextlib.suppress(FileNotFoundError):
            _wal(db).unlink()  # belonged to the replaced file and was folded into the copy
    except ImportRejected as error:
        write_rejects(rejects_path(db, kind), [r for s in error.summaries for r in s.rejects])
        raise
    finally:
        for leftover in (copy, _wal(copy)):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    write_rejects(rejects_path(db, kind), [r for s in summaries for r in s.rejects])
    return summaries


@contextlib.contextmanager
def _import_lock(db: Path) -> Iterator[None]:
    """One import per database at a time: two swaps at once would lose one import's rows."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; imports are rarely concurrent there
        yield
        return
    lock_path = db.with_name(f".{db.name}.import-lock")
    try:
        handle = lock_path.open("a")
    except OSError as exc:
        raise OutputError(
            f"Could not create {lock_path}: {exc.strerror}.", f"Check you can write to {db.parent}."
        ) from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise LockedError(
                f"Another import into {db} is running.", "Wait for it to finish, then run this one again."
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def write_rejects(path: Path, rejects: list[Reject]) -> None:
    """The rejects CSV (row = 1-based data row), overwritten each run; removed when there are none."""
    if not rejects:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return
    try:
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["file", "row", "column", "reason"])
            writer.writerows((r.file, r.row, r.column, r.reason) for r in rejects)
    except OSError as exc:
        raise OutputError(f"Could not write the rejects list {path}: {exc.strerror}.") from None


def _copy_for_import(db: Path) -> Path:
    """Copy the database (and any write-ahead log) while holding a read lock, so no writer is mid-change."""
    reader = open_database(db, read_only=True)  # a clear error if missing, not ours, or locked by a writer
    copy = db.with_name(f".{db.name}{TEMP_MARK}{os.getpid()}.tmp")
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


def _connect(copy: Path, db: Path, reads: list[Path]) -> duckdb.DuckDBPyConnection:
    """The working copy, locked down: its SQL may read the files being imported and no others."""
    try:
        con = connect(copy, read_only=False, reads=reads)
    except duckdb.Error as exc:
        raise OutputError(f"Could not open the working copy of {db}: {exc}") from None
    check_schema(con, db)
    return con


def _remove_stale_copies(db: Path) -> None:
    """Working copies left by an import that was killed (its process is gone)."""
    for leftover in db.parent.glob(f".{db.name}{TEMP_MARK}*.tmp*"):
        pid = leftover.name.removeprefix(f".{db.name}{TEMP_MARK}").split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            with contextlib.suppress(OSError):
                leftover.unlink()


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
