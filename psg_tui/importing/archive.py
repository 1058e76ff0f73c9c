"""Zip archives (data.police.uk's custom download) read in place, member by member.

A member is read through `zipfile` into memory, never unpacked to disk: the CSV reader reads a
whole file as bytes anyway (to account for every line, see `rows`), and neither DuckDB nor
Polars reads a deflated member itself, so a member costs what a file of its size costs.

Everything that can be checked from the central directory is checked before any member is
read: a name that could leave a folder (`..`, an absolute path, a drive) or that holds control
characters (it is printed in the summary), an encrypted
member, and sizes no download has (a member past the import limit, a whole archive past
MAX_ARCHIVE, a compression ratio past MAX_RATIO: a zip bomb). A member that turns out cut short or
damaged when read (its CRC, its deflate stream) is not an error here: the bytes read before the
damage are returned with what went wrong, and the pipeline refuses the file unless --replace.
"""

from __future__ import annotations

import re
import threading
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from psg_tui.core.errors import DataError
from psg_tui.core.files import GIB, IMPORT, size_text
from psg_tui.core.safe_text import printable

# A CSV deflates to a tenth of its size or so; a ratio past this is built to exhaust memory.
MAX_RATIO = 200
RATIO_FROM = 1 << 20  # smaller members may have any ratio (a header and a few repeated rows)
# All forces for fifteen years is some 30 GB of CSV.
MAX_ARCHIVE = 64 * GIB
HEAD = 1 << 16
CHUNK = 1 << 20
DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class Member:
    """One file inside a zip archive; `path` (the archive's path, then the member's name) is
    how messages and the rejects list name it."""

    archive: Path
    name: str
    size: int  # uncompressed, as the central directory says

    @property
    def path(self) -> Path:
        return self.archive / self.name

    def head(self) -> bytes:
        """Its first bytes (for the header); a member damaged from its start is refused here."""
        data, problem = self._read(HEAD)
        if problem and not data:
            raise DataError(
                f"{self.path} cannot be read from the archive: {problem}.",
                "The download is damaged: download it again. Nothing was changed.",
            )
        return data

    def read(self) -> tuple[bytes, str | None]:
        """All its bytes, or those before the damage and what the damage is."""
        return self._read(None)

    def _read(self, limit: int | None, *, check_crc: bool = True) -> tuple[bytes, str | None]:
        chunks: list[bytes] = []
        got = 0
        wanted = self.size if limit is None else min(limit, self.size)
        try:
            with _open_zip(self.archive).open(self.name) as handle:
                if not check_crc:
                    # zipfile raises on a bad CRC without returning the bytes it read; to let
                    # --replace keep what the member holds, read it again unchecked (the damage
                    # is still reported, and the file refused without --replace).
                    handle._expected_crc = None  # type: ignore[attr-defined]  # no public switch
                while got < wanted:
                    chunk = handle.read(min(CHUNK, wanted - got))
                    if not chunk:
                        break
                    chunks.append(chunk)
                    got += len(chunk)
                if limit is None and handle.read(1):
                    return b"".join(chunks), "it holds more than its listed size"
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            if check_crc and "CRC" in str(exc):
                return self._read(limit, check_crc=False)[0], _damage(exc)
            return b"".join(chunks), _damage(exc)
        if got < wanted:
            return b"".join(chunks), f"it ends after {size_text(got)} of its {size_text(self.size)}"
        return b"".join(chunks), None


# Each archive opened once per import: opening a zip reads its whole central directory, which
# for a national download of thousands of members would cost more than reading a member. A
# ZipFile reads its members through one file under its own lock, so the import's two threads
# (the stager reads the next file while the main one writes) may share it.
_OPEN: dict[Path, zipfile.ZipFile] = {}
_OPEN_LOCK = threading.Lock()


def _open_zip(archive: Path) -> zipfile.ZipFile:
    with _OPEN_LOCK:
        opened = _OPEN.get(archive)
        if opened is None:
            opened = _OPEN[archive] = zipfile.ZipFile(archive)
        return opened


def close_archives() -> None:
    """Close the archives an import opened (at its end, whatever the outcome)."""
    with _OPEN_LOCK:
        for opened in _OPEN.values():
            opened.close()
        _OPEN.clear()


def _damage(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    if "CRC" in text:
        return "its checksum (CRC) does not match: the member is damaged"
    if isinstance(exc, EOFError) or "truncated" in text.lower() or "end of" in text.lower():
        return "it is cut off (truncated)"
    return f"it is damaged ({text})"


def is_zip(path: Path) -> bool:
    """Whether `path` is a zip archive, by its first bytes (not its name)."""
    try:
        with path.open("rb") as handle:
            return handle.read(4) in (b"PK\x03\x04", b"PK\x05\x06")
    except OSError:
        return False


def members(archive: Path) -> list[Member]:
    """The archive's files, checked from its central directory before any is read."""
    try:
        with zipfile.ZipFile(archive) as opened:
            infos = opened.infolist()
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise DataError(
            f"{archive} is not a complete zip archive ({exc}): a download cut off, or another kind of file.",
            "Download it again (the zip's list of files is at its end, so a cut-off zip cannot be read). "
            "Nothing was changed.",
        ) from None
    found: list[Member] = []
    total = 0
    for info in infos:
        name = info.filename
        where = f"{archive}: the member '{printable(name)}'"
        if printable(name) != name:
            raise DataError(
                f"{where} has control characters in its name.",
                "This is not a data.police.uk download: psg refuses the archive. Nothing was changed.",
            )
        if _unsafe(name):
            raise DataError(
                f"{where} has a name that leads outside the archive's folders (an absolute path or '..').",
                "This is not a data.police.uk download: psg refuses the archive. Nothing was changed.",
            )
        if info.is_dir():
            continue
        if info.flag_bits & 0x1:
            raise DataError(
                f"{where} is encrypted.", "Give an archive without a password. Nothing was changed."
            )
        if info.file_size > IMPORT:
            raise DataError(
                f"{where} would unpack to {size_text(info.file_size)}, more than an import file may be "
                f"({size_text(IMPORT)}).",
                "This is not a data.police.uk download. Nothing was changed.",
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FROM and ratio > MAX_RATIO:
            raise DataError(
                f"{where} would unpack to {ratio:,.0f} times its packed size ({size_text(info.file_size)}):"
                " no CSV compresses so well (a zip bomb?).",
                "psg refuses the archive. Nothing was changed.",
            )
        total += info.file_size
        found.append(Member(archive, name, info.file_size))
    if total > MAX_ARCHIVE:
        raise DataError(
            f"{archive} would unpack to {size_text(total)}, more than psg reads from one archive "
            f"({size_text(MAX_ARCHIVE)}).",
            "Split the download into smaller ones. Nothing was changed.",
        )
    return found


def _unsafe(name: str) -> bool:
    if name.startswith(("/", "\\")) or DRIVE.match(name) or "\x00" in name:
        return True
    return ".." in PurePosixPath(name.replace("\\", "/")).parts
