"""`psg` and `psg open DB`: open the dashboard. Textual is imported only here, on demand."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from psg_tui.share.options import LOCAL_HOSTS, ShareOptions


def add_dashboard_options(parser: argparse.ArgumentParser, *, defaults: bool = True) -> None:
    """Add the options of `psg` and `psg open DB`. Without `defaults`, an option not given leaves
    what the namespace holds (`psg --share open DB`: `open`'s options do not undo `psg`'s)."""
    before = set(parser._actions)
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
    share = parser.add_argument_group(
        "sharing the screen",
        "remote members follow the chair's screen in a browser (README: Sharing the screen)",
    )
    share.add_argument(
        "--share",
        action="store_true",
        help="serve a read-only copy of the screen to followers, privacy on; the link is in the top bar",
    )
    share.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to share on (default: 127.0.0.1, this machine only; anything else shares on the network)",
    )
    share.add_argument("--port", type=_port, default=0, help="port to share on (default: a free one)")
    share.add_argument(
        "--max-followers", type=_followers, default=25, metavar="N", help="followers at once (default: 25)"
    )
    share.add_argument(
        "--followers-see-names",
        action="store_true",
        help="followers see names and addresses as the room does (default: privacy on for followers)",
    )
    parser.add_argument("--user", metavar="NAME", help="who is keeping the minutes (default: the chair)")
    parser.add_argument(
        "--chair",
        metavar="NAME",
        help="who chairs the meeting, recorded in the minutes (new minutes: copied from --carry-from, "
        "else left blank until given; resumed minutes: changes the recorded chair)",
    )
    if not defaults:
        for action in parser._actions:
            if action not in before:
                action.default = argparse.SUPPRESS


def _port(text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port (a number from 0 to 65535)")
    return int(text)


def _followers(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 1000:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of followers from 1 to 1000")
    return int(text)


def share_options(args: argparse.Namespace) -> ShareOptions | None:
    """What `--share` asked for; None without it (the other options are then ignored)."""
    if not args.share:
        return None
    if args.host not in LOCAL_HOSTS:
        print(
            f"psg: warning: sharing on {args.host}: anyone who can reach this machine and has the link can "
            "follow the meeting. Prefer 127.0.0.1 behind the organisation's reverse proxy or VPN.",
            file=sys.stderr,
        )
    return ShareOptions(
        host=args.host,
        port=args.port,
        max_followers=args.max_followers,
        followers_see_names=args.followers_see_names,
    )


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    opener = sub.add_parser("open", help="open the dashboard on a database")
    opener.add_argument("db", type=Path, metavar="DB")
    add_dashboard_options(opener, defaults=False)  # the top-level parser's defaults stand
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
        db,
        period=args.period,
        minutes=args.minutes,
        carry_from=carry_from,
        user=args.user,
        chair=args.chair,
        share=share_options(args),
    )
    for notice in app.notices:  # also on screen; here they stay in the terminal after the dashboard closes
        print(f"psg: warning: {notice}", file=sys.stderr)
    app.run()
    if app.sharing is not None:
        print(
            f"psg: the share has ended; who followed is in {app.sharing.log.path or 'no log'}",
            file=sys.stderr,
        )
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
