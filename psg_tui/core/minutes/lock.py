"""The locks that keep two writers off one minutes file, and the names that could get round them.

Two locks, for two jobs. `FileLock` on `FILE.lock` is held while a store has FILE open, so a
second psg-tui is told who has it. It is only advisory: delete the lock file and a second store
gets in. So every save also takes `held_for_replace`, an OS lock on the minutes file itself
(its inode, which no other name or lock file can sidestep), and checks the bytes on disk and
renames over them inside it: of two writers, the second always sees the first's save and
refuses instead of overwriting it.

Both locks are taken on the real file (`real_path`), so a symlink or `dir/../FILE` meets the
same locks and a save replaces the real file, leaving the symlink a symlink. A hard link is
refused (`refuse_other_names`) rather than locked by inode: a save writes a new file and
renames it into place, which would leave the other name holding the old minutes for good.
"""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from psg_tui.core.errors import OutputError
from psg_tui.core.files import READ_FLAGS, not_a_regular_file, read_fd
from psg_tui.core.minutes.errors import MinutesLockedError
from psg_tui.core.minutes.files import UMASK, fcntl

SAVE_WAIT_SECONDS = 5.0  # another psg-tui holds the save lock for one rename: milliseconds


def real_path(path: Path) -> Path:
    """The file `path` names once every symlink and `..` is followed: one file, one lock."""
    return Path(os.path.realpath(path))


def refuse_other_names(path: Path, info: os.stat_result) -> None:
    """Refuse a minutes file that has a second name (a hard link): a save would split them."""
    if info.st_nlink > 1:
        raise OutputError(
            f"{path} has {info.st_nlink} names on disk (a hard link), so psg-tui will not save to it.",
            "A save writes a new file and renames it into place, which would leave the other name "
            f"holding the old minutes. Find the other names with `find / -xdev -samefile {path}`, "
            "delete them (or work on a copy: cp FILE NEW.toml), then open the minutes again.",
        )


@contextlib.contextmanager
def held_for_replace(path: Path, wait: float = SAVE_WAIT_SECONDS) -> Iterator[bytes | None]:
    """Hold an OS lock on the file now at `path` and give its bytes (None if it is gone).

    A save checks those bytes and renames its new file over `path` before letting go. A writer
    that waited for the lock may find `path` already renamed over: it then locks the new file.
    """
    deadline = time.monotonic() + wait
    while True:
        try:
            fd = os.open(path, READ_FLAGS)
        except FileNotFoundError:
            yield None
            return
        try:
            info = os.fstat(fd)
            kind = not_a_regular_file(info.st_mode)
            if kind is not None:
                raise OutputError(f"{path} is now {kind}, not the minutes file, so nothing was saved.")
            if fcntl is not None:
                _flock_before(fd, deadline, path)
                try:
                    current = os.stat(path)
                except FileNotFoundError:
                    continue  # deleted while we waited: the next round says so
                if (current.st_dev, current.st_ino) != (info.st_dev, info.st_ino):
                    continue  # replaced while we waited: lock the file that is there now
                info = os.fstat(fd)
            refuse_other_names(path, info)
            yield read_fd(fd)
            return
        finally:
            os.close(fd)  # closing drops the lock


def _flock_before(fd: int, deadline: float, path: Path) -> None:
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise
        if time.monotonic() > deadline:
            raise MinutesLockedError(
                f"Another program has held {path} locked for over {SAVE_WAIT_SECONDS:.0f} seconds, "
                "so the change was not saved.",
                "Close the other program that has the minutes open, then make the change again.",
            )
        time.sleep(0.002)


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
