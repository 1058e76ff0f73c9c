"""One writer at a time per database: imports, `db load-minutes`, `db init` all take this lock.

Writers build into a copy and swap it in (so readers are never blocked), which means two
writers at once would each swap in a copy lacking the other's change: one would be lost
without a word. Every writer therefore takes an exclusive advisory lock on a small file
beside the database first. A second writer waits a little (`PSG_WRITE_LOCK_WAIT` seconds,
default 10) and is then refused with the holder's process, host and command (exit 75).
The lock is taken on the database's real path, so two spellings of it share one lock.
"""

from __future__ import annotations

import contextlib
import os
import socket
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TextIO

from psg_tui.core import files
from psg_tui.core.errors import LockedError, OutputError, PsgError

DEFAULT_WAIT_SECONDS = 10.0
POLL_SECONDS = 0.05
COPY_MARK = ".import-"  # a writer's working copy: .DB.import-PID.tmp beside DB


def working_copies(db: Path) -> list[Path]:
    """Working copies beside `db` (a writer's, or left by one that was stopped)."""
    db = Path(db)
    return sorted(db.parent.glob(f".{db.name}{COPY_MARK}*.tmp*"))


def lock_path(db: Path) -> Path:
    real = Path(os.path.realpath(db))
    return real.with_name(f".{real.name}.write-lock")


def wait_seconds() -> float:
    try:
        return max(0.0, float(os.environ.get("PSG_WRITE_LOCK_WAIT", DEFAULT_WAIT_SECONDS)))
    except ValueError:
        return DEFAULT_WAIT_SECONDS


@contextlib.contextmanager
def database_write_lock(db: Path, what: str, *, wait: float | None = None) -> Iterator[None]:
    """Hold the database's write lock for the block; `what` names this writer to a waiting one.

    `wait` is how long to wait for another writer (None: PSG_WRITE_LOCK_WAIT, default 10 s).
    """
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; copies still swap in atomically
        yield
        return
    path = lock_path(db)
    handle = _open(path, db)
    with handle:
        deadline = time.monotonic() + (wait_seconds() if wait is None else wait)
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError:
                if time.monotonic() >= deadline:
                    raise _locked(db, path) from None
                time.sleep(POLL_SECONDS)
        try:
            _record_holder(handle, what)
            yield
        finally:
            with contextlib.suppress(OSError):
                handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def write_lock_if_free(db: Path, what: str) -> Iterator[bool]:
    """The write lock if no writer holds it now (True), else False at once: for housekeeping."""
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(database_write_lock(db, what, wait=0))
        except (LockedError, OutputError):
            yield False
            return
        yield True


def holder(db: Path) -> str | None:
    """Who holds (or last held) the lock, as a phrase; None when the lock file says nothing."""
    import json

    try:
        info = json.loads(files.read_text(lock_path(db), 64 * files.KIB, "a write lock") or "null")
    except (OSError, ValueError, PsgError):
        return None
    if not isinstance(info, dict):
        return None
    return (
        f"`{info.get('what', 'a writer')}` (process {info.get('pid', '?')} on {info.get('host', '?')},"
        f" since {info.get('since', '?')})"
    )


def _open(path: Path, db: Path) -> TextIO:
    try:
        return path.open("a+", encoding="utf-8")
    except OSError as exc:
        raise OutputError(
            f"Could not create the write lock {path}: {exc.strerror}.",
            f"Check you can write to {path.parent} (the folder holding {db}).",
        ) from None


def _record_holder(handle: TextIO, what: str) -> None:
    import json

    info = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "what": what,
        "since": datetime.now().isoformat(timespec="seconds"),
    }
    with contextlib.suppress(OSError):
        handle.seek(0)
        handle.truncate(0)
        handle.write(json.dumps(info))
        handle.flush()


def _locked(db: Path, path: Path) -> LockedError:
    who = holder(db) or "another psg command"
    return LockedError(
        f"{db} is being changed by {who}, so this command did not change it.",
        "Wait for that to finish, then run this command again. "
        f"(The lock is {path}; it is released when that process ends.)",
    )
