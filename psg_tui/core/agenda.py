"""The order a PSG meeting runs in, as steps the chair moves through with n and p.

Attendance; each action carried forward, one at a time; each area in order of concern;
new business; any other business and the next meeting's date. Each step has a time box
the clock on screen is measured against.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from psg_tui.core.minutes import Minutes

TIME_BOXES = {  # the defaults; settings.toml's [time_boxes] (minutes by kind) overrides them
    "attendance": timedelta(minutes=5),
    "action": timedelta(minutes=2),
    "area": timedelta(minutes=5),
    "new": timedelta(minutes=10),
    "aob": timedelta(minutes=5),
}
SECTIONS = {
    "attendance": "Attendance and apologies",
    "action": "Actions carried forward",
    "area": "Areas by concern",
    "new": "New business",
    "aob": "Any other business and next meeting",
}


@dataclass(frozen=True)
class Step:
    kind: str  # attendance | action | area | new | aob
    key: str | None = None  # the action id or area id
    index: int = 0  # position within its section, from 1
    count: int = 1  # size of its section

    @property
    def section(self) -> str:
        return SECTIONS[self.kind]

    @property
    def label(self) -> str:
        return self.section if self.count == 1 else f"{self.section} ({self.index} of {self.count})"


def build_agenda(minutes: Minutes, areas_by_concern: list[str]) -> list[Step]:
    """Carried-forward actions are those raised before this meeting, in the order they are due."""
    carried = sorted(
        (a for a in minutes.actions if a.raised < minutes.meeting.date), key=lambda a: (a.due, a.id)
    )
    steps = [Step("attendance")]
    steps += [Step("action", a.id, i, len(carried)) for i, a in enumerate(carried, 1)]
    steps += [Step("area", area, i, len(areas_by_concern)) for i, area in enumerate(areas_by_concern, 1)]
    steps += [Step("new"), Step("aob")]
    return steps


LONGEST_BOX = 120  # minutes


def time_boxes(saved: Any) -> dict[str, timedelta]:
    """The time box of each kind of step: the defaults, with the whole minutes saved in the
    settings (a hand-edited value that is not a number from 1 to 120 is ignored)."""
    boxes = dict(TIME_BOXES)
    if isinstance(saved, Mapping):
        for kind, minutes in saved.items():
            if kind in boxes and type(minutes) is int and 1 <= minutes <= LONGEST_BOX:
                boxes[kind] = timedelta(minutes=minutes)
    return boxes


def clock_text(elapsed: timedelta) -> str:
    seconds = max(int(elapsed.total_seconds()), 0)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
