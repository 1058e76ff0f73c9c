"""The one way a dashboard screen loads its figures: a worker on the screen's own lane.

Every screen that reads the database (the overview, an area, an operation, the district, the
pictures) is a `LoadingScreen`: it says what it should show now (`load_key`), how to read it on
a worker thread (`read`, given the lane's cursor) and how to draw it (`show_loaded`), or why it
could not be read (`show_failed`, in the screen's own words). This base owns the rest, once:

- the worker: one per lane, a newer load stopping the one it supersedes (`Meeting.worker_cursor`);
- staleness: a result that arrives after the chair has moved on is dropped, never drawn;
- errors: a failing load is said on the screen, never a traceback; a load stopped on purpose
  (a newer one, a reload, quitting) says nothing;
- leaving: a view the chair leaves stops its queries (the cores go to what is on screen) and
  starts none while hidden (`hidden_now`); it loads again when the chair comes back (not the overview: its ranking is the order `n` and
  `p` follow everywhere, so it loads on while hidden).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, ClassVar

import duckdb
from textual import on
from textual.message import Message

from psg_tui.core.errors import PsgError, QueryStopped
from psg_tui.screens.base import PsgScreen


@dataclass
class Loaded(Message):
    """What a screen's worker read for `key` (`complete` False: a part, more to come), or why it
    could not (`error`). Posted from the worker thread; drawn on the screen's."""

    lane: str
    key: Hashable
    value: Any
    error: str | None = None
    complete: bool = True


Part = Callable[[Any], None]


class LoadingScreen(PsgScreen):
    """A screen whose figures a worker reads on the screen's lane (see the module's docstring)."""

    lane: ClassVar[str] = ""
    # Other lanes the screen's `read` opens (the operation's outputs run beside its effect).
    other_lanes: ClassVar[tuple[str, ...]] = ()
    # Whether leaving the view stops its load (the overview's ranking is the order n and p
    # follow on every screen, so it loads on while hidden).
    stops_when_left: ClassVar[bool] = True

    def load_key(self) -> Hashable | None:
        """What the screen should show now (an area and period, say); None: nothing to load."""
        raise NotImplementedError

    def read(self, key: Any, cursor: duckdb.DuckDBPyConnection, part: Part) -> Any:
        """On the worker thread: read what `key` needs (`part(value)` hands a part over early)."""
        raise NotImplementedError

    def show_loaded(self, key: Any, value: Any) -> None:
        """On the screen's thread: draw what was read for the key the screen still shows."""
        raise NotImplementedError

    def show_part(self, key: Any, value: Any) -> None:
        """Draw a part of what is being read (screens whose `read` hands parts over)."""

    def show_failed(self, key: Any, error: str) -> None:
        """Say on the screen why its figures could not be read."""
        self.notify(error, title="Could not load this view", severity="error", timeout=8, markup=False)

    # -- the machinery -----------------------------------------------------------------

    _loading: Hashable | None = None  # the key of a load not yet finished
    _stopped_on_leaving = False

    def hidden_now(self) -> bool:
        """True for a view the chair has left (one that stops when left): it does no work for
        a change it cannot show, and loads again when the chair comes back."""
        if self.stops_when_left and self.is_mounted and not self.is_current:
            self._stopped_on_leaving = True
            return True
        return False

    def start_load(self) -> None:
        """Read what the screen should show now (a load already running for it is replaced)."""
        key = self.load_key()
        if key is None or self.hidden_now():
            return
        self._loading = key
        # A view that loads on while hidden (the overview's ranking) waits for the load of the
        # view on screen, which the chair is watching: that one gets both cores.
        behind = self.is_mounted and not self.is_current
        # Not exclusive: the new load's cursor supersedes the previous one's, which then stops
        # by itself (Meeting.worker_cursor); a cancelled worker would only fail those waiting on it.
        self.run_worker(
            lambda: self._read(key, behind),
            name=self.lane,
            thread=True,
            group=self.lane,
            exit_on_error=False,
        )

    def loaded_without_reading(self) -> None:
        """The screen drew its figures from memory: the lane's load (if any) is not wanted."""
        self._loading = None
        self.context.meeting.stop_lane(self.lane)

    def _read(self, key: Hashable, behind: bool = False) -> None:
        meeting = self.context.meeting

        def part(value: Any) -> None:
            self.post_message(Loaded(self.lane, key, value, complete=False))

        try:
            with meeting.worker_cursor(self.lane, behind=behind) as cursor:
                value = self.read(key, cursor, part)
        except QueryStopped:
            return  # a newer load, a reload, leaving the view or quitting: nothing to say
        except PsgError as error:
            self.post_message(Loaded(self.lane, key, None, str(error)))
            return
        self.post_message(Loaded(self.lane, key, value))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.lane != self.lane:
            return
        message.stop()
        if message.key != self.load_key():
            return  # stale: the chair has moved on, and a newer load is on its way
        if message.complete and self._loading == message.key:
            self._loading = None
        if message.error is not None:
            self.show_failed(message.key, message.error)
        elif message.complete:
            self.show_loaded(message.key, message.value)
        else:
            self.show_part(message.key, message.value)

    def on_screen_suspend(self) -> None:
        if self._loading is not None and self.stops_when_left:  # leaving the view stops its queries
            self._loading = None
            self._stopped_on_leaving = True
            for lane in (self.lane, *self.other_lanes):
                self.context.meeting.stop_lane(lane)

    def on_screen_resume(self) -> None:
        if self._stopped_on_leaving:
            self._stopped_on_leaving = False
            self.reload()

    def reload(self) -> None:
        """Load what the screen shows again, as when what it shows changes (`refresh_view`)."""
        self.refresh_view()

    def refresh_view(self) -> None:
        """What the screen does when what it shows changes (by default: `start_load`)."""
        self.start_load()
