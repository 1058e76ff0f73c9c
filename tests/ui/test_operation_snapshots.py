"""The operation view at a projector's 80x24 and a wide 200x60, on the fixture database of
tests/data/operations.sql, whose figures are small enough to check by hand.

Review changed images with `pytest tests/ui/test_operation_snapshots.py --snapshot-update` and
look at the SVGs in tests/ui/__snapshots__/ before committing them.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from psg_tui.app import PsgApp, make_app
from tests.ops_fixture import build_ops
from tests.ui.screen import settle_screen

SIZES = [(80, 24), (200, 60)]
size_ids = pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")


@pytest.fixture
def ops_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> PsgApp:
    monkeypatch.chdir(tmp_path)  # the minutes path on screen is then just its name
    return make_app(
        build_ops(tmp_path / "ops.duckdb"),
        minutes=Path("minutes.toml"),
        today=date(2026, 11, 19),
        clock=lambda: datetime(2026, 11, 19, 10, 0),
    )


def keys_then_settle(*keys: str):
    async def run_before(pilot) -> None:
        await settle_screen(pilot)
        for key in keys:
            await pilot.press(key)
            await settle_screen(pilot)

    return run_before


@size_ids
def test_operation_view(snap_compare, ops_app: PsgApp, size: tuple[int, int]) -> None:
    assert snap_compare(ops_app, terminal_size=size, run_before=keys_then_settle("O"))


@size_ids
def test_operation_view_privacy(snap_compare, ops_app: PsgApp, size: tuple[int, int]) -> None:
    """Operation Mid's aims name a man and his address: initials and 'address hidden'."""
    assert snap_compare(ops_app, terminal_size=size, run_before=keys_then_settle("O", "O", "h"))
