"""`psg db ...`: create, import into, check and load minutes into a database."""

from __future__ import annotations

import argparse
import textwrap
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from psg_tui.core.database import init_db
from psg_tui.core.errors import PsgError, UsageError
from psg_tui.core.safe_text import printable
from psg_tui.core.text import did_you_mean
from psg_tui.importing import KIND_NAMES, KINDS

if TYPE_CHECKING:
    from rich.console import Console

    from psg_tui.importing import ImportSummary
    from psg_tui.importing.check import CheckReport


def _kinds_help() -> str:
    """Each import kind's lines, as it declares them, under its name."""
    lines = ["kinds:"]
    for kind in KINDS:
        first, *more = kind.help.splitlines()
        if len(kind.name) < 16:
            lines.append(f"  {kind.name:<16}{first}")
        else:  # a long name on a line of its own, its lines under the others'
            lines.extend([f"  {kind.name}", f"  {'':16}{first}"])
        lines.extend(f"  {'':16}{line}" for line in more)
    return "\n".join(lines) + "\n"


IMPORT_HELP = _kinds_help() + textwrap.dedent(
    """\

    column map (--map FILE), for files whose headers differ: TOML, one line per column,
        id = "Incident Ref"
        occurred = "Date Reported"
      or a CSV with the header canonical,theirs.

    Rows that fail checks are rejected with file, row (1 = first row after the header), column and
    reason: the first 10 are shown and all are written to DB-STEM-rejects-KIND.csv beside the database.
    A row with too many or too few fields, or a quote that is never closed, is rejected too; the
    summary shows how every data line of each file was stored, rejected, skipped or blank.
    Control characters (ESC, BEL, ...) are removed from every value; line breaks become spaces.

    What changes is printed per police.uk month ("2021-08 Cleveland Police: 2,271 rows -> 26"),
    per ward for ons-wards, and as new/updated rows for the other kinds; --dry-run shows the same
    on a throw-away copy and leaves the database file byte-for-byte unchanged. Nothing is changed, and
    the exit code is 65, when: a file has rows but none can be stored (for example another force's
    file: the forces and districts found are named); a police.uk month or a ward's LSOAs would be
    replaced by less than half of what the database holds (or by nothing) without --replace; or
    --strict and any row is rejected. police.uk months must be from 2010-12 to next month.

    police.uk downloads: give the zip as it is (members are read from it, never unpacked), a folder
    of month folders, a month folder or files. Each file goes to the kind that reads it by the end
    of its name (-street.csv: police-uk); files this version has no kind for (outcomes,
    stop-and-search) are left out and counted in the summary. Of several files, those of a force
    none of whose rows is in the database's areas are left out and named (force, files, rows);
    the import is refused only when nothing at all can be stored. A partial download is refused
    (exit 65, nothing changed) unless --replace: a file whose last line is cut off mid-row, or a
    zip member cut short or failing its checksum. A zip is refused before anything is read when a
    member's name leaves its folder ('..', an absolute path) or its sizes are absurd (a zip bomb).

    The import builds into a copy of the database and swaps it in, so a dashboard can stay open;
    it sees the new data when it reconnects. One writer at a time: an import, load-minutes or
    init waits up to PSG_WRITE_LOCK_WAIT seconds (default 10) for another, then stops with exit 75
    naming it. Exit codes: 0 imported (even with rejects), 65 a file was refused (nothing
    changed), 66 a file is missing, 75 another writer holds the database.
    """
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    db = sub.add_parser("db", help="create and prepare a meeting database")
    db_sub = db.add_subparsers(title="db commands", metavar="COMMAND", required=True)

    init = db_sub.add_parser("init", help="create an empty database with the current schema")
    init.add_argument("db", type=Path, metavar="DB")
    init.set_defaults(handler=run_init)

    imp = db_sub.add_parser(
        "import",
        help="import data files into a database",
        description="Import data files into a psg-tui database, checking every row.",
        epilog=IMPORT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    imp.add_argument("db", type=Path, metavar="DB")
    imp.add_argument("kind", metavar="KIND", help=f"one of: {', '.join(KIND_NAMES)}")
    imp.add_argument(
        "files",
        type=Path,
        nargs="+",
        metavar="FILE",
        help="files, folders of CSV files, or (police-uk) a data.police.uk download as a zip or folder",
    )
    imp.add_argument(
        "--strict", action="store_true", help="any rejected row fails the import (nothing stored)"
    )
    imp.add_argument("--source", metavar="NAME", help="incidents: whose extract this is, e.g. council-asb")
    imp.add_argument("--map", type=Path, metavar="FILE", help="column map for files whose headers differ")
    imp.add_argument(
        "--replace",
        action="store_true",
        help="allow a police.uk month or a ward's LSOAs to be replaced by less than half of what it holds, "
        "and a partial download (a file cut off mid-row, a damaged zip member) to be imported",
    )
    imp.add_argument(
        "--dry-run",
        action="store_true",
        help="check the files and show what would change, without changing the database",
    )
    imp.set_defaults(handler=run_import)

    check = db_sub.add_parser(
        "check",
        help="report coverage, expiries and consistency of a database",
        description="Report months per source and gaps, the newest complete month, areas without data, "
        "closure orders expiring within 14 days and PSPOs within 90 (of meta as_of, else today), orphans, "
        "interventions per operation and the months they span, the CPW -> CPN -> FPN ladder, months whose rows "
        "fell by more than 10% at their last import, and population, "
        "deprivation (per IMD edition), LSOA lookup and survey coverage. "
        "Exits 65 when there are errors, 0 when there are only warnings.",
    )
    check.add_argument("db", type=Path, metavar="DB")
    check.set_defaults(handler=run_check)

    upgrade = db_sub.add_parser(
        "upgrade",
        help="bring a database made by an older psg-tui up to this schema version",
        description="Add the tables later versions added (version 2: operations, interventions, population, imd, "
        "lsoa_changes, survey; version 3: outcomes, stop_searches, incident_counts, lsoa_places), keeping "
        "every row, through a copy swapped in. A database already current is left as it is.",
    )
    upgrade.add_argument("db", type=Path, metavar="DB")
    upgrade.set_defaults(handler=run_upgrade)

    rebuild = db_sub.add_parser(
        "rebuild",
        help="rebuild the tables psg keeps in step with others (after changing a database by hand)",
        description="Rebuild the derived tables (lsoa_places: where each LSOA code is placed; incident_counts: "
        "incidents per area, month, category and source, which the count panels read) from the incidents, "
        "areas, their LSOAs and the LSOA lookup, through a copy swapped in. Imports keep them in step; "
        "`psg db check` says when a database changed outside psg needs this.",
    )
    rebuild.add_argument("db", type=Path, metavar="DB")
    rebuild.set_defaults(handler=run_rebuild)

    export = db_sub.add_parser(
        "export",
        help="write the database as a Parquet dataset that psg open, psg query and any engine read",
        description="Write every table as Parquet under a new folder: incidents and outcomes by force and "
        "month (a local extract's incidents by its source), every other table (the kept counts among them) a file, with a "
        "manifest.json (schema version, as-of date, every file with its rows, size and SHA-256). "
        "`psg open DIR` and `psg query DIR ...` read it as they read the database. The folder appears "
        "only once complete.",
    )
    export.add_argument("db", type=Path, metavar="DB")
    export.add_argument("--parquet", type=Path, metavar="DIR", required=True, help="the new folder to write")
    export.set_defaults(handler=run_export)

    from psg_tui.commands import minutes as minutes_commands

    minutes_commands.register_db(db_sub)


def run_init(args: argparse.Namespace) -> int:
    from psg_tui.core.database import SCHEMA_VERSION, schema_objects
    from psg_tui.core.write_lock import database_write_lock

    if args.db.parent.is_dir():
        with database_write_lock(args.db, "psg db init"):
            init_db(args.db)
    else:
        init_db(args.db)  # says the folder does not exist
    tables, views = schema_objects()
    print(
        f"Created {args.db}: an empty psg-tui database, schema version {SCHEMA_VERSION}, with the tables "
        f"{', '.join(tables)} and the views {', '.join(views)}."
    )
    print(f"Next: psg db import {args.db} ons-wards LOOKUP.csv")
    return 0


def run_upgrade(args: argparse.Namespace) -> int:
    from psg_tui.core.database import SCHEMA_VERSION
    from psg_tui.importing.swap import upgrade_database

    before, added = upgrade_database(args.db, notice=print)
    if not added:
        print(f"{args.db} is already at schema version {SCHEMA_VERSION}: nothing to do.")
    else:
        print(
            f"Upgraded {args.db} from schema version {before} to {SCHEMA_VERSION}: added the table(s) "
            f"{', '.join(added)}; every existing row is kept."
        )
    return 0


def run_rebuild(args: argparse.Namespace) -> int:
    from psg_tui.importing.derived import refresh_derived
    from psg_tui.importing.swap import write_through_copy

    write_through_copy(args.db, refresh_derived, what="psg db rebuild", notice=print)
    print(f"Rebuilt the derived tables of {args.db} from its incidents, areas, LSOAs and lookup.")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from psg_tui.core.database import connect, open_database, read_meta, schema_objects
    from psg_tui.core.dataset import export_dataset, is_dataset

    if is_dataset(args.db):
        raise UsageError(
            f"{args.db} is already a Parquet dataset.",
            "Copy the folder, or export the database it came from.",
        )
    con = open_database(args.db)  # refused here if it is not a current psg-tui database
    meta = read_meta(con)
    con.close()
    dest = Path(args.parquet).absolute()
    con = connect(args.db, read_only=True, writes_into=[dest.parent])
    try:
        started = time.perf_counter()
        tables, _views = schema_objects()
        manifest = export_dataset(con, tables, dest, meta)
    finally:
        con.close()
    rows = sum(t["rows"] for t in manifest["tables"].values())
    files = sum(len(t["files"]) for t in manifest["tables"].values())
    print(
        f"Exported {args.db} to {dest}: {rows:,} rows of {len(manifest['tables'])} tables in {files:,} "
        f"Parquet files ({time.perf_counter() - started:.1f} s). Open it with `psg open {dest}`."
    )
    return 0


def run_import(args: argparse.Namespace) -> int:
    from rich.console import Console

    from psg_tui.importing import ImportRejected, import_into_database, rejects_path
    from psg_tui.importing.reading import load_column_map

    if args.kind not in KIND_NAMES:  # checked here, not by argparse, to suggest the kind meant
        guess = did_you_mean(args.kind, KIND_NAMES)
        raise UsageError(
            f"There is no import kind '{printable(args.kind)}'.",
            f"{guess + ' ' if guess else ''}The kinds: {', '.join(KIND_NAMES)}.",
        )
    column_map = load_column_map(args.map) if args.map else None
    console = Console(highlight=False, soft_wrap=True)
    rejects = None if args.dry_run else rejects_path(args.db, args.kind)
    started = time.perf_counter()
    try:
        summaries = import_into_database(
            args.db,
            args.kind,
            args.files,
            strict=args.strict,
            source=args.source,
            column_map=column_map,
            progress=True,
            replace=args.replace,
            dry_run=args.dry_run,
            notice=lambda text: console.print(text, markup=False),
        )
    except ImportRejected as error:
        print_import(console, error.summaries, rejects, failed=True, notes=error.notes)
        raise
    print_import(
        console, summaries, rejects, failed=False, dry_run=args.dry_run, notes=getattr(summaries, "notes", [])
    )
    elapsed = time.perf_counter() - started
    if args.dry_run:
        console.print(f"Dry run: {args.db} was not changed ({elapsed:.2f} s).", markup=False)
    else:
        console.print(
            f"{args.db} updated ({args.kind}) in {elapsed:.2f} s, copy and swap included.", markup=False
        )
    return 0


def run_check(args: argparse.Namespace) -> int:
    import duckdb
    from rich.console import Console

    from psg_tui.core.database import open_database, unreadable
    from psg_tui.core.dataset import is_dataset, read_manifest, verify_checksums
    from psg_tui.importing.check import ERROR, CheckReport, Finding, check_database

    # A Parquet export: every byte against its manifest's checksums, first, so a damaged file
    # is named even when it cannot be opened (its small tables are read on opening).
    changed = [
        Finding(ERROR, "dataset", f"{path} differs from the export (its SHA-256 is not the manifest's)")
        for path in (verify_checksums(args.db, read_manifest(args.db)) if is_dataset(args.db) else [])
    ]
    try:
        con = open_database(args.db, read_only=True)
    except PsgError:
        if not changed:
            raise
        report = CheckReport(date.today(), {}, [], None, findings=changed)
    else:
        try:
            report = check_database(con)
        except duckdb.Error as exc:  # a block the opening checks did not read is damaged
            raise unreadable(args.db, exc) from None
        finally:
            con.close()
        report.findings.extend(changed)
    print_check(Console(highlight=False, soft_wrap=True), args.db, report)
    return report.exit_code


# ---------------------------------------------------------------------------- printing

SHOWN_REJECTS = 10
SHOWN_WARNINGS = 10


def print_import(
    console: Console,
    summaries: Sequence[ImportSummary],
    rejects_file: Path | None,
    *,
    failed: bool,
    dry_run: bool = False,
    notes: Sequence[str] = (),
) -> None:
    """The summary table, how the lines add up, what changes, then what was left out, skipped,
    warned and rejected."""
    from rich.table import Table
    from rich.text import Text

    from psg_tui.importing.pipeline import left_out_lines

    title = "Import" + (" (nothing stored)" if failed else " (dry run: nothing stored)" if dry_run else "")
    table = Table(title=title, title_justify="left")
    table.add_column("file", overflow="fold")
    columns = ("lines", "read", "stored", "skipped", "rejected", "warnings", "time")
    for name in columns:
        table.add_column(name, justify="right")

    def figures(s: ImportSummary) -> tuple[int, ...]:
        return (s.lines, s.read, s.stored, s.skipped, len(s.rejects), len(s.warnings))

    for s in summaries:
        table.add_row(
            Text(printable(Path(s.file).name)), *(f"{n:,}" for n in figures(s)), f"{s.seconds:.2f} s"
        )
    if len(summaries) > 1:
        totals = [sum(v) for v in zip(*(figures(s) for s in summaries), strict=True)]
        table.add_row(
            "total", *(f"{n:,}" for n in totals), f"{sum(s.seconds for s in summaries):.2f} s", style="bold"
        )
    console.print(table)
    _print_accounting(console, summaries)
    _print_changes(
        console,
        summaries,
        heading="Would change:" if dry_run else "Would have changed:" if failed else "Changed:",
    )
    for note in notes:
        console.print("[yellow]note[/] ", end="")
        console.print(printable(note), markup=False)
    left = left_out_lines([s for s in summaries if s.left_out])
    if left:
        console.print("Files left out whole, as none of their rows is in this database's areas:")
        for line in left:
            console.print(printable(f"    {line}"), markup=False)
    for s in summaries:
        for reason, number in s.skipped_reasons.items() if not s.left_out else ():
            console.print(
                printable(f"skipped {number:,} rows of {Path(s.file).name}: {reason}"), markup=False
            )
        for warning in s.warnings[:SHOWN_WARNINGS]:
            console.print("[yellow]warning[/] ", end="")
            console.print(printable(f"{Path(s.file).name}: {warning}"), markup=False)
        if len(s.warnings) > SHOWN_WARNINGS:
            console.print("[yellow]warning[/] ", end="")
            console.print(
                printable(f"{Path(s.file).name}: ... {len(s.warnings) - SHOWN_WARNINGS} more"), markup=False
            )
    rejects = [r for s in summaries for r in s.rejects]
    if not rejects:
        return
    console.print(f"[red]{len(rejects):,} rejected rows[/] (row 1 = the first row after the header):")
    for r in rejects[:SHOWN_REJECTS]:
        column = f" {r.column}:" if r.column else ""
        console.print(printable(f"  {Path(r.file).name} row {r.row}:{column} {r.reason}"), markup=False)
    if len(rejects) > SHOWN_REJECTS:
        console.print(f"  ... and {len(rejects) - SHOWN_REJECTS:,} more")
    if rejects_file is not None:
        console.print(printable(f"All rejected rows: {rejects_file}"), markup=False)
    else:
        console.print("(The rejects list beside the database was not written.)")


SHOWN_CHANGES = 40


def _print_accounting(console: Console, summaries: Sequence[ImportSummary]) -> None:
    """Every data line is stored, rejected, skipped or blank: say how, per file that has more
    than plain one-line rows, and in total."""
    for s in summaries:
        if len(summaries) == 1 or s.blank or s.lines != s.read:
            console.print(printable(f"{Path(s.file).name}: {s.accounting}"), markup=False)
    if len(summaries) > 1:
        lines = sum(s.lines for s in summaries)
        console.print(
            f"All {lines:,} data lines of the {len(summaries)} files are accounted for.", markup=False
        )


def _print_changes(console: Console, summaries: Sequence[ImportSummary], *, heading: str) -> None:
    changes = [c for s in summaries for c in s.changes]
    if not changes:
        return
    console.print(heading)
    shown = changes
    if len(changes) > SHOWN_CHANGES:
        shown = [c for c in changes if c.before != c.after or not c.replaces][:SHOWN_CHANGES]
    for change in shown:
        mark = "  [red]![/] " if change.shrinks else "    "
        console.print(mark, end="")
        console.print(printable(change.describe()), markup=False)
    if len(shown) < len(changes):
        console.print(f"    ... and {len(changes) - len(shown):,} more unchanged or not shown")


def print_check(console: Console, db: Path, report: CheckReport) -> None:
    """Everything from the database (sources, ids, names, the findings that quote them) is shown
    through `visible` as plain text: control characters as marks, brackets never read as markup."""
    from rich.table import Table
    from rich.text import Text

    from psg_tui.core.safe_text import visible

    def shown(value: object, style: str = "") -> Text:
        return Text(visible(str(value)), style=style)

    console.print(Text.assemble(shown(db, "bold"), f"  (as of {report.as_of})"))
    counts = Table(title="Rows", title_justify="left")
    counts.add_column("table")
    counts.add_column("rows", justify="right")
    for name, number in report.counts.items():
        counts.add_row(shown(name), f"{number:,}")
    console.print(counts)
    if report.coverage:
        coverage = Table(title="Incidents by source", title_justify="left")
        for name in ("source", "rows", "from", "to", "months", "gaps"):
            coverage.add_column(name, justify="right" if name in ("rows", "months", "gaps") else "left")
        for item in report.coverage:
            coverage.add_row(
                shown(item.source),
                f"{item.rows:,}",
                shown(item.first),
                shown(item.last),
                str(item.months),
                str(len(item.gaps)),
            )
        console.print(coverage)
        console.print(Text.assemble("Newest complete month: ", shown(report.newest_complete_month, "bold")))
    if report.operations:
        ended = any(item.ended for item in report.operations)  # a column only when some operation ended
        operations = Table(title="Interventions by operation", title_justify="left")
        operations.add_column("operation", overflow="fold")
        for name in ("started", *(["ended"] if ended else []), "rows", "outputs", "from", "to"):
            operations.add_column(name, justify="right" if name in ("rows", "outputs") else "left")
        for op in report.operations:
            operations.add_row(
                shown(op.operation or "(no operation)"),
                str(op.started or ""),
                *([str(op.ended or "")] if ended else []),
                f"{op.rows:,}",
                f"{op.outputs:,}",
                shown(op.first or ""),
                shown(op.last or ""),
            )
        console.print(operations)
    styles = {"error": "red", "warning": "yellow", "info": "cyan"}
    for finding in sorted(report.findings, key=lambda f: ("error", "warning", "info").index(f.severity)):
        console.print(
            Text.assemble(
                (finding.severity, styles[finding.severity]),
                " ",
                shown(finding.topic),
                ": ",
                shown(finding.message),
            ),
            highlight=False,
        )
    errors, warnings = len(report.errors), len(report.warnings)
    verdict = "[red]errors found[/]" if errors else "[green]ok[/]"
    console.print(f"{verdict}: {errors} error(s), {warnings} warning(s)")
