"""Child process: a second, stricter floor — a bare Textual app doing the same work, no psg-tui code.

The issue's floors (floor.py) leave out drawing: they import Textual but never start an
app. This one starts a plain `App` of DataTables the way psg-tui does (a thread worker runs
the query files on a cursor of one connection; the rows go into DataTables as text), so
the gap between it and the dashboard is psg-tui's own cost, and the gap between it and
floor.py is what Textual itself costs to show the figures.

    floor_textual.py startup DB PERIOD --out F        one table: queries/overview.sql
    floor_textual.py panels DB PERIOD --out F --areas A,B,...
                                                      one table per `scope: area` file,
                                                      refilled for each area in turn
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

import duckdb
from floor import as_of_of, bind, load, parameters
from textual import work
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable

SIZE = (120, 40)


class Bare(App[None]):
    def __init__(self, args: argparse.Namespace) -> None:
        super().__init__()
        self.args = args
        self.queries = load("overview" if args.mode == "startup" else "area")
        self.con = duckdb.connect(args.db, read_only=True)
        self.values = parameters(date.fromisoformat(args.period + "-01"), as_of_of(self.con))
        self.areas = [a for a in args.areas.split(",") if a]
        self.times: list[float] = []
        self.started = 0.0

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            for name, _, _ in self.queries:
                yield DataTable(id=name)

    def on_mount(self) -> None:
        self.next_area()

    def next_area(self) -> None:
        area = self.areas[len(self.times)] if self.areas else None
        self.started = time.perf_counter()
        self.load(area)

    @work(thread=True)
    def load(self, area: str | None) -> None:
        cursor = self.con.cursor()
        results = {}
        for name, text, names in self.queries:
            values = {**self.values, "area": area}
            found = cursor.execute(text, bind(names, values))
            results[name] = ([d[0] for d in found.description], found.fetchall())
        cursor.close()
        self.call_from_thread(self.show, results)

    def show(self, results: dict) -> None:
        for name, (columns, rows) in results.items():
            table = self.query_one(f"#{name}", DataTable)
            table.clear(columns=True)
            table.add_columns(*columns)
            table.add_rows([[str(v) for v in row] for row in rows])
        self.call_after_refresh(self.shown)

    def shown(self) -> None:
        if self.args.mode == "startup":
            self.args.out.write_text(json.dumps({"done_at": time.time()}), encoding="utf-8")
            self.exit()
            return
        self.times.append(time.perf_counter() - self.started)
        if len(self.times) == len(self.areas):
            self.args.out.write_text(json.dumps({"switch": self.times}), encoding="utf-8")
            self.exit()
        else:
            self.next_area()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["startup", "panels"])
    parser.add_argument("db")
    parser.add_argument("period", help="YYYY-MM")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--areas", default="")
    args = parser.parse_args()
    Bare(args).run(headless=True, size=SIZE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
