"""A month-by-month bar chart drawn with block characters, readable on a projector."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.widget import Widget

from psg_tui.widgets.charts import year_on_year

BLOCKS = " ▁▂▃▄▅▆▇█"


def baseline(values: list[float]) -> int:
    """Where the bars start: zero, unless every month is well above it, when a zero-based
    chart would hide the month-to-month changes the room is discussing. The axis says so."""
    low, high = min(values), max(values)
    if low <= 0 or low < high * 0.4 or len(values) < 2:  # one month is no trend to magnify
        return 0
    floor = int(low * 0.8)
    magnitude: int = 10 ** max(len(str(floor)) - 2, 0)
    return floor // magnitude * magnitude


def render_bars(values: list[float | None], months: list[date], height: int, width: int) -> Text:
    """Bars for each month, the y axis on the left and month initials beneath; a month with
    no data (None) gets a dot, never a zero-height bar that reads as a quiet month."""
    known = [v for v in values if v is not None]
    if not known:
        return Text("No incidents to chart.", style="dim")
    top = max(max(known), 1)
    base = baseline(known)
    axis = max(len(f"{top:,}"), len(f"{base:,}")) + 1
    per = max(1, min(3, (width - axis) // max(len(values), 1)))
    if (width - axis) < len(values):  # too narrow for every month: keep the latest
        keep = max(width - axis, 1)
        values, months = values[-keep:], months[-keep:]
    bar_width = max(per - 1, 1) if per > 1 else 1
    gap = " " * (per - bar_width)
    span = max(top - base, 1)
    lines: list[Text] = []
    for row in range(height, 0, -1):
        label = (
            f"{top:,}".rjust(axis - 1) if row == height else (f"{base:,}".rjust(axis - 1) if row == 1 else "")
        )
        line = Text(label.ljust(axis), style="dim")
        for index, value in enumerate(values):
            if value is None:
                line.append(("·" if row == 1 else " ").ljust(bar_width) + gap, style="dim")
                continue
            # every month above the axis shows at least one row; an empty month shows nothing
            eighths = 0 if value <= 0 else round((value - base) / span * (height - 1) * 8) + 8
            fill = min(max(eighths - (row - 1) * 8, 0), 8)
            style = "bold cyan" if index == len(values) - 1 else "cyan"
            line.append(BLOCKS[fill] * bar_width + gap, style=style)
        lines.append(line)
    initials = "".join(m.strftime("%b")[0].ljust(per) for m in months)
    lines.append(Text(" " * axis + initials, style="dim"))
    first, last = months[0].strftime("%b %Y"), months[-1].strftime("%b %Y")
    note = f"{first} … {last}" + (f"   (axis starts at {base:,}, not 0)" if base else "")
    note += "   (· no data)" if None in values else ""
    lines.append(Text(" " * axis + note, style="dim"))
    return Text("\n").join(lines)


class TrendChart(Widget):
    """The area's incidents per month; the latest month is the bold bar."""

    DEFAULT_CSS = """
    TrendChart { height: 10; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.values: list[float | None] = []
        self.previous_year: list[float | None] = []
        self.months: list[date] = []

    def show(self, months: list[date], values: list[float | None], previous_year: list[float | None]) -> None:
        self.months, self.values, self.previous_year = months, values, previous_year
        self.refresh()

    def render(self) -> Text:
        chart = render_bars(self.values, self.months, max(self.size.height - 3, 2), self.size.width)
        if self.values and self.previous_year:
            now, before, change = year_on_year(self.values[-1], self.previous_year[-1])
            summary = Text(
                f"{self.months[-1]:%b %Y}: {now}  ·  a year earlier: {before}"
                + (f"  ({change})" if change else "")
            )
            summary.stylize("bold")
            chart = Text("\n").join([summary, chart])
        return chart
