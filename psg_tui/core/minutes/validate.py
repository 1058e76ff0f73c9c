"""Turning a parsed TOML document into Minutes, naming every mistake by table, field and line.

tomllib gives no line numbers for values; `Locator` (locate.py) finds them in the text.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from psg_tui.core.minutes.errors import Problem
from psg_tui.core.minutes.locate import LISTS, Locator
from psg_tui.core.minutes.model import (
    ACTION_STATUSES,
    ATTENDEE_STATUSES,
    CLASSIFICATIONS,
    FORMAT,
    VERSION,
    Action,
    AreaRecord,
    Attendee,
    Meeting,
    Minutes,
    Update,
    action_number,
    meeting_year_problem,
)

MEETING_KEYS = (
    "title", "date", "chair", "classification", "period_start", "period_end", "database", "next_meeting",
)  # fmt: skip
ATTENDEE_KEYS = ("name", "agency", "role", "status")
AREA_KEYS = ("area", "notes", "decisions")
ACTION_KEYS = (
    "id", "title", "area", "owner", "agency", "raised", "due", "status", "priority", "restricted", "updates",
)  # fmt: skip
UPDATE_KEYS = ("at", "by", "status", "note")
TOP_KEYS = ("format", "version", "last_action_id", "meeting", *LISTS)


def describe(value: Any) -> str:
    """A value as the person who wrote the file would recognise it."""
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return f"'{text}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return str(value)


class Table:
    """Reads the fields of one TOML table, noting each problem with its place."""

    def __init__(
        self,
        data: dict[str, Any],
        where: str,
        path: tuple[Any, ...],
        problems: list[Problem],
        loc: Locator | None,
    ) -> None:
        self.data, self.where, self.path, self.problems, self.loc = data, where, path, problems, loc

    def problem(self, key: str | None, message: str) -> None:
        line = self.loc.line(self.path, key) if self.loc else None
        self.problems.append(Problem(message, self.where, key, line))

    def _get(self, key: str, required: bool, example: str) -> Any:
        value = self.data.get(key)
        if value is None and required:
            self.problem(None, f"{key} is missing (e.g. {key} = {example})")
        return value

    def text(self, key: str, *, required: bool = True, blank_ok: bool = False, example: str = '"..."') -> Any:
        value = self._get(key, required, example)
        if value is None:
            return None
        if not isinstance(value, str):
            self.problem(key, f"{key} {describe(value)} is not text (put it in quotes)")
            return None
        if not blank_ok and not value.strip():
            self.problem(key, f"{key} is blank")
            return None
        return value

    def day(self, key: str, *, required: bool = True) -> Any:
        value = self._get(key, required, "2026-11-30")
        if value is None:
            return None
        if isinstance(value, datetime):
            self.problem(
                key, f"{key} {describe(value)} is a date and time; give just the date, e.g. 2026-11-30"
            )
        elif isinstance(value, date):
            return value
        elif isinstance(value, str) and _is_iso_date(value):
            self.problem(key, f"{key} {describe(value)} is text, not a date: write it without quotes")
        else:
            self.problem(key, f"{key} {describe(value)} is not a date")
        return None

    def moment(self, key: str) -> Any:
        value = self._get(key, True, "2026-11-20T10:42:00")
        if value is None:
            return None
        if isinstance(value, datetime):
            if value.tzinfo is None:
                return value
            self.problem(key, f"{key} {describe(value)} has a time zone; write the local time without one")
        elif isinstance(value, date | time):
            self.problem(key, f"{key} {describe(value)} needs both date and time, e.g. 2026-11-20T10:42:00")
        else:
            self.problem(key, f"{key} {describe(value)} is not a date and time")
        return None

    def choice(self, key: str, options: tuple[str, ...], *, required: bool = True) -> Any:
        value = self._get(key, required, f'"{options[0]}"')
        if value is None:
            return None
        if value not in options:
            self.problem(key, f"{key} {describe(value)} is not one of {', '.join(options)}")
            return None
        return value

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            self.problem(key, f"{key} {describe(value)} is not true or false")
            return False
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            self.problem(key, f'{key} {describe(value)} is not an array of text, e.g. {key} = ["..."]')
            return ()
        for i, item in enumerate(value, 1):
            if not isinstance(item, str):
                self.problem(key, f"{key}[{i}] {describe(item)} is not text")
        return tuple(v for v in value if isinstance(v, str))

    def extra(self, known: tuple[str, ...]) -> dict[str, Any]:
        return {k: v for k, v in self.data.items() if k not in known}


def _is_iso_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _table_list(doc: dict[str, Any], key: str, problems: list[Problem], loc: Locator | None) -> list[Any]:
    value = doc.get(key, [])
    if not isinstance(value, list):
        problems.append(Problem(f"{key} is {describe(value)}, not an array of tables ([[{key}]])", "", key))
        return []
    if loc and loc.counts[key] != len(value):
        loc.forget((key,))
    for i, item in enumerate(value, 1):
        if not isinstance(item, dict):
            problems.append(Problem(f"{key}[{i}] is {describe(item)}, not a table", "", key))
    return value


def read_document(doc: dict[str, Any], loc: Locator | None = None) -> tuple[Minutes | None, list[Problem]]:
    """Check a parsed document; return the minutes (None if anything was wrong) and every problem."""
    problems: list[Problem] = []
    top = Table(doc, "", (), problems, loc)
    form = doc.get("format")
    if form != FORMAT:
        top.problem(
            "format",
            'format is missing: this is not a psg-tui minutes file (it needs format = "psg-minutes")'
            if form is None
            else f"format {describe(form)} is not 'psg-minutes'",
        )
        return None, problems
    version = doc.get("version")
    if version is None:
        top.problem(None, "version is missing (e.g. version = 1)")
    elif not isinstance(version, int) or isinstance(version, bool):
        top.problem("version", f"version {describe(version)} is not a whole number")
    elif version > VERSION:
        top.problem("version", f"version {version}: written by a newer psg-tui; upgrade psg-tui to read it")
        return None, problems
    elif version < 1:
        top.problem("version", f"version {version} is not a version psg-tui ever wrote")
    last_id = top.text("last_action_id", required=False)
    if last_id is not None and action_number(last_id) is None:
        top.problem("last_action_id", f"last_action_id {describe(last_id)} is not an id like 'A-0012'")
        last_id = None

    meeting = None
    raw_meeting = doc.get("meeting")
    if not isinstance(raw_meeting, dict):
        top.problem(
            "meeting", "[meeting] is missing" if raw_meeting is None else "meeting is not a table ([meeting])"
        )
    else:
        meeting = read_meeting(Table(raw_meeting, "[meeting]", ("meeting",), problems, loc))

    attendees = [
        read_attendee(Table(item, f"attendees[{i}]" + _named(item, "name"), ("attendees", i), problems, loc))
        for i, item in enumerate(_table_list(doc, "attendees", problems, loc), 1)
        if isinstance(item, dict)
    ]
    areas = [
        read_area(Table(item, f"areas[{i}]" + _named(item, "area"), ("areas", i), problems, loc))
        for i, item in enumerate(_table_list(doc, "areas", problems, loc), 1)
        if isinstance(item, dict)
    ]
    actions = [
        read_action(Table(item, f"actions[{i}]" + _named(item, "id"), ("actions", i), problems, loc))
        for i, item in enumerate(_table_list(doc, "actions", problems, loc), 1)
        if isinstance(item, dict)
    ]
    _unique(attendees, "name", "attendees", problems, loc)
    _unique(areas, "area", "areas", problems, loc)
    _unique(actions, "id", "actions", problems, loc)
    if problems or meeting is None:
        return None, problems
    minutes = Minutes(
        meeting,
        tuple(a for a in attendees if a is not None),  # none is None: each None added a problem
        tuple(a for a in areas if a is not None),
        tuple(a for a in actions if a is not None),
        last_id,
        top.extra(TOP_KEYS),
    )
    return minutes, problems


def _named(item: dict[str, Any], key: str) -> str:
    value = item.get(key)
    return f" {value}" if isinstance(value, str) and value.strip() else ""


def _unique(items: list[Any], key: str, table: str, problems: list[Problem], loc: Locator | None) -> None:
    seen: dict[str, int] = {}
    for i, item in enumerate(items, 1):
        if item is None:
            continue
        value = getattr(item, key)
        if value in seen:
            line = loc.line((table, i), key) if loc else None
            message = f"{key} {describe(value)} is also used by {table}[{seen[value]}]"
            problems.append(Problem(message, f"{table}[{i}] {value}", key, line))
        else:
            seen[value] = i


def read_meeting(t: Table) -> Meeting | None:
    before = len(t.problems)
    values = {
        "title": t.text("title"),
        "date": t.day("date"),
        "chair": t.text("chair", blank_ok=True),  # blank: not recorded yet (psg --chair NAME sets it)
        "classification": t.choice("classification", CLASSIFICATIONS),
        "period_start": t.day("period_start"),
        "period_end": t.day("period_end"),
    }
    database = t.text("database", required=False)
    next_meeting = t.day("next_meeting", required=False)
    for key, day in (*values.items(), ("next_meeting", next_meeting)):
        if isinstance(day, date) and (why := meeting_year_problem(key, day.isoformat(), day.year)):
            t.problem(key, why)
    start, end = values["period_start"], values["period_end"]
    if len(t.problems) == before and start and end and start > end:
        t.problem("period_end", f"period_start {start} is after period_end {end}")
        return None
    if len(t.problems) != before:
        return None
    return Meeting(**values, database=database, next_meeting=next_meeting, extra=t.extra(MEETING_KEYS))


def read_attendee(t: Table) -> Attendee | None:
    before = len(t.problems)
    name, agency = t.text("name"), t.text("agency")
    status = t.choice("status", ATTENDEE_STATUSES)
    role = t.text("role", required=False, blank_ok=True)
    if len(t.problems) != before:
        return None
    return Attendee(name, agency, status, role, t.extra(ATTENDEE_KEYS))


def read_area(t: Table) -> AreaRecord | None:
    before = len(t.problems)
    area = t.text("area")
    notes = t.text("notes", required=False, blank_ok=True) or ""
    decisions = t.texts("decisions")
    if len(t.problems) != before:
        return None
    return AreaRecord(area, notes, decisions, t.extra(AREA_KEYS))


def read_action(t: Table) -> Action | None:
    before = len(t.problems)
    values = {
        "id": t.text("id"),
        "title": t.text("title"),
        "owner": t.text("owner"),
        "agency": t.text("agency"),
        "raised": t.day("raised"),
        "due": t.day("due"),
        "status": t.choice("status", ACTION_STATUSES),
        "area": t.text("area", required=False),
        "priority": t.text("priority", required=False, blank_ok=True),
        "restricted": t.flag("restricted"),
    }
    raised, due = values["raised"], values["due"]
    if raised and due and due < raised:
        t.problem("due", f"due {due} is before raised {raised}")
    raw_updates = t.data.get("updates", [])
    updates = []
    if not isinstance(raw_updates, list) or not all(isinstance(u, dict) for u in raw_updates):
        t.problem("updates", "updates is not an array of tables ([[actions.updates]])")
    else:
        index = t.path[1] if len(t.path) > 1 else None
        if t.loc and index is not None and t.loc.update_counts.get(index) != len(raw_updates):
            t.loc.forget(("actions", index))
        for i, raw in enumerate(raw_updates, 1):
            path = (*t.path, "updates", i)
            updates.append(read_update(Table(raw, f"{t.where} updates[{i}]", path, t.problems, t.loc)))
    if len(t.problems) != before:
        return None
    return Action(**values, updates=tuple(u for u in updates if u is not None), extra=t.extra(ACTION_KEYS))


def read_update(t: Table) -> Update | None:
    before = len(t.problems)
    at, by = t.moment("at"), t.text("by")
    status = t.choice("status", ACTION_STATUSES, required=False)
    note = t.text("note", required=False, blank_ok=True) or ""
    if len(t.problems) != before:
        return None
    return Update(at, by, note, status, t.extra(UPDATE_KEYS))
