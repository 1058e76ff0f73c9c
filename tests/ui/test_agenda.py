"""A whole meeting run in agenda mode on the sample; the minutes file must hold exactly what was done."""

from __future__ import annotations

import tomllib
from datetime import date, datetime
from pathlib import Path

from psg_tui.app import PsgApp, make_app
from psg_tui.core.agenda import build_agenda, clock_text, time_boxes
from psg_tui.core.minutes import read_minutes
from psg_tui.dialogs.action_form import ActionForm
from psg_tui.dialogs.update_form import UpdateForm
from psg_tui.importing.sample import sample_minutes_path
from psg_tui.screens.agenda import AgendaScreen
from tests.ui.screen import screen_text

MEETING = date(2026, 11, 19)


class Clock:
    """A clock the test moves by hand, so the meeting timer is deterministic."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 19, 10, 0, 0)

    def __call__(self) -> datetime:
        return self.now


async def settle(app: PsgApp, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space", "-": "minus"}.get(c, c) for c in text])


async def test_a_whole_meeting(sample_db: Path, tmp_path: Path) -> None:
    minutes_path = tmp_path / "meeting.toml"
    clock = Clock()
    app = make_app(
        sample_db, minutes=minutes_path, carry_from=sample_minutes_path(), today=MEETING, clock=clock
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        carried = [a.id for a in sorted(app.minutes_store.minutes.actions, key=lambda a: (a.due, a.id))]
        attendees = [a.name for a in app.minutes_store.minutes.attendees]
        await pilot.press("m")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, AgendaScreen)
        assert screen.step.kind == "attendance"

        # Attendance: the first present, the second sends apologies.
        await pilot.press("space")
        await pilot.press("down", "space", "space")
        await settle(app, pilot)

        # Actions carried forward: close two, update one.
        await pilot.press("n")
        assert (screen.step.kind, screen.step.key) == ("action", carried[0])
        await pilot.press("d")  # done moves on by itself
        await pilot.press("d")
        assert screen.step.key == carried[2]
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, UpdateForm)
        await type_text(pilot, "Letter sent")
        await pilot.press("ctrl+s")
        await pilot.pause()
        clock.now = clock.now.replace(minute=9)  # the item overran its 2-minute box
        screen._tick()
        await pilot.pause()
        progress = screen_text(app).splitlines()[1]
        assert "· 9:00 · item 9:00/2:00 over time" in progress

        # Skip to the areas and visit three: a note and an action in each.
        while screen.step.kind != "area":
            await pilot.press("n")
        visited = []
        for number in range(3):
            await settle(app, pilot)
            visited.append(screen.step.key)
            assert app.area_id == screen.step.key  # the dashboard follows the agenda
            await pilot.press("e")
            await type_text(pilot, f"Note {number}")
            await pilot.press("ctrl+g")
            await pilot.press("a")
            await pilot.pause()
            assert isinstance(app.screen, ActionForm)
            await type_text(pilot, f"Action {number}")
            await pilot.press("tab")
            await type_text(pilot, "Sam Patel")
            await pilot.press("tab")
            await type_text(pilot, "Council")
            await pilot.press("ctrl+s")
            await pilot.pause()
            await pilot.press("n")

        # On to the end: the next meeting's date.
        while screen.step.kind != "aob":
            await pilot.press("n")
        await settle(app, pilot)
        await pilot.press("enter")  # the date box takes keys once chosen
        await type_text(pilot, "2026-12-17")
        await pilot.press("enter")
        await pilot.pause()

    on_disk = tomllib.loads(minutes_path.read_text(encoding="utf-8"))
    status = {a["name"]: a["status"] for a in on_disk["attendees"]}
    assert status[attendees[0]] == "present" and status[attendees[1]] == "apologies"
    # the two marked; everyone else is not recorded (the chair did not say they were absent)
    assert sorted(status.values()).count("not-recorded") == len(status) - 2
    actions = {a["id"]: a for a in on_disk["actions"]}
    assert [i for i in carried if actions[i]["status"] == "done"] == carried[:2]
    assert actions[carried[2]]["updates"][-1]["note"] == "Letter sent"
    assert all(
        len(actions[i].get("updates", [])) == len(read_minutes(sample_minutes_path()).get_action(i).updates)
        for i in carried[3:]
    )
    new = [a for a in on_disk["actions"] if a["id"] not in carried]
    assert [(a["title"], a["area"]) for a in new] == [(f"Action {n}", visited[n]) for n in range(3)]
    assert [(a["area"], a["notes"]) for a in on_disk["areas"]] == [
        (visited[n], f"Note {n}") for n in range(3)
    ]
    assert on_disk["meeting"]["next_meeting"] == date(2026, 12, 17)


def test_agenda_order() -> None:
    minutes = read_minutes(sample_minutes_path())
    steps = build_agenda(
        minutes.__class__(
            minutes.meeting.__class__(**{**minutes.meeting.__dict__, "date": MEETING}),
            minutes.attendees,
            (),
            minutes.actions,
        ),
        ["a", "b"],
    )
    kinds = [s.kind for s in steps]
    assert kinds[0] == "attendance" and kinds[-2:] == ["new", "aob"]
    assert kinds.count("action") == len(minutes.actions) and kinds.count("area") == 2
    assert steps[1].label.startswith("Actions carried forward (1 of ")
    assert clock_text(time_boxes(None)[steps[1].kind]) == "2:00"
