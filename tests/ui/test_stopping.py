"""A panel load the chair has moved on from is stopped, not waited for.

A custom panel that takes hours (dropped into PSG_QUERIES_DIR) stands in for a slow query
on a big database: n pressed again, r and q must not wait for it, and stopping it on
purpose is not an error the room is shown.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from psg_tui.app import make_app

SLOW_PANEL = """-- title: Slow panel
-- scope: area
-- order: 99
SELECT sum(hash(x + month($period_start)) % 13) AS n FROM range(100000000000) t(x)
"""


@pytest.fixture
def slow_panel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "queries"
    folder.mkdir()
    (folder / "zz_slow.sql").write_text(SLOW_PANEL, encoding="utf-8")
    monkeypatch.setenv("PSG_QUERIES_DIR", str(folder))


async def wait_until(condition, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        await asyncio.sleep(0.01)
    return False


def press_soon(pilot, key: str) -> asyncio.Task:
    """Press a key without waiting for Pilot's idle check: it waits for the CPU to go quiet
    (up to 2 s), and the next load's slow panel keeps it busy, which is not the chair's wait."""
    return asyncio.create_task(pilot.press(key))


def errors_shown(app) -> list[str]:
    return [n.message for n in app._notifications if n.severity == "error"]


async def test_next_area_stops_the_load_it_replaces(mini_db: Path, slow_panel: None) -> None:
    app = make_app(mini_db)
    meeting = app.meeting
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        assert await wait_until(lambda: len(meeting.lanes.running) == 1)  # the slow panel is running
        first = next(iter(meeting.lanes.running.values()))
        first_area = app.area_id
        began = time.monotonic()
        pressed = press_soon(pilot, "n")
        # The first area's query ends at once; only the second area's load is left running.
        assert await wait_until(lambda: id(first) not in meeting.lanes.running, 2.0)
        assert time.monotonic() - began < 1.0
        await pressed
        assert app.area_id != first_area
        assert not errors_shown(app)
        began = time.monotonic()
        await pilot.press("q")
    assert time.monotonic() - began < 2.0
    assert not meeting.lanes.running


@pytest.mark.parametrize("key", ["r", "left_square_bracket"])
async def test_reload_and_period_change_stop_a_running_load(
    mini_db: Path, slow_panel: None, key: str
) -> None:
    app = make_app(mini_db)
    meeting = app.meeting
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        assert await wait_until(lambda: len(meeting.lanes.running) == 1)
        first = next(iter(meeting.lanes.running.values()))
        began = time.monotonic()
        pressed = press_soon(pilot, key)
        assert await wait_until(lambda: id(first) not in meeting.lanes.running, 2.0)
        assert time.monotonic() - began < 1.0
        await pressed
        assert not errors_shown(app)
