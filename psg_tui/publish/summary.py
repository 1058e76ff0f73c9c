"""What every published form of the minutes shows, worked out once: RAG, grouping, counts.

`prepare` turns a `Minutes` into a `Published` view: text made safe (see `core.safe_text.visible`),
redacted if asked, filtered to one agency if asked, actions grouped by agency with their RAG
and latest update, and the summary counts. The terminal, Markdown and HTML renderers only lay
this out, so they cannot disagree about a count or forget to redact something.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import TypeVar

from psg_tui.core.errors import UsageError
from psg_tui.core.minutes import NOT_RECORDED, Action, Attendee, Minutes, Update
from psg_tui.core.minutes.rag import DUE_SOON, action_rag, reckoning_date
from psg_tui.core.personal import AllowList
from psg_tui.core.safe_text import visible
from psg_tui.publish.operations import OperationOutputs
from psg_tui.publish.redact import Redactor, ReviewItem, redact_minutes
from psg_tui.publish.text import plural

AMBER_DAYS = DUE_SOON.days


class Rag(StrEnum):
    """Red/amber/green status of an action, with blue for done and grey for dropped."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    BLUE = "blue"
    GREY = "grey"

    @property
    def label(self) -> str:
        return self.value.capitalize()


def rag(action: Action, as_of: date) -> Rag:
    """The action's RAG on `as_of`, by the rule the dashboard uses (`core.minutes.rag`)."""
    return Rag(action_rag(action, as_of))


def agency_key(name: str) -> str:
    """How agency names are compared: case, spaces and punctuation do not matter."""
    return re.sub(r"[\W_]+", "", name.casefold())


@dataclass(frozen=True)
class ActionRow:
    action: Action
    rag: Rag
    days_left: int  # due date minus the reference date; negative when overdue
    latest: Update | None

    @property
    def overdue(self) -> bool:
        return self.rag is Rag.RED

    @property
    def due_note(self) -> str:
        """'overdue by 3 days', 'due today', 'due in 5 days'; blank for done or dropped actions."""
        if not self.action.is_open:
            return ""
        if self.days_left < 0:
            return f"overdue by {plural(-self.days_left, 'day')}"
        return "due today" if self.days_left == 0 else f"due in {plural(self.days_left, 'day')}"


@dataclass(frozen=True)
class AgencyActions:
    agency: str
    rows: tuple[ActionRow, ...]


@dataclass(frozen=True)
class Counts:
    """One line of the summary: an agency's actions (or everyone's, for the total)."""

    agency: str
    actions: int = 0
    new: int = 0  # raised at (or after) this meeting
    completed: int = 0
    dropped: int = 0
    still_open: int = 0
    overdue: int = 0


@dataclass(frozen=True)
class Attendance:
    agency: str
    present: tuple[Attendee, ...]
    apologies: tuple[Attendee, ...]
    absent: tuple[Attendee, ...]
    not_recorded: tuple[Attendee, ...] = ()  # expected, but the chair did not mark them


@dataclass(frozen=True)
class Published:
    minutes: Minutes  # safe text; redacted when `redacted`
    as_of: date
    redacted: bool
    agency: str | None  # the one agency shown, or None for all
    attendance: tuple[Attendance, ...]
    action_groups: tuple[AgencyActions, ...]
    summary: tuple[Counts, ...]
    total: Counts
    review: tuple[ReviewItem, ...] = ()  # redacted: what was kept that may be a name, and withheld
    # each operation's outputs in the period; None without a database (the section is left out)
    operations: tuple[OperationOutputs, ...] | None = None
    # each area's figures for the period ('Oct 2026: 297 incidents; 84.9 per 1,000 residents'),
    # by the area as the copy names it; empty without a database
    area_figures: dict[str, str] = field(default_factory=dict)

    @property
    def marking(self) -> str:
        """The protective marking, saying when this is a redacted copy."""
        classification = self.minutes.meeting.classification
        return f"{classification} — REDACTED COPY" if self.redacted else classification

    @property
    def attendance_columns(self) -> tuple[tuple[str, str], ...]:
        """The attendance columns (heading, Attendance field): 'Not recorded' only when someone is."""
        columns: tuple[tuple[str, str], ...] = (
            ("Present", "present"),
            ("Apologies", "apologies"),
            ("Absent", "absent"),
        )
        if any(group.not_recorded for group in self.attendance):
            columns += (("Not recorded", "not_recorded"),)
        return columns

    @property
    def scope(self) -> str:
        """What the copy contains, in words, for its heading."""
        parts = []
        if self.agency:
            parts.append(f"Actions for {self.agency} only")
        if self.redacted:
            parts.append(
                "Redacted for wider circulation: names replaced by role or agency; other people's names, "
                "dates of birth, addresses, phone numbers and e-mail addresses withheld; restricted items "
                "left out"
            )
        return ". ".join(parts)

    @property
    def overdue(self) -> int:
        return self.total.overdue


