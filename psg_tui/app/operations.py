"""Getting to the operation view: `O` steps through the operations working in the current area,
the palette opens one by name, `b` goes back to where the chair came from.

A mixin of `PsgApp` (which holds the reactive `operation_id`, the `O` binding and the list of
operations read from the database), kept here so the app module stays a composition.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from psg_tui.core.operations import Operation


class OperationNavigation:
    """Which operation the view shows, and the ring `O` steps through."""

    operations: list[Operation]
    _operation_ring: list[str]
    _before_operation: str

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
            self.show_operation(ring[(ring.index(self.operation_id) + 1) % len(ring)])
            return
        here = self.operations_in(self.area_id)
        if self.area_id is not None and self.operations and not here:
            self.notify(f"No operation works in {self.area_label(self.area_id)}: showing every operation.")
        self._operation_ring = [o.id for o in (here or self.operations)]
        self.show_operation(self._operation_ring[0] if self._operation_ring else None)

    def action_leave_operation(self) -> None:
        self.switch_mode(self._before_operation if self._before_operation != "operation" else "overview")
