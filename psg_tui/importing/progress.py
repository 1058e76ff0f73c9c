"""The import's progress, on stderr: a Rich bar on a terminal (files, rows, rows/s, ETA, fed by
DuckDB's own progress within a file), plain lines when stderr is piped or a log file (one per
file, only for imports of several files: a single file's summary follows at once)."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path
from typing import Any, Protocol

import duckdb


class Progress(Protocol):
    def file_started(self, path: Path) -> None: ...
    def file_done(self, path: Path, rows: int) -> None: ...
    def run(self, con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, object]) -> None: ...
    def stop(self) -> None: ...


def start_progress(sizes: dict[Path, int]) -> Progress | None:
    """A bar on a terminal, lines when piped (for several files), else None."""
    if sys.stderr.isatty():
        return ProgressBar.start(sizes)
    if len(sizes) > 1:
        return ProgressLines(sizes)
    return None


class ProgressLines:
    """One line per file done: how far, the rows so far, their rate and the time left (by size)."""

    def __init__(self, sizes: dict[Path, int]) -> None:
        self._sizes = sizes
        self._done = 0
        self._files = 0
        self._rows = 0
        self._started = time.perf_counter()

    def file_started(self, path: Path) -> None:
        pass

    def file_done(self, path: Path, rows: int) -> None:
        self._files += 1
        self._rows += rows
        self._done += self._sizes.get(path, 0)
        elapsed = max(time.perf_counter() - self._started, 1e-6)
        total = sum(self._sizes.values())
        left = elapsed * (total - self._done) / self._done if self._done else 0.0
        print(
            f"imported {self._files:,}/{len(self._sizes):,} files, {self._rows:,} rows"
            f" ({self._rows / elapsed:,.0f} rows/s, about {left:,.0f} s left): {path.name}",
            file=sys.stderr,
            flush=True,
        )

    def run(self, con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, object]) -> None:
        con.execute(sql, params)

    def stop(self) -> None:
        pass


class ProgressBar:
    """Files are weighted by size; within a file, DuckDB's query progress moves the bar."""

    def __init__(self, progress: Any, task: Any, sizes: dict[Path, int]) -> None:
        self._progress = progress
        self._task = task
        self._sizes = sizes
        self._done = 0
        self._files = 0
        self._rows = 0
        self._started = time.perf_counter()
        self._current: Path | None = None

    @classmethod
    def start(cls, sizes: dict[Path, int]) -> ProgressBar:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        # Fits 80 columns: the file being read is left out (the summary names every file).
        progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(bar_width=16),
            TextColumn("{task.percentage:>3.0f}%"),
            TextColumn("{task.fields[files]}"),
            TextColumn("{task.fields[rows]}"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        progress.start()
        task = progress.add_task(
            "importing", total=sum(sizes.values()), files=f"0/{len(sizes):,} files", rows="0 rows"
        )
        return cls(progress, task, sizes)

    def file_started(self, path: Path) -> None:
        self._current = path
        self._progress.update(self._task, completed=self._done)

    def file_done(self, path: Path, rows: int) -> None:
        self._done += self._sizes.get(path, 0)
        self._files += 1
        self._rows += rows
        rate = self._rows / max(time.perf_counter() - self._started, 1e-6)
        self._progress.update(
            self._task,
            completed=self._done,
            files=f"{self._files:,}/{len(self._sizes):,} files",
            rows=f"{self._rows:,} rows ({rate:,.0f}/s)",
        )

    def run(self, con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, object]) -> None:
        """Execute `sql`, moving the bar from DuckDB's query progress while it runs."""
        size = self._sizes.get(self._current, 0) if self._current else 0
        con.execute("SET enable_progress_bar = true")
        con.execute("SET enable_progress_bar_print = false")
        finished = threading.Event()

        def poll() -> None:
            while not finished.wait(0.1):
                percent = con.query_progress()
                if percent >= 0:
                    self._progress.update(self._task, completed=self._done + size * min(percent, 100) / 100)

        watcher = threading.Thread(target=poll, daemon=True)
        watcher.start()
        try:
            con.execute(sql, params)
        finally:
            finished.set()
            watcher.join()
            con.execute("RESET enable_progress_bar")
            con.execute("RESET enable_progress_bar_print")

    def stop(self) -> None:
        self._progress.stop()