def known_agencies(minutes: Minutes) -> list[str]:
    """Each agency once (the first spelling met), actions' agencies first, sorted."""
    seen: dict[str, str] = {}
    for name in [*(a.agency for a in minutes.actions), *(a.agency for a in minutes.attendees)]:
        seen.setdefault(agency_key(name), name.strip())
    return sorted(seen.values(), key=str.casefold)


def resolve_agency(minutes: Minutes, wanted: str) -> str:
    """The agency `wanted` names (forgiving of case and spacing); UsageError lists the known ones."""
    agencies = known_agencies(minutes)
    by_key = {agency_key(a): a for a in agencies}
    found = by_key.get(agency_key(wanted))
    if found is not None and agency_key(wanted):
        return found
    close = difflib.get_close_matches(agency_key(wanted), list(by_key), n=1, cutoff=0.6)
    suggestion = f" Did you mean '{by_key[close[0]]}'?" if close else ""
    known = "; ".join(agencies) if agencies else "(none: the minutes name no agencies)"
    raise UsageError(
        f"No agency called '{wanted}' in these minutes.{suggestion} Known agencies: {known}.",
        "Give one of them with --agency (case and spacing do not matter).",
    )


def _map_text(minutes: Minutes, fn: Callable[[str], str]) -> Minutes:
    """Apply `fn` to every piece of text a published copy can show."""

    def opt(text: str | None) -> str | None:
        return None if text is None else fn(text)

    m = minutes.meeting
    meeting = replace(m, title=fn(m.title), chair=fn(m.chair), database=opt(m.database))
    attendees = tuple(
        replace(a, name=fn(a.name), agency=fn(a.agency), role=opt(a.role)) for a in minutes.attendees
    )
    areas = tuple(
        replace(a, area=fn(a.area), notes=fn(a.notes), decisions=tuple(fn(d) for d in a.decisions))
        for a in minutes.areas
    )
    actions = tuple(
        replace(
            a,
            id=fn(a.id),
            title=fn(a.title),
            owner=fn(a.owner),
            agency=fn(a.agency),
            area=opt(a.area),
            priority=opt(a.priority),
            updates=tuple(replace(u, by=fn(u.by), note=fn(u.note)) for u in a.updates),
        )
        for a in minutes.actions
    )
    return replace(minutes, meeting=meeting, attendees=attendees, areas=areas, actions=actions)


_Item = TypeVar("_Item")


def _grouped(
    items: Iterable[_Item], agency_of: Callable[[_Item], str], names: dict[str, str]
) -> list[tuple[str, list[_Item]]]:
    """Items grouped by agency (compared forgivingly), each group under the name in `names`."""
    groups: dict[str, tuple[str, list[_Item]]] = {}
    for item in items:
        key = agency_key(agency_of(item))
        groups.setdefault(key, (names.get(key) or agency_of(item).strip(), []))[1].append(item)
    return sorted(groups.values(), key=lambda g: g[0].casefold())


def _counts(agency: str, rows: Iterable[ActionRow], meeting_date: date) -> Counts:
    rows = list(rows)
    return Counts(
        agency=agency,
        actions=len(rows),
        new=sum(r.action.raised >= meeting_date for r in rows),
        completed=sum(r.action.status == "done" for r in rows),
        dropped=sum(r.action.status == "dropped" for r in rows),
        still_open=sum(r.action.is_open for r in rows),
        overdue=sum(r.overdue for r in rows),
    )


def _row(action: Action, as_of: date) -> ActionRow:
    return ActionRow(action, rag(action, as_of), (action.due - as_of).days, action.last_update)


