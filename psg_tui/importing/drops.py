"""Months that fell at their last import: kept in meta so `psg db check` can flag them.

A re-import that leaves a police.uk month (or a ward's LSOAs) with less than half of what it
held is refused without --replace (`common.SHRINK_LIMIT`); a smaller fall goes through, as
publishers revise months. A fall of more than DROP_SHARE is recorded (meta `import_drops`: each
replaced batch's rows before and after, and the day), and a later import of the batch that does
not fall so far clears it, so the check names the months worth a second look (a partial
download imported with --replace, or one not caught as partial).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date

import duckdb

from psg_tui.importing.common import Change

DROP_SHARE = 0.1  # a month whose rows fell by more than this share at its last import is flagged
DROPS_KEY = "import_drops"


def record_drops(con: duckdb.DuckDBPyConnection, kind: str, changes: Iterable[Change]) -> None:
    """Note the batches this import made fall by more than DROP_SHARE; forget those it did not."""
    replaced = [c for c in changes if c.replaces]
    if not replaced:
        return
    drops = read_drops(con)
    before = dict(drops)
    for change in replaced:
        key = f"{kind}: {change.label}"
        if change.before and change.after < change.before * (1 - DROP_SHARE):
            drops[key] = [change.before, change.after, date.today().isoformat()]
        else:
            drops.pop(key, None)
    if drops != before:
        con.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ($key, $value)",
            {"key": DROPS_KEY, "value": json.dumps(drops, sort_keys=True, separators=(",", ":"))},
        )


def read_drops(con: duckdb.DuckDBPyConnection) -> dict[str, list[object]]:
    """{'police-uk: 2021-08 Cleveland Police': [2271, 1683, '2026-12-07'], ...}; {} when none
    (or when the record is not what this module writes)."""
    row = con.execute("SELECT value FROM meta WHERE key = $key", {"key": DROPS_KEY}).fetchall()
    if not row:
        return {}
    try:
        found = json.loads(row[0][0])
    except (TypeError, ValueError):
        return {}
    if not isinstance(found, dict):
        return {}
    return {
        str(k): v
        for k, v in found.items()
        if isinstance(v, list) and len(v) == 3 and all(isinstance(n, int) for n in v[:2])
    }


def drop_lines(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Each recorded fall, said for `psg db check`."""
    lines = []
    for label, (before, after, day) in sorted(read_drops(con).items()):
        assert isinstance(before, int) and isinstance(after, int)
        share = 1 - after / before if before else 0.0
        lines.append(
            f"{label} fell from {before:,} to {after:,} rows ({share:.0%} fewer) at its last import ({day}):"
            " if that file was a partial download, import the whole month again"
        )
    return lines
