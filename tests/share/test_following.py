"""The chair's dashboard shared: what reaches a follower, and how soon (Pilot and a real stream)."""

from __future__ import annotations

import json
import threading
import time
from datetime import date
from pathlib import Path

import httpx
import pytest

from psg_tui.app import PsgApp, make_app
from psg_tui.app.sharing import follow_log_path
from psg_tui.share.options import ShareOptions

TODAY = date(2026, 11, 19)
pytestmark = pytest.mark.slow  # Pilot tests (one to five seconds each)


def shared(mini_db: Path, tmp_path: Path, **options: object) -> PsgApp:
    return make_app(mini_db, minutes=tmp_path / "m.toml", today=TODAY, share=ShareOptions(**options))  # type: ignore[arg-type]


async def settle(app: PsgApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause(0.25)  # the share's check runs every 0.1 s


class Follower(threading.Thread):
    """A follower on a thread of its own, noting when each event arrived (the test's own loop is
    the dashboard's, which a loaded machine keeps busy drawing)."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url = url
        self.events: list[tuple[float, str, dict[str, str]]] = []

    def run(self) -> None:
        kind = ""
        with httpx.stream("GET", self.url, timeout=30) as stream:
            for line in stream.iter_lines():
                if line.startswith("event: "):
                    kind = line[7:]
                elif line.startswith("data: "):
                    self.events.append((time.monotonic(), kind, json.loads(line[6:])))

    async def arrival(self, pilot, status: str, timeout: float = 10.0) -> tuple[float, str]:  # type: ignore[no-untyped-def]
        for _ in range(int(timeout / 0.05)):
            for when, _kind, data in self.events:
                if status in data["status"]:
                    return when, data["html"]
            await pilot.pause(0.05)
        raise AssertionError(f"no event saying {status!r}: {[e[2]['status'] for e in self.events]}")


async def test_the_chairs_n_reaches_a_follower_as_the_new_area(mini_db: Path, tmp_path: Path) -> None:
    app = shared(mini_db, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.sharing is not None
        follower = Follower(f"{app.sharing.link}/events")
        follower.start()
        await follower.arrival(pilot, "Overview")
        assert app.sharing.following == 1
        changed: list[float] = []  # when the app took the key
        app.watch(app, "area_id", lambda _: changed.append(time.monotonic()), init=False)
        for _ in range(2):
            await pilot.press("n")
            expected = app.area_label(app.area_id or "")
            when, html = await follower.arrival(pilot, f"Now showing {expected}")
            # Pushed as the chair moves, not on a later key or a slow poll; how fast is measured by
            # bench/bench_share.py (a loaded machine takes over a second here at times).
            assert when - changed[-1] < 5, f"{when - changed[-1]:.3f} s from the key to the follower"
            assert f"<h1>{expected}</h1>" in html
        blanked: list[float] = []  # when the app took the blank key
        toggle = app.blanker.toggle
        app.blanker.toggle = lambda: (blanked.append(time.monotonic()), toggle())[1]  # type: ignore[method-assign]
        await pilot.press("escape")  # the blank
        when, html = await follower.arrival(pilot, "hidden the screen")
        assert when - blanked[0] < 5, f"{when - blanked[0]:.3f} s from the blank to the follower"
        assert expected not in html
        await pilot.press("escape")
        await settle(app, pilot)
    follower.join(5)
    assert follower.events[-1][1] == "ended"
    log = follow_log_path(tmp_path / "m.toml").read_text()
    assert "\tjoined\t127.0.0.1" in log and "\tleft\t127.0.0.1" in log and "share ended" in log


async def test_followers_see_initials_unless_the_chair_lets_them_see_names(
    mini_db: Path, tmp_path: Path
) -> None:
    app = shared(mini_db, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.show_area("south-ward")
        await settle(app, pilot)
        assert app.sharing is not None
        html = app.sharing.hub.latest.html
        assert "Target-harden Mill Road" in html  # the earlier action is there, its owner masked
        assert "Jo Bloggs" not in html and "J. B." in html
        assert "Privacy on" in html
        assert not app.privacy  # the room sees the name
        app.exit()


async def test_followers_see_names_only_when_asked_and_never_more_than_the_room(
    mini_db: Path, tmp_path: Path
) -> None:
    app = shared(mini_db, tmp_path, followers_see_names=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.show_area("south-ward")
        await settle(app, pilot)
        assert app.sharing is not None
        assert "Jo Bloggs" in app.sharing.hub.latest.html
        await pilot.press("h")  # privacy on in the room: on for followers too
        await settle(app, pilot)
        assert "Jo Bloggs" not in app.sharing.hub.latest.html
        app.exit()


async def test_a_port_in_use_is_a_toast_and_the_dashboard_still_opens(mini_db: Path, tmp_path: Path) -> None:
    from psg_tui.share.server import bind

    taken = bind("127.0.0.1", 0)
    port = taken.getsockname()[1]
    try:
        app = shared(mini_db, tmp_path, port=port)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot)
            assert app.sharing is None
            messages = [n.message for n in app._notifications]
            assert any(f"port {port} on 127.0.0.1" in m for m in messages)
            assert app.overview_rows  # the dashboard is up
            app.exit()
    finally:
        taken.close()


async def test_the_palette_entry_starts_sharing_and_copies_the_link(mini_db: Path, tmp_path: Path) -> None:
    app = make_app(mini_db, minutes=tmp_path / "m.toml", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.sharing is None
        app.action_share()
        await settle(app, pilot)
        assert app.sharing is not None
        assert app.clipboard == app.sharing.link
        assert "0 following" in str(app.screen.query_one("MeetingBar").render())
        app.exit()


MINUTES = """\
format = "psg-minutes"
version = 1

[meeting]
title = "Mini PSG"
date = 2026-11-19
chair = "Dana Heron"
classification = "OFFICIAL-SENSITIVE"
period_start = 2026-10-01
period_end = 2026-10-31

[[actions]]
id = "A-0001"
title = "Serve a community protection warning"
area = "north-hotspot"
owner = "Sam Patel"
agency = "Council"
raised = 2026-10-15
due = 2026-11-01
status = "open"

[[actions]]
id = "A-0002"
title = "Visit the Kestrel Court family"
owner = "Jo Bloggs"
agency = "Police"
raised = 2026-10-15
due = 2026-11-05
status = "open"
restricted = true

[[actions]]
id = "A-0003"
title = "Review the lighting survey"
area = "south-ward"
owner = "Ali Khan"
agency = "Housing"
raised = 2026-10-15
due = 2026-12-01
status = "in-progress"
"""


def current_row(html: str) -> str:
    marked = html.split('<tr class="current" aria-current="true"><th scope="row">', 1)[1]
    return marked.split("</th>", 1)[0]


async def test_the_tracker_is_shared_with_the_chairs_row_and_never_a_restricted_action(
    mini_db: Path, tmp_path: Path
) -> None:
    minutes = tmp_path / "m.toml"
    minutes.write_text(MINUTES, encoding="utf-8")
    app = make_app(mini_db, minutes=minutes, today=TODAY, share=ShareOptions())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        assert app.sharing is not None
        screen = app.screen
        assert not app.privacy and "A-0002" in [a.id for a in screen.drawn[1]]  # type: ignore[attr-defined]
        shown = app.sharing.hub.latest
        assert "<h1>Actions</h1>" in shown.html and "2 shown of 2 · 2 open · 1 overdue" in shown.html
        assert shown.status.startswith("The action tracker")
        assert "Serve a community protection warning" in shown.html and "A-0003" in shown.html
        assert "Sam Patel" not in shown.html and "S. P." in shown.html  # privacy on for followers
        assert "Kestrel" not in shown.html and "A-0002" not in shown.html and "Bloggs" not in shown.html
        assert "<caption>Actions, sorted by due date</caption>" in shown.html
        assert current_row(shown.html) == "Serve a community protection warning"
        await pilot.press("down")  # the cursor passes the restricted action on the chair's screen
        await pilot.press("down")
        await settle(app, pilot)
        assert current_row(app.sharing.hub.latest.html) == "Review the lighting survey"
        await pilot.press("up")  # on the restricted action: no row is marked
        await settle(app, pilot)
        assert 'aria-current="true"' not in app.sharing.hub.latest.html
        await pilot.press("s")  # sorted by id
        await settle(app, pilot)
        assert "sorted by id" in app.sharing.hub.latest.html
        app.exit()


async def test_the_agenda_is_shared_item_by_item_and_never_a_restricted_action(
    mini_db: Path, tmp_path: Path
) -> None:
    minutes = tmp_path / "m.toml"
    minutes.write_text(MINUTES, encoding="utf-8")
    app = make_app(mini_db, minutes=minutes, today=TODAY, share=ShareOptions())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("m")
        await settle(app, pilot)
        assert app.sharing is not None
        shown = app.sharing.hub.latest
        assert "<h1>Agenda</h1>" in shown.html and shown.status == "The agenda: Attendance and apologies"
        assert current_row(shown.html) == "Attendance and apologies"
        # the restricted action is no item: two carried forward, not three
        assert "Actions carried forward (2 of 2)" in shown.html and "forward (3" not in shown.html
        assert "Kestrel" not in shown.html and "A-0002" not in shown.html
        await pilot.press("n")
        await settle(app, pilot)
        shown = app.sharing.hub.latest
        assert current_row(shown.html) == "Actions carried forward (1 of 2)"
        assert "A-0001 Serve a community protection warning" in shown.status
        await pilot.press("n")  # the restricted action, on the chair's screen only
        await settle(app, pilot)
        shown = app.sharing.hub.latest
        assert 'aria-current="true"' not in shown.html and "Kestrel" not in shown.html
        assert shown.status == "The agenda: The chair is on an item not shown here"
        await pilot.press("n")
        await settle(app, pilot)
        assert current_row(app.sharing.hub.latest.html) == "Actions carried forward (2 of 2)"
        app.exit()


async def test_the_district_view_is_shared_once_loaded(mini_db: Path, tmp_path: Path) -> None:
    app = shared(mini_db, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("D")
        await settle(app, pilot)
        assert app.sharing is not None
        shown = app.sharing.hub.latest
        assert "<h1>The district</h1>" in shown.html and shown.status.startswith("The district: 12 months to")
        titles = [query.title for query in app.meeting.district_queries()]
        assert titles and all(f'aria-label="{title}"' in shown.html for title in titles)
        assert "<caption>The district: 12 months against the 12 before</caption>" in shown.html  # rows
        assert "Loading…" not in shown.html
        app.exit()


async def test_an_operation_is_shared_with_its_figures(tmp_path: Path) -> None:
    from datetime import datetime

    from tests.ops_fixture import build_ops

    db = build_ops(tmp_path / "ops.duckdb")
    app = make_app(
        db,
        minutes=tmp_path / "m.toml",
        today=date(2026, 11, 19),
        clock=lambda: datetime(2026, 11, 19, 10, 0),
        share=ShareOptions(),
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("O")
        await settle(app, pilot)
        assert app.sharing is not None
        shown = app.sharing.hub.latest
        assert "<h1>Operation Test</h1>" in shown.html and shown.status == "The operation: Operation Test"
        assert "down 5% against the rest of the district; could be chance" in shown.html
        assert "Its areas 24 → 19 · the rest of the district 36 → 30" in shown.html
        assert "<caption>Operation outputs</caption>" in shown.html and "<td>disruption</td>" in shown.html
        assert "per_month" not in shown.html and "Per month" not in shown.html  # sparklines' lists
        app.exit()


async def test_the_graphs_are_shared_as_the_trend_table_without_the_map(
    mini_db: Path, tmp_path: Path
) -> None:
    app = shared(mini_db, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        await pilot.press("g")
        await settle(app, pilot)
        assert app.sharing is not None
        shown = app.sharing.hub.latest
        name = app.area_label(app.area_id or "")
        assert f"<h1>Graphs: {name}</h1>" in shown.html
        assert shown.status == f"The graphs for {name}, {app.period.label}"
        trend = app.meeting.queries["area_trend"].title
        assert f"<caption>{trend}</caption>" in shown.html and "Loading…" not in shown.html
        assert "shown in the room only" in shown.html
        app.exit()
