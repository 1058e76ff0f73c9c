"""The latest view, handed from the chair's thread to the followers' server thread.

The chair publishes; it never waits on a follower. Each follower's stream reads the newest
version when it is ready to send, so a slow follower skips the views it was too slow for (its
"queue" is one view long) and a gone one costs nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from dataclasses import dataclass


@dataclass(frozen=True)
class Shown:
    version: int
    html: str  # the inside of the page's <main>, escaped
    title: str
    status: str  # for the page's live region
    ended: bool = False


class Hub:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._latest = Shown(0, "", "", "")
        self._loop: asyncio.AbstractEventLoop | None = None
        self._waiters: set[asyncio.Event] = set()  # touched only on the server's loop
        self.followers = 0  # read by the chair's thread; written only on the server's loop

    # -- the chair's thread ----------------------------------------------------

    def publish(self, html: str, title: str, status: str, *, ended: bool = False) -> None:
        with self._lock:
            self._latest = Shown(self._latest.version + 1, html, title, status, ended)
            loop = self._loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop closed between the check and the call
                loop.call_soon_threadsafe(self._wake)

    @property
    def latest(self) -> Shown:
        with self._lock:
            return self._latest

    # -- the server's loop -------------------------------------------------------

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        with self._lock:
            self._loop = loop

    def _wake(self) -> None:
        for event in self._waiters:
            event.set()

    def waiter(self) -> asyncio.Event:
        if self._loop is None:
            self.attach(asyncio.get_running_loop())  # served without ShareServer (tests)
        event = asyncio.Event()
        self._waiters.add(event)
        return event

    def forget(self, event: asyncio.Event) -> None:
        self._waiters.discard(event)
