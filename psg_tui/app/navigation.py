"""Moving between views: `O` steps through the operations working in the current area (the
palette opens one by name), `D` opens the district view, `b` goes back to where the chair came
from, and `s` ranks the overview (which `n` and `p` follow) by rate per 1,000 or by concern.

A mixin of `PsgApp` (which holds the reactives `operation_id` and `rank_by_rate`, the bindings
and what was read from the database), kept here so the app module stays a composition.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from psg_tui.core.rates import NO_POPULATION_HINT, has_population, has_rates

if TYPE_CHECKING:
    from psg_tui.core.operations import Operation


class ViewNavigation:
    """Which operation the view shows (and the ring `O` steps through), the district view, the ranking."""

    operations: list[Operation]
    _operation_ring: list[str]
    _before_operation: str
    _before_district: str
    rank_by_rate: bool
    overview_rows: dict[str, dict]

    def operations_in(self, area_id: str | None) -> list[Operation]:
        """The operations working in an area: in it, in an area inside it (a ward's hotspot) or
        in an area it lies inside."""
        if area_id is None:
            return []
        around = self.areas_within(area_id) | {
            outer for outer, inner in self._within.items() if area_id in inner
        }
        return [o for o in self.operations if around & set(o.area_ids)]

    def show_operation(self, operation_id: str | None) -> None:
        """Open the operation view on one operation (None: the first, or the note that there are none)."""
        if self.current_mode != "operation":
            self._before_operation = self.current_mode
        if operation_id not in self._operation_ring:
            self._operation_ring = [o.id for o in self.operations]
        self.operation_id = operation_id
        self.switch_mode("operation")

    def action_operation(self) -> None:
        """O: the operations working in the current area, one after another (all of them when
        none works there, or no area is chosen yet)."""
        if self.current_mode == "operation" and self.operation_id in self._operation_ring:
            ring = self._operation_ring
            if len(ring) == 1:
                self.notify("No other operation to show here: b goes back.", timeout=4)
                return
            self.show_operation(ring[(ring.index(self.operation_id) + 1) % len(ring)])
            return
        here = self.operations_in(self.area_id)
        if self.area_id is not None and self.operations and not here:
            self.notify(f"No operation works in {self.area_label(self.area_id)}: showing every operation.")
        self._operation_ring = [o.id for o in (here or self.operations)]
        self.show_operation(self._operation_ring[0] if self._operation_ring else None)

    def action_leave_operation(self) -> None:
        self.switch_mode(self._before_operation if self._before_operation != "operation" else "overview")

    def action_toggle_ranking(self) -> None:
        """Rank the areas by incidents per 1,000 residents, or back by concern. Without any
        population data there is nothing to rank by, and the chair is told why."""
        if not self.rank_by_rate:
            rows = list(self.overview_rows.values())
            if not rows:
                self.notify("The areas are still loading.", timeout=2)
                return
            if not has_rates(rows):
                why = (
                    f"no area has a population yet: {NO_POPULATION_HINT}"
                    if not has_population(rows)
                    else "no area has a rate this period (no incident data, or too few residents)"
                )
                self.notify(f"Cannot rank by rate per 1,000 residents: {why}.", severity="warning", timeout=8)
                return
        self.rank_by_rate = not self.rank_by_rate
        if self.rank_by_rate:
            unrated = sum(1 for row in self.overview_rows.values() if row.get("rate") is None)
            after = f"; {unrated} area(s) without a rate come last" if unrated else ""
            self.notify(
                f"Areas ranked by incidents per 1,000 residents{after}. s ranks by concern again.", timeout=5
            )
        else:
            self.notify("Areas ranked by concern again.", timeout=3)

    def action_overview(self) -> None:
        self.switch_mode("overview")

    def action_tracker(self) -> None:
        self.switch_mode("tracker")

    def action_pictures(self) -> None:
        """g opens the graphs; g there goes back to the screen the chair came from."""
        if self.current_mode == "pictures":
            self.switch_mode(self._before_pictures)
            return
        self._before_pictures = self.current_mode
        self.switch_mode("pictures")

    def action_district(self) -> None:
        """D opens the district view; D there (or b) goes back to the screen the chair came from."""
        if self.current_mode == "district":
            self.action_leave_district()
            return
        self._before_district = self.current_mode
        self.switch_mode("district")

    def action_leave_district(self) -> None:
        self.switch_mode(self._before_district if self._before_district != "district" else "overview")
