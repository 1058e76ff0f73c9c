"""The minutes in the terminal, with Rich: `psg minutes show`.

Every value from the file goes in as a `rich.text.Text`, never as a markup string, so a note
holding `[bold]` or `[link=...]` is shown as typed; `core.safe_text.visible` has already made escape
sequences visible, so a note cannot move the cursor or clear the screen.
"""

from __future__ import annotations

from collections.abc import Iterator

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from psg_tui.core.text import one_line
from psg_tui.publish.summary import ActionRow, Published, Rag
from psg_tui.publish.text import (
    long_date,
    operation_dates,
    paragraphs,
    period_text,
    plural,
    short_date,
)

CHUNK = 500  # action rows per table

RAG_STYLES = {
    Rag.RED: "bold white on red",
    Rag.AMBER: "bold black on yellow",
    Rag.GREEN: "bold white on green",
    Rag.BLUE: "bold white on blue",
    Rag.GREY: "bold white on grey50",
}


def _t(value: object, style: str = "") -> Text:
    return Text(one_line(str(value)), style=style)


def marking_bar(view: Published) -> Text:
    return Text(f" {view.marking} ", style="bold white on dark_red", justify="center", end="\n")


def _details(view: Published) -> Table:
    meeting = view.minutes.meeting
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    rows = [
        ("Date", long_date(meeting.date)),
        ("Chair", meeting.chair or "not recorded"),
        ("Period", period_text(meeting.period_start, meeting.period_end)),
        ("Next meeting", long_date(meeting.next_meeting) if meeting.next_meeting else "not set"),
        ("Database", meeting.database),
        ("Actions as of", long_date(view.as_of)),
    ]
    for label, value in rows:
        if value:
            grid.add_row(label, _t(value))
    return grid


def _attendance(view: Published) -> RenderableType:
    if not view.attendance:
        return Text("No attendance recorded.", style="italic")
    table = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False)
    table.add_column("Agency", style="bold", ratio=2, overflow="fold")
    columns = view.attendance_columns
    for heading, _ in columns:
        table.add_column(heading, ratio=3, overflow="fold")
    for group in view.attendance:
        cells = []
        for people in (getattr(group, field) for _, field in columns):
            lines = Text()
            for i, person in enumerate(people):
                if i:
                    lines.append("\n")
                lines.append(one_line(person.name))
                if person.role:
                    lines.append(f" ({one_line(person.role)})", style="dim")
            cells.append(lines)
        table.add_row(_t(group.agency), *cells)
    return table


def _areas(view: Published) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for area in view.minutes.areas:
        parts.append(_t(area.area, "bold underline"))
        if figures := view.area_figures.get(area.area):
            parts.append(Padding(Text(figures, style="italic"), (0, 0, 0, 2)))
        for lines in paragraphs(area.notes):
            parts.append(Padding(Text("\n".join(lines)), (0, 0, 0, 2)))
        for decision in area.decisions:
            parts.append(Padding(Text.assemble(("Decision: ", "bold"), one_line(decision)), (0, 0, 0, 2)))
        parts.append(Text())
    return parts or [Text("No notes on areas.", style="italic")]


def _operations(view: Published) -> list[RenderableType]:
    """Each operation's outputs in the period, counted by kind (never whom they were about)."""
    parts: list[RenderableType] = []
    for op in view.operations or ():
        parts.append(
            Text.assemble((one_line(op.name), "bold underline"), ("  " + operation_dates(op), "dim"))
        )
        if op.lead_agency:
            parts.append(Padding(Text.assemble(("Lead: ", "bold"), one_line(op.lead_agency)), (0, 0, 0, 2)))
        if not op.outputs:
            parts.append(Padding(Text("No outputs recorded.", style="italic"), (0, 0, 0, 2)))
        else:
            table = Table(box=box.SIMPLE_HEAD, show_edge=False, show_footer=True, padding=(0, 1, 0, 2))
            table.add_column("Output", footer="All outputs", overflow="fold")
            table.add_column("This period", justify="right", footer=f"{op.total:,}")
            table.add_column("Since start", justify="right", footer=f"{op.total_since_start:,}")
            for output in op.outputs:
                table.add_row(_t(output.kind), f"{output.this_period:,}", f"{output.since_start:,}")
            parts.append(table)
        parts.append(Text())
    return parts or [Text("No operation ran in this period.", style="italic"), Text()]


def _rag_cell(row: ActionRow) -> Text:
    return Text(f" {row.rag.label} ", style=RAG_STYLES[row.rag])


