"""`psg db load-minutes`: a meeting's actions into the database, checked like an import.

An action whose area the database does not have would sit in the register where no area's
panel shows it, so it is rejected like an import's row (file, action id, field, reason),
listed, and written to DB-STEM-rejects-minutes.csv. The others are loaded; with --strict a
single reject loads nothing, and a file whose every action is rejected loads nothing either.
The load goes through the same copy, lock and swap as an import, so it can neither be lost
to an import running at the same time nor block a dashboard that has the database open.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from psg_tui.core.errors import DataError
from psg_tui.core.minutes import load_minutes_into
from psg_tui.core.minutes.model import Minutes

if TYPE_CHECKING:
    import duckdb


@dataclass(frozen=True)
class ActionReject:
    file: str
    action: str
    field: str
    reason: str


@dataclass
class MinutesLoad:
    written: int  # rows written (a later meeting's row for an id is kept)
    offered: int  # actions in the file that passed the checks
    rejects: list[ActionReject]


class MinutesRejected(DataError):
    """Nothing was loaded: --strict and a reject, or every action rejected. Carries the rejects."""

    def __init__(self, message: str, hint: str, rejects: list[ActionReject]) -> None:
        super().__init__(message, hint)
        self.rejects = rejects


def minutes_rejects_path(db: Path) -> Path:
    db = Path(db)
    return db.with_name(f"{db.stem}-rejects-minutes.csv")


def load_minutes_into_database(
    db: Path, minutes: Minutes, source: Path, *, strict: bool = False
) -> MinutesLoad:
    """Check the actions against the database's areas, then load the good ones (see module)."""
    from psg_tui.importing.swap import write_through_copy

    def work(con: duckdb.DuckDBPyConnection) -> MinutesLoad:
        known = {row[0] for row in con.execute("SELECT id FROM areas").fetchall()}
        rejects = [
            ActionReject(
                str(source),
                action.id,
                "area",
                f"unknown area '{action.area}': this database has no such area (import it with "
                "`psg db import DB areas`, or correct the action's area)",
            )
            for action in minutes.actions
            if action.area is not None and action.area not in known
        ]
        refused = {r.action for r in rejects}
        if rejects and (strict or len(refused) == len(minutes.actions)):
            first = rejects[0]
            why = "--strict is on" if strict else "every action in it was rejected"
            raise MinutesRejected(
                f"{source}: {len(rejects)} rejected action(s) and {why}, so nothing was loaded. "
                f"First: action {first.action}, {first.field}: {first.reason}.",
                "Fix the actions (see the rejects list) or the database's areas, then load the minutes again.",
                rejects,
            )
        kept = [a for a in minutes.actions if a.id not in refused]
        written = load_minutes_into(con, dataclasses.replace(minutes, actions=tuple(kept)))
        return MinutesLoad(written, len(kept), rejects)

    try:
        result = write_through_copy(db, work, what="psg db load-minutes")
    except MinutesRejected as error:
        write_action_rejects(minutes_rejects_path(db), error.rejects)
        raise
    write_action_rejects(minutes_rejects_path(db), result.rejects)
    return result


def write_action_rejects(path: Path, rejects: list[ActionReject]) -> None:
    from psg_tui.importing.swap import write_listing

    write_listing(
        path, ["file", "action", "field", "reason"], [(r.file, r.action, r.field, r.reason) for r in rejects]
    )
