"""data.police.uk police outcomes files (being built: this module is replaced by its importer)."""

from __future__ import annotations

import duckdb

from psg_tui.core.errors import UsageError
from psg_tui.importing.common import Source
from psg_tui.importing.contract import Options, Prepared


def prepare(con: duckdb.DuckDBPyConnection, source: Source, options: Options) -> Prepared:
    raise UsageError(f"{source.path}: this psg-tui does not import police.uk police outcomes files yet.")
