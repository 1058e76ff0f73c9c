"""Moving between views, on the `Navigation` object alone: no app, no Pilot (the keys
themselves are walked in test_key_walk.py and test_operation.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from psg_tui.app.navigation import Navigation
from psg_tui.core.operations import Operation


class Host:
    """The dashboard's public state, as the navigation reads and sets it."""

    def __init__(self, order: list[str], operations: list[Operation] | None = None) -> None:
        self.current_mode = "overview"
        self.area_id: str | None = None
        self.operation_id: str | None = None
        self.rank_by_rate = False
        self.area_order = order
        self.overview_rows: dict[str, dict[str, Any]] = {}
        self.operations = operations or []
        self.within: dict[str, set[str]] = {}
        self.told: list[str] = []

    def switch_mode(self, mode: str) -> None:
        self.current_mode = mode

    def show_area(self, area_id: str) -> None:
        self.area_id = area_id
        self.current_mode = "area"

    def area_label(self, area_id: str) -> str:
        return area_id

    def notify(self, message: str, **_: Any) -> None:
        self.told.append(message)


def test_a_side_view_goes_back_to_the_view_it_was_opened_from() -> None:
    host = Host(["a", "b"])
    navigation = Navigation(host)
    host.current_mode = "tracker"
    navigation.toggle("pictures")
    assert host.current_mode == "pictures"
    navigation.toggle("district")  # from the graphs to the district, and back to the graphs
    navigation.leave("district")
    assert host.current_mode == "pictures"
    navigation.toggle("pictures")
    assert host.current_mode == "tracker"


def test_a_side_view_opened_from_itself_still_goes_back_to_where_the_chair_was() -> None:
    host = Host(["a"])
    navigation = Navigation(host)
    host.current_mode = "agenda"
    navigation.open("district")
    navigation.open("district")
    navigation.leave("district")
    assert host.current_mode == "agenda"


def test_n_and_p_wrap_round_the_order_and_wait_for_it() -> None:
    host = Host([])
    navigation = Navigation(host)
    navigation.step_area(1)
    assert host.area_id is None and host.told == ["The areas are still loading."]
    host.area_order = ["a", "b", "c"]
    navigation.step_area(-1)
    assert host.area_id == "c"
    navigation.step_area(1)
    assert host.area_id == "a" and host.current_mode == "area"


def test_o_steps_through_the_operations_of_the_area() -> None:
    def operation(op_id: str, area: str) -> Operation:
        return Operation(op_id, op_id, date(2026, 1, 1), None, (area,), (), None, None)

    host = Host(["a"], [operation("op-1", "a"), operation("op-2", "b"), operation("op-3", "a")])
    navigation = Navigation(host)
    host.area_id = "a"
    navigation.next_operation()
    assert (host.current_mode, host.operation_id) == ("operation", "op-1")
    navigation.next_operation()
    assert host.operation_id == "op-3"
    navigation.next_operation()
    assert host.operation_id == "op-1"
    navigation.leave("operation")
    assert host.current_mode == "overview"
