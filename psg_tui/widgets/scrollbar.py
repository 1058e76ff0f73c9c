"""Scrollbars drawn in whole cells.

Textual draws a scrollbar thumb's ends with eighth-block glyphs (▁▃▆ and ▉▊▍▎) for sub-cell
smoothness. On a projector, over SSH with few colours, in a terminal with another palette or
in a copy of the screen as text, those ends show as stray characters inside tables and the
help box. A thumb of whole cells says the same thing with nothing stray.
"""

from __future__ import annotations

from typing import ClassVar

from textual.scrollbar import ScrollBar, ScrollBarRender


class WholeCellScrollBarRender(ScrollBarRender):
    VERTICAL_BARS: ClassVar[list[str]] = [" "] * 8
    HORIZONTAL_BARS: ClassVar[list[str]] = [" "] * 8


def use_whole_cell_scrollbars() -> None:
    """Textual's documented hook: every scrollbar renders through this class."""
    ScrollBar.renderer = WholeCellScrollBarRender
