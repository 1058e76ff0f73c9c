"""Child process, run by the Harlequin venv's Python: Harlequin opening the same database.

Issue 28 asks that psg-tui's start-up be no slower than Harlequin (a well-made Textual SQL IDE,
installed by the bench in a venv of its own, never a dependency of psg-tui) painting the same
database in the same run. Harlequin is started as its `harlequin DB --read-only --locale C` command starts
it, with a fresh, empty cache and config folder (so it builds its catalogue from the database,
as on first use); `App.run` gets `headless=True` and the bench's size, and the time is taken
once its first catalogue of the database has been drawn (`DataCatalog.update_database_tree`,
then the next screen refresh). Writes {"done_at": time.time()} to --out.

    bench/out/harlequin-venv/bin/python bench/floor_harlequin.py DB --out OUT.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SIZE = (120, 40)  # as probe.py


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="psg-bench-harlequin-")
    for name in ("HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        os.environ[name] = home  # no catalogue cache, history or config from an earlier run
    result: dict[str, Any] = {}

    from harlequin.cli import harlequin
    from harlequin.components.data_catalog import DataCatalog
    from textual.app import App

    original_catalog = DataCatalog.update_database_tree
    original_run = App.run
    state: dict[str, Any] = {}

    def update_database_tree(self: Any, catalog: Any) -> None:
        original_catalog(self, catalog)
        if "done_at" not in result:
            self.call_after_refresh(catalogue_drawn)

    def catalogue_drawn() -> None:
        result.setdefault("done_at", time.time())
        state["event"].set()

    async def drive(pilot: Any) -> None:
        state["event"] = asyncio.Event()
        try:
            await asyncio.wait_for(state["event"].wait(), timeout=100)
        except TimeoutError:
            result["error"] = "Harlequin drew no catalogue in 100 s"
        pilot.app.exit()

    def run(self: Any, **kwargs: Any) -> Any:
        kwargs.update(headless=True, size=SIZE, auto_pilot=drive)
        return original_run(self, **kwargs)

    DataCatalog.update_database_tree = update_database_tree  # type: ignore[method-assign]
    App.run = run  # type: ignore[method-assign]
    sys.argv = ["harlequin", str(args.db), "--read-only", "--locale", "C"]
    try:
        harlequin()
    except SystemExit as done:
        if done.code not in (0, None):
            result.setdefault("error", f"harlequin exited with {done.code}")
    args.out.write_text(json.dumps(result), encoding="utf-8")
    return 0 if "done_at" in result else 1


if __name__ == "__main__":
    sys.exit(main())
