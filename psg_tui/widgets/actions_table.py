"""The minutes' actions as a table: the tracker and the area view both draw them this way."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from rich.text import Text
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from psg_tui.core.minutes import Action
from psg_tui.core.minutes.rag import action_rag
from psg_tui.widgets.cells import literal
from psg_tui.widgets.fit import Column, FittedTable

RAG_CELL = {
    "red": ("bold white on #b00020", " overdue "),
    "amber": ("bold black on #ffb300", " due soon"),
    "green": ("bold white on #1b7a3a", " on track"),
    "blue": ("bold white on #1f4e9c", " done    "),
    "grey": ("white on #555555", " dropped "),
}
# The same, short, for a narrow table: the words cost the title its place.
RAG_SHORT = {"red": "late", "amber": "soon", "green": "ok", "blue": "done", "grey": "drop"}
# Due date and status first: on an 80-column projector they must not scroll out of sight.
ALL_COLUMNS = ("rag", "id", "due", "status", "title", "owner", "agency", "area")
LABELS = {
    "rag": "RAG",
    "id": "Id",
    "area": "Area",
    "title": "Title",
    "owner": "Owner",
    "agency": "Agency",
    "due": "Due",
    "status": "Status",
}


# How far each text column may be cut (with …) before a column is left out, and which go
# first when even that is too wide: area, then agency, then owner. The RAG, id and due date
# are never cut; the row's detail line shows in full whatever is cut or left out.
FIT = {
    "rag": Column("rag", LABELS["rag"], keep=100, short=True),
    "id": Column("id", LABELS["id"], keep=90),
    "due": Column("due", LABELS["due"], keep=80),
    "status": Column("status", LABELS["status"], shrink_to=11, keep=70),
    "title": Column("title", LABELS["title"], shrink_to=28, keep=75),  # cut last on a wide screen
    "owner": Column("owner", LABELS["owner"], keep=50),  # a name is never cut
    "agency": Column("agency", LABELS["agency"], shrink_to=12, keep=40, ample=32),
    "area": Column("area", LABELS["area"], shrink_to=12, keep=30),
}


def for_screen(actions: Sequence[Action], privacy: bool) -> tuple[list[Action], int]:
    """The actions a screen may list, and how many it leaves out: in privacy mode actions marked
    restricted (left out of redacted copies) are not on the projector either."""
    if not privacy:
        return list(actions), 0
    shown = [a for a in actions if not a.restricted]
    return shown, len(actions) - len(shown)


def hidden_note(count: int) -> str:
    """'2 restricted actions hidden (privacy mode)', or '' when none is."""
    if not count:
        return ""
    return f"{count} restricted action{'s' if count != 1 else ''} hidden (privacy mode)"


def rag_cell(rag: str, *, short: bool = False) -> Text:
    style, label = RAG_CELL[rag]
    return Text(RAG_SHORT[rag] if short else label, style=style)


def status_text(action: Action) -> str:
    return action.status + (" (restricted)" if action.restricted else "")


def fill_actions_table(
    table: FittedTable,
    actions: Sequence[Action],
    *,
    as_of: date,
    area_names: dict[str, str],
    columns: Sequence[str] = ALL_COLUMNS,
    keep: Sequence[str] | None = None,
    shown: Callable[[str], str] = str,
    shown_name: Callable[[str], str] = str,
    select: str | None = None,
) -> list[Column]:
    """Redraw the table to fit its width, keeping the cursor on the same action where it still
    shows, or moving it to `select` (an action just added); return the columns left out.
    `keep` orders the columns by what a narrow table keeps longest (the usual order if None)."""
    fit = [FIT[name] for name in columns]
    if keep is not None:
        fit = [replace(c, keep=len(keep) - keep.index(c.key)) for c in fit]
    rows = []
    for action in actions:
        rag = action_rag(action, as_of)
        cells = {
            "rag": rag_cell(rag),
            "rag:short": rag_cell(rag, short=True),
            "id": literal(action.id, "bold"),
            "area": literal(area_names.get(action.area or "", action.area or "–")),
            "title": literal(shown(action.title)),
            "owner": literal(shown_name(action.owner)),
            "agency": literal(action.agency),
            "due": Text(f"{action.due:%d %b %Y}", style="bold red" if action.is_overdue(as_of) else ""),
            "status": literal(status_text(action)),
        }
        rows.append((action.id, cells))
    table.cut_by_importance = True  # the title is cut last: a wide screen shows it whole
    return table.fill(fit, rows, select=select)


def selected_action_id(table: DataTable[Any]) -> str | None:
    if not table.row_count:
        return None
    return table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value


def action_detail(
    action: Action,
    *,
    as_of: date,
    area_names: dict[str, str],
    shown: Callable[[str], str] = str,
    shown_name: Callable[[str], str] = str,
) -> Text:
    """The selected action in full, whatever the table had to cut or leave out for width."""
    area = area_names.get(action.area or "", action.area or "no area")
    return Text.assemble(
        (action.id, "bold"),
        "  ",
        (shown(action.title), "bold"),
        "\n",
        ("Owner ", "dim"),
        f"{shown_name(action.owner)} ({action.agency})",
        ("  Area ", "dim"),
        area,
        ("  Due ", "dim"),
        (f"{action.due:%d %b %Y}", "bold red" if action.is_overdue(as_of) else ""),
        ("  Status ", "dim"),
        status_text(action),
    )


def matches(
    action: Action,
    words: str,
    area_names: dict[str, str],
    shown: Callable[[str], str] = str,
    shown_name: Callable[[str], str] = str,
) -> bool:
    """Every word of the search is somewhere in the action's text as the screen shows it (so in
    privacy mode a hidden name cannot be found by typing it)."""
    texts = (action.title, action.priority or "", *(u.note for u in action.updates))
    haystack = " ".join(
        [
            action.id,
            shown_name(action.owner),
            action.agency,
            area_names.get(action.area or "", action.area or ""),
            action.status,
            *(shown(t) for t in texts),
        ]
    ).casefold()
    return all(word in haystack for word in words.casefold().split())
