"""Child process: the floor the dashboard is compared with — DuckDB alone, on the same query files.

    floor.py startup DB PERIOD --out F     import Textual and DuckDB, open the database
                                           read-only, run queries/overview.sql; `done_at`
                                           is time.time() when its rows are fetched
    floor.py panels DB PERIOD --out F --areas A,B,... [--periods N] [--reloads N]
                                           on one open connection, every `scope: area`
                                           query file per area (the switch floor); then
                                           N earlier months for the last area (the period
                                           floor); then N times: connect afresh and run
                                           them again (the reload floor)

Nothing from psg_tui is imported: the files are read and their `$name` parameters bound
here, with the same values `Period.parameters` gives (checked by the parent).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import tomllib
from datetime import date, timedelta
from pathlib import Path

QUERIES = Path(__file__).resolve().parent.parent / "queries"
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_STRINGS_AND_COMMENTS = re.compile(r"'(?:[^']|'')*'|--[^\n]*")
TREND_MONTHS = 24


def month_shift(start: date, months: int) -> date:
    index = start.year * 12 + start.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def parameters(period: date, as_of: date) -> dict[str, date]:
    def end(start: date) -> date:
        return month_shift(start, 1) - timedelta(days=1)

    prev, last_year = month_shift(period, -1), month_shift(period, -12)
    return {
        "period_start": period,
        "period_end": end(period),
        "prev_start": prev,
        "prev_end": end(prev),
        "ly_start": last_year,
        "ly_end": end(last_year),
        "year_start": month_shift(period, -11),
        "trend_start": month_shift(period, 1 - TREND_MONTHS),
        "as_of": as_of,
    }


def load(scope: str) -> list[tuple[str, str, set[str]]]:
    found = []
    for path in sorted(QUERIES.glob("*.sql")):
        text = path.read_text(encoding="utf-8")
        header = dict(re.findall(r"^--\s*([a-z_]+)\s*:\s*(.*?)\s*$", text, flags=re.M))
        if header.get("scope", "area") == scope:
            names = set(_PARAM.findall(_STRINGS_AND_COMMENTS.sub(" ", text)))
            found.append((int(header.get("order", "100")), path.stem, text, names))
    return [(name, text, names) for _, name, text, names in sorted(found)]


# The app's fixed panel values, read the way it reads them but without importing psg_tui:
# the rate threshold (core/queries.py MIN_RESIDENTS) and the shipped survey topic map.
MIN_RESIDENTS = 1000
TOPIC_CATEGORIES = [
    {"topic": slug, "category": category}
    for slug, topic in tomllib.loads(
        (Path(__file__).resolve().parent.parent / "psg_tui" / "core" / "topics.toml").read_text()
    )["topics"].items()
    for category in topic["categories"]
]


def bind(names: set[str], values: dict) -> dict:
    """The values for a file's parameters. Those the app works out beyond the period's dates
    (which months have data, the open minutes' actions) get fixed values here: every month has
    data and there are no minutes, so the floor never pays for reading them."""
    period = values["period_start"]
    extra = {
        "period_has_data": True,
        "prev_comparable": True,
        "ly_comparable": True,
        "months_with_data": [month_shift(period, -i) for i in range(TREND_MONTHS + 12)],
        "minutes_actions": [],
        "meeting_date": values["as_of"],
        "min_residents": MIN_RESIDENTS,
        "topic_categories": TOPIC_CATEGORIES,
        "stale_months": [],  # the kept counts are in step (the bench databases are rebuilt)
    }
    return {n: values[n] if n in values else extra[n] for n in names}


def run(con, queries, values: dict) -> int:
    rows = 0
    for _, text, names in queries:
        rows += len(con.execute(text, bind(names, values)).fetchall())
    return rows


def as_of_of(con) -> date:
    found = con.execute("SELECT value FROM meta WHERE key = 'as_of'").fetchall()
    return date.fromisoformat(found[0][0]) if found else date.today()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["startup", "panels"])
    parser.add_argument("db")
    parser.add_argument("period", help="YYYY-MM")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--areas", default="")
    parser.add_argument("--periods", type=int, default=0)
    parser.add_argument("--reloads", type=int, default=0)
    args = parser.parse_args()
    period = date.fromisoformat(args.period + "-01")
    if args.mode == "startup":
        import duckdb
        import textual.app  # noqa: F401 - the import is what is being timed

        con = duckdb.connect(args.db, read_only=True)
        run(con, load("overview"), parameters(period, as_of_of(con)))
        done = time.time()
        args.out.write_text(json.dumps({"done_at": done}), encoding="utf-8")
        return 0

    import duckdb

    queries = load("area")
    con = duckdb.connect(args.db, read_only=True)
    as_of = as_of_of(con)
    areas = [a for a in args.areas.split(",") if a]
    result: dict[str, list[float]] = {"switch": [], "period": [], "reload": []}
    for area in areas:
        started = time.perf_counter()
        run(con, queries, {**parameters(period, as_of), "area": area})
        result["switch"].append(time.perf_counter() - started)
    for step in range(1, args.periods + 1):
        started = time.perf_counter()
        run(con, queries, {**parameters(month_shift(period, -step), as_of), "area": areas[-1]})
        result["period"].append(time.perf_counter() - started)
    reload_period = month_shift(period, -args.periods)
    for _ in range(args.reloads):
        started = time.perf_counter()
        con.close()
        con = duckdb.connect(args.db, read_only=True)
        run(con, queries, {**parameters(reload_period, as_of), "area": areas[-1]})
        result["reload"].append(time.perf_counter() - started)
    args.out.write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