def _named_areas(minutes: Minutes, names: dict[str, str]) -> Minutes:
    """Area ids replaced by the database's names for them (ids it does not know stay)."""
    areas = tuple(replace(a, area=names.get(a.area, a.area)) for a in minutes.areas)
    actions = tuple(replace(a, area=names.get(a.area, a.area)) if a.area else a for a in minutes.actions)
    return replace(minutes, areas=areas, actions=actions)


def prepare(
    minutes: Minutes,
    *,
    as_of: date | None = None,
    agency: str | None = None,
    redact: bool = False,
    area_names: dict[str, str] | None = None,
    allow: AllowList | None = None,
    operations: tuple[OperationOutputs, ...] | None = None,
    area_figures: dict[str, str] | None = None,
) -> Published:
    """The view every renderer lays out. `agency` is matched forgivingly (see `resolve_agency`);
    `as_of` defaults to the meeting's date, as overdue is reckoned everywhere. `operations`
    (from `read_operation_outputs`) are counts by kind: their names and lead agencies are
    redacted and made safe like the minutes' text, and they hold no subject to leave out.
    `area_figures` (from `read_area_figures`, by area id) are numbers and fixed words only."""
    as_of = as_of or reckoning_date(minutes)
    ids = {a.area for a in minutes.areas}
    wanted = resolve_agency(minutes, agency) if agency is not None else None
    if area_names:
        minutes = _named_areas(minutes, area_names)
    # Names are gathered from the whole file: another agency's people can be named in these actions.
    # Redaction reads the text as written, before `visible` makes invisible characters visible.
    redactor = Redactor(minutes, allow) if redact else None
    if wanted is not None:
        keep = agency_key(wanted)
        minutes = replace(minutes, actions=tuple(a for a in minutes.actions if agency_key(a.agency) == keep))
    if redactor is not None:
        minutes = redact_minutes(minutes, redactor)
        wanted = redactor.scrub(wanted) if wanted is not None else None
    minutes = _map_text(minutes, visible)
    wanted = visible(wanted) if wanted is not None else None
    # each agency under one spelling: the attendance list's, else the first action's
    names: dict[str, str] = {}
    for name in [*(a.agency for a in minutes.attendees), *(a.agency for a in minutes.actions)]:
        names.setdefault(agency_key(name), " ".join(name.split()))
    order = {"present": 0, "apologies": 1, "absent": 2, NOT_RECORDED: 3}
    attendance = []
    for name, people in _grouped(minutes.attendees, lambda a: a.agency, names):
        by_status: dict[str, list[Attendee]] = {s: [] for s in order}
        for person in people:
            by_status[person.status].append(person)
        attendance.append(Attendance(name, *(tuple(by_status[s]) for s in order)))
    groups = []
    for name, actions in _grouped(minutes.actions, lambda a: a.agency, names):
        rows = sorted((_row(a, as_of) for a in actions), key=lambda r: (not r.action.is_open, r.action.due))
        groups.append(AgencyActions(name, tuple(rows)))
    summary = tuple(_counts(g.agency, g.rows, minutes.meeting.date) for g in groups)
    total = _counts("All agencies", (r for g in groups for r in g.rows), minutes.meeting.date)
    review = tuple(redactor.review()) if redactor is not None else ()
    # keyed as the copy shows each area: named, redacted if asked, made safe
    shown_as = {
        i: visible(redactor.scrub((area_names or {}).get(i, i)) if redactor else (area_names or {}).get(i, i))
        for i in ids
    }
    figures = {shown_as[i]: visible(line) for i, line in (area_figures or {}).items() if i in shown_as}
    if operations is not None:
        operations = _operations_text(operations, redactor.scrub if redactor is not None else str)
    return Published(
        minutes,
        as_of,
        redact,
        wanted,
        tuple(attendance),
        tuple(groups),
        summary,
        total,
        review,
        operations,
        figures,
    )


def _operations_text(
    operations: tuple[OperationOutputs, ...], scrub: Callable[[str], str]
) -> tuple[OperationOutputs, ...]:
    """Operation names and lead agencies as the minutes' text is published: redacted if asked
    (an operation named after a person loses the name), then made safe."""

    def fn(text: str) -> str:
        return visible(scrub(text))

    return tuple(
        replace(
            op,
            name=fn(op.name),
            lead_agency=fn(op.lead_agency) if op.lead_agency else None,
            outputs=tuple(replace(o, kind=fn(o.kind)) for o in op.outputs),
        )
        for op in operations
    )
