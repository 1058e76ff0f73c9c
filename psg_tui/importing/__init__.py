"""The analyst's data pipeline: import the files a partnership really gets into a psg-tui database.

`import_files` imports into an open writable connection, one transaction per file (the sample
builder and tests use it); `import_into_database` is what `psg db import` runs: it builds into a
copy of the database and swaps it in atomically, so a dashboard reading the file is never blocked.
"""

from __future__ import annotations

from psg_tui.importing.common import ImportSummary, Reject
from psg_tui.importing.kinds import KIND_NAMES, KINDS
from psg_tui.importing.pipeline import ImportRejected, import_files
from psg_tui.importing.swap import import_into_database, rejects_path

__all__ = [
    "KINDS",
    "KIND_NAMES",
    "ImportRejected",
    "ImportSummary",
    "Reject",
    "import_files",
    "import_into_database",
    "rejects_path",
]
