"""The `psg` command line: parses arguments and hands over to the core or the app.

Nothing heavy is imported here: the dashboard's modules are imported only when the
dashboard is opened, and the importers (Polars) only when importing.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence

from psg_tui import __version__
from psg_tui.core.errors import PsgError
from psg_tui.core.safe_text import printable

# What a bug report needs: the releases psg-tui is running on (read from the installed
# packages' metadata only when asked, so start-up pays nothing for it).
REPORTED_PACKAGES = ("textual", "rich", "duckdb", "polars", "pyarrow", "tomli-w")


def version_text() -> str:
    import platform
    from importlib.metadata import PackageNotFoundError, version

    def installed(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "not installed"

    parts = ", ".join(f"{name} {installed(name)}" for name in REPORTED_PACKAGES)
    return f"psg-tui {__version__} (Python {platform.python_version()}; {parts})"


class _VersionAction(argparse.Action):
    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(
            option_strings, dest, nargs=0, help="print the version of psg-tui and of what it runs on"
        )

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        print(version_text())
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    from psg_tui.commands import dashboard, db, minutes, query

    parser = argparse.ArgumentParser(
        prog="psg",
        description="Problem-Solving Group meeting dashboard. With no command, opens the bundled "
        "Stockton-on-Tees sample.",
    )
    parser.add_argument("--version", action=_VersionAction)
    dashboard.add_dashboard_options(parser)
    parser.set_defaults(handler=dashboard.run_sample)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    dashboard.register(sub)
    db.register(sub)
    query.register(sub)
    minutes.register(sub)
    return parser


def report(error: PsgError) -> None:
    """A message may quote a file name or a value from the data: its control characters are
    printed as visible escapes, line by line, never sent to the terminal."""
    print(f"psg: {_lines_printable(error.message)}", file=sys.stderr)
    if error.hint:
        print(f"  {_lines_printable(error.hint)}", file=sys.stderr)


def _lines_printable(text: str) -> str:
    return "\n".join(printable(line) for line in text.split("\n"))


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
    except BrokenPipeError:
        # The reader went away (`psg query ... | head`): stop quietly, as other shell tools do.
        # Point stdout at /dev/null so the interpreter's last flush does not complain again.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
