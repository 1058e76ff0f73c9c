"""The `psg` command line: parses arguments and hands over to the core or the app.

Nothing heavy is imported here: the dashboard's modules are imported only when the
dashboard is opened, and the importers (Polars) only when importing.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from psg_tui import __version__
from psg_tui.core.errors import PsgError


def build_parser() -> argparse.ArgumentParser:
    from psg_tui.commands import dashboard, db, minutes, query

    parser = argparse.ArgumentParser(
        prog="psg",
        description="Problem-Solving Group meeting dashboard. With no command, opens the bundled "
        "Stockton-on-Tees sample.",
    )
    parser.add_argument("--version", action="version", version=f"psg-tui {__version__}")
    dashboard.add_dashboard_options(parser)
    parser.set_defaults(handler=dashboard.run_sample)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    dashboard.register(sub)
    db.register(sub)
    query.register(sub)
    minutes.register(sub)
    return parser


def report(error: PsgError) -> None:
    print(f"psg: {error.message}", file=sys.stderr)
    if error.hint:
        print(f"  {error.hint}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except PsgError as error:
        report(error)
        return error.exit_code
    except KeyboardInterrupt:
        print("psg: interrupted; nothing was changed by the unfinished step.", file=sys.stderr)
        return 130
