"""The perception gap as the room reads it: per topic, the share agreeing in each wave with its
95% interval, the matching incidents recorded in the year before each wave, and the verdict,
a gap ("concern rising while recorded incidents fall") marked with ⚑ as well as colour.

Wave labels and topic labels come from files the analyst wrote: they are drawn as text, never
markup, through the screen's `shown` (masked in privacy mode).
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text

from psg_tui.core.perception import TopicGap, wave_text
from psg_tui.widgets.cells import literal

GAP_STYLE = "bold black on #ffb300"
SHOWN_WAVES = 3  # the latest waves shown on a topic's line; the verdict compares the last two


def perception_text(gaps: list[TopicGap], shown: Callable[[str], str] = str) -> Text:
    text = Text()
    for i, gap in enumerate(gaps):
        if i:
            text.append("\n")
        text.append_text(literal(shown(gap.label), "bold"))
        text.append("\n  ")
        for j, wave in enumerate(gap.waves[-SHOWN_WAVES:]):
            if j:
                text.append(" → ", style="dim")
            text.append_text(literal(shown(wave.wave), "dim"))
            text.append(f" {wave_text(wave)}")
        change = gap.change
        if change is not None:
            d, low, high = change
            text.append(f"  {_points(d)} pts ({_points(low)} to {_points(high)})", style="dim")
        text.append("\n  ")
        text.append_text(_incidents(gap))
        text.append("  ")
        if gap.is_gap:
            text.append(f"⚑ {gap.verdict}", style=GAP_STYLE)
        else:
            text.append(gap.verdict, style="italic")
    return text


def _points(share: float) -> str:
    """A change in share as percentage points: '+13', '−5' (a true minus sign), '0'."""
    points = round(share * 100)
    return f"{points:+d}".replace("-", "−") if points else "0"


def _incidents(gap: TopicGap) -> Text:
    if not gap.mapped:
        return Text("No matching incident categories in the topics file.", style="dim")
    counts = [w.incidents for w in gap.waves[-SHOWN_WAVES:]]
    shown = " → ".join("–" if c is None else f"{c:,}" for c in counts)
    text = Text("Recorded in the year before: ", style="dim")
    text.append(shown, style="bold")
    trend = gap.incidents_trend
    if trend is not None:
        text.append(f" ({'steady' if trend == 'steady' else trend})", style="dim")
    return text
