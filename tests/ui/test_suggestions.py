"""Typing less, spelling the same: the action form suggests owners and agencies
the meeting and the database already know, and the priorities file's priorities; anything else
typed is kept as typed."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from textual.widgets import Input

from psg_tui.app import make_app
from psg_tui.core.evidence_maps import PRIORITIES_ENV
from psg_tui.dialogs.action_form import ActionForm
from tests.ui.test_tracker import TODAY, settle, type_text


@pytest.fixture(autouse=True)
def _default_priorities(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PRIORITIES_ENV, raising=False)


async def test_agency_and_priority_suggest_what_is_known_and_keep_what_is_not(
    mini_db: Path, tmp_path: Path
) -> None:
    with duckdb.connect(str(mini_db)) as con:  # an agency only the interventions register names
        con.execute(
            "INSERT INTO interventions VALUES ('I9', DATE '2026-10-03', 'day', DATE '2026-10-01', "
            "'north-ward', NULL, 'patrol', 1, 'Cleveland Fire Brigade', NULL, NULL, NULL, NULL)"
        )
    minutes = tmp_path / "m.toml"
    app = make_app(mini_db, minutes=minutes, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ActionForm)
        await type_text(pilot, "Gate the alley")
        await pilot.press("tab")
        await type_text(pilot, "Sam Patel")
        await pilot.press("tab")
        await type_text(pilot, "clev")  # held in the database only
        await pilot.pause(0.2)
        await pilot.press("right")
        assert app.screen.query_one("#agency", Input).value == "Cleveland Fire Brigade"
        await pilot.press("tab", "tab", "tab")  # due, area, priority
        priority = app.screen.query_one("#priority", Input)
        assert app.screen.focused is priority
        await type_text(pilot, "drugs")  # the bundled priorities file's "Drugs and alcohol"
        await pilot.pause(0.2)
        await pilot.press("right")
        assert priority.value == "Drugs and alcohol"
        await pilot.press("ctrl+u")
        await type_text(pilot, "Parking")  # not in the list: kept as typed
        await pilot.pause(0.2)
        await pilot.press("right")
        assert priority.value == "Parking"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    saved = minutes.read_text(encoding="utf-8")
    assert 'agency = "Cleveland Fire Brigade"' in saved and 'priority = "Parking"' in saved
