"""Privacy mode and the screen blank, checked over the text of every screen on the sample."""

from __future__ import annotations

import csv
import re
import tomllib
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Input

from psg_tui.app import PsgApp, make_app
from psg_tui.core.minutes import read_minutes
from psg_tui.core.paths import sample_sources_dir
from psg_tui.core.privacy import ScreenMask, hide_addresses, initials
from psg_tui.dialogs.action_form import ActionForm
from psg_tui.dialogs.update_form import UpdateForm
from psg_tui.importing.sample import sample_minutes_path
from psg_tui.screens.blank import BlankScreen
from tests.ui.screen import screen_text

TALL = (200, 160)  # every panel of an area on screen at once


def people_and_addresses() -> tuple[set[str], set[str]]:
    minutes = read_minutes(sample_minutes_path())
    people = {a.owner for a in minutes.actions} | {a.name for a in minutes.attendees}
    with (sample_sources_dir() / "closure_orders.csv").open(encoding="utf-8") as f:
        premises = {row["premises"] for row in csv.DictReader(f)}
    in_titles = {
        m.group()
        for a in minutes.actions
        for m in re.finditer(r"\b\d+[a-z]? [A-Z]\w+ (Street|Way|Close|Court|Road)", a.title)
    }
    return people, premises | in_titles


def surnames(people: set[str]) -> set[str]:
    return {p.split()[-1] for p in people}


async def settle(app: PsgApp, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    app.clear_notifications()
    await pilot.pause()


async def every_screen(app: PsgApp, pilot) -> list[str]:
    """The text of the overview, every area's view, and the tracker."""
    texts = [screen_text(app)]
    for _ in app.area_order:
        await pilot.press("n")
        await settle(app, pilot)
        texts.append(screen_text(app))
    await pilot.press("t")
    await settle(app, pilot)
    texts.append(screen_text(app))
    return texts


@pytest.fixture
def sample_app(sample_db: Path, tmp_path: Path) -> PsgApp:
    return make_app(
        sample_db, minutes=tmp_path / "m.toml", carry_from=sample_minutes_path(), today=date(2026, 11, 19)
    )


async def test_privacy_mode_hides_every_name_and_address_on_every_screen(sample_app: PsgApp) -> None:
    people, addresses = people_and_addresses()
    assert len(people) > 10 and len(addresses) > 8
    async with sample_app.run_test(size=TALL) as pilot:
        await settle(sample_app, pilot)
        # Control: with privacy off the same search finds them, so the check below can fail.
        shown = "\n".join(await every_screen(sample_app, pilot))
        assert any(p in shown for p in people)
        assert any(a in shown for a in addresses)

        await pilot.press("o", "h")
        await settle(sample_app, pilot)
        assert "PRIVACY ON" in screen_text(sample_app)
        texts = await every_screen(sample_app, pilot)
        for text in texts:
            assert "PRIVACY ON" in text.splitlines()[0]
            for name in people | surnames(people):
                assert not re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text), name
            for address in addresses:
                assert address not in text, address
        assert "address hidden" in "\n".join(texts)

        await pilot.press("h")  # and back
        await settle(sample_app, pilot)
        assert "PRIVACY ON" not in screen_text(sample_app)


