"""Starting or resuming the minutes a dashboard session writes to, and what to tell the chair.

`psg` with no minutes named keeps today's minutes in the user's data folder; the sample's
first meeting carries forward the sample's previous minutes, so the tracker opens on a
realistic list of actions. Resumed minutes bring their own settings: the dashboard opens on
their period when the database covers it, and says so when it does not, or when the minutes
were kept against another database.
"""

from __future__ import annotations

import dataclasses
import getpass
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from psg_tui.core.errors import MissingInputError, UsageError
from psg_tui.core.meeting import Meeting
from psg_tui.core.minutes import Minutes, MinutesStore, carry_forward, new_minutes, read_minutes
from psg_tui.core.minutes.codec import comments_warning
from psg_tui.core.minutes.model import action_number, format_action_id
from psg_tui.core.paths import user_data_dir
from psg_tui.core.periods import Period

PSG = "Problem-Solving Group"


@dataclass(frozen=True)
class MinutesSession:
    """The open minutes, the period to show, and what to tell the chair about them."""

    store: MinutesStore
    period: Period
    resumed: bool
    notices: tuple[str, ...] = ()  # on screen as warnings, and on the command line before it starts


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


def meeting_title(meeting: Meeting) -> str:
    """New minutes are titled after the database's partnership, e.g. "Stockton Problem-Solving Group"."""
    title = (meeting.meta.get("title") or "").strip()
    if not title:
        return PSG
    return (
        title if re.search(r"(problem[- ]solving group|\bPSG)$", title, re.IGNORECASE) else f"{title} {PSG}"
    )


def day_clock(today: date | None) -> Callable[[], datetime]:
    """The time now, on `today` if one is fixed (tests), so changes are dated on the meeting's day."""
    if today is None:
        return datetime.now
    return lambda: datetime.combine(today, datetime.now().time())


def start_session(
    meeting: Meeting,
    path: Path | None,
    period: str | None,
    today: date | None,
    *,
    carry_from: Path | None = None,
    user: str | None = None,
    chair: str | None = None,
    clock: Callable[[], datetime] = datetime.now,
) -> MinutesSession:
    """Resume `path` if it exists, otherwise start it; choose the period the dashboard opens on.

    `period` (YYYY-MM, from --period) wins; otherwise resumed minutes open on their own period
    if the database has it, and new ones on the database's newest complete month.
    """
    today = today or date.today()
    requested = meeting.check_period(Period.parse(period)) if period else None
    if path is None:
        path = default_minutes_path(meeting.path, today)
        path.parent.mkdir(parents=True, exist_ok=True)
    path = Path(path)
    if not path.exists():
        chosen = requested or meeting.default_period()
        store = _start(
            meeting, path, chosen, today, carry_from=carry_from, user=user, chair=chair, clock=clock
        )
        return MinutesSession(store, chosen, resumed=False, notices=_chair_notice(store))
    store = MinutesStore.open(path, user=recorder_name(user, None), clock=clock)
    try:
        if chair and chair.strip() and chair.strip() != store.minutes.meeting.chair:
            store.set_meeting(chair=chair)
        store.user = recorder_name(user, store.minutes.meeting.chair)
        chosen, period_notice = (requested, None) if requested else _minutes_period(meeting, store.minutes)
        notices = [
            n
            for n in (
                comments_warning(store.path.name, store.comment_lines),
                _database_notice(meeting, store),
                period_notice,
                *_chair_notice(store),
            )
            if n
        ]
    except BaseException:
        store.close()
        raise
    return MinutesSession(store, chosen, resumed=True, notices=tuple(notices))


def _start(
    meeting: Meeting,
    path: Path,
    period: Period,
    today: date,
    *,
    carry_from: Path | None,
    user: str | None,
    chair: str | None,
    clock: Callable[[], datetime],
) -> MinutesStore:
    """New minutes: carried forward from `carry_from`, or titled after the database with the
    chair left for --chair to fill (the login name is not a chair's name)."""
    if carry_from is not None:
        if not Path(carry_from).exists():
            raise MissingInputError(f"There are no minutes at {carry_from} to carry forward.")
        previous = read_minutes(Path(carry_from))
        fresh = carry_forward(
            previous, chair=chair, meeting_date=today, period=period, database=meeting.path.name
        )
    else:
        fresh = new_minutes(
            title=meeting_title(meeting),
            chair=chair or "",
            meeting_date=today,
            classification=meeting.classification,
            period=period,
            database=meeting.path.name,
        )
    return MinutesStore.open(
        path,
        create=_after_database_ids(fresh, meeting),
        user=recorder_name(user, fresh.meeting.chair),
        clock=clock,
    )


def _minutes_period(meeting: Meeting, minutes: Minutes) -> tuple[Period, str | None]:
    wanted = Period.of(minutes.meeting.period_end)
    try:
        return meeting.check_period(wanted), None
    except UsageError:
        shown = meeting.default_period()
        months = meeting.coverage.months
        return shown, (
            f"These minutes are for {wanted.label}, but {meeting.path.name} has incidents only for "
            f"{months[0].label} to {months[-1].label}: showing {shown.label}. Press [ or ] to change month."
        )


def _database_notice(meeting: Meeting, store: MinutesStore) -> str | None:
    recorded = store.minutes.meeting.database
    if not recorded or Path(recorded).name == meeting.path.name:
        return None
    return (
        f"These minutes were kept with the database {recorded}, but this dashboard has "
        f"{meeting.path.name} open: every figure on screen comes from {meeting.path.name}. "
        f"If that is wrong, quit and run: psg open {recorded} --minutes {store.path}"
    )


def _chair_notice(store: MinutesStore) -> tuple[str, ...]:
    if store.minutes.meeting.chair.strip():
        return ()
    return (
        f'No chair is recorded in {store.path.name}: start psg with --chair "NAME" to record one '
        "(now or after the meeting; it is kept in the minutes).",
    )


def _after_database_ids(minutes: Minutes, meeting: Meeting) -> Minutes:
    """New actions must not reuse an id that earlier meetings' minutes loaded into the database."""
    numbers = [action_number(row[0]) for row in meeting.con.execute("SELECT id FROM actions").fetchall()]
    highest = max((n for n in numbers if n is not None), default=0)
    if highest <= minutes.highest_action_number():
        return minutes
    return dataclasses.replace(minutes, last_action_id=format_action_id(highest))
