"""What a file given as a database really is, told from its first bytes.

`psg open notes.csv` should say "that is a CSV file: import it", not pass on DuckDB's
"Cannot launch in-memory database in read-only mode!". Sniffing before DuckDB sees the file
also keeps a SQLite file away from DuckDB, which would otherwise try to load (and download)
its sqlite extension.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from psg_tui.core.files import DATABASE, read_bytes

# Every DuckDB database file has these four bytes after its 8-byte checksum.
DUCKDB_MAGIC = b"DUCK"
_MAGIC_AT = 8
_SNIFF_BYTES = 4096
_IMPORT = "Import it into a database with `psg db import DB KIND FILE` (see `psg db import --help`), then open that."
_MINUTES = re.compile(r'^\s*format\s*=\s*["\']psg-minutes["\']', re.MULTILINE)


def looks_like_duckdb(head: bytes) -> bool:
    return head[_MAGIC_AT : _MAGIC_AT + len(DUCKDB_MAGIC)] == DUCKDB_MAGIC


def read_head(path: Path) -> bytes:
    """The first bytes of a regular file (the database: any size); a pipe, device or folder is a
    PsgError, said before a read could hang on it; a missing file is FileNotFoundError."""
    return read_bytes(path, DATABASE, "a DuckDB database", head=_SNIFF_BYTES)


def describe_non_duckdb(path: Path, head: bytes) -> tuple[str, str] | None:
    """(what the file is, what to do) when it is not a DuckDB database; None when it looks like one."""
    if looks_like_duckdb(head):
        return None
    if not head:
        return (
            f"{path} is empty (0 bytes), not a DuckDB database.",
            "It may be a copy or download that did not finish: copy the database again, "
            "or make a new one with `psg db init`.",
        )
    if head.startswith(b"PK\x03\x04") and (b"xl/" in head or b"[Content_Types].xml" in head):
        return (
            f"{path} is an Excel workbook, not a DuckDB database.",
            "Save the sheet as CSV (UTF-8) and import it with `psg db import DB KIND FILE`.",
        )
    for magic, what, todo in _BINARY:
        if head.startswith(magic):
            return f"{path} is {what}, not a DuckDB database.", todo
    text = _as_text(head)
    if text is None:
        return (
            f"{path} is a file psg-tui does not recognise, not a DuckDB database.",
            "Check the path: give the .duckdb file made by `psg db init` and `psg db import`.",
        )
    if _MINUTES.search(text):
        return (
            f"{path} is a meeting's minutes file (TOML), not a DuckDB database.",
            f"Open the database and name the minutes: `psg open DB --minutes {path}`.",
        )
    first = next((line for line in text.splitlines() if line.strip()), "")
    if "," in first or "\t" in first or ";" in first:
        return f"{path} is a CSV (text) file, not a DuckDB database.", _IMPORT
    return (
        f"{path} is a text file, not a DuckDB database.",
        "Check the path: give the .duckdb file made by `psg db init` and `psg db import`.",
    )


def _as_text(head: bytes) -> str | None:
    """The bytes as text if they are UTF-8 (a character cut off at the end is fine) with no binary controls."""
    try:
        text = codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
    except UnicodeDecodeError:
        return None
    if any(ord(c) < 32 and c not in "\t\n\r\f" for c in text):
        return None
    return text


_BINARY = (
    (
        b"SQLite format 3\x00",
        "a SQLite database",
        "psg-tui reads DuckDB databases made by `psg db init`. Export the tables you need as CSV "
        "and import them with `psg db import DB KIND FILE`.",
    ),
    (
        b"PK\x03\x04",
        "a zip archive",
        "Unzip it first: a data.police.uk download holds CSV files, imported with "
        "`psg db import DB police-uk FOLDER`.",
    ),
    (b"PK\x05\x06", "an empty zip archive", "Check the path: give the .duckdb file made by `psg db init`."),
    (
        b"PAR1",
        "a Parquet file",
        "Import it with `psg db import DB incidents FILE --source NAME`, then open DB.",
    ),
    (b"\x1f\x8b", "a gzip-compressed file", "Decompress it first (`gunzip`), then try again."),
    (b"%PDF", "a PDF document", "Check the path: give the .duckdb file made by `psg db init`."),
    (
        b"\xd0\xcf\x11\xe0",
        "an old-style Office document (for example .xls)",
        "Save the sheet as CSV and import it with `psg db import DB KIND FILE`.",
    ),
)
