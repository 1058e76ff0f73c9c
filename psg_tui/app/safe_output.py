"""The last guard between the data and the terminal.

Widgets show data through `cells.literal`, which makes control characters visible; this filter
catches whatever a widget draws without it (an Input's or a TextArea's own text, a library's
chart): no C0/C1 control character and no bidirectional override in drawn text ever reaches the
terminal, where ESC could recolour, retitle or rewrite the screen and BEL ring. Every such
character is zero cells wide, so dropping it leaves the layout exactly as it was measured.
"""

from __future__ import annotations

import re

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class NoControlCharacters(LineFilter):
    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not any(CONTROL.search(segment.text) for segment in segments if not segment.control):
            return segments
        kept = []
        for segment in segments:
            if not segment.control:
                segment = Segment(CONTROL.sub("", segment.text), segment.style)
                if not segment.text:
                    continue
            kept.append(segment)
        return kept
