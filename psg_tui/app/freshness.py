"""Fresh data and failed loads: `r` reopens the database, an import that swaps in a new file is
noticed (and the room told to press r), and a failed panel load becomes an error toast (a load
stopped on purpose, `QueryStopped`, never does).

`DatabaseFreshness` is an object the app holds, as it holds the minutes controller and the
blanker: it keeps the database file's stamp and reads and sets only the app's public state.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Protocol

from textual.worker import Worker, WorkerState
from textual.worker_manager import WorkerManager

from psg_tui.app.hosts import Notifies
from psg_tui.core.errors import PsgError, QueryStopped
from psg_tui.core.meeting import Meeting
from psg_tui.core.operations import Operation

CHECK_EVERY = 3.0  # seconds between looks at the database file


class FreshnessHost(Notifies, Protocol):
    """What keeping the data fresh needs of the dashboard."""

    meeting: Meeting
    area_names: dict[str, str]
    operations: list[Operation]

    @property
    def workers(self) -> WorkerManager: ...


class DatabaseFreshness:
    def __init__(self, app: FreshnessHost, redraw: Callable[[], None]) -> None:
        """`redraw` draws every view again from the reopened database."""
        self.app = app
        self._redraw = redraw
        self._stamp_seen = self._stamp()
        self._told_of_change = False

    def reload(self) -> None:
        """r: stop every load, reopen the database and draw everything from it again."""
        app = self.app
        app.workers.cancel_all()
        try:
            app.meeting.reopen()
        except PsgError as error:
            app.notify(
                error.message + (f"\n{error.hint}" if error.hint else ""), severity="error", timeout=10
            )
            return
        self._stamp_seen = self._stamp()
        self._told_of_change = False
        app.area_names = app.meeting.area_names()
        app.operations = app.meeting.operations()
        app.notify("Reloaded the database.")
        self.warn_of_stale_counts()
        self._redraw()

    def warn_of_stale_counts(self) -> None:
        """Months whose kept counts are out of step are read from the raw rows: the room is told."""
        if self.app.meeting.count_warning:
            self.app.notify(
                self.app.meeting.count_warning,
                title="About this database",
                severity="warning",
                timeout=20,
                markup=False,
            )

    def report_failure(self, event: Worker.StateChanged) -> None:
        """A load that failed becomes an error toast; one stopped on purpose is not reported."""
        if event.state == WorkerState.ERROR and not event.worker.is_cancelled:
            error = event.worker.error
            if isinstance(error, QueryStopped):
                return  # superseded or reopened on purpose: a newer load is on its way
            text = str(error) if isinstance(error, PsgError) else f"A query failed: {error}"
            self.app.notify(text, title="Could not load", severity="error", timeout=10)

    def check(self) -> None:
        """Tell the room, once, that an import has swapped in a new database file."""
        if self._told_of_change or self._stamp() == self._stamp_seen:
            return
        self._told_of_change = True
        self.app.notify("The database has changed (an import finished). Press r to reload.", timeout=15)

    def _stamp(self) -> tuple[int, int] | None:
        try:
            stat = os.stat(self.app.meeting.path)
        except OSError:
            return None
        return (stat.st_ino, stat.st_mtime_ns)
