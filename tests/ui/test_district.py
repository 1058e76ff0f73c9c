"""The district view and the area view's perception panel, driven as a chair would, on the
fixture of tests/data/district.sql (figures worked out in tests/core/test_district_change.py
and tests/core/test_perception_gap.py)."""

from __future__ import annotations

import asyncio
import os
from datetime import date, datetime
from pathlib import Path

import pytest

from psg_tui.app import PsgApp, make_app
from psg_tui.core.evidence_maps import PRIORITIES_ENV, TOPICS_ENV
from psg_tui.screens.area import AreaScreen
from psg_tui.screens.district import DistrictScreen
from psg_tui.screens.help import HelpScreen
from psg_tui.screens.tracker import TrackerScreen
from tests.district_fixture import build_district, write_minutes
from tests.ui.screen import screen_text, settle_screen


@pytest.fixture(autouse=True)
def _default_maps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(TOPICS_ENV, raising=False)
    monkeypatch.delenv(PRIORITIES_ENV, raising=False)


def district_app(tmp_path: Path) -> PsgApp:
    return make_app(
        build_district(tmp_path / "district.duckdb"),
        minutes=write_minutes(tmp_path / "m.toml"),
        today=date(2026, 11, 19),
        clock=lambda: datetime(2026, 11, 19, 10, 0),
    )


def flat(app: PsgApp) -> str:
    """The whole district view's text on one line (every box, scrolled or not)."""
    parts = [str(app.screen.query_one("#district-heading").render())]
    parts += [str(w.render()) for w in app.screen.query("#district-scroll Static")]
    parts += [str(box.border_title) for box in app.screen.query(".district-box")]
    return " ".join(" ".join(p.split()) for p in parts)


async def test_d_opens_the_strategic_assessment_and_goes_back(tmp_path: Path) -> None:
    app = district_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle_screen(pilot)
        await pilot.press("t")
        await settle_screen(pilot)
        await pilot.press("D")
        await settle_screen(pilot)
        assert isinstance(app.screen, DistrictScreen)
        text = flat(app)
        assert "12 months to Oct 2026 against the 12 before (Nov 2024–Oct 2025)" in text
        assert "All incidents ▼ down 31% (168 → 116) · All recorded crime ▼ down 41% (132 → 78)" in text
        assert "Burglary ▼ down 50% · Drugs ▲ up 50%" in text
        # grouped by priority, the file's order, with what was done and the actions' RAG
        titles = [str(box.border_title) for box in app.screen.query("#district-grid .district-box")]
        assert titles[:6] == [
            "Anti-social behaviour and feelings of safety",
            "Drugs and alcohol",
            "Serious and organised crime",
            "Reducing reoffending",
            "Domestic abuse and violence",
            "Exploitation and vulnerability",
        ]
        assert titles[6:] == [
            "Parking (not in the priorities file)",
            "Not under a priority",
        ]
        assert "Drugs 12 → 18 ▲ up 50% · Street drinking 0 → 2 ▲ up 2" in text
        assert "Patrol 14 (before 0)" in text and "Treatment referral 3 (before 0)" in text
        assert "Other 1 (before 0)" in text and "Disruption 0 (before 2)" in text
        assert "Actions: 1 overdue · 1 on track" in text  # A-0001 (due 1 Nov) and the clean-up (an alias)
        assert "overdue 01 Nov Joint patrols on Dovecot Street · Sam Patel" in text
        assert "due soon 24 Nov Outreach at 12 Elm Road · Jo Bloggs" in text
        assert "Actions: 1 done" in text  # Parking's, done
        # the register's own action is listed; its copy of A-0001 gives way to the minutes'
        assert "on track 31 Dec Gate the alley behind Mill Road · Ann Other" in text
        assert "Old copy of A-0001" not in text
        # what residents say, district-wide
        assert "⚑ concern rising while recorded incidents fall" in text
        assert "W1 2025 50% (43–57%) → W2 2026 63% (56–69%) +13 pts (+3 to +22)" in text
        assert "Recorded in the year before: 168 → 113 (down)" in text
        await pilot.press("b")
        await settle_screen(pilot)
        assert isinstance(app.screen, TrackerScreen)
        await pilot.press("D", "D")
        await settle_screen(pilot)
        assert isinstance(app.screen, TrackerScreen)


async def test_privacy_mode_masks_the_actions(tmp_path: Path) -> None:
    app = district_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle_screen(pilot)
        await pilot.press("D", "h")
        await settle_screen(pilot)
        text = flat(app)
        assert "Elm Road" not in text and "Jo Bloggs" not in text and "Sam Patel" not in text
        assert "address hidden" in text


async def test_a_month_back_has_no_comparison(tmp_path: Path) -> None:
    app = district_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle_screen(pilot)
        await pilot.press("D", "left_square_bracket")
        await settle_screen(pilot)
        assert "12 months to Sep 2026" in flat(app)
        assert (
            "No 12-month comparison: the database holds 12 of the 12 months to Sep 2026 and 11 of the 12 before"
            in flat(app)
        )


