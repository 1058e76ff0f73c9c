"""The district view at a projector's 80x24 and a wide 200x60, on the fixture database of
tests/data/district.sql, whose figures are small enough to check by hand.

Review changed images with `pytest tests/ui/test_district_snapshots.py --snapshot-update` and
look at the SVGs in tests/ui/__snapshots__/ before committing them.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from psg_tui.app import PsgApp, make_app
from psg_tui.core.evidence_maps import PRIORITIES_ENV, TOPICS_ENV
from tests.district_fixture import build_district, write_minutes
from tests.ui.screen import settle_screen

SIZES = [(80, 24), (200, 60)]
size_ids = pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")


@pytest.fixture
def district_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> PsgApp:
    monkeypatch.chdir(tmp_path)  # the minutes path on screen is then just its name
    monkeypatch.delenv(TOPICS_ENV, raising=False)
    monkeypatch.delenv(PRIORITIES_ENV, raising=False)
    return make_app(
        build_district(tmp_path / "district.duckdb"),
        minutes=write_minutes(tmp_path / "minutes.toml"),
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
def test_district_view(snap_compare, district_app: PsgApp, size: tuple[int, int]) -> None:
    assert snap_compare(district_app, terminal_size=size, run_before=keys_then_settle("D"))


@size_ids
def test_district_view_privacy(snap_compare, district_app: PsgApp, size: tuple[int, int]) -> None:
    assert snap_compare(district_app, terminal_size=size, run_before=keys_then_settle("D", "h"))


def test_district_perception_at_the_bottom(snap_compare, district_app: PsgApp) -> None:
    """80x24 scrolled to the end: the district's perception gap with its flag."""
    assert snap_compare(district_app, terminal_size=(80, 24), run_before=keys_then_settle("D", "end"))
