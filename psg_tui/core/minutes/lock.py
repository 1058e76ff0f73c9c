"""The lock that keeps two psg-tui instances off one minutes file."""

from __future__ import annotations

import contextlib
import errno
import os
import socket
from datetime import datetime
from pathlib import Path

from psg_tui.core.errors import OutputError
from psg_tui.core.minutes.errors import MinutesLockedError
from psg_tui.core.minutes.files import UMASK, fcntl


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
                fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666 & ~UMASK)
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
