"""The (month, force) batches a police.uk outcomes or stop-and-search file replaces.

Each batch ('police-uk-outcomes:2024-03:Cleveland Police') is deleted and written whole, so
importing a file again, or a revised one, is exact. The checked table's `batch` column names
each stored row's batch; `changes` says what each batch holds now and after (so the pipeline
can refuse a file that would lose most of a month).
"""

from __future__ import annotations

import duckdb

from psg_tui.importing.common import CHECKED, Change


class ForceMonths:
    """The batches of the checked rows that pass (`stored`: a SQL condition on the checked
    table), written into `table` by `insert` (an INSERT ... SELECT over the checked table)."""

    def __init__(
        self, con: duckdb.DuckDBPyConnection, table: str, stored: str, insert: str, *, what: str, unit: str
    ) -> None:
        self.table = table
        self.what = what  # said after each batch's month and force: 'outcomes'
        self.unit = unit
        self.stored = stored
        self.insert = insert
        found = con.execute(
            f"SELECT batch, strftime(month, '%Y-%m') || ' ' || force, count(*) FILTER ({stored}), month"
            f" FROM {CHECKED} WHERE batch IS NOT NULL GROUP BY ALL HAVING count(*) FILTER ({stored}) > 0 ORDER BY 2"
        ).fetchall()
        self.groups: list[tuple[str, str, int]] = [(str(b), str(label), int(n)) for b, label, n, _ in found]
        # The months' range lets DuckDB skip the row groups of other months when deleting.
        self.range = {
            "first": min((row[3] for row in found), default=None),
            "last": max((row[3] for row in found), default=None),
        }

    def apply(self, con: duckdb.DuckDBPyConnection) -> int:
        batches = [batch for batch, _, _ in self.groups]
        con.execute(
            f"DELETE FROM {self.table} WHERE month BETWEEN $first AND $last AND list_contains($batches, batch)",
            {"batches": batches, **self.range},
        )
        con.execute(self.insert)
        return int(con.execute(f"SELECT count(*) FROM {CHECKED} WHERE {self.stored}").fetchall()[0][0])

    def changes(self, con: duckdb.DuckDBPyConnection) -> list[Change]:
        held = dict(
            con.execute(
                f"SELECT batch, count(*) FROM {self.table}"
                " WHERE month BETWEEN $first AND $last AND list_contains($batches, batch) GROUP BY batch",
                {"batches": [batch for batch, _, _ in self.groups], **self.range},
            ).fetchall()
        )
        return [
            Change(f"{label} {self.what}", int(held.get(batch, 0)), after, unit=self.unit)
            for batch, label, after in self.groups
        ]
