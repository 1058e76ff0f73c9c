"""Area names for published minutes, from the database the meeting looked at.

The minutes hold area ids ('parkfield-oxbridge-harmony'); members read names ('Parkfield &
Oxbridge (Project Harmony)'). The names come from the database the minutes' optional
`database` field names (relative to the minutes file; a bare file name is also looked for in
the psg-tui data folder, where `psg` keeps the sample and its minutes' database), or the one
given with `--db`, opened read-only. Without one the ids are shown, with a one-line note.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from psg_tui.core.errors import PsgError
from psg_tui.core.minutes import Minutes
from psg_tui.core.paths import user_data_dir

if TYPE_CHECKING:
    from psg_tui.core.periods import Period


@dataclass(frozen=True)
class AreaNames:
    names: dict[str, str]
    note: str | None  # why the ids are shown, when they are
    database: Path | None = None  # the database the names were read from (operations come from it too)


def _candidates(minutes_file: Path, database: str) -> list[Path]:
    named = Path(database).expanduser()
    if named.is_absolute():
        return [named]
    found = [Path(minutes_file).parent / named]
    if len(named.parts) == 1:
        found.append(user_data_dir() / named)
    return found


def read_area_names(db: Path) -> dict[str, str]:
    """id -> name of every area in a psg-tui database, opened read-only."""
    import duckdb

    from psg_tui.core.database import open_database
    from psg_tui.core.errors import DataError

    con = open_database(db, read_only=True)
    try:
        return {str(i): str(n) for i, n in con.execute("SELECT id, name FROM areas").fetchall() if n}
    except duckdb.Error as exc:
        raise DataError(f"Could not read the areas of {db}: {str(exc).splitlines()[0]}") from None
    finally:
        con.close()


def area_names(minutes_file: Path, minutes: Minutes, db: Path | None = None) -> AreaNames:
    """The names for the minutes' areas. An explicit `db` that cannot be read is an error (its
    PsgError says why); the minutes' own `database` that is missing or unreadable is a note."""
    if db is not None:
        return AreaNames(read_area_names(db), None, db)
    database = minutes.meeting.database
    if not database:
        return AreaNames(
            {}, "note: areas are shown by id: the minutes name no database (give --db DB for names)."
        )
    paths = _candidates(minutes_file, database)
    for path in paths:
        if path.is_file():
            try:
                return AreaNames(read_area_names(path), None, path)
            except PsgError as exc:
                first = exc.message.splitlines()[0] if exc.message else "it could not be read"
                return AreaNames(
                    {}, f"note: areas are shown by id: {path}: {first} (give --db DB for names)."
                )
    return AreaNames(
        {},
        f"note: areas are shown by id: the minutes' database {paths[0]} was not found (give --db DB for names).",
    )


def read_area_figures(db: Path, minutes: Minutes) -> dict[str, str]:
    """area id -> one line of the figures the room looked at for it, for the minutes' month:
    'Oct 2026: 297 incidents (Sep 2026: 294); 84.9 per 1,000 residents (Sep 2026: 81.2); IMD
    decile 2.9, 37.5% in the most deprived 10%' — from `queries/area_context.sql`, so the
    minutes, the area view and `psg query` agree. Only for the areas the minutes have notes on,
    and only when the period is one calendar month (the dashboard's periods); {} otherwise."""
    from psg_tui.core.meeting import Meeting
    from psg_tui.core.periods import Period

    meeting = minutes.meeting
    start, end = meeting.period_start, meeting.period_end
    period = Period(start.year, start.month)
    if (start, end) != (period.start, period.end) or not minutes.areas:
        return {}
    figures: dict[str, str] = {}
    opened = Meeting(db)
    try:
        query = opened.queries.get("area_context")
        if query is None or query.problem:
            return {}
        known = opened.area_names()
        for area in minutes.areas:
            if area.area in known and area.area not in figures:
                rows = opened.run(query, period, area.area).dicts()
                if rows:
                    figures[area.area] = figures_line(rows[0], period)
    finally:
        opened.close()
    return figures


def figures_line(row: dict[str, Any], period: Period) -> str:
    """One area's area_context row as a sentence's worth of figures."""
    incidents = row.get("period_incidents")
    parts = [
        f"{period.label}: {incidents:,} incident{'' if incidents == 1 else 's'}"
        if incidents is not None
        else f"{period.label}: no incident data"
    ]
    rate, previous = row.get("rate_per_1000"), row.get("previous_rate_per_1000")
    if rate is not None:
        before = f" ({period.previous.label}: {previous:,.1f})" if previous is not None else ""
        parts.append(f"{rate:,.1f} per 1,000 residents{before}")
    if row.get("imd_decile") is not None:
        parts.append(
            f"IMD {row['imd_edition']} decile {row['imd_decile']:.1f}, "
            f"{row['most_deprived_pct']:.1f}% in the most deprived 10%"
        )
    note = row.get("note")
    rate_note = next(
        (n for n in (note or "").split("; ") if n.startswith(("no rate", "no population"))), None
    )
    if rate is None and rate_note:
        parts.append(rate_note)
    return "; ".join(parts)
