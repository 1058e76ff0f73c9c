"""Counting the panel files a piece of code runs (to prove something was drawn from memory)."""

from __future__ import annotations

from typing import Any

import pytest

from psg_tui.core.queries import Query


def count_query_runs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """From now on, the name of every query file run is appended to the list returned."""
    ran: list[str] = []
    original = Query.run

    def counting(self: Query, con: Any, values: dict[str, Any]) -> Any:
        ran.append(self.name)
        return original(self, con, values)

    monkeypatch.setattr(Query, "run", counting)
    return ran
