"""Moving between views: `n` and `p` step through the areas in the overview's order, `O` steps
through the operations working in the current area (the palette opens one by name), `g` and
`D` open the graphs and the district view, `b` (or the same key again) goes back to the view
the chair came from, and `s` ranks the overview (which `n` and `p` follow) by rate per 1,000
or by concern.

`Navigation` is an object the app holds, as it holds the minutes controller and the blanker: it
keeps what moving needs remembering (where each side view was opened from, the ring `O` steps
through, whether the agenda was run) and reads and sets only the app's public meeting state.
"""

from __future__ import annotations

from typing import Any, Protocol

from psg_tui.app.hosts import Notifies
from psg_tui.core.operations import Operation, operations_in
from psg_tui.core.rates import NO_POPULATION_HINT, has_population, has_rates
from psg_tui.screens.context import STILL_LOADING, area_stepped

# Views the chair opens from another and leaves for the one they came from.
SIDE_VIEWS = ("operation", "pictures", "district")


class NavigationHost(Notifies, Protocol):
    """What moving between views needs of the dashboard."""

    area_id: str | None
    operation_id: str | None
    rank_by_rate: bool
    area_order: list[str]
    overview_rows: dict[str, dict[str, Any]]
    operations: list[Operation]
    within: dict[str, set[str]]

    @property
    def current_mode(self) -> str: ...

    def switch_mode(self, mode: str) -> Any: ...
    def show_area(self, area_id: str) -> None: ...
    def area_label(self, area_id: str) -> str: ...


class Navigation:
    def __init__(self, app: NavigationHost) -> None:
        self.app = app
        self._came_from = dict.fromkeys(SIDE_VIEWS, "overview")
        self._operation_ring: list[str] = []  # what O steps through: the operations of one area
        self.agenda_opened = False

    # -- side views: opened from a view, left for it ---------------------------

    def open(self, mode: str) -> None:
        """Show a side view, remembering the view it was opened from (not itself)."""
        if self.app.current_mode != mode:
            self._came_from[mode] = self.app.current_mode
        self.app.switch_mode(mode)

    def leave(self, mode: str) -> None:
        """Go back from a side view to the view it was opened from."""
        self.app.switch_mode(self._came_from[mode])

    def toggle(self, mode: str) -> None:
        """The side view's key opens it, and pressed there goes back."""
        if self.app.current_mode == mode:
            self.leave(mode)
        else:
            self.open(mode)

    # -- areas and the agenda --------------------------------------------------

    def step_area(self, step: int) -> None:
        area_id = area_stepped(self.app, step)
        if area_id is None:
            self.app.notify(STILL_LOADING, timeout=2)
            return
        self.app.show_area(area_id)

    def open_agenda(self) -> None:
        if not self.app.area_order:
            self.app.notify(STILL_LOADING, timeout=2)
            return
        self.agenda_opened = True
        self.app.switch_mode("agenda")

    # -- operations --------------------------------------------------------------

    def show_operation(self, operation_id: str | None) -> None:
        """Open the operation view on one operation (None: the first, or the note that there are none)."""
        if operation_id not in self._operation_ring:
            self._operation_ring = [o.id for o in self.app.operations]
        self.app.operation_id = operation_id
        self.open("operation")

    def next_operation(self) -> None:
        """O: the operations working in the current area, one after another (all of them when
        none works there, or no area is chosen yet)."""
        app = self.app
        if app.current_mode == "operation" and app.operation_id in self._operation_ring:
            ring = self._operation_ring
            if len(ring) == 1:
                app.notify("No other operation to show here: b goes back.", timeout=4)
                return
            self.show_operation(ring[(ring.index(app.operation_id) + 1) % len(ring)])
            return
        here = operations_in(app.operations, app.within, app.area_id)
        if app.area_id is not None and app.operations and not here:
            app.notify(f"No operation works in {app.area_label(app.area_id)}: showing every operation.")
        self._operation_ring = [o.id for o in (here or app.operations)]
        self.show_operation(self._operation_ring[0] if self._operation_ring else None)

    # -- the overview's ranking ------------------------------------------------

    def toggle_ranking(self) -> None:
        """Rank the areas by incidents per 1,000 residents, or back by concern. Without any
        population data there is nothing to rank by, and the chair is told why."""
        app = self.app
        if not app.rank_by_rate:
            rows = list(app.overview_rows.values())
            if not rows:
                app.notify(STILL_LOADING, timeout=2)
                return
            if not has_rates(rows):
                why = (
                    f"no area has a population yet: {NO_POPULATION_HINT}"
                    if not has_population(rows)
                    else "no area has a rate this period (no incident data, or too few residents)"
                )
                app.notify(f"Cannot rank by rate per 1,000 residents: {why}.", severity="warning", timeout=8)
                return
        app.rank_by_rate = not app.rank_by_rate
        if app.rank_by_rate:
            unrated = sum(1 for row in app.overview_rows.values() if row.get("rate") is None)
            after = f"; {unrated} area(s) without a rate come last" if unrated else ""
            app.notify(
                f"Areas ranked by incidents per 1,000 residents{after}. s ranks by concern again.", timeout=5
            )
        else:
            app.notify("Areas ranked by concern again.", timeout=3)