def on_disk(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def shows_any(app: PsgApp, *words: str) -> list[str]:
    text = screen_text(app)
    return [w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]


async def test_privacy_mode_edits_and_updates_with_names_masked_in_the_form(
    mini_db: Path, tmp_path: Path
) -> None:
    minutes = tmp_path / "m.toml"
    app = make_app(mini_db, minutes=minutes, today=date(2026, 11, 19), user="Dana Heron")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.minutes_store.add_action(
            title="Call Rachel Okafor about 12 Elm Road",
            owner="Rachel Okafor",
            agency="Council",
            due="2026-12-01",
        )
        app.minutes_version += 1
        await pilot.press("t", "h")
        await settle(app, pilot)
        await pilot.press("enter")  # edit: the form opens, names masked
        await pilot.pause()
        assert isinstance(app.screen, ActionForm)
        assert app.screen.query_one("#owner", Input).value == "Rachel Okafor"
        assert shows_any(app, "Rachel", "Okafor", "Elm") == [] and "R••••• O•••••" in screen_text(app)
        await pilot.press("tab", "tab", "tab", "ctrl+u", *"2026-12-08", "ctrl+s")
        await pilot.pause()
        saved = on_disk(minutes)["actions"][0]
        assert (saved["owner"], saved["due"]) == ("Rachel Okafor", date(2026, 12, 8))
        assert saved["title"] == "Call Rachel Okafor about 12 Elm Road"

        await pilot.press("u")  # an update: the last entry and what is typed are masked
        await pilot.pause()
        assert isinstance(app.screen, UpdateForm)
        await pilot.press(*"Rachel Okafor visited 12 Elm Road")
        await pilot.pause()
        assert shows_any(app, "Rachel", "Okafor", "Elm", "Road") == []
        await pilot.press("enter")
        await pilot.pause()
        notes = [u["note"] for u in on_disk(minutes)["actions"][0]["updates"]]
        assert notes[-1] == "Rachel Okafor visited 12 Elm Road"


async def test_names_typed_into_any_form_in_privacy_mode_are_masked(mini_db: Path, tmp_path: Path) -> None:
    minutes = tmp_path / "m.toml"
    app = make_app(mini_db, minutes=minutes, today=date(2026, 11, 19))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("h", "a", *"Visit Zebedee", "tab", *"Zebedee Quartermain", "tab", *"Police")
        await pilot.pause()
        assert shows_any(app, "Quartermain") == [] and "Z•••••• Q••••••••••" in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert on_disk(minutes)["actions"][0]["owner"] == "Zebedee Quartermain"
        await pilot.press("m")
        await settle(app, pilot)
        await pilot.press("plus", *"Mary Watson", "tab", *"Council", "tab", *"Deputy to Mary Watson")
        await pilot.pause()
        assert shows_any(app, "Mary", "Watson") == []
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert on_disk(minutes)["attendees"][-1]["name"] == "Mary Watson"


async def test_privacy_mode_masks_attendance_toasts_and_roles(mini_db: Path, tmp_path: Path) -> None:
    app = make_app(mini_db, minutes=tmp_path / "m.toml", today=date(2026, 11, 19))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        app.minutes_store.set_attendee("Rachel Okafor", "Police", "present", "Inspector")
        app.minutes_store.set_attendee("Sam Patel", "Council", "present", "Deputy to Rachel Okafor")
        app.minutes_version += 1
        await pilot.press("m", "h")
        await settle(app, pilot)
        app.clear_notifications()
        await pilot.press("space")
        await pilot.pause(0.2)
        text = screen_text(app)
        assert "R. O.: apologies (saved)" in text and "Deputy to R. O." in text
        assert shows_any(app, "Rachel", "Okafor", "Sam", "Patel") == []


async def test_privacy_mode_hides_restricted_actions_and_says_how_many(mini_db: Path, tmp_path: Path) -> None:
    app = make_app(mini_db, minutes=tmp_path / "m.toml", today=date(2026, 11, 19))
    # tall enough for the area view's meeting panel to be on screen below every query panel
    async with app.run_test(size=(160, 60)) as pilot:
        await settle(app, pilot)
        store = app.minutes_store
        store.add_action(title="Safeguarding visit", owner="Jo", agency="Police", due="2026-12-01",
                         area="north-ward", restricted=True)  # fmt: skip
        store.add_action(
            title="Patrol the square", owner="Jo", agency="Police", due="2026-12-01", area="north-ward"
        )
        app.minutes_version += 1
        for keys in (("t",), ("o", "n")):
            await pilot.press(*keys)
            await settle(app, pilot)
            # the area view's own actions are below its panels: scrolled to, as a chair would
            for minutes in app.screen.query("#area-minutes"):
                minutes.scroll_visible(animate=False)
                await settle(app, pilot)
            assert "Safeguarding visit" in screen_text(app)  # control: shown with privacy off
            await pilot.press("h")
            await settle(app, pilot)
            text = screen_text(app)
            assert "Safeguarding visit" not in text and "Patrol the square" in text
            assert "1 restricted action hidden" in text
            await pilot.press("h")
            await settle(app, pilot)


async def test_escape_blanks_the_screen_and_brings_it_back(mini_db: Path, tmp_path: Path) -> None:
    app = make_app(mini_db, minutes=tmp_path / "m.toml", today=date(2026, 11, 19))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        before = screen_text(app)
        assert "North Ward" in before
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BlankScreen)
        blank = screen_text(app)
        assert "North Ward" not in blank and "OFFICIAL" not in blank and blank.strip() in ("", "·")
        await pilot.press("escape")
        await pilot.pause()
        assert screen_text(app) == before


def test_masking_rules() -> None:
    mask = ScreenMask(["Insp. Dana Heron", "Sam Patel"])
    assert mask.text("Heron to call Sam about Danaher") == "H. to call S. about Danaher"
    assert mask.name("Insp. Dana Heron") == "D. H." == initials("Dana Heron")
    assert hide_addresses("Visit Flat 2, 14a Dovecot Street, Stockton today") == "Visit address hidden today"
    assert hide_addresses("On or near Dovecot Street") == "On or near Dovecot Street"


async def test_privacy_mode_masks_people_the_minutes_do_not_list(mini_db: Path, tmp_path: Path) -> None:
    """'Mr John Smith of 12 Elm Road' is 'J. S. of address hidden' on screen, and the victim a
    note names in full stays masked where a later title names only part of her."""
    app = make_app(mini_db, minutes=tmp_path / "m.toml", today=date(2026, 11, 19))
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        store = app.minutes_store
        store.add_action(
            title="Mr John Smith of 12 Elm Road", owner="Sam Patel", agency="Council", due="2026-12-01"
        )
        store.add_action(
            title="Call Watson (07700 900461)", owner="Sam Patel", agency="Council", due="2026-12-02"
        )
        store.set_area_notes("north-ward", "victim Mary Watson (DOB 01/02/1980) moved")
        app.minutes_version += 1
        await pilot.press("t")
        await settle(app, pilot)
        assert "Mr John Smith" in screen_text(app)  # control
        await pilot.press("h")
        await settle(app, pilot)
        text = screen_text(app)
        assert "J. S. of address hidden" in text and "Smith" not in text and "Elm Road" not in text
        assert "Call W. (phone hidden)" in text and "Watson" not in text and "07700" not in text
