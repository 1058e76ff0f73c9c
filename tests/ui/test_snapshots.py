"""What the chair sees on the Stockton sample, at a projector's 80x24 and a wide 160x45.

The date, the minutes file and the sample are fixed so the images are stable. Review changed
images with `pytest tests/ui/test_snapshots.py --snapshot-update` and look at the SVGs in
tests/ui/__snapshots__/ before committing them.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from psg_tui.app import PsgApp, make_app
from psg_tui.app.themes import HIGH_CONTRAST
from psg_tui.importing.sample import SAMPLE_AS_OF, sample_minutes_path
from tests.ui.screen import settle_screen

SIZES = [(80, 24), (160, 45)]
MEETING_DAY = date(2026, 11, 19)


@pytest.fixture
def sample_app(sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> PsgApp:
    monkeypatch.chdir(tmp_path)  # the minutes path on screen is then just its name
    assert SAMPLE_AS_OF == MEETING_DAY
    return make_app(
        sample_db,
        minutes=Path("minutes.toml"),
        carry_from=sample_minutes_path(),
        today=MEETING_DAY,
        clock=lambda: datetime(2026, 11, 19, 10, 0),
    )


async def settle(pilot) -> None:
    await settle_screen(pilot)


def keys_then_settle(*keys: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
            await settle(pilot)

    return run_before


size_ids = pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")


@size_ids
def test_overview(snap_compare, sample_app: PsgApp, size: tuple[int, int]) -> None:
    assert snap_compare(sample_app, terminal_size=size, run_before=keys_then_settle())


@size_ids
def test_area_view(snap_compare, sample_app: PsgApp, size: tuple[int, int]) -> None:
    assert snap_compare(sample_app, terminal_size=size, run_before=keys_then_settle("n"))


@size_ids
def test_tracker(snap_compare, sample_app: PsgApp, size: tuple[int, int]) -> None:
    assert snap_compare(sample_app, terminal_size=size, run_before=keys_then_settle("t"))


@size_ids
def test_agenda_carried_action(snap_compare, sample_app: PsgApp, size: tuple[int, int]) -> None:
    assert snap_compare(sample_app, terminal_size=size, run_before=keys_then_settle("m", "n"))


@size_ids
def test_agenda_area_high_contrast(snap_compare, sample_app: PsgApp, size: tuple[int, int]) -> None:
    sample_app.theme = HIGH_CONTRAST
    assert snap_compare(sample_app, terminal_size=size, run_before=keys_then_settle("m", *"n" * 11))


@size_ids
def test_overview_high_contrast_privacy(snap_compare, sample_app: PsgApp, size: tuple[int, int]) -> None:
    sample_app.theme = HIGH_CONTRAST
    assert snap_compare(sample_app, terminal_size=size, run_before=keys_then_settle("h"))


@size_ids
def test_action_form(snap_compare, sample_app: PsgApp, size: tuple[int, int]) -> None:
    assert snap_compare(sample_app, terminal_size=size, run_before=keys_then_settle("n", "a"))


@size_ids
def test_pictures_high_contrast(snap_compare, sample_app: PsgApp, size: tuple[int, int]) -> None:
    """The trend chart (and, from 140 columns, the map beside it) in the projector theme."""
    sample_app.theme = HIGH_CONTRAST
    assert snap_compare(sample_app, terminal_size=size, run_before=keys_then_settle("n", "g"))


def test_map_high_contrast_80x24(snap_compare, sample_app: PsgApp) -> None:
    sample_app.theme = HIGH_CONTRAST
    assert snap_compare(sample_app, terminal_size=(80, 24), run_before=keys_then_settle("n", "g", "v"))
