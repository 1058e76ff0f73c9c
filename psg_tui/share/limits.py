"""How many refused requests an address may make before its answers are held back.

A follower's browser is never refused: it has the link, names the right host and asks for the
page, its script, its style and its stream. Refusals come from mistyped links, scanners and
floods, and the share's server runs on the chair's own process: every request it answers takes
a turn of the interpreter from the dashboard. So each address has a budget of refusals (a token
bucket: `burst` at once, `per_second` back); past it, its refusals are answered only after a
delay, with the connection closed, which turns a client's loop of requests into one a second or
so. Requests with the token are never limited (behind a reverse proxy that does not pass the
follower's address on, every follower shares the proxy's, and one visitor's typos must not shut
the others out); the token's 192 random bits are what stops guessing, the budget keeps guessing
from costing the chair anything.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

Verdict = Literal["allowed", "over", "still over"]


@dataclass
class _Bucket:
    tokens: float
    at: float
    over: bool = False  # refused past its budget since it last had a token


class RefusalBudget:
    """Per-address token buckets, remembering at most `remember` addresses (the least recently
    refused forgotten first, so a flood from many addresses cannot grow it)."""

    def __init__(
        self,
        *,
        burst: int = 20,
        per_second: float = 0.5,
        delay: float = 1.0,
        remember: int = 4096,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.burst = burst
        self.per_second = per_second
        self.delay = delay  # seconds an answer past the budget is held back
        self.remember = remember
        self.clock = clock
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()
        self._lock = threading.Lock()

    def refuse(self, address: str) -> Verdict:
        """Count one refusal of `address`: "allowed" within its budget, "over" the first time
        past it (worth a line in the follow log), "still over" after that."""
        now = self.clock()
        with self._lock:
            bucket = self._buckets.pop(address, None)
            if bucket is None:
                bucket = _Bucket(float(self.burst), now)
                while len(self._buckets) >= self.remember:
                    self._buckets.popitem(last=False)
            bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.at) * self.per_second)
            bucket.at = now
            self._buckets[address] = bucket
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                bucket.over = False
                return "allowed"
            first, bucket.over = not bucket.over, True
            return "over" if first else "still over"

    @property
    def remembered(self) -> int:
        """How many addresses it holds a budget for."""
        return len(self._buckets)
