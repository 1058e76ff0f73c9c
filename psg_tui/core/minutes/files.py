"""Durable file writes: a save is the old file or the new one, never a torn one.

A save writes a temporary file beside the minutes, fsyncs it, renames it over the original
and fsyncs the folder: a crash or kill at any instant leaves the old file or the new one,
never a torn one, and once `write_atomic` returns the new one survives a power cut.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import stat
import tempfile
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

from psg_tui.core.errors import OutputError

try:
    import fcntl as fcntl  # lock.py uses it too (None on Windows)
except ImportError:  # Windows: no advisory locks; the on-disk change check still guards saves
    fcntl = None  # type: ignore[assignment]

UMASK = os.umask(0o022)
os.umask(UMASK)


def _temp_prefix(path: Path) -> str:
    return f".{path.name}."


def write_atomic(
    path: Path,
    data: bytes,
    *,
    exclusive: bool = False,
    guard: Callable[[], AbstractContextManager[object]] | None = None,
) -> None:
    """Replace `path` with `data` durably; with `exclusive`, refuse if `path` already exists.

    `guard` is entered after the new bytes are safely in the temporary file and held across
    the rename: the minutes store takes its save lock and checks the file there, so nothing
    can change the file between that check and the rename.
    """
    path = Path(path)
    try:
        fd, temp = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _save_error(path, exc) from None
    out = os.fdopen(fd, "wb")
    try:
        if fcntl is not None:  # held until the rename is done: a rival's clean-up leaves this file alone
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        try:
            mode = stat.S_IMODE(os.stat(path).st_mode)
        except FileNotFoundError:
            mode = 0o666 & ~UMASK
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)
        out.write(data)
        out.flush()
        fsync_file(fd)
        if fcntl is None:
            out.close()  # Windows cannot rename a file that is open
        with guard() if guard is not None else contextlib.nullcontext():
            if exclusive:
                _link_new(temp, path)
            else:
                os.replace(temp, path)
            fsync_folder(path.parent)
    except FileExistsError:
        raise OutputError(
            f"{path} already exists.", "Choose a new file name; psg-tui will not overwrite existing minutes."
        ) from None
    except OSError as exc:
        raise _save_error(path, exc) from None
    finally:
        out.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)


def _link_new(temp: str, path: Path) -> None:
    """Give the temporary file its name only if that name is free (atomically, where links work)."""
    try:
        os.link(temp, path)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        if path.exists():
            raise FileExistsError(str(path)) from None
        os.replace(temp, path)


def fsync_file(fd: int) -> None:
    """fsync, and on macOS F_FULLFSYNC, where plain fsync leaves the data in the drive's cache."""
    if fcntl is not None and hasattr(fcntl, "F_FULLFSYNC"):
        try:
            fcntl.fcntl(fd, fcntl.F_FULLFSYNC)
            return
        except OSError:
            pass  # not supported by this file system: fall back to fsync
    os.fsync(fd)


def fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return  # some platforms cannot open a folder; the rename is still atomic
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale_temps(path: Path) -> None:
    """Delete temporary files a killed save left behind.

    A live save holds an OS lock on its temporary file, so one that is locked is left alone:
    even a second writer that got past a deleted lock file never pulls a save from under another.
    """
    pattern = os.path.join(glob.escape(str(path.parent)), glob.escape(_temp_prefix(path)) + "*.tmp")
    for name in glob.glob(pattern):
        with contextlib.suppress(OSError):
            fd = os.open(name, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
            try:
                if fcntl is not None:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises while a save holds it
                os.unlink(name)
            finally:
                os.close(fd)


def _save_error(path: Path, exc: OSError) -> OutputError:
    reason = exc.strerror or str(exc)
    return OutputError(
        f"Could not save the minutes to {path}: {reason}. The change was not made; the file is as it was.",
        "Free some disk space or check the folder's permissions, then make the change again."
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EACCES, errno.EROFS, errno.EPERM)
        else "Check the disk and the folder, then make the change again.",
    )
