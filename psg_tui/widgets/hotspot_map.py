"""The hotspot map: an area's incidents drawn where they happened, densest places picked out.

Incidents are binned into the map's own character cells, so 'dense' means dense at the size
the room sees; each cell is drawn with a marker whose size and colour say how many it holds,
and the busiest locations carry their rank. Imports plotext (through textual-plotext): only
the pictures screen loads this module, and only when it is first shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult, RenderResult
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.message import Message
from textual.widgets import Static
from textual_plotext import PlotextPlot

from psg_tui.core.periods import Period
from psg_tui.widgets import plotext_stable  # noqa: F401  (repeatable drawings)
from psg_tui.widgets.cells import literal
from psg_tui.widgets.charts import (
    Band,
    Bounds,
    HotspotData,
    Place,
    band_for,
    bin_places,
    cell_centre,
    cell_of,
    density_bands,
    fit_bounds,
    short_location,
)
from psg_tui.widgets.shown import shown_for

RANK_STYLE = "bold reverse"
WINDOWS = {"period": "this_period", "year": "last_12_months"}


def _rich(colour: tuple[int, int, int]) -> str:
    return "rgb({},{},{})".format(*colour)


@dataclass
class MapLayout:
    """The map at one size: its edges, incidents per cell, the density bands and where each
    top place's rank goes."""

    cols: int
    rows: int
    bounds: Bounds
    cells: dict[tuple[int, int], int]
    bands: list[Band]
    ranks: dict[tuple[int, int], list[int]] = field(default_factory=dict)

    @classmethod
    def build(cls, data: HotspotData, top: list[Place], cols: int, rows: int) -> MapLayout:
        bounds = fit_bounds(data.places, cols, rows)
        cells = bin_places(data.places, bounds, cols, rows)
        bands = density_bands(max(cells.values(), default=0))
        ranks: dict[tuple[int, int], list[int]] = {}
        for rank, place in enumerate(top, start=1):
            ranks.setdefault(cell_of(place, bounds, cols, rows), []).append(rank)
        return cls(cols, rows, bounds, cells, bands, ranks)


class HotspotPlot(PlotextPlot):
    """The map itself: no axes (degrees mean nothing to the room), a frame, markers by density."""

    class LaidOut(Message):
        """The map was laid out afresh (new data or a new size): the key should follow."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.data: HotspotData | None = None
        self.top: list[Place] = []
        self.map_layout: MapLayout | None = None

    def show(self, data: HotspotData, top: list[Place]) -> None:
        self.data, self.top = data, top
        self._lay_out()

    def on_resize(self, _: Resize) -> None:
        self._lay_out()

    def _lay_out(self) -> None:
        cols, rows = self.size.width - 2, self.size.height - 2  # inside the frame
        if self.data is None or not self.data.places or cols < 2 or rows < 2:
            self.map_layout = None
        else:
            self.map_layout = MapLayout.build(self.data, self.top, cols, rows)
        self.post_message(self.LaidOut())
        self.refresh()

    def render(self) -> RenderResult:
        plt = self.plt
        plt.clear_figure()
        layout = self.map_layout
        if layout is not None and (layout.cols, layout.rows) == (self.size.width - 2, self.size.height - 2):
            bounds, cols, rows = layout.bounds, layout.cols, layout.rows
            plt.xlim(bounds.west, bounds.east)
            plt.ylim(bounds.south, bounds.north)
            plt.xticks([])
            plt.yticks([])
            for band in layout.bands:
                centres = [
                    cell_centre(cell, bounds, cols, rows)
                    for cell, count in layout.cells.items()
                    if band_for(count, layout.bands) is band
                ]
                if centres:
                    xs, ys = zip(*centres, strict=True)
                    plt.scatter(list(xs), list(ys), marker=band.marker, color=band.colour)
            for cell, ranks in layout.ranks.items():
                x, y = cell_centre(cell, bounds, cols, rows)
                label = ",".join(str(r) for r in ranks)
                # the rank stands on its cell, on the colour of the cell's density band
                band = band_for(layout.cells.get(cell, 1), layout.bands)
                plt.text(label, x, y, color=(0, 0, 0), background=band.colour, style="bold")
        return super().render()


def year_label(period: Period, held: tuple[Period, ...] | None) -> str:
    """The 12 months to `period`, naming only the months the database holds: 'Sep 2020 to Aug
    2021'; 'Aug 2021 only (1 of the 12 months held)'; 'Jan 2021 to Aug 2021 (8 of the 12 months
    held)'. A month not held is said, never counted as a month of nothing."""
    first = period.shift(-11)
    if held is None:
        return f"{first.label} to {period.label}"
    months = [m for m in held if first <= m <= period]
    if len(months) == 12:
        return f"{first.label} to {period.label}"
    if not months:
        return f"the 12 months to {period.label} (none held)"
    span = f"{months[0].label} only" if len(months) == 1 else f"{months[0].label} to {months[-1].label}"
    return f"{span} ({len(months)} of the 12 months held)"


