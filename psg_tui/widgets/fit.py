"""Tables that fit the width they have: text shares the space, numbers are never cut.

A DataTable wider than its widget scrolls sideways, and the column at the edge is cut
wherever the edge falls, mid-digit ("Oct 202", "24" for 246), while a wide screen leaves text
cut at a fixed width beside empty columns. Here every column gets its natural width when that
fits; otherwise text columns give up space (cut with …) down to a minimum, and only then are
whole columns left out, least important first. What is left out is returned, so the screen
can show it another way (a detail line for the selected row, or a note).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from rich.text import Text
from textual.coordinate import Coordinate
from textual.geometry import Size
from textual.message import Message
from textual.widgets import DataTable

from psg_tui.widgets.cells import literal

Row = tuple[str | None, Mapping[str, Text]]
COMFORTABLE = 20  # cells: a name cut no shorter than this still reads (see fit_widths)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    shrink_to: int | None = None  # text may be cut with … down to this many cells; None: never cut
    keep: int = 0  # when the table is too narrow, the lowest `keep` is left out first
    # A shorter form of every cell (the rows hold it under "<key>:short"), used only when the
    # full form would leave a column out: "R" for " overdue " keeps the title on screen.
    short: bool = False
    # With fit_widths' `by_importance`: cut no shorter than this while the table is wide enough
    # for every column to keep this much (None: COMFORTABLE).
    ample: int | None = None
    # Cut down to this after all when holding `shrink_to` would leave out more than one more
    # column: a row's name kept whole is worth one column of figures, not several.
    relax_to: int | None = None


def fit_widths(
    columns: Sequence[Column],
    naturals: Mapping[str, int],
    available: int,
    padding: int = 1,
    *,
    by_importance: bool = False,
) -> dict[str, int]:
    """The width of each column that is kept, in table order. Text is cut from the column with
    the most to spare. With `by_importance`, a table that fits with every text column at least
    its `ample` width is cut least important (lowest `keep`) first instead, so a wide screen
    shows the column that matters (an action's title) whole beside readable names."""
    widths = _fit_widths(columns, naturals, available, padding, by_importance)
    if any(c.relax_to is not None for c in columns):
        relaxed = [replace(c, shrink_to=c.relax_to) if c.relax_to is not None else c for c in columns]
        more = _fit_widths(relaxed, naturals, available, padding, by_importance)
        if len(more) > len(widths) + 1:
            return more
    return widths


def _fit_widths(
    columns: Sequence[Column], naturals: Mapping[str, int], available: int, padding: int, by_importance: bool
) -> dict[str, int]:
    if by_importance:
        floors = {
            c.key: min(max(c.shrink_to, c.ample or COMFORTABLE, len(c.label)), naturals[c.key])
            for c in columns
            if c.shrink_to is not None
        }
        order = sorted(floors, key=lambda k: next(c.keep for c in columns if c.key == k))
        widths = {c.key: naturals[c.key] for c in columns}
        excess = sum(widths.values()) + 2 * padding * len(columns) - available
        for key in order:
            cut = min(max(excess, 0), widths[key] - floors[key])
            widths[key] -= cut
            excess -= cut
        if excess <= 0:
            return widths
    kept = list(columns)
    while kept:
        widths = {c.key: naturals[c.key] for c in kept}
        excess = sum(widths.values()) + 2 * padding * len(kept) - available
        shrinkable = {
            c.key: min(max(c.shrink_to, len(c.label)), naturals[c.key])
            for c in kept
            if c.shrink_to is not None
        }
        while excess > 0:
            spare = [k for k, floor in shrinkable.items() if widths[k] > floor]
            if not spare:
                break
            widest = max(spare, key=lambda k: (widths[k] - shrinkable[k], widths[k]))
            widths[widest] -= 1
            excess -= 1
        if excess <= 0 or len(kept) == 1:
            return widths
        # the least important column goes; of equals, the rightmost
        drop = min(reversed(range(len(kept))), key=lambda i: kept[i].keep)
        del kept[drop]
    return {}


class FittedTable(DataTable[Any]):
    """A DataTable filled through `fill`: it fits its columns again whenever its width changes."""

    class Refitted(Message):
        """The columns left out changed with the width: a detail line may need redrawing."""

        def __init__(self, table: FittedTable) -> None:
            super().__init__()
            self.table = table

        @property
        def control(self) -> FittedTable:
            return self.table

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.cut_by_importance = False  # see fit_widths
        self.left_out: list[Column] = []
        self._content: tuple[Sequence[Column], Sequence[Row]] | None = None
        self._fitted_width = 0

    def available(self, rows: int) -> int:
        """The cells the columns may use, leaving room for a vertical scrollbar if `rows` (and
        the header) may not fit the height; before the first layout the app's width stands in."""
        region = self.content_region
        scrolls = region.height == 0 or rows + int(self.show_header) > region.height
        width = region.width or self.app.size.width
        return max(width - (self.styles.scrollbar_size_vertical if scrolls else 0), 1)

    def fill(
        self, columns: Sequence[Column], rows: Sequence[Row], *, select: str | None = None
    ) -> list[Column]:
        """Clear and refill with the columns that fit, keeping the cursor on the same row (or
        moving it to `select`); return the columns left out.

        Each row is (row key, cells by column key). Text is cut with … to its column's width;
        a column that may not be cut always gets its widest cell.
        """
        current = None
        if self.row_count and self.cursor_row < self.row_count:
            current = self.coordinate_to_cell_key(Coordinate(self.cursor_row, 0)).row_key.value
        self._content = (columns, rows)
        self._fitted_width = self.available(len(rows))
        forms = {c.key: c.key for c in columns}
        widths = self._fit(columns, rows, forms)
        shorter = {c.key: f"{c.key}:short" for c in columns if c.short}
        if len(widths) < len(columns) and shorter and rows:
            forms |= shorter
            widths = self._fit(columns, rows, forms)
        self.clear(columns=True)
        for column in columns:
            if column.key in widths:
                # a label may be a query file's column name: text, never markup
                self.add_column(literal(column.label), key=column.key, width=widths[column.key])
        for row_key, cells in rows:
            shown = []
            for key, width in widths.items():
                cell = cells[forms[key]].copy()
                if cell.cell_len > width:
                    cell.truncate(width, overflow="ellipsis")
                shown.append(cell)
            self.add_row(*shown, key=row_key)
        keys = {key.value for key in self.rows}
        target = select if select in keys else current
        if target is not None and target in keys:
            self.move_cursor(row=self.get_row_index(target))
        self.left_out = [c for c in columns if c.key not in widths]
        return self.left_out

    def _fit(
        self, columns: Sequence[Column], rows: Sequence[Row], forms: Mapping[str, str]
    ) -> dict[str, int]:
        naturals = {
            c.key: max([Text(c.label).cell_len, *(cells[forms[c.key]].cell_len for _, cells in rows)])
            for c in columns
        }
        return fit_widths(
            columns, naturals, self._fitted_width, self.cell_padding, by_importance=self.cut_by_importance
        )

    def watch_virtual_size(self, old: Size, new: Size) -> None:
        """Lay the table out again at its new height once the layout it already asked for is
        done. DataTable measures its rows on idle, after `fill`: when a layout ran in between
        (a screen shown or built unseen, a scrollbar coming and going), Textual keeps the height
        it measured then for that width, and this change would be folded into that stale
        request, leaving the table as tall as it was before its rows (0 lines, say)."""
        if old.height != new.height and self.styles.height is not None and self.styles.height.is_auto:
            self.call_later(self.refresh, layout=True)

    def on_resize(self) -> None:
        if self._content is None or self.available(len(self._content[1])) == self._fitted_width:
            return
        before = [c.key for c in self.left_out]
        self.fill(*self._content)
        if [c.key for c in self.left_out] != before:
            self.post_message(self.Refitted(self))
