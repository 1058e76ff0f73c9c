"""The last guard between the data and the terminal.

Widgets show data through `cells.literal`, which makes control characters visible
(`core.safe_text.visible`); this filter catches whatever a widget draws without it (an Input's
or a TextArea's own text, a library's chart): no C0/C1 control character and no bidirectional override in drawn text ever reaches the
terminal, where ESC could recolour, retitle or rewrite the screen and BEL ring. Every such
character is zero cells wide, so dropping it leaves the layout exactly as it was measured.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from psg_tui.core.safe_text import TERMINAL_CONTROLS


class NoControlCharacters(LineFilter):
    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not any(TERMINAL_CONTROLS.search(segment.text) for segment in segments if not segment.control):
            return segments
        kept = []
        for segment in segments:
            if not segment.control:
                segment = Segment(TERMINAL_CONTROLS.sub("", segment.text), segment.style)
                if not segment.text:
                    continue
            kept.append(segment)
        return kept
