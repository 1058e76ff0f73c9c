"""A follower in a real browser: headless Chromium (Debian's `chromium`, driven by Playwright)
follows the chair through two areas, a privacy toggle, a blank and the end of the meeting, and
axe-core finds no WCAG 2.2 AA violation on the page. Skipped only where no browser exists
(.ci/run installs one with apt when it can)."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from psg_tui.app import PsgApp, make_app
from psg_tui.share.options import ShareOptions

TODAY = date(2026, 11, 19)
CHROMIUM = os.environ.get("PSG_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="no Chromium on this machine: `apt-get install -y chromium` (or set PSG_CHROMIUM); "
        "Playwright cannot download its own browser here",
    ),
]


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
id = "A-0901"
title = "Lock the bin store"
area = "north-hotspot"
owner = "Pat Jones"
agency = "Housing"
raised = 2026-10-15
due = 2026-11-01
status = "open"

[[actions]]
id = "A-0902"
title = "Visit the Kestrel Court family"
owner = "Jo Bloggs"
agency = "Police"
raised = 2026-10-15
due = 2026-11-05
status = "open"
restricted = true
"""


async def settle(app: PsgApp, pilot: Any) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause(0.2)


async def no_violations(page: Any) -> None:
    from axe_playwright_python.async_playwright import Axe

    results = await Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    assert results.violations_count == 0, results.generate_report()


async def test_a_follower_follows_the_chair_in_a_browser(mini_db: Path, tmp_path: Path) -> None:
    from playwright.async_api import async_playwright, expect

    minutes = tmp_path / "m.toml"
    minutes.write_text(MINUTES, encoding="utf-8")
    app = make_app(
        mini_db,
        minutes=minutes,
        today=TODAY,
        share=ShareOptions(max_followers=1, followers_see_names=True),
    )
    async with app.run_test(size=(120, 40)) as pilot, async_playwright() as playwright:
        await settle(app, pilot)
        assert app.sharing is not None
        link = app.sharing.link
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = await browser.new_page()
            page.set_default_timeout(5000)
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            await page.goto(link)
            heading = page.locator("main h1")
            await expect(heading).to_contain_text("areas ranked by concern")
            await expect(page.locator("main table caption")).to_contain_text("Areas ranked")
            await expect(page.locator(".marking")).to_have_count(2)
            await no_violations(page)

            # Two area changes, each on the page within a moment of the key.
            for _ in range(2):
                await pilot.press("n")
                await expect(heading).to_have_text(app.area_label(app.area_id or ""))
            assert app.area_id == "north-hotspot"
            main = page.locator("main")
            await expect(main).to_contain_text("Sam Patel")  # the chair let followers see names
            await no_violations(page)

            # Privacy on in the room: on for followers too.
            await pilot.press("h")
            await expect(main).not_to_contain_text("Sam Patel")
            await expect(main).to_contain_text("S. P.")

            # Past the cap, a second follower is refused.
            second = await browser.new_page()
            refused = await second.goto(link)
            assert refused is not None and refused.status == 503
            await expect(second.locator("h1")).to_have_text("This meeting's share is full")
            await second.close()

            # Without the token, or with another Host, nothing.
            assert (await page.request.get(link.rsplit("/", 1)[0] + "/wrong")).status == 404
            async with httpx.AsyncClient() as client:
                wrong_host = await client.get(link, headers={"Host": "evil.example"})
            assert wrong_host.status_code == 421

            # The blank: the sentence and nothing else.
            await pilot.press("escape")
            await expect(heading).to_have_text("The chair has hidden the screen")
            await expect(main).not_to_contain_text("North")
            await expect(page.locator("main table")).to_have_count(0)
            await no_violations(page)
            await pilot.press("escape")
            await expect(heading).to_have_text(app.area_label("north-hotspot"))

            # The action tracker: the list, the chair's row marked, the restricted one never.
            await pilot.press("t")
            await expect(heading).to_have_text("Actions")
            await expect(page.locator("main table caption")).to_have_text("Actions, sorted by due date")
            await expect(page.locator('main tr[aria-current="true"] th')).to_have_text("Lock the bin store")
            await expect(main).not_to_contain_text("Kestrel")
            await no_violations(page)

            # Quitting ends the page.
            await app.action_quit()
            await expect(heading).to_have_text("The meeting's share has ended")
            await expect(page.locator("#status")).to_have_text("The meeting's share has ended")
            assert not errors, errors
        finally:
            await browser.close()
