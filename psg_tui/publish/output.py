"""Writing an export: atomically, and never over the minutes it was made from."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from psg_tui.core.errors import OutputError
from psg_tui.core.minutes.files import fsync_file, fsync_folder


def _same_file(a: Path, b: Path) -> bool:
    if a.resolve() == b.resolve():
        return True
    try:
        return os.path.samefile(a, b)  # a hard link, or another path to the same file
    except OSError:
        return False


def check_output(out: Path, source: Path) -> None:
    """Refuse, before any work, an output that is the input minutes or cannot be a file."""
    out, source = Path(out), Path(source)
    if _same_file(out, source):
        raise OutputError(
            f"Refusing to write the export over the minutes file it is made from ({source}).",
            "Give another output file with -o, e.g. -o minutes.html.",
        )
    if out.is_dir():
        raise OutputError(f"{out} is a folder.", "Give the path of a file to write, e.g. -o minutes.html.")
    if not out.parent.is_dir():
        raise OutputError(
            f"The folder {out.parent} does not exist.", "Create it first, or choose another path."
        )


def export_mode(source: Path) -> int:
    """The permissions an export of `source` gets: what the umask allows, never wider than the
    source's own (minutes kept 0600 give a 0600 export, not a world-readable one)."""
    mask = os.umask(0)
    os.umask(mask)
    mode = 0o666 & ~mask
    with contextlib.suppress(OSError):
        mode &= os.stat(source).st_mode & 0o666
    return mode


def write_output(out: Path, data: bytes, *, source: Path) -> None:
    """Write `data` to `out` through a temporary file and a rename: readers never see half a file."""
    out = Path(out)
    check_output(out, source)
    mode = export_mode(source)
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)  # 0600 until chmod
    except OSError as exc:
        raise _error(out, exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            with contextlib.suppress(OSError):
                os.fchmod(handle.fileno(), mode)
            handle.write(data)
            handle.flush()
            fsync_file(handle.fileno())
        os.replace(temp, out)
        fsync_folder(out.parent)
    except OSError as exc:
        raise _error(out, exc) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)


def _error(out: Path, exc: OSError) -> OutputError:
    return OutputError(
        f"Could not write {out}: {exc.strerror or exc}. Nothing was written.",
        "Check the folder's permissions and free space, or choose another path with -o.",
    )
