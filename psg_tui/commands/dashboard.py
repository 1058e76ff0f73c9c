"""`psg` and `psg open DB`: open the dashboard. Textual is imported only here, on demand."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_dashboard_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--period",
        metavar="YYYY-MM",
        help="reporting month (default: the resumed minutes' own period, else the newest complete month)",
    )
    parser.add_argument(
        "--minutes",
        type=Path,
        metavar="FILE",
        help="the meeting's minutes: resumed if FILE exists, started if not "
        "(default: today's minutes in your psg-tui data folder)",
    )
    parser.add_argument(
        "--carry-from",
        type=Path,
        metavar="PREVIOUS.toml",
        help="when starting new minutes, carry forward the open actions of the previous meeting's",
    )
    parser.add_argument("--user", metavar="NAME", help="who is keeping the minutes (default: the chair)")
    parser.add_argument(
        "--chair",
        metavar="NAME",
        help="who chairs the meeting, recorded in the minutes (new minutes: copied from --carry-from, "
        "else left blank until given; resumed minutes: changes the recorded chair)",
    )


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    opener = sub.add_parser("open", help="open the dashboard on a database")
    opener.add_argument("db", type=Path, metavar="DB")
    add_dashboard_options(opener)
    opener.set_defaults(handler=run_open)


def run_open(args: argparse.Namespace) -> int:
    return _run(args.db, args, carry_from=args.carry_from)


def run_sample(args: argparse.Namespace) -> int:
    from psg_tui.importing.sample import ensure_sample, sample_minutes_path

    def say(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    db = ensure_sample(progress=say)
    # The sample's next meeting carries forward its previous meeting's open actions.
    return _run(db, args, carry_from=args.carry_from or sample_minutes_path())


def _run(db: Path, args: argparse.Namespace, *, carry_from: Path | None) -> int:
    from psg_tui.app import make_app

    _remove_copies_left_by_stopped_writers(db)
    app = make_app(
        db, period=args.period, minutes=args.minutes, carry_from=carry_from, user=args.user, chair=args.chair
    )
    for notice in app.notices:  # also on screen; here they stay in the terminal after the dashboard closes
        print(f"psg: warning: {notice}", file=sys.stderr)
    app.run()
    if app.minutes_store.path.exists():
        print(f"Minutes saved in {app.minutes_store.path}", file=sys.stderr)
    return app.return_code or 0


def _remove_copies_left_by_stopped_writers(db: Path) -> None:
    """A killed import leaves a whole hidden copy of the database beside it: remove it (when
    no writer is running) and say so, before the dashboard takes the screen."""
    from psg_tui.core.write_lock import working_copies

    if not working_copies(db):
        return
    from psg_tui.importing.swap import clean_up_after_killed_writers

    clean_up_after_killed_writers(db, notice=lambda text: print(f"psg: {text}", file=sys.stderr, flush=True))
