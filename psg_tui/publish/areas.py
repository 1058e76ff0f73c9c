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

from psg_tui.core.errors import PsgError
from psg_tui.core.minutes import Minutes
from psg_tui.core.paths import user_data_dir


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
