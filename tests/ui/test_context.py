"""A screen is built from a meeting context, not from the app.

A stand-in context (a bare Textual App with the context's names, no PsgApp) runs the real
overview and area screens on the mini database: they load their panels through the real
Meeting, tell the context the order of concern, and hand the chair's changes to the
context's minutes, which here only records them.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from datetime import date, datetime
from pathlib import Path
from typing import Any

from textual.app import App
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable

from psg_tui.core.meeting import Meeting
from psg_tui.core.minutes import MinutesStore
from psg_tui.core.periods import Period
from psg_tui.core.queries import QueryResult
from psg_tui.core.session import start_session
from psg_tui.screens.area import AreaScreen
from psg_tui.screens.base import PsgScreen
from psg_tui.screens.context import MeetingContext
from psg_tui.screens.overview import OverviewScreen
from psg_tui.widgets.meeting_bar import MeetingBar


class RecordingMinutes:
    """The minutes side of the context: records what the screens ask for."""

    def __init__(self, store: MinutesStore) -> None:
        self.store = store
        self.just_added: str | None = None
        self.asked: list[tuple[str, Any]] = []

    def __getattr__(self, name: str) -> Callable[..., bool]:
        def record(*args: Any) -> bool:
            self.asked.append((name, args))
            return True

        return record


class FakeContext(App[None]):
    area_id: reactive[str | None] = reactive(None)
    operation_id: reactive[str | None] = reactive(None)
    period: reactive[Period] = reactive(Period(2026, 10))
    minutes_version: reactive[int] = reactive(0)
    privacy: reactive[bool] = reactive(False)
    rank_by_rate: reactive[bool] = reactive(False)

    def __init__(self, meeting: Meeting, store: MinutesStore, screen: type[PsgScreen]) -> None:
        super().__init__()
        self.meeting = meeting
        self.minutes = RecordingMinutes(store)
        self.clock = lambda: datetime(2026, 11, 19, 10, 0)
        self.area_names = meeting.area_names()
        self.area_order: list[str] = []
        self.overview_rows: dict[str, dict[str, Any]] = {}
        self.shown_area: str | None = None
        self.operations = meeting.operations()
        self.shown_operation: str | None = None
        self._screen = screen

    def on_mount(self) -> None:
        self.push_screen(self._screen(self))

    @property
    def minutes_store(self) -> MinutesStore:
        return self.minutes.store

    def shown(self, text: str) -> str:
        return text

    def shown_name(self, name: str) -> str:
        return name

    def area_label(self, area_id: str) -> str:
        return self.area_names.get(area_id, area_id)

    def area_position(self, area_id: str) -> str:
        return ""

    def areas_within(self, area_id: str) -> set[str]:
        return {area_id}

    def set_area_order(self, overview: QueryResult) -> None:
        self.area_order = [row["area_id"] for row in overview.dicts()]
        self.overview_rows = {row["area_id"]: row for row in overview.dicts()}

    def show_area(self, area_id: str) -> None:
        self.shown_area = area_id

    def show_operation(self, operation_id: str | None) -> None:
        self.shown_operation = operation_id

    def decorate_bar(self, bar: MeetingBar) -> None:
        bar.title = self.meeting.title

    def keys_as_on(self, screen: Screen[Any]) -> AbstractContextManager[None]:
        return nullcontext()  # one screen at a time: its keys are the ones enabled


def context_for(mini_db: Path, tmp_path: Path, screen: type[PsgScreen]) -> FakeContext:
    meeting = Meeting(mini_db, today=date(2026, 11, 19))
    session = start_session(
        meeting, tmp_path / "m.toml", "2026-10", date(2026, 11, 19), user="Test", chair="C"
    )
    context = FakeContext(meeting, session.store, screen)
    typed: MeetingContext = context  # the stand-in has every name a screen may use
    assert typed is context
    return context


async def settle(app: App, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_the_overview_runs_on_a_stand_in_context(mini_db: Path, tmp_path: Path) -> None:
    context = context_for(mini_db, tmp_path, OverviewScreen)
    async with context.run_test(size=(120, 40)) as pilot:
        await settle(context, pilot)
        assert isinstance(context.screen, OverviewScreen)
        assert context.screen.query_one("#overview-table", DataTable).row_count == 3
        assert context.area_order[0] == "north-ward"  # the screen told its context the order
        await pilot.press("enter")
        assert context.shown_area == "north-ward"
    context.meeting.close()
    context.minutes.store.close()


async def test_the_area_view_asks_its_context_to_change_the_minutes(mini_db: Path, tmp_path: Path) -> None:
    context = context_for(mini_db, tmp_path, AreaScreen)
    context.area_id = "north-ward"
    async with context.run_test(size=(120, 40)) as pilot:
        await settle(context, pilot)
        assert context.screen.query_one("#table-area_categories", DataTable).row_count > 0
        await pilot.press("a")
        assert ("add", ("north-ward",)) in context.minutes.asked
    context.meeting.close()
    context.minutes.store.close()


def test_screens_load_without_the_app() -> None:
    probe = (
        "import sys, pkgutil, importlib, psg_tui.screens\n"
        "for info in pkgutil.walk_packages(psg_tui.screens.__path__, 'psg_tui.screens.'):\n"
        "    importlib.import_module(info.name)\n"
        "print(sorted(m for m in sys.modules if m.startswith('psg_tui.app')))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
