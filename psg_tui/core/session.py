"""Starting or resuming the minutes a dashboard session writes to.

`psg` with no minutes named keeps today's minutes in the user's data folder; the sample's
first meeting carries forward the sample's previous minutes, so the tracker opens on a
realistic list of actions.
"""

from __future__ import annotations

import dataclasses
import getpass
import re
from datetime import date
from pathlib import Path

from psg_tui.core.errors import MissingInputError
from psg_tui.core.meeting import Meeting
from psg_tui.core.minutes import Minutes, MinutesStore, carry_forward, new_minutes, read_minutes
from psg_tui.core.minutes.model import action_number, format_action_id
from psg_tui.core.paths import user_data_dir
from psg_tui.core.periods import Period


def default_minutes_path(db_path: Path, today: date) -> Path:
    stem = re.sub(r"[^a-z0-9]+", "-", db_path.stem.lower()).strip("-") or "meeting"
    return user_data_dir() / "minutes" / f"{today.isoformat()}-{stem}.toml"


def recorder_name(explicit: str | None, chair: str | None) -> str:
    """Who each change is recorded against: --user, else the chair, else the login name."""
    for name in (explicit, chair):
        if name and name.strip():
            return name.strip()
    try:
        return getpass.getuser()
    except Exception:  # no login name (some containers): still record something honest
        return "unknown user"


def open_minutes(
    meeting: Meeting,
    path: Path | None,
    *,
    period: Period,
    today: date,
    carry_from: Path | None = None,
    user: str | None = None,
    chair: str | None = None,
) -> MinutesStore:
    """Resume `path` if it exists; otherwise start it, carrying forward `carry_from`'s open actions."""
    if path is None:
        path = default_minutes_path(meeting.path, today)
        path.parent.mkdir(parents=True, exist_ok=True)
    path = Path(path)
    if path.exists():
        existing_chair = read_minutes(path).meeting.chair
        return MinutesStore.open(path, user=recorder_name(user, existing_chair))
    if carry_from is not None:
        if not Path(carry_from).exists():
            raise MissingInputError(f"There are no minutes at {carry_from} to carry forward.")
        previous = read_minutes(Path(carry_from))
        fresh = carry_forward(
            previous, chair=chair, meeting_date=today, period=period, database=meeting.path.name
        )
    else:
        fresh = new_minutes(
            title=meeting.title,
            chair=recorder_name(chair, user),
            meeting_date=today,
            classification=meeting.classification,
            period=period,
            database=meeting.path.name,
        )
    return MinutesStore.open(
        path, create=_after_database_ids(fresh, meeting), user=recorder_name(user, fresh.meeting.chair)
    )


def _after_database_ids(minutes: Minutes, meeting: Meeting) -> Minutes:
    """New actions must not reuse an id that earlier meetings' minutes loaded into the database."""
    numbers = [action_number(row[0]) for row in meeting.con.execute("SELECT id FROM actions").fetchall()]
    highest = max((n for n in numbers if n is not None), default=0)
    if highest <= minutes.highest_action_number():
        return minutes
    return dataclasses.replace(minutes, last_action_id=format_action_id(highest))
