"""A database with operations and interventions for the operation view's tests (tests/data/operations.sql)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from psg_tui.core.database import init_db
from psg_tui.importing.derived import refresh_derived
from tests.built_once import built_once

DATA = Path(__file__).parent / "data"


@built_once
def build_ops(path: Path, *, with_operations: bool = True) -> Path:
    """The fixture database; without operations it is the same areas and incidents with none."""
    init_db(path)
    con = duckdb.connect(str(path))
    try:
        con.execute((DATA / "operations.sql").read_text(encoding="utf-8"))
        if not with_operations:
            con.execute("DELETE FROM interventions; DELETE FROM operations")
        refresh_derived(con)
    finally:
        con.close()
    return path
