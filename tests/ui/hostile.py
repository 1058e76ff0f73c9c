"""Hostile text put where a meeting's data and minutes hold text, and what reaches the terminal."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path

import duckdb

from psg_tui.app import PsgApp, make_app
from psg_tui.core.safe_text import visible
from psg_tui.importing.derived import refresh_derived
from tests.conftest import build_mini

TODAY = date(2026, 11, 19)
# What a terminal would act on: C0/C1 controls and the bidi overrides that reorder a line.
RAW_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Characters a terminal draws as nothing: compare what is seen without them.
INVISIBLE = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]")


def drawn_text(app: PsgApp) -> list[str]:
    """Every piece of text the next full frame would write to the terminal, after the app's
    line filters, one string per screen line."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    return ["".join(seg.text for strip in line for seg in strip if not seg.control) for line in update.strips]


def control_characters_drawn(app: PsgApp, lines: list[str] | None = None) -> list[str]:
    return [line for line in (drawn_text(app) if lines is None else lines) if RAW_CONTROL.search(line)]


def seen(value: str) -> str:
    """A value as a person reads it on screen: control characters visible, one line."""
    text = re.sub(r"\s+", " ", visible(value))
    return unicodedata.normalize("NFC", INVISIBLE.sub("", text)).strip()


def on_screen(app: PsgApp, value: str, length: int = 8, lines: list[str] | None = None) -> bool:
    """Whether the start of `value` (as seen) is on a line of the screen: cells cut long text
    with …, and text wraps at spaces (beside whatever a list drawn over it leaves), so up to
    `length` characters of its first word are looked for, and spaces are left out."""
    wanted = seen(value)[:length].split(" ")[0]
    return any(
        wanted in re.sub(r"\s", "", seen(line)) for line in (drawn_text(app) if lines is None else lines)
    )


def hostile_database(tmp_path: Path, text: dict[str, str]) -> Path:
    """The mini database with hostile text in its areas, locations and registers."""
    db = build_mini(tmp_path / "hostile.duckdb")
    con = duckdb.connect(str(db))
    try:
        updates = {
            "area": "UPDATE areas SET name = ? WHERE id = 'north-ward'",
            "location": "UPDATE incidents SET location = ? WHERE lsoa_code = 'E01000001'",
            "category": "UPDATE incidents SET category = ? WHERE lsoa_code = 'E01000002'",
            "premises": "UPDATE closure_orders SET premises = ?",
            "owner": "UPDATE actions SET owner = ? WHERE id = 'A-0002'",
            "title": "UPDATE meta SET value = ? WHERE key = 'title'",
        }
        for key, sql in updates.items():
            if key in text:
                con.execute(sql, [text[key]])
        refresh_derived(con)  # incident_counts holds the hostile categories, as an import keeps it
    finally:
        con.close()
    return db


def hostile_app(db: Path, minutes: Path, text: dict[str, str]) -> PsgApp:
    """The app on `db` with a minutes file holding hostile text in every field a chair types."""
    app = make_app(db, minutes=minutes, today=TODAY, user="Dana Heron")
    store = app.minutes_store
    store.set_attendee(text.get("person", "Rachel Okafor"), text.get("agency", "Police"), "present",
                       text.get("role", "Deputy"))  # fmt: skip
    action = store.add_action(
        title=text.get("action", "Patrol"),
        owner=text.get("person", "Rachel Okafor"),
        agency=text.get("agency", "Police"),
        due="2026-12-01",
        area="north-ward",
        priority=text.get("priority") or None,
    )
    store.add_update(action.id, text.get("note", "Started"))
    store.set_area_notes("north-ward", text.get("note", "Notes"))
    store.add_decision("north-ward", text.get("decision", "Decided"))
    return app
