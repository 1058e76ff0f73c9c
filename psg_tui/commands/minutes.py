"""`psg minutes new|validate|show|export` and `psg db load-minutes`."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from psg_tui.core.dates import FORMS, DateError, parse_date
from psg_tui.core.errors import OutputError, UsageError

if TYPE_CHECKING:
    from psg_tui.importing.minutes_load import ActionReject
    from psg_tui.publish.summary import Published


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `psg minutes new|validate|show|export`."""
    minutes = sub.add_parser("minutes", help="start and check meeting minutes")
    minutes_sub = minutes.add_subparsers(title="minutes commands", metavar="COMMAND", required=True)

    new = minutes_sub.add_parser(
        "new",
        help="start a meeting's minutes, carrying forward the open actions of the previous one",
        description="Start a meeting's minutes. With --carry-from, every action not done or dropped is "
        "carried forward with its id and history, last meeting's attendees are listed as not recorded "
        "until marked, and the title, chair and classification are copied unless given.",
    )
    new.add_argument("out", type=Path, metavar="OUT.toml", help="the new minutes file (must not exist)")
    new.add_argument(
        "--carry-from", type=Path, metavar="PREVIOUS.toml", help="the previous meeting's minutes"
    )
    new.add_argument("--title", help="meeting title (needed without --carry-from)")
    new.add_argument("--date", metavar="DATE", help="meeting date, 31/12/2026 or 2026-12-31 (default: today)")
    new.add_argument("--chair", help="who chairs the meeting (needed without --carry-from)")
    new.add_argument(
        "--classification",
        choices=("OFFICIAL", "OFFICIAL-SENSITIVE"),
        help="default: the previous minutes' classification, or OFFICIAL-SENSITIVE",
    )
    new.add_argument(
        "--period", metavar="YYYY-MM", help="reporting period (default: the month before the meeting)"
    )
    new.set_defaults(handler=run_new)

    validate = minutes_sub.add_parser("validate", help="check a minutes file and list every problem")
    validate.add_argument("file", type=Path, metavar="FILE")
    validate.set_defaults(handler=run_validate)

    show = minutes_sub.add_parser(
        "show",
        help="read the minutes in the terminal",
        description="Show the minutes: marking, meeting details, attendance by agency, notes and decisions "
        "by area, each operation's outputs in the period by kind (with --db or the minutes' database), and "
        "the action log by agency with due dates, status, RAG and the latest update.",
    )
    show.add_argument("file", type=Path, metavar="FILE")
    _add_publish_options(show)
    show.set_defaults(handler=run_show)

    export = minutes_sub.add_parser(
        "export",
        help="export the minutes to Markdown or a self-contained HTML page, or a public 'You said, we did' page",
        description="Export the minutes to Markdown or to one self-contained HTML page that prints on A4 "
        "with the marking on every page. --format public writes a page for residents instead, marked "
        "OFFICIAL: the district's survey concerns, what partners did in the period (interventions by kind, "
        "patrols, closures by street, PSPO enforcement) and the 12-month change in recorded incidents, from "
        "the database (--db or the minutes' own); no names, subjects, owners or house numbers. Without -o "
        "the export goes to standard output.",
    )
    export.add_argument("file", type=Path, metavar="FILE")
    export.add_argument(
        "--format",
        choices=("md", "html", "public"),
        required=True,
        help="md, html, or public (a 'You said, we did' page for residents)",
    )
    _add_publish_options(export)
    export.add_argument(
        "-o", "--output", type=Path, metavar="OUT", help="write to this file (atomically) instead of stdout"
    )
    export.set_defaults(handler=run_export)


