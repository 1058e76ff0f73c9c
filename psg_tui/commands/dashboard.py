"""`psg` and `psg open DB`: open the dashboard. Textual is imported only here, on demand."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_dashboard_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--period", metavar="YYYY-MM", help="reporting month (default: newest complete month)"
    )


def register(sub: argparse._SubParsersAction) -> None:
    opener = sub.add_parser("open", help="open the dashboard on a database")
    opener.add_argument("db", type=Path, metavar="DB")
    add_dashboard_options(opener)
    opener.set_defaults(handler=run_open)


def run_open(args: argparse.Namespace) -> int:
    return _run(args.db, args.period)


def run_sample(args: argparse.Namespace) -> int:
    from psg_tui.core.sample import ensure_sample

    def say(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    return _run(ensure_sample(progress=say), args.period)


def _run(db: Path, period: str | None) -> int:
    from psg_tui.app import make_app

    app = make_app(db, period=period)
    app.run()
    return app.return_code or 0