class HotspotPanel(Vertical):
    """The map with its key: the top places by name and count, what each marker means, and
    how many incidents could not be placed."""

    DEFAULT_CSS = """
    HotspotPanel {
        border: round $primary 60%;
        border-title-color: $text;
        border-title-style: bold;
        padding: 0 1;
    }
    HotspotPanel #map-body { height: 1fr; }
    HotspotPanel HotspotPlot { width: 1fr; height: 1fr; }
    HotspotPanel .empty { width: 1fr; height: 1fr; color: $text-muted; }
    HotspotPanel #map-key { width: 30; height: auto; padding-left: 1; }
    HotspotPanel #map-key > Static { height: auto; }
    /* key-below: the key runs in two columns under the map, leaving the map the panel's width */
    HotspotPanel.key-below #map-body { layout: vertical; }
    HotspotPanel.key-below #map-key { width: 1fr; layout: horizontal; padding: 0; }
    HotspotPanel.key-below #map-key > Static { width: 1fr; padding-right: 2; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[dict[str, Any]] = []
        self.period: Period | None = None
        self.held: tuple[Period, ...] | None = None  # the months the database holds (None: not known)
        self.window = "period"
        self.data: HotspotData | None = None
        self.top: list[Place] = []

    def compose(self) -> ComposeResult:
        with Horizontal(id="map-body"):
            yield HotspotPlot(id="map-plot")
            yield Static("", classes="empty")
            with Vertical(id="map-key"):
                yield Static(id="map-key-places")
                yield Static(id="map-key-bands")

    def on_mount(self) -> None:
        self.border_title = "Where"
        self.query_one(".empty", Static).display = False

    def show(
        self, rows: list[dict[str, Any]], period: Period, held: tuple[Period, ...] | None = None
    ) -> None:
        """Rows as area_points.sql returns them, for the period they were counted for; `held`,
        the months the database holds, so the 12-month window names only those."""
        self.rows, self.period, self.held = rows, period, held
        self._update()

    def show_loading(self) -> None:
        """Said at once while the points load and the map is drawn (a big month takes seconds)."""
        self.query_one(HotspotPlot).display = False
        empty = self.query_one(".empty", Static)
        empty.update(Text("Loading the map…", style="italic"))
        empty.display = True
        for key in self.query("#map-key Static").results(Static):
            key.update("")  # the last area's places must not stand beside the new one

    def set_window(self, window: str) -> None:
        """'period' (the reporting month) or 'year' (the 12 months to it)."""
        self.window = window
        self._update()

    def window_label(self) -> str:
        if self.period is None:
            return ""
        if self.window == "year":
            return year_label(self.period, self.held)
        return self.period.label

    def redraw(self) -> None:
        """Draw the map and key again from the rows already loaded (privacy mode changed)."""
        self._update()

    def _update(self) -> None:
        if self.period is None:
            return
        self.data = HotspotData.from_rows(self.rows, WINDOWS[self.window])
        self.top = self.data.top()
        self.border_title = f"Where: {self.window_label()}"
        plot = self.query_one(HotspotPlot)
        empty = self.query_one(".empty", Static)
        has_places = bool(self.data.places)
        plot.display = has_places
        empty.display = not has_places
        when = "in the last 12 months" if self.window == "year" else "in this period"
        empty.update(f"No incidents with coordinates {when}.")
        plot.show(self.data, self.top)

    def on_hotspot_plot_laid_out(self, _: HotspotPlot.LaidOut) -> None:
        self.query_one("#map-key-places", Static).update(self.key_places())
        self.query_one("#map-key-bands", Static).update(self.key_bands())

    def _shown(self, text: str) -> str:
        """Location labels as the screen may show them: privacy mode hides street addresses."""
        return shown_for(self).shown(text)

    def key_places(self) -> Group:
        """The window's total and its top places by name and count, as on the map."""
        data = self.data or HotspotData((), 0)
        parts: list[Any] = [Text(f"{self.window_label()}: {data.total:,} incidents", style="bold")]
        if self.top:
            parts.append(Text("Top places (on or near):"))
            table = Table.grid(padding=(0, 1), expand=True)
            table.add_column(no_wrap=True)
            table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
            table.add_column(justify="right", no_wrap=True)
            for rank, place in enumerate(self.top, start=1):
                name = short_location(self._shown(place.location or ""))
                table.add_row(Text(str(rank), style=RANK_STYLE), literal(name), f"{place.count:,}")
            parts.append(table)
        return Group(*parts)

    def key_bands(self) -> Group:
        """What each marker means in incidents per cell, the map's scale and what was left out."""
        data = self.data or HotspotData((), 0)
        parts: list[Any] = []
        plot = self.query_one(HotspotPlot)
        if plot.map_layout is not None and plot.map_layout.bands:
            parts.append(Text("Incidents per map cell:"))
            for band in reversed(plot.map_layout.bands):
                parts.append(
                    Text.assemble(
                        (f" {band.marker} ", _rich(band.colour)), f"{band.label}", (f"  {band.name}", "dim")
                    )
                )
            parts.append(Text(f"Map about {plot.map_layout.bounds.width_km:.1f} km across", style="dim"))
        if data.left_out:
            parts.append(Text(f"Left out (no coordinates): {data.left_out:,}", style="italic"))
        return Group(*parts)
