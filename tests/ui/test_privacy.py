"""Privacy mode and the screen blank, checked over the text of every screen on the sample."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pytest

from psg_tui.app import PsgApp, make_app
from psg_tui.core.minutes import read_minutes
from psg_tui.core.paths import sample_sources_dir
from psg_tui.core.privacy import ScreenMask, hide_addresses, initials
from psg_tui.core.sample import sample_minutes_path
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


async def test_privacy_mode_refuses_to_open_forms_that_show_names(mini_db: Path, tmp_path: Path) -> None:
    app = make_app(mini_db, minutes=tmp_path / "m.toml", today=date(2026, 11, 19))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.minutes_store.add_action(title="x", owner="Sam Patel", agency="Council", due="2026-12-01")
        app.minutes_version += 1
        await pilot.press("t", "h", "enter")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "TrackerScreen"
        await pilot.press("u")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "TrackerScreen"


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
