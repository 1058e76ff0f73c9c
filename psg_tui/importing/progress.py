"""The import's progress bar: rich, on stderr, fed by DuckDB's own progress of each file's read."""

from __future__ import annotations

import threading
from pathlib import Path

import duckdb


class ProgressBar:
    """Files are weighted by size; within a file, DuckDB's query progress moves the bar."""

    def __init__(self, progress, task, sizes: dict[Path, int]) -> None:
        self._progress = progress
        self._task = task
        self._sizes = sizes
        self._done = 0
        self._current: Path | None = None

    @classmethod
    def start(cls, paths: list[Path]) -> ProgressBar:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        sizes = {p: max(p.stat().st_size, 1) for p in paths}
        progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f}%"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        progress.start()
        task = progress.add_task("importing", total=sum(sizes.values()))
        return cls(progress, task, sizes)

    def file_started(self, path: Path) -> None:
        self._current = path
        self._progress.update(self._task, description=f"importing {path.name}", completed=self._done)

    def file_done(self, path: Path) -> None:
        self._done += self._sizes.get(path, 0)
        self._progress.update(self._task, completed=self._done)

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
