"""`psg db check` for police.uk's outcomes and stop-and-search tables: what was kept but cannot
be shown in full, counted so that nothing is lost without a word.

An outcome whose crime has no street row here is kept (its crime's month was not imported: the
street file of that month links it), and a search no street row shares a map point with is kept
without a place; both are information, with the import that fills the gap.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import duckdb

from psg_tui.importing.common import counted

T = TypeVar("T")


def police_uk_findings(
    con: duckdb.DuckDBPyConnection, finding: Callable[[str, str, str], T], info: str
) -> list[T]:
    """Findings (made with `finding(severity, topic, message)`) about outcomes and searches."""
    found: list[T] = []
    unheld, crimes, first, last = con.execute(
        "SELECT count(*), count(DISTINCT crime_id), strftime(min(month), '%Y-%m'), strftime(max(month), '%Y-%m')"
        " FROM outcomes WHERE crime_id NOT IN"
        " (SELECT source_ref FROM incidents WHERE source = 'police-uk' AND source_ref IS NOT NULL)"
    ).fetchall()[0]
    if unheld:
        found.append(
            finding(
                info,
                "outcomes",
                f"{counted(unheld, 'outcome')} (of {counted(crimes, 'crime')}, recorded {first} to {last}) with"
                " no street row in this database, so no area counts them yet: import the street files of the"
                " months those crimes were recorded in",
            )
        )
    unplaced, searches = con.execute(
        "SELECT count(*) FILTER (WHERE lsoa_code IS NULL), count(*) FROM stop_searches"
    ).fetchall()[0]
    if unplaced:
        found.append(
            finding(
                info,
                "stop and search",
                f"{unplaced:,} of {searches:,} stop and searches could not be placed (no street row shares"
                " their map point, or they have no coordinates): no area shows them",
            )
        )
    return found
