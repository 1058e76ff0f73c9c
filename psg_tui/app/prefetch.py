"""A prefetched meeting: once the overview is drawn, the period's area panels are computed in
the background in the order the chair will step through them, so `n` and `p` find their area
ready and draw it from memory.

The order is the overview's ranking centred on the current area: it first, then the month
before and after it (the overview and the area, for `[` and `]`), then the next and the
previous area, the next but one and the previous but one, and so on (from the overview, what
`n` opens first and what `p` does). It is worked out again before each area, so a chair
who jumps ahead moves the prefetch with them. It runs on its own worker lane
(`Meeting.prefetch_area`), runs no query while a load the chair is waiting for runs, and is
restarted (the running one stopped) whenever the overview is loaded again: a period change, a
reload, a change to the minutes' actions. What it kept stays kept (`core/results.py`) unless
the database is reopened, so a restart skips the areas already done.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from textual.app import App

from psg_tui.core.errors import PsgError
from psg_tui.core.meeting import PREFETCH_LANE, Meeting
from psg_tui.core.periods import Period


def stepping_order(order: Sequence[str], current: str | None) -> Iterator[str]:
    """The areas as the chair reaches them from `current`: it, next, previous, next but one..."""
    if not order:
        return
    start = order.index(current) if current in order else 0
    yield order[start]
    seen = {order[start]}
    for distance in range(1, len(order)):
        for index in (start + distance, start - distance):
            area = order[index % len(order)]
            if area not in seen:
                seen.add(area)
                yield area


# How long after the frame a key caused the prefetch stays paused, and at most how long a key
# holds it (a screen built for the first time takes a few frames).
DRAW_PAUSE_SECONDS = 0.15
LONGEST_HOLD_SECONDS = 2.0


class Prefetch:
    """Starts and restarts the background load of the meeting's areas (one at a time)."""

    def __init__(
        self,
        app: App[None],
        meeting: Callable[[], Meeting],
        order: Callable[[], list[str]],
        current: Callable[[], str | None],
    ) -> None:
        self._app = app
        self._meeting = meeting
        self._order = order
        self._current = current

    def hold_while_drawing(self) -> None:
        """A key changed the view: the prefetch leaves both cores to the screen until it is drawn
        (and a moment after, for what a load or a chart draws next)."""
        meeting = self._meeting()
        meeting.hold_prefetch()
        released = False

        def release() -> None:
            nonlocal released
            if not released:
                released = True
                meeting.release_prefetch()

        if not self._app.is_running:
            release()
            return
        self._app.call_after_refresh(lambda: self._app.set_timer(DRAW_PAUSE_SECONDS, release))
        self._app.set_timer(LONGEST_HOLD_SECONDS, release)  # never held for good

    def restart(self, period: Period) -> None:
        """Stop the running prefetch, if any, and start one for `period`."""
        meeting = self._meeting()
        if meeting.results is None or not self._app.is_running:
            return
        self._app.run_worker(
            lambda: self._run(meeting, period),
            name="prefetch",
            group="prefetch",
            # Not exclusive: the new load's cursor supersedes the old one's (Meeting.worker_cursor),
            # which then stops by itself; a cancelled worker would only fail those waiting on it.
            exclusive=False,
            thread=True,
            exit_on_error=False,
        )

    def _run(self, meeting: Meeting, period: Period) -> None:
        done: set[tuple[str | None, Period]] = set()
        held = meeting.coverage.months
        try:
            with meeting.worker_cursor(PREFETCH_LANE) as cursor:
                while True:
                    job = next((j for j in self._jobs(period, held) if j not in done), None)
                    if job is None:
                        return
                    done.add(job)
                    area, month = job
                    if area is None:
                        meeting.prefetch_overview(month, cursor)
                    else:
                        meeting.prefetch_area(area, month, cursor)
        except PsgError:
            return  # stopped, or the database unreadable: the chair's own loads say so

    def _jobs(self, period: Period, held: Sequence[Period]) -> Iterator[tuple[str | None, Period]]:
        """What to compute, first things first: the current area; the month before and after
        it (the overview, which ranks the areas, and the area), as `[` and `]` would show them;
        then the other areas of this month outwards from the current one. None is the overview."""
        areas = stepping_order(list(self._order()), self._current())
        current = next(areas, None)
        if current is None:
            return
        yield (current, period)
        for month in (period.previous, period.shift(1)):
            if month in held:
                yield (None, month)
                yield (current, month)
        for area in areas:
            yield (area, period)
