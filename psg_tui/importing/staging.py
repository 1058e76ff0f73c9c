"""Reading the next file while the current one is written, on a second DuckDB connection.

An import of many monthly files is bound by one core: DuckDB reads a CSV with row numbers in
file order, which keeps that scan single-threaded, and then writes the rows. Reading file k+1
on a cursor (its own connection to the same database) while the main connection writes file k
uses the second core. The cursor only reads committed tables, so this is done only when the
import owns its transaction (nothing it depends on is uncommitted) and only for kinds whose
checks do not depend on the files before them in the same import (those declared `staged`:
police-uk, incidents).
The validated rows cross over as an Arrow table registered under the checked table's name.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, cast

import duckdb

from psg_tui.importing.common import CHECKED, Source, drop_temp_tables

if TYPE_CHECKING:
    from psg_tui.importing.contract import Options, Prepare, Prepared
    from psg_tui.importing.progress import ProgressBar

    # What the reading thread hands over: the prepared file, its checked rows (an Arrow table),
    # the seconds it took.
    Staged = tuple[Prepared, object, float]


class Stager:
    def __init__(
        self, con: duckdb.DuckDBPyConnection, sources: list[Source], prepare: Prepare, options: Options
    ) -> None:
        self._con = con
        self._cursor = con.cursor()
        self._sources = sources
        self._prepare = prepare
        self._options = options
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="psg-import")
        self._futures: dict[int, Future[Staged]] = {0: self._pool.submit(self._work, 0)}

    def take(self, index: int) -> tuple[Prepared, float, Callable[[], object]]:
        """The prepared file `index` (its rows registered on the main connection), preparation seconds,
        and a function that releases it."""
        if index + 1 < len(self._sources):
            self._futures[index + 1] = self._pool.submit(self._work, index + 1)
        prepared, table, seconds = self._futures.pop(index).result()
        self._con.register(CHECKED, table)
        return prepared, seconds, lambda: self._con.unregister(CHECKED)

    def _work(self, index: int) -> Staged:
        source = self._sources[index]
        started = time.perf_counter()
        if self._options.progress:
            cast("ProgressBar", self._options.progress).file_started(source.path)
        try:
            prepared = self._prepare(self._cursor, source, self._options)
            table = self._cursor.sql(f"SELECT * FROM {CHECKED}").to_arrow_table()
        finally:
            drop_temp_tables(self._cursor)
        return prepared, table, time.perf_counter() - started

    def close(self) -> None:
        for future in self._futures.values():
            if not future.cancel():
                with contextlib.suppress(duckdb.Error):
                    self._cursor.interrupt()
        self._pool.shutdown(wait=True)
        with contextlib.suppress(duckdb.Error):
            self._cursor.close()
