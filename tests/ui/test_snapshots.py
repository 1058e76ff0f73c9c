"""What the chair sees on the Stockton sample, at a projector's 80x24 and a wide 160x45.

Review changed images with `pytest --snapshot-update` and look at the SVGs in
tests/ui/__snapshots__/ before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from psg_tui.app import make_app

SIZES = [(80, 24), (160, 45)]


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_overview(snap_compare, sample_db: Path, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(sample_db), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_area_view(snap_compare, sample_db: Path, size: tuple[int, int]) -> None:
    async def open_first_area(pilot) -> None:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)

    assert snap_compare(make_app(sample_db), terminal_size=size, run_before=open_first_area)
