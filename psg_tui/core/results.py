"""Panel results kept in memory for one opening of the database, so a key that finds its
area ready draws it without a query.

A result is kept under its file's text and the exact values its parameters were bound to
(the area, the period's dates, the as-of date, the months with data, the minutes' actions, the
topics map...): a change to any of them is a different key, so a kept result is never one the
query would not give now. The database itself cannot change under an open `Meeting` (it is
read-only, and an import swaps in a new file that only `reopen` sees), and `reopen` starts an
empty store. Thread-safe: the prefetch worker fills it while the chair's loads read it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable, Mapping
from typing import Any, cast

from psg_tui.core.queries import Query, QueryResult

# Rows kept in all (the oldest used go first): a district of ~100 areas at ~10 panels of tens
# of rows each is ~20k; a hostile panel of a million rows is simply not kept.
MAX_ROWS = 200_000
MAX_RESULT_ROWS = 20_000


def frozen(value: Any) -> Hashable:
    """A value bound to a parameter, as a dictionary key (lists and structs become tuples)."""
    if isinstance(value, Mapping):
        return tuple(sorted((str(k), frozen(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [frozen(v) for v in value]
        return tuple(sorted(items, key=repr)) if isinstance(value, (set, frozenset)) else tuple(items)
    return cast(Hashable, value)  # a scalar DuckDB binds: a number, text, a date, None


def result_key(query: Query, values: Mapping[str, Any]) -> Hashable:
    return (query.name, query.sql, frozen({name: values.get(name) for name in query.parameters}))


class ResultStore:
    """Results by (file, bound values), the least recently used dropped beyond `max_rows`."""

    def __init__(self, max_rows: int = MAX_ROWS) -> None:
        self._lock = threading.Lock()
        self._results: OrderedDict[Hashable, QueryResult] = OrderedDict()
        self._rows = 0
        self.max_rows = max_rows

    def get(self, key: Hashable) -> QueryResult | None:
        with self._lock:
            result = self._results.get(key)
            if result is not None:
                self._results.move_to_end(key)
            return result

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._results

    def put(self, key: Hashable, result: QueryResult) -> None:
        if result.error is not None or len(result.rows) > min(MAX_RESULT_ROWS, self.max_rows):
            return  # a failure is tried again; a huge result is not worth its memory
        with self._lock:
            old = self._results.pop(key, None)
            if old is not None:
                self._rows -= len(old.rows)
            self._results[key] = result
            self._rows += len(result.rows)
            while self._rows > self.max_rows and self._results:
                _, dropped = self._results.popitem(last=False)
                self._rows -= len(dropped.rows)

    def clear(self) -> None:
        with self._lock:
            self._results.clear()
            self._rows = 0

    def __len__(self) -> int:
        with self._lock:
            return len(self._results)
