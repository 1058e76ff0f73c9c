"""The one way the dashboard is built: the command line and the tests both start here."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from psg_tui.app.app import PsgApp
from psg_tui.core.errors import PsgError
from psg_tui.core.meeting import Meeting
from psg_tui.core.session import day_clock, start_session
from psg_tui.share.options import ShareOptions


def make_app(
    db_path: Path,
    *,
    period: str | None = None,
    minutes: Path | None = None,
    carry_from: Path | None = None,
    user: str | None = None,
    chair: str | None = None,
    today: date | None = None,
    clock: Callable[[], datetime] | None = None,
    share: ShareOptions | None = None,
) -> PsgApp:
    """Open the database and the minutes (raising PsgError with a clear message if either
    cannot be used) and build the app; the command line and the tests both start here."""
    clock = clock or day_clock(today)
    meeting = Meeting(db_path, today=today)
    try:
        session = start_session(
            meeting, minutes, period, today, carry_from=carry_from, user=user, chair=chair, clock=clock
        )
    except PsgError:
        meeting.close()
        raise
    return PsgApp(
        meeting,
        session.period,
        session.store,
        resumed=session.resumed,
        notices=session.notices,
        clock=clock,
        share=share,
    )
