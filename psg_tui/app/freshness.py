"""Fresh data and failed loads: `r` reopens the database, an import that swaps in a new file is
noticed (and the room told to press r), and a failed panel load becomes an error toast (a load
stopped on purpose, `QueryStopped`, never does).

A mixin of `PsgApp`, which holds the meeting, the period and the toasts.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from textual.worker import Worker, WorkerState

from psg_tui.core.errors import PsgError, QueryStopped

if TYPE_CHECKING:
    from psg_tui.core.meeting import Meeting
    from psg_tui.core.operations import Operation


class DatabaseFreshness:
    meeting: Meeting
    area_names: dict[str, str]
    operations: list[Operation]
    _db_stamp: tuple[int, int] | None
    _told_of_change: bool

    def action_reload(self) -> None:
        self.workers.cancel_all()
        try:
            self.meeting.reopen()
        except PsgError as error:
            self.notify(
                error.message + (f"\n{error.hint}" if error.hint else ""), severity="error", timeout=10
            )
            return
        self._db_stamp = self._stamp()
        self._told_of_change = False
        self.area_names = self.meeting.area_names()
        self.operations = self.meeting.operations()
        self.notify("Reloaded the database.")
        self.warn_of_stale_counts()
        self.mutate_reactive(type(self).period)

    def warn_of_stale_counts(self) -> None:
        """Months whose kept counts are out of step are read from the raw rows: the room is told."""
        if self.meeting.count_warning:
            self.notify(
                self.meeting.count_warning,
                title="About this database",
                severity="warning",
                timeout=20,
                markup=False,
            )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and not event.worker.is_cancelled:
            error = event.worker.error
            if isinstance(error, QueryStopped):
                return  # superseded or reopened on purpose: a newer load is on its way
            text = str(error) if isinstance(error, PsgError) else f"A query failed: {error}"
            self.notify(text, title="Could not load", severity="error", timeout=10)

    def _stamp(self) -> tuple[int, int] | None:
        try:
            stat = os.stat(self.meeting.path)
        except OSError:
            return None
        return (stat.st_ino, stat.st_mtime_ns)

    def _check_for_new_data(self) -> None:
        if self._told_of_change or self._stamp() == self._db_stamp:
            return
        self._told_of_change = True
        self.notify("The database has changed (an import finished). Press r to reload.", timeout=15)
