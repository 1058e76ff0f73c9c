"""The minutes' actions as a table: the tracker and the area view both draw them this way."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from rich.text import Text
from textual.widgets import DataTable

from psg_tui.core.minutes import Action
from psg_tui.core.minutes.rag import action_rag
from psg_tui.widgets.cells import literal

RAG_CELL = {
    "red": ("bold white on #b00020", " overdue "),
    "amber": ("bold black on #ffb300", " due soon"),
    "green": ("bold white on #1b7a3a", " on track"),
    "blue": ("bold white on #1f4e9c", " done    "),
    "grey": ("white on #555555", " dropped "),
}
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


WIDTHS = {
    "area": 24,
    "title": 40,
    "owner": 18,
    "agency": 24,
}  # long text is cut with … so due and status stay on screen


def clipped(value: str, name: str) -> Text:
    text = literal(value)
    if name in WIDTHS:
        text.truncate(WIDTHS[name], overflow="ellipsis")
    return text


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


def rag_cell(rag: str) -> Text:
    style, label = RAG_CELL[rag]
    return Text(label, style=style)


def fill_actions_table(
    table: DataTable[Any],
    actions: Sequence[Action],
    *,
    as_of: date,
    area_names: dict[str, str],
    columns: Sequence[str] = ALL_COLUMNS,
    shown: Callable[[str], str] = str,
    shown_name: Callable[[str], str] = str,
    select: str | None = None,
) -> None:
    """Redraw the table, keeping the cursor on the same action where it still shows, or
    moving it to `select` (an action just added)."""
    current = None
    if table.row_count and table.cursor_row < table.row_count:
        current = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
    table.clear(columns=not table.columns)
    if not table.columns:
        for name in columns:
            table.add_column(LABELS[name], key=name)
    for action in actions:
        cells = {
            "rag": rag_cell(action_rag(action, as_of)),
            "id": literal(action.id, "bold"),
            "area": clipped(area_names.get(action.area or "", action.area or "–"), "area"),
            "title": clipped(shown(action.title), "title"),
            "owner": clipped(shown_name(action.owner), "owner"),
            "agency": clipped(action.agency, "agency"),
            "due": Text(f"{action.due:%d %b %Y}", style="bold red" if action.is_overdue(as_of) else ""),
            "status": literal(action.status + (" (restricted)" if action.restricted else "")),
        }
        table.add_row(*(cells[name] for name in columns), key=action.id)
    keys = {key.value for key in table.rows}
    target = select if select in keys else current
    if target is not None and target in keys:
        table.move_cursor(row=table.get_row_index(target))


def selected_action_id(table: DataTable[Any]) -> str | None:
    if not table.row_count:
        return None
    return table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
