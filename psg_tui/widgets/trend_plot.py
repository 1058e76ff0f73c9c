"""The trend picture: incidents per month over two years, with the year before as a second line.

Imports plotext (through textual-plotext): only the pictures screen loads this module, and
only when it is first shown.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult, RenderResult
from textual.containers import Vertical
from textual.widgets import Static
from textual_plotext import PlotextPlot

from psg_tui.widgets import plotext_stable  # noqa: F401  (repeatable drawings)
from psg_tui.widgets.charts import TrendSeries, month_ticks, nice_ticks, trend_floor, year_on_year

INCIDENTS_COLOUR = (0, 200, 255)
YEAR_BEFORE_COLOUR = (160, 160, 170)
LATEST_COLOUR = (255, 214, 10)
LATEST_MARKER = "◆"


def _rich(colour: tuple[int, int, int]) -> str:
    return "rgb({},{},{})".format(*colour)


class TrendPlot(PlotextPlot):
    """The chart itself; the panel around it carries the legend and the figures as text."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.series: TrendSeries | None = None

    def show(self, series: TrendSeries) -> None:
        self.series = series
        self.refresh()

    def render(self) -> RenderResult:
        plt = self.plt
        plt.clear_figure()
        series = self.series
        if series is not None and series.months:
            x = list(range(len(series.months)))
            # Months without data are left out of the lines, not drawn as zeros.
            plt.plot(*series.known(series.year_before), marker="dot", color=YEAR_BEFORE_COLOUR)
            plt.plot(*series.known(series.incidents), marker="hd", color=INCIDENTS_COLOUR)
            if series.incidents[-1] is not None:
                plt.scatter([x[-1]], [series.incidents[-1]], marker=LATEST_MARKER, color=LATEST_COLOUR)
            values = [v for v in (*series.incidents, *series.year_before) if v is not None]
            most = max(self.size.height // 4, 2)
            ticks = nice_ticks(max(values, default=0), most, bottom=trend_floor(values))
            plt.ylim(ticks[0], ticks[-1])
            plt.yticks(ticks, [f"{t:,}" for t in ticks])  # type: ignore[arg-type]  # stub: list[float], takes ints
            plt.xlim(0, len(x) - 1)
            axis = len(f"{ticks[-1]:,}") + 3  # the y labels and the frame
            plt.xticks(*month_ticks(series.months, self.size.width - axis))  # type: ignore[arg-type]  # the same
        return super().render()


class TrendPanel(Vertical):
    """'Incidents per month': the chart, a legend naming each line, the latest figures as text."""

    DEFAULT_CSS = """
    TrendPanel {
        border: round $primary 60%;
        border-title-color: $text;
        border-title-style: bold;
        padding: 0 1;
    }
    TrendPanel #trend-legend { height: auto; }
    TrendPanel .empty { color: $text-muted; height: auto; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="trend-legend")
        yield TrendPlot(id="trend-plot")
        yield Static("", classes="empty")

    def on_mount(self) -> None:
        self.border_title = "Incidents per month"

    @property
    def series(self) -> TrendSeries | None:
        return self.query_one(TrendPlot).series

    def show_loading(self) -> None:
        """Said at once while the months load."""
        self.query_one(TrendPlot).display = False
        empty = self.query_one(".empty", Static)
        empty.update(Text("Loading the trend…", style="italic"))
        empty.display = True

    def show(self, series: TrendSeries) -> None:
        plot = self.query_one(TrendPlot)
        empty = self.query_one(".empty", Static)
        latest = series.latest
        if latest is not None:
            self.border_title = f"Incidents per month: {len(series.months)} months to {latest[0]:%b %Y}"
        if series.is_empty or latest is None:
            plot.series = None
            plot.display = False
            self.query_one("#trend-legend", Static).update("")
            empty.update("No incidents in these months.")
            empty.display = True
            return
        empty.display = False
        plot.display = True
        self.query_one("#trend-legend", Static).update(self._legend(series))
        plot.show(series)

    @staticmethod
    def _legend(series: TrendSeries) -> Text:
        month, now, before = series.latest or (None, 0, 0)
        now_text, before_text, change = year_on_year(now, before)
        return Text.assemble(
            ("▄▀ ", _rich(INCIDENTS_COLOUR)),
            "Incidents   ",
            ("•• ", _rich(YEAR_BEFORE_COLOUR)),
            "Same month a year earlier\n",
            (f"{LATEST_MARKER} ", _rich(LATEST_COLOUR)),
            (f"{month:%b %Y}: {now_text}", "bold"),
            f" (a year earlier {before_text}, {change})" if change else f" (a year earlier: {before_text})",
        )
