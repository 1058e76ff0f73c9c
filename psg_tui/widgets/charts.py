"""What the pictures screen draws, worked out before anything is drawn.

This module never imports plotext, so the tests can check the figures behind the charts
without paying for the plotting library;
`trend_plot.py` and `hotspot_map.py` do the drawing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

LOCATION_PREFIX = "On or near "
# Coordinates outside Great Britain and Northern Ireland are typing errors in an extract;
# one would squash the whole map into a corner, so they are left out and counted.
UK_LATITUDE = (49.0, 61.5)
UK_LONGITUDE = (-8.7, 2.0)
KM_PER_DEGREE = 111.32
TOP_PLACES = 5


def short_location(text: str) -> str:
    """'On or near High Street' -> 'High Street': the key says 'on or near' once."""
    return text[len(LOCATION_PREFIX) :] if text.startswith(LOCATION_PREFIX) else text


# -- the trend ------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendSeries:
    """Incidents per month, with the same month a year earlier beside each; None for a
    month without data, which is drawn as a gap rather than as a zero."""

    months: tuple[date, ...]
    incidents: tuple[int | None, ...]
    year_before: tuple[int | None, ...]

    @classmethod
    def from_rows(cls, rows: Iterable[dict[str, Any]]) -> TrendSeries:
        rows = list(rows)
        return cls(
            tuple(r["month"] for r in rows),
            tuple(_count(r["incidents"]) for r in rows),
            tuple(_count(r.get("year_before")) for r in rows),
        )

    @property
    def is_empty(self) -> bool:
        return not any(self.incidents) and not any(self.year_before)

    @property
    def latest(self) -> tuple[date, int | None, int | None] | None:
        """The latest month, its incidents and the same month a year earlier."""
        if not self.months:
            return None
        return self.months[-1], self.incidents[-1], self.year_before[-1]

    @staticmethod
    def known(values: tuple[int | None, ...]) -> tuple[list[int], list[int]]:
        """The positions and values of the months that have data, for plotting."""
        pairs = [(i, v) for i, v in enumerate(values) if v is not None]
        return [i for i, _ in pairs], [v for _, v in pairs]


def _count(value: Any) -> int | None:
    return None if value is None else int(value)


def year_on_year(now: float | None, before: float | None) -> tuple[str, str, str | None]:
    """This month, the same month a year earlier and the change ('▲ +47') as text; a month
    without data says 'no data', and then there is no change to state."""
    if now is None or before is None:
        return (
            ("no data" if now is None else f"{now:,}"),
            ("no data" if before is None else f"{before:,}"),
            None,
        )
    diff = now - before
    arrow = "▲" if diff > 0 else "▼" if diff < 0 else "="
    return f"{now:,}", f"{before:,}", f"{arrow} {diff:+,}"


def nice_ticks(top: int, most: int = 5, bottom: int = 0) -> list[int]:
    """Whole-number axis marks covering bottom..top, at a step of 1, 2 or 5 times a power of 10."""
    top = max(top, bottom + 1)
    raw = (top - bottom) / max(most - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = max(int(next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)), 1)
    start = bottom // step * step
    return list(range(start, math.ceil(top / step) * step + 1, step))


def trend_floor(values: Iterable[int]) -> int:
    """Where the trend's y axis starts: 0, unless every month is well above it, when a
    zero-based axis would flatten the changes the room is discussing. The axis labels say so."""
    values = list(values)
    low, high = min(values, default=0), max(values, default=0)
    return 0 if low <= 0 or low < high * 0.4 else max(int(low - (high - low) * 0.2), 0)


def month_ticks(months: tuple[date, ...], width: int) -> tuple[list[int], list[str]]:
    """Which months to label on an x axis `width` cells wide, counting back from the latest
    (which is always labelled), and their labels: 'Oct 2026' if there is room, else "Oct '26"."""
    if not months:
        return [], []
    per_month = width / max(len(months), 1)
    for fmt in ("%b %Y", "%b '%y"):
        need = len(months[-1].strftime(fmt)) + 2
        step = next((s for s in (1, 2, 3, 4, 6, 12) if s * per_month >= need), None)
        if step is not None:
            break
    else:
        fmt, step = "%b '%y", len(months)
    positions = list(range(len(months) - 1, -1, -step))[::-1]
    return positions, [months[p].strftime(fmt) for p in positions]


# -- the hotspot map ------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """A police.uk snap point (or an extract's own coordinates) and its incidents."""

    location: str | None
    latitude: float
    longitude: float
    count: int


@dataclass(frozen=True)
class HotspotData:
    """An area's incidents in one window, by place, and how many could not be placed."""

    places: tuple[Place, ...]
    left_out: int

    @classmethod
    def from_rows(cls, rows: Iterable[dict[str, Any]], window: str) -> HotspotData:
        """`rows` as area_points.sql returns them; `window` is the count column to use."""
        places: list[Place] = []
        left_out = 0
        for row in rows:
            count = int(row[window] or 0)
            if not count:
                continue
            lat, lon = row["latitude"], row["longitude"]
            if lat is None or lon is None or not _in_uk(lat, lon):
                left_out += count
                continue
            places.append(Place(row["location"], float(lat), float(lon), count))
        places.sort(key=lambda p: (-p.count, p.location or "", p.latitude, p.longitude))
        return cls(tuple(places), left_out)

    @property
    def placed(self) -> int:
        return sum(p.count for p in self.places)

    @property
    def total(self) -> int:
        return self.placed + self.left_out

    def top(self, n: int = TOP_PLACES) -> list[Place]:
        """The busiest locations by name (as the Repeat locations panel counts them), each
        drawn at its busiest snap point: one street can have several."""
        by_name: dict[str, list[Place]] = {}
        for place in self.places:
            if place.location:
                by_name.setdefault(place.location, []).append(place)
        ranked = sorted(by_name.items(), key=lambda item: (-sum(p.count for p in item[1]), item[0]))
        return [
            Place(name, points[0].latitude, points[0].longitude, sum(p.count for p in points))
            for name, points in ranked[:n]
        ]


def _in_uk(latitude: float, longitude: float) -> bool:
    return UK_LATITUDE[0] <= latitude <= UK_LATITUDE[1] and UK_LONGITUDE[0] <= longitude <= UK_LONGITUDE[1]


@dataclass(frozen=True)
class Bounds:
    west: float
    east: float
    south: float
    north: float

    @property
    def width_km(self) -> float:
        middle = math.radians((self.south + self.north) / 2)
        return (self.east - self.west) * KM_PER_DEGREE * math.cos(middle)


MIN_SPAN_DEGREES = 0.004  # about 450 m: one snap point still gets a street's worth of map


def fit_bounds(places: Iterable[Place], cols: int, rows: int, cell_aspect: float = 2.0) -> Bounds:
    """The map's edges: every place inside, with a margin, and true shape on screen.

    A degree of longitude is cos(latitude) of a degree of latitude (0.58 at Stockton), and
    a terminal cell is about `cell_aspect` times as tall as it is wide, so the span that
    fits less well sets the scale and the other is widened to match.
    """
    places = list(places)
    if not places:
        return Bounds(-1.0, 1.0, -1.0, 1.0)
    lats = [p.latitude for p in places]
    lons = [p.longitude for p in places]
    k = math.cos(math.radians((min(lats) + max(lats)) / 2))
    lat_span = max(max(lats) - min(lats), MIN_SPAN_DEGREES) * 1.08
    lon_span = max(max(lons) - min(lons), MIN_SPAN_DEGREES / k) * 1.08
    across = max(cols - 1, 1)  # cell steps across and down the canvas
    down = max(rows - 1, 1) * cell_aspect
    scale = min(across / (lon_span * k), down / lat_span)  # screen units per degree of latitude
    half_lon = across / scale / k / 2
    half_lat = down / scale / 2
    mid_lon = (min(lons) + max(lons)) / 2
    mid_lat = (min(lats) + max(lats)) / 2
    return Bounds(mid_lon - half_lon, mid_lon + half_lon, mid_lat - half_lat, mid_lat + half_lat)


def cell_of(place: Place, bounds: Bounds, cols: int, rows: int) -> tuple[int, int]:
    """The canvas cell (column from the west, row from the south) a place falls in."""
    col = round((place.longitude - bounds.west) / (bounds.east - bounds.west) * (cols - 1))
    row = round((place.latitude - bounds.south) / (bounds.north - bounds.south) * (rows - 1))
    return min(max(col, 0), cols - 1), min(max(row, 0), rows - 1)


def cell_centre(cell: tuple[int, int], bounds: Bounds, cols: int, rows: int) -> tuple[float, float]:
    """(longitude, latitude) of a cell's centre: where a marker lands exactly on that cell."""
    col, row = cell
    lon = bounds.west + col / max(cols - 1, 1) * (bounds.east - bounds.west)
    lat = bounds.south + row / max(rows - 1, 1) * (bounds.north - bounds.south)
    return lon, lat


def bin_places(places: Iterable[Place], bounds: Bounds, cols: int, rows: int) -> dict[tuple[int, int], int]:
    """Incidents per canvas cell: what 'dense' means at this size of map."""
    cells: dict[tuple[int, int], int] = {}
    for place in places:
        cell = cell_of(place, bounds, cols, rows)
        cells[cell] = cells.get(cell, 0) + place.count
    return cells


@dataclass(frozen=True)
class Band:
    """A range of incidents per cell, drawn with its own marker (bigger for denser) and colour."""

    low: int
    high: int
    marker: str
    colour: tuple[int, int, int]
    name: str

    @property
    def label(self) -> str:
        return f"{self.low:,}" if self.low == self.high else f"{self.low:,}–{self.high:,}"


# Marker size carries the density as well as colour does: nothing depends on colour alone.
BAND_STYLES = (
    ("·", (150, 160, 175), "few"),
    ("•", (255, 214, 10), "some"),
    ("●", (255, 140, 0), "many"),
    ("█", (255, 60, 60), "densest"),
)


def density_bands(densest: int) -> list[Band]:
    """Up to four bands from 1 to the densest cell's count, the top one the densest places."""
    if densest <= 0:
        return []
    if densest <= len(BAND_STYLES):
        edges = list(range(1, densest + 1))
    else:
        raw = [
            1,
            max(2, math.ceil(densest / 8)),
            max(3, math.ceil(densest / 3)),
            max(4, math.ceil(densest * 2 / 3)),
        ]
        edges = sorted(set(raw))
    styles = BAND_STYLES[-len(edges) :]
    highs = [e - 1 for e in edges[1:]] + [densest]
    return [
        Band(low, high, marker, colour, name)
        for low, high, (marker, colour, name) in zip(edges, highs, styles, strict=True)
    ]


def band_for(count: int, bands: list[Band]) -> Band:
    return next((b for b in reversed(bands) if count >= b.low), bands[0])