async def test_a_year_not_held_is_said_never_drawn_as_0(tmp_path: Path) -> None:
    """Oct 2025: the 12 months before (Nov 2023 to Oct 2024) are not in the database at all."""
    app = make_app(
        build_district(tmp_path / "district.duckdb"),
        minutes=write_minutes(tmp_path / "m.toml"),
        period="2025-10",
        today=date(2026, 11, 19),
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await settle_screen(pilot)
        await pilot.press("D")
        await settle_screen(pilot)
        text = flat(app)
        assert "holds 12 of the 12 months to Oct 2025 and none of the 12 before" in text
        assert "Anti-social behaviour 36 (the 12 months before not held)" in text
        assert "0 →" not in text


async def test_a_broken_priorities_file_is_said_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "p.toml"
    bad.write_text("[[priorities]]\nname = ASB\n")
    monkeypatch.setenv(PRIORITIES_ENV, str(bad))
    app = district_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle_screen(pilot)
        await pilot.press("D")
        await settle_screen(pilot)
        text = flat(app)
        assert f"{bad} is not valid TOML" in text and "line 2" in text
        assert "concern rising while recorded incidents fall" in text  # the rest still shows


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
async def test_a_priorities_file_that_is_a_named_pipe_is_said_not_waited_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading a pipe would wait for a writer for ever: the view says what the file is instead."""
    fifo = tmp_path / "p.toml"
    os.mkfifo(fifo)
    monkeypatch.setenv(PRIORITIES_ENV, str(fifo))
    app = district_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle_screen(pilot)
        await pilot.press("D")
        await asyncio.wait_for(settle_screen(pilot), 60)  # a reader stuck on the pipe fails here
        text = flat(app)
        assert f"{fifo} is a named pipe (FIFO), not a TOML file (named by {PRIORITIES_ENV})" in text
        assert "concern rising while recorded incidents fall" in text  # the rest still shows


async def test_the_area_view_has_a_perception_panel(tmp_path: Path) -> None:
    app = district_app(tmp_path)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle_screen(pilot)
        app.show_area("north-ward")
        await settle_screen(pilot)
        assert isinstance(app.screen, AreaScreen)
        panel = " ".join(str(app.screen.query_one("#perception-perception_gap").render()).split())
        assert "W1 2025 25% (14–40%) → W2 2026 75% (60–86%)" in panel  # W3 2027 is after the period
        assert "concern rising; recorded incidents steady" in panel
        app.show_area("south-ward")
        await settle_screen(pilot)
        # an area without its own results points to the district's rather than saying there are none
        empty = " ".join(screen_text(app).split())
        assert (
            "No survey results for this area (the district view, D, shows any for the whole district)"
            in empty
        )


async def test_the_palette_and_the_help_offer_the_district(tmp_path: Path) -> None:
    app = district_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle_screen(pilot)
        assert "District view" in [c.title for c in app.get_system_commands(app.screen)]
        await pilot.press("question_mark")
        await settle_screen(pilot)
        assert isinstance(app.screen, HelpScreen)
        groups = app.screen.groups
        assert [b.key for b in groups["District view"]][:2] == ["b,backspace", "D"]
        assert "D" in [b.key for b in groups["Everywhere"]]


async def test_an_analysts_own_district_file_is_a_panel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "q").mkdir()
    (tmp_path / "q" / "district_sources.sql").write_text(
        "-- title: Sources\n-- scope: district\nSELECT source, count(*) AS incidents FROM incidents"
        " WHERE month BETWEEN $year_start AND $period_end GROUP BY ALL ORDER BY source\n"
    )
    monkeypatch.setenv("PSG_QUERIES_DIR", str(tmp_path / "q"))
    app = district_app(tmp_path)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle_screen(pilot)
        await pilot.press("D")
        await settle_screen(pilot)
        table = app.screen.query_one("#table-district_sources")
        assert [str(table.get_cell_at((i, 0))) for i in range(2)] == ["council-asb", "police-uk"]
        assert str(table.get_cell_at((1, 1))) == "114"  # 60 + 18 + 36 police.uk rows in the 12 months


async def test_a_view_the_chair_left_loads_nothing_until_it_is_shown_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The district report at 10M costs a core for a while: a month changed elsewhere must not
    compute it for a hidden view: the cores go to what is on screen."""
    app = district_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle_screen(pilot)
        await pilot.press("D")
        await settle_screen(pilot)
        reports: list[object] = []
        original = type(app.meeting).district_report

        def counted(meeting, period, **kwargs):
            reports.append(period)
            return original(meeting, period, **kwargs)

        monkeypatch.setattr(type(app.meeting), "district_report", counted)
        await pilot.press("b", "left_square_bracket")  # back to the overview, a month earlier
        await settle_screen(pilot)
        assert reports == []
        await pilot.press("D")
        await settle_screen(pilot)
        assert reports == [app.period]
        assert "12 months to Sep 2026" in flat(app)