def _action_table(rows: tuple[ActionRow, ...], id_width: int, wide: bool, *, header: bool = True) -> Table:
    """Fixed widths for everything but the text, so every agency's table lines up.

    In a narrow terminal the owner goes under the title instead of in a column of its own.
    """
    table = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False, pad_edge=False, show_header=header)
    table.add_column("RAG", width=7, no_wrap=True)
    table.add_column("ID", width=id_width, overflow="fold")
    table.add_column("Action", ratio=5, overflow="fold")
    if wide:
        table.add_column("Owner", ratio=2, overflow="fold")
    table.add_column("Due" if wide else "Due, status", width=12, overflow="fold")
    if wide:
        table.add_column("Status", width=11, no_wrap=True)
    for row in rows:
        a = row.action
        action = Text(one_line(a.title), style="bold")
        if a.restricted:
            action.append(" RESTRICTED", style="bold red")
        meta = [] if wide else [f"Owner: {one_line(a.owner)}"]
        meta += [f"Area: {one_line(a.area)}"] if a.area else []
        if a.priority:
            meta.append(f"Priority: {one_line(a.priority)}")
        if meta:
            action.append("\n" + " · ".join(meta), style="dim")
        if row.latest:
            u = row.latest
            when = f"{short_date(u.at.date())} {u.at:%H:%M}"
            action.append(f"\nLatest ({when}, {one_line(u.by)}): ", style="italic")
            action.append(one_line(u.note) or "no note")
        due = Text(short_date(a.due))
        if not wide:
            due.append("\n" + a.status)
        if row.due_note:
            due.append(
                "\n" + row.due_note.upper() if row.overdue else "\n" + row.due_note,
                style="bold red" if row.overdue else "dim",
            )
        owner = [_t(a.owner)] if wide else []
        table.add_row(
            _rag_cell(row),
            _t(a.id),
            action,
            *owner,
            due,
            *([_t(a.status)] if wide else []),
            style="on grey15" if row.overdue else None,
        )
    return table


def _summary(view: Published) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, show_footer=True)
    total = view.total
    table.add_column("Agency", footer="Total", overflow="fold")
    headings = ("Actions", "New", "Completed", "Dropped", "Open", "Overdue")
    fields = ("actions", "new", "completed", "dropped", "still_open", "overdue")
    for heading, field in zip(headings, fields, strict=True):
        table.add_column(heading, justify="right", footer=str(getattr(total, field)))
    for counts in view.summary:
        cells = [
            Text(str(getattr(counts, f)), style="bold red" if f == "overdue" and counts.overdue else "")
            for f in fields
        ]
        table.add_row(_t(counts.agency), *cells)
    return table


def minutes_parts(view: Published, width: int = 120) -> Iterator[RenderableType]:
    """Everything `psg minutes show` prints, marking first and last, a piece at a time.

    A long action log goes out in tables of `CHUNK` rows (the columns' widths do not depend on
    their content, so the pieces line up): the output starts at once and memory stays flat.
    """
    meeting = view.minutes.meeting
    yield marking_bar(view)
    yield _t(meeting.title, "bold")
    if view.scope:
        yield Text(view.scope + ".", style="italic")
    yield from (_details(view), Text())
    yield from (Rule("Attendance", align="left"), _attendance(view), Text())
    yield from (Rule("Areas", align="left"), *_areas(view))
    if view.operations is not None:
        meeting = view.minutes.meeting
        period = period_text(meeting.period_start, meeting.period_end)
        yield from (Rule(f"Operations: outputs, {period}", align="left"), *_operations(view))
    heading = f"Actions ({plural(view.total.actions, 'action')}"
    heading += f", {view.overdue} overdue)" if view.overdue else ")"
    yield Rule(heading, align="left")
    wide = width >= 110
    id_width = min(12, max((len(r.action.id) for g in view.action_groups for r in g.rows), default=6))
    for group in view.action_groups:
        yield Text.assemble((one_line(group.agency), "bold"), f"  {plural(len(group.rows), 'action')}")
        for start in range(0, len(group.rows), CHUNK):
            rows = group.rows[start : start + CHUNK]
            yield _action_table(rows, id_width, wide, header=start == 0)
        yield Text()
    if not view.action_groups:
        yield Text("No actions.", style="italic")
    yield from (Rule("Summary of actions", align="left"), _summary(view), Text(), marking_bar(view))


def minutes_renderable(view: Published, width: int = 120) -> Group:
    return Group(*minutes_parts(view, width))


def render_terminal(view: Published, console: Console | None = None) -> None:
    console = console or Console(highlight=False)
    for part in minutes_parts(view, console.width):
        console.print(part)