def _add_publish_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--agency", metavar="NAME", help="only this agency's actions (case and spacing do not matter)"
    )
    parser.add_argument(
        "--redact",
        action="store_true",
        help="a copy for wider circulation: names replaced by role or agency; other people, dates of birth, "
        "addresses, phones and e-mails withheld; restricted items left out",
    )
    parser.add_argument(
        "--review",
        action="store_true",
        help="with --redact: list every word the copy kept that may be a name, and every person it "
        "withheld whom the minutes do not list, for a person to confirm",
    )
    parser.add_argument(
        "--allow-names",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="with --redact: more place and agency names never to take for a person, one a line "
        "(added to allow-names.txt in the psg-tui data folder, which is always read)",
    )
    parser.add_argument(
        "--db",
        type=Path,
        metavar="DB",
        help="the database to take area names and each operation's outputs in the period from (default: "
        "the minutes' `database`, beside them; without one, ids and no operations section)",
    )
    parser.add_argument(
        "--as-of",
        metavar="DATE",
        help="the date (31/12/2026 or 2026-12-31) RAG and overdue are reckoned from "
        "(default: the meeting's date, as everywhere)",
    )


def register_db(db_sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `psg db load-minutes DB MINUTES.toml`."""
    load = db_sub.add_parser(
        "load-minutes",
        help="load a meeting's actions into the database's action register",
        description="Load a meeting's actions into the actions table, replacing that meeting's earlier "
        "load. A carried-forward action keeps its id; the newest meeting's row for it wins. An action "
        "whose area the database lacks is rejected (listed, and written to DB-STEM-rejects-minutes.csv); "
        "the others are loaded, unless --strict. Exit codes: 0 loaded (even with rejects), 65 nothing "
        "loaded (--strict with a reject, every action rejected, or a broken file), 75 another writer. "
        "Minutes kept with a database of another name are loaded with a warning naming both.",
    )
    load.add_argument("db", type=Path, metavar="DB")
    load.add_argument("minutes", type=Path, metavar="MINUTES.toml")
    load.add_argument(
        "--strict", action="store_true", help="any rejected action fails the load (nothing loaded)"
    )
    load.set_defaults(handler=run_load_minutes)


def run_new(args: argparse.Namespace) -> int:
    from psg_tui.core.minutes import carry_forward, dump_minutes, new_minutes, read_minutes
    from psg_tui.core.minutes.files import write_atomic
    from psg_tui.core.periods import Period

    out: Path = args.out
    if out.exists():
        raise OutputError(f"{out} already exists.", "Give a new file name; psg-tui never overwrites minutes.")
    meeting_date = _parse_date(args.date, "--date") if args.date else None
    period = Period.parse(args.period) if args.period else None
    if args.carry_from:
        previous = read_minutes(args.carry_from)
        minutes = carry_forward(
            previous,
            title=args.title,
            chair=args.chair,
            meeting_date=meeting_date,
            classification=args.classification,
            period=period,
        )
    else:
        if not args.title or not args.chair:
            raise UsageError(
                "Give --title and --chair for a first meeting's minutes.",
                "Or start from the previous meeting's: psg minutes new OUT.toml --carry-from PREVIOUS.toml",
            )
        minutes = new_minutes(
            title=args.title,
            chair=args.chair,
            meeting_date=meeting_date,
            classification=args.classification or "OFFICIAL-SENSITIVE",
            period=period,
        )
    if not out.parent.is_dir():
        raise UsageError(
            f"The folder {out.parent} does not exist.", "Create it first, or choose another path."
        )
    write_atomic(out, dump_minutes(minutes).encode("utf-8"), exclusive=True)
    meeting = minutes.meeting
    print(f"Started {out}: {meeting.title}, {meeting.date.isoformat()}, period {meeting.period_start:%b %Y}.")
    if args.carry_from:
        left = len(previous.actions) - len(minutes.actions)
        print(
            f"Carried forward {len(minutes.actions)} open action(s) from {args.carry_from} "
            f"({left} done or dropped left behind); {len(minutes.attendees)} attendee(s) listed as not recorded "
            "until marked present, sending apologies or absent."
        )
    return 0


def run_validate(args: argparse.Namespace) -> int:
    from psg_tui.core.minutes.codec import comments_warning, parse_minutes_bytes, read_bytes
    from psg_tui.core.minutes.locate import comment_lines

    data = read_bytes(args.file)
    minutes = parse_minutes_bytes(data, str(args.file))  # MinutesError lists every problem and exits 65
    warning = comments_warning(str(args.file), comment_lines(data.decode("utf-8")))
    if warning:
        print(f"psg: warning: {warning}", file=sys.stderr)
    total = len(minutes.actions)
    still_open = len(minutes.open_actions())
    print(f"valid: {total} action{'' if total == 1 else 's'}, {still_open} open")
    return 0


def _published(args: argparse.Namespace) -> Published:
    from psg_tui.core.minutes import read_minutes
    from psg_tui.core.personal import AllowList
    from psg_tui.publish.areas import area_names, read_area_figures
    from psg_tui.publish.operations import read_operation_outputs
    from psg_tui.publish.summary import prepare

    if (args.review or args.allow_names) and not args.redact:
        option = "--review" if args.review else "--allow-names"
        raise UsageError(f"{option} is for redacted copies.", f"Give --redact too: ... --redact {option}")
    as_of = _parse_date(args.as_of, "--as-of") if args.as_of else None
    minutes = read_minutes(args.file)  # the same messages and exit codes as `psg minutes validate`
    areas = area_names(args.file, minutes, args.db)
    if areas.note:
        print(areas.note, file=sys.stderr)
    operations = None  # no database: the minutes have no operations section
    figures: dict[str, str] = {}
    if areas.database is not None:
        meeting = minutes.meeting
        operations = read_operation_outputs(areas.database, meeting.period_start, meeting.period_end)
        figures = read_area_figures(areas.database, minutes)
    # operations' names, like areas', are places and projects, not people
    known = [*areas.names.values(), *(o.name for o in operations or ())]
    allow = AllowList.default(args.allow_names, known) if args.redact else None
    return prepare(
        minutes,
        as_of=as_of,
        agency=args.agency,
        redact=args.redact,
        area_names=areas.names,
        allow=allow,
        operations=operations,
        area_figures=figures,
    )


def _print_review(view: Published, stream: TextIO) -> None:
    from psg_tui.core.personal import user_allow_file
    from psg_tui.publish.review import review_text

    stream.write(review_text(view.review, user_allow_file()))
    stream.flush()


def run_show(args: argparse.Namespace) -> int:
    from rich.console import Console

    from psg_tui.publish.render_terminal import render_terminal

    view = _published(args)
    if (sys.stdout.encoding or "").lower().replace("-", "") != "utf8":
        sys.stdout.reconfigure(errors="replace")  # type: ignore[union-attr]  # emoji on a Latin-1 terminal
    with _quiet_broken_pipe():
        render_terminal(view, Console(highlight=False))
        if args.review:
            print()
            _print_review(view, sys.stdout)
    return 0


def _public_page(args: argparse.Namespace) -> tuple[str, str]:
    """The residents' page and what to say once it is written."""
    from psg_tui.core.minutes import read_minutes
    from psg_tui.publish import area_names
    from psg_tui.publish.public import read_public, render_public

    for option, given in (("--agency", args.agency), ("--review", args.review), ("--as-of", args.as_of)):
        if given:
            raise UsageError(
                f"{option} is not for the public page.",
                "It shows the whole partnership's work as counts, with no actions: leave the option out.",
            )
    minutes = read_minutes(args.file)
    areas = area_names(args.file, minutes, args.db)
    if areas.database is None:
        raise UsageError(
            "The public page is built from the meeting's database, and none was found.",
            (areas.note or "").removeprefix("note: ") + " Give it with --db DB.",
        )
    page = read_public(areas.database, minutes)
    said = "with" if page.said else "without"
    return render_public(
        page
    ), f"public 'You said, we did' page ({said} survey results), marked {page.marking}"


def run_export(args: argparse.Namespace) -> int:
    from psg_tui.publish import check_output, render_html, render_markdown, write_output

    if args.format == "public":
        if args.output is not None and str(args.output) == "-":
            args.output = None
        if args.output is not None:
            check_output(args.output, args.file)
        text, what = _public_page(args)
        if args.output is None:
            with _quiet_broken_pipe():
                sys.stdout.write(text)
                sys.stdout.flush()
            return 0
        write_output(args.output, text.encode("utf-8"), source=args.file)
        print(f"Wrote {args.output}: {what}.")
        return 0
    view = _published(args)
    if args.output is not None and str(args.output) == "-":
        args.output = None  # `-o -`: standard output, as most tools read it
    if args.output is not None:
        check_output(args.output, args.file)
    text = render_html(view) if args.format == "html" else render_markdown(view)
    data = text.encode("utf-8")
    if args.output is None:
        with _quiet_broken_pipe():
            out = getattr(sys.stdout, "buffer", None)
            if out is None:
                sys.stdout.write(text)
            else:
                sys.stdout.flush()
                out.write(data)
            sys.stdout.flush()
        if args.review:
            _print_review(view, sys.stderr)  # standard output holds the export
        return 0
    write_output(args.output, data, source=args.file)
    copy = "redacted copy" if view.redacted else "copy"
    scope = f" ({view.agency} only)" if view.agency else ""
    print(
        f"Wrote {args.output}: {copy} of '{view.minutes.meeting.title}'{scope}, {view.total.actions} action(s)."
    )
    if args.review:
        _print_review(view, sys.stdout)
    return 0


@contextlib.contextmanager
def _quiet_broken_pipe() -> Iterator[None]:
    """`psg minutes show FILE | head` ends quietly, as other command-line tools do."""
    try:
        yield
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def run_load_minutes(args: argparse.Namespace) -> int:
    from psg_tui.core import files
    from psg_tui.core.minutes import read_minutes
    from psg_tui.importing.minutes_load import (
        MinutesRejected,
        load_minutes_into_database,
        minutes_rejects_path,
    )

    minutes = read_minutes(args.minutes)  # a broken file never reaches the database
    if os.path.lexists(args.db):  # a pipe or a folder is refused before the minutes are discussed
        files.regular_file(args.db, None, "a DuckDB database")
    recorded = minutes.meeting.database
    if recorded and Path(recorded).name != args.db.name:  # as the dashboard warns: told, not refused
        print(
            f"Warning: {args.minutes} was kept with the database {recorded}, but its actions are being "
            f"loaded into {args.db}. If that is wrong, load them into {recorded} instead: "
            f"psg db load-minutes {recorded} {args.minutes}",
            file=sys.stderr,
        )
    listing = minutes_rejects_path(args.db)
    try:
        load = load_minutes_into_database(args.db, minutes, args.minutes, strict=args.strict)
    except MinutesRejected as error:
        _print_action_rejects(error.rejects, listing)
        raise
    kept = load.offered - load.written
    note = f"; {kept} kept from a later meeting" if kept else ""
    print(f"Loaded {load.written} action(s) from '{minutes.meeting.label}' into {args.db}{note}.")
    _print_action_rejects(load.rejects, listing)
    return 0


def _print_action_rejects(rejects: Sequence[ActionReject], listing: Path) -> None:
    if not rejects:
        return
    print(f"{len(rejects)} rejected action(s), not loaded:")
    for r in rejects[:10]:
        print(f"  {Path(r.file).name} action {r.action}: {r.field}: {r.reason}")
    if len(rejects) > 10:
        print(f"  ... and {len(rejects) - 10} more")
    print(f"All rejected actions: {listing}")


def _parse_date(text: str, option: str) -> date:
    try:
        return parse_date(text, option)
    except DateError as error:
        raise UsageError(str(error), f"Give the date as {FORMS}.") from None
