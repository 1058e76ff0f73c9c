"""Every file psg reads is checked before it is read: a regular file, no larger than its kind allows.

Reading a named pipe waits for a writer that may never come, a device such as /dev/zero never
ends, and a folder cannot be read at all. `regular_file` says which, in one line, before anything
opens the file for reading (DuckDB and Polars are handed the path only once it has passed);
`read_bytes` and `read_text` open without blocking, check what was opened and read no more than
the limit, so a file swapped for a pipe after the check cannot hang them either.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from psg_tui.core.errors import DataError, MissingInputError

KIB = 1 << 10
MIB = 1 << 20
GIB = 1 << 30

# How large each kind of file may be. Generous for real use, small enough that a mistaken path
# (a disk image, a log, a dump) is refused at once rather than read into memory.
NAME_LIST = 8 * MIB  # --allow-names: one name a line
TOML = 8 * MIB  # the topics and priorities maps, column maps (--map), settings
PANEL = 1 * MIB  # a panel's .sql file in queries/
MINUTES = 64 * MIB  # a meeting's minutes (a year of weekly meetings is well under 1 MB)
IMPORT = 16 * GIB  # an import file (CSVs are read whole): a police.uk month for all forces is ~100 MB
DATABASE: int | None = None  # a database may be as large as the disk: only its kind is checked

# Opening a named pipe for reading waits for a writer; non-blocking, it returns at once for fstat.
READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def not_a_regular_file(mode: int) -> str | None:
    """What a file is instead of a regular file (None when it is one)."""
    if stat.S_ISREG(mode):
        return None
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    )
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def size_text(size: int) -> str:
    for unit, scale in (("GB", GIB), ("MB", MIB), ("KB", KIB)):
        if size >= scale:
            return f"{size / scale:.3g} {unit}"
    return f"{size} bytes"


def check_stat(path: Path, info: os.stat_result, limit: int | None, what: str) -> None:
    """Refuse `info` (of `path`, the `what` named in the message) unless it is a regular file no
    larger than `limit` bytes (None: any size)."""
    kind = not_a_regular_file(info.st_mode)
    if kind is not None:
        raise MissingInputError(
            f"{path} is {kind}, not {what}.",
            "Give the path of an ordinary file (psg reads no pipes or devices).",
        )
    if limit is not None and info.st_size > limit:
        raise DataError(
            f"{path} is {size_text(info.st_size)}, larger than {what} can be ({size_text(limit)}).",
            "Check the path: it may name the wrong file.",
        )


def regular_file(path: Path, limit: int | None, what: str) -> os.stat_result:
    """Check `path` is a regular file of at most `limit` bytes without opening it; its stat.

    `what` names what the file should be, with its article ("a column map", "the database"), for
    the messages: a missing, unreadable, special or oversized file is a PsgError saying so.
    """
    path = Path(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise MissingInputError(
            f"There is no file at {path} ({what} was expected).", "Check the path."
        ) from None
    except PermissionError:
        raise MissingInputError(
            f"You do not have permission to read {path}.", "Ask its owner for access."
        ) from None
    except OSError as exc:
        raise MissingInputError(f"Could not read {path}: {exc.strerror or exc}.", "Check the path.") from None
    check_stat(path, info, limit, what)
    return info


def read_fd(fd: int, limit: int | None = None) -> bytes:
    """Everything left in `fd`; with `limit`, at most limit + 1 bytes (one more than allowed
    shows the file grew past it)."""
    chunks = []
    left = None if limit is None else limit + 1
    while left is None or left > 0:
        chunk = os.read(fd, 1 << 20 if left is None else min(1 << 20, left))
        if not chunk:
            break
        chunks.append(chunk)
        if left is not None:
            left -= len(chunk)
    return b"".join(chunks)


def read_bytes(path: Path, limit: int | None, what: str, *, head: int | None = None) -> bytes:
    """The bytes of a regular file of at most `limit` bytes (with `head`, only its first `head`
    bytes); anything else is a PsgError naming `path` and `what` it should have been.
    FileNotFoundError is raised as it is, for callers that treat a missing file as empty or say
    more about it."""
    path = Path(path)
    try:
        fd = os.open(path, READ_FLAGS)
    except FileNotFoundError:
        raise
    except IsADirectoryError:
        raise MissingInputError(f"{path} is a folder, not {what}.", "Give the path of a file.") from None
    except PermissionError:
        raise MissingInputError(
            f"You do not have permission to read {path}.", "Ask its owner for access."
        ) from None
    except OSError as exc:
        raise MissingInputError(f"Could not read {path}: {exc.strerror or exc}.", "Check the path.") from None
    try:
        check_stat(path, os.fstat(fd), limit, what)
        try:
            data = os.read(fd, head) if head is not None else read_fd(fd, limit)
        except OSError as exc:
            raise MissingInputError(
                f"Could not read {path}: {exc.strerror or exc}.", "Check the path."
            ) from None
    finally:
        os.close(fd)
    if head is None and limit is not None and len(data) > limit:  # it grew after the check
        raise DataError(
            f"{path} is larger than {what} can be ({size_text(limit)}).",
            "Check the path: it may name the wrong file.",
        )
    return data


def read_text(path: Path, limit: int | None, what: str, encoding: str = "utf-8") -> str:
    """read_bytes decoded; UnicodeDecodeError is raised for the caller to word."""
    return read_bytes(path, limit, what).decode(encoding)
