"""What the chair sees on each screen, its graphs, palette, agenda and tracker, at
80x24, 120x40 and 200x60. Review with `--snapshot-update` and look at the SVGs before committing."""

from __future__ import annotations

import pytest

from psg_tui.app import PsgApp
from tests.ui.test_snapshots import keys_then_settle, sample_app  # noqa: F401  (the fixture)

WIDE = (200, 60)


@pytest.mark.parametrize("size", [(120, 40), WIDE], ids=["120x40", "200x60"])
def test_tracker(snap_compare, sample_app: PsgApp, size: tuple[int, int]) -> None:  # noqa: F811
    assert snap_compare(sample_app, terminal_size=size, run_before=keys_then_settle("t"))


def test_tracker_search_80x24(snap_compare, sample_app: PsgApp) -> None:  # noqa: F811
    keys = ("t", "slash", *"shield", "enter")
    assert snap_compare(sample_app, terminal_size=(80, 24), run_before=keys_then_settle(*keys))


def test_overview_200x60(snap_compare, sample_app: PsgApp) -> None:  # noqa: F811
    assert snap_compare(sample_app, terminal_size=WIDE, run_before=keys_then_settle())


def test_area_view_200x60(snap_compare, sample_app: PsgApp) -> None:  # noqa: F811
    assert snap_compare(sample_app, terminal_size=WIDE, run_before=keys_then_settle("n"))


def test_agenda_last_item_80x24(snap_compare, sample_app: PsgApp) -> None:  # noqa: F811
    async def run_before(pilot) -> None:
        await keys_then_settle("m")(pilot)
        screen = pilot.app.screen
        while screen.step.kind != "aob":
            await pilot.press("n")
        await keys_then_settle()(pilot)

    assert snap_compare(sample_app, terminal_size=(80, 24), run_before=run_before)


def test_quit_asks_during_a_meeting_80x24(snap_compare, sample_app: PsgApp) -> None:  # noqa: F811
    async def run_before(pilot) -> None:
        await keys_then_settle("m", "space")(pilot)  # settling clears the "saved" toast
        await pilot.press("q")
        await keys_then_settle()(pilot)

    assert snap_compare(sample_app, terminal_size=(80, 24), run_before=run_before)


def test_graphs_200x60(snap_compare, sample_app: PsgApp) -> None:  # noqa: F811
    assert snap_compare(sample_app, terminal_size=WIDE, run_before=keys_then_settle("n", "g"))
