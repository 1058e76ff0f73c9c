"""Durable file writes and the lock that keeps two psg-tui instances off one minutes file.

A save writes a temporary file beside the minutes, fsyncs it, renames it over the original
and fsyncs the folder: a crash or kill at any instant leaves the old file or the new one,
never a torn one, and once `write_atomic` returns the new one survives a power cut.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import socket
import stat
import tempfile
from datetime import datetime
from pathlib import Path

from psg_tui.core.errors import OutputError
from psg_tui.core.minutes.errors import MinutesLockedError

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; the on-disk change check still guards saves
    fcntl = None  # type: ignore[assignment]

_UMASK = os.umask(0o022)
os.umask(_UMASK)


def _temp_prefix(path: Path) -> str:
    return f".{path.name}."


def write_atomic(path: Path, data: bytes, *, exclusive: bool = False) -> None:
    """Replace `path` with `data` durably; with `exclusive`, refuse if `path` already exists."""
    path = Path(path)
    try:
        fd, temp = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _save_error(path, exc) from None
    try:
        try:
            mode = stat.S_IMODE(os.stat(path).st_mode)
        except FileNotFoundError:
            mode = 0o666 & ~_UMASK
        with os.fdopen(fd, "wb") as out:
            if hasattr(os, "fchmod"):
                os.fchmod(out.fileno(), mode)
            out.write(data)
            out.flush()
            fsync_file(out.fileno())
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
    """Delete temporary files a killed save left behind (only safe while holding the lock)."""
    pattern = os.path.join(glob.escape(str(path.parent)), glob.escape(_temp_prefix(path)) + "*.tmp")
    for name in glob.glob(pattern):
        with contextlib.suppress(OSError):
            os.unlink(name)


def _save_error(path: Path, exc: OSError) -> OutputError:
    reason = exc.strerror or str(exc)
    return OutputError(
        f"Could not save the minutes to {path}: {reason}. The change was not made; the file is as it was.",
        "Free some disk space or check the folder's permissions, then make the change again."
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EACCES, errno.EROFS, errno.EPERM)
        else "Check the disk and the folder, then make the change again.",
    )


class FileLock:
    """An exclusive lock on `FILE.lock`, held while a store has FILE open.

    The kernel drops the lock when the holder dies, so a lock left by a crash never blocks
    anyone. The holder's PID and host are written into the file for the other side's message.
    """

    def __init__(self, lock_path: Path, fd: int | None) -> None:
        self.lock_path = lock_path
        self._fd = fd

    @classmethod
    def acquire(cls, path: Path) -> FileLock:
        lock_path = path.with_name(path.name + ".lock")
        if fcntl is None:
            return cls(lock_path, None)
        for _ in range(10):
            try:
                fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666 & ~_UMASK)
            except OSError as exc:
                raise OutputError(
                    f"Could not create the lock file {lock_path}: {exc.strerror or exc}.",
                    "psg-tui needs to write in the minutes' folder; check its permissions.",
                ) from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                holder = os.pread(fd, 512, 0).decode("utf-8", "replace")
                os.close(fd)
                if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    raise OutputError(f"Could not lock {lock_path}: {exc.strerror or exc}.") from None
                raise MinutesLockedError(
                    f"{path} is already open in another psg-tui{_describe_holder(holder)}.",
                    "Close it there first. Two programs saving the same minutes would overwrite each "
                    "other's changes, so psg-tui opens each minutes file once.",
                ) from None
            # The last holder removes the file when it lets go: make sure we locked the one in place.
            try:
                same = os.stat(lock_path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:
                info = (
                    f"pid={os.getpid()}\nhost={socket.gethostname()}\nsince={datetime.now():%Y-%m-%d %H:%M}\n"
                )
                os.ftruncate(fd, 0)
                os.pwrite(fd, info.encode(), 0)
                return cls(lock_path, fd)
            os.close(fd)
        raise MinutesLockedError(f"Could not lock {path}: the lock file keeps changing.", "Try again.")

    def release(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            os.unlink(self.lock_path)  # while still locked, so nobody takes a lock on a file we then remove
        os.close(self._fd)  # closing drops the flock
        self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None


def _describe_holder(text: str) -> str:
    fields = dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
    pid, host, since = fields.get("pid"), fields.get("host"), fields.get("since")
    if not pid:
        return ""
    where = f" on {host}" if host else ""
    return f" (process {pid}{where}" + (f", since {since})" if since else ")")
